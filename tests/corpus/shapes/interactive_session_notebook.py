"""Notebook-style InteractiveSession: cells that build, run, and rebuild ops against one default session.

Imitates: Jupyter notebooks from TF 1.x courses: `sess = tf.InteractiveSession()` in the first
cell, tensors evaluated with `.eval()` between cells (`print(tf.shape(x_batch).eval())`,
`print(logits.eval(feed_dict)[:2])`), `tf.global_variables_initializer().run()`, the training
op `.run(feed_dict=...)`, a late cell adding `tf.nn.softmax` and evaluating it.
Constructs: `tf.InteractiveSession()`, `tf.constant(...).eval()`, `tf.shape(t).eval()`,
`op.run(feed_dict=)`, `tensor.eval(feed_dict=)`, `tf.nn.softmax(logits).eval(...)` built late,
`tf.train.AdamOptimizer`, no `sess.close()`.
Data: breast cancer. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)
sess = tf.InteractiveSession()

ds = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(
    ds.data.astype(np.float32), ds.target.astype(np.int64), test_size=0.25, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

# cell: look at the data as tensors
x_batch = tf.constant(x_train[:5])
print(tf.shape(x_batch).eval())
print(tf.reduce_mean(x_batch, axis=0).eval()[:3])

# cell: the model
x = tf.placeholder(tf.float32, [None, 30])
y = tf.placeholder(tf.int64, [None])
hidden = tf.layers.dense(x, 16, activation=tf.nn.relu)
logits = tf.layers.dense(hidden, 2)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
train_op = tf.train.AdamOptimizer(0.003).minimize(loss)
tf.global_variables_initializer().run()
print(logits.eval(feed_dict={x: x_train[:2]}))

# cell: training
for step in range(300):
    idx = np.random.randint(0, len(x_train), 32)
    train_op.run(feed_dict={x: x_train[idx], y: y_train[idx]})
    if step % 100 == 0:
        print(step, loss.eval(feed_dict={x: x_train, y: y_train}))

# cell: evaluation, ops added late
probabilities = tf.nn.softmax(logits)
probs = probabilities.eval(feed_dict={x: x_test})
predicted = np.argmax(probs, axis=1)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
acc = accuracy.eval(feed_dict={x: x_test, y: y_test})
assert np.isclose(acc, np.mean(predicted == y_test))
print("final accuracy: %.4f" % acc)
