"""`sess.graph` given to a `FileWriter`, `writer.add_graph`, and summaries written from the loop.

Imitates: "visualize your graph in TensorBoard" posts (`writer = tf.summary.FileWriter('./logs',
sess.graph)` right after the session opens), with scalar summaries merged and added per step.
Constructs: `tf.summary.FileWriter(logdir, sess.graph)`, `writer.add_graph(sess.graph)` on a
second writer, `tf.summary.scalar` under `tf.name_scope`, `tf.summary.merge_all()`,
`writer.add_summary(summary, global_step=step)`, `writer.flush()`/`close()`, a check that event
files were written, `tf.nn.relu` MLP with `tf.Variable(tf.random_normal)`, RMSProp.
Data: wine. Expected accuracy: about 0.98.
"""
import glob
import os
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

wine = load_wine()
x_train, x_test, y_train, y_test = train_test_split(
    wine.data.astype(np.float32), np.eye(3, dtype=np.float32)[wine.target], test_size=0.3, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

with tf.name_scope("input"):
    X = tf.placeholder(tf.float32, [None, 13], name="X")
    Y = tf.placeholder(tf.float32, [None, 3], name="Y")
with tf.name_scope("layer1"):
    W1 = tf.Variable(tf.random_normal([13, 16], stddev=0.3), name="W1")
    b1 = tf.Variable(tf.zeros([16]), name="b1")
    L1 = tf.nn.relu(tf.matmul(X, W1) + b1)
with tf.name_scope("output"):
    W2 = tf.Variable(tf.random_normal([16, 3], stddev=0.3), name="W2")
    b2 = tf.Variable(tf.zeros([3]), name="b2")
    model = tf.matmul(L1, W2) + b2
with tf.name_scope("optimizer"):
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=Y, logits=model))
    train_op = tf.train.RMSPropOptimizer(0.01).minimize(cost)
    tf.summary.scalar("cost", cost)
with tf.name_scope("metrics"):
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(model, 1), tf.argmax(Y, 1)), tf.float32))
    tf.summary.scalar("accuracy", accuracy)

logdir = tempfile.mkdtemp(prefix="session_graph_filewriter_")
sess = tf.Session()
sess.run(tf.global_variables_initializer())
merged = tf.summary.merge_all()
writer = tf.summary.FileWriter(os.path.join(logdir, "train"), sess.graph)
graph_writer = tf.summary.FileWriter(os.path.join(logdir, "graph"))
graph_writer.add_graph(sess.graph)
graph_writer.close()

for step in range(150):
    summary, _ = sess.run([merged, train_op], feed_dict={X: x_train, Y: y_train})
    writer.add_summary(summary, global_step=step)
writer.flush()
writer.close()
print("event files:", len(glob.glob(os.path.join(logdir, "*", "events.out.tfevents.*"))))
print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={X: x_test, Y: y_test}))
