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
import warnings
from dataclasses import replace

import libcst as cst

from migrate.engine import coordinates, star_imports, suppress
from migrate.engine.context import Options
from migrate.engine.coordinates import LineMap
from migrate.engine.rule import Rule, select_rules
from migrate.engine.transformer import analysis_of, transform
from migrate.findings import Finding, Severity


class SourceError(Exception):
    """The input can't be migrated (syntax error, bad encoding, broken notebook)."""


def default_rules() -> list[Rule]:
    return [cls() for cls in select_rules()]


FIXPOINT_PASSES = 3  # a run's output must be what a second run leaves alone


OLDEST_PYTHON = (3, 9)  # the oldest Python the kit's output must parse on (issue 13)
REFUSED = "TFM005"  # a rewrite whose output does not compile: refused, the file falls back


def migrate_python(
    code: bytes, path: str = "-", rules: list[Rule] | None = None, options: Options | None = None
) -> tuple[bytes, list[Finding]]:
    """Migrate ``code``; an output that does not compile (``compile()`` here, ``ast.parse`` for
    OLDEST_PYTHON) is never returned (issue 11). The file is then migrated again kept in graph mode
    (``Options.graph_unit``), else with the per-name rules only (no whole-program rewrite), with a
    TFM005 warning naming the compile error; when even that fails it is left untouched (TFM005 error)."""
    comments = suppress.parse(_text(code))
    if comments.skips_file():
        return code, [suppress.skipped_file(path, comments)]
    if comments.whole_file:  # `# tf-migrate: ignore-file[TFM300]`: those rules are not run on this file
        rules = [rule for rule in (default_rules() if rules is None else rules) if not comments.covers(0, rule.code)]
    migrated, findings = _with_star_imports(code, path, rules, options)
    # once mapped into the input's lines, a fix a later pass or round reported again is the same finding
    return migrated, suppress.mark(list(dict.fromkeys(findings)), comments)


def _with_star_imports(code: bytes, path: str, rules: list[Rule] | None, options: Options | None):
    """Migrate with the TensorFlow of ``from M import *`` imported explicitly first (engine/star_imports.py);
    kept only when the rules then change something, findings in the input's lines."""
    planned = options.star_imports if options else ()
    explicit, made = star_imports.make_explicit(code, path, planned) if planned else (code, [])
    migrated, findings = _migrate_python(explicit, path, rules, options)
    if explicit == code:
        return migrated, findings
    findings = coordinates.to_input(findings, [LineMap(_lines(code), _lines(explicit))])
    if migrated == explicit:  # nothing else to do: the file stays as it was
        return code, findings
    return migrated, made + findings


def _migrate_python(code: bytes, path: str, rules: list[Rule] | None, options: Options | None):
    migrated, findings = _migrate_fixpoint(code, path, rules, options)
    problem = None if migrated == code else output_problem(code, migrated, path)
    if problem is None:
        return _without_eager_leftovers(code, path, rules, options, migrated, findings)
    options = options or Options()
    all_rules = default_rules() if rules is None else rules
    attempts = (("kept in graph mode", all_rules, replace(options, graph_unit=f"the conversion would not compile ({problem})")),
                ("per-name rewrites only", [rule for rule in all_rules if not rule.program], options))
    for how, fallback_rules, fallback_options in attempts:
        again, more = _migrate_fixpoint(code, path, fallback_rules, fallback_options)
        if again == code or output_problem(code, again, path) is None:
            refused = Finding(REFUSED, Severity.WARNING, f"rewrite refused, its output does not compile ({problem}): "
                              f"the file is migrated {how}", path, 1)
            return again, [refused, *more]
    return code, [Finding(REFUSED, Severity.ERROR, f"rewrite refused, its output does not compile ({problem}), nor "
                          "does any fallback: file left untouched", path, 1)]


EAGER = "TFM300"  # the graph-to-eager conversion of a file


def _without_eager_leftovers(code: bytes, path: str, rules, options, migrated: bytes, findings: list[Finding]):
    """An eager conversion whose output still calls TF1-only names (``tf.trainable_variables()`` at build
    time, ``tf.assign`` in run code) fails on TF2 where it reaches them: the file is migrated kept in
    graph mode instead, where those names run through tf.compat.v1, and the report says which names."""
    from migrate.graph.idiom import absent_in_tf2

    if (options and options.graph_unit) or not any(f.code == EAGER for f in findings):
        return migrated, findings
    absent = absent_in_tf2(migrated)
    left = [n for n in absent if not n.startswith(("tf.contrib", "tf.examples", "tf.__"))]
    if not left:
        return migrated, findings
    names = ", ".join(left[:4]) + (", ..." if len(left) > 4 else "")
    reason = f"the eager conversion left {names}, which TF2 has only in tf.compat.v1 (graph mode)"
    again, more = _migrate_fixpoint(code, path, rules, replace(options or Options(), graph_unit=reason))
    if output_problem(code, again, path) is not None or len(absent_in_tf2(again)) >= len(absent):
        return migrated, findings  # graph mode does not do better: the eager output's TFM900s stand
    return again, more


