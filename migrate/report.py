"""Turn results into the things people read: a diff, a summary line, JSON and Markdown reports."""

from __future__ import annotations

import difflib
import json
from collections import Counter

import migrate
from migrate.findings import FileResult


def unified_diff(result: FileResult) -> str:
    def lines(data: bytes) -> list[str]:
        return data.decode("utf-8", errors="surrogateescape").splitlines(keepends=True)

    old, new = (result.path, result.path) if result.path.startswith("/") else (f"a/{result.path}", f"b/{result.path}")
    cells = _cell_sources(result) if result.path.endswith(".ipynb") else None
    if cells is not None:  # per cell, nbdime-style: the code that changed, not its JSON escaping
        pieces = (difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                       f"{old}[cell {n + 1}]", f"{new}[cell {n + 1}]")
                  for n, (a, b) in enumerate(cells) if a != b)
        diff = [line for piece in pieces for line in piece]
    else:
        diff = difflib.unified_diff(lines(result.original), lines(result.migrated or b""), old, new)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff)


def _cell_sources(result: FileResult) -> list[tuple[str, str]] | None:
    """(old, new) source of every cell, or None when the two notebooks don't line up cell for cell."""
    try:
        before, after = (json.loads(data.decode("utf-8-sig"))["cells"] for data in (result.original, result.migrated))
        if len(before) != len(after) or any(
                {k: v for k, v in a.items() if k != "source"} != {k: v for k, v in b.items() if k != "source"}
                for a, b in zip(before, after)):
            return None
        return [("".join(a.get("source", "")), "".join(b.get("source", ""))) for a, b in zip(before, after)]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


# The engine's own codes (not rules: migrate/engine/), for SARIF's rule list and the reports.
ENGINE_CODES = {
    "TFM001": "the file could not be processed (syntax error, encoding, a worker that died)",
    "TFM002": "the migrated file could not be written",
    "TFM003": "skipped on purpose (a symlink out of the tree, a FIFO or device)",
    "TFM004": "written under one of several hard links",
    "TFM005": "a rewrite whose output does not compile was refused",
    "TFM006": "a rewrite a '# tf-migrate: ignore' comment kept from being applied",
    "TFM007": "TensorFlow reached through `from M import *` (M a file of the run) made an explicit import",
}
WHAT_TO_DO = "fix by hand (`tf-migrate explain SYMBOL` shows the TF2 form), or mark the line `# tf-migrate: ignore[CODE]`"


def counts(results: list[FileResult]) -> Counter:
    """Files, changed, failed; fixes; findings by severity and ``attention`` (shown and not fixed),
    never counting suppressed ones, which have their own count."""
    tally = Counter(files=len(results))
    for result in results:
        tally["changed"] += result.changed
        tally["failed"] += result.failed
        for finding in result.findings:
            if finding.suppressed:
                tally["suppressed"] += 1
                continue
            # a fix counts only where it was applied (not on a failed write)
            tally["fixed" if finding.fixed and result.changed else "unfixed"] += 1
            tally[finding.severity.value] += 1
            tally["attention"] += finding.unfixed
    return tally


def summary_line(results: list[FileResult]) -> str:
    c = counts(results)
    line = (
        f"tf-migrate: {c['files']} files, {c['changed']} changed, {c['failed']} failed; "
        f"{c['fixed']} fixes, {c['warning']} warnings, {c['error']} errors"
    )
    if c["suppressed"]:
        line += f", {c['suppressed']} suppressed"
    if c["attention"]:
        line += f"; {c['attention']} need attention (not fixed): {WHAT_TO_DO}"
    return line


def _tf1_left(results: list[FileResult]) -> dict[str, list[str] | None]:
    """TF1 names left in each processed Python file, judged with the other files of the run: a file
    importing one that keeps graph code is not idiomatic either (``graph.idiom.tf1_left_unit``)."""
    from migrate.graph.idiom import tf1_left_unit  # parses the outputs: only when a report asks

    left: dict[str, list[str] | None] = {r.path: None for r in results}
    done = {r.path: r.tf1_left for r in results if r.tf1_left is not None}  # each file's own: from the workers
    left.update(tf1_left_unit({r.path: r.migrated for r in results if r.path in done}, done))
    return left


def to_json(results: list[FileResult]) -> str:
    left = _tf1_left(results)
    data = {
        "tool": "tf-migrate",
        "version": migrate.__version__,
        "summary": dict(counts(results)),
        "files": [
            {
                "path": r.path,
                "changed": r.changed,
                "error": r.error,
                "idiomatic": None if left[r.path] is None else not left[r.path],
                "tf1_left": left[r.path],
                "findings": [f.to_dict() for f in r.findings],
            }
            for r in results
        ],
    }
    return json.dumps(data, indent=2) + "\n"


