"""Model-building helpers: a placeholder made inside the helper (the Deep MNIST tutorial's ``deepnn``).

``def deepnn(x): ... keep_prob = tf.placeholder(tf.float32) ... return y, keep_prob`` called once as
``y, keep_prob = deepnn(x)`` is the same TF1 graph as the placeholder made by the caller and passed
in: the conversion writes it that way (``modules.hoist_placeholders``), so the placeholder is an input
of the generated functions (literal feeds specialized) and the helper a ``tf.Module`` taking it in
``__call__``. Where that can't be proven (two calls, the placeholder's shape from a parameter, not
returned, under control flow) the helper is refused as before. The run test trains the TF1
original on the runtime and the migrated program on plain TensorFlow and compares what they print.
"""

from __future__ import annotations

import pytest

from test_eager import codes, migrate
from test_fetch_expressions import prints_the_same
from test_eager_runs import PYTHONS

DEEPNN_DIGITS = '''\
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

rng = np.random.RandomState(0)
digits = load_digits()
images = (digits.data / 16.0).astype(np.float32)[:600]
labels = np.eye(10, dtype=np.float32)[digits.target][:600]


def deepnn(x):
    with tf.name_scope("fc1"):
        W_fc1 = tf.Variable(rng.randn(64, 32).astype(np.float32) * 0.1)
        b_fc1 = tf.Variable(tf.zeros([32]))
        h_fc1 = tf.nn.relu(tf.matmul(x, W_fc1) + b_fc1)
    with tf.name_scope("dropout"):
        keep_prob = tf.placeholder(tf.float32)
        h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)
    W_fc2 = tf.Variable(rng.randn(32, 10).astype(np.float32) * 0.1)
    b_fc2 = tf.Variable(tf.zeros([10]))
    return tf.matmul(h_fc1_drop, W_fc2) + b_fc2, keep_prob


x = tf.placeholder(tf.float32, [None, 64])
y_ = tf.placeholder(tf.float32, [None, 10])
y_conv, dropout_keep = deepnn(x)
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=y_conv))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1)), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(40):
        sess.run(train_step, feed_dict={x: images, y_: labels, dropout_keep: 1.0})
    print("accuracy %.6f" % sess.run(accuracy, feed_dict={x: images, y_: labels, dropout_keep: 1.0}))
    print("loss %.6f" % cross_entropy.eval(feed_dict={x: images, y_: labels, dropout_keep: 1.0}))
'''

CONVERTED = [
    pytest.param(
        """\
import tensorflow as tf


def net(x):
    w = tf.Variable(tf.ones([3, 2]))
    keep_prob = tf.placeholder(tf.float32)
    return tf.nn.dropout(tf.matmul(x, w), keep_prob), keep_prob


x = tf.placeholder(tf.float32, [None, 3])
y, keep_prob = net(x)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]], keep_prob: 1.0}))
""",
        ["class Net(tf.Module):", "    def __call__(self, x, keep_prob):",
         "        return tf.nn.dropout(tf.matmul(x, self.w), rate=1 - keep_prob)\n", "net_1 = Net()",
         "    y = net_1(x, 1.0)\n"],
        ["placeholder", "Session", "keep_prob = "],
        id="the placeholder becomes a parameter of __call__, the literal feed its argument",
    ),
    pytest.param(
        DEEPNN_DIGITS,
        ["    def __call__(self, x, keep_prob):", "        y_conv = deepnn_1(x, 1.0)\n",
         "    return tf.matmul(h_fc1_drop, self.W_fc2) + self.b_fc2\n"],
        ["placeholder", "dropout_keep", "name_scope"],
        id="deepnn style: under a name_scope, unpacked into another name by the caller",
    ),
    pytest.param(
        """\
import tensorflow as t


def model(inputs, units):
    w = t.Variable(t.ones([2, units]))
    training = t.placeholder(t.bool, [])
    rate = t.placeholder(t.float32, [])
    h = t.matmul(inputs, w)
    h = h * (1.0 - rate * t.cast(training, t.float32))
    return rate, h, training


x = t.placeholder(t.float32, [None, 2])
drop, out, is_training = model(x, units=3)
with t.Session() as s:
    s.run(t.global_variables_initializer())
    print(s.run(out, {x: [[1.0, 1.0]], is_training: False, drop: 0.5}))
""",
        ["    def __call__(self, inputs, training, rate):", "    out = model_1(x, training=False, rate=0.5)\n",
         "class Model(t.Module):"],
        ["placeholder", "Session", "drop"],
        id="two placeholders, an aliased import, keyword config argument, a tuple with the output in the middle",
    ),
]


