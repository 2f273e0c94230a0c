"""Sessions used other than to run fetches: handed to a helper, a second session, ``sess.graph``, Saver.

A function opening its own session over the module's graph (``def main(): with tf.Session() as sess:``,
``sess = tf.Session(); saver.restore(sess, path); ...; sess.close()``) loses the session and keeps the rest.
A function whose parameter is only ever the session it runs things with
(``def evaluate(sess, X, Y): return sess.run(acc, ...)``) loses that parameter,
and its calls that argument; ``FileWriter(logdir, sess.graph)`` writes no graph
(a note says so); a second ``tf.Session()`` that restores a checkpoint is the
same eager state. An initializer run after training (a second session that
starts afresh, an init inside the training loop) reset TF1's variables: refused.
"""

from __future__ import annotations

import pytest

from conversion_checks import assert_converts, assert_left_alone, assert_refuses
from test_eager import migrate
from test_fetch_expressions import prints_the_same

CONVERTED = [
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None])
w = tf.Variable(3.0)
y = x * w
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(tf.reduce_sum(tf.square(y - 1.0)))


def train(sess):
    for _ in range(5):
        sess.run(train_op, feed_dict={x: [1.0, 2.0]})


if __name__ == "__main__":
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    train(sess)
    print(sess.run(y, feed_dict={x: [1.0, 2.0]}))
    sess.close()
""",
        """\
import tensorflow as tf
w = tf.Variable(3.0)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def train_op(x):
    with tf.GradientTape() as tape:
        y = x * w
        loss = tf.reduce_sum(tf.square(y - 1.0))
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(gradients, variables))


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def compute_y(x):
    y = x * w
    return y


def train():
    for _ in range(5):
        train_op([1.0, 2.0])


if __name__ == "__main__":
    train()
    print(compute_y([1.0, 2.0]).numpy())
""",
        id="the session opened under if __name__ == '__main__': and handed to a helper",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None])
w = tf.Variable(3.0)
y = x * w
loss = tf.reduce_sum(tf.square(y - 1.0))
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss)


def main():
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(train_op, feed_dict={x: [1.0, 2.0]})
        print(sess.run(y, feed_dict={x: [1.0, 2.0]}))


if __name__ == "__main__":
    main()
""",
        """\
import tensorflow as tf
w = tf.Variable(3.0)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def train_op(x):
    with tf.GradientTape() as tape:
        y = x * w
        loss = tf.reduce_sum(tf.square(y - 1.0))
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(gradients, variables))


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def compute_y(x):
    y = x * w
    return y


def main():
    for _ in range(5):
        train_op([1.0, 2.0])
    print(compute_y([1.0, 2.0]).numpy())


if __name__ == "__main__":
    main()
""",
        id="the graph at module level, the session in main(): the session goes, main() keeps its loop",
    ),
    pytest.param(
        """\
import os
import tempfile

import tensorflow as tf

x = tf.placeholder(tf.float32, [None])
w = tf.Variable(3.0)
y = x * w
saver = tf.train.Saver()
path = os.path.join(tempfile.mkdtemp(), "model.ckpt")


def evaluate(checkpoint):
    sess = tf.Session()
    saver.restore(sess, checkpoint)
    value = sess.run(y, feed_dict={x: [1.0, 2.0]})
    sess.close()
    return value


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(w.assign(5.0))
    saver.save(sess, path)
    sess.run(w.assign(1.0))
print(evaluate(path))
""",
        """\
import os
import tempfile

import tensorflow as tf
w = tf.Variable(3.0)
saver = tf.train.Checkpoint(w=w)
path = os.path.join(tempfile.mkdtemp(), "model.ckpt")


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def compute_y(x):
    y = x * w
    return y


def evaluate(checkpoint):
    saver.restore(checkpoint)
    value = compute_y([1.0, 2.0]).numpy()
    return value


w.assign(5.0)
saver.write(path)
w.assign(1.0)
print(evaluate(path))
""",
        id="a function opening its own session to restore and evaluate the module's graph",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None])
y = x * 2.0


