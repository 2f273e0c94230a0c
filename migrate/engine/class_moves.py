"""A model class defined in one file and run from another: converted with its run sites (``engine/moves.py``).

``train.py`` does ``from model import Model``, builds ``Model(...)`` and runs its tensors in a session;
``model.py``'s class builds the graph (placeholders) and runs no session. The class is placed after
that import in ``train.py``, the graph pass turns it into a ``tf.Module`` there, and it goes back to
``model.py``. Only when ``train.py`` is the one file of the unit importing the class: another user
would need its run sites converted too, so the unit then stays in graph mode as a whole.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from migrate.engine.moves import Move

if TYPE_CHECKING:
    from migrate.engine.project import UnitFiles


@dataclass(frozen=True)
class ClassMove(Move):
    lib: int
    user: int
    name: str  # the class, imported as ``from lib import name``

    def definitions(self, lib):
        classes = [s for s in lib.body if isinstance(s, cst.ClassDef) and s.name.value == self.name]
        return classes if len(classes) == 1 else None

    def imports_them(self, statement):
        return isinstance(statement, cst.SimpleStatementLine) and any(
            isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar)
            and any(a.asname is None and cst.Module([]).code_for_node(a.name) == self.name for a in small.names)
            for small in statement.body)

    def converted(self, out, defs):
        classes = [s for s in out.body if isinstance(s, cst.ClassDef) and s.name.value == self.name]
        if len(classes) != 1 or not any("Module" in cst.Module([]).code_for_node(b.value) for b in classes[0].bases):
            return None
        return classes


def find(files: UnitFiles) -> list[ClassMove]:
    """The moves of the unit: ``from lib import Model`` in the one file using the class of a graph library."""
    users: dict[tuple[int, str], list[int]] = {}
    for i in range(len(files.paths)):
        tree = files.tree(i)
        for node in tree.body if tree is not None else ():
            if isinstance(node, ast.ImportFrom) and node.module and not any(a.name == "*" for a in node.names):
                for lib in files.resolve(i, node) - {i}:
                    for alias in node.names:
                        if alias.asname is None:
                            users.setdefault((lib, alias.name), []).append(i)
    moves = []
    for (lib, name), found in users.items():
        source = files.sources[lib] or b""
        if len(set(found)) == 1 and b"placeholder" in source and b"Session" not in source:
            moves.append(ClassMove(lib, found[0], name))
    return moves
