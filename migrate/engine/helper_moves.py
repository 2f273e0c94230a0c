"""Layer helpers of one file called from another: converted together with their call sites.

``main.py`` does ``import ops`` and builds its graph with ``ops.fc_layer(x, 128, "fc1")``, where
``ops.fc_layer`` opens a ``variable_scope`` and makes its weights with ``get_variable`` (the
DCGAN-tensorflow layout, ``tests/corpus/shapes/pkg_ops_get_variable``). The graph pass turns such
helpers into ``tf.Module`` classes only when it sees their call sites, which are in the other file.
So, as for model classes (``class_moves``; the mechanism is ``engine/moves.py``), the helpers are
put into the user file under their own names (``ops.fc_layer`` read as ``fc_layer``), the file is
migrated, and the classes the pass made (``FcLayer``) go back to the library in place of the
functions; the user file reads them as ``ops.FcLayer``. Nothing moves unless every helper became a
class and the user file was converted (no TFM301/TFM302); the files are then migrated one by one.

Only when it is provably the same program: one file of the run imports the library (``import ops``
/ ``import ops as o``, used only as ``ops.name``), the library runs no session, nothing in it calls
the helpers, their class names are free in both files, and every module-level name a helper reads is
an import the user file binds the same way.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.engine.moves import Move, same_imports
from migrate.engine.names import NameResolver, bound_names, read_names
from migrate.graph.blocks import local_names, reads

if TYPE_CHECKING:
    from migrate.engine.project import UnitFiles

_MAKES_VARIABLES = frozenset({"get_variable", "variable_scope", "Variable"})


def camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


@dataclass(frozen=True)
class HelperMove(Move):
    lib: int
    user: int
    alias: str  # the user file's name for the library module
    helpers: tuple[str, ...]  # library functions the user calls as ``alias.name``

    def definitions(self, lib):
        defs = [s for s in lib.body if isinstance(s, cst.FunctionDef) and s.name.value in self.helpers]
        return defs if len(defs) == len(self.helpers) else None

    def imports_them(self, statement):
        return isinstance(statement, cst.SimpleStatementLine) and any(
            isinstance(small, cst.Import) and any(
                (a.asname.name.value if a.asname else cst.Module([]).code_for_node(a.name)) == self.alias
                for a in small.names) for small in statement.body)

    def placed(self, definition, lib, user):
        """The helper reading the library's other globals as ``ops.NAME`` (its TensorFlow imports must match)."""
        names = _library_globals(definition, lib, self.helpers)
        if not same_imports(definition, lib, user, ignore=names):
            return None
        return definition.visit(_QualifyReads(self.alias, names)) if names else definition

    def returned(self, converted, lib):
        names = set().union(*(_library_globals(d, lib, self.helpers) for d in self.definitions(lib) or ()))
        return converted.visit(_Unqualify(self.alias, names)) if names else converted

    def before(self, statements):
        return [s.visit(_Unqualify(self.alias, set(self.helpers))) for s in statements]

    def converted(self, out, defs):
        classes = {s.name.value: s for s in out.body if isinstance(s, cst.ClassDef)}
        if any(isinstance(s, cst.FunctionDef) and s.name.value in self.helpers for s in out.body):
            return None
        read = _bare_names(out.code)
        # a helper is now a class, or was written out at its one call (a train helper: gone from both files)
        if any(camel(h) not in classes and h in read for h in self.helpers) or not any(
                camel(h) in classes for h in self.helpers):
            return None
        return [classes.get(camel(d.name.value)) for d in defs]

    def after(self, out, converted):
        converted = [c for c in converted if c is not None]
        moved, names = {id(c) for c in converted}, {c.name.value for c in converted}
        body, after_moved = [], False
        for statement in out.body:
            if id(statement) in moved:
                after_moved = True
                continue
            if after_moved and all(line.comment is None for line in statement.leading_lines):
                statement = statement.with_changes(leading_lines=[])  # the blank lines were the class's
            after_moved = False
            body.append(statement.visit(_Qualify(self.alias, names)))
        if names & _bare_names(out.with_changes(body=body).code):
            return None  # a class read other than by a call: not rewritten
        return body


def _makes_variables(function: ast.FunctionDef) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr in _MAKES_VARIABLES for n in ast.walk(function))


def _taken(tree: ast.Module) -> set[str]:
    """Every name the module binds or reads: a class name among them would collide."""
    return bound_names(tree) | read_names(tree)


