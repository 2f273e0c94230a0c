"""Map a position in a rewritten text back to the text it was rewritten from.

A whole-program rule (TFM300) rewrites the module and the other rules then run on
a fresh parse of its output, so their findings point into that output: the
``reduction_indices`` of input line 26 was reported at line 31 of code the user never
saw (issue 13). Findings are reported in the input's coordinates, so each pass's
positions go back through the line matching of its input and output: a line kept
as it was maps exactly; a line moved (graph code moved into a ``tf.function`` body,
re-indented) maps to the input line with the same text; a line rewritten maps to
the most similar input line of the block it replaced. Columns follow the characters
both lines share.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Iterable

from migrate.findings import Finding


class LineMap:
    """``(line, col)`` of ``after`` -> ``(line, col)`` of ``before``; 1-based, lines as lists of text."""

    def __init__(self, before: list[str], after: list[str]) -> None:
        self.before, self.after = before, after
        self._lines: dict[int, int] | None = None  # after line (0-based) -> before line, built on first use

    def __call__(self, line: int, col: int) -> tuple[int, int]:
        if line < 1 or line > len(self.after):
            return line, col  # file-level (0) or past the end: nothing to map
        source = self._line_map().get(line - 1)
        if source is None:
            return line, col
        return source + 1, _column(self.after[line - 1], self.before[source], col)

    def _line_map(self) -> dict[int, int]:
        if self._lines is not None:
            return self._lines
        lines: dict[int, int] = {}
        by_text: dict[str, list[int]] = {}
        for k, text in enumerate(self.before):
            by_text.setdefault(text.strip(), []).append(k)
        matcher = difflib.SequenceMatcher(None, self.before, self.after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            for j in range(j1, j2):
                if tag == "equal":
                    lines[j] = i1 + (j - j1)
                    continue
                text = self.after[j].strip()
                same = by_text.get(text) if text else None
                if same:  # moved or re-indented: the input line with the same text, nearest the block
                    lines[j] = min(same, key=lambda k: abs(k - i1))
                elif i2 > i1:  # rewritten in place: the most similar line of the block it replaced
                    lines[j] = max(range(i1, i2), key=lambda k: difflib.SequenceMatcher(
                        None, self.before[k].strip(), text, autojunk=False).ratio())
                # else: a line the rewrite created (no input line holds it): left as it is
        self._lines = lines
        return lines


def _column(after: str, before: str, col: int) -> int:
    if col < 1 or after == before:
        return col
    if after.strip() == before.strip():
        return max(1, col - (len(after) - len(after.lstrip())) + (len(before) - len(before.lstrip())))
    for a, b, size in difflib.SequenceMatcher(None, before, after, autojunk=False).get_matching_blocks():
        if b <= col - 1 < b + size:
            return a + (col - 1 - b) + 1
    return col


def to_input(findings: Iterable[Finding], maps: list[LineMap]) -> list[Finding]:
    """Findings of the last of several passes, in the coordinates of the first pass's input."""
    out = []
    for finding in findings:
        line, col = finding.line, finding.col
        for step in reversed(maps):
            line, col = step(line, col)
        out.append(finding if (line, col) == (finding.line, finding.col) else replace(finding, line=line, col=col))
    return out
