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


# helper D's findings: a default value is not a local of the helper; a dict copied into a constructor is dead
HELPER_ARGUMENTS = [
    pytest.param(
        """\
import numpy as np
import tensorflow as tf


def bn(x, is_training=True):
    h = tf.layers.dense(x, 4, use_bias=True)
    return tf.layers.batch_normalization(h, training=is_training)


x = tf.placeholder(tf.float32, [None, 3])
training = tf.placeholder(tf.bool, [])
y = bn(x, training)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: np.ones((2, 3), np.float32), training: False}).shape)
""",
        ["dense = tf.keras.layers.Dense(4, use_bias=True)\n", "def bn(x, is_training=True):\n",
         "    return batch_norm(h, training=is_training)\n"],
        ["tf.layers", "Session"],
        id="a parameter's default True is not something the function computes",
    ),
    pytest.param(
        """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
is_training = tf.placeholder(tf.bool, [])
bn_params = {"is_training": is_training, "decay": 0.9, "updates_collections": tf.GraphKeys.UPDATE_OPS}
h = tf.contrib.layers.fully_connected(x, 4, normalizer_fn=tf.contrib.layers.batch_norm, normalizer_params=bn_params)
logits = tf.contrib.layers.fully_connected(h, 2, activation_fn=None)
loss = tf.reduce_mean(tf.square(logits))
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_op, feed_dict={x: np.ones((4, 3), np.float32), is_training: True})
    print(sess.run(loss, feed_dict={x: np.ones((4, 3), np.float32), is_training: False}))
""",
        ["tf.keras.layers.BatchNormalization(momentum=0.9, scale=False)", "        h = dense(x, training=True)\n",
         "    h = dense(x, training=False)\n"],
        ["bn_params", "GraphKeys", "contrib"],
        id="a module-level normalizer_params dict written into the constructor: its statement is dropped",
    ),
    pytest.param(
        """\
import numpy as np
import tensorflow as tf


def model(x, is_training=True):
    bn_params = {"is_training": is_training, "decay": 0.9, "updates_collections": tf.GraphKeys.UPDATE_OPS}
    h = tf.contrib.layers.fully_connected(x, 4, normalizer_fn=tf.contrib.layers.batch_norm,
                                          normalizer_params=bn_params)
    return tf.contrib.layers.fully_connected(h, 2, activation_fn=None)


x = tf.placeholder(tf.float32, [None, 3])
training = tf.placeholder(tf.bool, [])
logits = model(x, training)
loss = tf.reduce_mean(tf.square(logits))
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train_op, feed_dict={x: np.arange(12, dtype=np.float32).reshape(4, 3), training: True})
    print("%.5f" % sess.run(loss, feed_dict={x: np.ones((4, 3), np.float32), training: False}))
""",
        ["def model(x, is_training=True):\n    h = dense(x, training=is_training)\n    return dense_1(h)\n",
         "        logits = model(x, True)\n"],
        ["bn_params", "GraphKeys", "contrib"],
        id="the dict bound inside the model function, its is_training a parameter with a default",
    ),
]


@pytest.mark.parametrize(("before", "present", "absent"), HELPER_ARGUMENTS)
def test_helper_arguments_and_copied_dicts(before, present, absent):
    test_a_placeholder_made_by_a_helper_becomes_its_argument(before, present, absent)


def test_a_copied_dict_read_elsewhere_is_kept_and_refused():
    out, findings = migrate("""\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
is_training = tf.placeholder(tf.bool, [])
bn_params = {"is_training": is_training, "decay": 0.9, "updates_collections": tf.GraphKeys.UPDATE_OPS}
print(sorted(bn_params))
h = tf.contrib.layers.fully_connected(x, 4, normalizer_fn=tf.contrib.layers.batch_norm, normalizer_params=bn_params)
logits = tf.contrib.layers.fully_connected(h, 2, activation_fn=None)
loss = tf.reduce_mean(tf.square(logits))
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_op, feed_dict={x: np.ones((4, 3), np.float32), is_training: True})
    print(sess.run(loss, feed_dict={x: np.ones((4, 3), np.float32), is_training: False}))
""")
    assert [f.message for f in findings if f.code == "TFM301"] == [
        "graph code not converted to eager (line 7): graph tensor 'bn_params' is used outside sess.run/eval"]
    assert "tf.compat.v1.disable_eager_execution()" in out


