"""The metric a script printed, and the diff of the numbers two outputs printed (migrate.verify.printed)."""

import pytest

from migrate.verify.printed import numbers_diff, read_metric

METRICS = [
    pytest.param("step 1, loss 0.9\nfinal accuracy: 0.9133\n", None, 0.9133, "accuracy", id="final-accuracy-line"),
    pytest.param("loss 0.5 accuracy 0.8\nstep 9 loss 0.3\n", None, 0.8, "accuracy",
                 id="accuracy-wins-over-a-later-loss-line"),
    pytest.param("Test set results: cost= 0.91 accuracy= 0.812 time= 0.1", None, 0.812, "accuracy",
                 id="number-after-the-keyword-not-the-first-on-the-line"),
    pytest.param("Accuracy (tensorflow): 0.966667", None, 0.966667, "accuracy", id="keyword-then-parenthesis"),
    pytest.param("epoch 1 loss: 2.5e-01\nepoch 2 loss: 1.25e-01", None, 0.125, "loss", id="last-loss-exponent"),
    pytest.param("Loss: 27.5\n", None, 27.5, "loss", id="capitalised-loss"),
    pytest.param("0.91\n0.9611111\n", r"^\s*([0-9]*\.[0-9]+)\s*$", 0.9611111, "metric", id="user-regex-last-match"),
    pytest.param("score=12 best=0.5\n", r"best=\S+", 0.5, "metric", id="user-regex-without-group"),
]


@pytest.mark.parametrize("stdout, pattern, value, kind", METRICS)
def test_reads_the_final_metric(stdout, pattern, value, kind):
    metric = read_metric(stdout, pattern)
    assert metric is not None and metric.value == pytest.approx(value) and metric.kind == kind


@pytest.mark.parametrize("stdout, pattern", [
    pytest.param("training done\nsaved model\n", None, id="no-metric-line"),
    pytest.param("accurate results follow\n", None, id="a-word-that-only-starts-like-accuracy"),
    pytest.param("final accuracy: 0.9\n", r"^score (\d+)", id="user-regex-never-matches"),
])
def test_no_metric(stdout, pattern):
    assert read_metric(stdout, pattern) is None


def test_identical_outputs_have_no_diff():
    assert numbers_diff("a 1\nb 2\n", "a 1\nb 2\n") == []


def test_a_moved_number_is_one_line_with_both_values():
    assert numbers_diff("step 0, loss 2.30\nfinal accuracy: 0.91\n",
                        "step 0, loss 2.30\nfinal accuracy: 0.93\n") == ["~ final accuracy: 0.91 -> 0.93"]


def test_lines_one_side_printed():
    diff = numbers_diff("Extracting a.gz\nacc 0.9\n", "acc 0.9\nWARNING: deprecated\n")
    assert diff == ["- Extracting a.gz", "+ WARNING: deprecated"]


def test_long_diffs_are_cut_with_a_count():
    diff = numbers_diff("\n".join(f"loss {i}" for i in range(50)), "\n".join(f"loss {i + 1}" for i in range(50)),
                        limit=5)
    assert len(diff) == 6 and diff[-1].startswith("... 45 more")
