"""Every legacy/modern example pair, on tiny data: the TF2 twin must match step by step, and learn.

One harness call runs all pairs (one worker process per column), then each
pair is asserted on separately. With one seed the accuracy verdict is
"inconclusive" by design, so here accuracy is only required to beat chance.
"""

import dataclasses

import pytest

from migrate.verify import PAIRS, harness

SAMPLE_SLOW = False  # the cases share one expensive module fixture: sampling them saves nothing (tests/conftest.py)

pytestmark = pytest.mark.slow

TINY_IMAGES = {"epochs": 3, "limit_train": 384, "limit_test": 120}


def tiny(pair):
    quick = {**pair.quick, **({"epochs": 10} if pair.quick.get("data") == "iris" else TINY_IMAGES)}
    return dataclasses.replace(pair, quick=quick, step_steps=10)


@pytest.fixture(scope="module")
def reports(run_once):
    def compute():
        pairs = [tiny(p) for p in PAIRS.values()]
        # the codemod column has its own tests (tests/verify/test_codemod_column.py)
        reports = harness.verify(pairs, seeds=1, quick=True, device="cpu", progress=False, codemod=False)
        return {r["pair"]: r for r in reports}

    return run_once("examples_tiny_pairs", compute)


def test_there_are_at_least_seven_pairs():
    assert len(PAIRS) >= 7
    for pair in PAIRS.values():
        assert pair.legacy.name == pair.modern.name and pair.legacy.exists() and pair.modern.exists()


@pytest.mark.parametrize("name", list(PAIRS))
def test_pair_runs_without_errors(reports, name):
    r = reports[name]
    assert r["legacy"]["errors"] == [] and r["modern"]["errors"] == []


@pytest.mark.parametrize("name", list(PAIRS))
def test_step_level_losses_match(reports, name):
    step = reports[name]["step_check"]
    assert step["passed"], step
    assert step["steps"] == 10


@pytest.mark.parametrize("name", list(PAIRS))
def test_both_columns_learn_above_chance(reports, name):
    r = reports[name]
    chance = {"iris": 1 / 3}.get(r["legacy"]["dataset"], 1 / 10)
    for column in ("legacy", "modern"):
        assert r[column]["accuracies"][0] > chance + 0.1, (column, r[column]["accuracies"])


@pytest.mark.parametrize("name", list(PAIRS))
def test_results_name_the_dataset_and_device(reports, name):
    r = reports[name]
    for column in ("legacy", "modern"):
        run = r[column]["runs"][0]
        assert run["dataset"] in ("mnist", "digits28", "iris")
        assert run["dataset_is_standin"] == (run["dataset"] == "digits28")
        assert "CPU:0" in run["device"]
        assert run["steps"] == len(run["losses"]) and run["steps_per_sec"] > 0
