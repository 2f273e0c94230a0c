"""The Keras objects keras_calls builds compute what the TF1 originals computed.

Each case is a TF1 snippet. The TF1 side evaluates it with ``tf`` bound to
``tf.compat.v1`` (contrib symbols from the tf-migrate runtime's contrib ports)
in graph mode; the Keras side is the constructor the converter generated for
the same snippet, evaluated eagerly. Both start from the same weights and see
the same data. Where exact equality is impossible the test asserts what *is*
equal and that the documented difference is real.
"""

from __future__ import annotations

import math
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf

from migrate.graph import keras_calls as kc
from migrate.runtime import contrib
from test_keras_calls import convert, one

tf1 = tf.compat.v1
RTOL, ATOL = 1e-5, 1e-6


class _Contrib:
    """``tf.contrib.<path>`` served by the runtime's contrib table."""

    def __init__(self, path: str = ""):
        self._path = path

    def __getattr__(self, name):
        path = f"{self._path}.{name}" if self._path else name
        try:
            return contrib.lookup(path)
        except AttributeError:
            return _Contrib(path)


class _TF1:
    contrib = _Contrib()

    def __getattr__(self, name):
        return getattr(tf1, name)


def tf1_eval(snippet: str, **names):
    return eval(snippet, {"tf": _TF1(), **names})


def keras_result(snippet: str, target: str = "tf2.15"):
    """The converter's result for ``snippet`` (written with ``tf``) and its constructor evaluated eagerly."""
    _, result = one(f"import tensorflow as tf\nvalue = {snippet}\n", target)
    assert not isinstance(result, str), result
    namespace = {"tf": tf, "math": math}
    if "tfa." in kc.source(result.ctor):
        import tensorflow_addons as tfa

        namespace["tfa"] = tfa
    return result, eval(kc.source(result.ctor), namespace)


def call_kwargs(result) -> dict:
    return {arg.keyword.value: eval(kc.source(arg.value), {"tf": tf}) for arg in result.call_args}


# --- optimizers: 5 steps on a softmax regression from the same start -----------------------------------------------

rng = np.random.default_rng(0)
X = rng.normal(size=(16, 4)).astype(np.float32)
Y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 16)]
W0 = rng.normal(size=(4, 3)).astype(np.float32)
B0 = rng.normal(size=(3,)).astype(np.float32)
STEPS = 5


def _loss(w, b):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=tf.matmul(X, w) + b))


def tf1_train(snippet: str, steps: int = STEPS):
    """``steps`` updates of the TF1 optimizer.

    The gradients are fetched first and fed back: in a v1 graph nothing orders
    the gradient ops' reads of ``w`` after contrib's decoupled decay
    (``w -= wd * w``, run before the update), so ``minimize`` would see either
    value; eager Keras always sees the pre-step weights.
    """
    with tf.Graph().as_default(), tf1.Session() as sess:
        w, b = tf1.Variable(W0), tf1.Variable(B0)
        grads = tf1.gradients(_loss(w, b), [w, b])
        fed = [tf1.placeholder(tf.float32, g.shape) for g in grads]
        train = tf1_eval(snippet).apply_gradients(list(zip(fed, [w, b])))
        sess.run(tf1.global_variables_initializer())
        for _ in range(steps):
            sess.run(train, dict(zip(fed, sess.run(grads))))
        return sess.run([w, b])


def keras_train(opt, steps: int = STEPS):
    w, b = tf.Variable(W0), tf.Variable(B0)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = _loss(w, b)
        opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
    return [w.numpy(), b.numpy()]


EXACT_OPTIMIZERS = [
    "tf.train.GradientDescentOptimizer(0.1)",
    "tf.train.MomentumOptimizer(0.1, 0.9)",
    "tf.train.MomentumOptimizer(0.1, momentum=0.8, use_nesterov=True, use_locking=True)",
    "tf.train.AdamOptimizer(0.01)",
    "tf.train.AdamOptimizer(0.05, beta1=0.8, beta2=0.99, epsilon=1e-3)",
    "tf.train.AdamOptimizer(learning_rate=0.01, epsilon=1.0)",  # epsilon-hat placement matters here
    "tf.train.AdagradOptimizer(0.1)",
    "tf.train.AdagradOptimizer(0.3, initial_accumulator_value=0.01)",
    "tf.train.AdadeltaOptimizer(1.0)",
    "tf.train.AdadeltaOptimizer(20.0, rho=0.9)",
    "tf.train.FtrlOptimizer(0.1)",
    "tf.train.FtrlOptimizer(0.2, l1_regularization_strength=0.01, l2_regularization_strength=0.02)",
    "tf.contrib.opt.AdamWOptimizer(0.05, learning_rate=0.01)",
    "tf.contrib.opt.AdamWOptimizer(weight_decay=0.1)",
    "tf.contrib.opt.MomentumWOptimizer(0.05, 0.1, 0.9)",
]


