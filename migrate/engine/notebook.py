"""Jupyter notebooks: migrate the code cells together, touch nothing else.

Code cells are joined into one module (so an import in the first cell resolves
names in later ones), each cell starting with a marker comment; IPython magics
and shell escapes are masked as ``pass`` statements first and restored after.
Markdown cells, outputs and metadata are kept as they are.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from dataclasses import replace

from migrate.engine.source import SourceError, migrate_python
from migrate.findings import Finding

_CELL = "# __tf_migrate_cell_{}__"
_CELL_RE = re.compile(r"^# __tf_migrate_cell_(\d+)__\n", re.M)
_MAGIC = "pass  # __tf_migrate_magic_{}__"
_MAGIC_RE = re.compile(r"^([ \t]*)pass  # __tf_migrate_magic_(\d+)__$", re.M)


_ASSIGNED_MAGIC = re.compile(r"^[A-Za-z_][\w., \t]*=[ \t]*[!%]")  # files = !ls, t = %timeit -o f()


def _is_magic(line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith(("%", "!", "?")) or _ASSIGNED_MAGIC.match(stripped):
        return True
    return stripped.endswith("?") and _is_help(stripped.rstrip("?"))


def _is_help(body: str) -> bool:
    """``tf.log?``: the text before the question marks is code, not a comment or an open string."""
    if not body or body.startswith("#"):
        return False
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(body + "\n").readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    return not any(t.type == tokenize.COMMENT for t in tokens)


def _open(lines: list[str]) -> bool:
    """Do ``lines`` end inside a bracket, a string or a backslash continuation?"""
    try:
        for _ in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            pass
    except tokenize.TokenError:
        return True
    except SyntaxError:  # inconsistent dedent: not a continuation problem
        return False
    return False


def _mask(source: str, magics: list[str]) -> str:
    """Replace magic lines by ``pass`` markers; a line only counts when it starts a statement."""
    masked: list[str] = []
    since_statement_start: list[str] = []  # Python lines since the last known statement start
    for text in source.split("\n"):
        if _is_magic(text) and not (since_statement_start and _open(since_statement_start)):
            masked.append(text[: len(text) - len(text.lstrip())] + _MAGIC.format(len(magics)))
            magics.append(text.lstrip())
            since_statement_start = []
        else:
            masked.append(text)
            since_statement_start.append(text)
    return "\n".join(masked)


def migrate_notebook(data: bytes, path: str = "-", rules=None, options=None) -> tuple[bytes, list[Finding]]:
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"not a valid notebook: {exc}") from None
    _check_cells(cells)
    magics: list[str] = []
    chunks, owners, line_offsets = [], [], []
    line = 1
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        if source.lstrip().startswith("%%"):
            continue  # a cell magic: the whole cell is not Python
        body = _mask(source, magics)
        chunks.append(f"{_CELL.format(index)}\n{body}\n")
        owners.append(index)
        line_offsets.append(line + 1)
        line += 1 + body.count("\n") + 1
    if not chunks:
        return data, []
    joined = "".join(chunks).encode("utf-8")
    migrated, findings = migrate_python(joined, path, rules, options)
    findings = [_in_cell(f, owners, line_offsets) for f in findings]
    if migrated == joined:
        return data, findings

    text = _MAGIC_RE.sub(lambda m: m.group(1) + magics[int(m.group(2))], migrated.decode("utf-8"))
    parts = _CELL_RE.split(text)
    prefix, pairs = parts[0], parts[1:]
    for i in range(0, len(pairs), 2):
        index, body = int(pairs[i]), pairs[i + 1]
        if i == 0:
            body = prefix + body  # imports libcst added above the first marker belong to the first cell
        body = body[:-1] if body.endswith("\n") else body
        cell = cells[index]
        cell["source"] = body.splitlines(keepends=True) if isinstance(cell.get("source"), list) else body
    # Keep the file's JSON layout (nbformat writes indent=1, other tools 2 or 4) so the diff stays small.
    layout = re.match(rb"\{\r?\n([ \t]+)\"", data.lstrip(b"\xef\xbb\xbf \t\r\n"))
    indent = layout.group(1).decode() if layout else None
    indent = len(indent) if indent and indent.strip(" ") == "" else indent
    out = json.dumps(notebook, indent=indent, ensure_ascii=data.isascii()) + ("\n" if data.endswith(b"\n") else "")
    return out.encode("utf-8"), findings


def _check_cells(cells) -> None:
    """Refuse shapes nbformat 4 never writes, before any of them can crash the migration."""
    if not isinstance(cells, list):
        raise SourceError("not a valid notebook: 'cells' is not a list")
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            raise SourceError(f"not a valid notebook: cell {index} is not an object")
        source = cell.get("source", "")
        if not (isinstance(source, str) or isinstance(source, list) and all(isinstance(s, str) for s in source)):
            raise SourceError(f"not a valid notebook: cell {index} source is not text")


def _in_cell(finding: Finding, owners: list[int], offsets: list[int]) -> Finding:
    for owner, first in reversed(list(zip(owners, offsets))):
        if finding.line >= first:
            return replace(finding, cell=owner, line=finding.line - first + 1)
    return finding
