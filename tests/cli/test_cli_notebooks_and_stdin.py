"""Notebooks through the CLI, stdin to stdout, and a second run over migrated code."""

from __future__ import annotations

import json
import shutil

import pytest

from cli_helpers import FIXTURES, SAMPLE, SAMPLE_MIGRATED, snapshot


@pytest.fixture
def notebook(tmp_path):
    path = tmp_path / "training.ipynb"
    shutil.copy(FIXTURES / "training.ipynb", path)
    return path


def test_directory_walk_includes_notebooks(tfm, tmp_path, notebook):
    (tmp_path / "train.py").write_text(SAMPLE)
    run = tfm("rewrite", "--write", tmp_path)
    assert run.code == 1 and "2 files, 2 changed" in run.err
    cells = json.loads(notebook.read_text())["cells"]
    assert "".join(cells[3]["source"]).endswith("tf.math.log(tf.reduce_sum(x, axis=1, keepdims=True))")


def test_notebook_write_keeps_magics_markdown_and_outputs(tfm, notebook):
    original = json.loads(notebook.read_text())
    tfm("rewrite", "--write", notebook)
    migrated = json.loads(notebook.read_text())  # valid JSON out
    assert migrated["cells"][:3] == original["cells"][:3]  # markdown, magics, %%time cell
    assert migrated["cells"][3]["outputs"] == original["cells"][3]["outputs"]
    assert migrated["cells"][3]["source"] == [
        "x = tf.placeholder(tf.float32, [None, 4])\n",
        "y = tf.math.log(tf.reduce_sum(x, axis=1, keepdims=True))",
    ]
    assert migrated["metadata"] == original["metadata"]


def test_notebook_finding_locations_name_the_cell(tfm, notebook, tmp_path):
    run = tfm("rewrite", "--report", tmp_path / "r.json", notebook)
    assert f"{notebook}[cell 4]:1:5: warning TFM900" in run.err
    findings = json.loads((tmp_path / "r.json").read_text())["files"][0]["findings"]
    assert {(f["code"], f["cell"], f["line"]) for f in findings} >= {("TFM900", 3, 1), ("TFM100", 3, 2)}
    report = tmp_path / "r.md"
    tfm("rewrite", "--report", report, notebook)
    assert f"`{notebook}[cell 4]:1:5`" in report.read_text()


def test_notebook_diff_and_check_write_nothing(tfm, notebook):
    before = snapshot(notebook.parent)
    diff = tfm("rewrite", notebook).out
    assert f"+++ {notebook}[cell 4]\n" in diff and "\n+y = tf.math.log(" in diff  # per cell, not JSON
    assert tfm("rewrite", "--check", notebook).code == 1
    assert snapshot(notebook.parent) == before


# --- stdin -----------------------------------------------------------------------------------


def test_stdin_to_stdout(tfm):
    run = tfm("rewrite", "-", stdin=SAMPLE.encode())
    assert run.code == 1
    assert run.out == SAMPLE_MIGRATED
    assert "<stdin>:2:5: warning TFM900" in run.err


def test_stdin_unchanged_exits_0(tfm):
    run = tfm("rewrite", "-", stdin=SAMPLE_MIGRATED.encode())
    assert (run.code, run.out) == (0, SAMPLE_MIGRATED)


@pytest.mark.parametrize(
    "data, message",
    [
        pytest.param(b'print "x"\n', "Python 2", id="python 2"),
        pytest.param(b"import tensorflow\x00\n", "binary", id="binary"),
        pytest.param(b"import tensorflow as tf\nx = " + b"[" * 400 + b"]" * 400 + b"\n", "", id="deeply nested"),
    ],
)
def test_stdin_that_cannot_be_parsed_passes_through(tfm, data, message):
    run = tfm("rewrite", "-", stdin=data)
    assert run.code == 2
    assert run.out.encode() == data
    assert "<stdin>: error" in run.err and message in run.err


def test_stdin_honours_select(tfm):
    run = tfm("rewrite", "--select", "TFM101", "-", stdin=SAMPLE.encode())
    assert "tf.log(tf.reduce_sum(x, axis=1, keepdims=True))" in run.out


@pytest.mark.parametrize("suffix", [".json", ".md"])
def test_stdin_writes_the_report(tfm, tmp_path, suffix):
    report = tmp_path / f"r{suffix}"
    run = tfm("rewrite", "--report", str(report), "-", stdin=SAMPLE.encode())
    assert (run.code, run.out) == (1, SAMPLE_MIGRATED)
    text = report.read_text()
    if suffix == ".json":
        (entry,) = json.loads(text)["files"]
        assert entry["path"] == "<stdin>" and {f["code"] for f in entry["findings"]} >= {"TFM101", "TFM900"}
    else:
        assert "<stdin>" in text and "TFM900" in text


def test_stdin_refuses_a_report_of_unknown_kind(tfm, tmp_path):
    run = tfm("rewrite", "--report", str(tmp_path / "r.txt"), "-", stdin=SAMPLE.encode())
    assert run.code == 2 and "--report must end in .json, .md or .sarif" in run.err
    assert not (tmp_path / "r.txt").exists()


# --- idempotence over realistic TF1 code ------------------------------------------------------


def test_a_second_run_over_migrated_code_changes_nothing(tfm, tmp_path):
    tree = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, tree)
    first = tfm("rewrite", "--write", tree)
    assert first.code == 1, first
    for path in tree.glob("*.py"):
        compile(path.read_bytes(), str(path), "exec")
    assert (tree / "already_tf2.py").read_bytes() == (FIXTURES / "already_tf2.py").read_bytes()
    after_first = snapshot(tree)
    second = tfm("rewrite", "--write", tree)
    assert second.code == 0, second
    assert snapshot(tree) == after_first
    assert "0 changed" in second.err


def test_second_run_reports_no_fixes(tfm, tmp_path):
    """A file that did not change should not claim fixes in the summary."""
    tree = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, tree)
    tfm("rewrite", "--write", tree)
    second = tfm("rewrite", "--check", tree)
    assert " 0 fixes" in second.err.splitlines()[-1], second.err
