"""Writing a runtime port (plain code on ``tf.compat.v1``) into a migrated file, after its imports."""

from __future__ import annotations

import ast
import importlib.util
from functools import cache

import libcst as cst

from migrate.rules._header import code_start


@cache
def runtime_source(module: str, name: str | None = None) -> str:
    """The source of a runtime port (a module of ``migrate.runtime``, or one of its functions), read from
    its file without importing it: the ports import TensorFlow, which would cost the CLI seconds at start."""
    path = importlib.util.find_spec(f"migrate.runtime.{module}").origin
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if name is None:
        return text
    node = next(n for n in ast.parse(text).body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == name)
    return ast.get_source_segment(text, node, padded=True)


def insert_after_imports(module: cst.Module, source: str) -> cst.Module:
    """``module`` with the statements of ``source`` after its imports, set off by blank lines."""
    body = list(module.body)
    at = code_start(body)
    block = list(cst.parse_module(source).body)
    if at:
        block[0] = block[0].with_changes(leading_lines=[cst.EmptyLine()])
    rest = body[at:]
    if rest:
        rest[0] = rest[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(), *rest[0].leading_lines])
    return module.with_changes(body=[*body[:at], *block, *rest])


def bound_names(source: str) -> set[str]:
    """The module-level names ``source`` binds."""
    names = set()
    for stmt in cst.parse_module(source).body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            names.add(stmt.name.value)
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign):
                    names.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
    return names


def taken(ctx, names: set[str]) -> set[str]:
    """Which of ``names`` the file binds to something other than a contrib import."""
    own = {n for n, b in ctx.names.module_scope.bindings.items()
           if all((q or "").startswith("tensorflow.contrib") for q, _ in b)}
    return (set(ctx.names.module_scope.bindings) - own) & names


class DropContribImport(cst.CSTTransformer):
    """Drop ``from <module> import name`` aliases (no ``as``) for names the written code now binds."""

    def __init__(self, module: str, names: set[str]):
        self.module, self.names = module, names

    def leave_ImportFrom(self, original, updated):
        if isinstance(updated.names, cst.ImportStar) or updated.module is None or \
                cst.Module([]).code_for_node(updated.module) != self.module:
            return updated
        kept = [a for a in updated.names if a.asname is not None or a.name.value not in self.names]
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(names=kept)


class LocalNames(cst.CSTTransformer):
    """References to the contrib symbols in ``names`` -> the local name of the code written into the file.

    ``calls_only``: only references that are called (a value use is left to be reported).
    ``found`` collects the symbols replaced.
    """

    def __init__(self, ctx, names: dict[str, str], calls_only: bool = False):
        self.ctx, self.names, self.calls_only, self.found = ctx, names, calls_only, set()

    def _swap(self, original, updated):
        symbol = self.ctx.symbol(original)
        if symbol in self.names and (not self.calls_only or self.ctx.call_of(original) is not None):
            self.found.add(symbol)
            return cst.Name(self.names[symbol])
        return updated

    def leave_Attribute(self, original, updated):
        return self._swap(original, updated)

    def leave_Name(self, original, updated):
        return self._swap(original, updated)
