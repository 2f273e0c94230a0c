"""A CNN written entirely with `tf.contrib.layers`: conv2d, max_pool2d, flatten, fully_connected, dropout.

Imitates: 2016-2017 blog CNNs that reached for contrib instead of raw `tf.nn` (the "contrib
layers make it short" posts), trained with a plain Session loop.
Constructs: `tf.contrib.layers.conv2d(x, 16, [3, 3])` (default ReLU, SAME padding),
`tf.contrib.layers.max_pool2d(net, [2, 2])` (default VALID, stride 2), `tf.contrib.layers.flatten`,
`tf.contrib.layers.fully_connected` with default ReLU and `activation_fn=None`,
`tf.contrib.layers.dropout(keep_prob=0.8, is_training=)`, a bool placeholder, Adam.
Data: digits as 8x8x1. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32)[..., None], digits.target.astype(np.int64),
    test_size=0.25, random_state=0)

x = tf.placeholder(tf.float32, [None, 8, 8, 1])
y = tf.placeholder(tf.int64, [None])
is_training = tf.placeholder(tf.bool, [])

net = tf.contrib.layers.conv2d(x, 16, [3, 3])
net = tf.contrib.layers.max_pool2d(net, [2, 2])
net = tf.contrib.layers.conv2d(net, 32, [3, 3])
net = tf.contrib.layers.flatten(net)
net = tf.contrib.layers.fully_connected(net, 64)
net = tf.contrib.layers.dropout(net, keep_prob=0.8, is_training=is_training)
logits = tf.contrib.layers.fully_connected(net, 10, activation_fn=None)

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.AdamOptimizer(0.002).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(500):
        idx = np.random.randint(0, len(x_train), 64)
        _, l = sess.run([train_op, loss], {x: x_train[idx], y: y_train[idx], is_training: True})
        if step % 100 == 0:
            print("step %d loss %.4f" % (step, l))
    print("final accuracy: %.4f" % sess.run(accuracy, {x: x_test, y: y_test, is_training: False}))
