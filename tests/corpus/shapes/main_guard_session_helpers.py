"""The graph at module level, the session opened under `if __name__ == "__main__":` and handed to helpers.

Imitates: small scripts and course solutions that build the graph at import time and run it only as a
script: `weight_variable(shape)` / `bias_variable(shape)` helpers, `def train(sess)` and `def test(sess)`
taking the session, `sess = tf.Session()` under the `__main__` guard.
Constructs: `tf.truncated_normal`, `tf.constant(0.1, shape=shape)`, softmax + `-tf.reduce_sum(Y * tf.log(h))`,
Adam, a list fetch of `[prediction, accuracy]` unpacked, `sess.run` inside helpers given the session.
Data: iris, one-hot. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

iris = load_iris()
x_train, x_test, y_train, y_test = train_test_split(iris.data.astype(np.float32), iris.target, test_size=0.3, random_state=1)
y_train = np.eye(3)[y_train]
y_test = np.eye(3)[y_test]

learning_rate = 0.01
training_epochs = 500

X = tf.placeholder(tf.float32, [None, 4], name="X")
Y = tf.placeholder(tf.float32, [None, 3], name="Y")

def weight_variable(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1))

def bias_variable(shape):
    return tf.Variable(tf.constant(0.1, shape=shape))

W1 = weight_variable([4, 10])
b1 = bias_variable([10])
W2 = weight_variable([10, 3])
b2 = bias_variable([3])
h1 = tf.nn.sigmoid(tf.matmul(X, W1) + b1)
hypothesis = tf.nn.softmax(tf.matmul(h1, W2) + b2)
cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis=1))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(cost)
prediction = tf.argmax(hypothesis, 1)
correct_prediction = tf.equal(prediction, tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))


def train(sess):
    for epoch in range(training_epochs):
        _, c = sess.run([optimizer, cost], feed_dict={X: x_train, Y: y_train})
        if epoch % 100 == 0:
            print("Epoch:", '%04d' % (epoch + 1), "cost =", "{:.9f}".format(c))


def test(sess):
    pred, acc = sess.run([prediction, accuracy], feed_dict={X: x_test, Y: y_test})
    print("Prediction:", pred[:10])
    return acc


if __name__ == "__main__":
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    train(sess)
    print("final accuracy: %.4f" % test(sess))
