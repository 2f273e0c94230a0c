"""v1 ``tf.losses`` and ``tf.metrics``: graph-collection losses and streaming metrics.

The tables and the reasons behind each mapping are in ``migrate.data.ecosystem_map``
(``LOSSES``, ``LOSSES_REPORTED``, ``METRICS``); ``tests/ecosystem/test_numerics.py``
checks every conversion against the v1 function on TF 2.15 and the newest TF.
"""

from __future__ import annotations

import libcst as cst

from migrate.data.ecosystem_map import FROM_LOGITS, LOSSES, LOSSES_REPORTED, METRICS, STOP_LABEL_GRADIENT
from migrate.engine.rule import Example, Rule
from migrate.engine.transformer import is_v1_marker
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules._graph_mode import compat_call, compat_reference, kept_in_graph_mode

# ``tf.losses.X`` / ``tf.metrics.X`` names that TF2's own ``tf.losses`` / ``tf.metrics`` (Keras) also
# have, with another meaning (per-example loss, a stateless function): TF1 only when the file says so.
AMBIGUOUS = frozenset({"losses.mean_squared_error", "losses.Reduction",
                       "metrics.mean_squared_error", "metrics.mean_absolute_error"})
# Reading the LOSSES collection: a converted loss would no longer be in it.
COLLECTION_READERS = frozenset({"losses.get_total_loss", "losses.get_losses", "GraphKeys.LOSSES"})


def is_v1_use(original: cst.Call | cst.BaseExpression, symbol: str, ctx) -> bool:
    """Is this certainly the TF1 function (not TF2's Keras namesake)?"""
    if symbol not in AMBIGUOUS or ctx.compat_alias:
        return True
    node = original.func if isinstance(original, cst.Call) else original
    if any(q.startswith("tensorflow.compat.v1.") for q in ctx.names.qualified_names(node) or ()):
        return True
    # The engine's dialect counts these names as TF1 markers (its v2 tables skip Keras' tf.losses):
    # decide from the other symbols of the file.
    return any(is_v1_marker(s) for s in set(ctx.symbols.values()) - AMBIGUOUS)


def _number(expr: cst.BaseExpression) -> float | None:
    if isinstance(expr, (cst.Integer, cst.Float)):
        return float(expr.evaluated_value)
    return None


class V1Loss(Rule):
    """``tf.losses.sparse_softmax_cross_entropy(labels, logits)`` -> ``tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)``.

    The v1 losses reduce with SUM_BY_NONZERO_WEIGHTS and ``weights=1.0``: with a
    scalar weight that is the mean the Keras loss takes (``w * mean`` for a number
    ``w``, passed as ``sample_weight``). ``label_smoothing`` and ``delta`` use the
    same formulas; ``softmax_cross_entropy`` keeps its labels out of the gradient
    as v1 did. Refuses (with a finding) non-numeric ``weights`` (a tensor's
    non-zero count is not the batch size), an explicit ``reduction`` or
    ``loss_collection``, and files that read the LOSSES collection.
    """

    code = "TFM265"
    family = "losses"
    description = "v1 tf.losses.* -> the Keras loss computing the same reduction"
    symbols = frozenset(LOSSES)
    examples = (
        Example(
            "import tensorflow as tf\ntf.set_random_seed(0)\n"
            "loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)\n",
            "import tensorflow as tf\ntf.random.set_seed(0)\n"
            "loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, logits)\n",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\nloss = tf.losses.softmax_cross_entropy(y, z, label_smoothing=0.1)\n",
            "import tensorflow.compat.v1 as tf\nimport tensorflow\n\n"
            "loss = tensorflow.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)"
            "(tf.stop_gradient(y), z)\n",
            "compat.v1 alias: the Keras loss comes from the real tensorflow package",
        ),
        Example(
            "import tensorflow as tf\ntf.set_random_seed(0)\nloss = tf.losses.mean_squared_error(y, p, weights=2.0)\n",
            "import tensorflow as tf\ntf.random.set_seed(0)\n"
            "loss = tf.keras.losses.MeanSquaredError()(y, p, sample_weight=2.0)\n",
        ),
        Example("import tensorflow as tf\nloss = tf.losses.mean_squared_error(y, p)\n", None,
                "TF2's tf.losses.mean_squared_error is Keras' per-example loss: may already be TF2"),
        Example("import tensorflow.compat.v1 as tf\nloss = tf.losses.huber_loss(y, p, weights=mask)\n",
                None, "tensor weights: the non-zero count is not the batch size"),
        Example("import tensorflow.compat.v1 as tf\n"
                "l = tf.losses.absolute_difference(y, p)\ntrain(tf.losses.get_total_loss())\n", None,
                "the file reads the LOSSES collection"),
        Example("import tensorflow as tf\nloss = tf.keras.losses.MeanSquaredError()(y, p)\n", None, "already TF2"),
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nloss = tf.losses.log_loss(y, p)\n"
                "l2 = tf.losses.huber_loss(y, p)\n",
                "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nloss = tf.compat.v1.losses.log_loss(y, p)\n"
                "l2 = tf.compat.v1.losses.huber_loss(y, p)\n",
                "a file kept in graph mode keeps the v1 losses on tf.compat.v1"),
    )

    def on_call(self, original, updated, symbol, ctx):
        if not is_v1_use(original, symbol, ctx):
            return None
        cls, params, carried = LOSSES[symbol]
        name = symbol.split(".")[-1]
        if kept_in_graph_mode(ctx, symbol):  # a graph-mode file keeps TF1 losses exactly, on compat.v1
            ctx.report(original, self.code, Severity.INFO,
                       f"tf.losses.{name} kept as tf.compat.v1.losses.{name} (the file runs in graph mode); "
                       f"in eager TF2: tf.{cls}", fixed=True)
            return compat_call(original, updated, symbol, ctx)
        bound = _calls.bind(updated, params)
        why = None
        if bound is None or params[0] not in bound or params[1] not in bound:
            why = "its arguments can't be matched statically"
        elif "reduction" in bound or "loss_collection" in bound:
            why = "it passes reduction/loss_collection explicitly"
        elif "weights" in bound and _number(bound["weights"].value) is None:
            why = ("its weights are not a number: v1 divides by the count of non-zero weights, Keras by the "
                   "batch size; use sample_weight and check the reduction")
        elif any(s in COLLECTION_READERS for s in ctx.symbols.values()):
            why = "the file reads the LOSSES collection (get_total_loss/get_losses), which the Keras loss doesn't join"
        if why:
            ctx.report(original, self.code, Severity.WARNING,
                       f"tf.losses.{name} left as is: {why}; TF2: tf.{cls}", fixed=False)
            return None
        config = [_calls.keyword(cst.Arg(cst.Name("True")), "from_logits")] if symbol in FROM_LOGITS else []
        config += [_calls.keyword(bound[p], k) for p, k in carried.items() if p in bound]
        labels, outputs = bound[params[0]].value, bound[params[1]].value
        if symbol in STOP_LABEL_GRADIENT and _calls.callee_name(labels) != "stop_gradient":
            labels = cst.Call(ctx.ref("stop_gradient"), [cst.Arg(labels)])
        args = [cst.Arg(labels), cst.Arg(outputs)]
        weight = _number(bound["weights"].value) if "weights" in bound else 1.0
        if weight != 1.0:
            args.append(_calls.keyword(bound["weights"], "sample_weight"))
        loss = _calls.rebuild(cst.Call(ctx.ref(cls), []), config)
        dropped = " (its scope name is dropped)" if "scope" in bound else ""
        ctx.report(original, self.code, Severity.INFO,
                   f"tf.losses.{name} -> tf.{cls}: same mean over the batch{dropped}", fixed=True)
        ctx.replace(original.func, loss)
        return _calls.rebuild(cst.Call(loss, []), args)


