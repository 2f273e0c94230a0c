"""Softmax regression on iris with Adagrad, full-batch training.

Imitates: early TF (0.x/1.0) blog posts that train on the whole (small) dataset every step and use
`tf.train.AdagradOptimizer`.
Constructs: `tf.random_uniform` weight init, `tf.nn.softmax_cross_entropy_with_logits`,
`tf.train.AdagradOptimizer(0.5)`, full-batch `feed_dict`, `sess = tf.Session()` with a named `init`,
`sess.run(accuracy, {x: ..., y_: ...})` positional feed, explicit `sess.close()`.
Expected accuracy: about 0.97 (38 test flowers).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

iris = load_iris()
X_tr, X_te, Y_tr, Y_te = train_test_split(iris.data, iris.target, random_state=0)
X_tr = X_tr.astype(np.float32)
X_te = X_te.astype(np.float32)
mean, std = X_tr.mean(axis=0), X_tr.std(axis=0)
X_tr, X_te = (X_tr - mean) / std, (X_te - mean) / std
Y_tr = np.eye(3, dtype=np.float32)[Y_tr]
Y_te = np.eye(3, dtype=np.float32)[Y_te]

x = tf.placeholder(tf.float32, [None, 4])
y_ = tf.placeholder(tf.float32, [None, 3])
W = tf.Variable(tf.random_uniform([4, 3], -0.1, 0.1))
b = tf.Variable(tf.zeros([3]))
y = tf.matmul(x, W) + b

cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.AdagradOptimizer(0.5).minimize(cross_entropy)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1)), tf.float32))

init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)
for step in range(300):
    sess.run(train_step, {x: X_tr, y_: Y_tr})
    if step % 100 == 0:
        print(step, sess.run(cross_entropy, {x: X_tr, y_: Y_tr}))
print("final accuracy: %.4f" % sess.run(accuracy, {x: X_te, y_: Y_te}))
sess.close()
