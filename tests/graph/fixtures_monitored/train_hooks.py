"""MonitoredTrainingSession with hooks: stop at step 12, a checkpoint every 5 steps, the loss logged every 4 runs."""
import sys

import numpy as np
import tensorflow as tf

tf.logging.set_verbosity(tf.logging.INFO)
checkpoint_dir = sys.argv[1]
features = np.linspace(-1.0, 1.0, 32, dtype=np.float32).reshape(16, 2)
targets = features @ np.array([[2.0], [-3.0]], dtype=np.float32) + 0.5

x = tf.constant(features)
y = tf.constant(targets)
w = tf.Variable(tf.zeros([2, 1]))
b = tf.Variable(tf.zeros([1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)

hooks = [tf.train.StopAtStepHook(last_step=12),
         tf.train.LoggingTensorHook({"loss": loss}, every_n_iter=4),
         tf.train.NanTensorHook(loss)]
with tf.train.MonitoredTrainingSession(checkpoint_dir=checkpoint_dir, hooks=hooks, save_checkpoint_steps=5,
                                       save_summaries_steps=None, log_step_count_steps=None) as sess:
    while not sess.should_stop():
        _, value = sess.run([train_op, loss])
print("final loss %.6f" % value)
