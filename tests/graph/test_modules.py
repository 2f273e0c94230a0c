"""Helper functions that make variables from graph tensors -> ``tf.Module`` classes (``migrate.graph.modules``).

Converted fixtures are whole TF1 programs with their exact expected output,
which must be a fixpoint and carry no refusal; refusal fixtures check the
TFM301 line and message and that the helper stays a function (graph-mode fallback or not);
leave-alone fixtures make no class. ``test_converted_program_prints_what_the_original_printed``
runs converted fixtures on ``.venv`` against the TF1 original on the runtime.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import subprocess
import sys
from pathlib import Path

import pytest

from migrate.engine.context import Options
from migrate.engine.source import migrate_python

REPO = Path(__file__).resolve().parents[2]


def migrate(source: str, **options) -> tuple[str, list]:
    out, findings = migrate_python(source.encode(), "example.py", options=Options(**options))
    return out.decode(), findings


CONVERTED = [
    pytest.param(
        """\
import tensorflow as tf


def dense(x, n_in, n_out, scope):
    with tf.variable_scope(scope):
        W = tf.get_variable("W", [n_in, n_out], initializer=tf.constant_initializer(0.1))
        b = tf.get_variable("b", [n_out], initializer=tf.zeros_initializer())
    return tf.matmul(x, W) + b


x = tf.placeholder(tf.float32, [None, 3])
h = tf.nn.relu(dense(x, 3, 4, "layer1"))
y = dense(h, 4, 2, "layer2")

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]]}))
""",
        """\
import tensorflow as tf


class Dense(tf.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.W = tf.Variable(tf.constant_initializer(0.1)([n_in, n_out]), name="W")
        self.b = tf.Variable(tf.zeros_initializer()([n_out]), name="b")

    def __call__(self, x):
        return tf.matmul(x, self.W) + self.b


dense_layer1 = Dense(3, 4)
dense_layer2 = Dense(4, 2)


@tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
def compute_y(x):
    h = tf.nn.relu(dense_layer1(x))
    y = dense_layer2(h)
    return y


print(compute_y([[1.0, 2.0, 3.0]]).numpy())
""",
        id='a helper under variable_scope(scope) becomes a tf.Module, one instance per call',
    ),
    pytest.param(
        """\
import tensorflow as tf


def l2(w):
    return 0.01 * tf.nn.l2_loss(w)


def fc(inputs, n_out, name, activation=None):
    with tf.variable_scope(name, initializer=tf.constant_initializer(0.5)):
        w = tf.get_variable("w", [inputs.get_shape()[1], n_out], regularizer=l2)
        b = tf.get_variable("b", [n_out], initializer=tf.zeros_initializer())
        out = tf.matmul(inputs, w) + b
        return activation(out) if activation is not None else out


x = tf.placeholder(tf.float32, [None, 2])
with tf.variable_scope("net"):
    h = fc(x, 3, "fc1", activation=tf.nn.relu)
    logits = fc(h, 1, "fc2")
loss = tf.reduce_mean(logits) + tf.losses.get_regularization_loss()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(loss, feed_dict={x: [[1.0, 2.0]]}))
""",
        '''\
import tensorflow as tf


def l2(w):
    return 0.01 * tf.nn.l2_loss(w)


class Fc(tf.Module):
    def __init__(self, n_out, activation=None):
        super().__init__()
        self.n_out = n_out
        self.activation = activation
        self.built = False

    def __call__(self, inputs):
        if not self.built:
            self.w = tf.Variable(tf.constant_initializer(0.5)([inputs.get_shape()[1], self.n_out]), name="w")
            self.b = tf.Variable(tf.zeros_initializer()([self.n_out]), name="b")
            self.built = True
        out = tf.matmul(inputs, self.w) + self.b
        return self.activation(out) if self.activation is not None else out

    @property
    def losses(self):
        """The regularization terms TF1 put in the REGULARIZATION_LOSSES collection."""
        return [l2(self.w)]


fc_fc1 = Fc(3, activation=tf.nn.relu)
fc_fc2 = Fc(1)


@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
def compute_loss(x):
    h = fc_fc1(x)
    logits = fc_fc2(h)
    loss = tf.reduce_mean(logits) + tf.add_n([*fc_fc1.losses, *fc_fc2.losses])
    return loss


print(compute_loss([[1.0, 2.0]]).numpy())
''',
        id='variables shaped by the input are made on the first call; regularizers become losses',
    ),
    pytest.param(
        """\
