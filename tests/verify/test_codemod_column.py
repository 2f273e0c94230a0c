"""The codemod column: the legacy file migrated by tf-migrate, trained under the worker contract.

Three tiny TF1 programs on iris (``codemod_fixtures/``) go through the real
harness: one the codemod keeps in graph mode, one it converts to idiomatic
eager TF2 (idiomatic files and graph-mode fallbacks run in separate worker processes, so the
first's ``disable_eager_execution()`` cannot reach the second), and one whose
migration cannot run on TF2 (it looks ``tf.Session`` up by name). The contract checks run in-process on
programs without TensorFlow.
"""

import dataclasses
from pathlib import Path

import pytest

from migrate.graph.idiom import tf1_left
from migrate.verify import Pair, harness, report, worker
from migrate.verify.pairs import MODERN_DIR

SAMPLE_SLOW = False  # the cases share one expensive module fixture: sampling them saves nothing (tests/conftest.py)

FIXTURES = Path(__file__).parent / "codemod_fixtures"
QUICK = {"epochs": 2, "batch_size": 16, "data": "iris"}


@pytest.fixture(scope="module")
def reports(run_once, tmp_path_factory):
    out = tmp_path_factory.getbasetemp().parent / "codemod_column"  # shared by xdist workers, like run_once

    def compute():
        good = Pair("tiny_softmax", FIXTURES / "tiny_softmax.py", MODERN_DIR / "softmax_regression.py",
                    QUICK, QUICK, step_steps=3, step_batch_size=16)
        broken = dataclasses.replace(good, name="tiny_dynamic_attr", legacy=FIXTURES / "tiny_dynamic_attr.py")
        eager = dataclasses.replace(good, name="tiny_softmax_eager", legacy=FIXTURES / "tiny_softmax_eager.py")
        reports = harness.verify([good, eager, broken], seeds=2, quick=True, device="cpu", progress=False,
                                 codemod_dir=out, target="tf2.15")
        return {r["pair"]: r for r in reports}

    return run_once("verify_codemod_column", compute)


@pytest.mark.slow
def test_the_column_trains_the_codemod_output(reports):
    r = reports["tiny_softmax"]
    c = r["codemod"]
    migrated = Path(c["path"])
    assert migrated.name == "tiny_softmax.py" and migrated.parent.name == "codemod_column"
    expected = harness.migrate_codemod(FIXTURES / "tiny_softmax.py", migrated.with_name("again.py"), "tf2.15")
    assert migrated.read_bytes() == Path(expected["path"]).read_bytes() != (FIXTURES / "tiny_softmax.py").read_bytes()
    assert c["tf1_left"] == tf1_left(migrated.read_bytes())
    assert c["idiomatic"] is (not c["tf1_left"])
    assert c["status"] == "ran" and not c["errors"], c["errors"]
    assert len(c["accuracies"]) == 2 and all(0.0 <= a <= 1.0 for a in c["accuracies"])
    assert all(run["losses"] for run in c["runs"]) and c["steps_per_sec"] > 0
    # judged against the legacy column with the pairs' accuracy rule
    assert c["accuracy"]["mean_a"] == pytest.approx(r["legacy"]["mean"])
    assert c["accuracy"]["mean_b"] == pytest.approx(c["mean"])
    assert c["verdict"] in ("equivalent", "NOT equivalent")
    row = next(line for line in report.markdown_table([r]).splitlines() if line.startswith("| tiny_softmax"))
    assert f"{c['mean']:.3f} ± {c['std']:.3f}" in row and c["verdict"] in row


@pytest.mark.slow
def test_an_idiomatic_migration_runs_eagerly_next_to_a_graph_mode_one(reports):
    graph, eager = reports["tiny_softmax"]["codemod"], reports["tiny_softmax_eager"]["codemod"]
    assert eager["idiomatic"] is True and eager["tf1_left"] == [] and eager["refusals"] == []
    assert "tf.function" in Path(eager["path"]).read_text()
    assert eager["status"] == "ran" and len(eager["accuracies"]) == 2, eager["errors"]
    # zero initial weights and plain SGD on the same batches: the eager program learns what the original learns
    assert eager["verdict"] == "equivalent"
    assert eager["accuracies"] == pytest.approx(reports["tiny_softmax_eager"]["legacy"]["accuracies"], abs=1e-6)
    assert graph["status"] == "ran"  # (its process had eager execution disabled)
    assert graph["graph_mode_fallback"] is True and eager["graph_mode_fallback"] is False  # TFM302 or not
    row = next(line for line in report.markdown_table([reports["tiny_softmax_eager"]]).splitlines()
               if line.startswith("| tiny_softmax_eager"))
    assert " equivalent, idiomatic, step pass, 3 steps, max Δ" in row
    # the eager migration's step check: legacy step arguments and initial weights (a fallback gets none)
    assert eager["step_check"]["passed"] and eager["step_check"]["steps"] == 3 and "step_check" not in graph
    assert eager["step_check"]["losses"][:3] == pytest.approx(
        reports["tiny_softmax_eager"]["step_check"]["legacy_losses"][:3], rel=1e-5, abs=1e-5)


