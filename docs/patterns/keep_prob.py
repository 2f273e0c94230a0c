"""Dropout fed through a keep_prob placeholder.

TF1 tutorials feed `keep_prob: 0.5` while training and `keep_prob: 1.0` when evaluating.
TF2's `tf.nn.dropout` takes `rate = 1 - keep_prob`; after the conversion each `sess.run`
is a `tf.function`, and a literal feed such as `keep_prob: 1.0` specializes the function
it calls (no dropout at evaluation, as before).
"""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
data = rng.rand(256, 20).astype(np.float32)
labels = (data.sum(axis=1) > 10).astype(np.int64)

x = tf.placeholder(tf.float32, [None, 20])
y = tf.placeholder(tf.int64, [None])
keep_prob = tf.placeholder(tf.float32)
w1 = tf.Variable(tf.truncated_normal([20, 32], stddev=0.1, seed=1))
b1 = tf.Variable(tf.zeros([32]))
h = tf.nn.dropout(tf.nn.relu(tf.matmul(x, w1) + b1), keep_prob)
w2 = tf.Variable(tf.truncated_normal([32, 2], stddev=0.1, seed=2))
logits = tf.matmul(h, w2)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(50):
        sess.run(train_op, feed_dict={x: data, y: labels, keep_prob: 0.5})
    print("accuracy", sess.run(accuracy, feed_dict={x: data, y: labels, keep_prob: 1.0}))
