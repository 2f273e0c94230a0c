"""Line and column of whole references without libcst's position pass.

libcst computes positions by generating code for the whole module, which
was a quarter of the engine's time. Python's ``ast`` (already built for the
syntax check) knows where every ``Name`` / ``Attribute`` chain starts. Both
trees list the whole references of one dotted text in source order, so the
k-th ``tf.placeholder`` of one is the k-th of the other; where the counts for
a text differ (some construct seen differently), this returns nothing for it
and the caller falls back to libcst's positions.
"""

from __future__ import annotations

import ast


def reference_starts(tree: ast.AST, lines: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Dotted text -> sorted (line, 1-based column) of each whole reference in ``tree``."""
    inner = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    found: dict[str, list[tuple[int, int]]] = {}
    for node in ast.walk(tree):
        if id(node) in inner:
            continue
        if isinstance(node, ast.Attribute) or (isinstance(node, ast.Name) and not isinstance(node.ctx, (ast.Store, ast.Del))):
            text = _dotted(node)
            if text:
                found.setdefault(text, []).append((node.lineno, _column(lines, node.lineno, node.col_offset)))
    for starts in found.values():
        starts.sort()
    return found


def _column(lines: list[str], lineno: int, byte_offset: int) -> int:
    line = lines[lineno - 1] if lineno <= len(lines) else ""
    if line.isascii():
        return byte_offset + 1
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", "ignore")) + 1  # ast counts UTF-8 bytes


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])
