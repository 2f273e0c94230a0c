"""``[tool.tf-migrate]`` settings: per file, from the nearest pyproject.toml that has the table.

Each file's settings come from the closest ``pyproject.toml`` above it that holds a
``[tool.tf-migrate]`` table (ruff's rule: a monorepo's packages may each have their own);
``--config FILE`` names one file for every path instead (a pyproject.toml, or a TOML file
whose top level is the table). Recognised keys: ``select`` and ``ignore`` (lists of rule
codes or families), ``fallback`` (bool), ``target`` (str) and ``exclude`` (globs relative to
the config file's folder). Command-line flags win.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from migrate.engine.rule import select_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, as a package, before 3.11 (a base dependency there)
    import tomli as tomllib

KEYS = {"select": list, "ignore": list, "fallback": bool, "target": str, "exclude": list}
CHOICES = {"target": ("tf2.15", "latest")}  # the same profiles as `rewrite --target`


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    """One config file's table (``path`` None: no config file; every default)."""

    path: Path | None = None
    table: dict = field(default_factory=dict)

    def get(self, key: str, default=None):
        return self.table.get(key, default)

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path else None


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml above ``start`` that has a ``[tool.tf-migrate]`` table."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else [start.parent, *start.parent.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def _has_table(path: Path) -> bool:
    try:  # a cheap look before parsing: most pyproject.toml files have no such table
        return "tf-migrate" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def load(start: Path) -> dict:
    path = find_pyproject(start)
    return {} if path is None else read(path)


def read(path: Path, explicit: bool = False) -> dict:
    """The validated table of one file; ``explicit`` (``--config``): a file without ``[tool]`` is the table."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        table = document["tool"].get("tf-migrate", {}) if "tool" in document or not explicit else document
    except AttributeError:  # `tool = "x"`
        raise ConfigError(f"{path}: [tool] must be a table") from None
    if not isinstance(table, dict):  # `[tool] tf-migrate = "yes"`
        raise ConfigError(f"{path}: tool.tf-migrate must be a table ([tool.tf-migrate]), not {table!r}")
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown [tool.tf-migrate] key {key!r} (known: {', '.join(KEYS)})")
        if not isinstance(value, KEYS[key]):
            raise ConfigError(f"{path}: [tool.tf-migrate] {key} must be a {KEYS[key].__name__}")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{path}: [tool.tf-migrate] {key} must be a list of strings")
        if key in CHOICES and value not in CHOICES[key]:
            raise ConfigError(f"{path}: [tool.tf-migrate] {key} must be one of {', '.join(CHOICES[key])}, not {value!r}")
    try:  # name the file when a rule code in it is wrong, not just the code
        select_rules(table.get("select"), table.get("ignore"))
    except ValueError as exc:
        raise ConfigError(f"{path}: [tool.tf-migrate] {exc}") from None
    return table


class Resolver:
    """Settings per folder, each config file read once; ``explicit`` (``--config``) governs every path."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = Settings(explicit, read(explicit, explicit=True)) if explicit else None
        self._files: dict[Path, Settings] = {}
        self._folders: dict[Path, Settings] = {}

    def for_path(self, path: Path) -> Settings:
        if self._explicit is not None:
            return self._explicit
        full = Path(path).resolve()
        return self.for_folder(full if full.is_dir() else full.parent)

    def for_folder(self, folder: Path) -> Settings:
        if self._explicit is not None:
            return self._explicit
        folder = folder.resolve()
        if folder not in self._folders:
            candidate = folder / "pyproject.toml"
            if candidate.is_file() and _has_table(candidate):
                if candidate not in self._files:
                    table = read(candidate)
                    self._files[candidate] = Settings(candidate, table) if table else None
                found = self._files[candidate]
            else:
                found = None
            if found is None:
                found = self.for_folder(folder.parent) if folder.parent != folder else Settings()
            self._folders[folder] = found
        return self._folders[folder]

    def excludes(self, folder: Path) -> list[tuple[Path, list[str]]]:
        """``exclude`` of the config governing ``folder``, with the folder its globs are relative to."""
        settings = self.for_folder(folder)
        return [(settings.folder, settings.get("exclude"))] if settings.get("exclude") else []