class V1LossReported(Rule):
    """``tf.losses.log_loss``, ``get_total_loss``...: v1 losses with no exact Keras twin.

    Reported with the TF2 recipe (``LOSSES_REPORTED``). Collections
    (``get_total_loss``, ``get_regularization_loss``) belong to the graph pass
    as far as sessions go; this names what replaces them.
    """

    code = "TFM266"
    family = "losses"
    description = "Report v1 tf.losses symbols that have no exact Keras twin"
    symbols = frozenset(LOSSES_REPORTED)
    examples = (
        Example("import tensorflow as tf\nloss = tf.losses.log_loss(y, p)\n", None, "reported with the formula"),
        Example("import tensorflow as tf\ntotal = tf.losses.get_total_loss()\n", None, "reported: collections are gone"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        if not is_v1_use(original, symbol, ctx):
            return None
        kept = kept_in_graph_mode(ctx, symbol)
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.{symbol} has no exact TF2 twin: {LOSSES_REPORTED[symbol]}"
                   + (f"; kept as tf.compat.v1.{symbol} (the file runs in graph mode)" if kept else ""), fixed=kept)
        return compat_reference(original, symbol, ctx) if kept else None


class StreamingMetric(Rule):
    """``acc, acc_op = tf.metrics.accuracy(labels, predictions)``: a v1 streaming metric.

    v1 metrics return ``(value, update_op)`` backed by local variables that a
    session initializes and runs; TF2 has Keras metric objects
    (``update_state`` / ``result`` / ``reset_state``). The rewrite changes how
    the caller drives it (the graph pass owns ``sess.run``), so this reports
    the Keras class and the semantic note (``tf.metrics.accuracy`` compares
    labels == predictions, no argmax).
    """

    code = "TFM267"
    family = "metrics"
    description = "Report v1 streaming metrics with their Keras metric object"
    symbols = frozenset(METRICS)
    examples = (
        Example("import tensorflow as tf\nacc, acc_op = tf.metrics.accuracy(labels, predictions)\n", None,
                "reported with tf.keras.metrics.Accuracy"),
        Example("import tensorflow as tf\nm = tf.metrics.mean_squared_error(y, p)\n", None,
                "TF2's Keras function of that name: not reported"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        if not is_v1_use(original, symbol, ctx):
            return None
        cls, note = METRICS[symbol]
        target = f"tf.{cls} (update_state/result)" if cls else "no Keras metric"
        kept = kept_in_graph_mode(ctx, symbol)
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.{symbol} is a v1 streaming metric ((value, update_op) on local variables); "
                   f"TF2: {target}. {note}".rstrip(". ") + "."
                   + (f" Kept as tf.compat.v1.{symbol} (the file runs in graph mode)." if kept else ""), fixed=kept)
        return compat_reference(original, symbol, ctx) if kept else None