import tensorflow as tf


def inference(x, is_training):
    with tf.variable_scope("hidden"):
        w = tf.get_variable("w", [2, 3], initializer=tf.constant_initializer(0.5))
        h = tf.matmul(x, w)
        if is_training:
            h = h * 2.0
    with tf.variable_scope("out"):
        w = tf.get_variable("w", [3, 1], initializer=tf.constant_initializer(1.0))
        return tf.matmul(h, w)


x = tf.placeholder(tf.float32, [None, 2])
with tf.variable_scope("model"):
    train_out = inference(x, is_training=True)
with tf.variable_scope("model", reuse=True):
    eval_out = inference(x, is_training=False)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run([train_out, eval_out], feed_dict={x: [[1.0, 2.0]]}))
""",
        """\
import tensorflow as tf


class Inference(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(tf.constant_initializer(0.5)([2, 3]), name="w")
        self.w_1 = tf.Variable(tf.constant_initializer(1.0)([3, 1]), name="w")

    def __call__(self, x, is_training):
        h = tf.matmul(x, self.w)
        if is_training:
            h = h * 2.0
        return tf.matmul(h, self.w_1)


inference_model = Inference()


@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
def compute_train_out_eval_out(x):
    train_out = inference_model(x, is_training=True)
    eval_out = inference_model(x, is_training=False)
    return train_out, eval_out


print([value.numpy() for value in compute_train_out_eval_out([[1.0, 2.0]])])
""",
        id='reuse=True under the same scope name shares one instance; differing flags go to __call__',
    ),
    pytest.param(
        """\
import tensorflow as tf


def new_weights(shape):
    return tf.Variable(tf.ones(shape))


def flatten(layer):
    num_features = layer.get_shape()[1:].num_elements()
    return tf.reshape(layer, [-1, num_features]), num_features


def new_fc_layer(input, num_inputs, num_outputs, use_relu=True):
    weights = new_weights(shape=[num_inputs, num_outputs])
    layer = tf.matmul(input, weights)
    if use_relu:
        layer = tf.nn.relu(layer)
    return layer, weights


x = tf.placeholder(tf.float32, [None, 2, 2])
flat, num_features = flatten(x)
fc1, w1 = new_fc_layer(flat, num_features, 3)
fc2, w2 = new_fc_layer(input=fc1, num_inputs=3, num_outputs=1, use_relu=False)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(fc2, feed_dict={x: [[[1.0, 2.0], [3.0, 4.0]]]}))
""",
        """\
import tensorflow as tf


def new_weights(shape):
    return tf.Variable(tf.ones(shape))


def flatten(layer):
    num_features = layer.get_shape()[1:].num_elements()
    return tf.reshape(layer, [-1, num_features]), num_features


class NewFcLayer(tf.Module):
    def __init__(self, num_outputs, use_relu=True):
        super().__init__()
        self.num_outputs = num_outputs
        self.use_relu = use_relu
        self.built = False

    def __call__(self, input, num_inputs):
        if not self.built:
            self.weights = new_weights(shape=[num_inputs, self.num_outputs])
            self.built = True
        layer = tf.matmul(input, self.weights)
        if self.use_relu:
            layer = tf.nn.relu(layer)
        return layer, self.weights


new_fc_layer_1 = NewFcLayer(3)
new_fc_layer_2 = NewFcLayer(num_outputs=1, use_relu=False)


