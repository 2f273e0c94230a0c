"""TF1 API submodules imported by path (``from tensorflow.train import AdamOptimizer``) under the runtime."""

SCRIPT = '''
import tensorflow as tf
from tensorflow.train import AdamOptimizer, GradientDescentOptimizer
from tensorflow.nn import rnn_cell
import tensorflow.layers as layers

x = tf.placeholder(tf.float32, [None, 3])
y = layers.dense(x, 2, kernel_initializer=tf.ones_initializer())
loss = tf.reduce_sum(y)
step = AdamOptimizer(0.1).minimize(loss)
assert rnn_cell.BasicLSTMCell is tf.nn.rnn_cell.BasicLSTMCell
assert GradientDescentOptimizer is tf.train.GradientDescentOptimizer
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    before = sess.run(loss, {x: [[1.0, 2.0, 3.0]]})
    sess.run(step, {x: [[1.0, 2.0, 3.0]]})
    after = sess.run(loss, {x: [[1.0, 2.0, 3.0]]})
print("loss", before, after < before)
'''


def test_v1_submodules_import_by_path(run_tf1, tmp_path):
    script = tmp_path / "by_path.py"
    script.write_text(SCRIPT)
    proc = run_tf1(script)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "loss 12.0 True" in proc.stdout


def test_unknown_submodule_still_fails(run_tf1, tmp_path):
    script = tmp_path / "missing.py"
    script.write_text("from tensorflow.no_such_module import x\n")
    proc = run_tf1(script)
    assert proc.returncode != 0
    assert "ModuleNotFoundError" in proc.stderr