# a layer-building helper called more than once: a tf.Module per call site (TF1 made new variables each call)
DENSE_BN_DIGITS = """\
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

digits = load_digits()
images = (digits.data / 16.0).astype(np.float32)[:500]
labels = np.eye(10, dtype=np.float32)[digits.target][:500]


def dense_bn(x, units, is_training, scope):
    with tf.variable_scope(scope):
        h = tf.layers.dense(x, units, kernel_initializer=tf.constant_initializer(0.01), use_bias=False)
        h = tf.layers.batch_normalization(h, training=is_training)
        return tf.nn.relu(h)


x = tf.placeholder(tf.float32, [None, 64])
y_ = tf.placeholder(tf.float32, [None, 10])
is_training = tf.placeholder(tf.bool, [])
h = dense_bn(x, 32, is_training, "block1")
h = dense_bn(h, 16, is_training, "block2")
logits = tf.layers.dense(h, 10, kernel_initializer=tf.constant_initializer(0.02))
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(20):
        sess.run(train_op, feed_dict={x: images, y_: labels, is_training: True})
    print("loss %.4f" % sess.run(loss, feed_dict={x: images, y_: labels, is_training: False}))
"""

LAYER_HELPERS = [
    pytest.param(
        """\
import numpy as np
import tensorflow as tf


def conv_bn(x, filters, is_training, scope):
    with tf.variable_scope(scope):
        h = tf.layers.conv2d(x, filters, 3, padding="same", use_bias=False)
        h = tf.contrib.layers.batch_norm(h, is_training=is_training)
        return tf.nn.relu(h)


x = tf.placeholder(tf.float32, [None, 8, 8, 1])
is_training = tf.placeholder(tf.bool, [])
h = conv_bn(x, 4, is_training, "block1")
h = conv_bn(h, 8, is_training, "block2")
logits = tf.layers.dense(tf.layers.flatten(h), 2)
loss = tf.reduce_mean(tf.square(logits))
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_op, feed_dict={x: np.ones((2, 8, 8, 1), np.float32), is_training: True})
    print(sess.run(loss, feed_dict={x: np.ones((2, 8, 8, 1), np.float32), is_training: False}).shape)
""",
        ["class ConvBn(tf.Module):\n    def __init__(self, filters):\n",
         "        self.conv = tf.keras.layers.Conv2D(filters, 3, padding=\"same\", use_bias=False)\n",
         "    def __call__(self, x, is_training):\n", "conv_bn_block1 = ConvBn(4)\nconv_bn_block2 = ConvBn(8)\n",
         "        h = conv_bn_block2(h, True)\n"],
        ["variable_scope", "contrib", "def conv_bn"],
        id="conv_bn per block: one instance per call site, the scope name its stem",
    ),
    pytest.param(
        """\
import numpy as np
import tensorflow as tf


def fc(x, n, is_training):
    h = tf.contrib.layers.fully_connected(x, n, activation_fn=None)
    return tf.contrib.layers.batch_norm(h, is_training=is_training)


x = tf.placeholder(tf.float32, [None, 3])
is_training = tf.placeholder(tf.bool, [])
with tf.variable_scope("tower"):
    a = fc(x, 4, is_training)
with tf.variable_scope("tower", reuse=True):
    b = fc(x, 4, is_training)
loss = tf.reduce_mean(tf.square(a - b))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(loss, feed_dict={x: np.ones((2, 3), np.float32), is_training: False}))
""",
        ["fc_tower = Fc(4)\n", "    a = fc_tower(x, False)\n    b = fc_tower(x, False)\n"],
        ["variable_scope", "Fc(4)\nfc"],
        id="variable_scope(same name, reuse=True) around the second call shares the first call's instance",
    ),
    pytest.param(DENSE_BN_DIGITS, ["dense_bn_block1 = DenseBn(32)", "dense_bn_block2 = DenseBn(16)"],
                 ["tf.layers", "UPDATE_OPS"], id="dense + batch_normalization blocks on digits"),
    pytest.param("""\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
phase = tf.placeholder_with_default(False, [])


def fc(inputs, n):
    h = tf.layers.dense(inputs, n)
    return tf.layers.batch_normalization(h, training=phase)


a = fc(x, 4)
b = fc(x, 4)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(a + b, feed_dict={x: np.ones((2, 3), np.float32)}))
""", ["    def __call__(self, inputs, phase):\n", "fc_1 = Fc(4)\nfc_2 = Fc(4)\n",
      "a = fc_1(x, phase=False)\n", "b = fc_2(x, phase=False)\n"], ["placeholder", "def fc("],
        id="the helper reads a module-level placeholder: __call__ takes it (shapes/contrib_batch_norm_inplace)"),
    pytest.param("""\
import numpy as np
import tensorflow as tf


def inference(features, hidden1_units):
    hidden1 = tf.layers.dense(features, hidden1_units, activation=tf.nn.relu)
    return tf.layers.dense(hidden1, 2)


def main():
    x = tf.placeholder(tf.float32, shape=(None, 3))
    logits = inference(x, 8)
    loss = tf.reduce_mean(tf.square(logits))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        _, l = sess.run([train_op, loss], feed_dict={x: np.ones((4, 3), np.float32)})
    print(l)


main()
""", ["class Inference(tf.Module):\n    def __init__(self, hidden1_units):\n",
      "        self.dense = tf.keras.layers.Dense(hidden1_units, activation=tf.nn.relu)\n",
      "    def __call__(self, features):\n", "    inference_1 = Inference(8)\n", "logits = inference_1(x)\n"],
        ["def inference(", "tf.layers"],
        id="called once, a layer sized by a parameter (the fully_connected_feed tutorial's inference(images, "
           "hidden1_units)): an instance made at the call site"),
]