def find(files: UnitFiles) -> list[HelperMove]:
    """The moves the unit allows."""
    trees = {i: tree for i in range(len(files.paths)) if (tree := files.tree(i)) is not None}
    importers: dict[int, set[int]] = {}
    for i, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for j in files.resolve(i, node) - {i}:
                    importers.setdefault(j, set()).add(i)
    moves = []
    for user, tree in trees.items():
        for node in tree.body:
            if not isinstance(node, ast.Import) or len(node.names) != 1 or "." in node.names[0].name:
                continue
            libs = files.resolve(user, node) - {user}
            if len(libs) != 1:
                continue
            lib = next(iter(libs))
            if lib not in trees or importers.get(lib) != {user} or b"Session" in (files.sources[lib] or b""):
                continue
            alias = node.names[0].asname or node.names[0].name
            move = _move(lib, user, alias, trees[lib], tree)
            if move is not None:
                moves.append(move)
    return moves


def _move(lib: int, user: int, alias: str, lib_tree: ast.Module, user_tree: ast.Module) -> HelperMove | None:
    attributes = set()
    for node in ast.walk(user_tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == alias:
            attributes.add(node.attr)
    bare = sum(isinstance(n, ast.Name) and n.id == alias for n in ast.walk(user_tree))
    if bare != sum(isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == alias
                   for n in ast.walk(user_tree)):
        return None  # the module itself is passed around or rebound
    functions = {s.name: s for s in lib_tree.body if isinstance(s, ast.FunctionDef)}
    helpers = sorted(n for n in attributes if n in functions and _makes_variables(functions[n]))
    if not helpers:
        return None
    user_names = _taken(user_tree)
    taken = user_names | _taken(lib_tree) - set(helpers)
    if any(h in user_names or camel(h) in taken for h in helpers):
        return None
    inside = {id(n) for h in helpers for n in ast.walk(functions[h])}
    if any(isinstance(n, ast.Name) and n.id in helpers and id(n) not in inside for n in ast.walk(lib_tree)):
        return None  # the library calls its own helper
    return HelperMove(lib, user, alias, tuple(helpers))


def _library_globals(definition: cst.FunctionDef, lib: cst.Module, helpers: tuple[str, ...]) -> set[str]:
    """The library's own globals the helper reads, other than TensorFlow imports and the moved helpers.

    ``NUM_CLASSES = 10``, ``import math``: read as ``model.NUM_CLASSES`` while the helper sits in the
    user file, they stay the library's values; a TensorFlow import has to be the user file's own, since
    the pass resolves TF symbols through it (``same_imports``)."""
    resolver = NameResolver()
    lib.visit(resolver)
    out = set()
    for name in reads(definition.body) - local_names(definition) - set(helpers):
        bindings = resolver.module_scope.bindings.get(name)
        if bindings and not any(q and q.split(".")[0] == "tensorflow" for q, _ in bindings):
            out.add(name)
    return out


class _QualifyReads(cst.CSTTransformer):
    """``NUM_CLASSES`` -> ``model.NUM_CLASSES`` for the library globals a placed helper reads."""

    def __init__(self, alias: str, names: set[str]) -> None:
        self.alias, self.names = alias, names
        self.skip: set[int] = set()  # attribute and keyword names: not reads

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.skip.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.skip.add(id(node.keyword))

    def leave_Name(self, original, updated):
        if original.value in self.names and id(original) not in self.skip:
            return cst.Attribute(value=cst.Name(self.alias), attr=updated)
        return updated


class _Unqualify(cst.CSTTransformer):
    """``ops.fc_layer`` -> ``fc_layer`` for the moved helpers."""

    def __init__(self, alias: str, names: set[str]) -> None:
        self.alias, self.names = alias, names

    def leave_Attribute(self, original, updated):
        if isinstance(updated.value, cst.Name) and updated.value.value == self.alias and updated.attr.value in self.names:
            return updated.attr
        return updated


class _Qualify(cst.CSTTransformer):
    """``FcLayer(128)`` -> ``ops.FcLayer(128)`` for the classes that went back to the library."""

    def __init__(self, alias: str, names: set[str]) -> None:
        self.alias, self.names = alias, names

    def leave_Call(self, original, updated):
        if isinstance(updated.func, cst.Name) and updated.func.value in self.names:
            return updated.with_changes(func=cst.Attribute(value=cst.Name(self.alias), attr=updated.func))
        return updated


def _bare_names(source: str) -> set[str]:
    """Names read in ``source`` not as an attribute (``FcLayer``, not ``ops.FcLayer``)."""
    bare, previous = set(), None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and previous != ".":
            bare.add(token.string)
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous = token.string
    return bare
