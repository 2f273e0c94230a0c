"""Is migrated code idiomatic TF2? What TF1 constructs are left in it.

The flag is computed from the output, never from which rules fired (issue 11): a file is idiomatic
only when no TF1-only name is reachable in it, resolved through the file's imports:

- the graph-mode constructs of issue 3 even where TF2 still has the name: Session, placeholder,
  feed_dict, initializers, collections, default graph/session, ``tf.layers``, ``tf.contrib``;
- ``tf.compat.v1.*`` (``tf.compat.v2.X`` counts as ``tf.X``);
- any ``tf.X`` that TF 2.15's public namespace lacks (``migrate/data/tf_api.py``: ``V2_NAMES``),
  e.g. ``tf.get_variable``, ``tf.variable_scope``, ``tf.train.AdamOptimizer``, ``tf.app.flags``;
  names inside an object (``tf.float32.as_numpy_dtype``) and inside the subtrees the table does not
  walk (``tf.keras``, ``tf.estimator``) are not judged;
- imports TF2 has no module for: ``tensorflow.examples``, ``tensorflow.contrib``;
- private ``tensorflow.python`` names whose public name is TF1-only (``ops.reset_default_graph``).

``tf1_left_unit`` judges the files of one program together: a file that imports a file of the set
which keeps TF1 names is not idiomatic either (it calls graph-mode code).
"""

from __future__ import annotations

import ast
from pathlib import PurePath

import libcst as cst

from migrate.data import graph_map as G
from migrate.data import tf_api as T
from migrate.engine.names import NameResolver
from migrate.engine.transformer import analysis_of

_GRAPH_ONLY = G.SESSIONS | G.PLACEHOLDERS | G.INITIALIZERS | frozenset({
    "get_collection", "add_to_collection", "get_collection_ref", "get_default_session", "get_default_graph",
    "disable_eager_execution", "disable_v2_behavior", "Graph",
})
_PREFIXES = ("layers.", "contrib.", "GraphKeys.")
# tf_api.py lists only the root of these v2 subtrees: what is below them is not judged here.
_UNWALKED = frozenset({"keras", "estimator", "compat", "__internal__", "__operators__"})
# Keras-backed in TF2: the table keeps their v1 names only; V1_ONLY holds what TF2 lacks there, except
# these, which TF 2.15.1 has under the same name (checked with hasattr on tensorflow 2.15.1, 2026-12-01).
_KERAS_BACKED = frozenset({"losses", "metrics", "optimizers", "initializers"})
_KERAS_BACKED_IN_V2 = frozenset({
    "losses.mean_squared_error", "losses.Reduction", "metrics.mean_absolute_error", "metrics.mean_squared_error",
    "initializers.variance_scaling", "initializers.lecun_uniform", "initializers.identity", "initializers.orthogonal",
    "initializers.glorot_uniform", "initializers.he_uniform", "initializers.constant", "initializers.truncated_normal",
    "initializers.ones", "initializers.random_uniform", "initializers.glorot_normal", "initializers.he_normal",
    "initializers.random_normal", "initializers.zeros", "initializers.lecun_normal",
})


