"""Multi-GPU towers (TFM137): reported, kept running in graph mode, and the reported recipe gives the same numbers.

``programs/towers.py`` is the CIFAR-10 tower recipe on CPU devices (``ConfigProto(device_count)``);
the graph-to-eager pass refuses it (TFM301), so the migrated file stays in graph mode and TFM137
says the towers were not rewritten. ``programs/towers_mirrored.py`` is the finding's recipe written
out (MirroredStrategy, ``strategy.run`` + ``strategy.reduce``); on one device and on two logical
CPUs (``set_logical_device_configuration``) it prints what the towers print on genuine TF 1.15.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tf1_reference import REPO, tf1_python  # noqa: E402

from migrate.engine.context import Options  # noqa: E402
from migrate.engine.source import migrate_python  # noqa: E402

PROGRAMS = Path(__file__).parent / "programs"
LATEST = REPO / ".venv-latest" / "bin" / "python"
# towers.py on genuine TF 1.15.5 (.venv-tf1), 2 towers; checked again below when .venv-tf1 exists
TF1_LOSSES = [2.217141, 0.670843, 0.516239]
SPLIT = """import runpy, sys
import tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
path = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(path, run_name="__main__")
"""


def _run(python: Path, args: list[str], env: dict | None = None) -> tuple[str | None, list[float]]:
    run = subprocess.run([str(python), *args], capture_output=True, text=True, timeout=240, cwd=str(REPO),
                         env=env if env is not None else dict(os.environ))
    assert run.returncode == 0, run.stderr[-2000:]
    lines = dict(line.split(": ", 1) for line in run.stdout.splitlines() if ": " in line)
    return lines.get("replicas"), [float(v) for v in lines["losses"].split()]


def _migrated(target: str, tmp_path: Path) -> tuple[Path, list]:
    out, findings = migrate_python((PROGRAMS / "towers.py").read_bytes(), "towers.py", options=Options(target=target))
    path = tmp_path / f"{target}_towers.py"
    path.write_bytes(out)
    return path, findings


def test_the_tower_loop_is_reported_and_the_file_stays_in_graph_mode(tmp_path):
    path, findings = _migrated("tf2.15", tmp_path)
    source = path.read_text()
    assert "tf.compat.v1.disable_eager_execution()" in source and "average_gradients(tower_grads)" in source
    towers = [f for f in findings if f.code == "TFM137"]
    assert len(towers) == 1 and not towers[0].fixed and towers[0].line == 38
    assert "MirroredStrategy" in towers[0].message and "stays in graph mode" in towers[0].message
    assert [f.code for f in findings if f.code == "TFM301"] == ["TFM301"]


@pytest.mark.parametrize("target", ["tf2.15", "latest"])
def test_the_migrated_towers_print_the_tf1_losses_on_one_and_two_devices(tmp_path, target):
    python = Path(sys.executable) if target == "tf2.15" else LATEST
    if not python.exists():
        pytest.skip("no .venv-latest (make setup-latest)")
    path, _ = _migrated(target, tmp_path)
    for towers in ("1", "2"):
        assert np.allclose(_run(python, [str(path), towers])[1], TF1_LOSSES, atol=2e-6), towers
    tf1 = tf1_python()
    if tf1 is not None and target == "tf2.15":
        env = {k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"}
        assert np.allclose(_run(tf1, [str(PROGRAMS / "towers.py"), "2"], env)[1], TF1_LOSSES, atol=1e-6)


@pytest.mark.parametrize("target", ["tf2.15", "latest"])
def test_the_recipes_mirrored_strategy_on_two_logical_cpus_matches_one_device_and_the_towers(tmp_path, target):
    python = Path(sys.executable) if target == "tf2.15" else LATEST
    if not python.exists():
        pytest.skip("no .venv-latest (make setup-latest)")
    split = tmp_path / "split.py"
    split.write_text(SPLIT)
    program = str(PROGRAMS / "towers_mirrored.py")
    one = _run(python, [str(split), program, "/cpu:0"])
    two = _run(python, [str(split), program, "/cpu:0,/cpu:1"])
    assert one[0] == "1" and two[0] == "2"
    assert one[1] == two[1]  # the all-reduce of two half batches: the one-device numbers
    assert np.allclose(two[1], TF1_LOSSES, atol=1e-6)