def output_problem(original: bytes, output: bytes, path: str = "-") -> str | None:
    """Why ``output`` would be broken Python where ``original`` is not: it does not compile, or (when the
    input parses for OLDEST_PYTHON) it does not parse for that version (``match``, 3.12 f-strings)."""
    try:
        with warnings.catch_warnings():  # the program's own SyntaxWarnings ("is" with a literal) are not ours
            warnings.simplefilter("ignore")
            compile(output, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        return _syntax_message(exc)
    try:
        ast.parse(original, path, feature_version=OLDEST_PYTHON)
    except (SyntaxError, ValueError):
        return None  # the input needs a newer Python already
    try:
        ast.parse(output, path, feature_version=OLDEST_PYTHON)
    except (SyntaxError, ValueError) as exc:
        return f"Python {OLDEST_PYTHON[0]}.{OLDEST_PYTHON[1]}: {_syntax_message(exc)}"
    return None


def _syntax_message(exc: Exception) -> str:
    if isinstance(exc, SyntaxError):
        return f"{type(exc).__name__} at line {exc.lineno}: {exc.msg}"
    return str(exc)


def _migrate_fixpoint(
    code: bytes, path: str = "-", rules: list[Rule] | None = None, options: Options | None = None
) -> tuple[bytes, list[Finding]]:
    """Migrate until nothing changes: one rule's output can be another's input (TFM103 makes
    ``tf.compat.v1.logging`` calls that TFM122 turns into absl's), and a second ``--write`` must
    find nothing to do. Later rounds add only their fixes and findings not reported yet."""
    first, findings = _migrate_once(code, path, rules, options)
    migrated, found = first, list(findings)
    seen = {(f.code, f.message) for f in findings}
    maps: list[LineMap] = []  # a later round's positions point into the round before's output
    for _ in range(FIXPOINT_PASSES):
        if migrated == code:
            return migrated, found  # stable: a second run changes nothing
        maps.append(LineMap(_lines(code), _lines(migrated)))
        code = migrated
        migrated, more = _migrate_once(code, path, rules, options)
        more = coordinates.to_input(more, maps)
        if migrated != code:  # a round that changes nothing adds nothing (no "fixes" on a second pass)
            found += [f for f in more if f.fixed or (f.code, f.message) not in seen]
            seen |= {(f.code, f.message) for f in more}
    return first, findings  # no fixed point (a rule that adds on every run): no worse than one round


def _migrate_once(
    code: bytes, path: str = "-", rules: list[Rule] | None = None, options: Options | None = None
) -> tuple[bytes, list[Finding]]:
    syntax_tree = check_syntax(code, path)
    original = code
    if b"tensorflow" not in code:  # nothing can resolve to TensorFlow: skip the metadata pass
        return code, []
    analysis = analysis_of(code)  # the text a pass just left (a round's input is often the last one's output)
    try:
        module = analysis[0] if analysis else cst.parse_module(code)
    except cst.ParserSyntaxError as exc:
        raise SourceError(f"syntax error at line {exc.raw_line}, column {exc.raw_column + 1}") from None
    rules = default_rules() if rules is None else rules
    options = options or Options()
    lines = code.decode(module.encoding).splitlines()
    migrated, ctx = transform(module, rules, path, options, syntax_tree, lines, source=code)
    findings = ctx.findings
    changed = ctx.changed
    maps: list[LineMap] = []  # each later pass's input back to the one before it, oldest first
    while ctx.program_changed:
        # A whole-program rule rewrote the file (its findings point into its input); the rules
        # not run yet go on with a fresh parse of the result, and their findings are mapped back.
        rules = [rule for rule in rules if rule is not ctx.fired]
        code = migrated.bytes
        module = cst.parse_module(code)
        before, lines = lines, code.decode(module.encoding).splitlines()
        maps.append(LineMap(before, lines))
        migrated, ctx = transform(module, rules, path, options, check_syntax(code, path), lines, dialect=ctx.dialect,
                                  source=code)
        findings = findings + coordinates.to_input(ctx.findings, maps)
        changed = True
    ctx.changed = changed
    # An untouched module is returned as the input bytes: libcst may re-render odd trailing whitespace.
    return (_fidelity(original, migrated.bytes) if ctx.changed else code), findings


def _text(code: bytes) -> str:
    return code.decode("utf-8", "surrogateescape")  # comments and positions only: the encoding is moot


def _lines(code: bytes) -> list[str]:
    return _text(code).splitlines()


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
