"""Bad input never crashes, never half-writes, never changes a file it could not process."""

from __future__ import annotations

import os
import stat

import pytest

from cli_helpers import CLEAN, SAMPLE, SAMPLE_MIGRATED, snapshot

BAD = {
    "python2.py": (b'import tensorflow as tf\nprint "x"\n', "Python 2 syntax"),
    "syntax.py": (b"import tensorflow as tf\ndef f(:\n", "syntax error"),
    "binary.py": (b"import tensorflow as tf\x00\x01\x02", "binary"),
    "undecodable.py": (b"import tensorflow as tf\ns = '\xe9'\n", "decode"),
    "unknown_codec.py": (b"# coding: klingon\nimport tensorflow as tf\n", "decode"),
    "broken.ipynb": (b'{"cells": [', "not a valid notebook"),
    "not_cells.ipynb": (b'{"cells": [1, 2]}', "not a valid notebook"),
    "bad_source.ipynb": (b'{"cells": [{"cell_type": "code", "source": 5}]}', "not a valid notebook"),
    "old_format.ipynb": (b'{"worksheets": []}', "not a valid notebook"),
}
DEEP = b"import tensorflow as tf\nx = " + b"[" * 400 + b"]" * 400 + b"\n"


@pytest.mark.parametrize(
    "name, mode",
    [(name, mode) for name in sorted(BAD) for mode in ("--write", "--check", "--diff")] + [("deep.py", "--write")],
)
def test_unprocessable_file_gets_one_clear_error_and_stays_untouched(tfm, tmp_path, name, mode):
    data, message = BAD.get(name, (DEEP, "nested"))
    (tmp_path / name).write_bytes(data)
    before = snapshot(tmp_path)
    run = tfm("rewrite", mode, tmp_path / name)
    assert run.code == 2, run
    errors = [line for line in run.err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and name in errors[0] and message in errors[0], run.err
    assert "Traceback" not in run.err
    assert snapshot(tmp_path) == before


def test_one_bad_file_does_not_stop_the_others(tfm, tmp_path):
    for name, (data, _) in BAD.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.py").write_text(SAMPLE)
    run = tfm("rewrite", "--write", tmp_path)
    assert run.code == 3
    assert (tmp_path / "good.py").read_text() == SAMPLE_MIGRATED
    for name, (data, _) in BAD.items():
        assert (tmp_path / name).read_bytes() == data


def test_latin1_with_coding_line_round_trips_byte_exact(tfm, tmp_path):
    head = b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\nname = 'caf\xe9 cr\xe8me'  # \xa9 2017\n"
    path = tmp_path / "latin.py"
    path.write_bytes(head + b"y = tf.log(1.0)\nz = '\xfc'\n")
    assert tfm("rewrite", "--write", path).code == 1
    assert path.read_bytes() == head + b"y = tf.math.log(1.0)\nz = '\xfc'\n"


def test_latin1_diff_can_be_printed(tfm, tmp_path, monkeypatch):
    # a strict UTF-8 stdout (the usual en_US.UTF-8 terminal) must not crash on the non-UTF-8 bytes
    import io
    import sys

    strict = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdout", strict)
    path = tmp_path / "latin.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\ns = '\xe9'\ny = tf.log(1.0)\n")
    from migrate import cli

    assert cli.main(["rewrite", str(path)]) == 1
    strict.flush()
    assert b"+y = tf.math.log(1.0)" in strict.buffer.getvalue()


def test_utf8_bom_is_kept(tfm, tmp_path):
    path = tmp_path / "bom.py"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode())
    tfm("rewrite", "--write", path)
    assert path.read_bytes() == b"\xef\xbb\xbf" + SAMPLE_MIGRATED.encode()


def test_crlf_line_endings_are_kept(tfm, tmp_path):
    path = tmp_path / "crlf.py"
    path.write_bytes(SAMPLE.replace("\n", "\r\n").encode())
    tfm("rewrite", "--write", path)
    assert path.read_bytes() == SAMPLE_MIGRATED.replace("\n", "\r\n").encode()


def test_crlf_kept_when_an_import_is_added(tfm, tmp_path):
    path = tmp_path / "crlf_flags.py"
    path.write_bytes(b"import tensorflow as tf\r\ntf.logging.info('x')\r\n")
    tfm("rewrite", "--write", path)
    data = path.read_bytes()
    assert b"absl" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_empty_file_is_fine(tfm, tmp_path):
    (tmp_path / "empty.py").write_bytes(b"")
    run = tfm("rewrite", "--write", tmp_path / "empty.py")
    assert run.code == 0 and (tmp_path / "empty.py").read_bytes() == b""


def test_huge_file_is_handled(tfm, tmp_path):
    path = tmp_path / "huge.py"
    path.write_text("".join(f"value_{i} = {i}\n" for i in range(20_000)))
    before = path.read_bytes()
    run = tfm("rewrite", "--check", path)
    assert run.code == 0 and path.read_bytes() == before


def test_symlink_write_keeps_the_link_and_changes_the_target(tfm, tmp_path):
    target = tmp_path / "real.py"
    target.write_text(SAMPLE)
    link = tmp_path / "sub" / "link.py"
    link.parent.mkdir()
    link.symlink_to(target)
    assert tfm("rewrite", "--write", link).code == 1
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == SAMPLE_MIGRATED
    assert not list(link.parent.iterdir())[1:]  # no temp file next to the link


def test_read_only_file_is_an_error_and_untouched(tfm, tmp_path):
    path = tmp_path / "ro.py"
    path.write_text(SAMPLE)
    path.chmod(0o444)
    before = snapshot(tmp_path)
    run = tfm("rewrite", "--write", path)
    assert run.code == 2, run
    assert "read-only" in run.err and "Traceback" not in run.err
    assert snapshot(tmp_path) == before


def test_read_only_file_does_not_stop_the_others(tfm, tmp_path):
    (tmp_path / "a_ro.py").write_text(SAMPLE)
    (tmp_path / "a_ro.py").chmod(0o444)
    (tmp_path / "b.py").write_text(SAMPLE)
    run = tfm("rewrite", "--write", tmp_path)
    assert run.code == 3
    assert (tmp_path / "a_ro.py").read_text() == SAMPLE
    assert (tmp_path / "b.py").read_text() == SAMPLE_MIGRATED
    assert "1 failed" in run.err.splitlines()[-1]


def test_failed_replace_leaves_the_original_and_no_temp_file(tfm, tmp_path, monkeypatch):
    path = tmp_path / "victim.py"
    path.write_text(SAMPLE)

    def boom(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    run = tfm("rewrite", "--write", path)
    assert run.code == 2, run
    assert "No space left" in run.err
    assert path.read_text() == SAMPLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim.py"]


def test_failed_write_midway_leaves_the_original(tfm, tmp_path, monkeypatch):
    path = tmp_path / "victim.py"
    path.write_text(SAMPLE)

    def boom(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", boom)
    assert tfm("rewrite", "--write", path).code == 2
    assert path.read_text() == SAMPLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim.py"]


def test_directory_walk_skips_vcs_and_virtualenvs(tfm, tmp_path):
    for folder in (".git", ".venv", "__pycache__", ".ipynb_checkpoints"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.py").write_text(SAMPLE)
    (tmp_path / "y.py").write_text(CLEAN)
    run = tfm("rewrite", "--write", tmp_path)
    assert run.code == 0 and run.err.startswith("tf-migrate: 1 files")
