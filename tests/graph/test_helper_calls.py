"""Helpers whose work a block must see (``migrate/graph/helper_calls.py``): the "TensorFlow Mechanics 101"
layout of ``fully_connected_feed.py``, where ``training(loss, lr)`` makes the optimizer and its train op and
``do_eval(sess, eval_correct, images_placeholder, labels_placeholder, data_set)`` is handed the graph that
``run_training()`` builds locally."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from test_eager import codes, migrate

ROOT = Path(__file__).resolve().parents[2]

HEAD = """\
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer

NUM_CLASSES = 2


def inference(images, hidden_units):
    with tf.name_scope("hidden"):
        weights = tf.Variable(tf.truncated_normal([30, hidden_units], stddev=0.1, seed=1), name="weights")
        biases = tf.Variable(tf.zeros([hidden_units]), name="biases")
        hidden = tf.nn.relu(tf.matmul(images, weights) + biases)
    with tf.name_scope("softmax_linear"):
        weights = tf.Variable(tf.truncated_normal([hidden_units, NUM_CLASSES], stddev=0.1, seed=2), name="weights")
        biases = tf.Variable(tf.zeros([NUM_CLASSES]), name="biases")
        return tf.matmul(hidden, weights) + biases


def loss(logits, labels):
    return tf.losses.sparse_softmax_cross_entropy(labels=tf.to_int64(labels), logits=logits)


def evaluation(logits, labels):
    return tf.reduce_sum(tf.cast(tf.nn.in_top_k(logits, labels, 1), tf.int32))
"""

TRAINING = '''

def training(loss, learning_rate):
    """Adds the training op."""
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    global_step = tf.Variable(0, name="global_step", trainable=False)
    train_op = optimizer.minimize(loss, global_step=global_step)
    return train_op
'''

DO_EVAL = """

def do_eval(sess, eval_correct, images_placeholder, labels_placeholder, data_set):
    images, labels = data_set
    true_count = sess.run(eval_correct, feed_dict={images_placeholder: images, labels_placeholder: labels})
    precision = float(true_count) / len(images)
    print("Precision @ 1: %0.04f" % precision)
    return precision
"""

RUN_TRAINING = """

def run_training():
    data = load_breast_cancer()
    x = ((data.data - data.data.mean(0)) / data.data.std(0)).astype(np.float32)
    y = data.target.astype(np.int32)
    train_set, test_set = (x[:400], y[:400]), (x[400:], y[400:])
    with tf.Graph().as_default():
        images_placeholder = tf.placeholder(tf.float32, shape=(None, 30))
        labels_placeholder = tf.placeholder(tf.int32, shape=(None,))
        logits = inference(images_placeholder, 16)
        loss_op = loss(logits, labels_placeholder)
        train_op = training(loss_op, 0.1)
        eval_correct = evaluation(logits, labels_placeholder)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for step in range(200):
            _, loss_value = sess.run([train_op, loss_op],
                                     feed_dict={images_placeholder: train_set[0], labels_placeholder: train_set[1]})
        do_eval(sess, eval_correct, images_placeholder, labels_placeholder, train_set)
        return do_eval(sess, eval_correct, images_placeholder, labels_placeholder, test_set)