@pytest.mark.parametrize(("before", "present", "absent"), LAYER_HELPERS)
def test_a_layer_helper_called_per_block_gets_an_instance_per_call_site(before, present, absent):
    test_a_placeholder_made_by_a_helper_becomes_its_argument(before, present, absent)


_FC = """\
import numpy as np
import tensorflow as tf


def fc(x, n):
    return tf.layers.dense(x, n{reuse})


x = tf.placeholder(tf.float32, [None, 3])
{calls}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(a + b, feed_dict={{x: np.ones((2, 3), np.float32)}}))
"""

LAYER_REFUSED = [
    pytest.param(_FC.format(reuse=", name='fc', reuse=tf.AUTO_REUSE", calls="a = fc(x, 4)\nb = fc(x, 4)"),
                 "fc() builds layers under reuse=: which of its calls share variables is decided by the scope "
                 "values at run time", id="reuse=AUTO_REUSE inside the helper"),
    pytest.param(_FC.format(reuse="", calls="a = fc(x, 4)\nfor _ in range(2):\n    b = fc(x, 4)"),
                 "fc() is called inside a for statement: how many variable sets TF1 made depends on control flow",
                 id="called in a loop"),
    pytest.param(_FC.format(reuse="", calls="with tf.variable_scope('s', reuse=tf.AUTO_REUSE):\n"
                                            "    a = fc(x, 4)\n    b = fc(x, 4)"),
                 "a layer helper is called under variable_scope(reuse=tf.AUTO_REUSE): which variables it shares "
                 "is decided at run time", id="AUTO_REUSE around the calls"),
    pytest.param(_FC.format(reuse="", calls="a = fc(x, 4)\nwith tf.variable_scope('other', reuse=True):\n"
                                            "    b = fc(x, 4)"),
                 "fc() under variable_scope(..., reuse=True) with no earlier call under the same scope to share "
                 "variables with", id="reuse=True with nothing to share"),
    pytest.param("""\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
width = tf.constant(4)


def fc(inputs):
    return tf.layers.dense(inputs, width)


a = fc(x)
b = fc(x)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(a + b, feed_dict={x: np.ones((2, 3), np.float32)}))
""", "fc() configures a layer with width from the module's graph: a graph value, not a setting the layer can be "
     "made with once", id="a module graph value configures the helper's layer"),
]