class _Imports:
    """Every dotted name an import statement names (``from a import b`` names ``a`` and ``a.b``), and
    whether a call passes ``feed_dict=``: read off Python's own tree (a C parse and walk; a libcst
    visitor pass costs as much as the parse, and the names are the same)."""

    def __init__(self, source: bytes) -> None:
        self.names: list[str] = []
        self.relative: list[tuple[int, str]] = []  # (dots, dotted name) of relative imports
        self.feed_dict = False
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                self.names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                self._import_from(node)
            elif isinstance(node, ast.keyword) and node.arg == "feed_dict":
                self.feed_dict = True

    def _import_from(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        names = [] if node.names[0].name == "*" else [a.name for a in node.names]
        if node.level:
            self.relative += [(node.level, ".".join(filter(None, (module, n)))) for n in names or [""]]
            if module:
                self.relative.append((node.level, module))
            return
        self.names.append(module)
        self.names += [f"{module}.{n}" for n in names]


def missing_in_tf2(symbol: str) -> str | None:
    """The first part of ``tf.<symbol>`` that TF 2.15's namespace lacks (``get_variable``,
    ``train.AdamOptimizer``), or None when the name exists or is not judged (see the module doc)."""
    parts = symbol.split(".")
    for i in range(1, len(parts) + 1):
        if parts[i - 1].startswith("__") and parts[i - 1].endswith("__"):
            return None  # a module's own attribute (tf.__version__, tf.keras.__file__): every module has one
        prefix = ".".join(parts[:i])
        if prefix not in T.V2_NAMES:
            return prefix
        if prefix in _UNWALKED:
            return None
        if prefix in _KERAS_BACKED:
            return symbol if symbol in T.V1_ONLY and symbol not in _KERAS_BACKED_IN_V2 else None
        if prefix not in T.V2_MODULES:  # an object: what follows is an attribute, not an API name
            return None
    return None


def _judge(name: str, left: set[str], absent: set[str] | None = None) -> None:
    """Add to ``left`` what the fully qualified ``name`` (``tensorflow.X``) leaves of TF1; to ``absent``
    the names TF2 lacks that are not reached through ``tf.compat.v1`` (they raise on TF2, graph mode or not)."""
    if name == "tensorflow" or not name.startswith("tensorflow."):
        return
    symbol = name[len("tensorflow."):]
    if symbol == "core" or symbol.startswith("core."):  # the protocol buffers (graph_pb2, config_pb2): in TF2 too
        return
    if symbol.startswith("python."):
        public = T.PRIVATE.get(name)
        if public is not None and (public in _GRAPH_ONLY or missing_in_tf2(public)):
            left.add(f"tf.{public} (private {name})")
        return
    if symbol == "compat.v1" or symbol.startswith("compat.v1."):
        left.add("tf.compat.v1")
        symbol = symbol[len("compat.v1."):]
        if not symbol or symbol == "compat.v1":
            return
    elif symbol.startswith("compat.v2."):
        symbol = symbol[len("compat.v2."):]
    if symbol in _GRAPH_ONLY or symbol.startswith(_PREFIXES) or symbol in ("layers", "contrib"):
        left.add(f"tf.{symbol}")
        missing = missing_in_tf2(symbol)
        if absent is not None and missing is not None and not name.startswith("tensorflow.compat.v1"):
            absent.add(f"tf.{missing}")
        return
    missing = missing_in_tf2(symbol)
    if missing is not None:
        left.add(f"tf.{missing}")
        if absent is not None and not name.startswith("tensorflow.compat.v1"):
            absent.add(f"tf.{missing}")


def _resolved(source: bytes) -> NameResolver:
    """The name resolution of ``source``: the engine's own when it just migrated this very text."""
    analysis = analysis_of(source)
    if analysis is not None:
        return analysis[1]
    resolver = NameResolver()
    cst.parse_module(source).visit(resolver)
    return resolver


def tf1_left(source: bytes) -> list[str]:
    """The TF1 constructs in ``source`` (sorted, deduplicated); empty means idiomatic TF2."""
    if b"tensorflow" not in source:
        return []
    resolver = _resolved(source)
    left: set[str] = set()
    for reference in resolver.references.values():
        for name in resolver.qualified_names(reference.node) or ():
            _judge(name, left)
    imports = _Imports(source)  # an import TF2 can't satisfy fails by itself, even when nothing uses it
    imported: set[str] = set()
    for name in imports.names:
        _judge(name, imported)
    for item in imported:  # the deepest name only: "tf.contrib.layers.flatten" says "tf.contrib.layers"
        if not any(other == item or other.startswith(item + ".") for other in (left | imported) - {item}):
            left.add(item)
    if imports.feed_dict:
        left.add("feed_dict")
    return sorted(left)


def _module_stems(source: bytes) -> set[str]:
    """Each last-or-inner part of a module this file imports (``from gcn.layers import *``: gcn, layers)."""
    if b"import" not in source:
        return set()
    imports = _Imports(source)
    stems = set()
    for name in imports.names + [n for _, n in imports.relative]:
        stems.update(part for part in name.split(".") if part)
    return stems


def tf1_left_unit(files: dict[str, bytes], left: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """``tf1_left`` of each file of one program (path -> output), plus, for a file that imports another
    file of the set which keeps TF1 names, ``"graph-mode helper NAME.py"``: it calls graph-mode code.
    ``left``: each file's own ``tf1_left`` when already known (the workers compute it)."""
    left = {path: list(left[path]) if left and path in left else tf1_left(source) for path, source in files.items()}
    by_stem = {PurePath(path).stem: path for path in files if PurePath(path).stem != "__init__"}
    imported = {path: [by_stem[s] for s in sorted(_module_stems(source)) if by_stem.get(s, path) != path]
                for path, source in files.items()}
    changed = True
    while changed:  # through helpers of helpers
        changed = False
        for path, helpers in imported.items():
            for helper in helpers:
                note = f"graph-mode helper {PurePath(helper).name}"
                if left[helper] and note not in left[path]:
                    left[path] = sorted({*left[path], note})
                    changed = True
    return left


def absent_in_tf2(source: bytes) -> list[str]:
    """The names of ``source`` that plain TF 2.15 lacks and that are not reached through ``tf.compat.v1``
    (``tf.contrib``, ``tf.OptimizerOptions``, ``tensorflow.examples``): the file fails on TF2 where it
    reaches them, in graph mode or not. A subset of ``tf1_left``."""
    if b"tensorflow" not in source:
        return []
    resolver = _resolved(source)
    absent: set[str] = set()
    for reference in resolver.references.values():
        for name in resolver.qualified_names(reference.node) or ():
            _judge(name, set(), absent)
    imports = _Imports(source)
    for name in imports.names:
        _judge(name, set(), absent)
    return sorted(a for a in absent if not any(o.startswith(a + ".") for o in absent))
