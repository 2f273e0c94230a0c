"""A two-layer MLP with dropout fed through keep_prob, and a private reset_default_graph import."""
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import ops
from sklearn.datasets import load_iris

ops.reset_default_graph()
tf.set_random_seed(0)
iris = load_iris()
features = ((iris.data - iris.data.mean(0)) / iris.data.std(0)).astype(np.float32)
labels = np.eye(3, dtype=np.float32)[iris.target]

X = tf.placeholder(tf.float32, [None, 4])
Y = tf.placeholder(tf.float32, [None, 3])
keep_prob = tf.placeholder(tf.float32)
W1 = tf.Variable(tf.truncated_normal([4, 16], stddev=0.1, seed=1))
b1 = tf.Variable(tf.constant(0.1, shape=[16]))
h = tf.nn.dropout(tf.nn.relu(tf.matmul(X, W1) + b1), keep_prob)
W2 = tf.Variable(tf.random_uniform([16, 3], -0.1, 0.1, seed=2))
logits = tf.matmul(h, W2)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits))
train = tf.train.AdamOptimizer(0.05).minimize(cost)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1)), tf.float32))
mean_sq = tf.reduce_mean(tf.square(W1), keep_dims=True)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(150):
        sess.run(train, feed_dict={X: features, Y: labels, keep_prob: 1.0})
    print("accuracy %.6f" % sess.run(accuracy, feed_dict={X: features, Y: labels, keep_prob: 1.0}))
    print("kept shape", sess.run(mean_sq).shape)
