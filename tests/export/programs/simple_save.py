"""TF1: train a softmax classifier in a session, then export it with tf.saved_model.simple_save.

``python simple_save.py EXPORT_DIR`` prints the trained model's scores on a probe batch as JSON
after ``scores: ``; the SavedModel's ``serving_default`` signature must give the same.
Deterministic: fixed data, zero-initialized weights, full-batch gradient descent.
"""
import json
import sys

import numpy as np
import tensorflow as tf

export_dir = sys.argv[1]
rng = np.random.RandomState(0)
data = rng.rand(64, 4).astype(np.float32)
labels = np.eye(3)[(data @ [1.0, -2.0, 0.5, 1.5] > 0.3).astype(int) + (data[:, 0] > 0.8)].astype(np.float32)
probe = rng.rand(5, 4).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 4], name="features")
y_ = tf.placeholder(tf.float32, [None, 3], name="labels")
w = tf.Variable(tf.zeros([4, 3]))
b = tf.Variable(tf.zeros([3]))
scores = tf.nn.softmax(tf.matmul(x, w) + b)
loss = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(scores), axis=1))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(50):
        sess.run(train, feed_dict={x: data, y_: labels})
    print("scores: " + json.dumps(sess.run(scores, feed_dict={x: probe}).tolist()))
    tf.saved_model.simple_save(sess, export_dir, inputs={"features": x}, outputs={"scores": scores})
