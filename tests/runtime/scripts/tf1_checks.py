"""TF1-style checks run under the tf-migrate runtime; prints `PASS name` or `FAIL name: why` per check.

tests/runtime/test_runtime_scripts.py runs this once in a subprocess and turns
every line into a test.
"""
import sys
import traceback

import numpy as np
import tensorflow as tf
import tensorflow
from tensorflow import placeholder
import tensorflow.contrib.slim as slim
from tensorflow.contrib import rnn
from tensorflow.contrib.layers import fully_connected
from tensorflow.python.framework import ops

import tf1_helper_module

CHECKS = []
# Every check starts from these seeds (main() sets them on each fresh default graph; an Estimator builds its own graph
# and takes its seed from RunConfig): a check that trains must not pass or fail on the draw.
SEED = 0


class Skip(Exception):
    """Raised by a check that cannot apply to this TensorFlow."""


def check(fn):
    CHECKS.append(fn)
    return fn


def run_graph(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


@check
def import_forms_give_the_v1_api():
    assert tensorflow is tf
    assert placeholder is tf.compat.v1.placeholder
    assert not tf.executing_eagerly()
    assert hasattr(tf, "Session") and hasattr(tf, "get_variable") and hasattr(tf.train, "AdamOptimizer")
    assert slim.fully_connected is fully_connected is tf.contrib.layers.fully_connected
    assert rnn.BasicLSTMCell is tf.nn.rnn_cell.BasicLSTMCell
    assert "placeholder" in dir(tf) and "contrib" in dir(tf)
    try:
        tf.no_such_symbol
    except AttributeError as e:
        assert "tf.no_such_symbol is not available under the tf-migrate runtime" in str(e), e
    else:
        raise AssertionError("unknown tf.* names must raise AttributeError")
    import tensorflow.compat.v1 as tf1
    assert tf1.placeholder is tf.placeholder
    from tensorflow.contrib import slim as slim_again
    assert slim_again is slim
    from tensorflow.contrib import learn  # the text-CNN tutorial form
    rows = np.array(list(learn.preprocessing.VocabularyProcessor(3).fit_transform(["a b", "b c d"])))
    assert rows.tolist() == [[1, 2, 0], [2, 3, 4]]
    from tensorflow.contrib.training import HParams
    assert HParams(learning_rate=0.1).parse("learning_rate=0.5").learning_rate == 0.5
    import tensorflow.examples.tutorials.mnist.input_data as input_data_module
    assert callable(input_data_module.read_data_sets)


@check
def star_import_of_a_contrib_module():
    namespace = {}
    exec("from tensorflow.contrib.rnn import *", namespace)
    assert namespace["BasicLSTMCell"] is tf.nn.rnn_cell.BasicLSTMCell and "static_rnn" in namespace
    exec("from tensorflow.contrib.slim import *", namespace)
    assert namespace["conv2d"] is tf.contrib.layers.conv2d and namespace["arg_scope"] is tf.contrib.framework.arg_scope


@check
def user_modules_next_to_the_script_see_v1_too():
    p = tf1_helper_module.make_placeholder()
    assert p.op.type == "Placeholder" and p.shape.as_list() == [None, 3]


@check
def private_tensorflow_python_imports_work():
    tf.constant(1.0)
    ops.reset_default_graph()
    assert tf.get_default_graph().get_operations() == []
    assert tf.__version__.startswith("2.")


@check
def keras_and_addons_still_run_in_graph_mode():
    import importlib.util

    x = tf.placeholder(tf.float32, [None, 2])
    dense = tf.keras.layers.Dense(3, kernel_initializer="ones")
    y = dense(x)
    out = run_graph(y, {x: [[1.0, -1.0]]})
    assert out.shape == (1, 3) and np.allclose(out, 0.0), out
    if importlib.util.find_spec("tensorflow_addons") is None:
        raise Skip("keras part passed; tensorflow-addons is not installed (it supports TF 2.13-2.15 only)")
    import tensorflow_addons as tfa  # its own `import tensorflow as tf` must get TF2

    out = run_graph(tfa.activations.mish(y + 1.0), {x: [[1.0, -1.0]]})
    np.testing.assert_allclose(out, np.tanh(np.log1p(np.e)), rtol=1e-5)


@check
def common_tf1_idioms_run():
    import os
    import tempfile

    tmp = tempfile.mkdtemp()
    tf.logging.set_verbosity(tf.logging.ERROR)
    tf.set_random_seed(1)
    dataset = tf.data.Dataset.from_tensor_slices(np.arange(6, dtype=np.float32)).batch(4)
    batch = dataset.make_one_shot_iterator().get_next()
    w = tf.get_variable("w", [], initializer=tf.zeros_initializer())
    global_step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.1, global_step, 10, 0.5)
    loss = tf.reduce_mean(tf.square(w - batch))
    train = tf.train.MomentumOptimizer(lr, 0.9).minimize(loss, global_step=global_step)
    tf.summary.scalar("loss", loss)
    merged = tf.summary.merge_all()
    saver = tf.train.Saver()
    seen = 0
    with tf.Session() as sess:
        writer = tf.summary.FileWriter(tmp, sess.graph)
        sess.run(tf.global_variables_initializer())
        while True:
            try:
                summary, _ = sess.run([merged, train])
            except tf.errors.OutOfRangeError:
                break
            writer.add_summary(summary, seen)
            seen += 1
        writer.close()
        path = saver.save(sess, os.path.join(tmp, "model.ckpt"), global_step=global_step)
        trained = sess.run(w)
    from tensorflow.contrib.tensorboard.plugins import projector

    config = projector.ProjectorConfig()
    config.embeddings.add().tensor_name = w.name
    projector.visualize_embeddings(tf.summary.FileWriter(tmp), config)
    assert "tensor_name" in open(os.path.join(tmp, "projector_config.pbtxt")).read()
    assert seen == 2 and trained != 0.0
    assert tf.gfile.Exists(path + ".index") and tf.gfile.Glob(os.path.join(tmp, "events.out.tfevents.*"))
    with tf.Session() as sess:
        saver.restore(sess, path)
        assert sess.run(w) == trained and sess.run(global_step) == 2


