"""The step of ``writer.add_summary(summary, step)``: the summary is written inside the function that computes
it, called where the run fetched it, so the step must be known there (golbin's TensorBoard tutorial writes
``writer.add_summary(summary, global_step=sess.run(global_step))``)."""

from __future__ import annotations

from test_eager import codes, migrate

HEAD = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.ones([2, 1]))
global_step = tf.Variable(0, trainable=False, name="global_step")
cost = tf.reduce_mean(tf.square(tf.matmul(x, w)))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(cost, global_step=global_step)
tf.summary.scalar("cost", cost)
merged = tf.summary.merge_all()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
writer = tf.summary.FileWriter("./logs", sess.graph)
data = np.ones((4, 2), np.float32)
for step in range(3):
    sess.run(train_op, feed_dict={x: data})
"""


def test_a_step_read_with_sess_run_inside_add_summary_is_rewritten_too():
    out, findings = migrate(HEAD + """\
    summary = sess.run(merged, feed_dict={x: data})
    writer.add_summary(summary, global_step=sess.run(global_step))
""")
    assert "TFM300" in codes(findings) and "TFM301" not in codes(findings)
    assert "    compute_merged(data, global_step.numpy())\n" in out
    assert "sess" not in out


def test_a_step_assigned_after_the_run_fetching_the_summary_is_refused():
    out, findings = migrate(HEAD + """\
    summary = sess.run(merged, feed_dict={x: data})
    gs = sess.run(global_step)
    writer.add_summary(summary, gs)
""")
    refusals = [f.message.split(": ", 1)[1] for f in findings if f.code == "TFM301"]
    assert refusals == ["add_summary's step (gs) is assigned after the run that fetches the summary: the summary "
                        "is written inside that run, where the step is not known yet"]
    assert "tf.compat.v1.disable_eager_execution()" in out


def test_a_step_fetched_by_the_same_run_is_refused():
    out, findings = migrate(HEAD + """\
    summary, gs = sess.run([merged, global_step], feed_dict={x: data})
    writer.add_summary(summary, gs)
""")
    assert any("add_summary's step (gs) is assigned after" in f.message for f in findings if f.code == "TFM301")


def test_a_loop_variable_step_converts():
    out, findings = migrate(HEAD + """\
    summary = sess.run(merged, feed_dict={x: data})
    writer.add_summary(summary, step)
""")
    assert "TFM301" not in codes(findings)
    assert "    compute_merged(data, step)\n" in out
