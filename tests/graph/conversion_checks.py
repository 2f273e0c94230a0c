"""The three checks every graph->eager fixture list gets: converted, refused with the construct named, left alone."""

from __future__ import annotations

from migrate.graph.idiom import tf1_left
from test_eager import codes, migrate


def assert_converts(before: str, after: str) -> None:
    out, findings = migrate(before)
    assert out == after
    assert "TFM300" in codes(findings) and not codes(findings) & {"TFM301", "TFM302"}
    assert tf1_left(out.encode()) == []
    assert migrate(out)[0] == out


def assert_refuses(before: str, line: int, message: str) -> None:
    out, findings = migrate(before)
    assert [(f.line, f.message) for f in findings if f.code == "TFM301"] == [
        (line, f"graph code not converted to eager (line {line}): {message}")]
    assert "TFM302" in codes(findings) and "tf.compat.v1.disable_eager_execution()" in out
    kept = migrate(before, fallback=False)[0]  # other rules' renames aside, the graph code stays
    assert "disable_eager_execution" not in kept and "Session()" in kept and "@tf.function" not in kept


def assert_left_alone(source: str) -> None:
    out, findings = migrate(source)
    assert out == source
    assert not codes(findings) & {"TFM300", "TFM301", "TFM302"}