def evaluate(sess, data):
    return sess.run(y, feed_dict={x: data})


with tf.Session() as sess:
    print(evaluate(sess, [1.0, 2.0]))
""",
        """\
import tensorflow as tf


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def compute_y(x):
    y = x * 2.0
    return y


def evaluate(data):
    return compute_y(data).numpy()


print(evaluate([1.0, 2.0]))
""",
        id='a helper taking the session loses the parameter and its calls the argument',
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
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32))


def evaluate(session, X, Y):
    return session.run(accuracy, feed_dict={x: X, y: Y})


def train_epoch(sess, X, Y):
    _, l = sess.run([train_op, loss], {x: X, y: Y})
    return l


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    writer = tf.summary.FileWriter("logs_h1", sess.graph)
    for epoch in range(3):
        print(epoch, train_epoch(sess, data_x, data_y), evaluate(sess, data_x, data_y))
    writer.close()
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
def compute_accuracy(x, y):
    logits = tf.matmul(x, W) + b
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32))
    return accuracy


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def train_op(x, y):
    with tf.GradientTape() as tape:
        logits = tf.matmul(x, W) + b
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(gradients, variables))
    return loss


def evaluate(X, Y):
    return compute_accuracy(X, Y).numpy()


def train_epoch(X, Y):
    l = train_op(X, Y).numpy()
    return l


writer = tf.summary.create_file_writer("logs_h1")
for epoch in range(3):
    print(epoch, train_epoch(data_x, data_y), evaluate(data_x, data_y))
writer.close()
""",
        id='helpers taking the session under any name, and FileWriter(logdir, sess.graph)',
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
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32))
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        sess.run(train_op, feed_dict={x: data_x, y: data_y})
    print("trained", sess.run(loss, feed_dict={x: data_x, y: data_y}))
    saver.save(sess, "./t3_model.ckpt")

with tf.Session() as sess:
    saver.restore(sess, "./t3_model.ckpt")
    print("restored", sess.run(accuracy, feed_dict={x: data_x, y: data_y}))
""",
        """\
import numpy as np
import tensorflow as tf

data_x = np.linspace(0.0, 1.0, 32, dtype="float32").reshape(8, 4)
data_y = np.eye(2)[(data_x.sum(axis=1) > 2.0).astype(int)].astype("float32")
W = tf.Variable(tf.zeros([4, 2]))
b = tf.Variable(tf.zeros([2]))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
saver = tf.train.Checkpoint(optimizer=optimizer, W=W, b=b)


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def train_op(x, y):
    with tf.GradientTape() as tape:
        logits = tf.matmul(x, W) + b
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(gradients, variables))


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def compute_loss(x, y):
    logits = tf.matmul(x, W) + b
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    return loss


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def compute_accuracy(x, y):
    logits = tf.matmul(x, W) + b
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32))
    return accuracy


for step in range(5):
    train_op(data_x, data_y)
print("trained", compute_loss(data_x, data_y).numpy())
saver.write("./t3_model.ckpt")
saver.restore("./t3_model.ckpt")
print("restored", compute_accuracy(data_x, data_y).numpy())
""",
        id='train and save in one session, restore and evaluate in a second',
    ),
    pytest.param(
        """\
# Logistic regression, written the way tutorials did.
from __future__ import print_function

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(1)
X_train = rng.rand(100, 3).astype(np.float32)
Y_train = (X_train @ np.array([[1.0], [-2.0], [0.5]], np.float32) > 0).astype(np.float32)

learning_rate = 0.5
training_epochs = 6
display_step = 2

tf.reset_default_graph()
X = tf.placeholder("float", [None, 3], name="X")
Y = tf.placeholder("float", [None, 1], name="Y")
W = tf.Variable(tf.zeros([3, 1]), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")

pred = tf.sigmoid(tf.add(tf.matmul(X, W), b))
cost = tf.reduce_mean(-Y * tf.log(pred + 1e-8) - (1 - Y) * tf.log(1 - pred + 1e-8))
optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)
init = tf.global_variables_initializer()


