"""A model class whose ops are `@define_scope` properties (the final form of the "structuring your TF models" post).

Imitates: Danijar Hafner's `define_scope` decorator (built with `doublewrap` and `functools.wraps`):
each decorated method becomes a property that builds its op once inside a variable scope named
after it and caches it with `setattr`; the constructor touches the properties in an order that
is not the definition order (`optimize` first, which reads `prediction`).
Constructs: `functools.wraps`, `setattr`/`getattr`/`hasattr` caching, `tf.variable_scope(name)`
in the decorator, placeholders created by the caller and passed to `Model(image, label)`,
`tf.contrib`-free dense layers from `tf.layers.dense`, softmax cross-entropy, Adam,
`sess.run(model.optimize, {image: ..., label: ...})`.
Data: scikit-learn digits (8x8, 10 classes), scaled to [0, 1]. Expected accuracy: about 0.96.
"""
import functools

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)


def doublewrap(function):
    """A decorator decorator, allowing the decorator to be used without parentheses."""
    @functools.wraps(function)
    def decorator(*args, **kwargs):
        if len(args) == 1 and len(kwargs) == 0 and callable(args[0]):
            return function(args[0])
        else:
            return lambda wrapee: function(wrapee, *args, **kwargs)
    return decorator


@doublewrap
def define_scope(function, scope=None, *args, **kwargs):
    """A property that builds its op once, inside a variable scope named after the function."""
    attribute = '_cache_' + function.__name__
    name = scope or function.__name__

    @property
    @functools.wraps(function)
    def decorator(self):
        if not hasattr(self, attribute):
            with tf.variable_scope(name, *args, **kwargs):
                setattr(self, attribute, function(self))
        return getattr(self, attribute)
    return decorator


class Model:

    def __init__(self, image, label):
        self.image = image
        self.label = label
        self.optimize
        self.error

    @define_scope
    def prediction(self):
        x = tf.layers.dense(self.image, 64, activation=tf.nn.relu)
        return tf.layers.dense(x, 10)

    @define_scope
    def optimize(self):
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=self.label, logits=self.prediction))
        optimizer = tf.train.AdamOptimizer(0.003)
        return optimizer.minimize(loss)

    @define_scope
    def error(self):
        mistakes = tf.not_equal(tf.argmax(self.label, 1), tf.argmax(self.prediction, 1))
        return tf.reduce_mean(tf.cast(mistakes, tf.float32))


digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

image = tf.placeholder(tf.float32, [None, 64])
label = tf.placeholder(tf.float32, [None, 10])
model = Model(image, label)
sess = tf.Session()
sess.run(tf.global_variables_initializer())

for epoch in range(15):
    order = np.random.permutation(len(x_train))
    for i in range(0, len(order), 64):
        batch = order[i:i + 64]
        sess.run(model.optimize, {image: x_train[batch], label: y_train[batch]})
    error = sess.run(model.error, {image: x_test, label: y_test})
    print('Test error {:6.2f}%'.format(100 * error))
print("final accuracy: %.4f" % (1 - sess.run(model.error, {image: x_test, label: y_test})))
