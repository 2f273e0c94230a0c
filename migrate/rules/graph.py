"""TF1 constructs with no native TF2 name: reported until a rule migrates them."""

from __future__ import annotations

from migrate.data.tf_api import RENAMES, V1_ONLY
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity


class GraphOnly(Rule):
    """``tf.placeholder``, ``tf.Session``, ``tf.get_variable``...: graph-mode TF1.

    These have no TF2 namesake; renaming them to ``tf.compat.v1`` would only
    hide them. They are reported (warning, not fixed) for the graph-to-eager
    rules; symbols another active rule migrates are left to that rule.
    """

    code = "TFM900"
    family = "graph"
    description = "Report TF1-only (graph-mode) symbols that have no native TF2 name"
    symbols = V1_ONLY - frozenset(RENAMES)
    examples = (
        Example("import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 784])\n", None,
                "reported, not renamed to compat.v1"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        if not ctx.watched_elsewhere(symbol, self.code):
            ctx.report(original, self.code, Severity.WARNING,
                       f"tf.{symbol} is TF1-only (graph mode); no native TF2 name", fixed=False)
        return None

