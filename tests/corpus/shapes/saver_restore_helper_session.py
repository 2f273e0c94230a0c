"""`saver.save(sess, path)` in the training session, `saver.restore(sess, path)` in a helper's own session.

Imitates: "train, save, then load for inference" blog code where the inference part is a
function opening its own session (`def load_and_predict(checkpoint)`), and the checkpoint path is
the return value of `saver.save`.
Constructs: `tf.train.Saver(max_to_keep=2)`, `save_path = saver.save(sess, os.path.join(dir,
"model.ckpt"))` inside `with tf.Session() as sess:`, a second `tf.Session()` created in a helper
that calls `saver.restore(sess, save_path)` and returns `sess.run(accuracy, ...)`, `tf.train.checkpoint_exists`,
`tf.layers.dense`, sparse softmax CE, Adam.
Data: breast cancer. Expected accuracy: about 0.97.
"""
import os
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

ds = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(
    ds.data.astype(np.float32), ds.target.astype(np.int32), test_size=0.25, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

inputs = tf.placeholder(tf.float32, [None, 30], name="inputs")
targets = tf.placeholder(tf.int32, [None], name="targets")
hidden = tf.layers.dense(inputs, 16, activation=tf.nn.relu)
logits = tf.layers.dense(hidden, 2)
loss = tf.losses.sparse_softmax_cross_entropy(labels=targets, logits=logits)
train_op = tf.train.AdamOptimizer(0.005).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1, output_type=tf.int32), targets), tf.float32))
saver = tf.train.Saver(max_to_keep=2)


def load_and_evaluate(checkpoint):
    sess = tf.Session()
    saver.restore(sess, checkpoint)
    acc = sess.run(accuracy, feed_dict={inputs: x_test, targets: y_test})
    sess.close()
    return acc


model_dir = tempfile.mkdtemp(prefix="saver_restore_helper_")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(30):
        for i in range(0, len(x_train), 32):
            sess.run(train_op, feed_dict={inputs: x_train[i:i + 32], targets: y_train[i:i + 32]})
    trained_acc = sess.run(accuracy, feed_dict={inputs: x_test, targets: y_test})
    save_path = saver.save(sess, os.path.join(model_dir, "model.ckpt"))
    print("Model saved in file: %s" % save_path)

print("checkpoint exists:", tf.train.checkpoint_exists(save_path))
restored_acc = load_and_evaluate(save_path)
print("restored == trained:", restored_acc == trained_acc)
print("final accuracy: %.4f" % restored_acc)
