"""Migrate one Python source or one notebook, as bytes in and bytes out.

Python sources go through libcst as bytes, so the encoding (coding line or
BOM) and the line endings come back exactly as they were. A file that does not
parse raises `SourceError` and nothing is produced.
"""

from __future__ import annotations

import libcst as cst

from migrate.engine.context import Options
from migrate.engine.rule import Rule, select_rules
from migrate.engine.transformer import transform
from migrate.findings import Finding


class SourceError(Exception):
    """The input can't be migrated (syntax error, bad encoding, broken notebook)."""


def default_rules() -> list[Rule]:
    return [cls() for cls in select_rules()]


def migrate_python(
    code: bytes, path: str = "-", rules: list[Rule] | None = None, options: Options | None = None
) -> tuple[bytes, list[Finding]]:
    try:
        module = cst.parse_module(code)
    except cst.ParserSyntaxError as exc:
        hint = " (Python 2 syntax?)" if _looks_like_python2(code) else ""
        raise SourceError(f"syntax error at line {exc.raw_line}, column {exc.raw_column}{hint}") from None
    except (UnicodeDecodeError, LookupError, SyntaxError) as exc:
        raise SourceError(f"cannot decode: {exc}") from None
    if b"tensorflow" not in code:  # nothing can resolve to TensorFlow: skip the metadata pass
        return code, []
    rules = default_rules() if rules is None else rules
    migrated, ctx = transform(module, rules, path, options or Options())
    return migrated.bytes, ctx.findings


def _looks_like_python2(code: bytes) -> bool:
    return any(
        line.lstrip().startswith((b"print ", b"exec ")) and b"(" not in line.split(b" ", 1)[-1][:1]
        for line in code.splitlines()
    ) or b"except Exception, " in code
