"""Checkpoints with `tf.train.Saver(max_to_keep=...)`, restored from the latest one.

A TF1 `Saver` saved every global variable by name and kept the last `max_to_keep` files.
TF2 tracks objects instead: `tf.train.Checkpoint` of the variables (and Keras layers and
optimizers) saves and restores them; `tf.train.CheckpointManager(ckpt, directory,
max_to_keep=3)` is what prunes old checkpoints. The conversion reports when it drops
`max_to_keep`, and checkpoints are numbered by save count, not by `global_step`.
"""
import tempfile

import numpy as np
import tensorflow as tf

data = np.linspace(0.0, 1.0, 32, dtype=np.float32).reshape(32, 1)
target = 3.0 * data + 1.0
ckpt_dir = tempfile.mkdtemp()

x = tf.placeholder(tf.float32, [None, 1])
t = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([1, 1]), name="w")
b = tf.Variable(tf.zeros([1]), name="b")
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - t))
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
saver = tf.train.Saver(max_to_keep=3)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        for _ in range(20):
            sess.run(train_op, feed_dict={x: data, t: target})
        saver.save(sess, ckpt_dir + "/model.ckpt", global_step=step)
    trained = sess.run(loss, feed_dict={x: data, t: target})

with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(ckpt_dir))
    print("restored loss", sess.run(loss, feed_dict={x: data, t: target}), "trained", trained)
