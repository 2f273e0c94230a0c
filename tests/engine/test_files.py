"""migrate.engine.files: discovery, reading, and atomic writes that never lose a byte."""

from __future__ import annotations

import os
import stat

import pytest

from migrate.engine.files import discover, read_source, write_atomic
from migrate.engine.source import SourceError


def test_discover_walks_py_and_ipynb_in_order_and_skips_tool_dirs(tmp_path):
    for rel in ["b.py", "a.py", "n.ipynb", "notes.txt", "sub/c.py", ".git/x.py", ".venv/y.py", "venv/z.py",
                "node_modules/m.py", ".hidden/h.py", "__pycache__/p.py", ".ipynb_checkpoints/n-checkpoint.ipynb"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([str(tmp_path)])]
    assert found == ["a.py", "b.py", "n.ipynb", "sub/c.py"]


def test_discover_keeps_explicit_files_whatever_their_suffix(tmp_path):
    script = tmp_path / "train"
    script.write_text("")
    assert discover([str(script), str(tmp_path / "missing.py")]) == [script, tmp_path / "missing.py"]


def test_discover_does_not_follow_directory_symlinks(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.py").write_text("")
    (tmp_path / "loop").symlink_to(tmp_path)
    assert [p.name for p in discover([str(tmp_path)])] == ["a.py"]


@pytest.mark.parametrize(
    "setup, message",
    [
        pytest.param(lambda p: None, "no such file", id="missing"),
        pytest.param(lambda p: p.mkdir(), "is a directory", id="directory"),
        pytest.param(lambda p: p.write_bytes(b"x = 1\0"), "binary", id="NUL bytes"),
        pytest.param(lambda p: p.symlink_to(p.parent / "gone.py"), "no such file", id="dangling symlink"),
    ],
)
def test_read_source_errors(tmp_path, setup, message):
    path = tmp_path / "f.py"
    setup(path)
    with pytest.raises(SourceError, match=message):
        read_source(path)


def test_write_atomic_keeps_mode_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "f.py"
    path.write_bytes(b"old")
    path.chmod(0o750)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o750
    assert os.listdir(tmp_path) == ["f.py"]


def test_write_atomic_through_a_symlink_changes_the_target(tmp_path):
    target = tmp_path / "real.py"
    target.write_bytes(b"old")
    link = tmp_path / "link.py"
    link.symlink_to("real.py")
    write_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == "real.py"
    assert target.read_bytes() == b"new"


def test_write_atomic_through_a_chain_of_symlinks(tmp_path):
    (tmp_path / "real.py").write_bytes(b"old")
    (tmp_path / "one.py").symlink_to("real.py")
    (tmp_path / "two.py").symlink_to("one.py")
    write_atomic(tmp_path / "two.py", b"new")
    assert (tmp_path / "real.py").read_bytes() == b"new"
    assert (tmp_path / "two.py").is_symlink() and (tmp_path / "one.py").is_symlink()


def test_write_atomic_refuses_a_read_only_file_even_for_root(tmp_path):
    path = tmp_path / "f.py"
    path.write_bytes(b"old")
    path.chmod(0o444)
    with pytest.raises(SourceError, match="read-only"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["f.py"]


@pytest.mark.parametrize("victim", ["replace", "fsync", "chmod"])
def test_write_atomic_failure_at_any_step_keeps_the_original(tmp_path, monkeypatch, victim):
    path = tmp_path / "f.py"
    path.write_bytes(b"old")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, victim, boom)
    with pytest.raises(OSError):
        write_atomic(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["f.py"]


def test_write_atomic_interrupted_keeps_the_original(tmp_path, monkeypatch):
    path = tmp_path / "f.py"
    path.write_bytes(b"old")

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["f.py"]


def test_write_atomic_in_a_read_only_directory_is_an_os_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "f.py"
    path.write_bytes(b"old")
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: directory permissions are not enforced")
        with pytest.raises(OSError):
            write_atomic(path, b"new")
        assert path.read_bytes() == b"old"
    finally:
        folder.chmod(0o755)
