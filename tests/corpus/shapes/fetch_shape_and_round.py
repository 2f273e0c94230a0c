"""Fetches of `tf.shape(X)[0]` and `tf.round(tf.sigmoid(out))`, and a cast-equal built inside the call.

Imitates: logistic-regression blog posts and Stack Overflow answers (`sess.run(tf.shape(X)[0],
feed_dict=...)` to count examples, predictions as `sess.run(tf.round(tf.sigmoid(logits)), ...)`,
`sess.run(tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype=tf.float32)), ...)`).
Constructs: `tf.shape(X)[0]` subscript fetched, `tf.round(tf.sigmoid(...))` fetched, a whole
accuracy expression written inside `sess.run`, a `[hypothesis, predicted, accuracy]` list fetch,
`tf.nn.sigmoid_cross_entropy_with_logits`, Adam.
Data: breast cancer, standardized, labels as `[N, 1]` floats. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

data = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(
    data.data.astype(np.float32), data.target.astype(np.float32).reshape(-1, 1), test_size=0.25, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

X = tf.placeholder(tf.float32, shape=[None, 30])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.random_normal([30, 1]), name='weight')
b = tf.Variable(tf.random_normal([1]), name='bias')
out = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=out))
train = tf.train.AdamOptimizer(learning_rate=0.01).minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("training examples:", sess.run(tf.shape(X)[0], feed_dict={X: x_train}))
    for step in range(301):
        cost_val, _ = sess.run([cost, train], feed_dict={X: x_train, Y: y_train})
        if step % 100 == 0:
            print(step, cost_val)

    predicted = sess.run(tf.round(tf.sigmoid(out)), feed_dict={X: x_test})
    print("first predictions:", predicted[:5].ravel())
    acc = sess.run(tf.reduce_mean(tf.cast(tf.equal(tf.round(tf.sigmoid(out)), Y), dtype=tf.float32)),
                   feed_dict={X: x_test, Y: y_test})
    print("numpy agrees:", np.mean(predicted == y_test) == acc)
    print("final accuracy: %.4f" % acc)
