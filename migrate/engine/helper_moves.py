"""Layer helpers of one file called from another: converted together with their call sites.

``main.py`` does ``import ops`` and builds its graph with ``ops.fc_layer(x, 128, "fc1")``, where
``ops.fc_layer`` opens a ``variable_scope`` and makes its weights with ``get_variable`` (the
DCGAN-tensorflow layout, ``tests/corpus/shapes/pkg_ops_get_variable``). The graph pass turns such
helpers into ``tf.Module`` classes only when it sees their call sites, which are in the other file.
So, as for model classes (engine/project.py's ``_convert_across``), the helpers are put into the
user file under their own names (``ops.fc_layer`` read as ``fc_layer``), the file is migrated, and
the classes the pass made (``FcLayer``) go back to the library in place of the functions; the user
file reads them as ``ops.FcLayer``. Nothing moves unless every helper became a class and the user
file was converted (no TFM301/TFM302); the files are then migrated one by one, as before.

Only when it is provably the same program: one file of the run imports the library (``import ops``
/ ``import ops as o``, used only as ``ops.name``), the library runs no session, nothing in it calls
the helpers, their class names are free in both files, and every module-level name a helper reads is
an import the user file binds the same way.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from pathlib import Path

import libcst as cst

from migrate.findings import FileResult

_MAKES_VARIABLES = frozenset({"get_variable", "variable_scope", "Variable"})


@dataclass(frozen=True)
class HelperMove:
    lib: int
    user: int
    alias: str  # the user file's name for the library module
    helpers: tuple[str, ...]  # library functions the user calls as ``alias.name``


def camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def _makes_variables(function: ast.FunctionDef) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr in _MAKES_VARIABLES for n in ast.walk(function))


def _bound(tree: ast.Module) -> set[str]:
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def find(paths: list[Path], sources: list[bytes | None], resolve) -> list[HelperMove]:
    """The moves the run allows; ``resolve(path, node)`` names the run's files an import statement loads."""
    trees: dict[int, ast.Module] = {}
    for i, source in enumerate(sources):
        if source and paths[i].suffix == ".py":
            try:
                trees[i] = ast.parse(source)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
    importers: dict[int, set[int]] = {}
    for i, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for j in resolve(paths[i], node) - {i}:
                    importers.setdefault(j, set()).add(i)
    moves = []
    for user, tree in trees.items():
        for node in tree.body:
            if not isinstance(node, ast.Import) or len(node.names) != 1 or "." in node.names[0].name:
                continue
            libs = resolve(paths[user], node) - {user}
            if len(libs) != 1:
                continue
            lib = next(iter(libs))
            if lib not in trees or importers.get(lib) != {user} or b"Session" in (sources[lib] or b""):
                continue
            alias = node.names[0].asname or node.names[0].name
            move = _move(lib, user, alias, trees[lib], tree)
            if move is not None:
                moves.append(move)
    return moves


def _move(lib: int, user: int, alias: str, lib_tree: ast.Module, user_tree: ast.Module) -> HelperMove | None:
    attributes, bare = set(), 0
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
    taken = _bound(user_tree) | _bound(lib_tree) - set(helpers)
    if any(h in _bound(user_tree) or camel(h) in taken for h in helpers):
        return None
    inside = {id(n) for h in helpers for n in ast.walk(functions[h])}
    if any(isinstance(n, ast.Name) and n.id in helpers and id(n) not in inside for n in ast.walk(lib_tree)):
        return None  # the library calls its own helper
    return HelperMove(lib, user, alias, tuple(helpers))


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


