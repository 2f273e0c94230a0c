"""Jupyter notebooks: migrate the code cells as one program, put every statement back in its cell.

The code cells are joined into one module, as they are (no marker in the text), so
an import in the first cell resolves names in later ones and a graph built in one
cell and run in another is converted as one program. A cell map outside the text
(which joined line belongs to which cell) brings the result back:

- a statement the migration left as it was goes back to the cell it came from
  (found by aligning the statements of the input and of the output);
- a statement it changed goes to the cell of the input statement it resembles most;
- code it created (a ``tf.function``, a layer object, ...) goes into the first cell
  that uses it; an added import, or code nothing reads, goes with the statement
  before it.

Cells keep their order, so running all cells runs the migrated program. IPython
syntax (``%magic``, ``!shell`` with backslash continuations, ``x = !cmd``, ``obj?``)
is masked as ``pass`` placeholders tagged with a token absent from the notebook, and
restored after; a migration that would drop one leaves the notebook untouched.
``%%`` cell magics, markdown, outputs, metadata, the JSON layout, CRLF and a BOM are
kept. Findings point at a cell and a line within it.
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import re
import secrets
import tokenize
from dataclasses import dataclass, field, replace

import libcst as cst

from migrate.engine.source import SourceError, migrate_python
from migrate.findings import Finding

_ASSIGNED_MAGIC = re.compile(r"^[A-Za-z_][\w., \t]*=[ \t]*[!%]")  # files = !ls, t = %timeit -o f()
_SIMILAR = 0.5  # token similarity above which a changed statement is "the same statement, migrated"


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


@dataclass
class _Masks:
    """IPython lines replaced by placeholders: ``pass  # TOKEN_N`` (+ ``# TOKEN_Nc`` per continuation line)."""

    token: str
    lines: list[list[str]] = field(default_factory=list)  # the original lines of magic N

    def mask(self, source: str) -> str:
        """A line counts as IPython only where a statement starts (not inside brackets or strings);
        like IPython's transformers, a trailing backslash continues an escaped line."""
        out: list[str] = []
        since_statement_start: list[str] = []
        lines = source.split("\n")
        i = 0
        while i < len(lines):
            text = lines[i]
            if _is_magic(text) and not (since_statement_start and _open(since_statement_start)):
                group = [text]
                while group[-1].endswith("\\") and i + 1 < len(lines):
                    i += 1
                    group.append(lines[i])
                indent = text[: len(text) - len(text.lstrip())]
                n = len(self.lines)
                out.append(f"{indent}pass  # {self.token}_{n}")
                out.extend(f"{indent}# {self.token}_{n}c" for _ in group[1:])
                self.lines.append(group)
                since_statement_start = []
            else:
                out.append(text)
                since_statement_start.append(text)
            i += 1
        return "\n".join(out)

    def restore(self, text: str, seen: list[int]) -> str:
        start = re.compile(rf"^([ \t]*)pass  # {self.token}_(\d+)$")
        out: list[str] = []
        for line in text.split("\n"):
            if self.token in line and re.fullmatch(rf"[ \t]*# {self.token}_\d+c", line):
                continue  # the continuation lines come back with their first line
            match = start.match(line)
            if match:
                group = self.lines[int(match.group(2))]
                seen.append(int(match.group(2)))
                out.append(match.group(1) + group[0].lstrip())
                out.extend(group[1:])
            else:
                out.append(line)
        return "\n".join(out)


def _has_code(body: str, token: str) -> bool:
    """Is there a Python statement in this masked cell, other than IPython placeholders?"""
    rest = re.sub(rf"^[ \t]*pass  # {token}_\d+$", "", body, flags=re.M)
    try:
        return bool(ast.parse(rest).body)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True  # let the joined module's parse report it, with its cell and line


def _fresh_token(data: bytes) -> str:
    while True:
        token = f"tfm_{secrets.token_hex(6)}"
        if token.encode() not in data:
            return token


@dataclass
class _Cell:
    index: int  # in notebook["cells"]
    text: str  # masked, ending in "\n"
    had_newline: bool
    first_line: int  # of the joined module, 1-based


