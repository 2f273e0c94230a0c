"""Definitions of one file converted together with their run sites in another file of the unit.

The graph pass converts a model class or a layer helper only where it sees both the definition and
the code that calls and runs it; in a program of several files those are apart (``model.py`` and
``train.py``, ``ops.py`` and ``main.py``). So the definitions are put into the user file right after
the import that brings them (a fresh parse, so the engine resolves them like any of that file's
own), the file is migrated, and the converted definitions go back to the library in place of the
originals; the library is then migrated on its own. Findings follow their lines: those inside a
moved definition are the library's, at the definition's line there.

What moves, and how the user file reads it before and after, is a ``Move`` (``class_moves``:
``from lib import Model``; ``helper_moves``: ``ops.fc_layer`` functions becoming ``ops.FcLayer``
classes). Nothing moves unless every definition reads from its own module only imports the user
file binds the same way, the user file converts (no TFM301/TFM302) and the move accepts the result;
otherwise the files are migrated one by one, as before.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from pathlib import Path
from typing import Sequence

import libcst as cst

from migrate.engine.context import Options
from migrate.engine.names import NameResolver, node_ids
from migrate.graph.blocks import local_names
from migrate.findings import FileResult

_BLANK = (cst.EmptyLine(indent=False),) * 2  # before a definition placed in the user file


class Move(ABC):
    """What goes from file ``lib`` to file ``user``, and how the user file reads it."""

    lib: int
    user: int

    @abstractmethod
    def definitions(self, lib: cst.Module) -> list[cst.BaseCompoundStatement] | None:
        """The library statements that move, in order (None: not all are there)."""

    @abstractmethod
    def imports_them(self, statement: cst.BaseStatement) -> bool:
        """Is this the user file's import the definitions are placed after?"""

    def placed(self, definition: cst.BaseCompoundStatement, lib: cst.Module,
               user: cst.Module) -> cst.BaseCompoundStatement | None:
        """The definition as the user file reads it (None: it reads a global the user file binds otherwise)."""
        return definition if same_imports(definition, lib, user) else None

    def returned(self, converted: cst.ClassDef, lib: cst.Module) -> cst.ClassDef:
        """A converted class as the library reads it (undoes what ``placed`` changed)."""
        return converted

    def before(self, statements: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
        """The user's statements after the import, reading the placed definitions by their own names."""
        return list(statements)

    @abstractmethod
    def converted(self, out: cst.Module, defs: list[cst.BaseCompoundStatement]) -> list[cst.ClassDef] | None:
        """The class each of ``defs`` became in the migrated user file, in order (None: not converted).

        An entry is None for a definition the pass wrote out at its call: it leaves the library."""

    def after(self, out: cst.Module, converted: list[cst.ClassDef]) -> list[cst.BaseStatement] | None:
        """The migrated user file's statements once the converted definitions are gone (None: can't be read so)."""
        return [s for s in out.body if all(s is not c for c in converted)]


def convert(move: Move, paths: list[Path], results: list[FileResult], codes: tuple[str, ...],
            options: Options) -> tuple[FileResult, FileResult] | None:
    """The library's and the user file's results after ``move``, or None when it can't be done."""
    library, using = results[move.lib], results[move.user]
    if library.failed or using.failed:
        return None
    try:
        lib_module, user_module = cst.parse_module(library.original), cst.parse_module(using.original)
    except (cst.ParserSyntaxError, RecursionError):
        return None
    defs = move.definitions(lib_module)
    placed = [move.placed(d, lib_module, user_module) for d in defs] if defs is not None else [None]
    if any(p is None for p in placed):
        return None
    at = next((i for i, s in enumerate(user_module.body) if move.imports_them(s)), None)
    if at is None:
        return None
    placed = [p.with_changes(leading_lines=_BLANK) for p in placed]
    combined = user_module.with_changes(
        body=[*user_module.body[:at + 1], *placed, *move.before(user_module.body[at + 1:])])
    try:
        migrated, findings = _migrate(combined.bytes, paths[move.user], codes, options)
        out = cst.parse_module(migrated)
    except Exception:  # noqa: BLE001  (the files are then migrated one by one, as before)
        return None
    if any(f.code in ("TFM301", "TFM302") for f in findings):
        return None
    converted = move.converted(out, defs)
    body = move.after(out, converted) if converted is not None else None
    if body is None:
        return None
    user_result = FileResult(str(paths[move.user]), original=using.original, migrated=out.with_changes(body=body).bytes)
    user_result.findings = _user_findings(findings, combined, placed)
    by_def = {id(d): c and move.returned(c, lib_module) for d, c in zip(defs, converted)}
    new_lib = lib_module.with_changes(body=[by_def[id(s)].with_changes(leading_lines=s.leading_lines)
                                            if id(s) in by_def else s for s in lib_module.body
                                            if by_def.get(id(s), s) is not None])  # None: written out at its call
    lib_result = FileResult(str(paths[move.lib]), original=library.original)
    try:
        lib_result.migrated, lib_result.findings = _migrate(new_lib.bytes, paths[move.lib], codes, options)
    except Exception:  # noqa: BLE001
        return None
    lib_result.findings = _lib_findings(findings, combined, placed, lib_module, defs, paths[move.lib]) + \
        lib_result.findings
    return lib_result, user_result


def _migrate(code: bytes, path: Path, codes: tuple[str, ...], options: Options):
    from migrate.engine.runner import migrate_bytes, rules_for  # runner groups files with engine/project.py

    return migrate_bytes(code, str(path), rules_for(codes), options)


def same_imports(definition: cst.CSTNode, lib: cst.Module, user: cst.Module, ignore: frozenset[str] | set[str] = frozenset()
                 ) -> bool:
    """Is every module-level name ``definition`` reads (but ``ignore``) an import, bound identically in the user file?"""
    lib_resolver, user_resolver = NameResolver(), NameResolver()
    lib.visit(lib_resolver)
    user.visit(user_resolver)
    inside = node_ids(definition)
    read = {ref.base for ref in lib_resolver.references.values() if id(ref.node) in inside}
    if isinstance(definition, cst.FunctionDef):
        read -= local_names(definition)  # its parameters and locals shadow the library's globals
    for name in read:
        bindings = lib_resolver.module_scope.bindings.get(name)
        if not bindings or name == definition.name.value or name in ignore:
            continue  # a builtin or local name (a local shadows: the resolver put it in the function's scope)
        qualified = {q for q, _ in bindings}
        if None in qualified or qualified != {q for q, _ in user_resolver.module_scope.bindings.get(name, [])}:
            return False
    return True


def _span(module: cst.Module, node) -> tuple[int, int]:
    """First and last line of ``node``, a statement of ``module`` (its leading blank lines excluded)."""
    before = module.code_for_node(module.with_changes(body=module.body[:module.body.index(node)]))
    start = len(before.splitlines()) + len(node.leading_lines) + 1
    return start, start + len(module.code_for_node(node).splitlines()) - len(node.leading_lines) - 1


def _user_findings(findings, combined, placed):
    """The user file's findings, at its own lines (those inside a placed definition are the library's)."""
    spans = [_span(combined, p) for p in placed]
    inserted = sum(len(combined.code_for_node(p).splitlines()) for p in placed)
    first = spans[0][0] - len(placed[0].leading_lines)
    out = []
    for finding in findings:
        if any(a <= finding.line <= b for a, b in spans):
            continue
        out.append(replace(finding, line=finding.line - inserted) if finding.line >= first else finding)
    return out


def _lib_findings(findings, combined, placed, lib_module, defs, lib_path):
    """The findings inside the placed definitions, at the lines of the definitions in the library."""
    out = []
    for p, d in zip(placed, defs):
        (a, b), (start, _) = _span(combined, p), _span(lib_module, d)
        out += [replace(f, path=str(lib_path), line=f.line - a + start) for f in findings if a <= f.line <= b]
    return out
