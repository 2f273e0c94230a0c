"""SavedModel v1 (builder, loader, signature defs) and frozen graphs: reported with the TF2 recipe.

None of these convert locally: a v1 SavedModel is written from a session's graph
and named tensors, a frozen graph from a GraphDef. Their TF2 form starts from a
``tf.function`` / Keras model (a concrete function with a ``tf.TensorSpec`` input
signature), which is what the graph-to-eager pass produces, so the call site
can't be rewritten on its own without guessing the function.
"""

from __future__ import annotations

from migrate.data.ecosystem_map import SAVING as RECIPES
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules._graph_mode import compat_reference, kept_in_graph_mode


class SavedModelV1(Rule):
    """``SavedModelBuilder``, ``loader.load``, ``simple_save``, signature-def utilities.

    TF1 pattern: a session's graph saved or loaded with named tensors.
    TF2: ``tf.saved_model.save`` of a trackable object with concrete-function
    signatures, ``tf.saved_model.load`` and its ``signatures``. Always a
    warning, never rewritten (the function to save is not at the call site).
    """

    code = "TFM268"
    family = "saving"
    description = "Report v1 SavedModel builder/loader/signature-def APIs with the TF2 recipe"
    symbols = frozenset(s for s in RECIPES if s.startswith("saved_model."))
    examples = (
        Example("import tensorflow as tf\nb = tf.saved_model.builder.SavedModelBuilder(export_dir)\n", None,
                "reported with tf.saved_model.save"),
        Example("import tensorflow as tf\ntf.saved_model.simple_save(sess, d, inputs={'x': x}, outputs={'y': y})\n",
                None, "reported"),
        Example("import tensorflow as tf\ntf.saved_model.save(model, d)\n", None, "already TF2"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        return _report(self.code, original, symbol, ctx, f"tf.{symbol} saves/loads a session graph (TF1 only)")


class FrozenGraph(Rule):
    """``tf.graph_util.convert_variables_to_constants(sess, graph_def, outputs)``: freezing a session graph.

    TF2: ``convert_variables_to_constants_v2`` of a concrete function (then
    ``tf.io.write_graph`` of its GraphDef, which TFM100 already names). Reported,
    never rewritten: the concrete function has to be written first.
    """

    code = "TFM269"
    family = "saving"
    description = "Report frozen-graph utilities (graph_util) with the concrete-function recipe"
    symbols = frozenset(s for s in RECIPES if s.startswith("graph_util."))
    examples = (
        Example("import tensorflow as tf\nfrozen = tf.graph_util.convert_variables_to_constants(sess, gd, ['out'])\n",
                None, "reported with convert_variables_to_constants_v2"),
        Example("from tensorflow.compat.v1 import graph_util\ng = graph_util.extract_sub_graph(gd, ['y'])\n",
                None, "reported through a from-import"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        return _report(self.code, original, symbol, ctx, f"tf.{symbol} works on session graphs (TF1 only)")


def _report(code, original, symbol, ctx, what):
    """The recipe; in a file kept in graph mode the symbol also moves to tf.compat.v1 so the file still runs."""
    kept = kept_in_graph_mode(ctx, symbol)
    ctx.report(original, code, Severity.WARNING,
               f"{what}; TF2: {RECIPES[symbol]}" + (f"; kept as tf.compat.v1.{symbol} (graph mode)" if kept else ""),
               fixed=kept)
    return compat_reference(original, symbol, ctx) if kept else None
