"""``tf.contrib.training.HParams``: typed hyperparameters with ``parse("lr=0.1,layers=[64,32]")``.

A plain-Python port of the TF 1.15 class (it never touched the graph). Kept:
type fixed by the first value, the casting rules (int -> float is fine, float
-> int, str <-> number and anything <-> bool are errors), lists, ``parse``,
``override_from_dict``, ``values``, ``to_json`` / ``parse_json``. Dropped: the
protobuf ``HParamDef`` round trip and the ``name[i]=v`` index syntax.
"""

from __future__ import annotations

import json
import numbers
import re

__all__ = ["HParams"]

_PARAM_RE = re.compile(r"(?P<name>[a-zA-Z][\w.]*)\s*=\s*((?P<val>[^,\[]*)|\[(?P<vals>[^\]]*)\])($|,\s*)")


def _cast(name, param_type, value):
    fail = ValueError(f"Could not cast hparam '{name}' of type '{param_type}' from value {value!r}")
    if isinstance(value, param_type) or issubclass(param_type, type(None)):
        return value
    if issubclass(param_type, (str, bytes)) and not isinstance(value, (str, bytes)):
        raise fail
    if issubclass(param_type, bool) != isinstance(value, bool):
        raise fail
    if issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise fail
    if issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number):
        raise fail
    return param_type(value)


def _parse_scalar(name, param_type, text):
    text = text.strip()
    try:
        if issubclass(param_type, bool):
            if text in ("true", "True"):
                return True
            if text in ("false", "False"):
                return False
            return bool(int(text))
        if issubclass(param_type, numbers.Integral):
            return int(text)
        if issubclass(param_type, numbers.Real):
            return float(text)
    except ValueError:
        raise ValueError(f"Could not parse hparam '{name}' of type '{param_type.__name__}' from '{text}'") from None
    return text


class HParams:
    """Hyperparameters as attributes, each with the type of its first value."""

    _HAS_DYNAMIC_ATTRIBUTES = True  # tells pytype/pylint the attributes are dynamic

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        if hparam_def is not None:
            raise NotImplementedError("HParams(hparam_def=...) protobufs are not supported by the tf-migrate runtime")
        self._hparam_types = {}
        self._model_structure = model_structure
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name, value):
        if getattr(self, name, None) is not None:
            raise ValueError(f"Hyperparameter name is reserved: {name}")
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError(f"Multi-valued hyperparameters cannot be empty: {name}")
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name, value):
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError(f"Must not pass a list for single-valued parameter: {name}")
            setattr(self, name, [_cast(name, param_type, v) for v in value])
        else:
            if is_list:
                raise ValueError(f"Must pass a list for multi-valued parameter: {name}.")
            setattr(self, name, _cast(name, param_type, value))

    def del_hparam(self, name):
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values):
        """Override from ``"name=value,other=[1,2]"``; values are parsed with each hparam's type."""
        parsed = {}
        pos = 0
        while pos < len(values):
            m = _PARAM_RE.match(values, pos)
            if not m:
                raise ValueError(f"Malformed hyperparameter value: {values[pos:]}")
            pos = m.end()
            name = m.group("name")
            if name not in self._hparam_types:
                raise ValueError(f"Unknown hyperparameter type for {name}")
            param_type, _ = self._hparam_types[name]
            if m.group("vals") is not None:
                items = [v for v in m.group("vals").split(",") if v.strip()]
                parsed[name] = [_parse_scalar(name, param_type, v) for v in items]
            else:
                parsed[name] = _parse_scalar(name, param_type, m.group("val"))
        return self.override_from_dict(parsed)

    def override_from_dict(self, values_dict):
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def parse_json(self, values_json):
        return self.override_from_dict(json.loads(values_json))

    def to_json(self, indent=None, separators=None, sort_keys=False):
        return json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)

    def values(self):
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key, default=None):
        if key in self._hparam_types:
            if default is not None:
                param_type, is_list = self._hparam_types[key]
                if is_list != isinstance(default, list):
                    raise ValueError(f"Hparam '{key}' has a list-ness that differs from the default")
                _cast(key, param_type, default[0] if is_list else default)
            return getattr(self, key)
        return default

    def __contains__(self, key):
        return key in self._hparam_types

    def __str__(self):
        return str(sorted(self.values().items()))

    def __repr__(self):
        return f"{type(self).__name__}({self})"
