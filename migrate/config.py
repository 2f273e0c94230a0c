"""``[tool.tf-migrate]`` settings from the nearest pyproject.toml.

Recognised keys: ``select`` and ``ignore`` (lists of rule codes or families),
``fallback`` (bool) and ``target`` (str). Command-line flags win.
"""

from __future__ import annotations

import sys
from pathlib import Path

from migrate.engine.rule import select_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, as a package, before 3.11 (a base dependency there)
    import tomli as tomllib

KEYS = {"select": list, "ignore": list, "fallback": bool, "target": str}
CHOICES = {"target": ("tf2.15", "latest")}  # the same profiles as `rewrite --target`


class ConfigError(Exception):
    pass


def find_pyproject(start: Path) -> Path | None:
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else [start.parent, *start.parent.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load(start: Path) -> dict:
    path = find_pyproject(start)
    if path is None:
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("tf-migrate", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
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
