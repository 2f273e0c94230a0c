"""TF1: train a linear regressor, export it with SavedModelBuilder and a signature_def_map.

``python builder.py EXPORT_DIR`` prints the model's predictions on a probe batch as JSON after
``predictions: ``; the SavedModel's ``predict`` signature must give the same. Deterministic.
"""
import json
import sys

import numpy as np
import tensorflow as tf

export_dir = sys.argv[1]
rng = np.random.RandomState(1)
data = rng.rand(32, 3).astype(np.float32)
targets = (data @ np.array([[2.0], [-1.0], [0.5]], np.float32) + 0.25).astype(np.float32)
probe = rng.rand(4, 3).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 3], name="x")
t = tf.placeholder(tf.float32, [None, 1], name="t")
w = tf.Variable(tf.zeros([3, 1]), name="w")
b = tf.Variable(tf.zeros([1]), name="b")
prediction = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.square(prediction - t))
train = tf.train.GradientDescentOptimizer(0.3).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(100):
        sess.run(train, feed_dict={x: data, t: targets})
    print("predictions: " + json.dumps(sess.run(prediction, feed_dict={x: probe}).tolist()))
    builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
    signature = tf.saved_model.signature_def_utils.predict_signature_def(
        inputs={"x": x}, outputs={"prediction": prediction})
    builder.add_meta_graph_and_variables(sess, [tf.saved_model.tag_constants.SERVING],
                                         signature_def_map={"predict": signature})
    builder.save()
