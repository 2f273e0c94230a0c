"""A two-file program whose network module is written with `tf.contrib.layers`.

Imitates: 2017-era repositories with a `network.py` of contrib layers (`fully_connected` with
its default ReLU, `xavier_initializer`, `l2_regularizer`, `flatten`) and a `main.py` training
loop with plain Adam.
Constructs: `from network import build_network`, `tf.contrib.layers.flatten`,
`tf.contrib.layers.fully_connected` (default activation, `activation_fn=None` for logits,
`weights_initializer=xavier_initializer()`, `weights_regularizer=l2_regularizer(1e-4)`),
`tf.losses.get_regularization_loss()`, `tf.losses.sparse_softmax_cross_entropy`.
Entry: `main.py`. Data: digits as 8x8 images. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from network import build_network

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32), digits.target.astype(np.int64), test_size=0.25, random_state=0)

inputs = tf.placeholder(tf.float32, [None, 8, 8])
targets = tf.placeholder(tf.int64, [None])
logits = build_network(inputs, num_classes=10)
loss = tf.losses.sparse_softmax_cross_entropy(labels=targets, logits=logits) + tf.losses.get_regularization_loss()
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
correct = tf.equal(tf.argmax(logits, 1), targets)
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(25):
        order = np.random.permutation(len(x_train))
        for i in range(0, len(order), 64):
            idx = order[i:i + 64]
            sess.run(train_op, {inputs: x_train[idx], targets: y_train[idx]})
        if epoch % 5 == 0:
            print("epoch", epoch, "train acc", sess.run(accuracy, {inputs: x_train, targets: y_train}))
    print("final accuracy: %.4f" % sess.run(accuracy, {inputs: x_test, targets: y_test}))
