"""Results of unchanged files, kept between runs: a second ``--check`` over the same tree reads them back.

An entry holds the results of one *unit* (the files that import each other, ``engine/project.py``),
because a file's migration depends on the other files of its unit. Its key is a SHA-256 over
everything a result depends on:

- the tool: the content of every ``migrate/**/*.py`` (not just ``__version__``: a checkout that
  changes code without a release must not be served old results), libcst's version, Python's;
- the settings: the selected rule codes and ``Options`` (target, fallback);
- the unit: each member's path as given (findings carry it) and content, in order, and the folders its
  imports are looked up from (``project._roots``: a package's ``__init__.py`` appearing changes them).

So an edit to any file of a unit, a changed setting or another tool version is a miss, never a
stale hit. Only units whose files all read the same in the worker as in the parent, and that have
no failed file, are stored. Writes are atomic (a temporary file, then ``os.replace``): parallel runs
can share a directory. The directory is ``$TF_MIGRATE_CACHE_DIR``, else ``$XDG_CACHE_HOME/tf-migrate``
(``~/.cache/tf-migrate``); ``TF_MIGRATE_NO_CACHE=1`` or ``--no-cache`` turns the cache off. Entries of
other tool versions not used for ``STALE_DAYS`` are removed when a run opens the cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from migrate.engine.context import Options
from migrate.findings import FileResult

STALE_DAYS = 7
_PACKAGE = Path(__file__).resolve().parents[1]  # the migrate package


def enabled_by_environment() -> bool:
    return os.environ.get("TF_MIGRATE_NO_CACHE", "") in ("", "0")


def default_dir() -> Path:
    explicit = os.environ.get("TF_MIGRATE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tf-migrate"


def tool_fingerprint() -> str:
    """A hash of this tool's code and the libraries that shape its output."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{sys.version}\0libcst {version('libcst')}\0".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class Cache:
    """One directory of entries for one tool fingerprint."""

    def __init__(self, root: Path, fingerprint: str | None = None) -> None:
        self.fingerprint = fingerprint or tool_fingerprint()
        self.root = Path(root)
        self.folder = self.root / self.fingerprint[:20]
        self.hits = self.misses = 0

    @classmethod
    def open(cls, root: Path | None = None) -> Cache | None:
        """The cache in ``root`` (default: ``default_dir()``), or None when it can't be used."""
        try:
            cache = cls(root or default_dir())
            cache.folder.mkdir(parents=True, exist_ok=True)
            os.utime(cache.folder)  # in use: not stale
            cache._prune()
            return cache
        except OSError:
            return None  # a read-only home, a full disk: the run goes on without

    def _prune(self) -> None:
        cutoff = time.time() - STALE_DAYS * 86400
        for folder in self.root.iterdir():
            if folder != self.folder and folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)

    def key(self, paths: list[Path], sources: list[bytes], codes: tuple[str, ...], options: Options,
            context: object = None) -> str:
        """``context``: anything else the unit's results depend on (the folders its imports are looked up in)."""
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(repr((codes, sorted(vars(options).items()), context)).encode())
        for path, source in zip(paths, sources):
            digest.update(b"\0" + os.fsencode(str(path)) + b"\0" + hashlib.sha256(source).digest())
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str, sources: list[bytes]) -> list[FileResult] | None:
        try:
            stored = pickle.loads(self._file(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return [_restore(result, source) for result, source in zip(stored, sources)]

    def put(self, key: str, sources: list[bytes], results: list[FileResult]) -> bool:
        """Store a unit's results; False (nothing stored) when a file failed or changed meanwhile."""
        if len(results) != len(sources) or any(r.failed or r.original != s for r, s in zip(results, sources)):
            return False
        stored = [_stripped(r) for r in results]
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(stored, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
        except OSError:
            return False
        return True


def _stripped(result: FileResult) -> FileResult:
    """The result without the input (the reader has it) and with an unchanged output as None."""
    stored = replace(result, original=b"", migrated=result.migrated if result.changed else None)
    stored.__dict__.update({k: v for k, v in result.__dict__.items() if k.startswith("_")})  # computed facts (tf1_left)
    stored.__dict__["_unchanged"] = not result.changed
    return stored


def _restore(stored: FileResult, source: bytes) -> FileResult:
    extra = {k: v for k, v in stored.__dict__.items() if k.startswith("_") and k != "_unchanged"}
    result = replace(stored, original=source, migrated=source if stored.__dict__.get("_unchanged") else stored.migrated)
    result.__dict__.update(extra)
    result.__dict__["cached"] = True
    if hasattr(result, "seconds"):
        result.seconds = 0.0  # nothing was migrated in this run
    return result
