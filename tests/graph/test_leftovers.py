"""Leftovers in converted files: nothing TF1-only stays, and the generated code compiles.

``reset_default_graph`` (also through ``tensorflow.python.framework.ops``) goes
with a note; an initializable iterator over a plain dataset is Python iteration;
a name bound to two placeholders, or a Saver path with a step, gives code that
compiles on the kit's Python; a conversion whose output would not compile is
refused (TFM301) and the file falls back to graph mode.
"""

from __future__ import annotations

import libcst as cst
import pytest

from migrate.graph.idiom import tf1_left
from migrate.rules.eager import _syntax_error
from test_eager import codes, migrate

CONVERTED = [
    pytest.param(
        """\
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import ops

ops.reset_default_graph()

x_data = tf.placeholder(tf.float32, [None, 3])
w = tf.Variable(tf.ones([3, 1]))
y = tf.matmul(x_data, w)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x_data: np.ones((2, 3))}))
""",
        """\
import numpy as np
import tensorflow as tf
w = tf.Variable(tf.ones([3, 1]))


@tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
def compute_y(x_data):
    y = tf.matmul(x_data, w)
    return y


print(compute_y(np.ones((2, 3))).numpy())
""",
        id='the private ops.reset_default_graph() import goes with its call (a note says why)',
    ),
    pytest.param(
        """\
import numpy as np
import tensorflow as tf

x_data = tf.placeholder(tf.float32, [None, 2])
x_data = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.ones([2, 1]))
y = tf.matmul(x_data, w)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x_data: np.ones((1, 2))}))
""",
        """\
import numpy as np
import tensorflow as tf
w = tf.Variable(tf.ones([2, 1]))


@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
def compute_y(x_data):
    y = tf.matmul(x_data, w)
    return y


print(compute_y(np.ones((1, 2))).numpy())
""",
        id="a placeholder bound twice to one name is one argument (was: duplicate argument 'x_data')",
    ),
    pytest.param(
        """\
import numpy as np
import tensorflow as tf

features = np.arange(12, dtype=np.float32).reshape(6, 2)
dataset = tf.data.Dataset.from_tensor_slices(features).batch(2)
iterator = dataset.make_initializable_iterator()
next_batch = iterator.get_next()
total = tf.reduce_sum(next_batch)

with tf.Session() as sess:
    for epoch in range(2):
        sess.run(iterator.initializer)
        while True:
            try:
                print(epoch, sess.run(total))
            except tf.errors.OutOfRangeError:
                break
""",
        """\
import numpy as np
import tensorflow as tf

features = np.arange(12, dtype=np.float32).reshape(6, 2)
dataset = tf.data.Dataset.from_tensor_slices(features).batch(2)
iterator = iter(dataset)


@tf.function
def compute_total(next_batch):
    total = tf.reduce_sum(next_batch)
    return total


for epoch in range(2):
    iterator = iter(dataset)
    while True:
        try:
            print(epoch, compute_total(next(iterator)).numpy())
        except StopIteration:
            break
""",
        id='make_initializable_iterator() over a plain dataset: iter(dataset) at each initializer run',
    ),
    pytest.param(
        """\
import numpy as np
import tensorflow as tf

train = tf.data.Dataset.from_tensor_slices(np.ones([4, 2], np.float32)).batch(2)
test = tf.data.Dataset.from_tensor_slices(np.zeros([2, 2], np.float32)).batch(2)
iterator = tf.data.Iterator.from_structure(tf.compat.v1.data.get_output_types(train), tf.compat.v1.data.get_output_shapes(train))
batch = iterator.get_next()
total = tf.reduce_sum(batch)
test_init = iterator.make_initializer(test)

with tf.Session() as sess:
    sess.run(iterator.make_initializer(train))
    while True:
        try:
            print(sess.run(total))
        except tf.errors.OutOfRangeError:
            break
    sess.run(test_init)
    print(sess.run(total))
""",
        """\
import numpy as np
import tensorflow as tf

train = tf.data.Dataset.from_tensor_slices(np.ones([4, 2], np.float32)).batch(2)
test = tf.data.Dataset.from_tensor_slices(np.zeros([2, 2], np.float32)).batch(2)


@tf.function
def compute_total(batch):
    total = tf.reduce_sum(batch)
    return total


iterator = iter(train)
while True:
    try:
        print(compute_total(next(iterator)).numpy())
    except StopIteration:
        break
iterator = iter(test)
print(compute_total(next(iterator)).numpy())
""",
        id='Iterator.from_structure: each make_initializer(ds) run, inline or named, is iter(ds)',
    ),
]


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converted_file_keeps_no_leftover(before, after):
    out, findings = migrate(before)
    assert out == after
    assert "TFM300" in codes(findings) and not codes(findings) & {"TFM301", "TFM302"}
    assert tf1_left(out.encode()) == []
    assert migrate(out)[0] == out


