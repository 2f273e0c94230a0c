"""Graph ops created inside `sess.run(...)`: `sess.run(tf.argmax(logits, 1), ...)`, argmax of numpy labels.

Imitates: hunkim's lab-07/lab-10 MNIST scripts ("Get one and predict": `r = random.randint(0,
n - 1)`, `print("Label: ", sess.run(tf.argmax(mnist.test.labels[r:r + 1], 1)))`, `print("Prediction:
", sess.run(tf.argmax(hypothesis, 1), feed_dict={X: mnist.test.images[r:r + 1]}))`).
Constructs: `sess.run(tf.argmax(hypothesis, 1), feed_dict={X: ...})` (an op built at run time on
a graph tensor), `sess.run(tf.argmax(y_test[r:r + 1], 1))` (an op built at run time on a numpy
slice), the test accuracy computed in numpy from the fetched predictions, `random.randint`,
`tf.random_normal` weights, softmax hypothesis with `-tf.reduce_sum(Y * tf.log(h))`.
Data: digits, one-hot. Expected accuracy: about 0.96.
"""
import random

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)
nb_classes = 10

X = tf.placeholder(tf.float32, [None, 64])
Y = tf.placeholder(tf.float32, [None, nb_classes])
W = tf.Variable(tf.random_normal([64, nb_classes], stddev=0.1))
b = tf.Variable(tf.zeros([nb_classes]))
hypothesis = tf.nn.softmax(tf.matmul(X, W) + b)
cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis + 1e-10), axis=1))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(40):
        avg_cost = 0
        for i in range(0, len(x_train), 50):
            c, _ = sess.run([cost, optimizer], feed_dict={X: x_train[i:i + 50], Y: y_train[i:i + 50]})
            avg_cost += c * len(x_train[i:i + 50]) / len(x_train)
        if epoch % 10 == 0:
            print('Epoch:', '%04d' % (epoch + 1), 'cost =', '{:.9f}'.format(avg_cost))

    r = random.randint(0, len(x_test) - 1)
    print("Label: ", sess.run(tf.argmax(y_test[r:r + 1], 1)))
    print("Prediction: ", sess.run(tf.argmax(hypothesis, 1), feed_dict={X: x_test[r:r + 1]}))

    predicted = sess.run(tf.argmax(hypothesis, 1), feed_dict={X: x_test})
    labels = sess.run(tf.argmax(y_test, 1))
    print("final accuracy: %.4f" % np.mean(predicted == labels))
