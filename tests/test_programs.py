"""Whole TF1 programs, written the way tutorials wrote them, migrated and run.

Graph-mode programs still need the graph-to-eager rules, so here both the
original and the migrated file run on the compatibility runtime and must
print the same thing. A program with nothing graph-only in it must run on
plain TF2 after migration, on both profiles.
"""

import os
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
@pytest.mark.parametrize("name", ["mnist_softmax_flags.py", "mlp_dropout_private.py"])
def test_graph_program_prints_the_same_after_migration(name, tmp_path):
    new = migrated(name, tmp_path)
    before = run(sys.executable, ["-m", "migrate", "run", PROGRAMS / name, "--steps=150"] if "flags" in name else ["-m", "migrate", "run", PROGRAMS / name], tmp_path)
    after = run(sys.executable, ["-m", "migrate", "run", new, "--steps=150"] if "flags" in name else ["-m", "migrate", "run", new], tmp_path)
    assert "accuracy" in before
    assert after == before


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
