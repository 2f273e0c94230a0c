"""The ``tensorflow.contrib`` package of the runtime, served from :mod:`migrate.runtime.contrib_table`.

``tensorflow.contrib.X`` is a module when some table row lives under ``X``;
attributes resolve lazily to the row's target. Anything else raises an
ImportError / AttributeError that names the contrib path and why it is missing.
"""

from __future__ import annotations

import importlib
import types

from migrate.runtime.contrib_table import ALIASES, TABLE, UNSUPPORTED

__all__ = ["ContribModule", "check_module", "lookup", "supported_symbols"]

_PREFIX = "tensorflow.contrib"


def _candidates(path: str) -> list[str]:
    found = [path]
    for alias, targets in ALIASES.items():
        if path.startswith(alias + "."):
            rest = path[len(alias) + 1 :]
            found += [f"{target}.{rest}" for target in targets]
    return found


def _is_module(path: str) -> bool:
    if path == "" or path in ALIASES:
        return True
    return any(key.startswith(c + ".") for c in _candidates(path) for key in TABLE)


def _missing(path: str) -> str:
    for candidate in _candidates(path):
        parts = candidate.split(".")
        for end in range(len(parts), 0, -1):
            reason = UNSUPPORTED.get(".".join(parts[:end]))
            if reason:
                return f"tf.contrib.{path} is not provided by the tf-migrate runtime: {reason}"
    return (
        f"tf.contrib.{path} is not provided by the tf-migrate runtime: "
        "it has no entry in migrate/runtime/contrib_table.py"
    )


def _resolve(target: str):
    module_name, _, attr_path = target.partition(":")
    value = importlib.import_module(module_name)
    for attr in attr_path.split("."):
        value = getattr(value, attr)
    return value


def lookup(path: str):
    """The object behind ``tf.contrib.<path>``; AttributeError naming it when unsupported."""
    for candidate in _candidates(path):
        if candidate in TABLE:
            return _resolve(TABLE[candidate])
    raise AttributeError(_missing(path))


def check_module(path: str) -> None:
    """Raise ImportError unless ``tensorflow.contrib.<path>`` is a module of the runtime."""
    if _is_module(path):
        return
    if any(c in TABLE for c in _candidates(path)):
        raise ImportError(f"tf.contrib.{path} is a symbol, not a module: use `from tensorflow.contrib.{path.rpartition('.')[0]} import {path.rpartition('.')[2]}`")
    raise ImportError(_missing(path))


def supported_symbols() -> list[str]:
    """Every ``tf.contrib`` path the runtime serves, aliases included."""
    names = set(TABLE)
    for alias, targets in ALIASES.items():
        for target in targets:
            names |= {f"{alias}.{key[len(target) + 1:]}" for key in TABLE if key.startswith(target + ".")}
    return sorted(names)


class ContribModule(types.ModuleType):
    """One module of ``tensorflow.contrib``; attributes come from the table."""

    def __init__(self, name: str):
        super().__init__(name, f"tf-migrate runtime shim for {name.replace('tensorflow.', 'tf.', 1)}")
        self.__path__ = []
        self._tf_migrate_path = name[len(_PREFIX) :].lstrip(".")

    def __getattr__(self, name: str):
        if name == "__all__":  # `from tensorflow.contrib.layers import *`
            return [n for n in self.__dir__() if not _is_module(self._join(n))]
        if name.startswith("__"):
            raise AttributeError(name)
        path = self._join(name)
        if any(c in TABLE for c in _candidates(path)):
            value = lookup(path)
        elif _is_module(path):
            value = importlib.import_module(f"{_PREFIX}.{path}")
        else:
            raise AttributeError(_missing(path))
        setattr(self, name, value)
        return value

    def _join(self, name: str) -> str:
        return f"{self._tf_migrate_path}.{name}" if self._tf_migrate_path else name

    def __dir__(self):
        prefix = f"{self._tf_migrate_path}." if self._tf_migrate_path else ""
        return sorted({p[len(prefix) :].split(".")[0] for p in supported_symbols() if p.startswith(prefix)})