@pytest.mark.parametrize(("before", "message"), LAYER_REFUSED)
def test_a_layer_helper_whose_sharing_is_not_provable_is_refused(before, message):
    out, findings = migrate(before)
    refusals = [f.message.split(": ", 1)[1] for f in findings if f.code == "TFM301"]
    assert refusals == [message], refusals
    assert "tf.compat.v1.disable_eager_execution()" in out


LAYER_UNCHANGED = [
    pytest.param(
        """\
import tensorflow as tf


def fc(x, n):
    return tf.keras.layers.Dense(n)(x)


a = fc(tf.ones([2, 3]), 4)
b = fc(tf.ones([2, 3]), 4)
print((a + b).numpy())
""",
        id="TF2 code: a helper making Keras layers, called twice",
    ),
    pytest.param(
        """\
import tensorflow

tf = object()


def fc(x, n):
    return tf.layers.dense(x, n)


a = fc(1, 4)
b = fc(2, 4)
with tf.Session() as sess:
    print(sess.run(a))
""",
        id="a name tf that is not TensorFlow",
    ),
]


@pytest.mark.parametrize("source", LAYER_UNCHANGED)
def test_layer_helpers_left_alone(source):
    test_leaves_alone(source)


@pytest.mark.slow  # starts TensorFlow three times a case: 15-40 s on a shared machine
@pytest.mark.parametrize("profile", list(PYTHONS))
def test_migrated_deepnn_prints_what_the_original_printed(profile, tmp_path):
    prints_the_same(DEEPNN_DIGITS, profile, tmp_path)


@pytest.mark.slow  # starts TensorFlow three times a case: 15-40 s on a shared machine
@pytest.mark.parametrize("profile", list(PYTHONS))
def test_migrated_layer_blocks_print_what_the_original_printed(profile, tmp_path):
    prints_the_same(DENSE_BN_DIGITS, profile, tmp_path)


def test_writer_add_graph_is_removed_with_a_note():
    """mnist_deep.py writes the graph for TensorBoard (``train_writer.add_graph(tf.get_default_graph())``)."""
    out, findings = migrate("""\
import tempfile
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
y = tf.reduce_sum(x * 2.0)
writer = tf.summary.FileWriter(tempfile.mkdtemp())
writer.add_graph(tf.get_default_graph())
with tf.Session() as sess:
    writer.add_graph(sess.graph)
    print(sess.run(y, feed_dict={x: [[1.0, 2.0]]}))
""")
    assert not codes(findings) & {"TFM301", "TFM302"}, [f.message for f in findings if f.code == "TFM301"]
    assert "add_graph" not in out and "graph" not in out.replace("tf.function", ""), out
    assert "writer = tf.summary.create_file_writer(tempfile.mkdtemp())\n" in out
    assert sum("writer.add_graph() removed" in f.message for f in findings) == 2
    assert migrate(out)[0] == out


def test_add_graph_of_something_else_is_left_alone():
    source = """\
class Board:
    def add_graph(self, graph):
        return graph


writer = Board()
writer.add_graph(None)
"""
    assert migrate(source)[0] == source
