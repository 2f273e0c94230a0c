"""simple_save.py in eager TF2: the form TFM268's recipe names (what the graph pass would have to write).

``python simple_save_tf2.py EXPORT_DIR`` trains the same classifier with a ``tf.function`` step
and exports ``compute_scores`` -- the fetch function the graph-to-eager pass (TFM300) writes for
``sess.run(scores, {x: ...})``, its input signature from the placeholder -- as the
``serving_default`` signature of a ``tf.Module`` that tracks the variables it reads, with
simple_save's input and output keys. Prints the scores on the probe batch after ``scores: ``.
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

w = tf.Variable(tf.zeros([4, 3]))
b = tf.Variable(tf.zeros([3]))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([None, 3], tf.float32)])
def train_step(x, y_):
    with tf.GradientTape() as tape:
        scores = tf.nn.softmax(tf.matmul(x, w) + b)
        loss = tf.reduce_mean(-tf.reduce_sum(y_ * tf.math.log(scores), axis=1))
    gradients = tape.gradient(loss, [w, b])
    optimizer.apply_gradients(zip(gradients, [w, b]))


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
def compute_scores(x):
    return tf.nn.softmax(tf.matmul(x, w) + b)


for _ in range(50):
    train_step(data, labels)
print("scores: " + json.dumps(compute_scores(probe).numpy().tolist()))


# simple_save(sess, export_dir, inputs={"features": x}, outputs={"scores": scores}):
@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
def serve(features):
    return {"scores": compute_scores(features)}


export = tf.Module()
export.w, export.b = w, b  # a saved function may only capture variables the saved object tracks
tf.saved_model.save(export, export_dir, signatures={"serving_default": serve})
