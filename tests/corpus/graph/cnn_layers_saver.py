"""CNN with `tf.layers` whose trained weights are saved and restored in a fresh session.

Imitates: TF1 "layers" tutorials (cnn_mnist.py without the Estimator) plus the usual
"save the model, then load it for testing" blog code.
Constructs: `tf.layers.conv2d`, `tf.layers.max_pooling2d`, `tf.layers.flatten`, `tf.layers.dense`,
`tf.nn.sparse_softmax_cross_entropy_with_logits` with int64 labels, AdamOptimizer,
`tf.train.Saver()`, `saver.save(sess, path, global_step=step)` under `tempfile.mkdtemp()`,
`tf.train.latest_checkpoint`, `saver.restore` in a second `with tf.Session() as sess:`.
Expected accuracy: about 0.97.
"""
import os
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32)[..., None], digits.target.astype(np.int64),
    test_size=0.25, random_state=0)

images = tf.placeholder(tf.float32, [None, 8, 8, 1], name="images")
labels = tf.placeholder(tf.int64, [None], name="labels")

conv1 = tf.layers.conv2d(images, filters=16, kernel_size=3, padding="same", activation=tf.nn.relu)
pool1 = tf.layers.max_pooling2d(conv1, pool_size=2, strides=2)
conv2 = tf.layers.conv2d(pool1, filters=32, kernel_size=3, padding="same", activation=tf.nn.relu)
pool2 = tf.layers.max_pooling2d(conv2, pool_size=2, strides=2)
flat = tf.layers.flatten(pool2)
dense = tf.layers.dense(flat, units=64, activation=tf.nn.relu)
logits = tf.layers.dense(dense, units=10)

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
train_op = tf.train.AdamOptimizer(learning_rate=0.003).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, axis=1), labels), tf.float32))

saver = tf.train.Saver()
ckpt_dir = tempfile.mkdtemp(prefix="cnn_layers_saver_")

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(1, 301):
        idx = np.random.randint(0, len(x_train), 64)
        _, loss_value = sess.run([train_op, loss], feed_dict={images: x_train[idx], labels: y_train[idx]})
        if step % 100 == 0:
            print("step %d loss %.4f" % (step, loss_value))
            save_path = saver.save(sess, os.path.join(ckpt_dir, "model.ckpt"), global_step=step)
    print("Model saved in path: %s" % save_path)

with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(ckpt_dir))
    acc = sess.run(accuracy, feed_dict={images: x_test, labels: y_test})
    print("final accuracy: %.4f" % acc)
