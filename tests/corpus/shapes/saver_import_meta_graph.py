"""Save, wipe the graph, `tf.train.import_meta_graph`, then look tensors up by name in a fresh session.

Imitates: the very common "how to restore a model" blog recipe: name the placeholders and the
accuracy op, save, `tf.reset_default_graph()`, `saver = tf.train.import_meta_graph('model.meta')`,
`saver.restore(sess, tf.train.latest_checkpoint(dir))`, `graph.get_tensor_by_name("x:0")`.
Constructs: `name=` on placeholders and ops, `tf.identity(..., name="accuracy")`,
`saver.save(sess, path, global_step=...)`, `tf.reset_default_graph()`,
`tf.train.import_meta_graph(path + ".meta")`, `tf.get_default_graph().get_tensor_by_name`,
`tf.train.latest_checkpoint`, a second session feeding looked-up placeholders.
Data: iris. Expected accuracy: about 0.97.
"""
import os
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

iris = load_iris()
x_train, x_test, y_train, y_test = train_test_split(
    iris.data.astype(np.float32), iris.target.astype(np.int64), test_size=0.25, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

x = tf.placeholder(tf.float32, [None, 4], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
W = tf.Variable(tf.random_normal([4, 3], stddev=0.5), name="W")
b = tf.Variable(tf.zeros([3]), name="b")
logits = tf.add(tf.matmul(x, W), b, name="logits")
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
accuracy = tf.identity(tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32)), name="accuracy")

ckpt_dir = tempfile.mkdtemp(prefix="saver_import_meta_graph_")
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(300):
        sess.run(train_op, feed_dict={x: x_train, y: y_train})
    path = saver.save(sess, os.path.join(ckpt_dir, "iris-model"), global_step=300)
print("saved", os.path.basename(path))

tf.reset_default_graph()
with tf.Session() as sess:
    new_saver = tf.train.import_meta_graph(path + ".meta")
    new_saver.restore(sess, tf.train.latest_checkpoint(ckpt_dir))
    graph = tf.get_default_graph()
    x_in = graph.get_tensor_by_name("x:0")
    y_in = graph.get_tensor_by_name("y:0")
    acc_op = graph.get_tensor_by_name("accuracy:0")
    acc = sess.run(acc_op, feed_dict={x_in: x_test, y_in: y_test})
print("final accuracy: %.4f" % acc)
