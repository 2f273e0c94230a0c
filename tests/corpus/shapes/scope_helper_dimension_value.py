"""A `variable_scope` layer helper sized from `x.get_shape()[-1].value`, summaries, and a restore in a second session.

Imitates: the most common hand-written-layer tutorial layout (`def fc(x, n_out, name)` opening
`tf.variable_scope(name)` and reading the input size as `x.get_shape()[-1].value`, a TF1
`Dimension`), with `tf.summary.scalar` + `merge_all` + `FileWriter(logdir, sess.graph)`, a
`global_step` given to `minimize`, `saver.save(..., global_step=)` and `saver.restore(sess,
tf.train.latest_checkpoint(logdir))` in a new session for the test accuracy.
Constructs: `Dimension.value`, `tf.get_variable` with `truncated_normal_initializer` /
`constant_initializer`, `tf.name_scope`, summaries fetched with the train op, `writer.add_summary`,
`tf.train.Saver`, two `with tf.Session()` blocks.
Data: digits, scaled to [0, 1]. Expected accuracy: about 0.96.
"""
import os
import tempfile
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
X_train, X_test, y_train, y_test = train_test_split(digits.data / 16.0, digits.target, test_size=0.2, random_state=42)
logdir = tempfile.mkdtemp()

def fc(x, n_out, name, activation=None):
    with tf.variable_scope(name):
        n_in = x.get_shape()[-1].value
        W = tf.get_variable("W", [n_in, n_out], initializer=tf.truncated_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [n_out], initializer=tf.constant_initializer(0.0))
        z = tf.matmul(x, W) + b
        return activation(z) if activation else z

x = tf.placeholder(tf.float32, [None, 64], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
h = fc(x, 32, "hidden", tf.nn.relu)
logits = fc(h, 10, "output")
with tf.name_scope("loss"):
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    tf.summary.scalar("loss", loss)
global_step = tf.Variable(0, trainable=False, name="global_step")
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=global_step)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
tf.summary.scalar("accuracy", accuracy)
merged = tf.summary.merge_all()
saver = tf.train.Saver()

with tf.Session() as sess:
    writer = tf.summary.FileWriter(logdir, sess.graph)
    sess.run(tf.global_variables_initializer())
    for step in range(300):
        idx = np.random.choice(len(X_train), 64)
        summary, _ = sess.run([merged, train_op], feed_dict={x: X_train[idx], y: y_train[idx]})
        writer.add_summary(summary, step)
        if step % 100 == 0:
            print(step, sess.run(loss, feed_dict={x: X_train, y: y_train}))
    saver.save(sess, os.path.join(logdir, "model.ckpt"), global_step=global_step)
    writer.close()

with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(logdir))
    acc = sess.run(accuracy, feed_dict={x: X_test, y: y_test})
    print("step", sess.run(global_step))
    print("final accuracy: %.4f" % acc)
