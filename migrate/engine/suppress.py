"""``# tf-migrate: ignore`` comments: code a person wants left as it is.

- ``x = tf.log(y)  # tf-migrate: ignore`` — no rule rewrites that statement (the whole
  logical line the comment ends, over all its physical lines) and its findings are
  listed as suppressed, not counted;
- ``# tf-migrate: ignore[TFM301,TFM900]`` — the same for those rule codes only (a code
  prefix such as ``TFM3`` covers the family of codes it starts);
- ``# tf-migrate: ignore-file`` on a line of its own — the file is left untouched;
  ``# tf-migrate: ignore-file[TFM300]`` — those rules are not run on the file.

Honoured by the engine, not by each rule: the per-name pass skips a rule at a covered
line, a whole-program rewrite that would change a covered line is not applied (the
per-name rules then run as without it), and findings at covered lines are marked
``suppressed``. Comments are read with ``tokenize``, so the text inside a string is not one.
"""

from __future__ import annotations

import difflib
import io
import re
import tokenize
from dataclasses import dataclass, field, replace

from migrate.findings import Finding, Severity

SUPPRESSED = "TFM006"  # a rewrite a suppression comment kept from being applied (info, listed as suppressed)

MARK = "tf-migrate:"
_COMMENT = re.compile(r"#\s*tf-migrate:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?")
ALL: frozenset[str] = frozenset()  # no code list: every rule
_LAYOUT = (tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)


@dataclass(frozen=True)
class Suppressions:
    lines: dict[int, frozenset[str]] = field(default_factory=dict)  # 1-based line -> codes (ALL: every rule)
    whole_file: frozenset[str] | None = None  # None: no ignore-file comment
    file_line: int = 0  # where the ignore-file comment is

    def __bool__(self) -> bool:
        return bool(self.lines) or self.whole_file is not None

    def covers(self, line: int, code: str) -> bool:
        if self.whole_file is not None and _matches(self.whole_file, code):
            return True
        codes = self.lines.get(line)
        return codes is not None and _matches(codes, code)

    def covers_any_line(self, code: str) -> list[int]:
        return sorted(line for line, codes in self.lines.items() if _matches(codes, code))

    def skips_file(self) -> bool:
        return self.whole_file == ALL


def _matches(codes: frozenset[str], code: str) -> bool:
    return codes == ALL or any(code.startswith(c) for c in codes)


def parse(text: str) -> Suppressions:
    """The suppressions of one Python source (as text)."""
    if MARK not in text:
        return Suppressions()
    lines: dict[int, frozenset[str]] = {}
    whole_file, file_line = None, 0
    logical_start, pending = None, []  # first line of the statement being read, its comments' codes
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                found = _COMMENT.match(token.string)
                if not found:
                    continue
                codes = frozenset(c.strip() for c in (found.group(2) or "").split(",") if c.strip())
                if found.group(1) == "ignore-file":
                    whole_file, file_line = codes, token.start[0]
                elif logical_start is not None:  # after code: the whole statement line, all its physical lines
                    pending.append(codes)
            elif token.type == tokenize.NEWLINE:
                for codes in pending:
                    for line in range(logical_start, token.start[0] + 1):
                        before = lines.get(line)
                        lines[line] = ALL if ALL in (codes, before) else codes | (before or ALL)
                logical_start, pending = None, []
            elif token.type not in _LAYOUT and logical_start is None:
                logical_start = token.start[0]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return Suppressions()  # the engine's own syntax check reports the file
    return Suppressions(lines, whole_file, file_line)


def mark(findings: list[Finding], suppressions: Suppressions) -> list[Finding]:
    """The findings, those at covered lines marked ``suppressed``."""
    if not suppressions:
        return findings
    return [replace(f, suppressed=True) if not f.suppressed and suppressions.covers(f.line, f.code) else f
            for f in findings]


def snapshot(ctx) -> dict:
    """The import edits scheduled so far, to restore when a whole-program rewrite is not applied."""
    if not ctx.suppressions:
        return {}  # nothing can be refused
    return {key: list(value) if isinstance(value, list) else value for key, value in ctx.codemod.scratch.items()}


def refuse_program(code: str, module, rewritten, ctx) -> Finding | None:
    """A finding saying why rule ``code``'s rewrite of the whole module is not applied, or None when it
    leaves every line a ``# tf-migrate: ignore`` comment covers as it was."""
    covered = ctx.suppressions.covers_any_line(code) if ctx.suppressions else []
    if not covered:
        return None
    before, after = module.code.splitlines(), rewritten.code.splitlines()
    kept = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            kept.update(range(i1 + 1, i2 + 1))
    touched = [line for line in covered if line not in kept]
    if not touched:
        return None
    return Finding(SUPPRESSED, Severity.INFO, f"{code}'s rewrite of the file not applied: it would change line "
                   f"{touched[0]}, which '# tf-migrate: ignore' keeps as it is", ctx.path, touched[0], 1,
                   suppressed=True)


def skipped_file(path: str, suppressions: Suppressions) -> Finding:
    return Finding(SUPPRESSED, Severity.INFO, "file left as it is: '# tf-migrate: ignore-file'", path,
                   suppressions.file_line, 1, suppressed=True)
