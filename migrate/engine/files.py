"""Reading inputs and writing results without ever losing a byte, or writing outside the tree.

Discovery walks only real directories and regular files: a symlink found in a tree is
never followed (its target, when it is in the tree, is migrated as itself; one pointing
out of the tree is reported), FIFOs and devices are reported and skipped, and virtual
environments (a directory holding ``pyvenv.cfg``, ``site-packages``) are not entered.

Writes are atomic (a temporary file in the same directory, then ``os.replace``), keep
the file's mode and, where permitted, its owner and group, and go to the target of a
symlink so the link itself survives. Before the replace, the file on disk is compared
with what was read: a file edited or deleted meanwhile is left alone (lost update).
A file with several hard links becomes a new file under this name; the other names
keep the old content (the CLI reports it).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from migrate.engine.source import SourceError

SUFFIXES = (".py", ".ipynb")
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "node_modules", ".ipynb_checkpoints", ".tox",
             "site-packages"}
_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket"}


class Selection:
    """Which paths a walk leaves out: ``--exclude`` / config ``exclude`` globs and ``.gitignore`` files.

    Globs and ``.gitignore`` lines have git's wildmatch meaning (``pathspec``'s ``GitIgnoreSpec``),
    each relative to where it was written: the current directory for ``--exclude``, the config
    file's folder for ``exclude`` in ``[tool.tf-migrate]``, its own folder for a ``.gitignore``
    (deeper files win, ``!`` negates). ``.gitignore`` files count inside a git work tree only, as
    git reads them. Like ruff, a file named on the command line is migrated even when excluded,
    unless ``force`` (``--force-exclude``, for pre-commit and editors that pass every file).
    """

    def __init__(self, excludes: list[tuple[Path, list[str]]] = (), gitignore: bool = True, force: bool = False,
                 config_excludes=None) -> None:
        import pathspec  # a base dependency; imported here so the engine's workers don't pay for it

        self._spec = pathspec.GitIgnoreSpec.from_lines
        self.excludes = [(base.resolve(), self._spec(lines)) for base, lines in excludes if lines]
        self.gitignore, self.force = gitignore, force
        self.config_excludes = config_excludes  # folder -> [(base, lines)] of the config governing it
        self._ignores: dict[Path, list] = {}
        self._specs: dict[tuple, tuple] = {}

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        full = Path(os.path.abspath(path))
        rules = list(self.excludes)
        if self.config_excludes is not None:
            rules += [self._compiled(base, lines) for base, lines in self.config_excludes(full.parent) if lines]
        for base, spec in rules:
            relative = _relative(full, base)
            if relative is not None and spec.match_file(relative + ("/" if is_dir else "")):
                return True
        return self.gitignore and self._git_ignored(full, is_dir)

    def _compiled(self, base: Path, lines: list[str]):
        key = (base, tuple(lines))
        if key not in self._specs:  # one config governs many files: its globs are compiled once
            self._specs[key] = (base.resolve(), self._spec(lines))
        return self._specs[key]

    def excluded_as_named(self, path: Path) -> bool:
        """For a path named on the command line: excluded only with ``force``, then also by a folder above it."""
        if not self.force:
            return False
        full = Path(os.path.abspath(path))
        return self.excluded(full, full.is_dir()) or any(self.excluded(folder, True) for folder in full.parents)

    def _git_ignored(self, full: Path, is_dir: bool) -> bool:
        verdict = None
        for base, spec in self._gitignores(full.parent):
            relative = _relative(full, base)
            result = spec.check_file(relative + ("/" if is_dir else "")) if relative else None
            if result is not None and result.include is not None:
                verdict = result.include
        return bool(verdict)

    def _gitignores(self, folder: Path) -> list:
        """The (folder, spec) of every .gitignore from the work tree's top down to ``folder``."""
        return self._ignore_chain(folder) or []

    def _ignore_chain(self, folder: Path) -> list | None:
        if folder not in self._ignores:  # None: not inside a git work tree
            if (folder / ".git").exists():
                chain = []
            elif folder.parent == folder:
                chain = None
            else:
                chain = self._ignore_chain(folder.parent)
            own = folder / ".gitignore"
            if chain is not None and own.is_file():
                try:
                    chain = chain + [(folder, self._spec(own.read_text(encoding="utf-8", errors="replace").splitlines()))]
                except OSError:
                    pass
            self._ignores[folder] = chain
        return self._ignores[folder]


def _relative(full: Path, base: Path) -> str | None:
    try:
        return full.relative_to(base).as_posix()
    except ValueError:
        return None