print("final accuracy: %.4f" % run_training())
"""

PROGRAM = HEAD + TRAINING + DO_EVAL + RUN_TRAINING


def test_the_mechanics_101_layout_converts():
    out, findings = migrate(PROGRAM)
    assert "TFM301" not in codes(findings) and "TFM302" not in codes(findings)
    assert "def training(" not in out and "tf.GradientTape()" in out
    assert "    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)\n" in out
    assert "    def do_eval(data_set):\n" in out  # nested, the graph values written in, data_set still a parameter
    assert "do_eval(train_set)" in out and "return do_eval(test_set)" in out
    assert "sess" not in out and "placeholder(" not in out
    messages = [f.message for f in findings if f.code == "TFM300"]
    assert "training() built the optimizer and its train op: written out at its only call, where the step is made" \
        in messages
    assert any(m.startswith("do_eval() was given eval_correct, images_placeholder, labels_placeholder of "
                            "run_training()") for m in messages)


def test_a_second_run_changes_nothing():
    out, _ = migrate(PROGRAM)
    again, findings = migrate(out)
    assert again == out and not [f for f in findings if f.fixed]


@pytest.mark.slow
def test_the_converted_program_gives_the_original_accuracy(tmp_path):
    out, _ = migrate(PROGRAM)
    (tmp_path / "original.py").write_text(PROGRAM)
    (tmp_path / "migrated.py").write_text(out)

    def accuracy(*command):
        done = subprocess.run([sys.executable, *command], cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        return float(done.stdout.strip().splitlines()[-1].split()[-1])

    original = accuracy("-m", "migrate", "run", "original.py")
    migrated = accuracy("migrated.py")
    assert original > 0.9 and abs(original - migrated) <= 0.03, (original, migrated)


# -- written out only where it is the same program -------------------------------------------------------------


def test_a_train_helper_called_twice_is_not_written_out():
    source = PROGRAM.replace("        eval_correct = evaluation(", "        other = training(loss_op, 0.2)\n"
                                                                 "        eval_correct = evaluation(")
    out, findings = migrate(source)
    assert "def training(" in out


def test_a_train_helper_with_a_branch_is_not_written_out():
    source = PROGRAM.replace("    global_step = tf.Variable(0,", "    if learning_rate > 1:\n"
                                                                  "        learning_rate = 1.0\n"
                                                                  "    global_step = tf.Variable(0,")
    out, _ = migrate(source)
    assert "def training(" in out


def test_a_helper_local_named_like_a_caller_name_is_renamed():
    source = PROGRAM.replace("        train_op = training(loss_op, 0.1)", "        optimizer = 'sgd'\n"
                                                                        "        train_op = training(loss_op, 0.1)")
    out, findings = migrate(source)
    assert "def training(" not in out, [f.message for f in findings if f.code == "TFM301"]
    assert "optimizer_1 = tf.keras.optimizers.SGD(learning_rate=0.1)" in out and "optimizer = 'sgd'" in out


# -- nested only where it is the same program -----------------------------------------------------------------


def test_a_helper_called_from_two_functions_is_not_nested():
    source = PROGRAM.replace("\n\nprint(", "\n\ndef unused(sess, e, x, y):\n    return do_eval(sess, e, x, y, None)\n"
                                           "\n\nprint(")
    out, _ = migrate(source)
    assert "\ndef do_eval(" in out


def test_different_tensors_at_two_calls_keep_the_file_as_it_was():
    # eval_correct is loss_op at one call: it stays a parameter, and a fetched parameter given two tensors is
    # refused by the graph pass, so the file falls back with its helpers untouched
    source = PROGRAM.replace("do_eval(sess, eval_correct, images_placeholder, labels_placeholder, train_set)",
                             "do_eval(sess, loss_op, images_placeholder, labels_placeholder, train_set)")
    out, findings = migrate(source)
    assert "graph tensor 'loss_op' is used outside sess.run/eval" in " ".join(
        f.message for f in findings if f.code == "TFM301")
    assert "\ndef do_eval(sess, eval_correct, images_placeholder, labels_placeholder, data_set):\n" in out
    assert "\ndef training(loss, learning_rate):\n" in out


def test_a_global_the_host_shadows_keeps_the_helper_at_module_level():
    source = PROGRAM.replace('    print("Precision @ 1: %0.04f" % precision)',
                             '    print("Precision @ 1: %0.04f" % precision, NUM_CLASSES)').replace(
        "    data = load_breast_cancer()", "    NUM_CLASSES = 3\n    data = load_breast_cancer()")
    out, _ = migrate(source)
    assert "\ndef do_eval(" in out


def test_a_name_bound_twice_in_the_host_is_not_written_in():
    source = PROGRAM.replace("        eval_correct = evaluation(logits, labels_placeholder)",
                             "        eval_correct = evaluation(logits, labels_placeholder)\n"
                             "        eval_correct = evaluation(logits, labels_placeholder)")
    out, findings = migrate(source)
    assert "graph tensor 'eval_correct' is used outside sess.run/eval" in " ".join(
        f.message for f in findings if f.code == "TFM301")
    assert "\ndef do_eval(sess, eval_correct, images_placeholder, labels_placeholder, data_set):\n" in out


# -- module-level placeholders of the one function that builds and runs the graph (sentdex's tutorial) ----------

SENTDEX = """\
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

