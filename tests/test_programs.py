"""Whole TF1 programs, written the way tutorials wrote them, migrated and run.

Graph-mode programs still need the graph-to-eager rules, so here both the
original and the migrated file run on the compatibility runtime and must
print the same thing. A program with nothing graph-only in it must run on
plain TF2 after migration, on both profiles.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.engine.source import default_rules, migrate_python

PROGRAMS = Path(__file__).parent / "programs"
REPO = Path(__file__).resolve().parents[1]
LATEST_PYTHON = Path(os.environ.get("TF_MIGRATE_LATEST_PYTHON", REPO / ".venv-latest" / "bin" / "python"))


def migrated(name: str, tmp_path: Path) -> Path:
    source = (PROGRAMS / name).read_bytes()
    out, findings = migrate_python(source, name, default_rules())
    assert out != source and migrate_python(out, name, default_rules())[0] == out
    assert not [f for f in findings if f.code == "TFM001"]
    target = tmp_path / name
    target.write_bytes(out)
    return target


def run(python, args, tmp_path):
    env = dict(os.environ, KERAS_HOME=str(tmp_path), TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(REPO))
    proc = subprocess.run([str(python), *map(str, args)], capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


@pytest.mark.slow
# (mnist_softmax_flags.py reads tensorflow.examples.tutorials.mnist, which only the runtime provides:
# its migrated copy can't run on plain TensorFlow; its rewrite is covered by the corpus tests.)
@pytest.mark.parametrize("name", ["mlp_dropout_private.py"])
def test_graph_program_trains_the_same_after_migration(name, tmp_path):
    # The migrated program is eager TF2 now (different random streams, Keras optimizers): it runs on
    # plain TensorFlow, no runtime, and reaches the original's accuracy within the corpus tolerance.
    new = migrated(name, tmp_path)
    args = ["--steps=150"] if "flags" in name else []
    before = run(sys.executable, ["-m", "migrate", "run", PROGRAMS / name, *args], tmp_path)
    after = run(sys.executable, [new, *args], tmp_path)
    assert _accuracy(after) == pytest.approx(_accuracy(before), abs=0.05), (before, after)


def _accuracy(output: str) -> float:
    lines = [line for line in output.splitlines() if "accuracy" in line.lower()]
    assert lines, output
    return float(re.findall(r"[0-9]*\.[0-9]+", lines[-1])[-1])


EXPECTED_EAGER = [
    "exists True listing ['notes.txt']",
    "mean [[1.5], [3.5]]",
    "softmax [0.1192, 0.1192]",
    "argmax [1, 1]",
    "squeezed [3, 1]",
    "log 2.0",
    "gpu True",
]


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["tf2.15", "latest"])
def test_eager_program_runs_on_plain_tf2(profile, tmp_path):
    python = sys.executable if profile == "tf2.15" else LATEST_PYTHON
    if not Path(python).exists():
        pytest.skip(f"no {profile} profile at {python} (make setup-latest)")
    new = migrated("eager_utilities.py", tmp_path)
    text = new.read_text()
    assert "tf.app" not in text and "tf.logging" not in text and "tf.gfile" not in text
    assert run(python, [new, "--name=x"], tmp_path).splitlines() == EXPECTED_EAGER