def migrate_notebook(data: bytes, path: str = "-", rules=None, options=None) -> tuple[bytes, list[Finding]]:
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"not a valid notebook: {exc}") from None
    _check_cells(cells)
    masks = _Masks(_fresh_token(data))
    parts: list[_Cell] = []
    line = 1
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        if source.lstrip().startswith("%%"):
            continue  # a cell magic: the whole cell is not Python
        body = masks.mask(source)
        if not _has_code(body, masks.token):
            continue  # comments and IPython lines only: nothing to migrate, and nothing to lose
        text = body if body.endswith("\n") else body + "\n"
        parts.append(_Cell(index, text, body.endswith("\n"), line))
        line += text.count("\n")
    if not parts:
        return data, []
    joined = "".join(p.text for p in parts)
    try:
        migrated, findings = migrate_python(joined.encode("utf-8"), path, rules, options)
    except SourceError as exc:
        raise SourceError(_cell_message(str(exc), parts)) from None
    findings = [_in_cell(f, parts) for f in findings]  # in the input's lines (engine/coordinates.py)
    if migrated == joined.encode("utf-8"):
        return data, findings

    texts = split_program(joined, migrated.decode("utf-8"), parts)
    seen: list[int] = []
    changed = {}
    for part, text in zip(parts, texts):
        if text == part.text:
            continue
        if not part.text.startswith("\n"):  # the blank lines a new top-level def brings along
            text = text.lstrip("\n")
        if not part.had_newline and text.endswith("\n"):
            text = text[:-1]
        changed[part.index] = masks.restore(text, seen)
    for part in parts:  # placeholders in unchanged cells are restored by keeping the cell
        if part.index not in changed:
            seen.extend(int(n) for n in re.findall(rf"pass  # {masks.token}_(\d+)$", part.text, re.M))
    if sorted(seen) != list(range(len(masks.lines))):
        lost = sorted(set(range(len(masks.lines))) - set(seen))
        where = ", ".join(masks.lines[n][0].strip() for n in lost) or "a magic appears twice"
        raise SourceError(f"the migration would drop or repeat IPython lines ({where}); notebook not migrated")
    for index, text in changed.items():
        cell = cells[index]
        cell["source"] = text.splitlines(keepends=True) if isinstance(cell.get("source"), list) else text
    return _dump(notebook, data), findings


