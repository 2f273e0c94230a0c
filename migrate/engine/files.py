"""Reading inputs and writing results without ever losing a byte.

Writes are atomic (a temporary file in the same directory, then
``os.replace``), keep the file's mode, and go to the target of a symlink so
the link itself survives.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from migrate.engine.source import SourceError

SUFFIXES = (".py", ".ipynb")
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "node_modules", ".ipynb_checkpoints", ".tox"}


def discover(paths: list[str]) -> list[Path]:
    """Files to migrate: the files given, and every .py / .ipynb under the directories given."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                found.extend(Path(root, f) for f in sorted(files) if f.endswith(SUFFIXES))
        else:
            found.append(path)
    return found


def read_source(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}") from None
    if b"\0" in data:
        raise SourceError("binary file (contains NUL bytes)")
    return data


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path``'s content in one step, keeping its mode; the original stays on any failure."""
    target = Path(os.path.realpath(path))
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    # os.access alone says yes to root, who could replace the file anyway: honour the mode bits too.
    if mode is not None and (not os.access(target, os.W_OK) or not mode & 0o222):
        raise SourceError("file is read-only; not written")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tf-migrate")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
