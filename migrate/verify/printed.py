"""What a script printed: its final metric, and how two outputs differ in their numbers.

`tf-migrate verify SCRIPT` knows nothing about the script but its output. The
metric is the number on the last line that mentions accuracy (else loss) -
the number right after the word, so ``step 900, loss 0.31, accuracy 0.92``
reads 0.92 - or the last match of a user's ``--metric REGEX`` (group 1 when
the pattern has one). `numbers_diff` lines two outputs up by their text with
the numbers masked, so a reader sees which printed values moved and by how
much, and which lines one side printed and the other did not.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|\bnan\b|\binf\b")
# The number after the keyword: "accuracy= 0.81", "Accuracy (tensorflow): 0.96", "test acc 0.9", "loss: 1e-3".
_KEYWORDS = {
    "accuracy": re.compile(r"\b(?:accuracy|acc)\b[^0-9+\-.\n]*(" + NUMBER.pattern + ")", re.IGNORECASE),
    "loss": re.compile(r"\b(?:loss|cost|error|mse)\b[^0-9+\-.\n]*(" + NUMBER.pattern + ")", re.IGNORECASE),
}


@dataclass(frozen=True)
class Metric:
    """The final metric of one run: its value, the line it came from, and what it measures."""

    value: float
    line: str
    kind: str  # "accuracy", "loss" or "metric" (from --metric)


def read_metric(stdout: str, pattern: str | None = None) -> Metric | None:
    """The final metric printed in ``stdout`` (see module docstring); None when nothing matches."""
    if pattern:
        regex = re.compile(pattern, re.MULTILINE)
        for match in reversed(list(regex.finditer(stdout))):
            text = match.group(1) if regex.groups else match.group(0)
            value = _number(text)
            if value is not None:
                line = stdout[stdout.rfind("\n", 0, match.start()) + 1:].split("\n", 1)[0]
                return Metric(value, line.strip(), "metric")
        return None
    lines = stdout.splitlines()
    for kind, regex in _KEYWORDS.items():
        for line in reversed(lines):
            match = regex.search(line)
            if match and _number(match.group(1)) is not None:
                return Metric(_number(match.group(1)), line.strip(), kind)
    return None


def _number(text: str) -> float | None:
    found = NUMBER.search(text)
    try:
        return float(found.group(0)) if found else None
    except ValueError:
        return None


def template(line: str) -> str:
    """A line with every number replaced by ``#``: what stays the same between two runs."""
    return NUMBER.sub("#", line.rstrip())


def numbers_diff(a: str, b: str, *, labels=("original", "migrated"), limit: int = 40) -> list[str]:
    """The differences between two outputs, numbers first.

    Lines whose text matches once numbers are masked are paired; a pair whose
    numbers differ is one ``~`` line: ``~ loss: 0.30 -> 0.31``. Lines only one
    side printed are ``-`` (first label) / ``+`` (second label). At most
    ``limit`` lines, then a count of the rest. Identical outputs give ``[]``.
    """
    left, right = a.splitlines(), b.splitlines()
    matcher = difflib.SequenceMatcher(None, [template(x) for x in left], [template(x) for x in right],
                                      autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for x, y in zip(left[i1:i2], right[j1:j2]):
                if x.strip() != y.strip():
                    out.append(f"~ {_merge(x, y)}")
            continue
        out += [f"- {x.strip()}" for x in left[i1:i2]]
        out += [f"+ {y.strip()}" for y in right[j1:j2]]
    if len(out) > limit:
        out = out[:limit] + [f"... {len(out) - limit} more differing lines ({labels[0]}: -, {labels[1]}: +)"]
    return out


def _merge(x: str, y: str) -> str:
    """One line of text with each differing number shown as ``old -> new``."""
    xs, ys = NUMBER.findall(x), NUMBER.findall(y)
    pieces = NUMBER.split(x.strip())
    merged = [pieces[0]]
    for piece, old, new in zip(pieces[1:], xs, ys):
        merged.append(old if old == new else f"{old} -> {new}")
        merged.append(piece)
    return "".join(merged)
