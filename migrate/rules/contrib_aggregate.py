"""``tf.contrib.metrics.aggregate_metric_map`` / ``aggregate_metrics``: plain Python, written into the file."""

from __future__ import annotations

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules._contrib_inline import DropContribImport, LocalNames, bound_names, insert_after_imports, taken

# TF 1.15's functions (contrib/metrics/python/ops/metric_ops.py), which never touched TensorFlow.
FUNCTIONS = {
    "contrib.metrics.aggregate_metric_map": (
        "def aggregate_metric_map(names_to_tuples):\n"
        "    \"\"\"tf.contrib.metrics.aggregate_metric_map: {name: (value, update)} -> ({name: value}, "
        "{name: update}).\"\"\"\n"
        "    metric_names = names_to_tuples.keys()\n"
        "    value_ops, update_ops = zip(*names_to_tuples.values())\n"
        "    return dict(zip(metric_names, value_ops)), dict(zip(metric_names, update_ops))\n"),
    "contrib.metrics.aggregate_metrics": (
        "def aggregate_metrics(*value_update_tuples):\n"
        "    \"\"\"tf.contrib.metrics.aggregate_metrics: (value, update) pairs -> ([values], [updates]).\"\"\"\n"
        "    if not value_update_tuples:\n"
        "        raise ValueError('Expected at least one value_tensor/update_op pair')\n"
        "    value_ops, update_ops = zip(*value_update_tuples)\n"
        "    return list(value_ops), list(update_ops)\n"),
}


class ContribAggregateMetrics(Rule):
    """``tf.contrib.metrics.aggregate_metric_map({...})`` -> ``aggregate_metric_map({...})`` defined in the file.

    TF1 pattern: contrib's helpers that split ``(value, update_op)`` metric
    pairs into a dict (or list) of values and one of updates. They are pure
    Python with no TF2 home (Keras metrics have no pairs). Replacement: TF
    1.15's function, four lines, written after the imports, on every profile.
    Refuses (TFM201 reports) when the name is taken in the file.
    """

    code = "TFM216"
    family = "contrib"
    description = "contrib.metrics.aggregate_metric_map / aggregate_metrics -> TF 1.15's Python function in the file"
    program = True
    symbols = frozenset(FUNCTIONS)
    examples = (
        Example("import tensorflow as tf\nvalues, updates = tf.contrib.metrics.aggregate_metric_map({'a': acc})\n",
                "import tensorflow as tf\n\n" + FUNCTIONS["contrib.metrics.aggregate_metric_map"] + "\n\n"
                "values, updates = aggregate_metric_map({'a': acc})\n"),
        Example("from tensorflow.contrib.metrics import aggregate_metrics\nv, u = aggregate_metrics(a, b)\n",
                FUNCTIONS["contrib.metrics.aggregate_metrics"] + "\n\nv, u = aggregate_metrics(a, b)\n",
                "a from-import"),
        Example("import tensorflow as tf\ndef aggregate_metric_map(m):\n    return m\n"
                "v = tf.contrib.metrics.aggregate_metric_map(m)\n", None, "the name is taken: reported"),
    )

    def on_module(self, module, ctx):
        found = set(ctx.symbols.values()) & set(FUNCTIONS)
        if not found:
            return None
        source = "\n\n".join(FUNCTIONS[s] for s in sorted(found))
        clash = taken(ctx, bound_names(source))
        if clash:
            ctx.report(module.body[0], self.code, Severity.WARNING,
                       f"tf.contrib.metrics.{sorted(clash)[0]} not replaced: the name is taken in this file",
                       fixed=False)
            return None
        replace = LocalNames(ctx, {symbol: symbol.rsplit(".", 1)[1] for symbol in FUNCTIONS})
        rewritten = module.visit(replace).visit(
            DropContribImport("tensorflow.contrib.metrics", {s.rsplit(".", 1)[1] for s in FUNCTIONS}))
        rewritten = insert_after_imports(rewritten, source)
        ctx.report(module.body[0], self.code, Severity.INFO,
                   f"{', '.join('tf.' + s for s in sorted(found))}: TF 1.15's plain-Python function written into "
                   "this file", fixed=True)
        return rewritten
