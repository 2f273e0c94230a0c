"""``tf-migrate verify SCRIPT.py [MIGRATED.py]`` (migrate.verify.scripts): a user's own program against its migration.

The end-to-end cases run the CLI on tiny programs (a few seconds per run); the verdict logic is also checked
on recorded runs, without TensorFlow.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from migrate.verify import scripts
from migrate.verify.scripts import Column, ScriptRun

FIXTURES = Path(__file__).parent / "script_fixtures"
REPO = Path(__file__).resolve().parents[2]


def cli(*args, timeout=600, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "migrate", "verify", "--no-progress", "--device", "cpu", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def column(name, values, errors=(), kind="accuracy"):
    runs = [ScriptRun(i, 1.0, 0, value=v, kind=kind) for i, v in enumerate(values)]
    runs += [ScriptRun(len(runs) + i, 1.0, 1, error=e) for i, e in enumerate(errors)]
    return Column(name, f"{name}.py", sys.executable, "tf2", runs)


# --------------------------------------------------------------------------- the verdict on recorded runs

def test_same_distribution_is_equivalent():
    result = scripts.judge(column("original", [0.90, 0.91, 0.92]), column("migrated", [0.91, 0.90, 0.93]))
    assert result["verdict"] == "equivalent" and result["floor_kind"] == "absolute"


def test_a_shift_beyond_the_bound_is_not_equivalent():
    result = scripts.judge(column("original", [0.90, 0.91, 0.92]), column("migrated", [0.80, 0.81, 0.82]))
    assert result["verdict"] == "NOT equivalent"
    assert result["accuracy"]["delta"] == pytest.approx(-0.10)


def test_one_seed_is_inconclusive_never_a_pass():
    result = scripts.judge(column("original", [0.9]), column("migrated", [0.9]))
    assert result["verdict"] == "inconclusive" and "--seeds 2" in result["reason"]


def test_a_failed_run_means_could_not_run_with_its_reason():
    result = scripts.judge(column("original", [0.9, 0.9]), column("migrated", [0.9], errors=["exit 1: boom"]))
    assert result == {"verdict": "could not run", "reason": "migrated: exit 1: boom", "accuracy": None}


def test_a_loss_gets_a_relative_floor():
    # 2% of 30.0 = 0.6: a loss of 30.4 against 30.0 is within it, 32 is not
    near = scripts.judge(column("original", [30.0, 30.0], kind="loss"), column("migrated", [30.4, 30.4], kind="loss"))
    far = scripts.judge(column("original", [30.0, 30.0], kind="loss"), column("migrated", [32.0, 32.0], kind="loss"))
    assert near["floor_kind"] == "relative" and near["floor"] == pytest.approx(0.6)
    assert (near["verdict"], far["verdict"]) == ("equivalent", "NOT equivalent")


@pytest.mark.parametrize("verdicts, code", [
    (["equivalent"], 0), (["equivalent", "NOT equivalent"], 1), (["could not run", "NOT equivalent"], 1),
    (["equivalent", "could not run"], 2), (["inconclusive"], 2),
])
def test_exit_codes(verdicts, code):
    assert scripts.exit_code([{"verdict": v} for v in verdicts]) == code


# --------------------------------------------------------------------------- finding the programs

def test_local_modules_and_folder_programs(tmp_path):
    (tmp_path / "model.py").write_text("import ops\n")
    (tmp_path / "ops.py").write_text("import numpy\n")
    (tmp_path / "train.py").write_text("import os, model\nfrom ops import x\n")
    (tmp_path / "other.py").write_text("import tensorflow as tf\n")
    (tmp_path / "test_train.py").write_text("import train\n")
    (tmp_path / "_private.py").write_text("")
    assert scripts.local_modules(tmp_path / "train.py") == [tmp_path / "model.py", tmp_path / "ops.py"]
    # helpers run with the program importing them; tests and private modules are not programs
    assert scripts.scripts_in(tmp_path) == [tmp_path / "other.py", tmp_path / "train.py"]


# --------------------------------------------------------------------------- single runs

def test_a_run_that_outlives_the_timeout_is_killed(tmp_path):
    col = Column("migrated", str(FIXTURES / "sleeps.py"), sys.executable, "tf2")
    run = scripts.run_once(col, 0, source=FIXTURES / "sleeps.py", overlay={}, workdir=tmp_path, timeout=3)
    assert run.returncode is None and run.error == "timed out after 3 s" and run.seconds < 30
    assert list(tmp_path.iterdir()) == []  # the run's copy of the folder is gone


def test_seeds_come_from_outside(tmp_path):
    probe = tmp_path / "src" / "probe.py"
    probe.parent.mkdir()
    probe.write_text("import random, numpy as np, tensorflow as tf\n"
                     "print('accuracy', random.random(), np.random.rand(), float(tf.random.uniform([])))\n")
    col = Column("migrated", str(probe), sys.executable, "tf2")
    runs = [scripts.run_once(col, seed, source=probe, overlay={}, workdir=tmp_path) for seed in (3, 3, 4)]
    assert [r.error for r in runs] == ["", "", ""]
    assert runs[0].line == runs[1].line != runs[2].line  # same seed, same draws; another seed, others


# --------------------------------------------------------------------------- the command, end to end

def test_script_is_migrated_run_and_judged_equivalent(tmp_path):
    proc = cli(FIXTURES / "tiny_tf1.py", "--seeds", "2", "--out", "out", cwd=tmp_path)  # --out relative to the cwd
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    result = json.loads((tmp_path / "out" / "scripts.json").read_text())["scripts"][0]
    assert Path(result["migrated"]).is_relative_to(tmp_path / "out")
    assert not list(FIXTURES.glob("out")), "the migration was written next to the script"
    assert result["verdict"] == "equivalent"
    assert result["codemod"]["idiomatic"] is True and result["codemod"]["target"] == "tf2.15"
    migrated = Path(result["migrated"]).read_text()
    assert "Session" not in migrated and "placeholder" not in migrated
    orig, migr = result["original"], result["migrated_column"]
    assert orig["mode"] == "runtime" and migr["mode"] == "tf2"
    assert len(orig["values"]) == len(migr["values"]) == 2 and all(0.7 < v <= 1 for v in orig["values"] + migr["values"])
    assert "| tiny_tf1.py | accuracy |" in proc.stdout and "**equivalent**" in proc.stdout
    assert (tmp_path / "out" / "scripts.md").read_text().startswith("| script |")


def test_a_migration_that_does_not_train_is_not_equivalent(tmp_path):
    proc = cli(FIXTURES / "tiny_tf1.py", FIXTURES / "wrong_migration.py", "--seeds", "2", "--out", tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    result = json.loads((tmp_path / "scripts.json").read_text())["scripts"][0]
    assert result["verdict"] == "NOT equivalent" and result["migrated_column"]["mean"] < 0.2
    assert any(line.startswith("~ final accuracy:") for line in result["diff"])


def test_a_migration_that_crashes_could_not_run(tmp_path):
    proc = cli(FIXTURES / "tiny_tf1.py", FIXTURES / "crashes.py", "--seeds", "1", "--out", tmp_path)
    assert proc.returncode == 2
    assert "could not run**: migrated: exit 1: AttributeError: module 'tensorflow' has no attribute 'contrib'" \
        in proc.stdout
    assert "Traceback" not in proc.stdout


@pytest.mark.parametrize("args, message", [
    (["missing.py"], "no such file or folder: missing.py"),
    ([FIXTURES / "tiny_tf1.py", "--metric", "("], "--metric is not a regular expression"),
    ([FIXTURES / "tiny_tf1.py", "--legacy-python", "/nonexistent/python"], "no such interpreter"),
])
def test_usage_errors_exit_2(args, message, tmp_path):
    proc = cli(*args, "--out", tmp_path, timeout=120)
    assert proc.returncode == 2 and message in proc.stderr


# --------------------------------------------------------------------------- the same offline MNIST everywhere

def test_offline_mnist_standin_has_tf1_splits(tmp_path):
    from migrate.verify.offline_data import mnist_home

    home = mnist_home(tmp_path)
    with np.load(home.npz) as f:
        assert f["x_train"].shape == (7185, 28, 28) and f["x_train"].dtype == np.uint8
        assert f["x_test"].shape == (360, 28, 28) and set(np.unique(f["y_test"])) == set(range(10))
    assert sorted(p.name for p in home.tf1_dir.iterdir()) == sorted(
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz"])
    assert home.is_standin and "not MNIST" in home.description


def test_mnist_tutorial_on_genuine_tf1_reads_the_same_images_as_its_migration(tmp_path):
    from tests.tf1_reference import tf1_python

    python = tf1_python()
    if python is None:
        pytest.skip("no genuine TF 1.15 (make setup-tf1)")
    proc = cli(FIXTURES / "mnist_tf1.py", "--seeds", "2", "--legacy-python", python, "--out", tmp_path)
    result = json.loads((tmp_path / "scripts.json").read_text())["scripts"][0]
    assert result["original"]["mode"] == "tf1" and result["data"].startswith(("digits28x5", "MNIST"))
    # both read the same splits and the same test pixels: no such line differs
    assert not [line for line in result["diff"] if "train " in line or "pixel sum" in line], result["diff"]
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert result["verdict"] == "equivalent"
