"""Program rules that match attribute references by their qualified names (names the engine does not hand to
rules as TF symbols: ``tensorflow.compat.v2.*``, ``numpy.*``)."""

from __future__ import annotations

from typing import Callable

import libcst as cst


def replace_references(module: cst.Module, ctx,
                       replacement: Callable[[cst.Attribute, set[str]], cst.BaseExpression | None]) -> cst.Module | None:
    """``module`` with each attribute reference the resolver knows replaced by ``replacement(node, its qualified
    names)`` where that is not None; None when nothing was replaced."""
    references = ctx.names.references
    changed = []

    class _Replace(cst.CSTTransformer):
        def leave_Attribute(self, original, updated):
            if id(original) not in references:
                return updated
            new = replacement(original, ctx.names.qualified_names(original) or set())
            if new is None:
                return updated
            changed.append(original)
            return new

    new = module.visit(_Replace())
    return new if changed else None