def discover(paths: list[str]) -> list[Path]:
    """Files to migrate: the files given, and every .py / .ipynb under the directories given."""
    return discover_all(paths)[0]


def discover_all(paths: list[str], selection: Selection | None = None) -> tuple[list[Path], list[tuple[Path, str]]]:
    """``(files, skipped)``: what to migrate, and what a walk left out on purpose, with the reason
    (files ``selection`` excludes are left out silently, as ruff and git do)."""
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if selection is not None and selection.excluded_as_named(path):
            continue
        if not path.is_dir():
            found.append(path)  # named on the command line: read_source says what is wrong with it
            continue
        tree = path.resolve()
        for root, dirs, files in os.walk(path):  # never follows directory symlinks: no loops, no escape
            dirs[:] = sorted(d for d in dirs if not _skip_dir(Path(root, d))
                             and not (selection and selection.excluded(Path(root, d), True)))
            for name in sorted(files):
                if not name.endswith(SUFFIXES):
                    continue
                file = Path(root, name)
                if selection is not None and selection.excluded(file):
                    continue
                reason = _not_regular(file, tree)
                if reason is None:
                    found.append(file)
                elif reason:
                    skipped.append((file, reason))
    return found, skipped


def _skip_dir(folder: Path) -> bool:
    name = folder.name
    return (name in SKIP_DIRS or name.startswith(".") or folder.is_symlink()
            or (folder / "pyvenv.cfg").exists())  # a virtual environment, whatever its name


def _not_regular(file: Path, tree: Path) -> str | None:
    """None for a regular file; "" for a symlink to a file of the tree (migrated as itself); else why not."""
    try:
        info = os.lstat(file)
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(file))
        if target == tree or tree in target.parents:
            return ""
        return f"symlink to {target}, outside the tree: not followed"
    if not stat.S_ISREG(info.st_mode):
        return f"{_KINDS.get(stat.S_IFMT(info.st_mode), 'not a regular file')}, not a regular file: skipped"
    return None


_READ: dict[Path, bytes] | None = None  # inside ``read_once``: what each path held when first read


@contextmanager
def read_once() -> Iterator[None]:
    """Within the block, ``read_source`` reads each path from disk once and then hands back those bytes:
    the passes over one unit of files (a plan, a first pass, a second) all see the same text."""
    global _READ
    outer, _READ = _READ, {} if _READ is None else _READ
    try:
        yield
    finally:
        _READ = outer


def read_source(path: Path) -> bytes:
    if _READ is not None and path in _READ:
        return _READ[path]
    data = _read(path)
    if _READ is not None:
        _READ[path] = data
    return data


def _read(path: Path) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then says what it is
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise SourceError("is a directory")
        raise SourceError(f"{_KINDS.get(stat.S_IFMT(mode), 'not a regular file')}, not a regular file: skipped")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read()
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror}") from None
    if b"\0" in data:
        raise SourceError("binary file (contains NUL bytes)")
    return data


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path``'s content in one step, keeping its mode and owner; the original stays on any
    failure. With ``expected`` (the bytes that were read), refuse when the file no longer holds them."""
    target = Path(os.path.realpath(path))
    info = target.stat() if target.exists() else None
    if expected is not None and info is None:
        raise SourceError("deleted while it was migrated; not written")
    mode = info.st_mode & 0o7777 if info else None
    # os.access alone says yes to root, who could replace the file anyway: honour the mode bits too.
    if mode is not None and (not os.access(target, os.W_OK) or not mode & 0o222):
        raise SourceError("file is read-only; not written")
    # the temporary name must fit in NAME_MAX (255) whatever the file's own name
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:160]}.", suffix=".tf-migrate")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            os.chmod(tmp, mode)
            _keep_owner(tmp, info)
        if expected is not None and _current(target) != expected:
            raise SourceError("changed on disk while it was migrated; not written (run again)")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_owner(tmp: str, info: os.stat_result) -> None:
    if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(tmp, info.st_uid, info.st_gid)
        except PermissionError:  # not root: the file becomes ours, as any editor's save would make it
            pass


def _current(target: Path) -> bytes | None:
    try:
        return target.read_bytes()
    except OSError:
        return None


def copy_atomic(source: str, destination: str) -> str:
    """``shutil.copytree``'s copy function: regular files only, through a temporary file + rename."""
    if not stat.S_ISREG(os.lstat(source).st_mode):
        return destination  # FIFOs, devices: never opened (reading one would hang or never end)
    folder = os.path.dirname(destination) or "."
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(destination)[:160]}.", suffix=".tf-migrate")
    os.close(fd)
    try:
        shutil.copy2(source, tmp)
        os.replace(tmp, destination)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return destination
