"""Runs whose migration was reported idiomatic and crashed on TF2 (tests/corpus/shapes reproductions).

- a fetch with a Python part reading the feed dict (``sess.run(cost * len(feed[X]), feed_dict=feed)``):
  the part is computed at the run site (``len(feed["X"])``) and passed in;
- a fetch of a structured result (``tf.nn.top_k``'s namedtuple): converted per field;
- ``tf.shape(t).eval()`` of a plain value in an InteractiveSession: evaluated eagerly, and any
  ``.eval()`` / ``.run(feed_dict=...)`` left in a converted file refuses the conversion;
- a scalar bool placeholder given to a Keras layer as ``training=`` (Keras 3 refuses a symbolic
  bool in a ``tf.function``): the function takes a Python bool.
"""

from __future__ import annotations

import pytest

from migrate.graph.idiom import tf1_left
from test_eager import codes, migrate
from test_fetch_expressions import prints_the_same

FEED_READS = """\
import numpy as np
import tensorflow as tf

x_data = np.linspace(-1.0, 1.0, 24, dtype="float32").reshape(12, 2)
y_data = (x_data.sum(axis=1, keepdims=True) > 0).astype("float32")
X = tf.placeholder(tf.float32, [None, 2])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([2, 1]))
b = tf.Variable(tf.zeros([1]))
cost = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(3):
        total = 0.0
        for i in range(0, 12, 5):
            feed = {X: x_data[i:i + 5], Y: y_data[i:i + 5]}
            sess.run(train_op, feed_dict=feed)
            total += sess.run(cost * len(feed[X]), feed_dict=feed)
        print(epoch, round(float(total), 5))
"""

STRUCTURED = """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
w = tf.Variable(tf.constant([[1.0, 2.0, 3.0]]))
probs = tf.nn.softmax(x * w)
top2 = tf.nn.top_k(probs, k=2)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    values, indices = sess.run(top2, {x: [[0.1, 0.5, 0.2]]})
    print(values.round(4), indices)
    result = sess.run(top2, {x: [[0.3, 0.1, 0.2]]})
    print(result.indices, result.values.round(4))
    both = sess.run([top2, probs], {x: [[0.3, 0.1, 0.2]]})
    print(both[0].indices, both[1].round(4))
"""

EAGER_EVAL = """\
import numpy as np
import tensorflow as tf

sess = tf.InteractiveSession()
data = np.arange(6, dtype="float32").reshape(2, 3)
batch = tf.constant(data)
print(tf.shape(batch).eval())
print(tf.reduce_sum(batch, axis=0).eval()[:2])
x = tf.placeholder(tf.float32, [None, 3])
y = tf.reduce_sum(x * 2.0, axis=1)
print(y.eval(feed_dict={x: data}))
"""

TRAINING_FLAG = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
is_training = tf.placeholder(tf.bool)
hidden = tf.layers.dense(x, 3, kernel_initializer=tf.ones_initializer())
dropped = tf.layers.dropout(hidden, rate=0.5, training=is_training)
out = tf.reduce_sum(dropped, axis=1)


def predict(sess, data, training=False):
    return sess.run(out, feed_dict={x: data, is_training: training})


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    data = np.ones((2, 4), dtype="float32")
    print(predict(sess, data))
    print(predict(sess, data[:1]))
    print(predict(sess, data, training=True).shape)
"""

CASES = {"feed reads": FEED_READS, "structured": STRUCTURED, "eager eval": EAGER_EVAL,
         "training flag": TRAINING_FLAG}

# what each case's output must contain (the construct that crashed before, fixed)
SHOWS = {
    "feed reads": ['def compute_cost(X, Y, len_X):', 'return cost * len_X',
                   'compute_cost(**feed, len_X=len(feed["X"])).numpy()'],
    "structured": ["values, indices = tf.nest.map_structure(lambda t: t.numpy(), compute_top2(",
                   "result = tf.nest.map_structure(lambda t: t.numpy(), compute_top2(",
                   "[tf.nest.map_structure(lambda t: t.numpy(), value) for value in compute_top2_probs("],
    "eager eval": ["print(tf.shape(batch).numpy())", "print(tf.reduce_sum(batch, axis=0).numpy()[:2])"],
    "training flag": ["@tf.function(reduce_retracing=True)", "compute_out(data, bool(training)).numpy()"],
}


@pytest.mark.parametrize("case", list(CASES))
def test_converted_without_the_crashing_construct(case):
    out, findings = migrate(CASES[case])
    assert "TFM300" in codes(findings) and not codes(findings) & {"TFM301", "TFM302"}, out
    for text in SHOWS[case]:
        assert text in out, (text, out)
    assert ".eval(" not in out and "len(feed[X])" not in out
    assert tf1_left(out.encode()) == []
    assert migrate(out)[0] == out  # idempotent


def test_an_eval_left_in_converted_code_refuses_the_file():
    before = EAGER_EVAL.replace("tf.shape(batch).eval()", "tf.shape(batch).eval(feed_dict={})")
    out, findings = migrate(before)
    refusals = [f.message for f in findings if f.code == "TFM301"]
    assert refusals and "tf.shape(batch).eval(feed_dict={}) is left in the converted code" in refusals[0], refusals
    assert "TFM302" in codes(findings) and "tf.compat.v1.disable_eager_execution()" in out


def test_a_bool_placeholder_not_given_as_training_keeps_its_signature():
    before = TRAINING_FLAG.replace("training=is_training)", "training=False)\nout = tf.where(is_training, "
                                   "tf.reduce_sum(dropped, axis=1), tf.zeros([2]))\nout = out")
    out, findings = migrate(before)
    assert "reduce_retracing" not in out and "bool(training)" not in out, out


@pytest.mark.slow  # starts TensorFlow three times a case
@pytest.mark.parametrize("profile", ["tf2.15", "latest"])
@pytest.mark.parametrize("case", list(CASES))
def test_migrated_prints_what_the_original_printed(case, profile, tmp_path):
    prints_the_same(CASES[case], profile, tmp_path)
