"""The pure verdict functions: step-level loss comparison and the accuracy band."""

import math

import pytest

from migrate.verify import verdict
from migrate.verify.harness import DeviceError, resolve_device


@pytest.mark.parametrize(
    "legacy, modern, passed, first_bad",
    [
        pytest.param([2.3, 2.1, 1.9], [2.3, 2.1, 1.9], True, None, id="identical losses pass"),
        pytest.param([2.3, 2.1, 1.9], [2.3 + 1e-6, 2.1 - 1e-6, 1.9], True, None, id="float32 rounding passes"),
        pytest.param([2.3, 2.1, 1.9], [2.3, 2.1 + 1e-3, 1.9], False, 1, id="a 1e-3 jump fails at its step"),
        pytest.param([2.3, 2.1], [2.3, math.nan], False, 1, id="nan fails"),
        pytest.param([100.0], [100.0 + 5e-4], True, None, id="rtol scales with the loss"),
        pytest.param([100.0], [100.0 + 5e-3], False, 0, id="but only up to 1e-5 relative"),
    ],
)
def test_compare_losses(legacy, modern, passed, first_bad):
    check = verdict.compare_losses(legacy, modern)
    assert check.passed is passed
    assert check.first_bad_step == first_bad


def test_compare_losses_only_looks_at_the_first_k_steps():
    assert verdict.compare_losses([1.0, 1.0, 5.0], [1.0, 1.0, 9.0], k=2).passed


def test_compare_losses_fails_when_fewer_than_k_steps_ran():
    check = verdict.compare_losses([1.0], [1.0], k=5)
    assert not check.passed and "only 1 of 5" in check.reason


def test_compare_losses_fails_on_empty():
    assert not verdict.compare_losses([], []).passed


def test_mean_std_uses_sample_std():
    assert verdict.mean_std([1.0, 3.0]) == (2.0, math.sqrt(2.0))
    assert verdict.mean_std([0.5]) == (0.5, 0.0)


@pytest.mark.parametrize(
    "a, b, equivalent",
    [
        pytest.param([0.90, 0.91, 0.92], [0.90, 0.91, 0.92], True, id="same samples are equivalent"),
        pytest.param([0.90, 0.90, 0.90], [0.915, 0.915, 0.915], True, id="zero spread: the 0.02 floor applies"),
        pytest.param([0.90, 0.90, 0.90], [0.93, 0.93, 0.93], False, id="zero spread, 0.03 apart: not equivalent"),
        pytest.param([0.80, 0.90, 0.70, 0.85, 0.75], [0.85, 0.75, 0.90, 0.80, 0.95], True,
                     id="noisy seeds widen the band to 2 standard errors"),
        pytest.param([0.90, 0.91, 0.89, 0.90, 0.91], [0.10, 0.11, 0.09, 0.10, 0.12], False,
                     id="a broken twin at chance level is not equivalent"),
        pytest.param([0.9], [0.2], None, id="one seed is inconclusive, never a verdict"),
    ],
)
def test_accuracy_verdict(a, b, equivalent):
    assert verdict.accuracy_verdict(a, b).equivalent is equivalent


def test_accuracy_bound_is_two_welch_standard_errors():
    v = verdict.accuracy_verdict([0.8, 0.9], [0.7, 0.9])
    se = math.sqrt(verdict.mean_std([0.8, 0.9])[1] ** 2 / 2 + verdict.mean_std([0.7, 0.9])[1] ** 2 / 2)
    assert v.bound == pytest.approx(2 * se)
    assert v.delta == pytest.approx(-0.05)


def test_floor_is_at_least_one_test_example():
    a, b = [1.0, 1.0, 1.0, 1.0, 29 / 30], [29 / 30, 1.0, 29 / 30, 29 / 30, 29 / 30]
    assert verdict.accuracy_verdict(a, b).bound == pytest.approx(0.02)
    v = verdict.accuracy_verdict(a, b, n_test=30)
    assert v.bound == pytest.approx(1 / 30) and v.equivalent
    assert not verdict.accuracy_verdict([1.0] * 3, [28 / 30] * 3, n_test=30).equivalent  # two examples


def test_accuracy_verdict_needs_values():
    with pytest.raises(ValueError):
        verdict.accuracy_verdict([], [0.5])


@pytest.mark.parametrize(
    "step, acc, errors, expected",
    [
        (True, True, False, "equivalent"),
        (True, None, False, "inconclusive"),
        (False, True, False, "NOT equivalent"),
        (True, False, False, "NOT equivalent"),
        (False, None, False, "NOT equivalent"),
        (True, True, True, "NOT equivalent"),
    ],
)
def test_overall_verdict(step, acc, errors, expected):
    assert verdict.overall_verdict(step, acc, errors) == expected


@pytest.mark.parametrize(
    "requested, gpus, expected",
    [("auto", 0, "cpu"), ("auto", 1, "gpu"), ("cpu", 2, "cpu"), ("gpu", 1, "gpu")],
)
def test_resolve_device(requested, gpus, expected):
    assert resolve_device(requested, gpus) == expected


def test_resolve_device_gpu_without_gpu_is_an_error():
    with pytest.raises(DeviceError, match="no GPU"):
        resolve_device("gpu", 0)