@pytest.mark.parametrize("snippet", EXACT_OPTIMIZERS)
def test_optimizer_steps_match_tf1(snippet):
    result, opt = keras_result(snippet)
    assert result.exact
    want = tf1_train(snippet)
    got = keras_train(opt)
    moved = np.abs(want[0] - W0).max()
    assert moved > 1e-3, "the problem must move the weights for the comparison to mean anything"
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL)


def test_rmsprop_is_flagged_and_really_differs():
    """v1 RMSProp's accumulator starts at 1, Keras's at 0: the mapping says so, and the first step shows it."""
    snippet = "tf.train.RMSPropOptimizer(0.01, decay=0.9)"
    result, opt = keras_result(snippet)
    assert not result.exact and any(n.startswith("NOT EXACT") for n in result.notes)
    want, got = tf1_train(snippet, 1), keras_train(opt, 1)
    step_tf1, step_keras = np.abs(want[0] - W0), np.abs(got[0] - W0)
    assert np.all(step_keras > 2 * step_tf1)  # Keras: lr*g/sqrt(0.1*g^2) = 3.16*lr; TF1: about lr*g
    # With the accumulator started at 1.0 the Keras rule is TF1's: the formulas agree, only the start differs.
    _, opt = keras_result(snippet)
    w, b = tf.Variable(W0), tf.Variable(B0)
    opt.build([w, b])
    for slot in opt.variables():
        if "velocity" in slot.name:
            slot.assign(tf.ones_like(slot))
    with tf.GradientTape() as tape:
        loss = _loss(w, b)
    opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
    np.testing.assert_allclose(w.numpy(), want[0], rtol=RTOL, atol=ATOL)


def test_momentum_with_a_decaying_rate_is_noted_and_differs():
    snippet = "tf.train.MomentumOptimizer(lr, 0.9)"
    _, result = one(f"import tensorflow as tf\nopt = {snippet}\n")
    assert any("constant learning rate" in n for n in result.notes)
    with tf.Graph().as_default(), tf1.Session() as sess:
        w, b = tf1.Variable(W0), tf1.Variable(B0)
        step = tf1.train.get_or_create_global_step()
        lr = tf1.train.exponential_decay(0.5, step, 1, 0.5)
        train = tf1_eval(snippet, lr=lr).minimize(_loss(w, b), global_step=step)
        sess.run(tf1.global_variables_initializer())
        for _ in range(STEPS):
            sess.run(train)
        want = sess.run(w)
    lr = tf.keras.optimizers.schedules.ExponentialDecay(0.5, 1, 0.5)
    got = keras_train(tf.keras.optimizers.SGD(learning_rate=lr, momentum=0.9))[0]
    assert not np.allclose(got, want, rtol=1e-3)


def test_lazy_adam_sparse_updates_match_contrib():
    """contrib LazyAdam (runtime port) vs tensorflow-addons LazyAdam on an embedding: only looked-up rows move."""
    snippet = "tf.contrib.opt.LazyAdamOptimizer(0.1)"
    table0 = rng.normal(size=(6, 3)).astype(np.float32)
    ids = np.array([0, 2, 2, 5])

    def loss(table):
        return tf.reduce_sum(tf.square(tf.gather(table, ids) - 1.0))

    with tf.Graph().as_default(), tf1.Session() as sess:
        table = tf1.Variable(table0)
        train = tf1_eval(snippet).minimize(loss(table))
        sess.run(tf1.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        want = sess.run(table)
    result, opt = keras_result(snippet)
    table = tf.Variable(table0)
    for _ in range(3):
        with tf.GradientTape() as tape:
            value = loss(table)
        opt.apply_gradients([(tape.gradient(value, table), table)])
    np.testing.assert_allclose(table.numpy(), want, rtol=RTOL, atol=ATOL)
    np.testing.assert_array_equal(want[[1, 3, 4]], table0[[1, 3, 4]])
    assert isinstance(one("import tensorflow as tf\no = tf.contrib.opt.LazyAdamOptimizer(0.1)\n", "latest")[1], str)


# --- schedules: the learning rate at steps 0..N ---------------------------------------------------------------------

SCHEDULES = [
    "tf.train.exponential_decay(0.1, global_step, 7, 0.5)",
    "tf.train.exponential_decay(0.1, global_step, 7, 0.5, staircase=True)",
    "tf.train.natural_exp_decay(0.1, global_step, 5, 0.3)",
    "tf.train.natural_exp_decay(0.1, global_step, 5, 0.3, staircase=True)",
    "tf.train.inverse_time_decay(0.1, global_step, 4, 0.5)",
    "tf.train.inverse_time_decay(0.1, global_step, 4, 0.5, staircase=True)",
    "tf.train.piecewise_constant(global_step, [5, 12], [0.1, 0.05, 0.01])",
    "tf.train.polynomial_decay(0.1, global_step, 10, end_learning_rate=0.01, power=2.0)",
    "tf.train.polynomial_decay(0.1, global_step, 6, 0.001, cycle=True)",
    "tf.train.cosine_decay(0.1, global_step, 15, alpha=0.1)",
    "tf.train.cosine_decay_restarts(0.1, global_step, 4, t_mul=2.0, m_mul=0.5, alpha=0.01)",
]


@pytest.mark.parametrize("snippet", SCHEDULES)
def test_schedule_matches_tf1_decay(snippet):
    steps = np.arange(30)
    with tf.Graph().as_default(), tf1.Session() as sess:
        step = tf1.placeholder(tf.int64, [])
        rate = tf1_eval(snippet, global_step=step)
        want = [sess.run(rate, {step: s}) for s in steps]
    result, sched = keras_result(snippet)
    assert kc.source(result.step) == "global_step"
    got = [float(sched(s)) for s in steps]
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=1e-8)
    assert len(set(np.round(want, 7))) > 1


