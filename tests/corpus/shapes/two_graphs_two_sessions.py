"""Two independent graphs, each with its own session, compared at the end.

Imitates: notebooks comparing two models side by side (`g1 = tf.Graph()`, `with g1.as_default():`
build model A, `sess1 = tf.Session(graph=g1)`; same for B), and the Hands-On ML habit of
`with tf.Session(graph=graph) as sess`.
Constructs: two `tf.Graph()` objects, `with graph.as_default():` blocks each with
`tf.set_random_seed(0)`, two long-lived sessions `tf.Session(graph=g)`, a function
`build_model(hidden)` returning a dict of ops, `sess.run(ops["train"], ...)` for both in one loop,
`sess1.close()`/`sess2.close()`, the better model's accuracy reported.
Data: digits. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), digits.target.astype(np.int64), test_size=0.25, random_state=0)


def build_model(hidden):
    x = tf.placeholder(tf.float32, [None, 64])
    y = tf.placeholder(tf.int64, [None])
    net = x
    for units in hidden:
        net = tf.layers.dense(net, units, activation=tf.nn.relu)
    logits = tf.layers.dense(net, 10)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    train = tf.train.AdamOptimizer(0.002).minimize(loss)
    acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
    return {"x": x, "y": y, "train": train, "loss": loss, "acc": acc, "init": tf.global_variables_initializer()}


g1 = tf.Graph()
with g1.as_default():
    tf.set_random_seed(0)
    small = build_model([32])
g2 = tf.Graph()
with g2.as_default():
    tf.set_random_seed(0)
    deep = build_model([96, 48])

sess1 = tf.Session(graph=g1)
sess2 = tf.Session(graph=g2)
sess1.run(small["init"])
sess2.run(deep["init"])
for step in range(800):
    idx = np.random.randint(0, len(x_train), 64)
    for sess, m in ((sess1, small), (sess2, deep)):
        sess.run(m["train"], feed_dict={m["x"]: x_train[idx], m["y"]: y_train[idx]})

acc_small = sess1.run(small["acc"], feed_dict={small["x"]: x_test, small["y"]: y_test})
acc_deep = sess2.run(deep["acc"], feed_dict={deep["x"]: x_test, deep["y"]: y_test})
sess1.close()
sess2.close()
print("small: %.4f deep: %.4f" % (acc_small, acc_deep))
print("final accuracy: %.4f" % max(acc_small, acc_deep))
