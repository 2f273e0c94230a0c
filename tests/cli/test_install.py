"""The light install (issue 13): the base package is the codemod, ``explain`` and the reports.

Proven on the oldest and the newest Python the package claims (3.9 and 3.13, from pyenv when they
are there): a fresh
virtual environment gets only the base dependencies pyproject.toml declares, and the project
itself with ``--no-deps``; TensorFlow is then not importable, yet ``rewrite --check`` and
``explain`` work, and ``run`` / ``verify`` exit 2 with the ``pip install`` line to run.
"""

from __future__ import annotations

import ast
import glob
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import NamedTuple

import pytest

from cli_helpers import FIXTURES, SAMPLE, SAMPLE_MIGRATED

SAMPLE_SLOW = False  # the cases share one expensive module fixture: sampling them saves nothing (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
HEAVY = ("tensorflow", "tensorflow-addons", "numpy", "scikit-learn", "matplotlib", "tensorboard")


def _name(requirement: str) -> str:
    return requirement.split(";")[0].split("[")[0].split("=")[0].split("<")[0].split(">")[0].strip().lower()


def test_base_dependencies_have_no_tensorflow():
    names = {_name(r) for r in PYPROJECT["dependencies"]}
    assert "libcst" in names
    assert not names & set(HEAVY), names & set(HEAVY)


def test_python_39_to_313_are_allowed():
    assert PYPROJECT["requires-python"] == ">=3.9"
    for minor in range(9, 14):
        assert f"Programming Language :: Python :: 3.{minor}" in PYPROJECT["classifiers"]


def test_extras_bring_the_runtime_harness_and_latest_set():
    extras = {key: {_name(r) for r in value} for key, value in PYPROJECT["optional-dependencies"].items()}
    assert {"tensorflow", "tensorflow-addons", "numpy"} <= extras["runtime"]
    assert {"scikit-learn", "matplotlib", "tensorboard", "tqdm"} <= extras["verify"]
    assert {"tensorflow", "tf-keras"} <= extras["latest"]
    assert {"pytest", "jsonschema"} <= extras["dev"]
    assert "tensorflow==2.15.1" in PYPROJECT["optional-dependencies"]["runtime"]


def test_make_setup_still_installs_everything():
    makefile = (ROOT / "Makefile").read_text()
    assert "-e '.[runtime,verify,dev]'" in makefile
    assert "-e '.[latest]'" in makefile


def _annotations_need_future(tree: ast.Module) -> list[int]:
    """Lines of ``X | Y`` annotations, which Python 3.9 evaluates (and fails on) without the future import."""
    future = any(isinstance(n, ast.ImportFrom) and n.module == "__future__" and any(a.name == "annotations" for a in n.names)
                 for n in tree.body)
    if future:
        return []
    found = []
    for node in ast.walk(tree):
        annotations = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            annotations = [a.annotation for a in node.args.args + node.args.kwonlyargs + node.args.posonlyargs] + [node.returns]
        elif isinstance(node, ast.AnnAssign):
            annotations = [node.annotation]
        found += [a.lineno for a in annotations
                  if a is not None and any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr) for n in ast.walk(a))]
    return found