# --- layers: forward pass with the same weights ---------------------------------------------------------------------

X2 = rng.normal(size=(8, 6)).astype(np.float32)
X4 = rng.normal(size=(2, 8, 8, 3)).astype(np.float32)
X3 = rng.normal(size=(2, 9, 3)).astype(np.float32)
IDS = rng.integers(0, 10, size=(2, 5))


def tf1_layer(snippet: str, x, train_updates: bool = False):
    """(output, [variable values]) of a TF1 layer call; variables set to random values first."""
    with tf.Graph().as_default(), tf1.Session() as sess:
        out = tf1_eval(snippet, x=tf1.constant(x))
        sess.run(tf1.global_variables_initializer())
        values, names = [], [v.name for v in tf1.global_variables()]
        for var in tf1.global_variables():
            value = rng.uniform(0.5, 1.5, size=var.shape).astype(var.dtype.as_numpy_dtype)
            var.load(value, sess)
            values.append(value)
        fetched = sess.run([out, tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)] if train_updates else [out, []])[0]
        return fetched, (values, names), dict(zip(names, sess.run(tf1.global_variables())))


_KERAS_NAME = {"weights": "kernel", "biases": "bias"}


def _short(name: str) -> str:
    return name.rpartition("/")[2].partition(":")[0]


def keras_layer(snippet: str, x, values, names):
    """The Keras layer for ``snippet`` with TF1's variable values (matched by name), applied to ``x``."""
    result, layer = keras_result(snippet)
    layer.build(x.shape)
    by_name = {_KERAS_NAME.get(_short(n), _short(n)): v for n, v in zip(names, values)}
    assert sorted(by_name) == sorted(_short(w.name) for w in layer.weights)
    layer.set_weights([by_name[_short(w.name)] for w in layer.weights])
    out = layer(tf.constant(x), **call_kwargs(result))
    return result, layer, out.numpy()


