"""Migrate one Python source or one notebook, as bytes in and bytes out.

Python sources go through libcst as bytes, so the encoding (coding line or
BOM) and the line endings come back exactly as they were. A file that does not
parse raises `SourceError` and nothing is produced.
"""

from __future__ import annotations

import ast
import difflib
import io
import tokenize
from dataclasses import replace

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
    syntax_tree = check_syntax(code, path)
    original = code
    if b"tensorflow" not in code:  # nothing can resolve to TensorFlow: skip the metadata pass
        return code, []
    try:
        module = cst.parse_module(code)
    except cst.ParserSyntaxError as exc:
        raise SourceError(f"syntax error at line {exc.raw_line}, column {exc.raw_column + 1}") from None
    rules = default_rules() if rules is None else rules
    options = options or Options()
    lines = code.decode(module.encoding).splitlines()
    migrated, ctx = transform(module, rules, path, options, syntax_tree, lines)
    findings = ctx.findings
    changed = ctx.changed
    shifts: list[tuple[int, int]] = []  # lines inserted by earlier passes, oldest first
    while ctx.program_changed:
        # A whole-program rule rewrote the file (its findings point into its input); the rules
        # not run yet go on with a fresh parse of the result, so their findings point into it.
        rules = [rule for rule in rules if rule is not ctx.fired]
        code = migrated.bytes
        module = cst.parse_module(code)
        lines = code.decode(module.encoding).splitlines()
        if ctx.inserted_lines:  # e.g. a fallback line added after the imports: map findings back
            shifts.append(ctx.inserted_lines)
        migrated, ctx = transform(module, rules, path, options, check_syntax(code, path), lines, dialect=ctx.dialect)
        for after, count in reversed(shifts):
            ctx.findings = [f if f.line <= after else replace(f, line=f.line - count) for f in ctx.findings]
        findings = findings + ctx.findings
        changed = True
    ctx.changed = changed
    # An untouched module is returned as the input bytes: libcst may re-render odd trailing whitespace.
    return (_fidelity(original, migrated.bytes) if ctx.changed else code), findings


def _fidelity(original: bytes, migrated: bytes) -> bytes:
    """Give back what libcst's rendering loses: a form feed opening a line (``\\fdef f():``), the
    last ``\\r`` of a file whose lines end in a lone CR."""
    if b"\x0c" in original:
        old, new = original.splitlines(keepends=True), migrated.splitlines(keepends=True)
        matcher = difflib.SequenceMatcher(None, [line.replace(b"\x0c", b"") for line in old],
                                          [line.replace(b"\x0c", b"") for line in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                new[j1:j2] = old[i1:i2]
        migrated = b"".join(new)
    if original.endswith(b"\r") and not migrated.endswith((b"\r", b"\n")):
        migrated += b"\r"
    return migrated


def check_syntax(code: bytes, path: str = "-") -> ast.Module:
    """Python's own compiler first: its messages and positions are exact (``print "x"``
    gets "Missing parentheses..."), and it refuses nesting deep enough to crash libcst's
    native parser."""
    try:  # the compiler lets invalid UTF-8 pass in a comment; libcst would not
        encoding = tokenize.detect_encoding(io.BytesIO(code).readline)[0]
        code.decode(encoding)
    except (SyntaxError, LookupError) as exc:
        raise SourceError(f"cannot decode: {exc}") from None
    except UnicodeDecodeError as exc:
        line = code[: exc.start].count(b"\n") + 1
        hint = "" if encoding != "utf-8" else " and there is no coding line: add one, e.g. '# -*- coding: latin-1 -*-'"
        raise SourceError(f"cannot decode line {line} as {encoding} (byte {code[exc.start]:#04x}){hint}") from None
    try:
        return compile(code, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:  # also bad encodings and IndentationError
        if "codec" in exc.msg or "encoding" in exc.msg:
            raise SourceError(f"cannot decode: {exc.msg}") from None
        where = f"line {exc.lineno}, column {exc.offset}: " if exc.lineno else ""
        hint = " (Python 2 syntax? convert it with 2to3 first)" if _looks_like_python2(code) else ""
        raise SourceError(f"syntax error at {where}{exc.msg}{hint}") from None
    except (RecursionError, MemoryError):
        raise SourceError("too deeply nested to parse") from None
    except ValueError as exc:  # e.g. NUL bytes
        raise SourceError(f"cannot parse: {exc}") from None


def _looks_like_python2(code: bytes) -> bool:
    return any(
        line.lstrip().startswith((b"print ", b"exec ")) and b"(" not in line.split(b" ", 1)[-1][:1]
        for line in code.splitlines()
    ) or b"except Exception, " in code
