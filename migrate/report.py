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


def counts(results: list[FileResult]) -> Counter:
    tally = Counter(files=len(results))
    for result in results:
        tally["changed"] += result.changed
        tally["failed"] += result.failed
        for finding in result.findings:  # a fix counts only where it was applied (not on a failed write)
            tally["fixed" if finding.fixed and result.changed else "unfixed"] += 1
            tally[finding.severity.value] += 1
    return tally


def summary_line(results: list[FileResult]) -> str:
    c = counts(results)
    return (
        f"tf-migrate: {c['files']} files, {c['changed']} changed, {c['failed']} failed; "
        f"{c['fixed']} fixes, {c['warning']} warnings, {c['error']} errors"
    )


def _tf1_left(results: list[FileResult]) -> dict[str, list[str] | None]:
    """TF1 names left in each processed Python file, judged with the other files of the run: a file
    importing one that keeps graph code is not idiomatic either (``graph.idiom.tf1_left_unit``)."""
    from migrate.graph.idiom import tf1_left_unit  # parses the outputs: only when a report asks

    left: dict[str, list[str] | None] = {r.path: None for r in results}
    left.update(tf1_left_unit({r.path: r.migrated for r in results if r.tf1_left is not None}))
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


def to_markdown(results: list[FileResult]) -> str:
    c = counts(results)
    attention = c["warning"] + c["error"]
    findings = sorted(
        (f for r in results for f in r.findings), key=lambda f: (-f.severity.rank, f.path, f.cell or 0, f.line, f.col)
    )
    out = [
        "# tf-migrate report",
        "",
        f"**{attention} findings need attention**: {c['error']} errors, {c['warning']} warnings "
        f"({c['failed']} files could not be processed).",
        "",
        f"{c['files']} files, {c['changed']} changed, {c['fixed']} fixes applied.",
        "",
        "| location | severity | code | message | fixed |",
        "|---|---|---|---|---|",
    ]
    for f in findings:
        message = f.message.replace("|", "\\|")
        out.append(f"| `{f.location}` | {f.severity.value} | {f.code} | {message} | {'yes' if f.fixed else 'no'} |")
    return "\n".join(out) + "\n"


def needs_attention(result: FileResult):
    return [f for f in result.findings if f.needs_attention]