def _dump(notebook: dict, data: bytes) -> bytes:
    """JSON in the file's own layout (indent, ASCII escapes, CRLF, BOM, final newline): a small diff."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    layout = re.match(rb"\{\r?\n([ \t]+)\"", body.lstrip(b" \t\r\n"))
    indent = layout.group(1).decode() if layout else None
    indent = len(indent) if indent and indent.strip(" ") == "" else indent
    text = json.dumps(notebook, indent=indent, ensure_ascii=body.isascii())
    text += "\n" if body.endswith(b"\n") else ""
    if b"\r\n" in body:
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if body is not data else b"") + text.encode("utf-8")


# -- putting the migrated program back into cells ---------------------------------------------


@dataclass
class _Stmt:
    code: str  # without its leading lines
    leading: list[str]
    first: int  # joined line of its first leading line
    cell: int = -1  # position in ``parts``
    source: int | None = None  # index of the input statement it comes from


def _statements(module: cst.Module, line_part: list[int] | None) -> tuple[list[str], list[_Stmt], list[str]]:
    header = [module.code_for_node(e) for e in module.header]
    line = 1 + "".join(header).count("\n")
    stmts = []
    for node in module.body:
        leading = [module.code_for_node(e) for e in node.leading_lines]
        code = module.code_for_node(node.with_changes(leading_lines=()))
        stmt = _Stmt(code, leading, line)
        line += "".join(leading).count("\n")
        if line_part is not None:
            stmt.cell = line_part[min(line, len(line_part) - 1)]
        line += code.count("\n")
        stmts.append(stmt)
    return header, stmts, [module.code_for_node(e) for e in module.footer]


def split_program(joined: str, migrated: str, parts: list[_Cell]) -> list[str]:
    """``migrated`` (the migration of ``joined``) cut into one text per cell of ``parts``, in order."""
    line_part = [0]
    for n, part in enumerate(parts):
        line_part += [n] * part.text.count("\n")
    line_part.append(len(parts) - 1)
    old_header, old, old_footer = _statements(cst.parse_module(joined), line_part)
    new_header, new, new_footer = _statements(cst.parse_module(migrated), None)
    matcher = difflib.SequenceMatcher(None, [s.code for s in old], [s.code for s in new], autojunk=False)
    last = len(parts) - 1
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                new[j].cell, new[j].source = old[i].cell, i
            continue
        lo = old[i1 - 1].cell if i1 else 0
        hi = old[i2].cell if i2 < len(old) else last
        _place(new[j1:j2], new[j2:], old, i1, i2, lo, hi)
    texts = [""] * len(parts)
    cell = 0
    _spread(texts, new_header, old_header, 1, line_part, 0, new[0].cell if new else 0)
    for stmt in new:
        floor = cell
        cell = stmt.cell
        source = old[stmt.source] if stmt.source is not None else None
        kept = len(source.leading) if source is not None else 0
        if source is not None and source.cell == cell and stmt.leading[len(stmt.leading) - kept:] == source.leading:
            # lines the migration added before it end the previous cell; its own go back where they were
            texts[floor] += "".join(stmt.leading[: len(stmt.leading) - kept])
            _spread(texts, source.leading, source.leading, source.first, line_part, floor, cell)
        else:
            texts[cell] += "".join(stmt.leading)
        texts[cell] += stmt.code
    old_footer_first = len(line_part) - 1 - "".join(old_footer).count("\n")
    present = set(migrated.splitlines(keepends=True))
    for i, stmt in enumerate(old):  # a comment ending a cell, dropped with the converted statement after it
        line = stmt.first
        for text in stmt.leading:
            if line_part[line] < stmt.cell and text.strip() and text not in present:
                texts[line_part[line]] += text
            line += text.count("\n")
    if new_footer == old_footer:
        _spread(texts, new_footer, old_footer, old_footer_first, line_part, cell, last)
    else:
        texts[cell] += "".join(new_footer)
    return texts


def _spread(texts, new_lines, old_lines, first, line_part, floor, ceiling) -> None:
    """Give each unchanged leading/trailing line back to its cell (a comment ending cell A stays
    in A); changed ones go to ``ceiling``, the cell of what follows them."""
    ceiling = max(floor, ceiling)
    if new_lines != old_lines:
        texts[ceiling] += "".join(new_lines)
        return
    line = first
    for text in new_lines:
        texts[min(max(line_part[min(line, len(line_part) - 1)], floor), ceiling)] += text
        line += text.count("\n")


def _place(gap: list[_Stmt], after: list[_Stmt], old: list[_Stmt], i1: int, i2: int, lo: int, hi: int) -> None:
    """Cells for the changed/new statements between two unchanged ones (cells ``lo``..``hi``)."""
    hints: list[int | None] = []
    for stmt in gap:
        best, source = max(((_similarity(stmt.code, old[i].code), i) for i in range(i1, i2)), default=(0.0, None))
        if source is not None and best >= _SIMILAR:
            stmt.cell, stmt.source = old[source].cell, source
        else:
            stmt.cell = -1
        hints.append(old[source].cell if source is not None and best > 0.2 else None)
    # code the conversion created: into the first cell that reads what it binds (imports stay up)
    following = gap + after
    for k in range(len(gap) - 1, -1, -1):
        stmt = gap[k]
        if stmt.cell >= 0 or _is_import(stmt.code):
            continue
        names = _binds(stmt.code)
        readers = [s.cell for s in following[k + 1:] if s.cell >= 0 and names & _reads(s.code)]
        stmt.cell = readers[0] if readers else hints[k] if hints[k] is not None else -1
    previous = lo
    for stmt in gap:
        cell = stmt.cell if stmt.cell >= 0 else previous
        stmt.cell = previous = min(max(cell, previous), hi)


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _tokens(a), _tokens(b), autojunk=False).ratio()


def _tokens(code: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", code)


def _is_import(code: str) -> bool:
    return code.lstrip().startswith(("import ", "from "))


def _binds(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        for sub in ast.walk(node) if not isinstance(node, (ast.FunctionDef, ast.ClassDef)) else ():
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                names.add(sub.id)
    return names


def _reads(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set(_tokens(code))
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


# -- positions ---------------------------------------------------------------------------------


def _cell_of(line: int, parts: list[_Cell]) -> _Cell | None:
    for part in reversed(parts):
        if line >= part.first_line:
            return part
    return None


def _in_cell(finding: Finding, parts: list[_Cell]) -> Finding:
    part = _cell_of(finding.line, parts)
    if part is None or finding.line <= 0:
        return finding
    within = min(finding.line - part.first_line + 1, max(1, part.text.count("\n")))
    return replace(finding, cell=part.index, line=within)


def _cell_message(message: str, parts: list[_Cell]) -> str:
    """``syntax error at line 12, ...`` of the joined module -> ``... in cell 3, line 2, ...``."""
    match = re.search(r"\bline (\d+)", message)
    part = _cell_of(int(match.group(1)), parts) if match else None
    if part is None:
        return message
    within = int(match.group(1)) - part.first_line + 1
    return message[: match.start()] + f"cell {part.index + 1}, line {within}" + message[match.end():]


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
