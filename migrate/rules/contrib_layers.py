"""Contrib layer functions the graph-to-eager pass left in place -> ``tf.compat.v1.layers`` (a fallback).

The graph-to-eager pass (TFM300, tables in keras_map) turns contrib layer calls
into Keras layers when it converts a whole program; it runs first, so a call
still seen here is one it could not convert (a file kept in graph mode). On
``--target tf2.15`` the call becomes the ``tf.compat.v1.layers`` function with
contrib's defaults written out. Keras 3 (``--target latest``) has no
``tf.compat.v1.layers``: there only a file kept in graph mode is rewritten,
and TFM303 has it load tf-keras instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules.contrib_init import CallRule, graph_code_may_run, literal

_SCOPES = frozenset({"contrib.framework.arg_scope", "contrib.slim.arg_scope"})  # see contrib_scope
_FORMATS = {"NHWC": "channels_last", "NCHW": "channels_first"}


@dataclass(frozen=True)
class Fallback:
    target: str  # the tf.compat.v1.layers function
    params: tuple[str, ...]  # contrib's signature, in order
    keywords: dict[str, str]  # contrib parameter -> v1 keyword (the leading `positional` ones stay positional)
    positional: int = 1
    explicit: dict[str, str] = field(default_factory=dict)  # v1 keyword -> contrib's default, written when omitted


_WEIGHTS = {"activation_fn": "activation", "weights_initializer": "kernel_initializer",
            "weights_regularizer": "kernel_regularizer", "biases_initializer": "bias_initializer",
            "biases_regularizer": "bias_regularizer", "reuse": "reuse", "trainable": "trainable", "scope": "name"}
_LAYER = ("normalizer_fn", "normalizer_params", "weights_initializer", "weights_regularizer", "biases_initializer",
          "biases_regularizer", "reuse", "variables_collections", "outputs_collections", "trainable", "scope")
_POOL = Fallback("", ("inputs", "kernel_size", "stride", "padding", "data_format", "outputs_collections", "scope"),
                 {"inputs": "inputs", "kernel_size": "pool_size", "stride": "strides", "padding": "padding",
                  "data_format": "data_format", "scope": "name"}, 2, {"strides": "2"})

FALLBACKS = {
    "fully_connected": Fallback(
        "dense", ("inputs", "num_outputs", "activation_fn", *_LAYER),
        {"inputs": "inputs", "num_outputs": "units", **_WEIGHTS}, 2, {"activation": "tf:nn.relu"}),
    "conv2d": Fallback(
        "conv2d", ("inputs", "num_outputs", "kernel_size", "stride", "padding", "data_format", "rate", "activation_fn",
                   *_LAYER),
        {"inputs": "inputs", "num_outputs": "filters", "kernel_size": "kernel_size", "stride": "strides",
         "padding": "padding", "data_format": "data_format", "rate": "dilation_rate", **_WEIGHTS}, 3,
        {"padding": '"SAME"', "activation": "tf:nn.relu"}),
    "linear": Fallback("dense", ("inputs", "num_outputs", "scope"),
                       {"inputs": "inputs", "num_outputs": "units", "scope": "name"}, 2),  # fully_connected, no activation
    "conv2d_transpose": Fallback(
        "conv2d_transpose", ("inputs", "num_outputs", "kernel_size", "stride", "padding", "data_format",
                             "activation_fn", *_LAYER),
        {"inputs": "inputs", "num_outputs": "filters", "kernel_size": "kernel_size", "stride": "strides",
         "padding": "padding", "data_format": "data_format", **_WEIGHTS}, 3,
        {"padding": '"SAME"', "activation": "tf:nn.relu"}),
    "max_pool2d": Fallback("max_pooling2d", _POOL.params, _POOL.keywords, 2, _POOL.explicit),
    "avg_pool2d": Fallback("average_pooling2d", _POOL.params, _POOL.keywords, 2, _POOL.explicit),
    "flatten": Fallback("flatten", ("inputs", "outputs_collections", "scope"), {"inputs": "inputs", "scope": "name"}),
    "dropout": Fallback(
        "dropout", ("inputs", "keep_prob", "noise_shape", "is_training", "outputs_collections", "scope", "seed"),
        {"inputs": "inputs", "keep_prob": "rate", "noise_shape": "noise_shape", "is_training": "training",
         "scope": "name", "seed": "seed"}, 1, {"training": "True"}),
    "batch_norm": Fallback(
        "batch_normalization",
        ("inputs", "decay", "center", "scale", "epsilon", "activation_fn", "param_initializers", "param_regularizers",
         "updates_collections", "is_training", "reuse", "variables_collections", "outputs_collections", "trainable",
         "batch_weights", "fused", "data_format", "zero_debias_moving_mean", "scope"),
        {"inputs": "inputs", "decay": "momentum", "center": "center", "scale": "scale", "epsilon": "epsilon",
         "is_training": "training", "reuse": "reuse", "trainable": "trainable", "fused": "fused",
         "data_format": "axis", "scope": "name"}, 1, {"momentum": "0.999", "scale": "False", "training": "True"}),
}
FALLBACKS["convolution2d"] = FALLBACKS["conv2d"]  # contrib aliases
FALLBACKS["convolution2d_transpose"] = FALLBACKS["conv2d_transpose"]
SYMBOLS = frozenset(f"contrib.{m}.{n}" for m in ("layers", "slim", "slim.layers") for n in FALLBACKS)


def _value(ctx, text: str) -> cst.BaseExpression:
    return ctx.ref(text[3:]) if text.startswith("tf:") else cst.parse_expression(text)


class ContribLayerFallback(CallRule):
    """``tf.contrib.layers.fully_connected(x, 10)`` -> ``tf.compat.v1.layers.dense(x, 10, activation=tf.nn.relu)``.

    TF1 pattern: a contrib layer function (fully_connected, conv2d, max/avg
    pooling, flatten, dropout, batch_norm) the graph-to-eager pass left.
    Replacement on ``--target tf2.15`` with fallback on: the
    ``tf.compat.v1.layers`` function with contrib's defaults made explicit
    (ReLU, SAME padding, pooling stride 2, ``training=True``, batch norm
    ``momentum=0.999, scale=False``), ``keep_prob`` as ``rate = 1 - keep_prob``,
    ``biases_initializer=None`` as ``use_bias=False``. A warning: variable names
    change (``fully_connected/weights`` -> ``dense/kernel``), so TF1 checkpoints
    don't load by name; batch_norm's in-place ``updates_collections=None`` is
    flagged NOT EXACT in that warning (v1 layers file their updates in UPDATE_OPS).
    Refuses normalizer_fn, collections, param_initializers and other arguments v1
    layers lack; with ``--no-fallback`` and in a file
    that runs eagerly under ``tf.function`` (the graph pass converted it), it reports.
    On ``--target latest`` Keras 3 has no ``tf.compat.v1.layers``: only a file
    kept in graph mode is rewritten, and TFM303 switches it to tf-keras
    (``TF_USE_LEGACY_KERAS=1``); elsewhere it reports.
    """

    code = "TFM206"
    family = "contrib"
    safety = Safety.REVIEW
    description = "Contrib layer functions left by the graph pass -> tf.compat.v1.layers with contrib defaults (tf2.15)"
    symbols = SYMBOLS
    examples = (
        Example("import tensorflow as tf\nh = tf.contrib.layers.fully_connected(x, 10)\n",
                "import tensorflow as tf\nh = tf.compat.v1.layers.dense(x, 10, activation=tf.nn.relu)\n"),
        Example("from tensorflow.contrib import slim\nh = slim.conv2d(x, 32, [3, 3], activation_fn=None, scope='c1')\n",
                "import tensorflow as tf\n\nh = tf.compat.v1.layers.conv2d(x, 32, [3, 3], activation=None, name='c1', "
                "padding=\"SAME\")\n"),
        Example("import tensorflow as tf\nh = tf.contrib.layers.dropout(x, keep_prob=0.8, is_training=train)\n",
                "import tensorflow as tf\nh = tf.compat.v1.layers.dropout(x, rate=1 - 0.8, training=train)\n"),
        Example("import tensorflow as tf\nh = tf.contrib.layers.batch_norm(x, is_training=train)\n",
                "import tensorflow as tf\nh = tf.compat.v1.layers.batch_normalization(x, training=train, momentum=0.999, "
                "scale=False)\n"),
        Example("import tensorflow as tf\nh = tf.contrib.layers.fully_connected(x, 10, normalizer_fn=bn)\n", None,
                "normalizer_fn has no v1 layers twin: reported"),
        Example("import tensorflow as tf\nh = tf.keras.layers.Dense(10, activation='relu')(x)\n", None, "already TF2"),
        Example("import tensorflow.contrib.slim as slim\nwith slim.arg_scope([slim.conv2d], padding='VALID') as sc:\n"
                "    net = slim.conv2d(x, 8, [3, 3])\n", None, "under an arg_scope TFM210 could not expand: reported"),
    )

    def on_call(self, original, updated, symbol, ctx):
        name = symbol.rsplit(".", 1)[-1]
        spec = FALLBACKS[name]
        why = ("Keras 3 has no tf.compat.v1.layers and this file is not kept in graph mode (where TFM303 would "
               "load tf-keras): convert the program with the graph-to-eager pass or use tf.keras.layers"
               if ctx.options.target == "latest" and not ctx.graph_mode
               else "--no-fallback" if not ctx.options.fallback
               else "this file runs eagerly with tf.function, where v1 layers can't create their variables: use "
                    "a tf.keras.layers object created once" if not graph_code_may_run(ctx) else None)
        if why is None and set(ctx.symbols.values()) & _SCOPES:
            why = "an arg_scope in this file was not expanded (TFM210 says why): its defaults would be lost"
        bound = _calls.bind(updated, spec.params)
        if why is None and bound is None:
            why = "its arguments can't be matched statically"
        if why is None:
            lacking = [p for p in bound if p not in spec.keywords and not (p == "biases_initializer")
                       and literal(bound[p].value) is not None]
            if lacking:
                why = f"{lacking[0]} has no tf.compat.v1.layers twin"
        if why is None and "data_format" in bound and literal(bound["data_format"].value) not in (*_FORMATS, None):
            why = "data_format must be a literal 'NHWC' or 'NCHW'"
        if why:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2 and the graph-to-eager pass did not convert it; not rewritten: "
                       f"{why}", fixed=False)
            return None
        args, written = [], set()
        for i, param in enumerate(spec.params):
            arg = bound.get(param)
            if arg is None or param not in spec.keywords and param != "biases_initializer":
                continue
            keyword = spec.keywords.get(param, "bias_initializer")
            value = arg.value
            if param == "keep_prob":
                value = cst.BinaryOperation(cst.Integer("1"), cst.Subtract(), _calls.parenthesize(value))
            elif param == "biases_initializer" and literal(value) is None:
                keyword, value = "use_bias", cst.Name("False")
            elif param == "data_format":
                fmt = literal(value)
                if fmt is None:
                    continue
                value = (cst.Integer("1" if fmt == "NCHW" else "-1") if keyword == "axis"
                         else cst.SimpleString(f'"{_FORMATS[fmt]}"'))
            arg = arg.with_changes(value=value)
            positional = i < spec.positional and arg.keyword is None
            args.append(arg if positional else _calls.keyword(arg, keyword))
            written.add(keyword)
        for keyword, default in spec.explicit.items():
            if keyword not in written:
                args.append(_calls.keyword(cst.Arg(_value(ctx, default)), keyword))
        in_place = (name == "batch_norm" and "updates_collections" in bound
                    and literal(bound["updates_collections"].value) is None
                    and ("is_training" not in bound or literal(bound["is_training"].value) is not False))
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.{symbol} -> tf.compat.v1.layers.{spec.target} with contrib's defaults (fallback: the graph pass "
                   "did not convert it; variable names differ from contrib's, so TF1 checkpoints don't load by name)"
                   + ("; NOT EXACT: updates_collections=None updated the moving mean/variance in place, the v1 layer "
                      "files the updates in UPDATE_OPS, which the program must run with its train op (else inference "
                      "uses the initial statistics)" if in_place else ""),
                   fixed=True)
        func = ctx.ref(f"compat.v1.layers.{spec.target}")
        return ctx.replace(original.func, _calls.rebuild(updated.with_changes(func=func), args))
