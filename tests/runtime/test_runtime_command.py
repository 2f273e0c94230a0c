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
