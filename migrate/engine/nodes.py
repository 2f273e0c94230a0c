"""The nodes of a module by type, from one walk that the rules looking at the same module share.

``libcst.matchers.findall(module, m.Call())`` walks the whole tree and runs the matcher on every node;
program rules asked it for one type after another of the same module (TFM290 six walks, TFM117 two).
``find`` walks a module once, indexes every node by its exact type and answers from that index, in the
order ``findall`` gives (libcst's visiting order), for as long as it is asked about the same module.
"""

from __future__ import annotations

import libcst as cst

_last: tuple[cst.CSTNode, dict[type, list[tuple[int, cst.CSTNode]]]] | None = None  # one tree: a file's pass


class _Index(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.by_type: dict[type, list[tuple[int, cst.CSTNode]]] = {}
        self.count = 0

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.by_type.setdefault(type(node), []).append((self.count, node))
        self.count += 1
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        pass


def find(tree: cst.CSTNode, *types: type) -> list[cst.CSTNode]:
    """Every node of ``tree`` (itself included) whose type is one of ``types`` (exact types, as a matcher
    ``m.Call() | m.Name()`` takes them), in visiting order."""
    global _last
    if _last is None or _last[0] is not tree:  # the reference keeps the id from being reused
        index = _Index()
        tree.visit(index)
        _last = (tree, index.by_type)
    lists = [_last[1].get(t, []) for t in types]
    if len(lists) == 1:
        return [node for _, node in lists[0]]
    return [node for _, node in sorted(pair for found in lists for pair in found)] if any(lists) else []
