"""Numerics of the contrib pieces added for the contrib corpus: embed_sequence, optimize_loss,
create_train_op (contrib.training and slim.learning), contrib.metrics, contrib.data.

Each test builds a small v1 graph in-process (no runtime activation needed) and
checks the TF 1.15 contrib behaviour from its documented formula.
"""

import re

import numpy as np
import pytest
import tensorflow.compat.v1 as tf1

from migrate.runtime import contrib
from migrate.runtime.contrib_data import batch_and_drop_remainder
from migrate.runtime.contrib_layers import embed_sequence
from migrate.runtime.contrib_metrics import accuracy, aggregate_metric_map, streaming_accuracy, streaming_mean
from migrate.runtime.contrib_optimizers import create_train_op, optimize_loss, slim_create_train_op


@pytest.fixture
def graph():
    with tf1.Graph().as_default() as g:
        tf1.set_random_seed(0)
        yield g


def _run(fetches, init_local=False, feed=None):
    with tf1.Session() as sess:
        sess.run(tf1.global_variables_initializer())
        if init_local:
            sess.run(tf1.local_variables_initializer())
        return sess.run(fetches, feed)


def test_embed_sequence_is_a_lookup_in_a_model_variable(graph):
    ids = tf1.constant([[1, 2, 1], [0, 3, 3]])
    out = embed_sequence(ids, vocab_size=4, embed_dim=5)
    again = embed_sequence(ids, vocab_size=4, embed_dim=5, unique=True, scope="EmbedSequence", reuse=True)
    (table,) = tf1.get_collection(tf1.GraphKeys.MODEL_VARIABLES)
    assert table.op.name == "EmbedSequence/embeddings" and table.shape.as_list() == [4, 5]
    assert out.shape.as_list() == [2, 3, 5] and again.shape.as_list() == [2, 3, 5]
    table_v, out_v, again_v = _run([table, out, again])
    np.testing.assert_allclose(out_v, table_v[[[1, 2, 1], [0, 3, 3]]])
    np.testing.assert_allclose(again_v, out_v)


def test_embed_sequence_needs_sizes_unless_reusing(graph):
    with pytest.raises(ValueError, match="Must specify vocab size and embedding dimension"):
        embed_sequence(tf1.constant([[0]]), vocab_size=3)


def test_optimize_loss_sgd_step_returns_loss_and_counts_steps(graph):
    w = tf1.get_variable("w", initializer=tf1.constant([1.0, -2.0]))
    loss = tf1.reduce_sum(tf1.square(w - 3.0))
    step = tf1.train.get_or_create_global_step()
    train = optimize_loss(loss, step, learning_rate=0.1, optimizer="SGD")
    lr_var = [v for v in tf1.global_variables() if v.op.name == "OptimizeLoss/learning_rate"]
    assert lr_var and lr_var[0] not in tf1.trainable_variables()
    summaries = {re.sub(r"_1$", "", s.op.name) for s in tf1.get_collection(tf1.GraphKeys.SUMMARIES)}  # _1: the lr variable took the name
    assert summaries == {"OptimizeLoss/loss", "OptimizeLoss/learning_rate", "OptimizeLoss/global_norm/gradient_norm"}
    with tf1.Session() as sess:
        sess.run(tf1.global_variables_initializer())
        loss_before = sess.run(train)  # the loss tensor, computed before the update
        w_after, step_after = sess.run([w, step])
    assert loss_before == pytest.approx(4.0 + 25.0)
    np.testing.assert_allclose(w_after, [1.0, -2.0] - 0.1 * 2 * (np.array([1.0, -2.0]) - 3.0), rtol=1e-6)
    assert step_after == 1


def test_optimize_loss_clips_by_global_norm_and_runs_update_ops(graph):
    w = tf1.get_variable("w", initializer=tf1.constant([0.0, 0.0]))
    counter = tf1.get_variable("counter", initializer=0.0, trainable=False)
    tf1.add_to_collection(tf1.GraphKeys.UPDATE_OPS, counter.assign_add(1.0))
    loss = tf1.reduce_sum(w * tf1.constant([30.0, 40.0]))  # gradient norm 50
    train = optimize_loss(loss, tf1.train.get_or_create_global_step(), 1.0, tf1.train.GradientDescentOptimizer, clip_gradients=5.0)
    with tf1.Session() as sess:
        sess.run(tf1.global_variables_initializer())
        sess.run(train)
        w_after, count = sess.run([w, counter])
    np.testing.assert_allclose(w_after, [-3.0, -4.0], rtol=1e-6)  # gradient rescaled to norm 5
    assert count == 1.0


def test_optimize_loss_rejects_unknown_optimizer_name(graph):
    w = tf1.get_variable("w", initializer=1.0)
    with pytest.raises(ValueError, match="Optimizer name should be one of"):
        optimize_loss(w * w, tf1.train.get_or_create_global_step(), 0.1, "Adadelta")


def test_slim_create_train_op_clips_each_gradient_by_its_own_norm(graph):
    a = tf1.get_variable("a", initializer=tf1.constant([0.0, 0.0]))
    b = tf1.get_variable("b", initializer=tf1.constant([0.0]))
    loss = tf1.reduce_sum(a * tf1.constant([3.0, 4.0])) + tf1.reduce_sum(b * tf1.constant([0.5]))
    train = slim_create_train_op(loss, tf1.train.GradientDescentOptimizer(1.0), clip_gradient_norm=1.0)
    assert train in tf1.get_collection(tf1.GraphKeys.TRAIN_OP)
    with tf1.Session() as sess:
        sess.run(tf1.global_variables_initializer())
        assert sess.run(train) == pytest.approx(0.0)
        a_v, b_v, step = sess.run([a, b, tf1.train.get_global_step()])
    np.testing.assert_allclose(a_v, [-0.6, -0.8], rtol=1e-6)  # norm 5 -> 1
    np.testing.assert_allclose(b_v, [-0.5], rtol=1e-6)  # norm 0.5 stays (global-norm clipping would scale it too)
    assert step == 1


