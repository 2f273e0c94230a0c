"""``optimize_loss`` / ``create_train_op`` in a file kept in graph mode -> the TF 1.15 functions written into the file."""

from __future__ import annotations

import re

from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules._contrib_inline import (DropContribImport, LocalNames, bound_names, insert_after_imports,
                                          runtime_source, taken)

# contrib symbol -> the name of its port in migrate/runtime/contrib_optimizers.py (and in the file)
BUILDERS = {
    "contrib.layers.optimize_loss": "optimize_loss",
    "contrib.training.create_train_op": "create_train_op",
    "contrib.slim.learning.create_train_op": "slim_create_train_op",
}
_TF2_NAMES = {"tf1.global_norm": "{tf}.linalg.global_norm", "tf1.truncated_normal": "{tf}.random.truncated_normal",
              "tf1.check_numerics": "{tf}.debugging.check_numerics"}
_PRIVATE = ("_USE_GLOBAL_STEP", "_values", "_scale", "_multiply_gradients", "_add_scaled_noise_to_gradients",
            "_clip_by_global_norm", "_clip_each_gradient")


def port_source(tf: str) -> str:
    """The runtime port (TF 1.15's optimize_loss, contrib.training and slim create_train_op) on ``tf.compat.v1``."""
    text = runtime_source("contrib_optimizers")
    text = text[text.index("OPTIMIZER_CLS_NAMES = {"):]
    for name in _PRIVATE:
        text = re.sub(rf"\b{name}\b", f"_contrib{name}", text)
    for old, new in _TF2_NAMES.items():  # what the other rules would rename them to
        text = text.replace(old, new)
    return re.sub(r"\btf1\.", f"{tf}.compat.v1.", text).replace("{tf}.", f"{tf}.")


def _example_after() -> str:
    """The first example's result: TFM1xx also moves the port's tf.compat.v1.logging to absl."""
    port = port_source("tf").replace("tf.compat.v1.logging.warning", "logging.warning")
    return ("import tensorflow as tf\nfrom absl import logging\n\n" + port + "\n\n"
            "tf.compat.v1.disable_eager_execution()\nop = optimize_loss(loss, step, 0.1, 'Adam')\n")


class ContribTrainOpBuilder(Rule):
    """``tf.contrib.layers.optimize_loss(...)`` / ``slim.learning.create_train_op(...)`` kept for graph mode.

    TF1 pattern: contrib's train-op builders: they run UPDATE_OPS, compute the
    gradients, clip (optimize_loss: by global norm; slim: each by its own
    norm), multiply, add summaries, apply them (incrementing the global step)
    and return the *loss* with the update as a dependency. TF2 has none; the
    graph-to-eager pass writes a GradientTape step. When the file is kept in
    graph mode (``disable_eager_execution``), the replacement is the TF 1.15
    function itself on ``tf.compat.v1`` -- the port ``tf-migrate run`` uses
    (``migrate/runtime/contrib_optimizers.py``) -- written after the imports
    and called with the same arguments: same variables
    (``OptimizeLoss/learning_rate``), same summaries, same numbers, both
    profiles. A warning: graph-era code. Refuses when the names it writes
    are taken in the file, when a builder is used as a value, and with
    ``--no-fallback``.
    """

    code = "TFM214"
    family = "contrib"
    safety = Safety.REVIEW
    description = "optimize_loss / create_train_op in graph-mode code -> the TF 1.15 function written into the file"
    program = True
    symbols = frozenset(BUILDERS)
    examples = (
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "op = tf.contrib.layers.optimize_loss(loss, step, 0.1, 'Adam')\n",
                _example_after(),
                "a file kept in graph mode"),
        Example("import tensorflow as tf\nop = tf.contrib.layers.optimize_loss(loss, step, 0.1, 'Adam')\n", None,
                "not graph mode: left to the graph-to-eager pass (reported)"),
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\ndef optimize_loss():\n    pass\n"
                "op = tf.contrib.layers.optimize_loss(loss, step, 0.1, 'Adam')\n", None, "the name is taken"),
    )

    def on_module(self, module, ctx):
        if not set(ctx.symbols.values()) & set(BUILDERS) or not ctx.graph_mode or not ctx.options.fallback:
            return None
        tf = ctx.tf_alias if ctx.tf_alias and not ctx.compat_alias else None
        if tf is None:
            return None
        source = port_source(tf)
        clash = taken(ctx, bound_names(source))
        if clash:
            ctx.report(module.body[0], self.code, Severity.ERROR,
                       f"contrib train-op builders not replaced: the name {sorted(clash)[0]} is taken in this file",
                       fixed=False)
            return None
        replace = LocalNames(ctx, BUILDERS, calls_only=True)
        rewritten = module.visit(replace)
        if not replace.found:
            return None
        rewritten = insert_after_imports(rewritten, source)
        rewritten = rewritten.visit(DropContribImport("tensorflow.contrib.layers", {"optimize_loss"}))
        rewritten = rewritten.visit(DropContribImport("tensorflow.contrib.training", {"create_train_op"}))
        ctx.report(module.body[0], self.code, Severity.WARNING,
                   f"{', '.join('tf.' + s for s in sorted(replace.found))} kept for graph mode: TF 1.15's function "
                   "on tf.compat.v1 is written into this file (convert the program to a GradientTape step)", fixed=True)
        return rewritten
