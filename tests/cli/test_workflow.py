"""A repository's workflow (issue 13): output formats, file selection, config per file, verbose,
editors' stdin, colour, finding positions and the pre-commit hook."""

from __future__ import annotations

import json
import os
import pty
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from cli_helpers import CLEAN, SAMPLE, SAMPLE_MIGRATED

ROOT = Path(__file__).resolve().parents[2]
TFM = str(Path(sys.executable).with_name("tf-migrate"))
WARNED = "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 4])\n"  # TFM900, not fixed


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A work tree: model.py (would change), clean.py, and the current directory there."""
    (tmp_path / "model.py").write_text(SAMPLE)
    (tmp_path / "clean.py").write_text(CLEAN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- output formats ----------------------------------------------------------------------------


def test_json_format_goes_to_stdout_instead_of_the_diff(tfm, repo):
    run = tfm("rewrite", "--output-format", "json", "model.py")
    data = json.loads(run.out)
    assert run.code == 1 and data["summary"]["changed"] == 1
    assert "would rewrite" not in run.err and "TFM900" not in run.err  # the report says it all


def test_markdown_format(tfm, repo):
    run = tfm("rewrite", "--output-format", "markdown", "model.py")
    assert run.out.startswith("# tf-migrate report") and "`model.py:2:5`" in run.out


# The required properties of SARIF 2.1.0 (OASIS sarif-v2.1.0 §3.13-3.34, sarif-schema-2.1.0.json's
# "required" lists and enums for the objects tf-migrate writes); the official schema file is not
# installable offline, so its constraints on these objects are restated here.
SARIF_REQUIRED = {
    "type": "object", "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string"}, "rules": {"type": "array", "items": {
                        "type": "object", "required": ["id"]}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "ruleIndex": {"type": "integer", "minimum": -1},
                        "message": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}]},
                        "suppressions": {"type": "array", "items": {
                            "type": "object", "required": ["kind"],
                            "properties": {"kind": {"enum": ["inSource", "external"]}}}},
                        "locations": {"type": "array", "items": {"type": "object", "properties": {
                            "physicalLocation": {"type": "object", "properties": {
                                "artifactLocation": {"type": "object", "properties": {"uri": {"type": "string"}}},
                                "region": {"type": "object", "properties": {
                                    "startLine": {"type": "integer", "minimum": 1},
                                    "startColumn": {"type": "integer", "minimum": 1}}}}}}}},
                    }}},
            }}},
    },
}


def test_sarif_meets_the_schemas_required_fields(tfm, repo):
    (repo / "ignored.py").write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)  # tf-migrate: ignore\n")
    (repo / "broken.py").write_text("def f(:\n")
    run = tfm("rewrite", "--output-format", "sarif", ".")
    log = json.loads(run.out)
    jsonschema.validate(log, SARIF_REQUIRED)
    (sarif_run,) = log["runs"]
    rules = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    results = sarif_run["results"]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    by_file = {}
    for r in results:
        by_file.setdefault(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], []).append(r)
    assert {"model.py", "ignored.py", "broken.py"} <= set(by_file)
    (warned,) = [r for r in by_file["model.py"] if r["ruleId"] == "TFM900"]
    assert warned["level"] == "warning" and warned["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": 5}
    assert [r["suppressions"][0]["kind"] for r in by_file["ignored.py"]] == ["inSource"]
    assert [r["level"] for r in by_file["broken.py"]] == ["error"]


def test_sarif_report_file(tfm, repo):
    assert tfm("rewrite", "--check", "--report", "out.sarif", "model.py").code == 1
    jsonschema.validate(json.loads((repo / "out.sarif").read_text()), SARIF_REQUIRED)


def test_github_annotations(tfm, repo):
    (repo / "odd, name.py").write_text(WARNED)
    run = tfm("rewrite", "--check", "--output-format", "github", "model.py", "odd, name.py", "clean.py")
    lines = run.out.splitlines()
    assert "::warning file=model.py,line=2,col=5,title=tf-migrate TFM900::tf.placeholder is TF1-only" \
           " (graph mode); no native TF2 name" in lines
    assert any(line.startswith("::warning file=odd%2C name.py,line=2,col=5,") for line in lines)
    assert "::notice file=model.py,line=1,col=1,title=tf-migrate::the migration to TF2 changes this file (tf-migrate rewrite --write applies it)" in lines
    assert not [line for line in lines if "clean.py" in line]
    assert all(line.startswith(("::warning ", "::error ", "::notice ")) for line in lines)


def test_a_format_with_stdin_needs_check(tfm):
    run = tfm("rewrite", "--output-format", "json", "-", stdin=SAMPLE.encode())
    assert run.code == 2 and "needs --check" in run.err
    run = tfm("rewrite", "--check", "--output-format", "json", "-", stdin=SAMPLE.encode())
    assert run.code == 1 and json.loads(run.out)["files"][0]["path"] == "<stdin>"


# --- findings: positions, attention ---------------------------------------------------------------

PROGRAM = (ROOT / "tests/corpus/shapes/mnist_input_data_softmax.py")


def test_findings_after_a_whole_program_rewrite_point_into_the_input(tfm, tmp_path):
    report = tmp_path / "r.json"
    tfm("rewrite", "--check", "--report", report, PROGRAM)
    findings = json.loads(report.read_text())["files"][0]["findings"]
    lines = PROGRAM.read_text().splitlines()
    (renamed,) = [f for f in findings if f["code"] == "TFM101"]
    line = lines[renamed["line"] - 1]
    assert "reduction_indices" in line and line[renamed["col"] - 1:].startswith("tf.reduce_sum(")
    (log,) = [f for f in findings if f["code"] == "TFM100" and "tf.log" in f["message"]]
    assert lines[log["line"] - 1][log["col"] - 1:].startswith("tf.log(")
    converted = [f for f in findings if f["code"] == "TFM300"]
    assert converted and all((f["line"], f["col"]) == (1, 1) for f in converted)  # file-level: 1:1, not 0:0


def test_attention_counts_only_unfixed_findings_and_says_what_to_do(tfm, tmp_path):
    fixed_warning = "import tensorflow as tf\nw = tf.image.resize_images(x, [2, 2], align_corners=True)\n"  # TFM113
    (tmp_path / "a.py").write_text(fixed_warning + "z = tf.placeholder(tf.float32)\n")
    run = tfm("rewrite", "--check", "--report", tmp_path / "r.md", tmp_path / "a.py")
    data = (tmp_path / "r.md").read_text()
    report = json.loads(tfm("rewrite", "--check", "--output-format", "json", tmp_path / "a.py").out)
    unfixed = [f for f in report["files"][0]["findings"] if f["severity"] != "info" and not f["fixed"]]
    fixed = [f for f in report["files"][0]["findings"] if f["severity"] != "info" and f["fixed"]]
    assert fixed, "the example needs a fixed warning"
    assert report["summary"]["attention"] == len(unfixed) == 1
    assert f"**{len(unfixed)} findings need attention** (not fixed)" in data and "What to do:" in data
    assert f"; {len(unfixed)} need attention (not fixed): fix by hand" in run.err.splitlines()[-1]


# --- file selection ---------------------------------------------------------------------------------


def _checked(run) -> set[str]:
    return {line.split("would rewrite ", 1)[1] for line in run.err.splitlines() if line.startswith("would rewrite ")}


def test_exclude_globs_are_repeatable(tfm, repo):
    (repo / "gen").mkdir()
    (repo / "gen" / "m.py").write_text(SAMPLE)
    (repo / "old_m.py").write_text(SAMPLE)
    run = tfm("rewrite", "--check", "--exclude", "gen", "--exclude", "old_*.py", ".")
    assert _checked(run) == {"model.py"}


def test_exclude_from_config_is_relative_to_the_config(tfm, repo):
    (repo / "pyproject.toml").write_text('[tool.tf-migrate]\nexclude = ["/vendor/"]\n')
    (repo / "vendor").mkdir()
    (repo / "vendor" / "v.py").write_text(SAMPLE)
    (repo / "src" / "vendor").mkdir(parents=True)  # anchored: only the top-level vendor/
    (repo / "src" / "vendor" / "s.py").write_text(SAMPLE)
    run = tfm("rewrite", "--check", ".")
    assert _checked(run) == {"model.py", "src/vendor/s.py"}


def test_gitignore_is_respected_in_a_work_tree(tfm, repo):
    (repo / ".git").mkdir()
    (repo / ".gitignore").write_text("build/\n*_gen.py\n")
    (repo / "build").mkdir()
    (repo / "build" / "b.py").write_text(SAMPLE)
    (repo / "pkg").mkdir()
    (repo / "pkg" / "x_gen.py").write_text(SAMPLE)
    (repo / "pkg" / "keep_gen.py").write_text(SAMPLE)
    (repo / "pkg" / ".gitignore").write_text("!keep_gen.py\n")  # a deeper .gitignore wins
    assert _checked(tfm("rewrite", "--check", ".")) == {"model.py", "pkg/keep_gen.py"}
    every = _checked(tfm("rewrite", "--check", "--no-respect-gitignore", "."))
    assert every == {"model.py", "build/b.py", "pkg/x_gen.py", "pkg/keep_gen.py"}


def test_gitignore_outside_a_work_tree_is_not_read(tfm, repo):
    (repo / ".gitignore").write_text("model.py\n")
    assert _checked(tfm("rewrite", "--check", ".")) == {"model.py"}


def test_a_named_file_is_migrated_unless_force_exclude(tfm, repo):
    assert _checked(tfm("rewrite", "--check", "--exclude", "model.py", "model.py")) == {"model.py"}
    run = tfm("rewrite", "--check", "--exclude", "model.py", "--force-exclude", "model.py")
    assert run.code == 0 and _checked(run) == set()


def test_force_exclude_applies_a_folder_above_the_named_file(tfm, repo):
    (repo / "gen").mkdir()
    (repo / "gen" / "m.py").write_text(SAMPLE)
    assert tfm("rewrite", "--check", "--exclude", "gen/", "--force-exclude", "gen/m.py").code == 0


# --- config -----------------------------------------------------------------------------------------


def test_config_is_found_per_file_not_from_the_first_path(tfm, repo):
    for name, body in (("a", 'ignore = ["TFM100"]'), ("b", 'ignore = ["TFM101"]')):
        (repo / name).mkdir()
        (repo / name / "pyproject.toml").write_text(f"[tool.tf-migrate]\n{body}\n")
        (repo / name / "m.py").write_text(SAMPLE)
    run = tfm("rewrite", "a/m.py", "b/m.py")
    a, b = run.out.split("+++ b/b/m.py")
    assert "tf.log(tf.reduce_sum(x, axis=1, keepdims=True))" in a  # TFM100 off in a/
    assert "tf.math.log(tf.reduce_sum(x, reduction_indices=1, keep_dims=True))" in b  # TFM101 off in b/


def test_a_pyproject_without_the_table_does_not_hide_one_above(tfm, repo):
    (repo / "pyproject.toml").write_text('[tool.tf-migrate]\nignore = ["TFM100"]\n')
    (repo / "sub").mkdir()
    (repo / "sub" / "pyproject.toml").write_text('[project]\nname = "sub"\n')
    (repo / "sub" / "m.py").write_text(SAMPLE)
    assert "tf.math.log" not in tfm("rewrite", "sub/m.py").out


def test_config_file_governs_every_path(tfm, repo):
    (repo / "pyproject.toml").write_text('[tool.tf-migrate]\nignore = ["TFM101"]\n')
    (repo / "tfm.toml").write_text('ignore = ["TFM100"]\n')  # top level is the table
    out = tfm("rewrite", "--config", "tfm.toml", "model.py").out
    assert "tf.log(tf.reduce_sum(x, axis=1, keepdims=True))" in out


def test_a_bad_config_file_is_exit_2(tfm, repo):
    (repo / "tfm.toml").write_text('ignore = ["NOPE9"]\n')
    run = tfm("rewrite", "--config", "tfm.toml", "model.py")
    assert run.code == 2 and "tfm.toml" in run.err
    assert tfm("rewrite", "--config", "missing.toml", "model.py").code == 2


# --- verbose, stdin-filename --------------------------------------------------------------------------


def test_verbose_gives_time_and_rules_per_file(tfm, repo):
    run = tfm("rewrite", "--check", "-v", "model.py", "clean.py")
    lines = [line for line in run.err.splitlines() if " s CPU; " in line]
    assert len(lines) == 2
    model, clean = lines
    assert model.startswith("model.py: ") and "rules fired: TFM100, TFM101; reported: TFM900" in model
    assert float(model.split(": ")[1].split(" s")[0]) >= 0
    assert clean.startswith("clean.py: ") and "rules fired: none" in clean


def test_stdin_filename_names_findings_and_finds_its_config(tfm, repo):
    (repo / "pkg").mkdir()
    (repo / "pkg" / "pyproject.toml").write_text('[tool.tf-migrate]\nignore = ["TFM100"]\n')
    run = tfm("rewrite", "--stdin-filename", "pkg/editor.py", stdin=SAMPLE.encode())
    assert run.out == SAMPLE_MIGRATED.replace("tf.math.log(", "tf.log(")
    assert "pkg/editor.py:2:5: warning TFM900" in run.err


def test_stdin_filename_excluded_with_force_exclude_passes_through(tfm, repo):
    run = tfm("rewrite", "--stdin-filename", "gen/x.py", "--exclude", "gen", "--force-exclude", "-",
              stdin=SAMPLE.encode())
    assert run.code == 0 and run.out == SAMPLE


def test_no_path_and_no_stdin_filename_is_an_error(tfm):
    assert tfm("rewrite").code == 2


# --- colour -------------------------------------------------------------------------------------------


def _on_a_tty(argv, cwd, **env) -> str:
    """Run the CLI with stdout and stderr on a pseudo-terminal, as a person sees it."""
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env
    process = subprocess.Popen([TFM, *argv], cwd=cwd, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                               env=environment)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode()


@pytest.mark.slow
def test_colour_on_a_terminal_and_not_with_no_color(repo):
    coloured = _on_a_tty(["rewrite", "model.py"], repo)
    assert "\033[33m warning \033[0m" in coloured and "\033[32m+y = tf.math.log" in coloured
    plain = _on_a_tty(["rewrite", "model.py"], repo, NO_COLOR="1")
    assert "\033[" not in plain and "warning TFM900" in plain


def test_no_colour_in_a_pipe(tfm, repo):
    run = tfm("rewrite", "model.py")  # captured: not a terminal
    assert "\033[" not in run.out + run.err
    assert "\033[31m" in tfm("rewrite", "--color", "always", "model.py").out


# --- pre-commit ---------------------------------------------------------------------------------------

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def _hook(hook_id: str) -> dict:
    (hook,) = [h for h in HOOKS if h["id"] == hook_id]
    return hook


def test_hooks_are_declared_for_python_and_notebooks():
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python" and set(hook["types_or"]) == {"python", "jupyter"}
        assert shlex.split(hook["entry"])[0] == "tf-migrate"


def _run_hook(hook_id: str, files: list[str], cwd: Path):
    """What pre-commit runs: the entry, then the staged file names."""
    entry = shlex.split(_hook(hook_id)["entry"])
    return subprocess.run([TFM, *entry[1:], *files], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_check_hook_fails_when_a_file_would_change_and_writes_nothing(repo):
    failed = _run_hook("tf-migrate", ["model.py", "clean.py"], repo)
    assert failed.returncode == 1 and "would rewrite model.py" in failed.stderr
    assert (repo / "model.py").read_text() == SAMPLE
    assert _run_hook("tf-migrate", ["clean.py"], repo).returncode == 0


@pytest.mark.slow
def test_check_hook_honours_the_projects_exclude(repo):
    (repo / "pyproject.toml").write_text('[tool.tf-migrate]\nexclude = ["model.py"]\n')
    assert _run_hook("tf-migrate", ["model.py"], repo).returncode == 0  # --force-exclude in the entry


@pytest.mark.slow
def test_write_hook_rewrites_in_place(repo):
    done = _run_hook("tf-migrate-write", ["model.py"], repo)
    assert done.returncode == 1 and (repo / "model.py").read_text() == SAMPLE_MIGRATED
