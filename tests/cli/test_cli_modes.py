"""``tf-migrate rewrite``: diff / --write / --out-dir / --check, exit codes, reports, selection, jobs."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import pytest

from cli_helpers import CLEAN, SAMPLE, SAMPLE_MIGRATED, snapshot


@pytest.fixture
def tree(tmp_path):
    """A small project: one TF1 file, one clean file, a nested TF1 file, a data file, an executable script."""
    root = tmp_path / "proj"
    (root / "pkg").mkdir(parents=True)
    (root / "train.py").write_text(SAMPLE)
    (root / "clean.py").write_text(CLEAN)
    (root / "pkg" / "model.py").write_text(SAMPLE)
    (root / "pkg" / "data.csv").write_text("a,b\n1,2\n")
    (root / "run.py").write_text("#!/usr/bin/env python\n" + SAMPLE)
    (root / "run.py").chmod(0o755)
    return root


def test_default_prints_a_diff_and_writes_nothing(tfm, tree):
    before = snapshot(tree)
    run = tfm("rewrite", tree)
    assert run.code == 1
    assert "-y = tf.log(tf.reduce_sum(x, reduction_indices=1, keep_dims=True))" in run.out
    assert "+y = tf.math.log(tf.reduce_sum(x, axis=1, keepdims=True))" in run.out
    assert run.out.count("+++ ") == 3  # train.py, pkg/model.py, run.py; clean.py has no hunk
    assert snapshot(tree) == before


def test_diff_is_a_patch_that_applies(tfm, tree, tmp_path, monkeypatch):
    monkeypatch.chdir(tree)
    patch = tmp_path / "fix.patch"
    patch.write_text(tfm("rewrite", ".").out)
    subprocess.run(["git", "apply", "-p1", str(patch)], cwd=tree, check=True)
    assert (tree / "train.py").read_text() == SAMPLE_MIGRATED


def test_write_rewrites_in_place_and_keeps_the_mode(tfm, tree):
    run = tfm("rewrite", "--write", tree)
    assert run.code == 1
    assert run.out == ""  # --write alone prints no diff
    assert (tree / "train.py").read_text() == SAMPLE_MIGRATED
    assert (tree / "pkg" / "model.py").read_text() == SAMPLE_MIGRATED
    assert (tree / "clean.py").read_text() == CLEAN
    assert stat.S_IMODE((tree / "run.py").stat().st_mode) == 0o755
    assert not [p for p in tree.rglob("*") if "tf-migrate" in p.name]  # no temp file left behind


def test_write_with_diff_prints_the_diff_too(tfm, tree):
    run = tfm("rewrite", "--write", "--diff", tree / "train.py")
    assert "+y = tf.math.log" in run.out and run.code == 1


def test_second_run_after_write_exits_zero(tfm, tree):
    tfm("rewrite", "--write", tree)
    before = snapshot(tree)
    run = tfm("rewrite", "--write", tree)
    assert run.code == 0
    assert snapshot(tree) == before


def test_check_writes_nothing_and_exits_1(tfm, tree):
    before = snapshot(tree)
    run = tfm("rewrite", "--check", tree)
    assert run.code == 1
    assert run.out == ""
    assert "would rewrite" in run.err and "train.py" in run.err
    assert snapshot(tree) == before


def test_check_with_diff_still_writes_nothing(tfm, tree):
    before = snapshot(tree)
    run = tfm("rewrite", "--check", "--diff", tree)
    assert run.code == 1 and "+y = tf.math.log" in run.out
    assert snapshot(tree) == before


def test_check_on_clean_code_exits_0(tfm, tree):
    assert tfm("rewrite", "--check", tree / "clean.py").code == 0


def test_out_dir_copies_the_tree_and_migrates_the_copy(tfm, tree, tmp_path):
    before = snapshot(tree)
    out = tmp_path / "out"
    run = tfm("rewrite", "--out-dir", out, tree)
    assert run.code == 1
    assert snapshot(tree) == before
    copy = out / "proj"
    assert (copy / "train.py").read_text() == SAMPLE_MIGRATED
    assert (copy / "pkg" / "model.py").read_text() == SAMPLE_MIGRATED
    assert (copy / "clean.py").read_text() == CLEAN
    assert (copy / "pkg" / "data.csv").read_text() == "a,b\n1,2\n"
    assert stat.S_IMODE((copy / "run.py").stat().st_mode) == 0o755
    assert (copy / "run.py").read_text().startswith("#!/usr/bin/env python\n")


def test_out_dir_migrates_a_symlinked_file_too(tfm, tree, tmp_path):
    (tree / "alias.py").symlink_to("train.py")
    tfm("rewrite", "--out-dir", tmp_path / "out", tree)
    copy = tmp_path / "out" / "proj"
    assert (copy / "alias.py").read_text() == SAMPLE_MIGRATED


def test_out_dir_with_a_single_file(tfm, tree, tmp_path):
    tfm("rewrite", "--out-dir", tmp_path / "out", tree / "train.py")
    assert (tmp_path / "out" / "train.py").read_text() == SAMPLE_MIGRATED
    assert (tree / "train.py").read_text() == SAMPLE


def test_exit_0_when_nothing_changes(tfm, tree):
    run = tfm("rewrite", tree / "clean.py")
    assert (run.code, run.out) == (0, "")


def test_exit_2_when_a_file_cannot_be_processed(tfm, tmp_path):
    (tmp_path / "py2.py").write_text('print "x"\n')
    run = tfm("rewrite", tmp_path / "py2.py")
    assert run.code == 2
    assert "py2.py: error: syntax error" in run.err and "Python 2" in run.err


def test_exit_3_when_both(tfm, tree):
    (tree / "py2.py").write_text('print "x"\n')
    assert tfm("rewrite", tree).code == 3


def test_missing_path_is_an_error(tfm, tmp_path):
    run = tfm("rewrite", tmp_path / "nope.py")
    assert run.code == 2 and "no such file" in run.err


def test_summary_line_comes_last(tfm, tree):
    run = tfm("rewrite", tree)
    last = run.err.strip().splitlines()[-1]
    assert last.startswith("tf-migrate: 4 files, 3 changed, 0 failed;")
    assert "6 fixes, 3 warnings, 0 errors" in last


def test_placeholder_warning_is_printed_with_its_location(tfm, tree):
    run = tfm("rewrite", tree / "train.py")
    assert f"{tree / 'train.py'}:2:5: warning TFM900" in run.err


def test_quiet_prints_only_the_summary(tfm, tree):
    run = tfm("rewrite", "-q", tree)
    assert run.out == ""
    assert run.err.strip().count("\n") == 0 and run.err.startswith("tf-migrate:")


# --- reports ---------------------------------------------------------------------------------


def test_json_report_lists_every_finding_with_its_location(tfm, tree, tmp_path):
    report = tmp_path / "report.json"
    tfm("rewrite", "--report", report, tree)
    data = json.loads(report.read_text())
    assert data["summary"]["files"] == 4 and data["summary"]["changed"] == 3
    by_path = {f["path"]: f for f in data["files"]}
    findings = by_path[str(tree / "train.py")]["findings"]
    codes = sorted((f["code"], f["line"], f["col"], f["fixed"]) for f in findings)
    assert ("TFM900", 2, 5, False) in codes
    assert any(code == "TFM100" and line == 3 and fixed for code, line, _, fixed in codes)
    assert any(code == "TFM101" and line == 3 and fixed for code, line, _, fixed in codes)
    assert all(f["path"] == str(tree / "train.py") for f in findings)


def test_json_report_includes_failures(tfm, tree, tmp_path):
    (tree / "broken.py").write_text("def f(:\n")
    report = tmp_path / "r.json"
    assert tfm("rewrite", "--report", report, tree).code == 3
    entry = {f["path"]: f for f in json.loads(report.read_text())["files"]}[str(tree / "broken.py")]
    assert entry["error"] and entry["findings"][0]["severity"] == "error"


def test_markdown_report_opens_with_the_attention_counts(tfm, tree, tmp_path):
    (tree / "broken.py").write_text("def f(:\n")
    report = tmp_path / "report.md"
    tfm("rewrite", "--report", report, tree)
    text = report.read_text()
    head = [line for line in text.splitlines() if line.strip() and not line.startswith("# ")][0]
    assert "4 findings need attention" in head and "1 errors" in head and "3 warnings" in head
    assert f"`{tree / 'train.py'}:2:5`" in text
    assert text.index("| error |") < text.index("| warning |") < text.index("| info |")


def test_report_with_a_bad_suffix_is_refused(tfm, tree, tmp_path):
    before = snapshot(tree)
    run = tfm("rewrite", "--write", "--report", tmp_path / "r.txt", tree)
    assert run.code == 2 and ".json, .md or .sarif" in run.err
    assert snapshot(tree) == before


def test_report_into_a_missing_directory_is_a_clear_error(tfm, tree, tmp_path):
    run = tfm("rewrite", "--report", tmp_path / "nope" / "r.json", tree)
    assert run.code & 2 and "r.json" in run.err


# --- rule selection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "flag, value, kept, changed",
    [
        pytest.param("--select", "TFM100", "reduction_indices=1", "tf.math.log", id="select a code keeps other rules off"),
        pytest.param("--ignore", "TFM100", "tf.log(", "axis=1", id="ignore a code keeps other rules on"),
        pytest.param("--ignore", "TFM10", "tf.log(", "", id="ignore a prefix"),
        pytest.param("--select", "renames", "keep_dims=True", "tf.math.log", id="select a family"),
    ],
)
def test_select_and_ignore(tfm, tree, flag, value, kept, changed):
    tfm("rewrite", "--write", flag, value, tree / "train.py")
    text = (tree / "train.py").read_text()
    assert kept in text and changed in text


def test_unknown_rule_code_is_a_clear_error(tfm, tree):
    before = snapshot(tree)
    run = tfm("rewrite", "--write", "--select", "TFM999", tree)
    assert run.code == 2 and "TFM999" in run.err and "Traceback" not in run.err
    assert snapshot(tree) == before


# --- jobs ------------------------------------------------------------------------------------


def test_parallel_jobs_give_the_same_results_as_serial(tfm, tree, tmp_path):
    for i in range(6):
        (tree / f"extra{i}.py").write_text(SAMPLE.replace("[None, 4]", f"[None, {i}]"))
    (tree / "py2.py").write_text('print "x"\n')
    serial = tfm("rewrite", "--report", tmp_path / "s.json", tree)
    parallel = tfm("rewrite", "--jobs", "2", "--report", tmp_path / "p.json", tree)
    assert (serial.code, serial.out, serial.err) == (parallel.code, parallel.out, parallel.err)
    assert (tmp_path / "s.json").read_text() == (tmp_path / "p.json").read_text()
    assert serial.code == 3


# --- rules command ---------------------------------------------------------------------------


def test_rules_lists_every_rule(tfm):
    from migrate.engine.rule import all_rules

    run = tfm("rules")
    assert run.code == 0
    lines = run.out.splitlines()
    assert len(lines) == len(all_rules()) >= 10
    for rule, line in zip(all_rules(), lines):
        assert line.startswith(rule.code) and rule.family in line and rule.safety.value in line


def test_out_dir_inside_the_tree_is_not_copied_into_itself(tfm, tree, monkeypatch):
    monkeypatch.chdir(tree)
    first = tfm("rewrite", "--out-dir", "migrated", ".")
    second = tfm("rewrite", "--out-dir", "migrated", ".")
    assert first.err.splitlines()[-1] == second.err.splitlines()[-1]
    assert not (tree / "migrated" / "migrated").exists()
    assert (tree / "migrated" / "train.py").read_text() == SAMPLE_MIGRATED


def test_out_dir_keeps_a_read_only_file_read_only(tfm, tree, tmp_path):
    (tree / "train.py").chmod(0o444)
    run = tfm("rewrite", "--out-dir", tmp_path / "out", tree)
    copy = tmp_path / "out" / "proj" / "train.py"
    assert run.code == 1 and copy.read_text() == SAMPLE_MIGRATED
    assert stat.S_IMODE(copy.stat().st_mode) == 0o444


def test_out_dir_parent_path(tfm, tree, tmp_path, monkeypatch):
    monkeypatch.chdir(tree / "pkg")
    tfm("rewrite", "--out-dir", tmp_path / "out", "..")
    assert (tmp_path / "out" / "proj" / "train.py").read_text() == SAMPLE_MIGRATED
    assert not (tmp_path / "train.py").exists()
