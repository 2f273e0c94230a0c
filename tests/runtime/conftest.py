"""Helpers for runtime tests: TF1 scripts run in their own process, because activation is process-global."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent / "scripts"


def run_tf1_script(script, *args, keras_home, timeout=300):
    """`python -m migrate run SCRIPT ARGS` with an empty Keras cache (so MNIST means digits28)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["KERAS_HOME"] = str(keras_home)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return subprocess.run(
        [sys.executable, "-m", "migrate", "run", str(SCRIPTS / script), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def tf1_script_runner():
    """`run_tf1_script` itself, for module-scoped fixtures that pick their own Keras home."""
    return run_tf1_script


@pytest.fixture
def run_tf1(tmp_path):
    def run(script, *args):
        return run_tf1_script(script, *args, keras_home=tmp_path)

    return run