@pytest.mark.parametrize(("before", "present", "absent"), CONVERTED)
def test_a_placeholder_made_by_a_helper_becomes_its_argument(before, present, absent):
    out, findings = migrate(before)
    assert not codes(findings) & {"TFM301", "TFM302"}, [f.message for f in findings if f.code == "TFM301"]
    assert [p for p in present if p not in out] == [], out
    assert [a for a in absent if a in out] == [], out
    compile(out, "out.py", "exec")
    assert migrate(out)[0] == out


_NET_TWICE = """\
import tensorflow as tf


def net(x):
    w = tf.Variable(tf.ones([3, 2]))
    keep_prob = tf.placeholder(tf.float32)
    return tf.nn.dropout(tf.matmul(x, w), keep_prob), keep_prob


x = tf.placeholder(tf.float32, [None, 3])
{calls}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={{x: [[1.0, 2.0, 3.0]], keep_prob: 1.0}}))
"""
_PLACEHOLDER_REFUSAL = ("{name}() creates a placeholder inside: it would become an argument of the traced "
                        "function, not of the layer")

REFUSED = [
    pytest.param(_NET_TWICE.format(calls="y, keep_prob = net(x)\ny2, keep_prob2 = net(x)\n"), 6, "net",
                 id="called twice: TF1 made one placeholder per call"),
    pytest.param(
        """\
import tensorflow as tf


def net(x, n):
    w = tf.Variable(tf.ones([3, n]))
    scale = tf.placeholder(tf.float32, [n])
    return tf.matmul(x, w) * scale, scale


x = tf.placeholder(tf.float32, [None, 3])
y, scale = net(x, 2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]], scale: [1.0, 2.0]}))
""", 6, "net", id="the placeholder's shape reads a parameter"),
    pytest.param(
        """\
import tensorflow as tf


def net(x):
    w = tf.Variable(tf.ones([3, 2]))
    keep_prob = tf.placeholder_with_default(1.0, [])
    return tf.nn.dropout(tf.matmul(x, w), keep_prob)


x = tf.placeholder(tf.float32, [None, 3])
y = net(x)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]]}))
""", 6, "net", id="not returned: the caller has no name for it"),
    pytest.param(
        """\
import tensorflow as tf


def net(x, train):
    w = tf.Variable(tf.ones([3, 2]))
    if train:
        keep_prob = tf.placeholder(tf.float32)
    else:
        keep_prob = 1.0
    return tf.nn.dropout(tf.matmul(x, w), keep_prob), keep_prob


x = tf.placeholder(tf.float32, [None, 3])
y, keep_prob = net(x, True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]], keep_prob: 1.0}))
""", 7, "net", id="made under a conditional"),
]


@pytest.mark.parametrize(("before", "line", "name"), REFUSED)
def test_a_placeholder_that_cannot_be_moved_is_refused(before, line, name):
    out, findings = migrate(before)
    message = _PLACEHOLDER_REFUSAL.format(name=name)
    assert [(f.line, f.message) for f in findings if f.code == "TFM301"] == [
        (line, f"graph code not converted to eager (line {line}): {message}")]
    assert "TFM302" in codes(findings) and "tf.compat.v1.disable_eager_execution()" in out


UNCHANGED = [
    pytest.param(
        """\
import tensorflow as tf


class Net(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(tf.ones([3, 2]))

    def __call__(self, x, keep_prob):
        return tf.nn.dropout(tf.matmul(x, self.w), rate=1 - keep_prob)


net_1 = Net()
print(net_1(tf.ones([1, 3]), 1.0).numpy())
""",
        id="TF2 code: the module already takes the rate",
    ),
    pytest.param(
        """\
import tensorflow as tf


def placeholder(dtype):
    return tf.constant(1.0, dtype)


def net(x):
    keep_prob = placeholder(tf.float32)
    return x * keep_prob, keep_prob


y, keep_prob = net(tf.ones([2]))
print(y.numpy(), keep_prob.numpy())
""",
        id="a local function named placeholder",
    ),
    pytest.param(
        """\
import tensorflow

tf = object()


def net(x):
    keep_prob = tf.placeholder(1)
    return x, keep_prob


y, keep_prob = net(2)
with tf.Session() as sess:
    print(sess.run(y, {keep_prob: 1}))
""",
        id="a name tf that is not TensorFlow",
    ),
]


@pytest.mark.parametrize("source", UNCHANGED)
def test_leaves_alone(source):
    out, findings = migrate(source)
    assert out == source
    assert not codes(findings) & {"TFM300", "TFM301", "TFM302"}


@pytest.mark.slow  # starts TensorFlow three times a case: 15-40 s on a shared machine
@pytest.mark.parametrize("profile", list(PYTHONS))
def test_migrated_deepnn_prints_what_the_original_printed(profile, tmp_path):
    prints_the_same(DEEPNN_DIGITS, profile, tmp_path)