def convert(move: HelperMove, paths, results, codes, options, same_imports, migrate) -> tuple[FileResult, FileResult] | None:
    """The library's and the user file's results after the move, or None when it can't be done."""
    library, using = results[move.lib], results[move.user]
    if library.failed or using.failed:
        return None
    try:
        lib_module, user_module = cst.parse_module(library.original), cst.parse_module(using.original)
    except (cst.ParserSyntaxError, RecursionError):
        return None
    defs = [s for s in lib_module.body if isinstance(s, cst.FunctionDef) and s.name.value in move.helpers]
    if len(defs) != len(move.helpers) or not all(same_imports(d, lib_module, user_module) for d in defs):
        return None
    at = next((i for i, s in enumerate(user_module.body) if _imports(s, move.alias)), None)
    if at is None:
        return None
    placed = [d.with_changes(leading_lines=[cst.EmptyLine(indent=False)] * 2) for d in defs]
    rest = [s.visit(_Unqualify(move.alias, set(move.helpers))) for s in user_module.body[at + 1:]]
    combined = user_module.with_changes(body=[*user_module.body[:at + 1], *placed, *rest])
    try:
        migrated, findings = migrate(combined.bytes, str(paths[move.user]), codes, options)
        out = cst.parse_module(migrated)
    except Exception:  # noqa: BLE001  (the files are then migrated one by one, as before)
        return None
    if any(f.code in ("TFM301", "TFM302") for f in findings):
        return None
    classes = {s.name.value: s for s in out.body if isinstance(s, cst.ClassDef)}
    names = {h: camel(h) for h in move.helpers}
    if any(n not in classes for n in names.values()) or any(
            isinstance(s, cst.FunctionDef) and s.name.value in move.helpers for s in out.body):
        return None
    moved = {id(classes[n]) for n in names.values()}
    body, after_moved = [], False
    for statement in out.body:
        if id(statement) in moved:
            after_moved = True
            continue
        if after_moved and all(line.comment is None for line in statement.leading_lines):
            statement = statement.with_changes(leading_lines=[])  # the blank lines were the class's
        after_moved = False
        body.append(statement.visit(_Qualify(move.alias, set(names.values()))))
    if set(names.values()) & _bare_names(out.with_changes(body=body).code):
        return None  # a class read other than by a call: not rewritten
    user_result = FileResult(str(paths[move.user]), original=using.original,
                             migrated=out.with_changes(body=body).bytes)
    user_result.findings = _user_findings(findings, combined, placed)
    new_lib = lib_module.with_changes(body=[
        classes[names[s.name.value]].with_changes(leading_lines=s.leading_lines)
        if isinstance(s, cst.FunctionDef) and s.name.value in names else s for s in lib_module.body])
    lib_result = FileResult(str(paths[move.lib]), original=library.original)
    try:
        lib_result.migrated, lib_result.findings = migrate(new_lib.bytes, str(paths[move.lib]), codes, options)
    except Exception:  # noqa: BLE001
        return None
    lib_result.findings = _lib_findings(findings, combined, placed, lib_module, defs, paths[move.lib]) + \
        lib_result.findings
    return lib_result, user_result


def _bare_names(source: str) -> set[str]:
    """Names read in ``source`` not as an attribute (``FcLayer``, not ``ops.FcLayer``)."""
    import io
    import tokenize

    bare, previous = set(), None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and previous != ".":
            bare.add(token.string)
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous = token.string
    return bare


def _imports(statement, alias: str) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, cst.Import) and any((a.asname.name.value if a.asname else cst.Module([]).code_for_node(a.name))
                                              == alias for a in small.names) for small in statement.body)


def _span(module: cst.Module, node) -> tuple[int, int]:
    """First and last line of ``node``, a statement of ``module`` (its leading blank lines excluded)."""
    index = module.body.index(node)
    before = module.code_for_node(module.with_changes(body=module.body[:index])) if index else module.code_for_node(
        module.with_changes(body=[]))
    start = len(before.splitlines()) + len(node.leading_lines) + 1
    return start, start + len(module.code_for_node(node).splitlines()) - len(node.leading_lines) - 1


def _user_findings(findings, combined, placed):
    spans = [_span(combined, p) for p in placed]
    inserted = sum(len(combined.code_for_node(p).splitlines()) for p in placed)
    first = spans[0][0] - len(placed[0].leading_lines)
    out = []
    for finding in findings:
        if any(a <= finding.line <= b for a, b in spans):
            continue  # the library's (see _lib_findings)
        out.append(replace(finding, line=finding.line - inserted) if finding.line >= first else finding)
    return out


def _lib_findings(findings, combined, placed, lib_module, defs, lib_path):
    out = []
    for p, d in zip(placed, defs):
        (a, b), (start, _) = _span(combined, p), _span(lib_module, d)
        out += [replace(f, path=str(lib_path), line=f.line - a + start) for f in findings if a <= f.line <= b]
    return out
