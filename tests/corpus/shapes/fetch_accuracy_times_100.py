"""Fetches that are arithmetic on graph values: `sess.run(accuracy * 100, ...)`, `sess.run(cost / n)`.

Imitates: Korean blog posts and golbin-style tutorials that print a percentage straight from
the session (`print('정확도:', sess.run(accuracy * 100, feed_dict=...))`).
Constructs: `sess.run(accuracy * 100, feed_dict={...})`, `sess.run(cost * batch_size, ...)`
summed over an epoch, a `tf.Variable(tf.random_normal)` two-layer net with sigmoid + softmax,
`tf.train.GradientDescentOptimizer`, module-level graph and `sess = tf.Session()`.
Data: iris, standardized, one-hot. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

iris = load_iris()
x_data, x_test, y_data, y_test = train_test_split(
    iris.data.astype(np.float32), np.eye(3, dtype=np.float32)[iris.target], test_size=0.25, random_state=0)
mean, std = x_data.mean(0), x_data.std(0)
x_data, x_test = (x_data - mean) / std, (x_test - mean) / std

X = tf.placeholder(tf.float32, [None, 4])
Y = tf.placeholder(tf.float32, [None, 3])

W1 = tf.Variable(tf.random_normal([4, 10]))
b1 = tf.Variable(tf.random_normal([10]))
L1 = tf.sigmoid(tf.matmul(X, W1) + b1)
W2 = tf.Variable(tf.random_normal([10, 3]))
b2 = tf.Variable(tf.random_normal([3]))
model = tf.matmul(L1, W2) + b2

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=Y, logits=model))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.5)
train_op = optimizer.minimize(cost)

is_correct = tf.equal(tf.argmax(model, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))

sess = tf.Session()
sess.run(tf.global_variables_initializer())

batch_size = 16
for epoch in range(40):
    total = 0.0
    for i in range(0, len(x_data), batch_size):
        feed = {X: x_data[i:i + batch_size], Y: y_data[i:i + batch_size]}
        sess.run(train_op, feed_dict=feed)
        total += sess.run(cost * len(feed[X]), feed_dict=feed)
    if (epoch + 1) % 20 == 0:
        print('Epoch:', '%04d' % (epoch + 1), 'Avg. cost =', '{:.3f}'.format(total / len(x_data)))

print('정확도: %.2f%%' % sess.run(accuracy * 100, feed_dict={X: x_test, Y: y_test}))
print("final accuracy: %.4f" % (sess.run(accuracy * 100, feed_dict={X: x_test, Y: y_test}) / 100))