@tf.function(input_signature=[tf.TensorSpec([None, 2, 2], tf.float32)])
def compute_fc2(x):
    flat, num_features = flatten(x)
    fc1, w1 = new_fc_layer_1(flat, num_features)
    fc2, w2 = new_fc_layer_2(input=fc1, num_inputs=3)
    return fc2


print(compute_fc2([[[1.0, 2.0], [3.0, 4.0]]]).numpy())
""",
        id='variable-only helpers stay functions; a static size from a helper is a call argument',
    ),
]

REFUSED = [
    pytest.param(
        """\
import tensorflow as tf


def dense(x, n):
    w = tf.Variable(tf.zeros([3, n]))
    return tf.matmul(x, w)


x = tf.placeholder(tf.float32, [None, 3])
h = x
for i in range(2):
    h = dense(h, 3)

with tf.Session() as sess:
    print(sess.run(h, feed_dict={x: [[1.0, 2.0, 3.0]]}))
""",
        12,
        'graph code not converted to eager (line 12): dense() is called inside a for statement: how many variable sets TF1 made depends on control flow',
        id='loop',
    ),
    pytest.param(
        """\
import tensorflow as tf

count = 0


def dense(x, n):
    global count
    count += 1
    w = tf.Variable(tf.zeros([3, n]))
    return tf.matmul(x, w)


x = tf.placeholder(tf.float32, [None, 3])
y = dense(x, 2)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]]}))
""",
        7,
        'graph code not converted to eager (line 7): dense() uses a global statement',
        id='global',
    ),
    pytest.param(
        """\
import tensorflow as tf


def mlp(x, sizes):
    for n in sizes:
        w = tf.Variable(tf.zeros([int(x.shape[1]), n]))
        x = tf.matmul(x, w)
    return x


x = tf.placeholder(tf.float32, [None, 3])
y = mlp(x, [4, 2])

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]]}))
""",
        5,
        'graph code not converted to eager (line 5): mlp() makes variables inside a loop: how many is decided while the graph is built',
        id='varloop',
    ),
    pytest.param(
        """\
import tensorflow as tf


def tower(x, depth):
    w = tf.Variable(tf.ones([3, 3]))
    h = tf.matmul(x, w)
    return tower(h, depth - 1) if depth else h


x = tf.placeholder(tf.float32, [None, 3])
y = tower(x, 2)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]]}))
""",
        7,
        'graph code not converted to eager (line 7): tower() calls itself: how many variables it makes depends on the recursion',
        id='recursion',
    ),
    pytest.param(
        """\
import tensorflow as tf


def net(x):
    w = tf.Variable(tf.ones([3, 2]))
    keep_prob = tf.placeholder(tf.float32)
    return tf.nn.dropout(tf.matmul(x, w), keep_prob), keep_prob


x = tf.placeholder(tf.float32, [None, 3])
y, keep_prob = net(x)
y2, keep_prob2 = net(x)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]], keep_prob: 1.0}))
""",
        6,
        'graph code not converted to eager (line 6): net() creates a placeholder inside: it would become an argument of the traced function, not of the layer',
        id='placeholder (in a helper called twice: one placeholder per call, not hoisted)',
    ),
    pytest.param(
        """\
import tensorflow as tf


def layer(x, n):
    w = tf.Variable(tf.ones([3, n]))
    tf.summary.histogram("w", w)
    return tf.matmul(x, w)


x = tf.placeholder(tf.float32, [None, 3])
y = layer(x, 2)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]]}))
""",
        6,
        'graph code not converted to eager (line 6): layer() records summaries inside: they would need a writer and a step at every call',
        id='summary',
    ),
    pytest.param(
        """\
import tensorflow as tf


def dense(x, n):
    w = tf.Variable(tf.ones([3, n]))
    return tf.matmul(x, w)


def apply(f, x):
    return f(x, 2)


