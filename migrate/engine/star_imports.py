"""TensorFlow reached through ``from utils import *``: made an explicit import before the rules run.

Real projects do this (taki0112's ResNet: ``main.py`` has no ``import tensorflow``,
``from utils import *`` hands it ``tf``; ``ResNet.py`` gets ``tf`` and ``tf_contrib``
from ``from ops import *``). The rules match qualified names, so such a file looked
like no TensorFlow at all and was left TF1 while its helpers were migrated. When
the star-imported module is a file of the same run, the module aliases it binds
to TensorFlow (``import tensorflow as tf``, ``import tensorflow.contrib.slim as
slim``, ``from tensorflow.contrib import slim``) and that the importing file uses
are imported explicitly right after the star import: the same module objects,
so the program behaves the same, and the rules see TensorFlow.

A name is left alone when the importing file binds it itself, when the exporting
module's ``__all__`` leaves it out, or when it starts with an underscore (``import *``
skips those). Star imports are followed through files of the run (``utils`` may
itself get ``tf`` from ``from ops import *``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.engine.names import bound_names, read_names
from migrate.findings import Finding, Severity

if TYPE_CHECKING:
    from migrate.engine.project import UnitFiles

CODE = "TFM007"


@dataclass(frozen=True)
class StarImport:
    """One explicit import to add after the star import at ``line`` (``from utils import *``)."""

    line: int  # the star import's line in the importing file
    module: str  # the star-imported module as written (``utils``, ``.ops``)
    statement: str  # ``import tensorflow as tf``
    name: str  # the name it binds


def _tf_bindings(tree: ast.Module) -> dict[str, str]:
    """Module-level names bound to TensorFlow modules by import statements: name -> the statement."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "tensorflow":
                    if alias.asname:
                        found[alias.asname] = f"import {alias.name} as {alias.asname}"
                    else:
                        found["tensorflow"] = "import tensorflow"
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module \
                and node.module.split(".")[0] == "tensorflow" and node.module != "__future__":
            for alias in node.names:
                if alias.name != "*" and alias.name[:1].islower():  # a submodule (slim, layers), not a class
                    bound = alias.asname or alias.name
                    found[bound] = f"from {node.module} import {alias.name}" + (f" as {alias.asname}" if alias.asname else "")
    return found


def _exported(tree: ast.Module) -> set[str] | None:
    """``__all__`` when the module sets it to a literal list/tuple of strings, else None (everything public)."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return set()  # computed: can't tell, export nothing
            return set(value) if isinstance(value, (list, tuple)) else set()
    return None


def _stars(tree: ast.Module) -> list[ast.ImportFrom]:
    return [node for node in tree.body if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)]


def plan(files: UnitFiles) -> list[tuple[StarImport, ...]]:
    """For each file of the unit, the explicit imports its star imports of files of the unit stand for
    (resolved as engine/project.py resolves imports, so a star import means the file Python would load)."""
    trees = [files.tree(i) for i in range(len(files.paths))]
    memo: dict[int, dict[str, str]] = {}

    def exports(i: int, seen: frozenset[int]) -> dict[str, str]:
        """name -> import statement: what ``from <file i> import *`` binds to TensorFlow."""
        if i in memo:
            return memo[i]
        tree = trees[i]
        if tree is None:
            return {}
        found: dict[str, str] = {}
        for star in _stars(tree):  # earlier star imports first; the module's own imports win
            for j in sorted(files.resolve(i, star)):
                if j not in seen:
                    found.update(exports(j, seen | {j}))
        found.update(_tf_bindings(tree))
        public = _exported(tree)
        found = {n: s for n, s in found.items() if not n.startswith("_") and (public is None or n in public)}
        memo[i] = found
        return found

    planned: list[tuple[StarImport, ...]] = []
    for i, tree in enumerate(trees):
        if tree is None or not _stars(tree):
            planned.append(())
            continue
        own, used = bound_names(tree), read_names(tree)
        chosen: dict[str, StarImport] = {}
        for star in _stars(tree):
            module = "." * star.level + (star.module or "")
            for j in sorted(files.resolve(i, star)):
                for name, statement in exports(j, frozenset({i, j})).items():
                    if name in used and name not in own:
                        chosen[name] = StarImport(star.end_lineno or star.lineno, module, statement, name)
        planned.append(tuple(sorted(chosen.values(), key=lambda s: (s.line, s.name))))
    return planned


def make_explicit(code: bytes, path: str, imports: tuple[StarImport, ...]) -> tuple[bytes, list[Finding]]:
    """Insert ``imports`` after their star imports; the new source and one fixed finding per name."""
    if not imports:
        return code, []
    module = cst.parse_module(code)
    lines = code.decode(module.encoding).splitlines(keepends=True)
    newline = module.default_newline
    by_line: dict[int, list[StarImport]] = {}
    for item in imports:
        by_line.setdefault(item.line, []).append(item)
    out: list[str] = []
    for number, text in enumerate(lines, 1):
        out.append(text)
        if number in by_line:
            if not text.endswith(("\n", "\r")):
                out.append(newline)
            indent = text[: len(text) - len(text.lstrip())]
            out += [f"{indent}{item.statement}{newline}" for item in by_line[number]]
    findings = [Finding(CODE, Severity.INFO, f"`{item.name}` came from `from {item.module} import *`: made an explicit "
                        f"`{item.statement}` (the same module object), so the TensorFlow it reaches is migrated", path,
                        item.line, fixed=True) for item in imports]
    return "".join(out).encode(module.encoding), findings


def for_judging(code: bytes, imports: tuple[StarImport, ...]) -> bytes:
    """``code`` with ``imports`` appended to their star import's line (``from utils import *; import
    tensorflow as tf``): what engine/project.py judges, with the input's line numbers. Works on a migrated
    file too, whose lines moved: the star import is found by its text."""
    lines = code.split(b"\n")
    for item in imports:
        star = re.compile(rb"^from\s+" + re.escape(item.module.encode()) + rb"\s+import\s+\*\s*(#.*)?$")
        at = next((i for i, line in enumerate(lines) if star.match(line.rstrip(b"\r"))), None)
        if at is not None:
            ending = b"\r" if lines[at].endswith(b"\r") else b""
            text = lines[at].rstrip(b"\r").split(b"#", 1)[0].rstrip()
            lines[at] = text + b"; " + item.statement.encode() + ending
    return b"\n".join(lines)
