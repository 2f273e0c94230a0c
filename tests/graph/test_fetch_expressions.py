"""Any expression as a fetch: ``sess.run(accuracy * 100)``, ``sess.run(tf.argmax(y, 1))``, ``t.eval() * 100``.

A fetched expression of graph values becomes what the generated ``tf.function``
returns (its graph names are sliced in, its fed placeholders are arguments, a
Python name that changes between runs is an argument too); a TF expression of no
graph value (``tf.constant(3)``, ``tf.argmax(labels[r:r + 1], 1)``) is evaluated
where it stands. The run test trains the TF1 original on the runtime and the
migrated program on plain TensorFlow and compares what they print.
"""

from __future__ import annotations

import sys

import pytest

from migrate.engine.context import Options
from migrate.engine.source import migrate_python
from migrate.graph.idiom import tf1_left
from test_eager import codes, migrate
from test_eager_runs import PYTHONS, run, same_output

CONVERTED = [
    pytest.param(
        """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_x = rng.rand(64, 4).astype(np.float32)
train_y = np.eye(2)[(train_x.sum(axis=1) > 2.0).astype(int)].astype(np.float32)

x = tf.placeholder(tf.float32, [None, 4])
y_ = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable(tf.zeros([4, 2]))
b = tf.Variable(tf.zeros([2]))
y = tf.matmul(x, W) + b
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
for _ in range(30):
    sess.run(train_step, feed_dict={x: train_x, y_: train_y})
print("test accuracy %g%%" % (accuracy.eval(feed_dict={x: train_x, y_: train_y}) * 100))
print("accuracy", sess.run(accuracy * 100, feed_dict={x: train_x, y_: train_y}))
for r in range(3):
    print("label", sess.run(tf.argmax(train_y[r:r + 1], 1)), "prediction", sess.run(tf.argmax(y, 1), feed_dict={x: train_x[r:r + 1]}))
""",
        """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_x = rng.rand(64, 4).astype(np.float32)
train_y = np.eye(2)[(train_x.sum(axis=1) > 2.0).astype(int)].astype(np.float32)
W = tf.Variable(tf.zeros([4, 2]))
b = tf.Variable(tf.zeros([2]))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def train_step(x, y_):
    with tf.GradientTape() as tape:
        y = tf.matmul(x, W) + b
        cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
    variables = tape.watched_variables()
    gradients = tape.gradient(cross_entropy, variables)
    optimizer.apply_gradients(zip(gradients, variables))


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def compute_accuracy(x, y_):
    y = tf.matmul(x, W) + b
    correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    return accuracy


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 2], tf.float32)])
def compute_accuracy_1(x, y_):
    y = tf.matmul(x, W) + b
    correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    return accuracy * 100


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
def compute_y(x):
    y = tf.matmul(x, W) + b
    return tf.argmax(y, 1)


for _ in range(30):
    train_step(train_x, train_y)
print("test accuracy %g%%" % (compute_accuracy(train_x, train_y).numpy() * 100))
print("accuracy", compute_accuracy_1(train_x, train_y).numpy())
for r in range(3):
    print("label", tf.argmax(train_y[r:r + 1], 1).numpy(), "prediction", compute_y(train_x[r:r + 1]).numpy())
""",
        id='mnist_softmax style: accuracy.eval() * 100, sess.run(accuracy * 100), argmax of plain labels eagerly',
    ),
    pytest.param(
        """\
import numpy as np
import tensorflow as tf

X_data = np.linspace(-1.0, 1.0, 20, dtype=np.float32).reshape(10, 2)
Y_data = (X_data[:, :1] > 0).astype(np.float32)

X = tf.placeholder(tf.float32, shape=[None, 2])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.zeros([2, 1]), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
hypothesis = tf.sigmoid(tf.matmul(X, W) + b)
cost = -tf.reduce_mean(Y * tf.log(hypothesis + 1e-7) + (1 - Y) * tf.log(1 - hypothesis + 1e-7))
train = tf.train.GradientDescentOptimizer(learning_rate=1.0).minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(21):
        cost_val, _ = sess.run([cost, train], feed_dict={X: X_data, Y: Y_data})
        if step % 10 == 0:
            print(step, cost_val)
    h, c, a = sess.run([hypothesis, tf.cast(hypothesis > 0.5, tf.float32),
                        tf.reduce_mean(tf.cast(tf.equal(tf.cast(hypothesis > 0.5, tf.float32), Y), tf.float32))],
                       feed_dict={X: X_data, Y: Y_data})
    print("Accuracy:", a)
    print("rounded:", sess.run(tf.round(hypothesis), feed_dict={X: X_data[:2]}).ravel())
    print("batch size:", sess.run(tf.shape(X)[0], feed_dict={X: X_data}))
    print("weights sum:", sess.run(tf.reduce_sum(W)))
""",
        """\
import numpy as np
import tensorflow as tf

X_data = np.linspace(-1.0, 1.0, 20, dtype=np.float32).reshape(10, 2)
Y_data = (X_data[:, :1] > 0).astype(np.float32)
W = tf.Variable(tf.zeros([2, 1]), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
optimizer = tf.keras.optimizers.SGD(learning_rate=1.0)


@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32), tf.TensorSpec([None, 1], tf.float32)])
def train_step(X, Y):
    with tf.GradientTape() as tape:
        hypothesis = tf.sigmoid(tf.matmul(X, W) + b)
        cost = -tf.reduce_mean(Y * tf.math.log(hypothesis + 1e-7) + (1 - Y) * tf.math.log(1 - hypothesis + 1e-7))
    variables = tape.watched_variables()
    gradients = tape.gradient(cost, variables)
    optimizer.apply_gradients(zip(gradients, variables))
    return cost


@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32), tf.TensorSpec([None, 1], tf.float32)])
def compute_hypothesis_Y(X, Y):
    hypothesis = tf.sigmoid(tf.matmul(X, W) + b)
    return hypothesis, tf.cast(hypothesis > 0.5, tf.float32), tf.reduce_mean(tf.cast(tf.equal(tf.cast(hypothesis > 0.5, tf.float32), Y), tf.float32))


@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
def compute_hypothesis(X):
    hypothesis = tf.sigmoid(tf.matmul(X, W) + b)
    return tf.round(hypothesis)


@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
def compute_X(X):
    return tf.shape(X)[0]


for step in range(21):
    cost_val = train_step(X_data, Y_data).numpy()
    if step % 10 == 0:
        print(step, cost_val)
h, c, a = [value.numpy() for value in compute_hypothesis_Y(X_data, Y_data)]
print("Accuracy:", a)
print("rounded:", compute_hypothesis(X_data[:2]).numpy().ravel())
print("batch size:", compute_X(X_data).numpy())
print("weights sum:", tf.reduce_sum(W).numpy())
""",
        id='a fetch list mixing names and expressions; tf.round / tf.shape(X)[0] / a variable expression',
    ),
    pytest.param(
        """\
import numpy as np
import tensorflow as tf


def read_tensor(values, mean=0.0, std=255.0):
    if values.ndim == 1:
        raw = tf.expand_dims(tf.constant(values, tf.float32), 0)
    else:
        raw = tf.constant(values, tf.float32)
    scaled = tf.divide(tf.subtract(raw, [mean]), [std])
    sess = tf.Session()
    result = sess.run(scaled)
    return result


print(read_tensor(np.arange(4.0)))
print(read_tensor(np.ones((2, 2)) * 51.0))
""",
        """\
import numpy as np
import tensorflow as tf


def read_tensor(values, mean=0.0, std=255.0):
    if values.ndim == 1:
        raw = tf.expand_dims(tf.constant(values, tf.float32), 0)
    else:
        raw = tf.constant(values, tf.float32)
    scaled = tf.divide(tf.subtract(raw, [mean]), [std])
    result = scaled.numpy()
    return result


print(read_tensor(np.arange(4.0)))
print(read_tensor(np.ones((2, 2)) * 51.0))
""",
        id="a TF value of plain values fetched by name (label_image's read_tensor_from_image_file) is .numpy()",
    ),
]


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_a_fetched_expression_is_returned_by_its_function(before, after):
    out, findings = migrate(before)
    assert out == after
    assert "TFM300" in codes(findings) and not codes(findings) & {"TFM301", "TFM302"}
    assert tf1_left(out.encode()) == []
    assert migrate(out)[0] == out


