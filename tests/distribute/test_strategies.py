"""contrib.distribute strategies -> tf.distribute (TFM135): the migrated programs train to the same numbers.

The programs in ``programs/`` are deterministic (fixed data and weights, no shuffling), so the
losses printed by one device, two logical CPUs (``set_logical_device_configuration``), two workers
on the loopback address (TF_CONFIG) and genuine TF 1.15 must agree.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tf1_reference import REPO, tf1_python  # noqa: E402

from migrate.engine.context import Options  # noqa: E402
from migrate.engine.source import migrate_python  # noqa: E402

PROGRAMS = Path(__file__).parent / "programs"
# Printed by both programs on genuine TF 1.15.5 (.venv-tf1) with one device / one worker; the tests check it
# again when .venv-tf1 exists.
TF1_LOSSES = "7.768536 1.866007 0.746000"
LATEST = REPO / ".venv-latest" / "bin" / "python"
# Runs the migrated file with the CPU split into logical devices first (they must exist before TF starts).
SPLIT = """import runpy, sys
import tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * {n})
path = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(path, run_name="__main__")
"""


def _migrated(name: str, target: str, tmp_path: Path) -> Path:
    source = (PROGRAMS / name).read_bytes()
    out, _ = migrate_python(source, name, options=Options(target=target))
    again, _ = migrate_python(out, name, options=Options(target=target))
    assert again == out, "a second run changes the output"
    path = tmp_path / f"{target}_{name}"
    path.write_bytes(out)
    return path


def _losses(python: Path, args: list[str], env: dict | None = None, timeout: int = 180) -> tuple[int, str]:
    run = subprocess.run([str(python), *args], capture_output=True, text=True, timeout=timeout,
                         env={**os.environ, **(env or {})}, cwd=REPO)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = dict(line.split(": ", 1) for line in run.stdout.splitlines() if ": " in line)
    return int(lines["replicas"]), lines["losses"]


def _split(tmp_path: Path, n: int) -> Path:
    path = tmp_path / f"split{n}.py"
    path.write_text(SPLIT.format(n=n))
    return path


def test_mirrored_rewrite():
    out, findings = migrate_python((PROGRAMS / "keras_mirrored.py").read_bytes(), "keras_mirrored.py")
    assert b"tf.distribute.MirroredStrategy(devices)" in out and b"contrib" not in out.split(b'"""')[-1]
    assert [f.code for f in findings if f.severity.value != "info"] == []


def test_mirrored_two_logical_cpus_match_one_device_and_tf1(tmp_path):
    migrated = _migrated("keras_mirrored.py", "tf2.15", tmp_path)
    split = _split(tmp_path, 2)
    one = _losses(Path(sys.executable), [str(split), str(migrated), "/cpu:0"])
    two = _losses(Path(sys.executable), [str(split), str(migrated), "/cpu:0,/cpu:1"])
    assert one == (1, TF1_LOSSES) and two == (2, TF1_LOSSES)
    python = tf1_python()
    if python is not None:
        env = {k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"}
        tf1 = subprocess.run([str(python), str(PROGRAMS / "keras_mirrored.py"), "/cpu:0"], capture_output=True,
                             text=True, timeout=180, env=env)
        assert tf1.returncode == 0, tf1.stderr[-2000:]
        assert f"losses: {one[1]}" in tf1.stdout


@pytest.mark.skipif(not LATEST.exists(), reason="no .venv-latest (make setup-latest)")
def test_mirrored_on_latest(tmp_path):
    migrated = _migrated("keras_mirrored.py", "latest", tmp_path)
    two = _losses(LATEST, [str(_split(tmp_path, 2)), str(migrated), "/cpu:0,/cpu:1"])
    assert two == (2, TF1_LOSSES)


def _ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("localhost", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_collective_two_workers_on_loopback_match_tf1(tmp_path):
    migrated = _migrated("keras_collective.py", "tf2.15", tmp_path)
    assert b"tf.distribute.MultiWorkerMirroredStrategy()" in migrated.read_bytes()
    workers = [f"localhost:{p}" for p in _ports(2)]
    env = {k: v for k, v in os.environ.items()}
    procs = []
    for index in range(2):
        config = json.dumps({"cluster": {"worker": workers}, "task": {"type": "worker", "index": index}})
        procs.append(subprocess.Popen([sys.executable, str(migrated)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True, env={**env, "TF_CONFIG": config}, cwd=REPO))
    outputs = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            for p in procs:
                p.kill()
            raise
        assert proc.returncode == 0, err[-2000:]
        outputs.append(dict(line.split(": ", 1) for line in out.splitlines() if ": " in line))
    for output in outputs:  # two replicas, each on half of every global batch: the one-worker numbers
        assert output["replicas"] == "2" and output["losses"] == TF1_LOSSES