LAYERS = [
    ("tf.layers.dense(x, 5)", X2),
    ("tf.layers.dense(x, 5, activation=tf.nn.relu, use_bias=False, name='fc1')", X2),
    ("tf.layers.Dense(5, activation=tf.nn.tanh)", X2),
    ("tf.layers.conv1d(x, 4, 3, strides=2, padding='same')", X3),
    ("tf.layers.conv2d(x, 4, [3, 3], padding='SAME', activation=tf.nn.relu)", X4),
    ("tf.layers.conv2d(x, 4, 3, strides=(2, 2), dilation_rate=1)", X4),
    ("tf.layers.conv2d_transpose(x, 2, 3, strides=2, padding='same')", X4),
    ("tf.layers.separable_conv2d(x, 5, 3, depth_multiplier=2)", X4),
    ("tf.layers.max_pooling2d(x, 2, 2)", X4),
    ("tf.layers.average_pooling2d(x, [3, 3], 2, padding='same')", X4),
    ("tf.layers.max_pooling1d(x, 2, 2)", X3),
    ("tf.layers.average_pooling1d(x, 3, 1)", X3),
    ("tf.layers.flatten(x)", X4),
    ("tf.layers.batch_normalization(x)", X2),  # training=False: moving statistics
    ("tf.layers.batch_normalization(x, momentum=0.9, epsilon=0.01, training=True)", X4),
    ("tf.contrib.layers.fully_connected(x, 5)", X2),  # ReLU by default
    ("tf.contrib.layers.fully_connected(x, 5, activation_fn=None, biases_initializer=None)", X2),
    ("tf.contrib.layers.linear(x, 5)", X2),
    ("tf.contrib.layers.conv2d(x, 4, [3, 3])", X4),  # SAME + ReLU by default
    ("tf.contrib.layers.conv2d(x, 4, 3, stride=2, padding='VALID', activation_fn=tf.nn.tanh)", X4),
    ("tf.contrib.layers.conv2d_transpose(x, 2, 3, stride=2)", X4),  # SAME + ReLU by default
    ("tf.contrib.slim.conv2d(x, 4, 3, rate=2, activation_fn=None)", X4),
    ("tf.contrib.layers.max_pool2d(x, [3, 3])", X4),  # stride 2 by default (Keras: the pool size)
    ("tf.contrib.layers.avg_pool2d(x, 3, stride=1, padding='SAME')", X4),
    ("tf.contrib.layers.flatten(x)", X4),
    ("tf.contrib.layers.batch_norm(x, is_training=False)", X2),
    ("tf.contrib.layers.batch_norm(x, is_training=False, scale=True, epsilon=0.01)", X4),
    ("tf.contrib.layers.layer_norm(x, begin_norm_axis=-1)", X2),
    ("tf.contrib.layers.layer_norm(x, begin_norm_axis=-1, begin_params_axis=-1, center=False)", X3),
    ("tf.contrib.layers.batch_norm(x, is_training=False, activation_fn=tf.nn.relu)", X2),
    ("tf.contrib.layers.layer_norm(x, begin_norm_axis=-1, activation_fn=tf.nn.tanh)", X2),
    # normalizer_fn: no bias, the normalizer, then the activation (a Sequential of the three)
    ("tf.contrib.layers.fully_connected(x, 5, normalizer_fn=tf.contrib.layers.batch_norm, "
     "normalizer_params={'is_training': False})", X2),
    ("tf.contrib.layers.fully_connected(x, 5, activation_fn=tf.nn.tanh, normalizer_fn=tf.contrib.layers.batch_norm, "
     "normalizer_params={'is_training': False, 'scale': True, 'epsilon': 0.01})", X2),
    ("tf.contrib.layers.conv2d(x, 4, 3, normalizer_fn=tf.contrib.layers.batch_norm, "
     "normalizer_params=dict(is_training=False, center=False))", X4),
    ("tf.contrib.slim.fully_connected(x, 5, normalizer_fn=tf.contrib.slim.layer_norm, "
     "normalizer_params={'begin_norm_axis': -1})", X2),
]


@pytest.mark.parametrize(("snippet", "x"), LAYERS, ids=[s for s, _ in LAYERS])
def test_layer_forward_matches_tf1(snippet, x):
    if snippet.startswith("tf.layers.") and snippet.split("(")[0][10].isupper():  # a class form: apply it to x
        want, values, _ = tf1_layer(f"{snippet}.apply(x)", x)
    else:
        want, values, _ = tf1_layer(snippet, x)
    _, _, got = keras_layer(snippet, x, *values)
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=1e-5)


def test_layer_norm_epsilon_is_tf1s():
    """A nearly constant row: epsilon 1e-12 vs Keras' default 1e-3 changes the output completely."""
    x = (np.ones((2, 6)) + 1e-4 * rng.normal(size=(2, 6))).astype(np.float32)
    snippet = "tf.contrib.layers.layer_norm(x, begin_norm_axis=-1)"
    want, values, _ = tf1_layer(snippet, x)
    _, layer, got = keras_layer(snippet, x, *values)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    default = tf.keras.layers.LayerNormalization()
    default.build(x.shape)
    default.set_weights(layer.get_weights())
    assert not np.allclose(default(x).numpy(), want, atol=1e-2)


@pytest.mark.parametrize(("snippet", "x"), [
    ("tf.contrib.layers.batch_norm(x)", X2),  # is_training=True, decay=0.999, UPDATE_OPS
    ("tf.contrib.layers.batch_norm(x, decay=0.9, updates_collections=None)", X2),
    ("tf.layers.batch_normalization(x, training=True, momentum=0.8)", X2),
    ("tf.contrib.layers.batch_norm(x, decay=0.5)", X4),  # TF1's fused kernel; Keras 2 fuses too
    ("tf.layers.batch_normalization(x, training=True, momentum=0.5)", X4),
    ("tf.contrib.layers.fully_connected(x, 5, normalizer_fn=tf.contrib.layers.batch_norm, "
     "normalizer_params={'decay': 0.9})", X2),
], ids=["contrib-2d", "contrib-2d-inplace", "tf.layers-2d", "contrib-4d-fused", "tf.layers-4d-fused",
        "fully_connected-normalizer"])