# (before, what the output must contain, what it must not)
STRUCTURE = [
    pytest.param(
        """\
import numpy as np
import tensorflow as t

x = t.placeholder(t.float32, [None, 3])
w = t.Variable(t.ones([3, 1]))
y = t.matmul(x, w)
with t.Session() as session:
    session.run(t.global_variables_initializer())
    print(session.run(t.reduce_sum(y) * 2, feed_dict={x: np.ones((2, 3))}))
""",
        ["def compute_y(x):", "    return t.reduce_sum(y) * 2", "print(compute_y(np.ones((2, 3))).numpy())"],
        ["Session", "placeholder"],
        id="import tensorflow as t: the expression is returned under the file's own alias",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
logits = x * 2.0
with tf.Session() as sess:
    for i in range(2):
        print(sess.run(logits[i], feed_dict={x: [[1.0, 2.0], [3.0, 4.0]]}))
""",
        ["@tf.function\ndef compute_logits(x, i):", "    return logits[i]",
         "print(compute_logits([[1.0, 2.0], [3.0, 4.0]], i).numpy())"],
        ["input_signature"],
        id="a loop variable read by the fetch is an argument (a traced function would keep its first value)",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
y = tf.reduce_sum(x, 1)
with tf.Session() as sess:
    result = sess.run({"sum": y, "mean": tf.reduce_mean(y)}, feed_dict={x: [[1.0, 2.0]]})
    print(result)
""",
        ['return {"sum": y, "mean": tf.reduce_mean(y)}', "{key: value.numpy() for key, value in compute_y("],
        ["Session"],
        id="a fetch dict with a name and an op built at the run",
    ),
    pytest.param(
        """\
import tensorflow as tf

with tf.Session() as sess:
    print(sess.run(tf.constant(3) + 1))
    sess.run(tf.constant(0))
""",
        ["print((tf.constant(3) + 1).numpy())", "\ntf.constant(0)\n"],
        ["Session", "def "],
        id="an expression of no graph value is evaluated eagerly where it stands",
    ),
]


