"""Graph code under an ``if`` on a Python value (``if FLAGS.use_hidden: net = tf.layers.dense(net, 12)``).

TF1 built the branch the flag chose; the traced function decides the same ``if`` at trace time.
An ``if`` on a graph value, or a branch that makes variables or optimizers, stays graph code.
"""

from __future__ import annotations

import pytest

from conversion_checks import assert_converts, assert_refuses
from test_fetch_expressions import prints_the_same

BEFORE = """\
import numpy as np
import tensorflow as tf

USE_HIDDEN = True
data = np.linspace(-1.0, 1.0, 8, dtype="float32").reshape(4, 2)
tf.set_random_seed(0)
x = tf.placeholder(tf.float32, [None, 2])
net = x
if USE_HIDDEN:
    net = tf.layers.dense(net, 3, activation=tf.nn.tanh, kernel_initializer=tf.ones_initializer())
else:
    net = tf.nn.relu(net)
out = tf.layers.dense(net, 1, kernel_initializer=tf.ones_initializer())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, feed_dict={x: data}))
"""

AFTER = """\
import numpy as np
import tensorflow as tf

USE_HIDDEN = True
data = np.linspace(-1.0, 1.0, 8, dtype="float32").reshape(4, 2)
tf.random.set_seed(0)
dense = tf.keras.layers.Dense(3, activation=tf.nn.tanh, kernel_initializer=tf.ones_initializer())
dense_1 = tf.keras.layers.Dense(1, kernel_initializer=tf.ones_initializer())


@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
def compute_out(x):
    net = x
    if USE_HIDDEN:
        net = dense(net)
    else:
        net = tf.nn.relu(net)
    out = dense_1(net)
    return out


print(compute_out(data).numpy())
"""


def test_an_if_on_a_python_flag_moves_into_the_function():
    assert_converts(BEFORE, AFTER)


def test_an_if_on_a_graph_value_stays_graph_code():
    source = BEFORE.replace("if USE_HIDDEN:", "if net is not None and x.shape[1] == 2:")
    assert_refuses(source, 9, "graph tensor 'net' is used outside sess.run/eval")


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["tf2.15", "latest"])
def test_the_conditional_program_prints_what_the_original_printed(profile, tmp_path):
    prints_the_same(BEFORE, profile, tmp_path)
