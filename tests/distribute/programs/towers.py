"""TF1 multi-GPU towers (the CIFAR-10 recipe) on CPU devices: ``python towers.py [NUM_TOWERS]``.

Each tower gets an equal slice of the batch, variables are shared through reuse_variables(), the
towers' gradients are averaged by hand and applied once. Per-example mean squared error over equal
splits: the average is the full-batch gradient, so 1 and 2 towers print the same losses.
Deterministic (fixed data, zero initial weights).
"""
import sys

import numpy as np
import tensorflow as tf

num_towers = int(sys.argv[1]) if len(sys.argv) > 1 else 2
data = np.random.RandomState(0).rand(64, 4).astype(np.float32)
labels = (data @ np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32)).astype(np.float32)


def tower_loss(x, y):
    w = tf.get_variable("w", [4, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    return tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))


def average_gradients(tower_grads):
    average = []
    for grads_and_vars in zip(*tower_grads):
        grads = tf.stack([g for g, _ in grads_and_vars])
        average.append((tf.reduce_mean(grads, 0), grads_and_vars[0][1]))
    return average


x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
opt = tf.train.GradientDescentOptimizer(0.1)
xs, ys = tf.split(x, num_towers), tf.split(y, num_towers)
tower_grads, losses = [], []
with tf.variable_scope(tf.get_variable_scope()):
    for i in range(num_towers):
        with tf.device('/cpu:%d' % i):
            loss = tower_loss(xs[i], ys[i])
            tf.get_variable_scope().reuse_variables()
            losses.append(loss)
            tower_grads.append(opt.compute_gradients(loss))
train_op = opt.apply_gradients(average_gradients(tower_grads))
mean_loss = tf.reduce_mean(losses)
config = tf.ConfigProto(device_count={"CPU": num_towers}, allow_soft_placement=True)
with tf.Session(config=config) as sess:
    sess.run(tf.global_variables_initializer())
    printed = []
    for step in range(30):
        _, l = sess.run([train_op, mean_loss], feed_dict={x: data, y: labels})
        if step % 10 == 0:
            printed.append("%.6f" % l)
    print("losses: " + " ".join(printed))
