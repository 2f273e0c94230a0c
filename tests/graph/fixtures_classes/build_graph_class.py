"""A model class whose graph is built by build_graph(), called by the caller right after construction.

Imitates: Stanford CS 20SI (chiphuyen/stanford-tensorflow-tutorials) and taki0112-style projects: `build_graph()`
calls `_create_placeholders()`, `_create_model()`, `_create_loss()`, `_create_optimizer()`, each setting
attributes; `model = SoftmaxModel(...)` then `model.build_graph()`.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris


class SoftmaxModel(object):
    def __init__(self, n_features, n_classes, lr):
        self.n_features = n_features
        self.n_classes = n_classes
        self.lr = lr

    def _create_placeholders(self):
        self.X = tf.placeholder(tf.float32, [None, self.n_features], name='X')
        self.Y = tf.placeholder(tf.int32, [None], name='Y')

    def _create_model(self):
        self.w = tf.Variable(tf.zeros([self.n_features, self.n_classes]), name='w')
        self.b = tf.Variable(tf.zeros([self.n_classes]), name='b')
        self.logits = tf.matmul(self.X, self.w) + self.b

    def _create_loss(self):
        self.loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.Y, logits=self.logits))

    def _create_optimizer(self):
        self.opt = tf.train.GradientDescentOptimizer(self.lr).minimize(self.loss)

    def build_graph(self):
        self._create_placeholders()
        self._create_model()
        self._create_loss()
        self._create_optimizer()
        self.accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(tf.argmax(self.logits, 1), tf.int32), self.Y), tf.float32))


iris = load_iris()
xs = ((iris.data - iris.data.mean(0)) / iris.data.std(0)).astype(np.float32)
ys = iris.target.astype(np.int32)
model = SoftmaxModel(4, 3, 0.1)
model.build_graph()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(200):
        _, l = sess.run([model.opt, model.loss], feed_dict={model.X: xs, model.Y: ys})
        if epoch % 50 == 0:
            print("epoch", epoch, "loss", l)
    print("accuracy:", sess.run(model.accuracy, feed_dict={model.X: xs, model.Y: ys}))