def test_batch_norm_training_step_and_moving_statistics(snippet, x):
    """One training-mode call: the same output and the same moving mean/variance afterwards."""
    want, values, after = tf1_layer(snippet, x, train_updates=True)
    _, layer, got = keras_layer(snippet, x, *values)
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=1e-5)
    after = {_KERAS_NAME.get(_short(name), _short(name)): value for name, value in after.items()}
    for weight in layer.weights:
        np.testing.assert_allclose(weight.numpy(), after[_short(weight.name)], rtol=RTOL, atol=1e-6)
    before = dict(zip(map(_short, values[1]), values[0]))
    assert not np.allclose(after["moving_variance"], before["moving_variance"])  # the statistics did move


def test_dropout_defaults():
    """tf.layers.dropout: off unless training=True; contrib dropout: on by default, rate = 1 - keep_prob."""
    x = np.ones((200, 500), np.float32)
    for snippet in ("tf.layers.dropout(x, 0.3)", "tf.contrib.layers.dropout(x, 0.8, is_training=False)"):
        want, _, _ = tf1_layer(snippet, x)
        result, layer = keras_result(snippet)
        np.testing.assert_array_equal(want, x)
        np.testing.assert_array_equal(layer(x, **call_kwargs(result)).numpy(), x)
    for snippet, keep in (("tf.contrib.layers.dropout(x, keep_prob=0.8)", 0.8), ("tf.contrib.layers.dropout(x)", 0.5),
                          ("tf.layers.dropout(x, rate=0.2, training=True)", 0.8)):
        want, _, _ = tf1_layer(snippet, x)
        result, layer = keras_result(snippet)
        got = layer(x, **call_kwargs(result)).numpy()
        for out in (want, got):
            assert abs((out == 0).mean() - (1 - keep)) < 0.01
            np.testing.assert_allclose(out[out != 0], 1 / keep, rtol=1e-6)


def test_embed_sequence_lookup_and_initializer():
    snippet = "tf.contrib.layers.embed_sequence(x, vocab_size=10, embed_dim=4)"
    with tf.Graph().as_default(), tf1.Session() as sess:
        out = tf1_eval(snippet, x=tf1.constant(IDS))
        sess.run(tf1.global_variables_initializer())
        (table,) = sess.run(tf1.global_variables())
        want = sess.run(out)
    result, layer = keras_result(snippet)
    layer.build(IDS.shape)
    layer.set_weights([table])
    np.testing.assert_allclose(layer(IDS).numpy(), want, rtol=RTOL)
    # Same initializer family as TF1's (glorot_uniform over [vocab, dim]), not Keras' uniform(-0.05, 0.05).
    limit = math.sqrt(6 / (10 + 4))
    fresh = keras_result(snippet)[1]
    fresh.build(IDS.shape)
    weights = fresh.get_weights()[0]
    assert np.abs(weights).max() > 0.05 and np.abs(weights).max() <= limit


# --- RNN cells and drivers: same outputs and states with transferred weights ----------------------------------------

XR = rng.normal(size=(3, 5, 4)).astype(np.float32)
H = 6


def _tf1_rnn(snippet: str, x=XR):
    with tf.Graph().as_default(), tf1.Session() as sess:
        result = tf1_eval(snippet, x=tf1.constant(x))
        sess.run(tf1.global_variables_initializer())
        values = []
        for var in tf1.trainable_variables():
            value = rng.normal(scale=0.5, size=var.shape).astype(np.float32)
            var.load(value, sess)
            values.append(value)
        return sess.run(result), values


def rnn_result(snippet: str) -> kc.RnnCall:
    """The converted driver (the probe converts the cells inside it first)."""
    _, results = convert(f"import tensorflow as tf\nvalue = {snippet}\n")
    assert not isinstance(results[-1], str), results[-1]
    return results[-1]


def _split(kernel, n_in):
    return kernel[:n_in], kernel[n_in:]


def _lstm(values, n_in, forget_shift):
    """TF1 [x, h] kernel with gates i, j, f, o -> Keras kernel, recurrent kernel, bias with gates i, f, c, o."""
    kernel, bias = values
    order = lambda m: np.concatenate([m[..., 0:H], m[..., 2 * H:3 * H], m[..., H:2 * H], m[..., 3 * H:]], -1)
    k, r = _split(order(kernel), n_in)
    b = order(bias).copy()
    b[H:2 * H] += forget_shift  # TF1 adds forget_bias at run time; Keras keeps it in the bias
    return [k, r, b]


def _gru(values, n_in):
    """TF1 gates (r, u) + candidate -> Keras (z=u, r, h), reset_after=False."""
    gates_k, gates_b, cand_k, cand_b = values
    kernel = np.concatenate([gates_k[:, H:], gates_k[:, :H], cand_k], -1)
    bias = np.concatenate([gates_b[H:], gates_b[:H], cand_b])
    k, r = _split(kernel, n_in)
    return [k, r, bias]


