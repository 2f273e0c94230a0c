"""Migrated fixtures of ``test_eager.py`` run and print what the TF1 originals printed.

The original runs on the compatibility runtime (``python -m migrate run``); the
migrated program runs on plain TensorFlow of each profile: ``.venv`` (TF 2.15,
Keras 2) and the newest TF with Keras 3 (``.venv-latest`` or
``TF_MIGRATE_LATEST_PYTHON``; skipped with a reason when absent). The chosen
fixtures are deterministic (zeros-initialized weights, full-batch gradient
descent, fixed data), so the printed text must be identical.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.engine.context import Options
from migrate.engine.source import migrate_python
from test_eager import CONVERTED

REPO = Path(__file__).resolve().parents[2]
PYTHONS = {
    "tf2.15": Path(sys.executable),
    "latest": Path(os.environ.get("TF_MIGRATE_LATEST_PYTHON", REPO / ".venv-latest" / "bin" / "python")),
}
RUN = [
    "_, c = sess.run([train_op, cost]) becomes a GradientTape train step with Keras SGD",
    "AdamOptimizer keeps the v1 epsilon explicitly",
    "InteractiveSession op.run and tensor.eval become calls",
    "exponential_decay with global_step becomes a Keras schedule",
    "compute_gradients, clip_by_value and apply_gradients stay in the step",
    "minimize var_list is kept as the variables to train",
    "placeholder_with_default takes its default or the fed literal",
    "tf.losses.log_loss becomes its v1 formula in tf.math ops",
    "grads, variables = zip(*compute_gradients(loss)) then clipping and apply_gradients",
    "tvars = tf.trainable_variables() zipped with clipped gradients; the global norm is fetched",
]
# Keras' Adam computes the update in a different order of float operations than the
# v1 kernel (same formula, same epsilon): the numbers agree to about 2e-6, not bit for bit.
CLOSE = {"AdamOptimizer keeps the v1 epsilon explicitly": 1e-5}
NUMBER = re.compile(r"-?\d+\.\d*(?:e[-+]?\d+)?")
SOURCES = {case.id: case.values[0] for case in CONVERTED}


def run(python: Path, args: list, cwd: Path) -> str:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(REPO), KERAS_HOME=str(cwd))
    proc = subprocess.run([str(python), *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


@functools.cache
def original_output(name: str, tmp: Path) -> str:
    script = tmp / "original.py"
    script.write_text(SOURCES[name])
    return run(sys.executable, ["-m", "migrate", "run", script], tmp)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("originals")


def same_output(got: str, expected: str, rtol: float) -> bool:
    """Equal text, numbers within ``rtol`` (``rtol=0``: identical)."""
    if not rtol:
        return got == expected
    numbers = [(float(a), float(b)) for a, b in zip(NUMBER.findall(got), NUMBER.findall(expected))]
    # numpy pads an array's columns to its widest number: a last digit can move a space ('-0.0706309 ]')
    return (re.sub(r"\s", "", NUMBER.sub("#", got)) == re.sub(r"\s", "", NUMBER.sub("#", expected))
            and all(abs(a - b) <= rtol * max(abs(a), abs(b)) for a, b in numbers))


@pytest.mark.slow  # each case starts TensorFlow two or three times: 15-45 s on a shared machine
@pytest.mark.parametrize("profile", list(PYTHONS))
@pytest.mark.parametrize("name", RUN)
def test_migrated_fixture_prints_what_the_original_printed(name, profile, scratch, tmp_path):
    python = PYTHONS[profile]
    if not python.exists():
        pytest.skip(f"no {profile} profile at {python} (make setup-latest, or set TF_MIGRATE_LATEST_PYTHON)")
    out, findings = migrate_python(SOURCES[name].encode(), "fixture.py", options=Options(target=profile))
    assert not {f.code for f in findings} & {"TFM301", "TFM302"}
    script = tmp_path / "migrated.py"
    script.write_bytes(out)
    folder = scratch / str(RUN.index(name))
    folder.mkdir(exist_ok=True)
    expected = original_output(name, folder)
    assert expected.strip()
    got = run(python, [script], tmp_path)
    assert same_output(got, expected, CLOSE.get(name, 0.0)), f"migrated printed {got!r}, the original {expected!r}"


def test_numbers_are_compared_within_the_tolerance_only_where_asked():
    assert same_output("cost 0.72330236\n", "cost 0.7233012\n", 1e-5)
    assert not same_output("cost 0.72330236\n", "cost 0.7233012\n", 1e-7)
    assert not same_output("cost 0.72330236\n", "cost 0.7233012\n", 0.0)
    assert same_output("W= [-0.03695497 -0.0706309 ]", "W= [-0.03695499 -0.07063092]", 1e-5)
    assert not same_output("W= [-0.03695497 -0.0706309 ]", "b= [-0.03695499 -0.07063092]", 1e-5)
    assert not same_output("loss 0.7233\n", "cost 0.7233\n", 1e-5)