def test_create_train_op_checks_numerics(graph):
    w = tf1.get_variable("w", initializer=1.0)
    train = create_train_op(tf1.log(w - 1.0), tf1.train.GradientDescentOptimizer(0.1))
    with tf1.Session() as sess:
        sess.run(tf1.global_variables_initializer())
        with pytest.raises(tf1.errors.InvalidArgumentError, match="LossTensor is inf or nan"):
            sess.run(train)


def test_streaming_accuracy_takes_predictions_first(graph):
    predictions = tf1.constant([1, 0, 1, 1])
    labels = tf1.constant([1, 1, 1, 0])
    weights = tf1.constant([1.0, 0.0, 1.0, 2.0])
    value, update = streaming_accuracy(predictions, labels, weights)
    mean_value, mean_update = streaming_mean(tf1.constant([1.0, 3.0]))
    values, updates = aggregate_metric_map({"acc": (value, update), "mean": (mean_value, mean_update)})
    plain = accuracy(predictions, labels)
    with tf1.Session() as sess:
        sess.run(tf1.local_variables_initializer())
        sess.run(list(updates.values()))
        result = sess.run(values)
        assert result["acc"] == pytest.approx(2.0 / 4.0)  # weighted: (1 + 1 + 0) / (1 + 1 + 2)
        assert result["mean"] == pytest.approx(2.0)
        assert sess.run(plain) == pytest.approx(0.5)


def test_contrib_accuracy_rejects_mixed_dtypes(graph):
    with pytest.raises(ValueError, match="should match"):
        accuracy(tf1.constant([1, 0]), tf1.constant([1.0, 0.0]))


def test_batch_and_drop_remainder(graph):
    dataset = tf1.data.Dataset.range(10).apply(batch_and_drop_remainder(4))
    assert dataset.output_shapes.as_list() == [4]
    batch = tf1.data.make_one_shot_iterator(dataset).get_next()
    with tf1.Session() as sess:
        got = [sess.run(batch).tolist() for _ in range(2)]
        with pytest.raises(tf1.errors.OutOfRangeError):
            sess.run(batch)
    assert got == [[0, 1, 2, 3], [4, 5, 6, 7]]


@pytest.mark.parametrize(
    "path", ["layers.optimize_loss", "layers.embed_sequence", "slim.learning.create_train_op", "metrics.streaming_accuracy", "data.shuffle_and_repeat"]
)
def test_new_rows_are_served(path):
    assert callable(contrib.lookup(path))


def test_slim_learning_train_still_explains_itself():
    with pytest.raises(AttributeError, match="slim.learning.train is not provided.*write the training loop"):
        contrib.lookup("slim.learning.train")


@pytest.mark.parametrize("padding, size", [("SAME", 8), ("VALID", 9)], ids=["SAME doubles", "VALID adds k - stride"])
def test_conv2d_transpose_matches_the_nn_op(graph, padding, size):
    from migrate.runtime.contrib_layers import conv2d_transpose

    x = tf1.constant(np.random.RandomState(0).randn(2, 4, 4, 3).astype(np.float32))
    y = conv2d_transpose(x, 5, [3, 3], stride=2, padding=padding, activation_fn=None,
                         biases_initializer=tf1.constant_initializer(0.5))
    assert y.shape.as_list() == [2, size, size, 5]
    weights, biases = tf1.get_collection(tf1.GraphKeys.MODEL_VARIABLES)
    assert (weights.op.name, biases.op.name) == ("Conv2d_transpose/weights", "Conv2d_transpose/biases")
    assert weights.shape.as_list() == [3, 3, 5, 3]
    reference = tf1.nn.conv2d_transpose(x, weights, [2, size, size, 5], [1, 2, 2, 1], padding=padding) + 0.5
    got, want = _run([y, reference])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_conv2d_transpose_defaults_to_relu(graph):
    from migrate.runtime.contrib_layers import conv2d_transpose

    y = conv2d_transpose(tf1.constant(np.random.RandomState(1).randn(1, 2, 2, 4).astype(np.float32)), 8, 3)
    assert y.op.type == "Relu"


def test_summarize_activation_and_tensors(graph):
    from migrate.runtime.contrib_summaries import summarize_activations, summarize_tensors

    pre = tf1.constant([-1.0, 2.0, -3.0, 4.0])
    act = tf1.nn.relu(pre, name="act")
    tf1.add_to_collection(tf1.GraphKeys.ACTIVATIONS, act)
    summarize_activations()
    summarize_tensors([tf1.reduce_sum(pre, name="total"), pre])
    summaries = tf1.get_collection(tf1.GraphKeys.SUMMARIES)
    tags = sorted(s.op.name for s in summaries)
    assert tags == ["Const_summary", "act/activation", "act/zeros", "total_summary"]
    zeros = [s for s in summaries if s.op.name == "act/zeros"][0]
    with tf1.Session() as sess:
        value = tf1.Summary.FromString(sess.run(zeros)).value[0].simple_value
    assert value == pytest.approx(0.5)