@pytest.mark.parametrize(("before", "present", "absent"), STRUCTURE)
def test_fetched_expression_structure(before, present, absent):
    out, findings = migrate(before)
    assert not codes(findings) & {"TFM301", "TFM302"}, [f.message for f in findings if f.code == "TFM301"]
    assert [p for p in present if p not in out] == [], out
    assert [a for a in absent if a in out] == [], out
    compile(out, "out.py", "exec")
    assert migrate(out)[0] == out


REFUSED = [
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
h = tf.layers.dense(x, 4)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(tf.layers.dense(h, 2), feed_dict={x: [[1.0, 2.0]]}))
""",
        7, "fetch expression 'tf.layers.dense(h, 2)' creates variables at the run (tf.layers.dense)",
        id="a layer built inside the run call would make new variables at each run",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
outputs = [x * 2.0, x * 3.0]
with tf.Session() as sess:
    print(sess.run([o + 1.0 for o in outputs], feed_dict={x: [[1.0, 2.0]]}))
""",
        6, "fetch expression '[o + 1.0 for o in outputs]' binds names of its own (lambda, comprehension)",
        id="a comprehension fetch",
    ),
    pytest.param(
        """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([1, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(tf.group(train_op, tf.no_op()), feed_dict={x: [[1.0]]})
""",
        9, "fetch expression 'tf.group(train_op, tf.no_op())' reads 'train_op' (a train statement), which has no "
           "value to compute with",
        id="an op grouped at the run",
    ),
]


@pytest.mark.parametrize(("before", "line", "message"), REFUSED)
def test_a_fetched_expression_that_cannot_be_computed_is_refused(before, line, message):
    out, findings = migrate(before)
    assert [(f.line, f.message) for f in findings if f.code == "TFM301"] == [
        (line, f"graph code not converted to eager (line {line}): {message}")]
    assert "TFM302" in codes(findings) and "tf.compat.v1.disable_eager_execution()" in out
    assert migrate(before, fallback=False)[0] == before


UNCHANGED = [
    pytest.param(
        """\
import tensorflow as tf

w = tf.Variable(tf.ones([2, 1]))


@tf.function
def accuracy(x):
    return tf.reduce_mean(tf.matmul(x, w))


print((accuracy([[1.0, 2.0]]) * 100).numpy())
""",
        id="TF2 code computing an expression of a tf.function's result",
    ),
    pytest.param(
        """\
import tensorflow as tf


class Session:
    def run(self, fetches, feed_dict=None):
        return fetches


sess = Session()
print(sess.run(tf.constant(1.0) * 100))
""",
        id="a local Session class: its run() of an expression is not tf.Session.run",
    ),
    pytest.param(
        """\
import tensorflow

tf = object()
x = tf.placeholder(1)
with tf.Session() as sess:
    print(sess.run(x * 100))
""",
        id="a name tf that is not TensorFlow",
    ),
]


@pytest.mark.parametrize("source", UNCHANGED)
def test_leaves_alone(source):
    out, findings = migrate(source)
    assert out == source
    assert not codes(findings) & {"TFM300", "TFM301", "TFM302"}


def prints_the_same(before: str, profile: str, tmp_path) -> None:
    """The TF1 original on the runtime and its migration on plain TensorFlow of ``profile`` print the same."""
    python = PYTHONS[profile]
    if not python.exists():
        pytest.skip(f"no {profile} profile at {python}")
    (tmp_path / "original.py").write_text(before)
    expected = run(sys.executable, ["-m", "migrate", "run", tmp_path / "original.py"], tmp_path)
    out, findings = migrate_python(before.encode(), "fixture.py", options=Options(target=profile))
    assert not {f.code for f in findings} & {"TFM301", "TFM302"}
    (tmp_path / "migrated.py").write_bytes(out)
    assert expected.strip()
    got = run(python, [tmp_path / "migrated.py"], tmp_path)
    # Keras 3's optimizers order their float operations differently from the v1 kernels: a last-digit
    # difference there (numpy then pads arrays differently); on TF 2.15 the text is identical
    if profile == "latest":
        got, expected = " ".join(got.split()), " ".join(expected.split())
    assert same_output(got, expected, 1e-5 if profile == "latest" else 0.0), (got, expected)


@pytest.mark.slow  # starts TensorFlow three times a case: 15-40 s on a shared machine
@pytest.mark.parametrize("profile", list(PYTHONS))
@pytest.mark.parametrize("case", range(len(CONVERTED)))
def test_migrated_expression_fetches_print_what_the_original_printed(case, profile, tmp_path):
    prints_the_same(CONVERTED[case].values[0], profile, tmp_path)
