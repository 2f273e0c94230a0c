"""Is migrated code idiomatic TF2? What TF1 constructs are left in it.

A file is idiomatic only when no Session, placeholder, feed_dict,
initializer, ``tf.compat.v1``, collection, ``tf.layers`` or ``tf.contrib``
remains (the definition of issue 3), resolved through the file's imports.
"""

from __future__ import annotations

import libcst as cst

from migrate.data import graph_map as G
from migrate.engine.names import NameResolver

_GRAPH_ONLY = G.SESSIONS | G.PLACEHOLDERS | G.INITIALIZERS | frozenset({
    "get_collection", "add_to_collection", "get_collection_ref", "get_default_session", "get_default_graph",
    "disable_eager_execution", "disable_v2_behavior", "Graph",
})
_PREFIXES = ("layers.", "contrib.", "GraphKeys.")


class _FeedDicts(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None and node.keyword.value == "feed_dict":
            self.found = True


def tf1_left(source: bytes) -> list[str]:
    """The TF1 constructs in ``source`` (sorted, deduplicated); empty means idiomatic TF2."""
    if b"tensorflow" not in source:
        return []
    module = cst.parse_module(source)
    resolver = NameResolver()
    module.visit(resolver)
    left = set()
    for reference in resolver.references.values():
        for name in resolver.qualified_names(reference.node) or ():
            if name.startswith("tensorflow.compat.v1"):
                left.add("tf.compat.v1")
                name = "tensorflow." + name[len("tensorflow.compat.v1."):]
            if not name.startswith("tensorflow."):
                continue
            symbol = name[len("tensorflow."):]
            if symbol in _GRAPH_ONLY or symbol.startswith(_PREFIXES) or symbol == "layers":
                left.add(f"tf.{symbol}")
    feeds = _FeedDicts()
    module.visit(feeds)
    if feeds.found:
        left.add("feed_dict")
    return sorted(left)
