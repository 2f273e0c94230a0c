"""Where a rule may insert module-level code: after the file's imports, never before its TensorFlow import."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m


def _is_tf_import(node: cst.CSTNode) -> bool:
    if isinstance(node, cst.Import):
        return any(cst.Module([]).code_for_node(a.name).split(".")[0] == "tensorflow" for a in node.names)
    if isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
        return cst.Module([]).code_for_node(node.module).split(".")[0] == "tensorflow"
    return False


def first_tensorflow_import(body) -> int | None:
    """Index of the first module-level statement that imports TensorFlow (a try/except fallback counts)."""
    for i, statement in enumerate(body):
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            continue
        if any(_is_tf_import(n) for n in m.findall(statement, m.Import() | m.ImportFrom())):
            return i
    return None


def _header_line(statement: cst.BaseStatement) -> str | None:
    """"import" for an import line, "string" for a bare string (docstring, keras-io ``\"\"\"## Setup\"\"\"``)."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return None
    if all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body):
        return "import"
    if all(isinstance(s, cst.Expr) and isinstance(s.value, (cst.SimpleString, cst.ConcatenatedString))
           for s in statement.body):
        return "string"
    return None


def code_start(body: list[cst.BaseStatement] | tuple) -> int:
    """The index after the leading docstrings and imports, and after the first TensorFlow import.

    Strings between imports (notebook-style section titles) do not end the header;
    a TensorFlow import placed after other code (``os.environ[...] = ...``) still
    comes before anything that uses it.
    """
    end = 0
    for i, statement in enumerate(body):
        kind = _header_line(statement)
        if kind is None:
            break
        if kind == "import" or i == 0:
            end = i + 1
    first = first_tensorflow_import(body)
    return end if first is None else max(end, first + 1)
