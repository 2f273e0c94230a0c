"""`tf-migrate run`: argument handling (the scripts themselves run in test_runtime_scripts.py)."""

import argparse

import pytest

from migrate.commands import run


@pytest.fixture
def parser():
    top = argparse.ArgumentParser(prog="tf-migrate")
    run.add_parser(top.add_subparsers(dest="command"))
    return top


def test_script_arguments_are_passed_through_untouched(parser):
    args = parser.parse_args(["run", "train.py", "--steps", "3", "-v", "positional"])
    assert args.script == "train.py"
    assert args.script_args == ["--steps", "3", "-v", "positional"]
    assert args.handler is run.main


def test_missing_script_exits_2_without_activating(parser, capsys):
    import migrate.runtime

    args = parser.parse_args(["run", "/no/such/script.py"])
    assert run.main(args) == 2
    assert "no such script" in capsys.readouterr().err
    assert not migrate.runtime.is_active()


def test_registered_by_the_cli():
    cli = pytest.importorskip("migrate.cli")
    args = cli.build_parser().parse_args(["run", "x.py", "a"])
    assert args.handler is run.main and args.script_args == ["a"]


def test_python2_script_fails_fast_with_a_hint(parser, tmp_path, capsys):
    import migrate.runtime

    script = tmp_path / "old.py"
    script.write_text("import tensorflow as tf\nprint tf.__version__\n")
    assert run.main(parser.parse_args(["run", str(script)])) == 1
    err = capsys.readouterr().err
    assert "SyntaxError" in err and "Python 2" in err
    assert not migrate.runtime.is_active()  # compiled before activating: nothing global changed


@pytest.fixture
def inert_runtime(monkeypatch):
    """run_script without the process-global switch, for scripts that never import TensorFlow."""
    import migrate.runtime

    monkeypatch.setattr(migrate.runtime, "activate", lambda: None)


@pytest.mark.parametrize(
    "body, code",
    [
        ("pass", 0),
        ("import sys; sys.exit()", 0),
        ("raise SystemExit(3)", 3),
        ("import sys; sys.exit('bad flag')", 1),
        ("raise RuntimeError('exploded on purpose')", 1),
    ],
    ids=["falls off the end", "sys.exit()", "SystemExit(3)", "sys.exit(message)", "uncaught exception"],
)
def test_exit_codes(parser, inert_runtime, tmp_path, capsys, body, code):
    script = tmp_path / "script.py"
    script.write_text(body + "\n")
    assert run.main(parser.parse_args(["run", str(script)])) == code
    err = capsys.readouterr().err
    if "RuntimeError" in body:
        assert "RuntimeError: exploded on purpose" in err and str(script) in err  # the script's traceback
    if "bad flag" in body:
        assert "bad flag" in err


def test_script_sees_its_argv_name_and_directory(parser, inert_runtime, tmp_path, capsys):
    import sys

    (tmp_path / "sibling.py").write_text("VALUE = 42\n")
    script = tmp_path / "script.py"
    script.write_text("import sys, sibling\nprint(__name__, sys.argv[1:], sibling.VALUE)\n")
    saved_argv = list(sys.argv)
    assert run.main(parser.parse_args(["run", str(script), "--steps", "2"])) == 0
    assert capsys.readouterr().out.strip() == "__main__ ['--steps', '2'] 42"
    sys.modules.pop("sibling", None)
    assert sys.argv == saved_argv and str(tmp_path) not in sys.path  # restored afterwards
