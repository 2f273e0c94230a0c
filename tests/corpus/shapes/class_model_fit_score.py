"""A scikit-learn-like wrapper class whose `fit(sess, ...)` and `score(sess, ...)` take the session.

Imitates: course and blog code that wraps a TF1 graph in an estimator-like class (`build()`
called from `__init__`, `fit`/`score` methods receiving the session, numpy mini-batching
inside `fit`).
Constructs: `class SoftmaxNet(object)` with `self.build()`, weights in a `self.params` dict of
`tf.Variable(tf.random_normal(...))`, `tf.nn.l2_loss` weight decay, GradientDescent with a
constant rate, `def fit(self, sess, x, y, epochs)` that runs
`self.train_step`, `def score(self, sess, x, y)` returning `sess.run(self.accuracy, ...)`,
`with tf.Session() as sess:` owning the calls.
Data: iris (4 features, 3 classes), standardized. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)


class SoftmaxNet(object):
    def __init__(self, n_features, n_classes, n_hidden=16, lr=0.1, l2=1e-3):
        self.n_features = n_features
        self.n_classes = n_classes
        self.n_hidden = n_hidden
        self.lr = lr
        self.l2 = l2
        self.build()

    def build(self):
        self.x = tf.placeholder(tf.float32, shape=(None, self.n_features))
        self.y = tf.placeholder(tf.int32, shape=(None,))
        self.params = {
            'w1': tf.Variable(tf.random_normal([self.n_features, self.n_hidden], stddev=0.5)),
            'b1': tf.Variable(tf.zeros([self.n_hidden])),
            'w2': tf.Variable(tf.random_normal([self.n_hidden, self.n_classes], stddev=0.5)),
            'b2': tf.Variable(tf.zeros([self.n_classes])),
        }
        h = tf.nn.tanh(tf.matmul(self.x, self.params['w1']) + self.params['b1'])
        self.logits = tf.matmul(h, self.params['w2']) + self.params['b2']
        xent = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.y, logits=self.logits))
        self.loss = xent + self.l2 * (tf.nn.l2_loss(self.params['w1']) + tf.nn.l2_loss(self.params['w2']))
        self.train_step = tf.train.GradientDescentOptimizer(self.lr).minimize(self.loss)
        pred = tf.cast(tf.argmax(self.logits, axis=1), tf.int32)
        self.accuracy = tf.reduce_mean(tf.cast(tf.equal(pred, self.y), tf.float32))

    def fit(self, sess, x, y, epochs=100, batch_size=16):
        for epoch in range(epochs):
            order = np.random.permutation(len(x))
            for start in range(0, len(x), batch_size):
                idx = order[start:start + batch_size]
                sess.run(self.train_step, feed_dict={self.x: x[idx], self.y: y[idx]})
            if epoch % 25 == 0:
                print("epoch %d loss %.4f" % (epoch, sess.run(self.loss, feed_dict={self.x: x, self.y: y})))
        return self

    def score(self, sess, x, y):
        return sess.run(self.accuracy, feed_dict={self.x: x, self.y: y})


iris = load_iris()
x_train, x_test, y_train, y_test = train_test_split(
    iris.data.astype(np.float32), iris.target.astype(np.int32), test_size=0.25, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

net = SoftmaxNet(4, 3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    net.fit(sess, x_train, y_train)
    print("train accuracy: %.4f" % net.score(sess, x_train, y_train))
    print("final accuracy: %.4f" % net.score(sess, x_test, y_test))
