"""Graph tensors handed to helper functions: a metrics builder, a summary helper, a weight reporter.

Imitates: project code that factors graph construction into helpers taking tensors
(`def build_metrics(logits, labels)` returning a dict of ops, `def describe(t)` printing a tensor's
name and shape, `def report_weights(sess, variables)` fetching and summarizing in numpy).
Constructs: helpers receiving tensors and returning new ops, a dict of metric ops fetched with
`sess.run(metrics, feed_dict)` (dict fetch), `describe(tensor)` reading `.name`/`.shape`, a helper
receiving `sess` and a list of variables and calling `sess.run(variables)`, `tf.layers.dense`,
Momentum optimizer.
Data: iris, standardized. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)


def describe(t):
    print("%-28s %s" % (t.name, t.shape))


def build_metrics(logits, labels):
    predictions = tf.argmax(logits, 1)
    correct = tf.cast(tf.equal(predictions, labels), tf.float32)
    return {"accuracy": tf.reduce_mean(correct),
            "errors": tf.reduce_sum(1.0 - correct),
            "mean_confidence": tf.reduce_mean(tf.reduce_max(tf.nn.softmax(logits), axis=1))}


def report_weights(sess, variables):
    for v, value in zip(variables, sess.run(variables)):
        print("%-20s mean %+.3f std %.3f" % (v.name, value.mean(), value.std()))


iris = load_iris()
x_train, x_test, y_train, y_test = train_test_split(
    iris.data.astype(np.float32), iris.target.astype(np.int64), test_size=0.25, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

x = tf.placeholder(tf.float32, [None, 4], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
h = tf.layers.dense(x, 16, activation=tf.nn.relu)
logits = tf.layers.dense(h, 3)
for t in (x, h, logits):
    describe(t)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
train_op = tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss)
metrics = build_metrics(logits, y)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(60):
        order = np.random.permutation(len(x_train))
        for i in range(0, len(order), 16):
            sess.run(train_op, {x: x_train[order[i:i + 16]], y: y_train[order[i:i + 16]]})
    report_weights(sess, tf.trainable_variables())
    values = sess.run(metrics, feed_dict={x: x_test, y: y_test})
    print("errors: %d, mean confidence %.3f" % (values["errors"], values["mean_confidence"]))
    print("final accuracy: %.4f" % values["accuracy"])
