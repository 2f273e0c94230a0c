"""`tf.contrib.layers.batch_norm` with `updates_collections=None` (in-place moving averages) in an MLP.

Imitates: blog posts on batch normalization in TF1 that avoided the UPDATE_OPS dance by passing
`updates_collections=None`, with `decay=0.9`, `is_training` placeholder, and `scale=True` on the
layer before a ReLU (contrib's default is `scale=False`).
Constructs: `tf.contrib.layers.batch_norm(h, decay=0.9, center=True, scale=True,
updates_collections=None, is_training=phase)`, `tf.contrib.layers.fully_connected(...,
activation_fn=None, biases_initializer=None)`, `tf.placeholder_with_default(False, [])` phase,
Momentum optimizer, evaluation with the moving statistics.
Data: breast cancer (raw features: batch norm does the scaling). Expected accuracy: about 0.96.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

ds = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(
    ds.data.astype(np.float32), ds.target.astype(np.int64), test_size=0.25, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

x = tf.placeholder(tf.float32, [None, 30], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
phase = tf.placeholder_with_default(False, [], name="phase")


def dense_bn_relu(inputs, units, scope):
    with tf.variable_scope(scope):
        h = tf.contrib.layers.fully_connected(inputs, units, activation_fn=None, biases_initializer=None)
        h = tf.contrib.layers.batch_norm(h, decay=0.9, center=True, scale=True,
                                         updates_collections=None, is_training=phase)
        return tf.nn.relu(h)


h1 = dense_bn_relu(x, 32, "layer1")
h2 = dense_bn_relu(h1, 16, "layer2")
logits = tf.contrib.layers.fully_connected(h2, 2, activation_fn=None)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
train_op = tf.train.MomentumOptimizer(0.02, momentum=0.9).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(25):
        order = np.random.permutation(len(x_train))
        for i in range(0, len(order), 32):
            idx = order[i:i + 32]
            sess.run(train_op, feed_dict={x: x_train[idx], y: y_train[idx], phase: True})
        if epoch % 5 == 0:
            print("epoch %d train acc %.4f" % (epoch, sess.run(accuracy, {x: x_train, y: y_train})))
    print("final accuracy: %.4f" % sess.run(accuracy, {x: x_test, y: y_test}))