@pytest.mark.slow
def test_a_migration_that_does_not_run_reports_its_error(reports):
    r = reports["tiny_dynamic_attr"]
    assert r["legacy"]["accuracies"] and not r["legacy"]["errors"]  # the TF1 original runs
    c = r["codemod"]
    assert Path(c["path"]).is_file()
    assert c["accuracies"] == [] and c["accuracy"] is None and c["verdict"] == "error"
    assert c["status"].startswith("run failed: AttributeError: module 'tensorflow' has no attribute")
    assert "(at tiny_dynamic_attr.py:" in c["status"]
    table = report.markdown_table([r])
    row = next(line for line in table.splitlines() if line.startswith("| tiny_dynamic_attr"))
    assert "| run failed: AttributeError at tiny_dynamic_attr.py:" in row
    assert f"  - error: {c['errors'][0]}" in table


def test_pairs_sharing_a_legacy_file_share_one_migration(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(harness, "migrate_codemod", lambda source, dest, target: calls.append(dest) or {
        "source": str(source), "path": None, "target": target, "idiomatic": None, "tf1_left": None,
        "refusals": [], "migration_error": "SourceError: syntax error at line 1"})
    monkeypatch.setattr(harness, "_run_worker", lambda column, jobs, *a, **k: {
        j["id"]: {"id": j["id"], "error": "not run in this test"} for j in jobs})
    monkeypatch.setattr(harness, "_test_size", lambda kwargs: 30)
    good = Pair("a", FIXTURES / "tiny_softmax.py", MODERN_DIR / "softmax_regression.py", QUICK, QUICK)
    reports = harness.verify([good, dataclasses.replace(good, name="b")], seeds=1, progress=False,
                             workdir=tmp_path, codemod_dir=tmp_path / "codemod")
    assert [d.name for d in calls] == ["a.py"]
    for r in reports:
        assert r["codemod"]["status"] == "migration failed: SourceError: syntax error at line 1"
        assert r["codemod"]["verdict"] == "error" and r["codemod"]["accuracies"] == []


@pytest.mark.parametrize("idiomatic, fallback, process", [
    (True, False, "eager"),  # nothing in it turns eager execution off
    (False, True, "graph"),  # TFM302 turned it off at import, as every other fallback does
    (False, False, "own_file"),  # e.g. an Estimator program with TF1 names left: a process of its own
])
def test_codemod_files_share_a_worker_only_in_the_same_execution_mode(idiomatic, fallback, process):
    assert harness.codemod_process({"idiomatic": idiomatic, "graph_mode_fallback": fallback}, "own_file") == process


@pytest.mark.parametrize("name, message", [
    ("no_run", "defines no module-level run()"),
    ("narrow_signature", "run() does not accept the harness arguments"),
    ("wrong_result", "run() result lacks test_accuracy, steps_per_sec, dataset, dataset_is_standin"),
])
def test_the_worker_contract_is_checked(name, message):
    job = {"id": name, "path": str(FIXTURES / f"{name}.py"), "kwargs": {"seed": 0, "epochs": 1}}
    with pytest.raises(worker.ContractError, match=message.replace("(", r"\(").replace(")", r"\)")):
        worker.run_job(job, {})


@pytest.mark.parametrize("error, line", [
    ("NameError: name 'tf' is not defined", "NameError: name 'tf' is not defined"),
    ("InvalidArgumentError: Graph execution error:\n\nDetected at node x\n  File ...\nlogits and labels must match",
     "InvalidArgumentError: ... logits and labels must match"),
])
def test_last_line(error, line):
    assert harness.last_line(error) == line


def test_codemod_target_follows_the_installed_tensorflow(monkeypatch):
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "version", lambda name: "2.16.1")
    assert harness.codemod_target() == "latest"
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "2.15.1")
    assert harness.codemod_target() == "tf2.15"
