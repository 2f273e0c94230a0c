"""Coursera-style factories: ``create_placeholders()`` (TFM299) and ``initialize_parameters()``
(``migrate.graph.variable_helpers``), so the graph pass converts ``model()``."""

from __future__ import annotations

from migrate.engine.context import Options
from migrate.engine.source import migrate_python

PROGRAM = """\
import tensorflow as tf


def create_placeholders(n_x, n_y):
    X = tf.placeholder(tf.float32, [n_x, None], name="X")
    Y = tf.placeholder(tf.float32, [n_y, None], name="Y")
    return X, Y


def initialize_parameters():
    W1 = tf.get_variable("W1", [3, 2], initializer=tf.zeros_initializer())
    return {"W1": W1}


def model(x, y):
    X, Y = create_placeholders(2, 3)
    parameters = initialize_parameters()
    Z = tf.matmul(parameters["W1"], X)
    cost = tf.reduce_mean(tf.square(Z - Y))
    optimizer = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _, c = sess.run([optimizer, cost], feed_dict={X: x, Y: y})
        parameters = sess.run(parameters)
    return parameters, c
"""


def migrate(source: str) -> tuple[str, list]:
    out, findings = migrate_python(source.encode(), "example.py", options=Options())
    return out.decode(), findings


def test_factories_are_written_out_and_model_converts():
    out, findings = migrate(PROGRAM)
    assert not [f for f in findings if f.code == "TFM301"], [f.message for f in findings if f.code == "TFM301"]
    assert "def create_placeholders" not in out and "placeholder" not in out and "Session" not in out
    assert 'W1 = tf.Variable(tf.zeros_initializer()([3, 2]), name="W1")' in out
    assert "tf.TensorSpec([2, None], tf.float32), tf.TensorSpec([3, None], tf.float32)" in out
    # sess.run(parameters) of the helper's dict: every variable's value, in the same dict
    assert "parameters = tf.nest.map_structure(lambda v: v.numpy(), parameters)" in out


def test_a_second_run_changes_nothing():
    out, _ = migrate(PROGRAM)
    assert migrate(out)[0] == out


def test_a_get_variable_helper_called_twice_is_refused():
    source = PROGRAM.replace("    parameters = initialize_parameters()\n",
                             "    parameters = initialize_parameters()\n    again = initialize_parameters()\n")
    out, findings = migrate(source)
    assert any("called more than once" in f.message for f in findings if f.code == "TFM301")
    assert "disable_eager_execution" in out


def test_a_factory_called_with_a_computed_argument_is_left():
    source = PROGRAM.replace("create_placeholders(2, 3)", "create_placeholders(sizes()[0], 3)")
    out, findings = migrate(source)
    assert "def create_placeholders(n_x, n_y):" in out


FETCHER = """\
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 2])
y = tf.argmax(x, 1)
z = tf.nn.softmax(x)
sess = tf.Session()


def predict(tensor, images):
    return sess.run(tensor, feed_dict={x: images})


print(predict(y, data), predict(z, data))
"""


def test_a_fetch_parameter_given_two_tensors_stays_and_is_reported():
    # which function to call would depend on the argument: TFM298 leaves it, TFM300 says why
    out, findings = migrate(FETCHER)
    assert "def predict(tensor, images):" in out
    assert any("fetches 'tensor'" in f.message for f in findings if f.code == "TFM301")


def test_a_fetch_parameter_given_one_tensor_is_written_in():
    out, findings = migrate(FETCHER.replace("predict(z, data)", "predict(y, data)"))
    assert "def predict(images):" in out and "predict(data), predict(data)" in out
    assert not [f for f in findings if f.code == "TFM301"]
