"""Unmodified TF1 scripts, run through `python -m migrate run` in a subprocess."""

import ast
import re
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent / "scripts"


def _check_names():
    tree = ast.parse((SCRIPTS / "tf1_checks.py").read_text())
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any(getattr(d, "id", None) == "check" for d in node.decorator_list)
    ]


@pytest.fixture(scope="module")
def check_results(tmp_path_factory, tf1_script_runner):
    """Run every check once; map check name -> (verdict, detail)."""
    proc = tf1_script_runner("tf1_checks.py", keras_home=tmp_path_factory.mktemp("keras"))
    lines = re.findall(r"^(PASS|FAIL|SKIP) (\w+)(.*)$", proc.stdout, re.M)
    return proc, {name: (verdict, detail) for verdict, name, detail in lines}


@pytest.mark.parametrize("name", _check_names())
def test_tf1_check(check_results, name):
    proc, results = check_results
    assert name in results, f"check {name} did not report; stderr tail:\n{proc.stderr[-3000:]}"
    verdict, detail = results[name]
    if verdict == "SKIP":
        pytest.skip(detail.lstrip(": "))
    assert verdict == "PASS", f"{name}{detail}"


def test_check_script_exit_code_reflects_failures(check_results):
    proc, results = check_results
    assert results, proc.stderr[-3000:]
    all_passed = all(verdict != "FAIL" for verdict, _ in results.values())
    assert proc.returncode == (0 if all_passed else 1)


def test_softmax_regression_tutorial_trains_on_the_standin(run_tf1):
    proc = run_tf1("softmax_regression.py", "--steps", "150")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "steps=150" in proc.stdout  # tf.app.flags parsed the script's argv
    accuracy = float(re.search(r"accuracy=([\d.]+)", proc.stdout).group(1))
    assert accuracy > 0.8, proc.stdout
    assert int(re.search(r"epochs_completed=(\d+)", proc.stdout).group(1)) >= 10  # next_batch wrapped epochs
    assert "digits28" in proc.stderr and "stand-in" in proc.stderr  # says it is not MNIST
