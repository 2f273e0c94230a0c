"""TF1 constructs with no native TF2 name: reported until a rule migrates them."""

from __future__ import annotations

from migrate.data.tf_api import RENAMES, V1_NAMES, V1_ONLY
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity

# TF1-only classes whose members real code reads (``tf.RunOptions.FULL_TRACE``, ``tf.OptimizerOptions.ON_1``):
# the resolver sees the whole attribute chain, which is no API symbol of its own.
_CLASSES = frozenset(s for s in V1_ONLY - frozenset(RENAMES) if "." not in s and s[:1].isupper())


def member_owner(symbol: str) -> str | None:
    """``RunOptions.FULL_TRACE`` -> ``RunOptions``; None for API symbols and non-members."""
    owner, _, member = symbol.partition(".")
    return owner if member and owner in _CLASSES and symbol not in V1_NAMES else None


class GraphOnly(Rule):
    """``tf.placeholder``, ``tf.Session``, ``tf.get_variable``...: graph-mode TF1.

    These have no TF2 namesake; renaming them to ``tf.compat.v1`` would only
    hide them. They are reported (warning, not fixed); symbols another active
    rule migrates are left to that rule. In a file that runs in graph mode
    (``disable_eager_execution`` / ``disable_v2_behavior``, which the graph
    pass adds as its fallback) they become ``tf.compat.v1`` references, so the
    file runs on TF2 -- unless ``--no-fallback``.
    """

    code = "TFM900"
    family = "graph"
    description = "Report TF1-only (graph-mode) symbols that have no native TF2 name"
    symbols = V1_ONLY - frozenset(RENAMES)
    prefixes = ("GraphKeys.",)
    examples = (
        Example("import tensorflow as tf\nops = tf.get_collection(\"losses\")\n", None,
                "reported, not renamed to compat.v1"),
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nx = tf.placeholder(tf.float32)\n",
                "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nx = tf.compat.v1.placeholder(tf.float32)\n",
                "a file kept in graph mode uses tf.compat.v1"),
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nlevel = tf.OptimizerOptions.ON_1\n",
                "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nlevel = tf.compat.v1.OptimizerOptions.ON_1\n",
                "a member of a TF1-only class goes through tf.compat.v1 too"),
        Example("import tensorflow as tf\nlevel = tf.RunOptions.FULL_TRACE\n", None,
                "a member of a TF1-only class outside graph mode is reported, not renamed"),
    )

    def watches(self, symbol: str) -> bool:
        return super().watches(symbol) or member_owner(symbol) is not None

    def on_reference(self, original, updated, symbol, ctx):
        if ctx.watched_elsewhere(member_owner(symbol) or symbol, self.code):
            return None
        if ctx.graph_mode and ctx.options.fallback and not ctx.compat_alias:
            if ctx.spelled_compat(original):
                return None  # already spelled through tf.compat.v1
            ctx.report(original, self.code, Severity.WARNING,
                       f"tf.{symbol} kept in graph mode as tf.compat.v1.{symbol}", fixed=True)
            return ctx.replace(original, ctx.ref(f"compat.v1.{symbol}"))
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.{symbol} is TF1-only (graph mode); no native TF2 name", fixed=False)
        return None



class GraphModeSummaries(Rule):
    """``tf.summary.scalar(...)`` in a file kept in graph mode -> ``tf.compat.v1.summary.scalar(...)``.

    The TF2 name exists but means something else: the v2 summary op (it needs a
    default writer, a step and a scalar of known shape) where TF1 code built a
    summary op for ``merge_all``; TF2's ``tf.data.Iterator`` is the abstract
    base class, without TF1's ``from_structure`` / ``from_string_handle``.
    Only files that turn eager execution off are touched.
    """

    code = "TFM902"
    family = "graph"
    description = "tf.summary ops and tf.data.Iterator in graph-mode files -> their tf.compat.v1 forms"
    symbols = frozenset({"summary.scalar", "summary.histogram", "summary.image", "summary.audio", "summary.text",
                         "data.Iterator.from_structure", "data.Iterator.from_string_handle"})
    examples = (
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\ns = tf.summary.scalar('loss', x)\n",
                "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\ns = tf.compat.v1.summary.scalar('loss', x)\n"),
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "it = tf.data.Iterator.from_structure(types, shapes)\n",
                "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "it = tf.compat.v1.data.Iterator.from_structure(types, shapes)\n"),
        Example("import tensorflow as tf\ntf.summary.scalar('loss', x, step=1)\n", None, "eager TF2 code"),
        Example("import tensorflow as tf\nit = tf.data.Iterator.from_structure(t, s)\n", None,
                "not a graph-mode file: TFM300 or a finding handles it"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        if not (ctx.graph_mode and ctx.options.fallback and not ctx.compat_alias):
            return None
        if ctx.spelled_compat(original):
            return None
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.{symbol} kept in graph mode as tf.compat.v1.{symbol}", fixed=True)
        return ctx.replace(original, ctx.ref(f"compat.v1.{symbol}"))
