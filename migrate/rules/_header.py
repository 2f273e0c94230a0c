"""Where a rule may insert module-level code: after the file's imports, never before its TensorFlow import."""

from __future__ import annotations

import libcst as cst


def _imports_tensorflow(statement: cst.BaseStatement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        if isinstance(small, cst.Import) and any(
                cst.Module([]).code_for_node(a.name).split(".")[0] == "tensorflow" for a in small.names):
            return True
        if isinstance(small, cst.ImportFrom) and small.module is not None and small.relative == () and (
                cst.Module([]).code_for_node(small.module).split(".")[0] == "tensorflow"):
            return True
    return False


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
    for i, statement in enumerate(body):
        if _imports_tensorflow(statement):
            return max(end, i + 1)
    return end
