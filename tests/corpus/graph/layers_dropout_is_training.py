"""A `def model(x, is_training)` built from `tf.layers`, dropout switched by a bool placeholder.

Imitates: TF1 code that feeds `is_training: True` during training and `False` at test time to
`tf.layers.dropout`, the pattern recommended once `tf.layers` arrived.
Constructs: `tf.placeholder(tf.bool, name="is_training")`, `tf.layers.dropout(h, rate, training=...)`,
`tf.layers.dense` with `kernel_initializer=tf.variance_scaling_initializer()`, model function,
`tf.nn.sparse_softmax_cross_entropy_with_logits`, AdamOptimizer, prepared feed dicts
(`train_feed` / `test_feed`), `sess = tf.Session()` ... `sess.close()`.
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
    digits.data / 16.0, digits.target, test_size=0.25, random_state=0)

dropout_rate = 0.3
n_hidden = 128


def model(x, is_training):
    init = tf.variance_scaling_initializer()
    h = tf.layers.dense(x, n_hidden, activation=tf.nn.relu, kernel_initializer=init)
    h = tf.layers.dropout(h, rate=dropout_rate, training=is_training)
    h = tf.layers.dense(h, n_hidden, activation=tf.nn.relu, kernel_initializer=init)
    h = tf.layers.dropout(h, rate=dropout_rate, training=is_training)
    return tf.layers.dense(h, 10, kernel_initializer=init)


x = tf.placeholder(tf.float32, [None, 64], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
is_training = tf.placeholder(tf.bool, name="is_training")

logits = model(x, is_training)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.AdamOptimizer(0.002).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(500):
    idx = np.random.randint(0, len(x_train), 64)
    train_feed = {x: x_train[idx], y: y_train[idx], is_training: True}
    sess.run(train_op, feed_dict=train_feed)
    if step % 100 == 0:
        print("step", step, "loss", sess.run(loss, feed_dict=train_feed))

test_feed = {x: x_test, y: y_test, is_training: False}
print("final accuracy: %.4f" % sess.run(accuracy, feed_dict=test_feed))
sess.close()