def test_every_module_parses_for_python_39():
    problems = []
    for path in sorted((ROOT / "migrate").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        try:
            tree = ast.parse(source, str(path), feature_version=(3, 9))
        except SyntaxError as exc:
            problems.append(f"{path}:{exc.lineno}: {exc.msg}")
            continue
        problems += [f"{path}:{line}: X | Y annotation without 'from __future__ import annotations'"
                     for line in _annotations_need_future(tree)]
        if "import tomllib" in source and "tomli" not in source:
            problems.append(f"{path}: tomllib (3.11+) without the tomli fallback")
    assert not problems, "\n".join(problems)


def _pyenv_python(minor: str) -> str | None:
    roots = [os.path.expanduser("~/.pyenv/versions"), os.environ.get("PYENV_ROOT", "") + "/versions"]
    for root in roots:
        found = sorted(glob.glob(f"{root}/{minor}.*/bin/python"))
        if found:
            return found[-1]
    return None


class BaseVenv(NamedTuple):
    path: Path
    version: str


# The oldest and the newest Python the package claims; each from pyenv when it is there.
@pytest.fixture(scope="module", params=["3.9", "3.13"])
def base_venv(request, tmp_path_factory) -> BaseVenv:
    python = _pyenv_python(request.param)
    if python is None:
        pytest.skip(f"no Python {request.param} interpreter (pyenv) on this machine")
    venv = tmp_path_factory.mktemp("base") / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True, capture_output=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # the build backend once, next to the base dependencies: no isolated build environment per install
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    steps = [pip + list(PYPROJECT["dependencies"]) + build,
             pip + ["--no-deps", "--no-build-isolation", "-e", str(ROOT)]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=600)
        if done.returncode:
            pytest.skip(f"cannot install the base package into a {python} venv (no registry?): {done.stderr[-400:]}")
    return BaseVenv(venv, request.param)


def _tfm(venv: BaseVenv, *argv, cwd: Path, stdin: bytes | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "TF2_BEHAVIOR"))}
    env["NO_COLOR"] = "1"
    return subprocess.run([str(venv.path / "bin" / "tf-migrate"), *map(str, argv)], cwd=cwd, input=stdin,
                          capture_output=True, env=env, timeout=300)


@pytest.mark.slow
def test_base_venv_has_no_tensorflow(base_venv):
    done = subprocess.run([str(base_venv.path / "bin" / "python"), "-c",
                           "import importlib.util as u, sys; print(sys.version_info[:2], "
                           "[m for m in ('tensorflow', 'numpy', 'sklearn') if u.find_spec(m)])"],
                          capture_output=True, text=True, check=True)
    version, absent = done.stdout.strip().split(") ")
    assert version == "(" + base_venv.version.replace(".", ", ")
    assert absent == "[]"


@pytest.mark.slow
def test_base_venv_rewrites_check_and_reads_config(base_venv, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.tf-migrate]\nignore = ["TFM100"]\n')  # tomli, before 3.11
    (tmp_path / "model.py").write_text(SAMPLE)
    done = _tfm(base_venv, "rewrite", "--check", "model.py", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert b"would rewrite model.py" in done.stderr
    # the same migration as on this interpreter: TFM100 (tf.log) ignored through the config
    out = _tfm(base_venv, "rewrite", "-", cwd=tmp_path, stdin=SAMPLE.encode())
    assert out.stdout.decode() == SAMPLE_MIGRATED.replace("tf.math.log(", "tf.log(")
    assert (tmp_path / "model.py").read_text() == SAMPLE
    (tmp_path / ".git").mkdir()  # a work tree: its .gitignore is read (pathspec)
    (tmp_path / ".gitignore").write_text("model.py\n")
    assert _tfm(base_venv, "rewrite", "--check", ".", cwd=tmp_path).returncode == 0


@pytest.mark.slow
def test_base_venv_migrates_a_program_like_the_full_install(base_venv, tfm, tmp_path):
    source = (FIXTURES / "softmax_flags.py").read_bytes()
    old = _tfm(base_venv, "rewrite", "-", cwd=tmp_path, stdin=source)
    here = subprocess.run([sys.executable, "-m", "migrate", "rewrite", "-"], input=source, capture_output=True,
                          cwd=ROOT)
    assert old.returncode == here.returncode == 1, old.stderr
    assert old.stdout == here.stdout != source


@pytest.mark.slow
def test_base_venv_explains(base_venv, tmp_path):
    done = _tfm(base_venv, "explain", "tf.log", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"tf.math.log" in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("argv, extra", [(("run", "script.py"), "runtime"), (("verify", "--quick"), "verify")])
def test_commands_without_their_extra_exit_2_with_the_install_line(base_venv, tmp_path, argv, extra):
    (tmp_path / "script.py").write_text("print('ran')\n")
    done = _tfm(base_venv, *argv, cwd=tmp_path)
    assert done.returncode == 2
    assert f'pip install "tf-migrate[{extra}]"'.encode() in done.stderr
    assert b"ran" not in done.stdout