def _simple(values, n_in):
    kernel, bias = values
    return [*_split(kernel, n_in), bias]


RNNS = [  # TF1 snippet, weight transfer, how to read TF1's result as (sequence [B, T, H], [state tensors])
    ("tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(6), x, dtype=tf.float32)",
     lambda v: _lstm(v, 4, 1.0), lambda r: (r[0], [r[1].h, r[1].c])),
    ("tf.nn.dynamic_rnn(tf.contrib.rnn.LSTMCell(6, forget_bias=0.0), x, dtype=tf.float32)",
     lambda v: _lstm(v, 4, 0.0), lambda r: (r[0], [r[1].h, r[1].c])),
    ("tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(6), x, dtype=tf.float32)",
     lambda v: _gru(v, 4), lambda r: (r[0], [r[1]])),
    ("tf.nn.dynamic_rnn(tf.contrib.rnn.BasicRNNCell(6), x, dtype=tf.float32)",
     lambda v: _simple(v, 4), lambda r: (r[0], [r[1]])),
    ("tf.nn.static_rnn(tf.contrib.rnn.BasicLSTMCell(6), tf.unstack(x, 5, 1), dtype=tf.float32)",
     lambda v: _lstm(v, 4, 1.0), lambda r: (np.stack(r[0], 1), [r[1].h, r[1].c])),
    ("tf.contrib.rnn.static_rnn(tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(6) for _ in range(2)]), "
     "tf.unstack(x, axis=1), dtype=tf.float32)",
     lambda v: _gru(v[:4], 4) + _gru(v[4:], H), lambda r: (np.stack(r[0], 1), list(r[1]))),
]


@pytest.mark.parametrize(("snippet", "weights", "read"), RNNS, ids=[s[:60] for s, _, _ in RNNS])
def test_rnn_matches_tf1(snippet, weights, read):
    tf1_out, values = _tf1_rnn(snippet)
    want_seq, want_states = read(tf1_out)
    result = rnn_result(snippet)
    layer = eval(kc.source(result.ctor), {"tf": tf})
    assert result.outputs in ("dynamic", "static")
    layer.build(XR.shape)
    layer.set_weights(weights(values))
    got_seq, *got_states = layer(XR)
    np.testing.assert_allclose(got_seq.numpy(), want_seq, rtol=RTOL, atol=1e-5)
    flat = tf.nest.flatten(got_states)
    assert len(flat) == len(want_states)
    for a, b in zip(flat, want_states):
        np.testing.assert_allclose(a.numpy(), b, rtol=RTOL, atol=1e-5)


def test_bidirectional_dynamic_rnn_matches_tf1():
    snippet = ("tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.GRUCell(6), tf.nn.rnn_cell.GRUCell(6), x, "
               "dtype=tf.float32)")
    (outputs, states), values = _tf1_rnn(snippet)
    result = rnn_result(snippet)
    assert result.outputs == "bidirectional_dynamic"
    layer = eval(kc.source(result.ctor), {"tf": tf})
    layer.build(XR.shape)
    layer.set_weights(_gru(values[:4], 4) + _gru(values[4:], 4))
    out_fw, out_bw, state_fw, state_bw = layer(XR)
    for a, b in zip((out_fw, out_bw, state_fw, state_bw), (*outputs, *states)):
        np.testing.assert_allclose(a.numpy(), b, rtol=RTOL, atol=1e-5)


def test_static_bidirectional_rnn_matches_tf1():
    snippet = ("tf.nn.static_bidirectional_rnn(tf.nn.rnn_cell.BasicRNNCell(6), tf.nn.rnn_cell.BasicRNNCell(6), "
               "tf.unstack(x, 5, 1), dtype=tf.float32)")
    (outputs, state_fw, state_bw), values = _tf1_rnn(snippet)
    result = rnn_result(snippet)
    assert result.outputs == "static_bidirectional"
    layer = eval(kc.source(result.ctor), {"tf": tf})
    layer.build(XR.shape)
    layer.set_weights(_simple(values[:2], 4) + _simple(values[2:], 4))
    seq, got_fw, got_bw = layer(XR)
    np.testing.assert_allclose(seq.numpy(), np.stack(outputs, 1), rtol=RTOL, atol=1e-5)
    np.testing.assert_allclose(got_fw.numpy(), state_fw, rtol=RTOL, atol=1e-5)
    np.testing.assert_allclose(got_bw.numpy(), state_bw, rtol=RTOL, atol=1e-5)


