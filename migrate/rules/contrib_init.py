"""``tf.contrib.layers`` initializers and regularizers: Keras objects with contrib's exact constants."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import ParentNodeProvider

from migrate.data.contrib_map import symbols_of
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls

# contrib's truncated normal had stddev sqrt(1.3 * factor / n); Keras (and tf.compat.v1) use
# sqrt(scale / n) / 0.87962566103423978. This scale per unit of factor makes them equal.
TRUNC = 1.3 * 0.87962566103423978**2
_MODES = {"FAN_IN": "fan_in", "FAN_OUT": "fan_out", "FAN_AVG": "fan_avg"}
# Calls that keep the initializer they are given and call it several times.
_REUSERS = ("contrib.framework.arg_scope", "contrib.slim.arg_scope")


def literal(expr: cst.BaseExpression):
    """The Python value of a literal argument, or a sentinel when it is not a literal."""
    try:
        return ast.literal_eval(cst.Module([]).code_for_node(expr))
    except (ValueError, SyntaxError, TypeError):
        return _NOT_LITERAL


_NOT_LITERAL = object()


def number(value: float) -> cst.BaseExpression:
    return cst.parse_expression(repr(float(value)))


def scaled(expr: cst.BaseExpression, factor: float, divide: bool = False) -> cst.BaseExpression:
    """``expr * factor`` (or ``expr / factor``), folded when ``expr`` is a number literal."""
    value = literal(expr)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value / factor if divide else value * factor)
    op = cst.Divide() if divide else cst.Multiply()
    return cst.BinaryOperation(_calls.parenthesize(expr), op, cst.parse_expression(repr(factor)))


def new_call(func: cst.BaseExpression, args: list[cst.Arg]) -> cst.Call:
    """``func(args)`` with ordinary comma spacing."""
    return _calls.rebuild(cst.Call(func, args), args)


def used_once(ctx, original: cst.Call) -> bool:
    """Is the call passed straight to another call (not kept in a name, nor given to arg_scope), or called
    at once (``xavier_initializer()([64, 128])``, what the graph pass makes of ``get_variable``)?"""
    parent = ctx._meta(ParentNodeProvider, original)
    if isinstance(parent, cst.Call) and parent.func is original:
        return True
    if not isinstance(parent, cst.Arg):
        return False
    call = ctx._meta(ParentNodeProvider, parent)
    return isinstance(call, cst.Call) and ctx.symbol(call.func) not in _REUSERS


def graph_code_may_run(ctx) -> bool:
    """Can TF1 graph objects (``tf.compat.v1.layers``, v1 RNN cells) run in this file?

    Not when the file runs eagerly with ``tf.function`` (what the graph-to-eager pass
    produces): v1 layers create variables on every trace there. A file kept in graph mode
    says so with ``disable_eager_execution`` / ``disable_v2_behavior``.
    """
    symbols = set(ctx.symbols.values())
    return bool(symbols & {"disable_eager_execution", "disable_v2_behavior"}) or "function" not in symbols


class CallRule(Rule):
    """A contrib rule that rewrites calls: a reference used as a value (``f = slim.fully_connected``) is reported."""

    def on_reference(self, original, updated, symbol, ctx):
        if ctx.call_of(original) is None:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2; it is used here as a value, so its calls can't be "
                       "rewritten: call it directly or migrate by hand (tf-migrate explain shows the TF2 form)",
                       fixed=False)
        return None


class ContribInitializer(CallRule):
    """``tf.contrib.layers.xavier_initializer()`` -> ``tf.keras.initializers.GlorotUniform()``.

    TF1 pattern: contrib's ``xavier_initializer(uniform, seed, dtype)`` and
    ``variance_scaling_initializer(factor, mode, uniform, seed, dtype)``.
    Replacement: the Keras initializer drawing from the same distribution;
    for the truncated normal the scale is ``factor * 1.3 * 0.8796**2`` because
    contrib corrected the truncation with 1.3 where Keras divides by 0.8796.
    A Keras initializer repeats its values when one unseeded instance is called
    twice, so an initializer that may be reused (kept in a name, given to
    arg_scope) becomes the stateful ``tf.compat.v1`` initializer instead (a
    warning; left and reported with ``--no-fallback``). Refuses non-literal
    ``mode``/``uniform`` and a ``dtype`` other than float32.
    """

    code = "TFM203"
    family = "contrib"
    description = "contrib xavier / variance_scaling initializers -> Keras initializers with contrib's scale"
    symbols = symbols_of("TFM203")
    examples = (
        Example("import tensorflow as tf\nd = tf.keras.layers.Dense(4, kernel_initializer=tf.contrib.layers.xavier_initializer())\n",
                "import tensorflow as tf\nd = tf.keras.layers.Dense(4, kernel_initializer=tf.keras.initializers.GlorotUniform())\n"),
        Example("import tensorflow as tf\nd = tf.layers.dense(x, 4, kernel_initializer=tf.contrib.layers.xavier_initializer(uniform=False, seed=1))\n",
                "import tensorflow as tf\nd = tf.layers.dense(x, 4, kernel_initializer=tf.keras.initializers.VarianceScaling("
                f"scale={TRUNC!r}, mode=\"fan_avg\", distribution=\"truncated_normal\", seed=1))\n"),
        Example("from tensorflow.contrib.layers import variance_scaling_initializer\n"
                "w = tf.Variable(f(variance_scaling_initializer(factor=1.0, mode='FAN_AVG', uniform=True)))\n",
                "import tensorflow as tf\n\n"
                "w = tf.Variable(f(tf.keras.initializers.VarianceScaling(scale=1.0, mode=\"fan_avg\", distribution=\"uniform\")))\n",
                "a from-import"),
        Example("import tensorflow as tf\ninit = tf.contrib.layers.xavier_initializer()\n",
                "import tensorflow as tf\ninit = tf.compat.v1.glorot_uniform_initializer()\n",
                "kept in a name (maybe reused): the stateful v1 initializer"),
        Example("import tensorflow as tf\ninit = tf.contrib.layers.variance_scaling_initializer(mode=m)\n", None,
                "mode is not a literal: reported"),
        Example("import tensorflow as tf\ninit = tf.keras.initializers.GlorotUniform()\n", None, "already TF2"),
    )

    def on_call(self, original, updated, symbol, ctx):
        params = ("uniform", "seed", "dtype") if "xavier" in symbol else ("factor", "mode", "uniform", "seed", "dtype")
        bound = _calls.bind(updated, params)
        factor = literal(bound["factor"].value) if bound and "factor" in bound else 1.0 if "xavier" in symbol else 2.0
        mode = literal(bound["mode"].value) if bound and "mode" in bound else "FAN_AVG" if "xavier" in symbol else "FAN_IN"
        uniform = literal(bound["uniform"].value) if bound and "uniform" in bound else "xavier" in symbol
        dtype = bound.get("dtype") if bound else None
        problem = (
            "its arguments can't be matched statically" if bound is None
            else "mode must be a literal 'FAN_IN', 'FAN_OUT' or 'FAN_AVG'" if mode not in _MODES
            else "uniform must be a literal True or False" if not isinstance(uniform, bool)
            else "dtype other than float32" if dtype is not None and ctx.symbol(dtype.value) != "float32"
            else None
        )
        if problem:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2; not rewritten: {problem}", fixed=False)
            return None
        seed = [_calls.keyword(bound["seed"], "seed")] if "seed" in bound else []
        reused = not used_once(ctx, original)
        if reused and not ctx.options.fallback:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol}: a Keras initializer repeats its values when reused unseeded; left (--no-fallback)",
                       fixed=False)
            return None
        if uniform and mode == "FAN_AVG" and "factor" not in bound:
            func = "compat.v1.glorot_uniform_initializer" if reused else "keras.initializers.GlorotUniform"
            args = seed
        else:
            factor_node = bound["factor"].value if "factor" in bound else cst.Float(repr(factor))
            scale = factor_node if uniform else scaled(factor_node, TRUNC)
            func = "compat.v1.variance_scaling_initializer" if reused else "keras.initializers.VarianceScaling"
            distribution = '"uniform"' if uniform else '"truncated_normal"'
            args = [_calls.keyword(cst.Arg(scale), "scale"),
                    _calls.keyword(cst.Arg(cst.SimpleString(f'"{_MODES[mode]}"')), "mode"),
                    _calls.keyword(cst.Arg(cst.SimpleString(distribution)), "distribution"), *seed]
        if reused:
            ctx.report(original, self.code, Severity.WARNING,
                       f"tf.{symbol} -> tf.{func}: kept stateful because the initializer may be called more than once "
                       "(a Keras initializer repeats its values when reused unseeded)", fixed=True)
        else:
            ctx.report(original, self.code, Severity.INFO,
                       f"tf.{symbol} -> tf.{func}: same distribution (contrib's constants), not the same random stream",
                       fixed=True)
        return ctx.replace(original.func, new_call(ctx.ref(func), args))


class ContribRegularizer(CallRule):
    """``tf.contrib.layers.l2_regularizer(0.001)`` -> ``tf.keras.regularizers.L2(0.0005)``.

    TF1 pattern: contrib's ``l2_regularizer(scale)`` computed
    ``scale * sum(w**2) / 2`` (``tf.nn.l2_loss``); Keras ``L2(l2)`` computes
    ``l2 * sum(w**2)``, so the factor is halved (folded for a literal).
    ``l1_regularizer(scale)`` is ``L1(scale)``; ``l1_l2_regularizer`` is
    ``L1L2(l1=scale_l1, l2=scale_l2 / 2)``. ``scope`` only named ops and goes.
    Refuses integer or zero literal scales (contrib raised / returned no
    regularizer for those).
    """

    code = "TFM207"
    family = "contrib"
    description = "contrib l1/l2/l1_l2 regularizers -> Keras regularizers (l2 scale halved)"
    symbols = symbols_of("TFM207")
    examples = (
        Example("import tensorflow as tf\nreg = tf.contrib.layers.l2_regularizer(0.001)\n",
                "import tensorflow as tf\nreg = tf.keras.regularizers.L2(0.0005)\n"),
        Example("import tensorflow as tf\nreg = tf.contrib.layers.l2_regularizer(scale=beta)\n",
                "import tensorflow as tf\nreg = tf.keras.regularizers.L2(beta / 2.0)\n"),
        Example("from tensorflow.contrib import slim\nreg = slim.l1_regularizer(0.01)\n",
                "import tensorflow as tf\n\nreg = tf.keras.regularizers.L1(0.01)\n", "slim spelling"),
        Example("import tensorflow as tf\nreg = tf.contrib.layers.l1_l2_regularizer(0.01, 0.02)\n",
                "import tensorflow as tf\nreg = tf.keras.regularizers.L1L2(l1=0.01, l2=0.01)\n"),
        Example("import tensorflow as tf\nreg = tf.contrib.layers.l2_regularizer(1)\n", None,
                "contrib rejected integer scales: reported"),
        Example("import tensorflow as tf\nreg = tf.keras.regularizers.L2(0.0005)\n", None, "already TF2"),
    )

    def on_call(self, original, updated, symbol, ctx):
        name = symbol.rsplit(".", 1)[-1]
        params = ("scale_l1", "scale_l2", "scope") if name == "l1_l2_regularizer" else ("scale", "scope")
        bound = _calls.bind(updated, params)
        scales = [bound.get(p) for p in params[:-1]] if bound is not None else []
        if bound is None or (name != "l1_l2_regularizer" and scales[0] is None):
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2; its arguments can't be matched statically", fixed=False)
            return None
        for arg in scales:
            value = literal(arg.value) if arg is not None else 1.0
            if isinstance(value, bool) or isinstance(value, int) or value == 0.0:
                ctx.report(original, self.code, Severity.ERROR,
                           f"tf.{symbol}({value!r}): contrib rejects integer scales and returns no regularizer for "
                           "0.0; pass a float scale (or no regularizer)", fixed=False)
                return None
        if name == "l1_regularizer":
            func, args = "keras.regularizers.L1", [_calls.positional(scales[0])]
        elif name == "l2_regularizer":
            func, args = "keras.regularizers.L2", [cst.Arg(scaled(scales[0].value, 2.0, divide=True))]
        else:
            l1 = scales[0].value if scales[0] is not None else cst.Float("1.0")
            l2 = scaled(scales[1].value if scales[1] is not None else cst.Float("1.0"), 2.0, divide=True)
            func = "keras.regularizers.L1L2"
            args = [_calls.keyword(cst.Arg(l1), "l1"), _calls.keyword(cst.Arg(l2), "l2")]
        ctx.report(original, self.code, Severity.INFO,
                   f"tf.{symbol} -> tf.{func}" + (" (contrib's l2 term was scale * sum(w**2) / 2: factor halved)"
                                                  if "l2" in name else ""), fixed=True)
        return ctx.replace(original.func, new_call(ctx.ref(func), args))
