"""``tf.contrib.metrics.streaming_*`` in a file kept in graph mode -> the ``tf.compat.v1.metrics`` they wrapped."""

from __future__ import annotations

from migrate.data.contrib_map import TABLE
from migrate.engine.rule import Example, Safety
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules.contrib_init import CallRule, graph_code_may_run

_PL = ("predictions", "labels", "weights", "metrics_collections", "updates_collections", "name")
# contrib streaming metric -> (its parameters in order, the tf.metrics function it called with them by keyword)
STREAMING = {
    "streaming_accuracy": (_PL, "accuracy"),
    "streaming_precision": (_PL, "precision"),
    "streaming_recall": (_PL, "recall"),
    "streaming_mean_squared_error": (_PL, "mean_squared_error"),
    "streaming_mean_absolute_error": (_PL, "mean_absolute_error"),
    "streaming_root_mean_squared_error": (_PL, "root_mean_squared_error"),
    "streaming_true_positives": (_PL, "true_positives"),
    "streaming_false_positives": (_PL, "false_positives"),
    "streaming_auc": (("predictions", "labels", "weights", "num_thresholds", "metrics_collections",
                       "updates_collections", "curve", "name", "summation_method"), "auc"),
    "streaming_mean": (("values", "weights", "metrics_collections", "updates_collections", "name"), "mean"),
}
SYMBOLS = frozenset(f"contrib.metrics.{name}" for name in STREAMING)


class ContribStreamingMetric(CallRule):
    """``tf.contrib.metrics.streaming_accuracy(pred, y)`` -> ``tf.compat.v1.metrics.accuracy(predictions=pred, labels=y)``.

    TF1 pattern: contrib's streaming metrics, ``(value, update_op)`` pairs over
    local variables. In TF 1.15 each one called the core ``tf.metrics``
    function with its arguments by keyword -- note the order: contrib takes
    ``(predictions, labels)``, tf.metrics ``(labels, predictions)``.
    Replacement, in a file kept in graph mode (the graph-to-eager pass did
    not convert it): that ``tf.compat.v1.metrics`` function with every
    argument by keyword (a warning: graph-era API; the TF2 form is a
    ``tf.keras.metrics`` object). Refuses in a file that runs eagerly, with
    ``--no-fallback`` and when the arguments can't be bound (``*args``).
    """

    code = "TFM215"
    family = "contrib"
    safety = Safety.REVIEW
    description = "contrib streaming metrics left in graph-mode code -> tf.compat.v1.metrics, arguments by keyword"
    symbols = SYMBOLS
    examples = (
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "acc, update = tf.contrib.metrics.streaming_accuracy(pred, y)\n",
                "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "acc, update = tf.compat.v1.metrics.accuracy(predictions=pred, labels=y)\n",
                "the argument order differs: keywords"),
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "auc = tf.contrib.metrics.streaming_auc(p, y, None, 100, curve='PR')\n",
                "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "auc = tf.compat.v1.metrics.auc(predictions=p, labels=y, weights=None, num_thresholds=100, curve='PR')\n"),
        Example("import tensorflow as tf\n\n@tf.function\ndef f(p, y):\n"
                "    return tf.contrib.metrics.streaming_accuracy(p, y)\n", None, "eager code: reported"),
        Example("import tensorflow as tf\nm = tf.keras.metrics.Accuracy()\n", None, "already TF2"),
    )

    def on_call(self, original, updated, symbol, ctx):
        name = symbol.rsplit(".", 1)[-1]
        params, target = STREAMING[name]
        bound = _calls.bind(updated, params)
        why = ("--no-fallback" if not ctx.options.fallback
               else "this file runs eagerly" if not graph_code_may_run(ctx)
               else "its arguments can't be bound statically" if bound is None else None)
        if why:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2 ({why}): {TABLE[symbol].notes}", fixed=False)
            return None
        args = [_calls.keyword(bound[p], p) for p in params if p in bound]
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.{symbol} kept for graph mode as tf.compat.v1.metrics.{target} (what contrib called; the TF2 "
                   "form is a tf.keras.metrics object)", fixed=True)
        return ctx.replace(original.func, _calls.rebuild(updated.with_changes(func=ctx.ref(f"compat.v1.metrics.{target}")), args))
