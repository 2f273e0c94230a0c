"""Variables shared by `tf.variable_scope` name: a tower built twice.

TF1 code builds a model with `tf.get_variable` inside a function and calls it again under
`tf.variable_scope(name, reuse=True)` to share its variables (a second tower for evaluation).
In TF2 variables are Python objects: the function becomes a `tf.Module` whose `__init__`
creates the variables once and whose `__call__` computes; sharing by scope name becomes
reusing the same instance.
"""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
data = rng.rand(128, 8).astype(np.float32)
target = data.sum(axis=1, keepdims=True)


def tower(x):
    w = tf.get_variable("w", [8, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    return tf.matmul(x, w) + b


x = tf.placeholder(tf.float32, [None, 8])
t = tf.placeholder(tf.float32, [None, 1])
with tf.variable_scope("model"):
    train_out = tower(x)
with tf.variable_scope("model", reuse=True):
    eval_out = tower(x)
loss = tf.reduce_mean(tf.square(train_out - t))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
eval_loss = tf.reduce_mean(tf.square(eval_out - t))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(100):
        sess.run(train_op, feed_dict={x: data, t: target})
    print("eval loss", sess.run(eval_loss, feed_dict={x: data, t: target}))
