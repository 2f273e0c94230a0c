"""Dropout whose keep probability is a `tf.placeholder_with_default` (1.0 unless fed).

Imitates: TF1 code that avoids feeding keep_prob at evaluation time by giving it a default
(common in later TF1 tutorials and in Hands-On ML, chapter 11).
Constructs: `tf.placeholder_with_default(1.0, shape=())`, `tf.nn.dropout(h, keep_prob)` with keep_prob
fed 0.7 only in training, hidden layer from `tf.random_normal` Variables, GradientDescent,
evaluation feeding only X and Y.
Expected accuracy: about 0.96.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_data = digits.data.astype(np.float32) / 16.0
y_data = np.eye(10, dtype=np.float32)[digits.target]
x_train, x_test, y_train, y_test = train_test_split(x_data, y_data, test_size=0.25, random_state=0)

X = tf.placeholder(tf.float32, [None, 64])
Y = tf.placeholder(tf.float32, [None, 10])
keep_prob = tf.placeholder_with_default(1.0, shape=())

W1 = tf.Variable(tf.random_normal([64, 128], stddev=0.1))
b1 = tf.Variable(tf.zeros([128]))
L1 = tf.nn.relu(tf.matmul(X, W1) + b1)
L1 = tf.nn.dropout(L1, keep_prob)

W2 = tf.Variable(tf.random_normal([128, 10], stddev=0.1))
b2 = tf.Variable(tf.zeros([10]))
logits = tf.matmul(L1, W2) + b2

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.3).minimize(cost)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1)), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(600):
        idx = np.random.randint(0, len(x_train), 64)
        sess.run(optimizer, feed_dict={X: x_train[idx], Y: y_train[idx], keep_prob: 0.7})
        if step % 200 == 0:
            print("step", step, "cost", sess.run(cost, feed_dict={X: x_train, Y: y_train}))
    acc = sess.run(accuracy, feed_dict={X: x_test, Y: y_test})
    print("final accuracy: %.4f" % acc)
