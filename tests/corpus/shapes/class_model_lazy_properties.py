"""A model class whose ops are lazily built properties (the "structuring your TF models" pattern).

Imitates: Danijar Hafner's 2016 blog post layout: the constructor takes the input tensors,
`prediction`, `optimize` and `error` are properties that build their op once and cache it on
`self._...`, and the constructor touches each property so the graph exists before the session.
Constructs: `class Model(object)` with `data`/`target` tensors passed in, `@property` + `if
self._prediction is None:` caching, `tf.layers.dense`, sigmoid
cross-entropy, RMSProp, `sess.run(model.optimize, {data: ..., target: ...})`,
`sess.run(model.error, ...)`.
Data: breast cancer (30 features, binary), standardized. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)


class Model(object):

    def __init__(self, data, target):
        self.data = data
        self.target = target
        self._prediction = None
        self._optimize = None
        self._error = None
        self.prediction
        self.optimize
        self.error

    @property
    def prediction(self):
        if self._prediction is None:
            hidden = tf.layers.dense(self.data, 16, activation=tf.nn.tanh)
            self._logits = tf.layers.dense(hidden, 1)
            self._prediction = tf.sigmoid(self._logits)
        return self._prediction

    @property
    def optimize(self):
        if self._optimize is None:
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
                labels=self.target, logits=self._logits))
            optimizer = tf.train.RMSPropOptimizer(0.01)
            self._optimize = optimizer.minimize(loss)
        return self._optimize

    @property
    def error(self):
        if self._error is None:
            mistakes = tf.not_equal(self.target, tf.round(self.prediction))
            self._error = tf.reduce_mean(tf.cast(mistakes, tf.float32))
        return self._error


data_set = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(
    data_set.data.astype(np.float32), data_set.target.astype(np.float32)[:, None],
    test_size=0.25, random_state=0)
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

data = tf.placeholder(tf.float32, [None, 30])
target = tf.placeholder(tf.float32, [None, 1])
model = Model(data, target)

sess = tf.Session()
sess.run(tf.initialize_all_variables())
for epoch in range(20):
    for i in range(0, len(x_train), 32):
        sess.run(model.optimize, {data: x_train[i:i + 32], target: y_train[i:i + 32]})
    error = sess.run(model.error, {data: x_test, target: y_test})
    if epoch % 5 == 0:
        print('Epoch {:2d} error {:3.1f}%'.format(epoch + 1, 100 * error))
error = sess.run(model.error, {data: x_test, target: y_test})
print("final accuracy: %.4f" % (1.0 - error))
