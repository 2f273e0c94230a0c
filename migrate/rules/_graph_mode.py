"""Files the graph pass keeps in graph mode: TF1-only symbols an ecosystem rule watches go to tf.compat.v1.

TFM900 renames a TF1-only symbol to ``tf.compat.v1`` in a file that turns eager
execution off (the graph pass's fallback), but stays quiet for symbols another
rule watches. The ecosystem rules that only report (or refuse) watch such
symbols, so they do the same rename there: the file must keep running.
"""

from __future__ import annotations

import libcst as cst

from migrate.data.tf_api import V1_ONLY


def kept_in_graph_mode(ctx, symbol: str) -> bool:
    return bool(ctx.graph_mode and ctx.options.fallback and not ctx.compat_alias and symbol in V1_ONLY)


def compat_reference(original: cst.BaseExpression, symbol: str, ctx) -> cst.BaseExpression:
    """``tf.losses.log_loss`` -> ``tf.compat.v1.losses.log_loss`` (the node being an original reference)."""
    return ctx.replace(original, ctx.ref(f"compat.v1.{symbol}"))


def compat_call(original: cst.Call, updated: cst.Call, symbol: str, ctx) -> cst.Call:
    return updated.with_changes(func=compat_reference(original.func, symbol, ctx))
