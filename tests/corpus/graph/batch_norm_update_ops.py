"""Batch normalization with `tf.layers.batch_normalization` and the UPDATE_OPS dependency.

Imitates: the TF1 docs' warning box ("the moving_mean and moving_variance need to be updated...")
and the many blog posts that wrap the train op in `tf.control_dependencies(update_ops)`.
Constructs: `def model(x, is_training)` with `tf.layers.dense(use_bias=False)` +
`tf.layers.batch_normalization(training=is_training, momentum=0.9)` + `tf.nn.relu`,
`is_training = tf.placeholder(tf.bool)`, `update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)`,
`with tf.control_dependencies(update_ops): train_op = optimizer.minimize(loss)`,
AdamOptimizer, evaluation with `is_training: False` (moving statistics).
Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data.astype(np.float32), digits.target, test_size=0.25, random_state=0)


def model(x, is_training):
    h = tf.layers.dense(x, 128, use_bias=False)
    h = tf.layers.batch_normalization(h, training=is_training, momentum=0.9)
    h = tf.nn.relu(h)
    h = tf.layers.dense(h, 64, use_bias=False)
    h = tf.layers.batch_normalization(h, training=is_training, momentum=0.9)
    h = tf.nn.relu(h)
    return tf.layers.dense(h, 10)


x = tf.placeholder(tf.float32, [None, 64])
y = tf.placeholder(tf.int64, [None])
is_training = tf.placeholder(tf.bool)

logits = model(x, is_training)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)

update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train_op = tf.train.AdamOptimizer(0.005).minimize(loss)

accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(400):
        idx = np.random.randint(0, len(x_train), 64)
        _, l = sess.run([train_op, loss], feed_dict={x: x_train[idx], y: y_train[idx], is_training: True})
        if step % 100 == 0:
            print("step %d: loss %.4f" % (step, l))
    acc = sess.run(accuracy, feed_dict={x: x_test, y: y_test, is_training: False})
    print("final accuracy: %.4f" % acc)
