"""Fine-tuning only the top layer: `var_list` taken from the TRAINABLE_VARIABLES collection by scope.

Imitates: TF1 transfer-learning / GAN code that trains a subset of the variables
(`tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="...")` passed as `var_list`).
Constructs: two phases — phase 1 trains everything with Adam, phase 2 trains only the `classifier`
scope with `tf.train.GradientDescentOptimizer(...).minimize(loss, var_list=classifier_vars)`;
`tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="classifier")`, `tf.variable_scope` +
`tf.layers.dense`, `tf.trainable_variables()` count printout, one `sess` with both train ops.
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
    digits.data.astype(np.float32) / 16.0, np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

x = tf.placeholder(tf.float32, [None, 64])
y = tf.placeholder(tf.float32, [None, 10])

with tf.variable_scope("features"):
    h = tf.layers.dense(x, 64, activation=tf.nn.relu)
with tf.variable_scope("classifier"):
    logits = tf.layers.dense(h, 10)

loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32))

train_all = tf.train.AdamOptimizer(0.003).minimize(loss)
classifier_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="classifier")
train_top = tf.train.GradientDescentOptimizer(0.05).minimize(loss, var_list=classifier_vars)
print("trainable variables: %d, classifier variables: %d" % (len(tf.trainable_variables()), len(classifier_vars)))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(300):
        idx = np.random.randint(0, len(x_train), 64)
        sess.run(train_all, feed_dict={x: x_train[idx], y: y_train[idx]})
    print("after phase 1: %.4f" % sess.run(accuracy, feed_dict={x: x_test, y: y_test}))
    for step in range(200):
        idx = np.random.randint(0, len(x_train), 64)
        sess.run(train_top, feed_dict={x: x_train[idx], y: y_train[idx]})
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={x: x_test, y: y_test}))
