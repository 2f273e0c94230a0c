"""The converters of migrate.graph.keras_calls on parsed snippets: exact code, refusals with reasons.

A probe rule (not registered: it has no class-level ``code``) runs the real
engine pass over a snippet and hands each TF1 call to the converter, so the
symbols, aliases and imports are resolved exactly as the graph pass sees them.
The last test executes generated constructors on both installed profiles.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from migrate.data import keras_map
from migrate.engine.context import Options
from migrate.engine.rule import Rule
from migrate.engine.source import check_syntax
from migrate.engine.transformer import transform
from migrate.graph import keras_calls as kc

ROOT = Path(__file__).resolve().parents[2]


class Probe(Rule):
    """Replaces each converted TF1 call by what the graph pass would write; collects the results."""

    def __init__(self):
        self.code = "PROBE"
        self.results = []

    def watches(self, symbol):
        return symbol in kc.LAYERS | kc.OPTIMIZERS | kc.SCHEDULES | kc.CELLS | kc.RNNS

    def on_call(self, original, updated, symbol, ctx):
        if symbol in kc.RNNS:
            result = self._rnn(original, symbol, ctx)
        else:
            convert = (kc.layer if symbol in kc.LAYERS else kc.optimizer if symbol in kc.OPTIMIZERS
                       else kc.schedule if symbol in kc.SCHEDULES else kc.cell)
            result = convert(original, symbol, ctx)
        self.results.append(result)
        if isinstance(result, str):
            return None
        if isinstance(result, (kc.LayerCall, kc.RnnCall)) and result.inputs is not None:
            extra = list(getattr(result, "call_args", ()))
            return cst.Call(result.ctor, [cst.Arg(result.inputs), *extra])
        return result.ctor

    def _rnn(self, original, symbol, ctx):
        names = ("cell_fw", "cell_bw") if "bidirectional" in symbol else ("cell",)
        cells = []
        for i, name in enumerate(names):
            arg = next((a for a in original.args if a.keyword and a.keyword.value == name), original.args[i])
            inner = kc.cell(arg.value, ctx.symbol(arg.value.func), ctx)
            if isinstance(inner, str):
                return inner
            cells.append(inner.ctor)
        return kc.rnn(original, symbol, cells[0] if len(cells) == 1 else tuple(cells), ctx)


def convert(code: str, target: str = "tf2.15"):
    """(migrated code, [results]) for a snippet."""
    code = textwrap.dedent(code)
    probe = Probe()
    module = cst.parse_module(code)
    migrated, _ = transform(module, [probe], "snippet.py", Options(target=target),
                            check_syntax(code.encode()), code.splitlines())
    return migrated.code, probe.results


def one(code: str, target: str = "tf2.15"):
    out, results = convert(code, target)
    assert len(results) == 1, results
    return out, results[0]


TF = "import tensorflow as tf\n"


def last_line(code: str) -> str:
    return code.rstrip().splitlines()[-1]


# --- exact generated code ---------------------------------------------------------------------------------------

REWRITES = [
    ("tf.layers: names kept, the layer applied to the old input",
     "h = tf.layers.dense(x, 32, activation=tf.nn.relu, name='fc1')",
     "h = tf.keras.layers.Dense(32, activation=tf.nn.relu, name='fc1')(x)"),
    ("tf.layers: reuse=None is harmless", "h = tf.layers.dense(inputs=x, units=10, reuse=None)",
     "h = tf.keras.layers.Dense(10)(x)"),
    ("tf.layers conv: positional strides become a keyword",
     "h = tf.layers.conv2d(x, 32, 5, (2, 2), 'same', activation=tf.nn.relu)",
     "h = tf.keras.layers.Conv2D(32, 5, strides=(2, 2), padding='same', activation=tf.nn.relu)(x)"),
    ("tf.layers.dropout: TF1's training=False default made explicit", "h = tf.layers.dropout(x)",
     "h = tf.keras.layers.Dropout(0.5)(x, training=False)"),
    ("tf.layers.dropout: a training flag is passed at call time", "h = tf.layers.dropout(x, rate=0.3, training=is_training)",
     "h = tf.keras.layers.Dropout(0.3)(x, training=is_training)"),
    ("tf.layers.batch_normalization: fused= dropped, training default explicit",
     "h = tf.layers.batch_normalization(x, momentum=0.9, fused=True)",
     "h = tf.keras.layers.BatchNormalization(momentum=0.9)(x, training=False)"),
    ("class form", "d = tf.layers.Dense(10, name='out')", "d = tf.keras.layers.Dense(10, name='out')"),
    ("fully_connected: ReLU default explicit", "h = tf.contrib.layers.fully_connected(x, 32)",
     "h = tf.keras.layers.Dense(32, activation=tf.nn.relu)(x)"),
    ("fully_connected: TF1 names mapped",
     "h = tf.contrib.layers.fully_connected(x, 10, activation_fn=None, weights_initializer=init, "
     "weights_regularizer=reg, biases_initializer=tf.constant_initializer(0.1), scope='out')",
     "h = tf.keras.layers.Dense(10, kernel_initializer=init, kernel_regularizer=reg, name='out', "
     "bias_initializer=tf.constant_initializer(0.1))(x)"),
    ("fully_connected: biases_initializer=None means no bias",
     "h = tf.contrib.layers.fully_connected(x, 10, biases_initializer=None)",
     "h = tf.keras.layers.Dense(10, use_bias=False, activation=tf.nn.relu)(x)"),
    ("slim alias: SAME and ReLU defaults explicit", "h = slim.conv2d(x, 64, [3, 3], stride=2, scope='conv1')",
     "h = tf.keras.layers.Conv2D(64, [3, 3], strides=2, name='conv1', padding=\"same\", activation=tf.nn.relu)(x)"),
    ("fully_connected + normalizer_fn: no bias, the normalizer with its params, then the ReLU default",
     "h = tf.contrib.layers.fully_connected(x, 32, normalizer_fn=tf.contrib.layers.batch_norm, "
     "normalizer_params={'is_training': train, 'decay': 0.9})",
     "h = tf.keras.Sequential([tf.keras.layers.Dense(32, use_bias=False), tf.keras.layers.BatchNormalization("
     "momentum=0.9, scale=False), tf.keras.layers.Activation(tf.nn.relu)])(x, training=train)"),
    ("conv2d + normalizer_fn: dict(...) params, activation_fn=None, a module-level dict name",
     "p = dict(scale=True)\nh = tf.contrib.layers.conv2d(x, 8, 3, activation_fn=None, "
     "normalizer_fn=tf.contrib.layers.batch_norm, normalizer_params=p)",
     "h = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3, use_bias=False, padding=\"same\"), "
     "tf.keras.layers.BatchNormalization(scale=True, momentum=0.999)])(x, training=True)"),
    ("**kwargs from a dict literal or a module-level dict name are written out",
     "kw = dict(activation_fn=tf.nn.tanh, scope='fc')\nh = tf.contrib.layers.fully_connected(x, 10, **kw)",
     "h = tf.keras.layers.Dense(10, activation=tf.nn.tanh, name='fc')(x)"),
    ("contrib batch_norm(activation_fn=...): the normalizer then the activation",
     "h = tf.contrib.layers.batch_norm(x, activation_fn=tf.nn.relu, is_training=train)",
     "h = tf.keras.Sequential([tf.keras.layers.BatchNormalization(momentum=0.999, scale=False), "
     "tf.keras.layers.Activation(tf.nn.relu)])(x, training=train)"),
    ("contrib: a computed scope only named the variables: dropped",
     "h = tf.contrib.layers.fully_connected(x, 10, scope=prefix + '/fc')",
     "h = tf.keras.layers.Dense(10, activation=tf.nn.relu)(x)"),
    ("contrib conv2d: NCHW -> channels_first", "h = tf.contrib.layers.conv2d(x, 8, 3, data_format='NCHW')",
     "h = tf.keras.layers.Conv2D(8, 3, data_format=\"channels_first\", padding=\"same\", activation=tf.nn.relu)(x)"),
    ("contrib max_pool2d: stride 2 default explicit", "h = tf.contrib.layers.max_pool2d(x, [2, 2])",
     "h = tf.keras.layers.MaxPooling2D([2, 2], strides=2)(x)"),
    ("contrib dropout: keep_prob literal folded, is_training=True default explicit",
     "h = tf.contrib.layers.dropout(x, keep_prob=0.8)", "h = tf.keras.layers.Dropout(rate=0.2)(x, training=True)"),
    ("contrib dropout: keep_prob expression", "h = tf.contrib.layers.dropout(x, keep, is_training=train)",
     "h = tf.keras.layers.Dropout(rate=1 - keep)(x, training=train)"),
    ("contrib batch_norm: decay and scale defaults explicit",
     "h = tf.contrib.layers.batch_norm(x, is_training=train, updates_collections=None)",
     "h = tf.keras.layers.BatchNormalization(momentum=0.999, scale=False)(x, training=train)"),
    ("contrib batch_norm: param_initializers dict",
     "h = tf.contrib.layers.batch_norm(x, decay=0.9, scale=True, param_initializers={'gamma': g})",
     "h = tf.keras.layers.BatchNormalization(momentum=0.9, scale=True, gamma_initializer=g)(x, training=True)"),
    ("contrib layer_norm: epsilon 1e-12", "h = tf.contrib.layers.layer_norm(x, begin_norm_axis=-1)",
     "h = tf.keras.layers.LayerNormalization(axis=-1, epsilon=1e-12)(x)"),
    ("embed_sequence: glorot initializer explicit", "e = tf.contrib.layers.embed_sequence(ids, 100, 16)",
     "e = tf.keras.layers.Embedding(100, 16, embeddings_initializer=\"glorot_uniform\")(ids)"),
    ("Adam: epsilon 1e-8 explicit", "opt = tf.train.AdamOptimizer(0.01, beta1=0.8)",
     "opt = tf.keras.optimizers.Adam(learning_rate=0.01, beta_1=0.8, epsilon=1e-08)"),
    ("Adam: defaults", "opt = tf.train.AdamOptimizer()", "opt = tf.keras.optimizers.Adam(epsilon=1e-08)"),
    ("GradientDescent: use_locking dropped, name kept",
     "opt = tf.train.GradientDescentOptimizer(learning_rate=lr, use_locking=True, name='sgd')",
     "opt = tf.keras.optimizers.SGD(learning_rate=lr, name='sgd')"),
    ("Momentum: use_nesterov -> nesterov", "opt = tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True)",
     "opt = tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)"),
    ("Adagrad: epsilon=0.0 keeps TF1's step", "opt = tf.train.AdagradOptimizer(0.1)",
     "opt = tf.keras.optimizers.Adagrad(learning_rate=0.1, epsilon=0.0)"),
    ("RMSProp: decay -> rho, epsilon 1e-10", "opt = tf.train.RMSPropOptimizer(0.001, decay=0.95, centered=True)",
     "opt = tf.keras.optimizers.RMSprop(learning_rate=0.001, rho=0.95, centered=True, epsilon=1e-10)"),
    ("Adadelta", "opt = tf.train.AdadeltaOptimizer(1.0)",
     "opt = tf.keras.optimizers.Adadelta(learning_rate=1.0, epsilon=1e-08)"),
    ("Ftrl: same names", "opt = tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01)",
     "opt = tf.keras.optimizers.Ftrl(learning_rate=0.1, l1_regularization_strength=0.01)"),
    ("contrib AdamW: weight_decay / learning_rate", "opt = tf.contrib.opt.AdamWOptimizer(1e-4, learning_rate=0.01)",
     "opt = tf.keras.optimizers.AdamW(learning_rate=0.01, weight_decay=1e-4 / 0.01, epsilon=1e-08)"),
    ("contrib AdamW: contrib's default learning rate", "opt = tf.contrib.opt.AdamWOptimizer(weight_decay=wd)",
     "opt = tf.keras.optimizers.AdamW(learning_rate=0.001, weight_decay=wd / 0.001, epsilon=1e-08)"),
    ("exponential_decay: global_step leaves the call", "lr = tf.train.exponential_decay(0.1, global_step, 100, 0.96, staircase=True)",
     "lr = tf.keras.optimizers.schedules.ExponentialDecay(0.1, 100, 0.96, staircase=True)"),
    ("piecewise_constant", "lr = tf.train.piecewise_constant(step, [10, 20], [0.1, 0.01, 0.001])",
     "lr = tf.keras.optimizers.schedules.PiecewiseConstantDecay([10, 20], [0.1, 0.01, 0.001])"),
    ("polynomial_decay: keywords", "lr = tf.train.polynomial_decay(0.1, step, 1000, end_learning_rate=0.01, cycle=True)",
     "lr = tf.keras.optimizers.schedules.PolynomialDecay(0.1, 1000, end_learning_rate=0.01, cycle=True)"),
    ("natural_exp_decay: exp(-rate) as ExponentialDecay's rate", "lr = tf.train.natural_exp_decay(0.1, step, 5, 0.3)",
     "lr = tf.keras.optimizers.schedules.ExponentialDecay(0.1, 5, math.exp(-0.3))"),
    ("cosine_decay_restarts", "lr = tf.train.cosine_decay_restarts(0.1, step, 100, m_mul=0.5)",
     "lr = tf.keras.optimizers.schedules.CosineDecayRestarts(0.1, 100, m_mul=0.5)"),
    ("BasicLSTMCell: forget bias 1.0", "c = tf.nn.rnn_cell.BasicLSTMCell(64)",
     "c = tf.keras.layers.LSTMCell(64, unit_forget_bias=True)"),
    ("contrib LSTMCell: forget_bias=0.0", "c = tf.contrib.rnn.LSTMCell(64, forget_bias=0.0, state_is_tuple=True)",
     "c = tf.keras.layers.LSTMCell(64, unit_forget_bias=False)"),
    ("GRUCell: TF1's reset-before variant", "c = tf.nn.rnn_cell.GRUCell(32)",
     "c = tf.keras.layers.GRUCell(32, reset_after=False)"),
    ("BasicRNNCell", "c = tf.contrib.rnn.BasicRNNCell(16, activation=tf.nn.relu)",
     "c = tf.keras.layers.SimpleRNNCell(16, activation=tf.nn.relu)"),
    ("MultiRNNCell of a list comprehension",
     "c = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(8) for _ in range(2)])",
     "c = tf.keras.layers.StackedRNNCells([tf.keras.layers.LSTMCell(8, unit_forget_bias=True) for _ in range(2)])"),
]


@pytest.mark.parametrize(("title", "before", "after"), REWRITES, ids=[t for t, _, _ in REWRITES])
def test_rewrite(title, before, after):
    out, results = convert(TF + "import tensorflow.contrib.slim as slim\n" + before + "\n")
    assert not any(isinstance(r, str) for r in results), results
    assert last_line(out) == after


def test_schedule_returns_the_step():
    _, result = one(TF + "lr = tf.train.exponential_decay(0.1, gs + 1, 100, 0.96)\n")
    assert kc.source(result.step) == "gs + 1"


def test_layer_call_fields():
    _, result = one(TF + "h = tf.contrib.layers.batch_norm(x * 2, is_training=False)\n")
    assert kc.source(result.inputs) == "x * 2"
    assert [kc.source(a) for a in result.call_args] == ["training=False"]
    assert result.stem == "batch_norm" and result.exact
    assert any("momentum" in note for note in result.notes)


def test_imports_are_requested_through_the_context():
    out, _ = one("import tensorflow as tf\nlr = tf.train.natural_exp_decay(0.1, step, 5, 0.3)\n")
    assert "import math\n" in out
    out, _ = one("import tensorflow as tf\nopt = tf.contrib.opt.LazyAdamOptimizer(0.01)\n")
    assert "import tensorflow_addons as tfa\n" in out
    assert last_line(out) == "opt = tfa.optimizers.LazyAdam(learning_rate=0.01, epsilon=1e-08)"


ALIASES = [
    ("compat.v1 alias: the Keras reference goes through the real package",
     "import tensorflow.compat.v1 as tf\nh = tf.layers.dense(x, 3)\n", "h = tensorflow.keras.layers.Dense(3)(x)"),
    ("from-import of contrib.layers", "from tensorflow.contrib import layers\nh = layers.fully_connected(x, 3)\n",
     "h = tf.keras.layers.Dense(3, activation=tf.nn.relu)(x)"),
    ("renamed function import", "from tensorflow.contrib.layers import fully_connected as fc\nh = fc(x, 3, None)\n",
     "h = tf.keras.layers.Dense(3)(x)"),
    ("contrib.rnn module import", "import tensorflow as tf\nfrom tensorflow.contrib import rnn\nc = rnn.GRUCell(3)\n",
     "c = tf.keras.layers.GRUCell(3, reset_after=False)"),
]


@pytest.mark.parametrize(("title", "before", "after"), ALIASES, ids=[t for t, _, _ in ALIASES])
def test_import_forms(title, before, after):
    out, results = convert(before)
    assert len(results) == 1 and not isinstance(results[0], str), results
    assert last_line(out) == after


@pytest.mark.parametrize("code", [
    "import tensorflow as tf\ndef f(tf):\n    return tf.layers.dense(x, 3)\n",  # shadowed tf
    "import tensorflow as tf\nh = tf.keras.layers.Dense(3)(x)\n",  # already TF2
    "import keras\nopt = keras.optimizers.Adam(0.01)\n",
], ids=["shadowed tf", "already Keras", "not TensorFlow"])
def test_left_alone(code):
    out, results = convert(code)
    assert results == [] and out == code


# --- refusals: exact, user-facing reasons -----------------------------------------------------------------------

REFUSALS = [
    ("h = tf.layers.dense(x, 10, reuse=tf.AUTO_REUSE)",
     "tf.layers.dense(reuse=tf.AUTO_REUSE): reuse= shares variables between calls; share one Keras layer object instead"),
    ("h = tf.layers.dense(x, 10, **kw)",
     "tf.layers.dense: **kw can't be mapped to Keras arguments statically (the name is not bound once to a dict the "
     "conversion can read)"),
    ("h = tf.layers.dense(x, 10, *args)",
     "tf.layers.dense: *args / **kwargs can't be mapped to Keras arguments statically"),
    ("h = tf.contrib.layers.fully_connected(x, 10, activation_fn=None, **{'activation_fn': tf.nn.tanh})",
     "tf.contrib.layers.fully_connected: activation_fn= is given twice (in the call and in "
     "**{'activation_fn': tf.nn.tanh})"),
    ("h = tf.contrib.layers.fully_connected(x, 10, **{'bogus': 1})",
     "tf.contrib.layers.fully_connected: unknown argument bogus= (not in the TF1 signature this mapping knows)"),
    ("h = tf.layers.dense(x, 10, bogus=1)",
     "tf.layers.dense: unknown argument bogus= (not in the TF1 signature this mapping knows)"),
    ("h = tf.layers.batch_normalization(x, renorm=True)",
     "tf.layers.batch_normalization(renorm=True): it has no Keras counterpart that is provably the same"),
    ("h = tf.contrib.layers.fully_connected(x, 10, normalizer_fn=my_norm)",
     "tf.contrib.layers.fully_connected(normalizer_fn=my_norm): only tf.contrib.layers.batch_norm / "
     "layer_norm (or slim's) written in the call map to a Keras layer"),
    ("h = tf.contrib.layers.fully_connected(x, 10, normalizer_fn=tf.contrib.layers.dropout)",
     "tf.contrib.layers.fully_connected(normalizer_fn=tf.contrib.layers.dropout): only tf.contrib.layers.batch_norm / "
     "layer_norm (or slim's) written in the call map to a Keras layer"),
    ("h = tf.contrib.layers.fully_connected(x, 10, normalizer_fn=tf.contrib.layers.batch_norm, normalizer_params=p)",
     "tf.contrib.layers.fully_connected(normalizer_params=p: the name is not bound once to a dict the conversion "
     "can read)"),
    ("p = {'is_training': t, 'updates_collections': tf.GraphKeys.UPDATE_OPS}; "
     "h = tf.contrib.layers.fully_connected(x, 10, normalizer_fn=tf.contrib.layers.batch_norm, normalizer_params=p)",
     "tf.contrib.layers.fully_connected(normalizer_params=p: its dict reads tf.GraphKeys.UPDATE_OPS; the statement "
     "that binds it would be left in the converted code (write the dict in the call to migrate))"),
    ("h = tf.contrib.layers.fully_connected(x, 10, normalizer_fn=tf.contrib.layers.batch_norm, "
     "normalizer_params={'renorm': True})",
     "tf.contrib.layers.batch_norm(renorm=True): it has no Keras counterpart that is provably the same"),
    ("h = tf.contrib.layers.fully_connected(x, 10, normalizer_fn=tf.contrib.layers.layer_norm)",
     "tf.contrib.layers.layer_norm: TF1 normalizes over every axis from begin_norm_axis=1 on, with parameters over the "
     "axes from begin_params_axis=-1; Keras LayerNormalization(axis=-1, epsilon=1e-12) is the same only for 2-D "
     "inputs, and the input rank is not known here (pass begin_norm_axis=-1 to migrate)"),
    ("h = tf.contrib.layers.fully_connected(x, 10, biases_initializer=b)",
     "tf.contrib.layers.fully_connected(biases_initializer=b): when this is None TF1 adds no bias at all; it can't "
     "be told statically whether it is"),
    ("h = tf.contrib.layers.batch_norm(x, activation_fn=tf.nn.relu, renorm=True)",
     "tf.contrib.layers.batch_norm(renorm=True): it has no Keras counterpart that is provably the same"),
    ("h = tf.contrib.layers.layer_norm(x)",
     "tf.contrib.layers.layer_norm: TF1 normalizes over every axis from begin_norm_axis=1 on, with parameters over the "
     "axes from begin_params_axis=-1; Keras LayerNormalization(axis=-1, epsilon=1e-12) is the same only for 2-D "
     "inputs, and the input rank is not known here (pass begin_norm_axis=-1 to migrate)"),
    ("h = tf.layers.batch_normalization(x, training=True, trainable=False)",
     "tf.layers.batch_normalization(trainable=False): Keras runs a BatchNormalization layer that is not trainable in "
     "inference mode (moving statistics), where TF1 still normalized with batch statistics when training"),
    ("opt = tf.train.ProximalAdagradOptimizer(0.1)", keras_map.OPTIMIZER_REFUSALS["train.ProximalAdagradOptimizer"]),
    ("opt = tf.contrib.opt.AdamWOptimizer(1e-4, learning_rate=base * 0.1)",
     "tf.contrib.opt.AdamWOptimizer(learning_rate=base * 0.1): contrib decays w by "
     "weight_decay*w, Keras by learning_rate*weight_decay*w; the two agree only for a constant learning rate"),
    ("lr = tf.train.linear_cosine_decay(0.1, step, 100)", keras_map.SCHEDULE_REFUSALS["train.linear_cosine_decay"]),
    ("c = tf.nn.rnn_cell.BasicLSTMCell(64, forget_bias=0.5)",
     "tf.nn.rnn_cell.BasicLSTMCell(forget_bias=0.5): Keras can only start the forget bias at 1.0 "
     "(unit_forget_bias=True) or 0.0"),
    ("c = tf.nn.rnn_cell.LSTMCell(64, use_peepholes=True)",
     "tf.nn.rnn_cell.LSTMCell(use_peepholes=True): it has no Keras counterpart that is provably the same"),
    ("c = tf.contrib.rnn.DropoutWrapper(cell, output_keep_prob=0.5)", keras_map.CELL_REFUSALS["nn.rnn_cell.DropoutWrapper"]),
    ("c = tf.nn.rnn_cell.MultiRNNCell([cell] * 2)",
     "tf.nn.rnn_cell.MultiRNNCell: the cells must be a list literal or a list comprehension of cell constructors (the "
     "same cell object repeated would share its weights in Keras)"),
    ("c = tf.nn.rnn_cell.MultiRNNCell([make_cell() for _ in range(2)])",
     "MultiRNNCell: the cell 'make_cell()' is not a TF1 cell constructor written in the list (a helper function or a "
     "shared cell object can't be converted here)"),
]


@pytest.mark.parametrize(("before", "reason"), REFUSALS, ids=[b.split("=", 1)[1].strip()[:50] for b, _ in REFUSALS])
def test_refusal(before, reason):
    out, results = convert(TF + "import tensorflow.contrib.slim as slim\n" + before + "\n")
    assert reason in results
    assert last_line(out) == before  # the probe leaves refused code as it was


def test_lazy_adam_is_refused_on_latest():
    _, result = one(TF + "opt = tf.contrib.opt.LazyAdamOptimizer(0.01)\n", target="latest")
    assert result.startswith("tf.contrib.opt.LazyAdamOptimizer: only tensorflow-addons has LazyAdam")


RNN_REWRITES = [
    ("o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(8), x, dtype=tf.float32)",
     "o, s = tf.keras.layers.RNN(tf.keras.layers.GRUCell(8, reset_after=False), return_sequences=True, "
     "return_state=True)(x)", "dynamic"),
    ("o, s = tf.contrib.rnn.static_rnn(tf.contrib.rnn.BasicLSTMCell(8), tf.unstack(x, 28, 1), dtype=tf.float32)",
     "o, s = tf.keras.layers.RNN(tf.keras.layers.LSTMCell(8, unit_forget_bias=True), return_sequences=True, "
     "return_state=True)(x)", "static"),
    ("o, s = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), tf.nn.rnn_cell.GRUCell(4), x, dtype=tf.float32)",
     "o, s = tf.keras.layers.Bidirectional(tf.keras.layers.RNN(tf.keras.layers.GRUCell(4, reset_after=False), "
     "return_sequences=True, return_state=True), backward_layer=tf.keras.layers.RNN(tf.keras.layers.GRUCell(4, "
     "reset_after=False), return_sequences=True, return_state=True, go_backwards=True), merge_mode=None)(x)",
     "bidirectional_dynamic"),
]


@pytest.mark.parametrize(("before", "after", "kind"), RNN_REWRITES, ids=[k for _, _, k in RNN_REWRITES])
def test_rnn_rewrite(before, after, kind):
    out, results = convert(TF + before + "\n")
    assert results[-1].outputs == kind
    assert last_line(out) == after


@pytest.mark.parametrize(("before", "reason"), [
    ("o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(8), x, sequence_length=lengths, dtype=tf.float32)",
     "tf.nn.dynamic_rnn(sequence_length=lengths): TF1 zeroes outputs past each length and freezes the state; a Keras "
     "mask repeats the last output instead"),
    ("o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(8), x, time_major=True, dtype=tf.float32)",
     "tf.nn.dynamic_rnn(time_major=True): Keras RNN layers take batch-major inputs: transpose the inputs by hand"),
    ("o, s = tf.nn.static_rnn(tf.nn.rnn_cell.GRUCell(8), xs, dtype=tf.float32)",
     "static_rnn: the inputs must be written as tf.unstack(x, axis=1) in the call so the Keras layer can run on the "
     "batch-major tensor x; got 'xs'"),
], ids=["sequence_length", "time_major", "static inputs not an unstack"])
def test_rnn_refusal(before, reason):
    _, results = convert(TF + before + "\n")
    assert results[-1] == reason


# --- the tables against the installed TF1 signatures ------------------------------------------------------------


def _tf1_params(symbol: str) -> list[str] | None:
    import inspect

    import tensorflow as tf

    from migrate.runtime import contrib

    if symbol.startswith("contrib."):
        path = symbol[len("contrib."):]
        try:
            target = contrib.lookup(path)
        except AttributeError:
            return None  # not ported by the runtime (conv2d_transpose, embed_sequence ...): checked by hand
    else:
        target = tf.compat.v1
        for part in symbol.split("."):
            target = getattr(target, part)
    if inspect.isclass(target):
        target = target.__init__
    names = [p.name for p in inspect.signature(target).parameters.values()
             if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and p.name != "self"]
    return names


TABLES = {**keras_map.LAYER_SPECS, **keras_map.OPTIMIZER_SPECS, **keras_map.SCHEDULE_SPECS, **keras_map.CELL_SPECS}


_CANONICAL = sorted({id(spec): symbol for symbol, spec in sorted(TABLES.items(), reverse=True)}.values())


@pytest.mark.parametrize("symbol", _CANONICAL)  # one symbol per row: the slim / contrib.rnn aliases share it
def test_table_signature_matches_tf1(symbol):
    """Positional TF1 arguments bind through ``params``: its order must be the real one."""
    if symbol == "contrib.opt.LazyAdamOptimizer":
        symbol = "train.AdamOptimizer"  # the runtime's LazyAdam is v1 Adam's subclass with its signature
    real = _tf1_params(symbol)
    if real is None:
        pytest.skip(f"{symbol}: no installed TF1 implementation to compare with")
    ours = list(TABLES[symbol if symbol in TABLES else "contrib.opt.LazyAdamOptimizer"].params)
    # The runtime ports may stop before TF 1.15's rarely used trailing parameters (renorm ...).
    assert ours[: len(real)] == real or ours == real[: len(ours)], (ours, real)


def test_every_symbol_is_documented():
    from migrate.data.keras_map import MAPPINGS

    documented = {row.tf1 for row in MAPPINGS}
    assert kc.LAYERS | kc.OPTIMIZERS | kc.SCHEDULES | kc.CELLS | kc.RNNS <= documented
    assert len(documented) == len(MAPPINGS), "one row per symbol"


def test_documented_examples_are_what_the_converter_writes():
    from migrate.data.keras_map import MAPPINGS

    for row in MAPPINGS:
        if not row.before:
            continue
        out, results = convert(TF + row.before + "\n")
        (result,) = results
        assert kc.source(result.ctor) in row.after, row.tf1
        for arg in getattr(result, "call_args", ()):
            assert kc.source(arg) in row.after, row.tf1


# --- generated constructors run on both profiles ----------------------------------------------------------------

_VALUES = {"units": "4", "num_outputs": "4", "filters": "4", "kernel_size": "3", "pool_size": "2", "vocab_size": "10",
           "embed_dim": "4", "num_units": "5", "learning_rate": "0.1", "momentum": "0.9", "weight_decay": "0.01",
           "decay_steps": "10", "decay_rate": "0.5", "boundaries": "[5]", "values": "[0.1, 0.01]",
           "first_decay_steps": "10", "global_step": "step", "x": "step"}
_RANK = {"1D": 3, "2D": 4, "3D": 5, "Flatten": 4}


def _minimal_call(symbol: str, spec) -> str:
    args = [f"{p}={_VALUES[p]}" for p in spec.params if p in _VALUES and p != spec.inputs]
    if symbol.startswith("layers.") and "pooling" in symbol.lower():
        args.append("strides=2")  # required in TF1
    inputs = [] if spec.inputs is None else ["x"]
    return f"tf.{symbol}({', '.join(inputs + args)})"


def _runnable(symbol: str, target: str) -> str | None:
    """A statement that builds the converted object and exercises it once; None when refused on ``target``."""
    spec = TABLES[symbol]
    _, results = convert(TF + "value = " + _minimal_call(symbol, spec) + "\n", target)
    (result,) = results
    if isinstance(result, str):
        return None
    ctor = kc.source(result.ctor)
    if isinstance(result, kc.OptimizerCall):
        return f"v = tf.Variable([1.0, 2.0]); ({ctor}).apply_gradients([(tf.constant([0.1, -0.2]), v)])"
    if isinstance(result, kc.ScheduleCall):
        return f"float(({ctor})(3))"
    if isinstance(result, kc.CellCall):
        return f"tf.keras.layers.RNN({ctor})(tf.zeros([2, 5, 3]))"
    if "Embedding" in ctor:
        shape = None
    else:
        rank = next((r for key, r in _RANK.items() if key in ctor), 2)
        shape = [2] + [8] * (rank - 2) + [3]
    x = "tf.constant([[1, 2, 3]])" if shape is None else f"tf.random.uniform({shape})"
    kwargs = ", ".join(kc.source(a) for a in getattr(result, "call_args", ()))
    return f"({ctor})({x}{', ' + kwargs if kwargs else ''})"


def _run(venv: Path, statements: list[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the statements on ``venv``'s Python (in this process when it is this one)."""
    program = "import math, os\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'\nimport tensorflow as tf\n"
    program += "try:\n    import tensorflow_addons as tfa\nexcept ImportError:\n    pass\n"
    for statement in statements:
        program += f"try:\n    {statement}\nexcept Exception as exc:\n    print('FAILED', {statement!r}, repr(exc))\n"
    if Path(sys.prefix).resolve() == venv.resolve():  # spare a TensorFlow start-up
        import contextlib
        import io
        import warnings

        out = io.StringIO()
        with contextlib.redirect_stdout(out), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(program, {})
        return 0, out.getvalue(), ""
    done = subprocess.run([str(venv / "bin" / "python"), "-c", program], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    return done.returncode, done.stdout, done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("target, venv", [("tf2.15", ".venv"), ("latest", ".venv-latest")])
def test_generated_code_runs_on_its_profile(target, venv):
    if not (ROOT / venv / "bin" / "python").exists():
        pytest.skip(f"{venv} is not installed")
    statements = [s for symbol in sorted(TABLES) if (s := _runnable(symbol, target))]
    statements += [_statement(snippet, target) for snippet in EXTRA]
    statements.append(_rnn_statement(target))
    assert len(statements) > 40
    code, out, err = _run(ROOT / venv, statements)
    assert code == 0, err[-2000:]
    assert "FAILED" not in out, out


def _rnn_statement(target: str) -> str:
    _, results = convert(TF + "o = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), "
                              "tf.nn.rnn_cell.GRUCell(4), x, dtype=tf.float32)\n", target)
    return f"assert len(({kc.source(results[-1].ctor)})(tf.zeros([2, 5, 3]))) == 5"


EXTRA = [  # values whose spelling Keras 3 might not accept as TF1 wrote them
    "tf.layers.conv2d(x, 4, 3, padding='SAME', data_format='channels_last')",
    "tf.contrib.layers.max_pool2d(x, 2, padding='SAME')",
    "tf.contrib.layers.conv2d(x, 4, [3, 3], padding='VALID', data_format='NHWC', activation_fn=None)",
    "tf.contrib.layers.dropout(x, keep_prob=0.8)",
    "tf.contrib.layers.batch_norm(x, scale=True, is_training=False, data_format='NHWC')",
    "tf.contrib.layers.fully_connected(x, 3, biases_initializer=None, trainable=False)",
]


def _statement(snippet: str, target: str) -> str:
    _, (result,) = convert(TF + "value = " + snippet + "\n", target)
    kwargs = "".join(", " + kc.source(a) for a in result.call_args)
    return f"({kc.source(result.ctor)})(tf.random.uniform([2, 8, 8, 3]){kwargs})"


def test_normalizer_batch_norm_is_inexact_when_the_program_never_runs_update_ops():
    """The test the graph pass makes for a batch_norm call, for one given as normalizer_fn: TF1 left the moving
    statistics in UPDATE_OPS; a program that never ran them kept the initial values, Keras updates them."""
    call = "tf.contrib.layers.fully_connected(x, 16, normalizer_fn=tf.contrib.layers.batch_norm{})"
    _, never = one(TF + f"h = {call.format('')}\n")
    assert not never.exact and never.notes[-1].startswith("NOT EXACT: this TF1 program never ran the UPDATE_OPS")
    in_place_call = call.format(", normalizer_params={'updates_collections': None}")
    _, in_place = one(TF + f"h = {in_place_call}\n")
    assert in_place.exact
    _, run = one(TF + f"h = {call.format('')}\nops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)\n")
    assert run.exact