def accuracy_of(session, features, labels):
    correct = tf.equal(tf.round(pred), Y)
    return session.run(tf.reduce_mean(tf.cast(correct, tf.float32)) * 100, feed_dict={X: features, Y: labels})


with tf.Session() as sess:
    sess.run(init)
    for epoch in range(training_epochs):
        _, c = sess.run([optimizer, cost], feed_dict={X: X_train, Y: Y_train})
        if (epoch + 1) % display_step == 0:
            print("Epoch:", '%04d' % (epoch + 1), "cost=", "{:.9f}".format(c))
    print("Optimization Finished!")
    print("W=", sess.run(W).ravel(), "b=", sess.run(b))
    print("Accuracy: %.1f%%" % accuracy_of(sess, X_train, Y_train))
    print("first predictions:", sess.run(tf.round(pred), {X: X_train[:5]}).ravel())
    print("positives:", sess.run(tf.reduce_sum(tf.round(pred)), feed_dict={X: X_train}))
""",
        """\
# Logistic regression, written the way tutorials did.
from __future__ import print_function

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(1)
X_train = rng.rand(100, 3).astype(np.float32)
Y_train = (X_train @ np.array([[1.0], [-2.0], [0.5]], np.float32) > 0).astype(np.float32)

learning_rate = 0.5
training_epochs = 6
display_step = 2
W = tf.Variable(tf.zeros([3, 1]), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
optimizer_1 = tf.keras.optimizers.SGD(learning_rate=learning_rate)


@tf.function(input_signature=[tf.TensorSpec([None, 3], "float"), tf.TensorSpec([None, 1], "float")])
def compute_pred_Y(X, Y):
    pred = tf.sigmoid(tf.add(tf.matmul(X, W), b))
    correct = tf.equal(tf.round(pred), Y)
    return tf.reduce_mean(tf.cast(correct, tf.float32)) * 100


@tf.function(input_signature=[tf.TensorSpec([None, 3], "float"), tf.TensorSpec([None, 1], "float")])
def train_step(X, Y):
    with tf.GradientTape() as tape:
        pred = tf.sigmoid(tf.add(tf.matmul(X, W), b))
        cost = tf.reduce_mean(-Y * tf.math.log(pred + 1e-8) - (1 - Y) * tf.math.log(1 - pred + 1e-8))
    variables = tape.watched_variables()
    gradients = tape.gradient(cost, variables)
    optimizer_1.apply_gradients(zip(gradients, variables))
    return cost


@tf.function(input_signature=[tf.TensorSpec([None, 3], "float")])
def compute_pred(X):
    pred = tf.sigmoid(tf.add(tf.matmul(X, W), b))
    return tf.round(pred)


@tf.function(input_signature=[tf.TensorSpec([None, 3], "float")])
def compute_pred_1(X):
    pred = tf.sigmoid(tf.add(tf.matmul(X, W), b))
    return tf.reduce_sum(tf.round(pred))


def accuracy_of(features, labels):
    return compute_pred_Y(features, labels).numpy()


for epoch in range(training_epochs):
    c = train_step(X_train, Y_train).numpy()
    if (epoch + 1) % display_step == 0:
        print("Epoch:", '%04d' % (epoch + 1), "cost=", "{:.9f}".format(c))
print("Optimization Finished!")
print("W=", W.numpy().ravel(), "b=", b.numpy())
print("Accuracy: %.1f%%" % accuracy_of(X_train, Y_train))
print("first predictions:", compute_pred(X_train[:5]).numpy().ravel())
print("positives:", compute_pred_1(X_train).numpy())
""",
        id='aymeric-style logistic regression: a helper taking the session builds graph and fetches an expression',
    ),
]

REFUSED = [
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
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32))
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        sess.run(train_op, feed_dict={x: data_x, y: data_y})
    print("trained", sess.run(loss, feed_dict={x: data_x, y: data_y}))
    saver.save(sess, "./t2_model.ckpt")

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("fresh", sess.run(loss, feed_dict={x: data_x, y: data_y}))
    saver.restore(sess, "./t2_model.ckpt")
    print("restored", sess.run(accuracy, feed_dict={x: data_x, y: data_y}))
""",
        25, "the variables are initialized again after training ran (a second session, or an initializer run in the "
            "training loop): TF1 reset them, eager variables keep their values",
        id="a second session that initializes the variables again",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([1, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    for fold in range(2):
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            sess.run(train_op, feed_dict={x: [[1.0]]})
        print(fold, sess.run(loss, feed_dict={x: [[1.0]]}))
""",
        9, "the variables are initialized again after training ran (a second session, or an initializer run in the "
           "training loop): TF1 reset them, eager variables keep their values",
        id="an initializer run at each fold of a cross-validation loop",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None])
y = x * 2.0


def evaluate(sess, data):
    print("running in", sess)
    return sess.run(y, feed_dict={x: data})


with tf.Session() as sess:
    print(evaluate(sess, [1.0, 2.0]))
""",
        13, "session 'sess' is used other than to run fetches",
        id="a helper that also prints its session is not only running things with it",
    ),
]

UNCHANGED = [
    pytest.param(
        """\
import tensorflow as tf


class Session:
    def run(self, fetches, feed_dict=None):
        return fetches


def evaluate(sess, value):
    return sess.run(value)


print(evaluate(Session(), tf.constant(2.0)))
""",
        id="a helper running a local Session class",
    ),
    pytest.param(
        """\
import tensorflow as tf

w = tf.Variable(1.0)
checkpoint = tf.train.Checkpoint(w=w)


def save(manager_checkpoint, path):
    return manager_checkpoint.write(path)
""",
        id="TF2 checkpoint code",
    ),
    pytest.param(
        """\
import tensorflow as tf

w = tf.Variable(tf.ones([2, 1]))


@tf.function
def predict(x):
    return tf.matmul(x, w)


def evaluate(run, features):
    return run(features).numpy()


print(evaluate(predict, [[1.0, 2.0]]))
""",
        id="TF2 code: a helper given a tf.function to run",
    ),
    pytest.param(
        """\
import tensorflow as tf
from mylib import Session

x = tf.ones([2])


def evaluate(sess, value):
    return sess.run(value)


with Session() as sess:
    print(evaluate(sess, x * 2))
""",
        id="a Session imported from another library, handed to a helper",
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


def test_a_session_on_a_graph_built_apart_is_refused():
    # TF1 ran g's own tensors; eagerly, g.get_tensor_by_name gives a graph tensor that can't be evaluated
    source = ("import tensorflow as tf\n"
              "with tf.Graph().as_default() as g:\n"
              "    y = tf.constant([1.0, 2.0], name=\"y\")\n"
              "with tf.Session(graph=g) as sess:\n"
              "    z = sess.run(tf.reduce_sum(g.get_tensor_by_name('y:0')))\n"
              "print(z)\n")
    out, findings = migrate(source)
    assert [(f.line, f.message) for f in findings if f.code == "TFM301"] == [(4, (
        "graph code not converted to eager (line 4): the session runs the graph g, built or imported apart: "
        "its tensors exist only in that graph"))]
    assert "tf.compat.v1.disable_eager_execution()" in out


def test_control_dependencies_on_a_train_op_is_refused():
    # TF1 ran `step` before every run of train_op; flattening the with-block would drop the training
    source = (
        "import tensorflow as tf\n"
        "x = tf.placeholder(tf.float32, [None, 2])\n"
        "w = tf.Variable(tf.zeros([2, 1]))\n"
        "loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))\n"
        "step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n"
        "with tf.control_dependencies([step]):\n"
        "    train_op = tf.identity(loss)\n"
        "with tf.Session() as sess:\n"
        "    sess.run(tf.global_variables_initializer())\n"
        "    print(sess.run(train_op, {x: [[1.0, 2.0]]}))\n")
    out, findings = migrate(source)
    assert [f.line for f in findings if f.code == "TFM301"] == [6]
    assert "tf.compat.v1.disable_eager_execution()" in out
