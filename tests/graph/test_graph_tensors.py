"""Graph tensors used outside sess.run/eval: graph built after the session started, static attributes.

A tensor built between runs (``pred = tf.argmax(logits, 1)`` after training)
is graph code like any other. A placeholder's ``.shape`` / ``.get_shape()`` /
``.dtype`` is what it was declared with (``tf.TensorShape([None, 4])``; TF 1.x
printed an unknown dimension as ``?``, TF2 prints ``None``: a note says so).
What has no eager meaning is refused with the construct named: ``print(logits)``
(TF1 printed the symbolic tensor), ``logits.name``, a computed tensor's static shape.
"""

from __future__ import annotations

import pytest

from conversion_checks import assert_converts, assert_left_alone, assert_refuses
from test_fetch_expressions import prints_the_same

CONVERTED = [
    pytest.param(
        """\
import numpy as np
import tensorflow as tf

data_x = np.linspace(0.0, 1.0, 32, dtype="float32").reshape(8, 4)
data_y = np.eye(2)[(data_x.sum(axis=1) > 2.0).astype(int)].astype("float32")

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable(tf.zeros([4, 2]))
b = tf.Variable(tf.zeros([2]))
logits = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(5):
    _, l = sess.run([train_op, loss], feed_dict={x: data_x, y: data_y})
    print("epoch", epoch, "loss", l)

pred = tf.argmax(logits, 1)
correct = tf.equal(pred, tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
print("accuracy", sess.run(accuracy, feed_dict={x: data_x, y: data_y}))
print("predictions", sess.run(pred, feed_dict={x: data_x[:4]}))
sess.close()
print("declared", x.shape.as_list(), x.get_shape()[1], x.dtype.name)
""",
        """\
import numpy as np
import tensorflow as tf

data_x = np.linspace(0.0, 1.0, 32, dtype="float32").reshape(8, 4)
data_y = np.eye(2)[(data_x.sum(axis=1) > 2.0).astype(int)].astype("float32")
W = tf.Variable(tf.zeros([4, 2]))
b = tf.Variable(tf.zeros([2]))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def train_op(x, y):
    with tf.GradientTape() as tape:
        logits = tf.matmul(x, W) + b
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(gradients, variables))
    return loss


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def compute_accuracy(x, y):
    logits = tf.matmul(x, W) + b
    pred = tf.argmax(logits, 1)
    correct = tf.equal(pred, tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    return accuracy


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
def compute_pred(x):
    logits = tf.matmul(x, W) + b
    pred = tf.argmax(logits, 1)
    return pred


for epoch in range(5):
    l = train_op(data_x, data_y).numpy()
    print("epoch", epoch, "loss", l)
print("accuracy", compute_accuracy(data_x, data_y).numpy())
print("predictions", compute_pred(data_x[:4]).numpy())
print("declared", tf.TensorShape([None, 4]).as_list(), tf.TensorShape([None, 4])[1], tf.float32.name)
""",
        id="graph built after training, then run; a placeholder's declared shape and dtype",
    ),
    pytest.param(
        """\
import numpy as np
import tensorflow as tf

data_x = np.linspace(0.0, 1.0, 32, dtype="float32").reshape(8, 4)
data_y = np.eye(2)[(data_x.sum(axis=1) > 2.0).astype(int)].astype("float32")

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable(tf.zeros([4, 2]))
b = tf.Variable(tf.zeros([2]))
logits = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(4):
        _, c = sess.run([train_op, loss], feed_dict={x: data_x, y: data_y})
        if epoch % 2 == 1:
            correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
            accuracy = tf.reduce_mean(tf.cast(correct, "float"))
            print("epoch", epoch, "cost", c, "accuracy", accuracy.eval({x: data_x, y: data_y}))
    prediction = tf.argmax(logits, 1)
    print("predictions", prediction.eval({x: data_x}))
""",
        """\
import numpy as np
import tensorflow as tf

data_x = np.linspace(0.0, 1.0, 32, dtype="float32").reshape(8, 4)
data_y = np.eye(2)[(data_x.sum(axis=1) > 2.0).astype(int)].astype("float32")
W = tf.Variable(tf.zeros([4, 2]))
b = tf.Variable(tf.zeros([2]))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def train_op(x, y):
    with tf.GradientTape() as tape:
        logits = tf.matmul(x, W) + b
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(gradients, variables))
    return loss


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def compute_accuracy(x, y):
    logits = tf.matmul(x, W) + b
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, "float"))
    return accuracy


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
def compute_prediction(x):
    logits = tf.matmul(x, W) + b
    prediction = tf.argmax(logits, 1)
    return prediction


for epoch in range(4):
    c = train_op(data_x, data_y).numpy()
    if epoch % 2 == 1:
        print("epoch", epoch, "cost", c, "accuracy", compute_accuracy(data_x, data_y).numpy())
print("predictions", compute_prediction(data_x).numpy())
""",
        id='graph built inside the training loop: the run computes it in its function, the statements go',
    ),
]

REFUSED = [
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
logits = tf.layers.dense(x, 2)
print(logits)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(logits, feed_dict={x: [[1.0, 2.0, 3.0, 4.0]]}))
""",
        5, "print(logits) printed TF1's symbolic tensor (op name, static shape, dtype); TF2 has no such object outside "
           "a tf.function: print a computed value, or its shape where it is a placeholder",
        id="print(logits) of the symbolic tensor",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
h = tf.nn.relu(x)
with tf.Session() as sess:
    print(h.get_shape()[1], sess.run(h, feed_dict={x: [[1.0, -2.0, 3.0, 4.0]]}))
""",
        6, "h.get_shape() is the static shape TF1 inferred while building the graph: kept only for placeholders "
           "(their declared shape); compute it inside a function or from a fetched value",
        id="the static shape of a computed tensor read between runs",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4], name="x")
y = tf.identity(x, name="y")
with tf.Session() as sess:
    print(y.name, sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0, 4.0]]}))
""",
        6, "y.name is the name of a graph op: an eager tensor has none",
        id="a graph op's name",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.ones([2, 1]))
y = tf.matmul(x, w)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(2):
        if epoch == 1:
            doubled = y * 2.0
        else:
            doubled = y * 3.0
        print(sess.run(doubled, feed_dict={x: [[1.0, 2.0]]}))
""",
        12, "graph tensor 'doubled' is built twice in run code (in branches or in sequence): which one a run "
            "fetches depends on the path taken",
        id="graph built in run code differently in two branches",
    ),
]

UNCHANGED = [
    pytest.param(
        """\
import tensorflow as tf

x = tf.ones([2, 4])
print(x.shape, x.dtype, x)
""",
        id="an eager tensor's shape and value in TF2 code",
    ),
    pytest.param(
        """\
import tensorflow as t

x = t.keras.Input(shape=(4,))
print(x.shape)
""",
        id="import tensorflow as t: a Keras input's shape",
    ),
]


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converts(before, after):
    assert_converts(before, after)


@pytest.mark.parametrize(("before", "line", "message"), REFUSED)
def test_refuses_with_the_construct_named(before, line, message):
    assert_refuses(before, line, message)


@pytest.mark.parametrize("source", UNCHANGED)
def test_leaves_alone(source):
    assert_left_alone(source)


@pytest.mark.slow  # starts TensorFlow three times a case
@pytest.mark.parametrize("profile", ["tf2.15", "latest"])
@pytest.mark.parametrize("case", range(len(CONVERTED)))
def test_migrated_prints_what_the_original_printed(case, profile, tmp_path):
    prints_the_same(CONVERTED[case].values[0], profile, tmp_path)