def _table(findings) -> list[str]:
    out = ["| location | severity | code | message | fixed |", "|---|---|---|---|---|"]
    for f in findings:
        message = f.message.replace("|", "\\|")
        out.append(f"| `{f.location}` | {f.severity.value} | {f.code} | {message} | {'yes' if f.fixed else 'no'} |")
    return out


def _ordered(findings):
    return sorted(findings, key=lambda f: (-f.severity.rank, f.path, f.cell or 0, f.start))


def to_markdown(results: list[FileResult]) -> str:
    c = counts(results)
    every = [f for r in results for f in r.findings]
    out = [
        "# tf-migrate report",
        "",
        f"**{c['attention']} findings need attention** (not fixed): "
        f"{sum(f.unfixed and f.severity.value == 'error' for f in every)} errors, "
        f"{sum(f.unfixed and f.severity.value == 'warning' for f in every)} warnings "
        f"({c['failed']} files could not be processed).",
        "",
    ]
    if c["attention"]:
        out += [f"What to do: {WHAT_TO_DO}.", ""]
    out += [f"{c['files']} files, {c['changed']} changed, {c['fixed']} fixes applied, "
            f"{c['warning']} warnings, {c['error']} errors.", ""]
    out += _table(_ordered(f for f in every if not f.suppressed))
    suppressed = _ordered(f for f in every if f.suppressed)
    if suppressed:
        out += ["", "## Suppressed", "", f"{len(suppressed)} left as they are by `# tf-migrate: ignore` comments:", ""]
        out += _table(suppressed)
    return "\n".join(out) + "\n"


def needs_attention(result: FileResult):
    return [f for f in result.findings if f.needs_attention]


# --- CI formats ------------------------------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _descriptions() -> dict[str, str]:
    from migrate.engine.rule import all_rules

    return {**ENGINE_CODES, **{rule.code: rule.description for rule in all_rules()}}


def _uri(path: str) -> str:
    from pathlib import Path

    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return Path(path).as_posix()


def to_sarif(results: list[FileResult]) -> str:
    """SARIF 2.1.0 for code scanning: one result per finding; suppressed ones carry an ``inSource``
    suppression (GitHub shows them as dismissed), a fix applied is a ``note`` saying so."""
    descriptions = _descriptions()
    findings = [f for r in results for f in r.findings]
    codes = sorted({f.code for f in findings})
    index = {code: k for k, code in enumerate(codes)}
    sarif_results = []
    for f in findings:
        line, col = f.start
        where = f"cell {f.cell + 1}, line {line}: " if f.cell is not None else ""
        entry = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": "note" if f.fixed else _SARIF_LEVEL[f.severity.value],
            "message": {"text": where + f.message + (" (fixed)" if f.fixed else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(f.path)},
                "region": {"startLine": line, "startColumn": col} if f.cell is None else {"startLine": 1},
            }}],
        }
        if f.suppressed:
            entry["suppressions"] = [{"kind": "inSource", "justification": "# tf-migrate: ignore"}]
        sarif_results.append(entry)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tf-migrate",
                "version": migrate.__version__,
                "informationUri": "https://pypi.org/project/tf-migrate/",
                "rules": [{"id": code, "shortDescription": {"text": descriptions.get(code, code)}} for code in codes],
            }},
            "results": sarif_results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


def _escape(text: str, *, prop: bool = False) -> str:
    """GitHub workflow-command escaping (the runner's own rules: %, CR, LF; and : , in properties)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def to_github(results: list[FileResult]) -> str:
    """GitHub Actions annotation lines for CI logs: errors and warnings not fixed, and each file that
    would change (a notice), so a check failing in CI points at the files."""
    lines = []
    for result in results:
        for f in result.findings:
            if not f.unfixed:
                continue
            line, col = f.start
            title = _escape(f"tf-migrate {f.code}", prop=True)
            lines.append(f"::{f.severity.value} file={_escape(f.path, prop=True)},line={line},col={col},"
                         f"title={title}::{_escape(f.message)}")
        if result.changed:
            lines.append(f"::notice file={_escape(result.path, prop=True)},line=1,col=1,"
                         f"title={_escape('tf-migrate', prop=True)}::the migration to TF2 changes this file (tf-migrate rewrite --write applies it)")
    return "".join(line + "\n" for line in lines)


FORMATS = {"json": to_json, "markdown": to_markdown, "sarif": to_sarif, "github": to_github}