def test_basic_lstm_forget_bias_equal_at_init_and_along_training():
    """TF1 adds forget_bias=1.0 at run time with a zero bias; Keras starts the bias at 1.0 (unit_forget_bias).

    With the same kernels the two are the same function at initialisation, and
    since the constant doesn't change any gradient, plain SGD keeps them equal:
    the Keras forget bias stays exactly TF1's plus 1.0.
    """
    snippet = "tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(6), x, dtype=tf.float32)"
    target = rng.normal(size=(3, 5, H)).astype(np.float32)
    with tf.Graph().as_default(), tf1.Session() as sess:
        outputs, _ = tf1_eval(snippet, x=tf1.constant(XR))
        train = tf1.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_mean(tf.square(outputs - target)))
        sess.run(tf1.global_variables_initializer())
        kernel0, bias0 = sess.run(tf1.trainable_variables())
        assert not bias0.any()
        for _ in range(3):
            sess.run(train)
        kernel3, bias3 = sess.run(tf1.trainable_variables())
        want = sess.run(outputs)
    result = rnn_result(snippet)
    layer = eval(kc.source(result.ctor), {"tf": tf})
    layer.build(XR.shape)
    k, r, keras_bias = layer.get_weights()
    np.testing.assert_array_equal(keras_bias, _lstm([kernel0, bias0], 4, 1.0)[2])  # the initial biases agree
    layer.set_weights([*_lstm([kernel0, bias0], 4, 0.0)[:2], keras_bias])
    opt = tf.keras.optimizers.SGD(0.5)
    for _ in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(layer(XR)[0] - target))
        opt.apply_gradients(zip(tape.gradient(loss, layer.trainable_weights), layer.trainable_weights))
    np.testing.assert_allclose(layer(XR)[0].numpy(), want, rtol=1e-4, atol=1e-5)
    for a, b in zip(layer.get_weights(), _lstm([kernel3, bias3], 4, 1.0)):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


LATEST = os.path.join(os.path.dirname(__file__), "..", "..", ".venv-latest", "bin", "python")


def test_dropout_wrapper_masks_change_per_step_unlike_keras_cell_dropout():
    """Why DropoutWrapper is refused: TF1 draws a new input mask at each step, a Keras cell one per sequence."""
    x = np.ones((1, 6, 8), np.float32)
    with tf.Graph().as_default(), tf1.Session() as sess:
        cell = tf1.nn.rnn_cell.BasicRNNCell(8, activation=tf.identity)
        wrapped = tf1.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=0.5, seed=1)
        outputs, _ = tf1.nn.dynamic_rnn(wrapped, tf1.constant(x), dtype=tf.float32)
        sess.run(tf1.global_variables_initializer())
        cell.weights[0].load(np.concatenate([np.eye(8), np.zeros((8, 8))]).astype(np.float32), sess)
        tf1_masks = sess.run(outputs)[0] != 0
    keras_cell = tf.keras.layers.SimpleRNNCell(8, dropout=0.5, activation=None, use_bias=False)
    layer = tf.keras.layers.RNN(keras_cell, return_sequences=True)
    layer.build(x.shape)
    layer.set_weights([np.eye(8), np.zeros((8, 8))])
    keras_masks = layer(x, training=True).numpy()[0] != 0
    assert (keras_masks == keras_masks[0]).all()  # one mask for the whole sequence
    assert not (tf1_masks == tf1_masks[0]).all()  # a new mask every step
    _, result = one("import tensorflow as tf\nc = tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=0.5)\n")
    assert isinstance(result, str) and "new mask at every time step" in result


