"""TF1 initializer classes -> Keras initializers, with TF1's defaults written out.

Provenance: the v1 signatures and defaults of ``tf.compat.v1.*_initializer`` in
TF 2.15 (``tensorflow/python/ops/init_ops.py``); the Keras classes draw from the
same distributions (``tf.compat.v1.glorot_normal_initializer`` and Keras
``GlorotNormal`` are both ``VarianceScaling(1.0, "fan_avg", "truncated_normal")``).
"""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules import _calls

# v1 symbol -> (Keras class, v1 parameters in order, {Keras keyword: v1 default written when omitted})
INITIALIZERS = {
    "truncated_normal_initializer": ("TruncatedNormal", ("mean", "stddev", "seed", "dtype"), {"stddev": "1.0"}),
    "glorot_uniform_initializer": ("GlorotUniform", ("seed", "dtype"), {}),
    "glorot_normal_initializer": ("GlorotNormal", ("seed", "dtype"), {}),
    "variance_scaling_initializer": ("VarianceScaling", ("scale", "mode", "distribution", "seed", "dtype"),
                                     {"distribution": '"truncated_normal"'}),
    "orthogonal_initializer": ("Orthogonal", ("gain", "seed", "dtype"), {}),
}


class V1Initializer(Rule):
    """``tf.truncated_normal_initializer(stddev=0.1)`` -> ``tf.keras.initializers.TruncatedNormal(stddev=0.1)``.

    The v1 classes are gone from TF2. Keras' defaults differ (TruncatedNormal's
    stddev is 0.05, v1's 1.0), so TF1's are written out; ``dtype`` goes (the
    variable gives it). Refuses an initializer bound to a name: an unseeded Keras
    initializer returns the same values at every call, a v1 one drew anew, so a
    reused instance becomes the stateful ``tf.compat.v1`` class (warning).
    """

    code = "TFM131"
    family = "initializers"
    description = "v1 initializer classes -> Keras initializers with TF1's defaults"
    safety = Safety.SAFE
    symbols = frozenset(INITIALIZERS)
    examples = (
        Example("import tensorflow as tf\nw = tf.get_variable('w', [3], initializer=tf.truncated_normal_initializer())\n",
                "import tensorflow as tf\nw = tf.get_variable('w', [3], initializer=tf.keras.initializers.TruncatedNormal(stddev=1.0))\n"),
        Example("import tensorflow as tf\nd = tf.layers.Dense(3, kernel_initializer=tf.glorot_normal_initializer(seed=1))\n",
                "import tensorflow as tf\nd = tf.layers.Dense(3, kernel_initializer=tf.keras.initializers.GlorotNormal(seed=1))\n"),
        Example("import tensorflow as tf\ninit = tf.glorot_normal_initializer()\n",
                "import tensorflow as tf\ninit = tf.compat.v1.glorot_normal_initializer()\n",
                "a reused instance keeps drawing anew: the stateful compat class"),
        Example("import tensorflow as tf\ninit = tf.keras.initializers.GlorotNormal()\n", None, "already TF2"),
    )

    def on_call(self, original, updated, symbol, ctx):
        keras, params, defaults = INITIALIZERS[symbol]
        bound = _calls.bind(updated, params)
        if bound is None or ctx.spelled_compat(original.func):
            return None  # spelled through tf.compat.v1 on purpose (a fallback that must stay stateful)
        if any(value is original for value in ctx.assigned.values()) or ctx.graph_mode:
            ctx.report(original, self.code, Severity.WARNING,
                       f"tf.{symbol} bound to a name: kept as the stateful tf.compat.v1.{symbol} (an unseeded "
                       f"Keras {keras} would return the same values at every call)", fixed=True)
            return updated.with_changes(func=ctx.replace(original.func, ctx.ref(f"compat.v1.{symbol}")))
        args = [_calls.keyword(bound[p], p) for p in params if p in bound and p != "dtype"]
        args += [cst.Arg(cst.parse_expression(v), keyword=cst.Name(k)) for k, v in defaults.items() if k not in bound]
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol} -> tf.keras.initializers.{keras}", fixed=True)
        call = cst.Call(ctx.replace(original.func, ctx.ref(f"keras.initializers.{keras}")), args=args)
        return _calls.rebuild(call, [_calls.keyword(a, a.keyword.value) for a in args]) if args else call
