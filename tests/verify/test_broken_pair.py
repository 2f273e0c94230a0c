"""The harness must flag a TF2 twin that does not do what its TF1 original does."""

import dataclasses
import json
from pathlib import Path

import pytest

from migrate import cli
from migrate.verify import PAIRS, harness

SAMPLE_SLOW = False  # the cases share one expensive module fixture: sampling them saves nothing (tests/conftest.py)

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def reports(run_once):
    return run_once("verify_broken_pairs", _compute)


def _compute():
    good = dataclasses.replace(
        PAIRS["softmax_regression"],
        quick={"epochs": 2, "batch_size": 50, "limit_train": 300, "limit_test": 100}, step_steps=5)
    pairs = [good] + [
        dataclasses.replace(good, name=name, modern=HERE / "broken_twins" / f"{name}.py")
        for name in ("softmax_wrong_lr", "softmax_no_softmax")
    ]
    return {r["pair"]: r for r in harness.verify(pairs, seeds=2, quick=True, device="cpu", progress=False)}


def test_the_real_twin_is_equivalent(reports):
    r = reports["softmax_regression"]
    assert r["step_check"]["passed"], r["step_check"]
    assert r["verdict"] == "equivalent"


@pytest.mark.parametrize("name", ["softmax_wrong_lr", "softmax_no_softmax"])
def test_a_broken_twin_is_not_equivalent(reports, name):
    r = reports[name]
    assert r["verdict"] == "NOT equivalent"
    assert not r["step_check"]["passed"]
    assert r["step_check"]["first_bad_step"] <= 1  # caught within two steps
    assert not r["legacy"]["errors"] and not r["modern"]["errors"]  # it ran; it is just wrong


def test_codemod_column_measures_the_migrated_legacy_file(reports):
    # The three pairs share one legacy file: one migration, one set of codemod runs, whatever it produced.
    c = reports["softmax_regression"]["codemod"]
    same = json.dumps(c, sort_keys=True)  # (a failed column's mean is nan, and nan != nan)
    assert all(json.dumps(reports[name]["codemod"], sort_keys=True) == same
               for name in ("softmax_wrong_lr", "softmax_no_softmax"))
    assert c["target"] == harness.codemod_target() and c["source"].endswith("legacy_examples/softmax_regression.py")
    if c["status"] == "ran":  # numbers only from runs that finished
        assert len(c["accuracies"]) == 2 and not c["errors"] and c["verdict"] != "error"
    else:
        assert c["verdict"] == "error" and c["accuracies"] == [] and c["errors"]
        assert c["status"] == f"run failed: {c['errors'][0]}"


def test_verify_rejects_unknown_pairs(capsys):
    assert cli.main(["verify", "no_such_pair"]) == 2
    assert "unknown pair" in capsys.readouterr().err


def test_verify_gpu_without_gpu_exits_2(capsys, monkeypatch):
    monkeypatch.setattr(harness, "count_gpus", lambda: 0)
    assert cli.main(["verify", "--device", "gpu", "softmax_regression"]) == 2
    assert "no GPU" in capsys.readouterr().err