def test_the_removed_reset_says_so():
    _, findings = migrate(CONVERTED[0].values[0])
    assert [(f.line, f.message) for f in findings if f.code == "TFM300" and f.line] == [
        (5, "tf.reset_default_graph() removed: there is no default graph in eager TF2")]


SAVER = """\
import os
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([1, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
save_dir = "ck"
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        sess.run(train_op, feed_dict={x: [[1.0]]})
        saver.save(sess, "ck/model.ckpt", global_step=step)
        saver.save(sess, os.path.join(save_dir, "m"), global_step=step)
        saver.save(sess, save_dir, global_step=step)
"""


def test_saver_paths_with_a_step_need_no_nested_quotes():
    out, _ = migrate(SAVER)
    assert 'saver.write(f"ck/model.ckpt-{step}")' in out
    assert 'saver.write("{}-{}".format(os.path.join(save_dir, "m"), step))' in out
    assert 'saver.write(f"{save_dir}-{step}")' in out
    compile(out, "out.py", "exec")


def test_a_conversion_that_would_not_compile_is_found():
    broken = cst.parse_module("def f(x_data, x_data):\n    return x_data\n")
    node, message = _syntax_error(broken)
    assert message == "the converted code would not compile (duplicate argument 'x_data' in function definition, " \
                      "converted line 1)"
    assert _syntax_error(cst.parse_module("def f(x_data):\n    return x_data\n")) is None


UNCHANGED = [
    pytest.param(
        """\
import tensorflow as tf


def build():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 2])
    return tf.layers.dense(x, 1)
""",
        id="a model module without a session keeps its reset (run by another file's session)",
    ),
    pytest.param(
        """\
import tensorflow as tf


class Ops:
    def reset_default_graph(self):
        return None


ops = Ops()
ops.reset_default_graph()
print(tf.reduce_sum(tf.ones([2])).numpy())
""",
        id="a local ops object's reset_default_graph is not TensorFlow's",
    ),
    pytest.param(
        """\
import tensorflow as tf

dataset = tf.data.Dataset.range(4).batch(2)
for batch in dataset:
    print(batch.numpy())
""",
        id="a TF2 dataset iterated in Python",
    ),
]


@pytest.mark.parametrize("source", UNCHANGED)
def test_leaves_alone(source):
    out, findings = migrate(source)
    assert not codes(findings) & {"TFM300", "TFM301"}
    assert "reset_default_graph" not in source or "reset_default_graph()" in out
    if "Session" not in source and "placeholder" not in source:
        assert out == source


@pytest.mark.slow  # starts TensorFlow three times a case
@pytest.mark.parametrize("profile", ["tf2.15", "latest"])
@pytest.mark.parametrize("case", range(len(CONVERTED)))
def test_migrated_leftover_fixtures_print_what_the_originals_printed(case, profile, tmp_path):
    from test_fetch_expressions import prints_the_same

    prints_the_same(CONVERTED[case].values[0], profile, tmp_path)
