"""Convolutional autoencoder with an auxiliary classifier on the code, built from tf.contrib.layers.

Style: the 2017 "convolutional autoencoder in TensorFlow" blog posts
(encoder of strided `conv2d`, decoder of `conv2d_transpose`, sigmoid output,
`tf.losses.mean_squared_error` reconstruction loss) with the semi-supervised
twist many of them added: a softmax head on the bottleneck trained jointly, so
the code has to keep the class. TensorBoard summaries come from
`tf.contrib.layers.summarize_activations` / `summarize_tensors` and are merged
and written once per 100 steps.

Constructs exercised:
- `tf.contrib.layers.conv2d(..., stride=2)`, `tf.contrib.layers.conv2d_transpose`
  (SAME padding, ReLU default; `activation_fn=tf.nn.sigmoid` for the output);
- `outputs_collections=tf.GraphKeys.ACTIVATIONS` + `tf.contrib.layers.summarize_activations()`,
  `tf.contrib.layers.summarize_tensors([...])`;
- `tf.contrib.layers.flatten`, `fully_connected(activation_fn=None)`;
- `tf.losses.mean_squared_error`, `tf.losses.sparse_softmax_cross_entropy`,
  `tf.losses.get_total_loss()` (sums both, as both were added to LOSSES);
- `tf.summary.merge_all`, `tf.summary.FileWriter`.

Data: sklearn `load_digits` as [N, 8, 8, 1] in [0, 1], 75/25 split.
Expected: final accuracy (of the code classifier) about 0.97 (>= 0.93).
"""
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32)[..., None], digits.target, random_state=0)

batch_size = 64
n_steps = 800
acts = tf.GraphKeys.ACTIVATIONS

inputs_ = tf.placeholder(tf.float32, (None, 8, 8, 1), name="inputs")
labels_ = tf.placeholder(tf.int64, (None,), name="labels")

# Encoder: 8x8x1 -> 4x4x16 -> 2x2x32
conv1 = tf.contrib.layers.conv2d(inputs_, 16, [3, 3], stride=2, outputs_collections=acts, scope="enc1")
encoded = tf.contrib.layers.conv2d(conv1, 32, [3, 3], stride=2, outputs_collections=acts, scope="enc2")

# Decoder: 2x2x32 -> 4x4x16 -> 8x8x1
deconv1 = tf.contrib.layers.conv2d_transpose(encoded, 16, [3, 3], stride=2, outputs_collections=acts, scope="dec1")
decoded = tf.contrib.layers.conv2d_transpose(deconv1, 1, [3, 3], stride=2, activation_fn=tf.nn.sigmoid, scope="dec2")

# Classifier on the code
code = tf.contrib.layers.flatten(encoded)
logits = tf.contrib.layers.fully_connected(code, 10, activation_fn=None, scope="classifier")

reconstruction_loss = tf.losses.mean_squared_error(labels=inputs_, predictions=decoded)
classification_loss = tf.losses.sparse_softmax_cross_entropy(labels=labels_, logits=logits)
cost = tf.losses.get_total_loss()
opt = tf.train.AdamOptimizer(0.005).minimize(cost)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), labels_), tf.float32))

tf.contrib.layers.summarize_activations()
tf.contrib.layers.summarize_tensors([reconstruction_loss, classification_loss, accuracy])
merged = tf.summary.merge_all()

logdir = tempfile.mkdtemp(prefix="conv_ae_")
sess = tf.Session()
writer = tf.summary.FileWriter(logdir, sess.graph)
sess.run(tf.global_variables_initializer())
for step in range(n_steps):
    idx = np.random.choice(len(x_train), batch_size, replace=False)
    feed = {inputs_: x_train[idx], labels_: y_train[idx]}
    if step % 100 == 0:
        summary, rec, xent = sess.run([merged, reconstruction_loss, classification_loss], feed_dict=feed)
        writer.add_summary(summary, step)
        print("step %d reconstruction %.4f classification %.4f" % (step, rec, xent))
    sess.run(opt, feed_dict=feed)
writer.close()
test_mse, test_acc = sess.run([reconstruction_loss, accuracy], feed_dict={inputs_: x_test, labels_: y_test})
sess.close()
shutil.rmtree(logdir, ignore_errors=True)
print("test reconstruction mse %.4f" % test_mse)
print("final accuracy: %.4f" % test_acc)
