"""``tf.to_float`` and friends, removed in TF2."""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls

# TF1 helper -> the dtype it casts to (tensorflow/python/ops/math_ops.py, TF 1.15).
CASTS = {
    "to_float": "float32",
    "to_double": "float64",
    "to_int32": "int32",
    "to_int64": "int64",
    "to_bfloat16": "bfloat16",
    "to_complex64": "complex64",
    "to_complex128": "complex128",
}


class ToDtype(Rule):
    """``tf.to_float(x)`` -> ``tf.cast(x, tf.float32)``.

    The TF1 helpers were thin wrappers of ``tf.cast`` (same op, same ``name``).
    Refuses when the helper is used as a value (``map(tf.to_float, xs)``): that
    is reported, since a lambda would change what the code reads like.
    """

    code = "TFM110"
    family = "casts"
    description = "Replace tf.to_float and friends with tf.cast"
    symbols = frozenset(CASTS)
    examples = (
        Example("import tensorflow as tf\ny = tf.to_float(x)\n", "import tensorflow as tf\ny = tf.cast(x, tf.float32)\n"),
        Example(
            "import tensorflow as tf\ny = tf.to_int64(x, name='ids')\n",
            "import tensorflow as tf\ny = tf.cast(x, tf.int64, name='ids')\n",
        ),
        Example("import tensorflow as tf\nys = map(tf.to_float, xs)\n", None, "used as a value: reported only"),
        Example("import tensorflow as tf\ny = tf.cast(x, tf.float32)\n", None, "already TF2"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        if ctx.call_of(original) is None:
            ctx.report(original, self.code, Severity.WARNING,
                       f"tf.{symbol} is gone in TF2; use tf.cast(x, tf.{CASTS[symbol]})", fixed=False)
        return None

    def on_call(self, original, updated, symbol, ctx):
        bound = _calls.bind(updated, ("x", "name"))
        if bound is None or "x" not in bound:
            ctx.report(original, self.code, Severity.WARNING, f"tf.{symbol}: arguments can't be matched", fixed=False)
            return None
        args = [_calls.positional(bound["x"]), cst.Arg(ctx.ref(CASTS[symbol]))]
        if "name" in bound:
            args.append(_calls.keyword(bound["name"], "name"))
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol}(x) is tf.cast(x, tf.{CASTS[symbol]})", fixed=True)
        return _calls.rebuild(updated.with_changes(func=ctx.replace(original.func, ctx.ref("cast"))), args)