def test_dropout_wrapper_as_sequence_dropout_around_the_layer():
    """What the graph pass writes for DropoutWrapper in an RNN driver: tf.nn.dropout of the output sequence after a
    Keras RNN layer (of the input sequence before it). Like TF1: a new mask at every step, kept values scaled by
    1/keep, and the state carried to the next step is the undropped one (an accumulating cell shows it)."""
    x = np.ones((64, 6, 8), np.float32)
    eye = np.eye(8, dtype=np.float32)
    with tf.Graph().as_default(), tf1.Session() as sess:
        cell = tf1.nn.rnn_cell.BasicRNNCell(8, activation=tf.identity)
        wrapped = tf1.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=0.5, seed=1)
        outputs, _ = tf1.nn.dynamic_rnn(wrapped, tf1.constant(x), dtype=tf.float32)
        sess.run(tf1.global_variables_initializer())
        cell.weights[0].load(np.concatenate([eye, eye]), sess)  # h_t = x_t + h_{t-1}: the running sum
        cell.weights[1].load(np.zeros(8, np.float32), sess)
        want = sess.run(outputs)
    layer = tf.keras.layers.RNN(tf.keras.layers.SimpleRNNCell(8, activation=None), return_sequences=True)
    layer.build(x.shape)
    layer.set_weights([eye, eye, np.zeros(8, np.float32)])
    got = tf.nn.dropout(layer(x), rate=1 - 0.5).numpy()
    steps = np.arange(1, 7, dtype=np.float32)[None, :, None] * np.ones_like(x)
    for out in (want, got):
        kept = out != 0
        np.testing.assert_allclose(out[kept], 2 * steps[kept])  # undropped running state, scaled by 1/keep
        assert 0.45 < kept.mean() < 0.55
        assert not (kept == kept[:, :1]).all()  # a new mask at every step
    # the converter writes that form
    src = ("import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 6, 8])\n"
           "cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(8), output_keep_prob=0.5)\n"
           "outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)\n"
           "with tf.Session() as sess:\n    sess.run(tf.global_variables_initializer())\n"
           "    print(sess.run(outputs, feed_dict={x: data}))\n")
    from migrate.engine.context import Options
    from migrate.engine.source import migrate_python

    out, _ = migrate_python(src.encode(), "example.py", options=Options())
    assert b"tf.keras.layers.RNN(tf.keras.layers.SimpleRNNCell(8), return_sequences=True)" in out
    assert b"tf.nn.dropout(rnn(x), rate=0.5)" in out


_KERAS3_PROGRAM = """
import json, math, sys
import numpy as np
import tensorflow as tf
data = json.load(sys.stdin)
X, Y = np.array(data["X"], np.float32), np.array(data["Y"], np.float32)
out = {"keras": tf.keras.__version__ if hasattr(tf.keras, "__version__") else "", "optimizers": [], "schedules": []}
for ctor in data["optimizers"]:
    opt = eval(ctor, {"tf": tf, "math": math})
    w, b = tf.Variable(np.array(data["W0"], np.float32)), tf.Variable(np.array(data["B0"], np.float32))
    for _ in range(data["steps"]):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=tf.matmul(X, w) + b))
        opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
    out["optimizers"].append([w.numpy().tolist(), b.numpy().tolist()])
for ctor in data["schedules"]:
    schedule = eval(ctor, {"tf": tf, "math": math})
    out["schedules"].append([float(schedule(s)) for s in range(30)])
x = np.random.default_rng(0).normal(size=(2, 8, 8, 3)).astype(np.float32)
bn = tf.keras.layers.BatchNormalization(momentum=0.5)
bn(x, training=True)
out["batch_norm"] = [bn.moving_variance.numpy().tolist(), x.reshape(-1, 3).var(0).tolist()]
print(json.dumps(out))
"""


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists(LATEST), reason=".venv-latest is not installed")
def test_optimizers_and_schedules_match_tf1_on_keras3():
    """The --target latest constructors, run on TF 2.21 / Keras 3, against the same TF1 numbers.

    Also the documented latest-only difference: Keras 3 moves a 4-D batch norm's
    variance towards the *biased* batch variance (TF1's fused kernel: unbiased).
    """
    import json
    import subprocess

    def ctor(snippet):
        _, result = one(f"import tensorflow as tf\nvalue = {snippet}\n", "latest")
        return kc.source(result.ctor)

    data = {"X": X.tolist(), "Y": Y.tolist(), "W0": W0.tolist(), "B0": B0.tolist(), "steps": STEPS,
            "optimizers": [ctor(s) for s in EXACT_OPTIMIZERS], "schedules": [ctor(s) for s in SCHEDULES]}
    done = subprocess.run([LATEST, "-c", _KERAS3_PROGRAM], input=json.dumps(data), capture_output=True, text=True,
                          timeout=300, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["keras"].startswith("3."), got["keras"]
    for snippet, (w, b) in zip(EXACT_OPTIMIZERS, got["optimizers"]):
        want = tf1_train(snippet)
        np.testing.assert_allclose(w, want[0], rtol=RTOL, atol=ATOL, err_msg=snippet)
        np.testing.assert_allclose(b, want[1], rtol=RTOL, atol=ATOL, err_msg=snippet)
    for snippet, values in zip(SCHEDULES, got["schedules"]):
        with tf.Graph().as_default(), tf1.Session() as sess:
            step = tf1.placeholder(tf.int64, [])
            rate = tf1_eval(snippet, global_step=step)
            want = [sess.run(rate, {step: s}) for s in range(30)]
        np.testing.assert_allclose(values, want, rtol=RTOL, atol=1e-8, err_msg=snippet)
    moving, biased = map(np.array, got["batch_norm"])
    np.testing.assert_allclose(moving, 0.5 + 0.5 * biased, rtol=1e-5)
    assert any("biased" in n for n in keras_result("tf.layers.batch_normalization(x)")[0].notes)