@check
def estimator_model_fn_and_keras_fit_work():
    import tempfile

    if "estimator" not in dir(tf.compat.v1):
        raise Skip("tf.estimator was removed in TensorFlow 2.16")

    def model_fn(features, labels, mode):
        logits = tf.layers.dense(features["x"], 2)
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=tf.train.get_global_step())
        metrics = {"acc": tf.metrics.accuracy(labels, tf.argmax(logits, 1))}
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op, eval_metric_ops=metrics)

    x = np.random.RandomState(0).randn(40, 4).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int32)
    # The weights are seeded; the shuffled feed is not seedable (numpy_input_fn's feeder calls random.seed(None) and
    # its queue thread's timing orders the batches): 20 runs (seeds 0-9, twice) gave 0.95-1.0, the Keras fit 1.0.
    estimator = tf.estimator.Estimator(model_fn, model_dir=tempfile.mkdtemp(),
                                       config=tf.estimator.RunConfig(tf_random_seed=SEED))
    estimator.train(tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=10, num_epochs=None, shuffle=True), steps=20)
    result = estimator.evaluate(tf.estimator.inputs.numpy_input_fn({"x": x}, y, shuffle=False))
    assert result["global_step"] == 20 and result["acc"] > 0.8, result

    model = tf.keras.Sequential([tf.keras.layers.Dense(2, activation="softmax", input_shape=(4,))])
    model.compile(tf.train.GradientDescentOptimizer(0.5), "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=15, batch_size=10, verbose=0)
    assert history.history["acc"][-1] > 0.8, history.history  # v1 Keras names it "acc"


@check
def slim_checkpoint_helpers_restore_what_is_there():
    import os
    import tempfile

    path = os.path.join(tempfile.mkdtemp(), "model.ckpt")
    with tf.variable_scope("net"):
        slim.fully_connected(tf.zeros([1, 2]), 2, scope="fc")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saved = sess.run(slim.get_variables("net/fc", suffix="weights"))[0]
        tf.train.Saver().save(sess, path)
    tf.reset_default_graph()
    with tf.variable_scope("net"):
        slim.fully_connected(tf.zeros([1, 2]), 2, scope="fc")
        slim.fully_connected(tf.zeros([1, 2]), 2, scope="new_head")
    to_restore = slim.get_variables_to_restore(exclude=["net/new_head"])
    assert sorted(v.op.name for v in to_restore) == ["net/fc/biases", "net/fc/weights"]
    assert len(slim.get_model_variables("net")) == 4
    init_fn = slim.assign_from_checkpoint_fn(path, slim.get_variables_to_restore(), ignore_missing_vars=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        init_fn(sess)
        np.testing.assert_array_equal(sess.run(slim.get_variables("net/fc", suffix="weights"))[0], saved)


@check
def fully_connected_defaults_to_relu_with_contrib_variable_names():
    x = tf.placeholder(tf.float32, [None, 4])
    h = fully_connected(x, 3)
    names = sorted(v.op.name for v in tf.global_variables())
    assert names == ["fully_connected/biases", "fully_connected/weights"], names
    assert len(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)) == 2
    data = np.random.RandomState(0).randn(5, 4).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w, b, out = sess.run([tf.global_variables()[0], tf.global_variables()[1], h], {x: data})
    weights, biases = (w, b) if w.shape == (4, 3) else (b, w)
    expected = np.maximum(data @ weights + biases, 0.0)
    assert (out == 0).any() and (out > 0).any()  # the relu really clipped something
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    lin = tf.contrib.layers.linear(x, 3)
    assert lin.op.type == "BiasAdd"


@check
def l2_regularizer_is_half_the_squared_norm_times_scale():
    w = tf.constant([[1.0, 2.0], [3.0, -4.0]])
    l2 = tf.contrib.layers.l2_regularizer(0.1)(w)
    l1 = tf.contrib.layers.l1_regularizer(0.1)(w)
    out_l2, out_l1 = run_graph([l2, l1])
    np.testing.assert_allclose(out_l2, 0.1 * 30.0 / 2)
    np.testing.assert_allclose(out_l1, 0.1 * 10.0)
    x = tf.placeholder(tf.float32, [None, 2])
    fully_connected(x, 2, weights_regularizer=tf.contrib.layers.l2_regularizer(0.5))
    assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 1
    try:
        tf.contrib.layers.l2_regularizer(1)
    except ValueError as e:
        assert "integer" in str(e)
    else:
        raise AssertionError("an integer scale must be rejected, as in contrib")


@check
def conv_pool_flatten_match_core_ops():
    x = tf.placeholder(tf.float32, [None, 6, 6, 2])
    net = slim.conv2d(x, 4, [3, 3], scope="conv1")
    pooled = slim.max_pool2d(net, [2, 2])
    avg = slim.avg_pool2d(net, 2)
    flat = slim.flatten(pooled)
    assert net.shape.as_list() == [None, 6, 6, 4]
    assert pooled.shape.as_list() == [None, 3, 3, 4] and flat.shape.as_list() == [None, 36]
    weights = [v for v in tf.global_variables() if v.op.name == "conv1/weights"][0]
    ref = tf.nn.relu(tf.nn.conv2d(x, weights, [1, 1, 1, 1], "SAME"))  # biases start at zero
    ref_pool = tf.nn.max_pool(ref, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    ref_avg = tf.nn.avg_pool(ref, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    data = np.random.RandomState(1).rand(2, 6, 6, 2).astype(np.float32)
    out, r, f, p, a, ra = run_graph([net, ref, flat, ref_pool, avg, ref_avg], {x: data})
    np.testing.assert_allclose(out, r, rtol=1e-5)
    np.testing.assert_allclose(f, p.reshape(2, -1), rtol=1e-5)
    np.testing.assert_allclose(a, ra, rtol=1e-5)


@check
def dropout_takes_keep_prob_and_is_identity_when_not_training():
    x = tf.ones([1000])
    kept = tf.contrib.layers.dropout(x, keep_prob=0.25)
    off = tf.contrib.layers.dropout(x, keep_prob=0.25, is_training=False)
    flag = tf.placeholder(tf.bool, [])
    switched = tf.contrib.layers.dropout(x, keep_prob=0.25, is_training=flag)
    k, o, s_off = run_graph([kept, off, switched], {flag: False})
    assert 0.15 < (k > 0).mean() < 0.35, (k > 0).mean()
    np.testing.assert_allclose(k[k > 0], 4.0)
    np.testing.assert_array_equal(o, 1.0)
    np.testing.assert_array_equal(s_off, 1.0)


@check
def batch_norm_has_contrib_defaults_names_and_update_ops():
    x = tf.placeholder(tf.float32, [None, 3])
    y = slim.batch_norm(x, is_training=True)
    names = sorted(v.op.name for v in tf.global_variables())
    assert names == ["BatchNorm/beta", "BatchNorm/moving_mean", "BatchNorm/moving_variance"], names  # no gamma
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert len(updates) == 2, updates
    data = np.array([[1.0, 2.0, 3.0], [3.0, 6.0, 9.0]], np.float32)
    with tf.control_dependencies(updates):
        y = tf.identity(y)
    moving_mean = [v for v in tf.global_variables() if v.op.name == "BatchNorm/moving_mean"][0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y, {x: data})
        mm = sess.run(moving_mean)
    expected = (data - data.mean(0)) / np.sqrt(data.var(0) + 0.001)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(mm, 0.001 * data.mean(0), rtol=1e-4)  # decay=0.999

    inline = slim.batch_norm(x, decay=0.5, updates_collections=None, scope="inline")
    assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 2  # nothing new registered
    inline_mean = [v for v in tf.global_variables() if v.op.name == "inline/moving_mean"][0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(inline, {x: data})
        np.testing.assert_allclose(sess.run(inline_mean), 0.5 * data.mean(0), rtol=1e-4)


@check
def layer_norm_matches_numpy_with_tiny_epsilon():
    data = np.random.RandomState(2).randn(3, 5).astype(np.float32)
    y = tf.contrib.layers.layer_norm(tf.constant(data))
    out = run_graph(y)
    expected = (data - data.mean(1, keepdims=True)) / np.sqrt(data.var(1, keepdims=True) + 1e-12)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    assert sorted(v.op.name for v in tf.global_variables()) == ["LayerNorm/beta", "LayerNorm/gamma"]


@check
def arg_scope_and_repeat_follow_slim():
    x = tf.placeholder(tf.float32, [None, 8, 8, 1])
    with slim.arg_scope([slim.conv2d], padding="VALID", activation_fn=None) as sc:
        a = slim.conv2d(x, 2, [3, 3], scope="a")
        b = slim.conv2d(x, 2, [3, 3], padding="SAME", scope="b")
    with slim.arg_scope(sc):
        c = slim.conv2d(x, 2, [3, 3], scope="c")
    d = slim.conv2d(x, 2, [3, 3], scope="d")
    assert a.shape.as_list() == [None, 6, 6, 2] and a.op.type == "BiasAdd"
    assert b.shape.as_list() == [None, 8, 8, 2]
    assert c.shape.as_list() == [None, 6, 6, 2]
    assert d.shape.as_list() == [None, 8, 8, 2] and d.op.type == "Relu"
    slim.repeat(x, 2, slim.conv2d, 2, [3, 3], scope="conv1")
    names = {v.op.name for v in tf.global_variables()}
    assert {"conv1/conv1_1/weights", "conv1/conv1_2/biases"} <= names, names
    try:
        with slim.arg_scope([tf.layers.dense], units=3):
            pass
    except ValueError as e:
        assert "not decorated with @add_arg_scope" in str(e)
    else:
        raise AssertionError("undecorated ops must be refused")


@check
def initializers_keep_contrib_statistics():
    w = tf.get_variable("w", [400, 300], initializer=tf.contrib.layers.xavier_initializer(seed=1))
    h = tf.get_variable("h", [400, 300], initializer=tf.contrib.layers.variance_scaling_initializer(seed=1))
    wv, hv = run_graph([w, h])
    limit = np.sqrt(6.0 / 700)
    assert np.abs(wv).max() <= limit and np.abs(wv).max() > 0.95 * limit
    # contrib truncates at 2 stddev of sqrt(1.3 * 2 / fan_in)
    assert np.abs(hv).max() <= 2 * np.sqrt(2.6 / 400) + 1e-6
    assert abs(hv.std() - np.sqrt(2.0 / 400)) < 0.003, hv.std()


@check
def rnn_cells_and_static_rnn_build_and_run():
    inputs = tf.placeholder(tf.float32, [None, 4, 3])
    steps = tf.unstack(inputs, 4, 1)
    cell = rnn.MultiRNNCell([rnn.BasicLSTMCell(5), rnn.DropoutWrapper(rnn.GRUCell(5), output_keep_prob=1.0)])
    outputs, _ = rnn.static_rnn(cell, steps, dtype=tf.float32)
    fw, bw = rnn.BasicRNNCell(2), rnn.LSTMCell(2)
    bi_outputs, _, _ = rnn.static_bidirectional_rnn(fw, bw, steps, dtype=tf.float32, scope="bi")
    out, bi = run_graph([outputs[-1], bi_outputs[-1]], {inputs: np.ones((2, 4, 3), np.float32)})
    assert out.shape == (2, 5) and bi.shape == (2, 4)
    assert any(v.op.name.endswith("basic_lstm_cell/kernel") for v in tf.global_variables())


@check
def adamw_decays_weights_before_the_adam_step():
    for use_resource in (False, True):
        tf.reset_default_graph()
        var = tf.get_variable("w", initializer=np.array([1.0, -2.0], np.float32), use_resource=use_resource)
        step = tf.contrib.opt.AdamWOptimizer(weight_decay=0.1, learning_rate=0.01).minimize(tf.reduce_sum(var))
        plain_var = tf.Variable([1.0, -2.0])
        plain_step = tf.train.AdamOptimizer(0.01).minimize(tf.reduce_sum(plain_var))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run([step, plain_step])
            v, p = sess.run([var, plain_var])
        # Adam's first step moves each weight by lr * sign(grad); the decay removes 10% first.
        np.testing.assert_allclose(p, [1.0 - 0.01, -2.0 - 0.01], rtol=1e-5)
        np.testing.assert_allclose(v, [0.9 - 0.01, -1.8 - 0.01], rtol=1e-5, err_msg=f"use_resource={use_resource}")


@check
def lazy_adam_leaves_rows_without_gradient_alone():
    def train(optimizer, use_resource=False):
        tf.reset_default_graph()
        table = tf.get_variable("table", initializer=np.ones((3, 2), np.float32), use_resource=use_resource)
        ids = tf.placeholder(tf.int32, [None])
        loss = tf.reduce_sum(tf.nn.embedding_lookup(table, ids))
        step = optimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(step, {ids: [0, 1]})
            after_first = sess.run(table)
            sess.run(step, {ids: [0]})
            return after_first, sess.run(table)

    lazy_first, lazy_second = train(tf.contrib.opt.LazyAdamOptimizer)
    adam_first, adam_second = train(tf.train.AdamOptimizer)
    np.testing.assert_allclose(lazy_first, adam_first, rtol=1e-6)  # same when every row has a gradient
    np.testing.assert_allclose(lazy_second[1], lazy_first[1])  # row 1 had no gradient: untouched
    assert not np.allclose(adam_second[1], adam_first[1])  # Adam's momentum keeps moving it
    np.testing.assert_allclose(lazy_second[2], 1.0)
    np.testing.assert_allclose(lazy_second[0], adam_second[0], rtol=1e-5)
    resource_first, resource_second = train(tf.contrib.opt.LazyAdamOptimizer, use_resource=True)
    np.testing.assert_allclose(resource_second, lazy_second, rtol=1e-6)


@check
def contrib_losses_take_logits_first():
    logits = tf.constant([[2.0, 0.0], [0.0, 1.0]])
    onehot = tf.constant([[1.0, 0.0], [0.0, 1.0]])
    contrib_loss = slim.losses.softmax_cross_entropy(logits, onehot)  # contrib order: logits, labels
    core_loss = tf.losses.softmax_cross_entropy(onehot_labels=onehot, logits=logits)
    sparse = tf.contrib.losses.sparse_softmax_cross_entropy(logits, tf.constant([0, 1]))
    mse = tf.contrib.losses.mean_squared_error(tf.constant([1.0, 3.0]), tf.constant([1.0, 1.0]))
    a, b, c, m = run_graph([contrib_loss, core_loss, sparse, mse])
    np.testing.assert_allclose([a, c], [b, b], rtol=1e-6)
    np.testing.assert_allclose(m, 2.0)
    assert len(tf.get_collection(tf.GraphKeys.LOSSES)) == 4
    total = run_graph(slim.losses.get_total_loss())
    np.testing.assert_allclose(total, a + b + c + m, rtol=1e-6)


@check
def sequence_loss_is_weighted_mean_cross_entropy():
    logits = np.random.RandomState(3).randn(2, 3, 4).astype(np.float32)
    targets = np.array([[0, 1, 2], [3, 2, 1]], np.int32)
    weights = np.array([[1, 1, 0], [1, 0, 0]], np.float32)
    loss = tf.contrib.seq2seq.sequence_loss(tf.constant(logits), tf.constant(targets), tf.constant(weights))
    out = run_graph(loss)
    logp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    ce = -np.take_along_axis(logp, targets[..., None], -1)[..., 0]
    np.testing.assert_allclose(out, (ce * weights).sum() / weights.sum(), rtol=1e-5)

    # legacy_seq2seq works on per-timestep lists; with unit weights both losses are the mean.
    from tensorflow.contrib import legacy_seq2seq

    steps = [tf.constant(logits[:, t]) for t in range(3)]
    step_targets = [tf.constant(targets[:, t]) for t in range(3)]
    ones = [tf.ones([2]) for _ in range(3)]
    legacy = legacy_seq2seq.sequence_loss(steps, step_targets, ones)
    np.testing.assert_allclose(run_graph(legacy), ce.mean(), rtol=1e-5)
    cell = tf.nn.rnn_cell.BasicRNNCell(4)
    outputs, _ = legacy_seq2seq.rnn_decoder(steps, cell.zero_state(2, tf.float32), cell)
    assert len(outputs) == 3 and len(tf.trainable_variables()) == 2  # one kernel + bias shared by all steps


@check
def unsupported_contrib_symbols_say_what_and_why():
    try:
        tf.contrib.factorization.KMeans
    except AttributeError as e:
        assert "tf.contrib.factorization is not provided by the tf-migrate runtime" in str(e), e
        assert "sklearn" in str(e)
    else:
        raise AssertionError("tf.contrib.factorization must not resolve")
    try:
        import tensorflow.contrib.tensor_forest  # noqa: F401
    except ImportError as e:
        assert "tf.contrib.tensor_forest is not provided" in str(e), e
    else:
        raise AssertionError("tensor_forest must not import")
    try:
        from tensorflow.contrib.learn import RunConfig  # noqa: F401
    except ImportError as e:
        assert "tf.contrib.learn.RunConfig is not provided" in str(e), e
    else:
        raise AssertionError("contrib.learn.RunConfig must not import")
    from tensorflow.contrib.learn.python.learn.datasets import mnist  # the old tutorial path still works

    assert mnist.read_data_sets is tf.contrib.learn.datasets.mnist.read_data_sets
    try:
        tf.contrib.layers.no_such_layer
    except AttributeError as e:
        assert "tf.contrib.layers.no_such_layer is not provided" in str(e), e
    else:
        raise AssertionError("unknown contrib symbols must not resolve")


def main():
    failed = 0
    only = set(sys.argv[1:])
    for fn in CHECKS:
        if only and fn.__name__ not in only:
            continue
        tf.reset_default_graph()
        tf.set_random_seed(SEED)
        np.random.seed(SEED)
        try:
            fn()
        except Skip as e:
            print("SKIP %s: %s" % (fn.__name__, e))
        except Exception as e:  # report and keep going: each line becomes one test
            failed += 1
            detail = traceback.format_exc().strip().splitlines()
            print("FAIL %s: %s | %s" % (fn.__name__, e.__class__.__name__, " / ".join(detail[-4:])))
        else:
            print("PASS %s" % fn.__name__)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
