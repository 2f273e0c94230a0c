"""The installed ``tf-migrate`` script, as a user runs it: real exit codes, real pipes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import SAMPLE, SAMPLE_MIGRATED

SCRIPT = Path(sys.executable).with_name("tf-migrate")


def tf_migrate(*args, stdin=b"", cwd=None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # a strict UTF-8 stdout, as on most terminals
    return subprocess.run([str(SCRIPT), *map(str, args)], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=120)


def test_exit_codes_and_pipes(tmp_path):
    (tmp_path / "ok.py").write_text(SAMPLE)
    (tmp_path / "py2.py").write_text('print "x"\n')
    latin = b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\ns = '\xe9'\ny = tf.log(1.0)\n"
    (tmp_path / "latin.py").write_bytes(latin)

    both = tf_migrate("rewrite", tmp_path)
    assert both.returncode == 3, both.stderr
    assert b"+y = tf.math.log(1.0)" in both.stdout and b"s = '\xe9'" in both.stdout  # latin-1 bytes as they are
    assert both.stderr.decode().splitlines()[-1].startswith("tf-migrate: 3 files, 2 changed, 1 failed")

    piped = tf_migrate("rewrite", "-", stdin=SAMPLE.encode())
    assert (piped.returncode, piped.stdout.decode()) == (1, SAMPLE_MIGRATED)


def test_no_command_and_bad_flags_exit_2(tmp_path, capsys):
    from migrate import cli

    assert cli.main([]) == 2
    with pytest.raises(SystemExit) as exit:
        cli.main(["rewrite", "--write", "--check", str(tmp_path)])
    assert exit.value.code == 2 and "not allowed with" in capsys.readouterr().err


def test_absurdly_deep_nesting_is_an_error_not_a_crash(tmp_path):
    deep = tmp_path / "deep.py"
    deep.write_bytes(b"import tensorflow as tf\nx = " + b"(" * 3000 + b")" * 3000 + b"\n")
    result = tf_migrate("rewrite", "--write", deep)
    assert result.returncode == 2 and b"deep.py: error" in result.stderr