x = tf.placeholder(tf.float32, [None, 3])
y = dense(x, 2)
z = apply(dense, x)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run([y, z], feed_dict={x: [[1.0, 2.0, 3.0]]}))
""",
        15,
        'graph code not converted to eager (line 15): dense() makes variables and is used outside graph code (called from another function, in a loop, or passed as a value)',
        id='passed',
    ),
    pytest.param(
        """\
import tensorflow as tf


def dense(x, n):
    w = tf.get_variable("w", [3, n])
    return tf.matmul(x, w)


x = tf.placeholder(tf.float32, [None, 3])
with tf.variable_scope("a", reuse=True):
    y = dense(x, 2)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]]}))
""",
        11,
        'graph code not converted to eager (line 11): dense() under variable_scope(..., reuse=True) with no earlier call under the same scope to share variables with',
        id='reuse_alone',
    ),
]

UNCHANGED = [
    pytest.param(
        """\
import tensorflow as tf


def conv(x, W):
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding="SAME")


W = tf.Variable(tf.ones([1, 1, 1, 2]))
x = tf.placeholder(tf.float32, [None, 2, 2, 1])
y = tf.reduce_sum(conv(x, W))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[[[1.0], [2.0]], [[3.0], [4.0]]]]}))
""",
        "def conv(x, W):\n    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding=\"SAME\")\n",
        id="a helper that makes no variables stays a function",
    ),
    pytest.param(
        """\
import tensorflow as tf


def dense(x, n):
    w = tf.Variable(tf.ones([3, n]))
    return tf.matmul(x, w)


def main(dense):
    x = tf.placeholder(tf.float32, [None, 3])
    y = dense(x, 2)
    with tf.Session() as sess:
        print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]]}))


main(lambda t, n: t * n)
""",
        "def dense(x, n):\n    w = tf.Variable(tf.ones([3, n]))\n    return tf.matmul(x, w)\n",
        id="a parameter shadowing the helper's name is not the helper",
    ),
    pytest.param(
        """\
import tensorflow as tf


class Dense(tf.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.w = tf.Variable(tf.ones([n_in, n_out]))

    def __call__(self, x):
        return tf.matmul(x, self.w)


layer = Dense(3, 2)


@tf.function
def f(x):
    return layer(x)
""",
        "    def __call__(self, x):\n        return tf.matmul(x, self.w)\n",
        id="code already written with tf.Module",
    ),
]


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_helper_becomes_a_module(before, after):
    out, findings = migrate(before)
    assert out == after
    assert not {f.code for f in findings} & {"TFM301", "TFM302"}
    assert any(f.code == "TFM300" and "now tf.Module" in f.message for f in findings)
    assert migrate(out)[0] == out


@pytest.mark.parametrize(("before", "line", "message"), REFUSED)
def test_refusal_names_the_construct(before, line, message):
    out, findings = migrate(before, fallback=False)
    assert "tf.Module" not in out and "def " in out  # other rules may still rename ops; the helper stays
    assert [(f.line, f.message) for f in findings if f.code == "TFM301"] == [(line, message)]
    fallback, findings = migrate(before)
    assert "tf.compat.v1.disable_eager_execution()" in fallback and "tf.Module" not in fallback


@pytest.mark.parametrize(("before", "kept"), UNCHANGED)
def test_no_module_is_made(before, kept):
    out, findings = migrate(before)
    assert kept in out
    assert "now tf.Module" not in " ".join(f.message for f in findings)
    assert out.count("tf.Module") == before.count("tf.Module")


def _run(args: list, cwd: Path) -> str:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


@pytest.mark.slow  # starts TensorFlow twice per case
@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converted_program_prints_what_the_original_printed(before, after, tmp_path):
    """Constant initializers and fixed inputs: the printed numbers must be identical."""
    (tmp_path / "original.py").write_text(before)
    (tmp_path / "migrated.py").write_text(after)
    expected = _run(["-m", "migrate", "run", tmp_path / "original.py"], tmp_path)
    assert expected.strip()
    assert _run([tmp_path / "migrated.py"], tmp_path) == expected