digits = load_digits()
images, labels = (digits.data / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target]
n_nodes_hl1 = 64

x = tf.placeholder('float', [None, 64])
y = tf.placeholder('float')


def neural_network_model(data):
    hidden_1_layer = {'weights': tf.Variable(tf.random_normal([64, n_nodes_hl1], stddev=0.1, seed=1)),
                      'biases': tf.Variable(tf.zeros([n_nodes_hl1]))}
    output_layer = {'weights': tf.Variable(tf.random_normal([n_nodes_hl1, 10], stddev=0.1, seed=2)),
                    'biases': tf.Variable(tf.zeros([10]))}
    l1 = tf.nn.relu(tf.add(tf.matmul(data, hidden_1_layer['weights']), hidden_1_layer['biases']))
    return tf.matmul(l1, output_layer['weights']) + output_layer['biases']


def train_neural_network(x):
    prediction = neural_network_model(x)
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=prediction, labels=y))
    optimizer = tf.train.AdamOptimizer(0.01).minimize(cost)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(100):
            _, c = sess.run([optimizer, cost], feed_dict={x: images, y: labels})
        correct = tf.equal(tf.argmax(prediction, 1), tf.argmax(y, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, 'float'))
        print('final accuracy: %.4f' % accuracy.eval({x: images, y: labels}))


train_neural_network(x)
"""


def test_module_placeholders_read_by_the_function_that_runs_them_go_into_it():
    out, findings = migrate(SENTDEX)
    assert "TFM301" not in codes(findings) and "TFM302" not in codes(findings)
    assert "def train_neural_network():\n" in out and "\ntrain_neural_network()\n" in out
    assert "placeholder(" not in out and "sess" not in out and "tf.GradientTape()" in out
    assert "placeholder(s) x, y read only by train_neural_network(), which builds and runs the graph: made at its " \
           "start" in [f.message for f in findings]
    assert migrate(out)[0] == out


@pytest.mark.slow
def test_the_sunk_program_gives_the_original_accuracy(tmp_path):
    out, _ = migrate(SENTDEX)
    (tmp_path / "original.py").write_text(SENTDEX)
    (tmp_path / "migrated.py").write_text(out)
    runs = [subprocess.run([sys.executable, *command], cwd=tmp_path, capture_output=True, text=True, timeout=600)
            for command in (("-m", "migrate", "run", "original.py"), ("migrated.py",))]
    assert all(r.returncode == 0 for r in runs), [r.stderr[-2000:] for r in runs]
    original, migrated = (float(r.stdout.strip().splitlines()[-1].split()[-1]) for r in runs)
    assert original > 0.9 and abs(original - migrated) <= 0.03, (original, migrated)


@pytest.mark.parametrize("change", [
    ("train_neural_network(x)\n", "train_neural_network(x)\nprint(x)\n"),  # read at module level too
    ("\n\ndef train_neural_network(x):", "\n\ndef other():\n    return y\n\n\ndef train_neural_network(x):"),
    ("    with tf.Session() as sess:\n", "    if True:\n        sess = None\n"),  # no session: not the graph's runner
], ids=["read at module level", "read by two functions", "no session in the function"])
def test_placeholders_read_elsewhere_stay_at_module_level(change):
    out, findings = migrate(SENTDEX.replace(*change))
    assert not any("read only by" in f.message for f in findings)
