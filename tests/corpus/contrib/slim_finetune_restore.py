"""TF-Slim fine-tuning: pre-train on digits 0-4, restore all but the logits, train a new head on 0-9.

Style: the "Fine-tuning a model from an existing checkpoint" section of the
TF-Slim README and `train_image_classifier.py`'s `_get_init_fn`: a model saved
with `tf.train.Saver`, a new graph, `slim.get_variables_to_restore(exclude=[...])`
keeping the feature extractor, `slim.assign_from_checkpoint_fn` called on the
session, and only the new logits trained first (`variables_to_train` =
`slim.get_variables('logits')`) before the whole net is tuned with a smaller
learning rate.

Constructs exercised:
- `import tensorflow.contrib.slim as slim`; `slim.conv2d`, `slim.max_pool2d`, `slim.flatten`,
  `slim.fully_connected`, `slim.arg_scope`;
- `tf.train.Saver().save`, `tf.reset_default_graph()`;
- `slim.get_variables_to_restore(exclude=['logits'])`, `slim.assign_from_checkpoint_fn`,
  `slim.get_variables('logits')`, `slim.get_model_variables()`;
- `slim.losses.sparse_softmax_cross_entropy(logits, labels)` (contrib order), `tf.losses.get_total_loss`;
- `slim.learning.create_train_op(..., variables_to_train=...)`.

Data: sklearn `load_digits` as [N, 8, 8, 1] in [0, 1], 75/25 split; pre-training on the
training digits 0-4 only; checkpoint in a temp directory.
Expected: final accuracy (all 10 classes) about 0.97 (>= 0.93).
"""
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf
import tensorflow.contrib.slim as slim
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32)[..., None], digits.target.astype(np.int64), random_state=0)
low = y_train < 5

checkpoint_dir = tempfile.mkdtemp(prefix="slim_finetune_")
checkpoint_path = os.path.join(checkpoint_dir, "model.ckpt")


def net(images, num_classes):
    with slim.arg_scope([slim.conv2d, slim.fully_connected], weights_regularizer=slim.l2_regularizer(1e-4)):
        net = slim.conv2d(images, 32, [3, 3], scope="conv1")
        net = slim.max_pool2d(net, [2, 2], scope="pool1")
        net = slim.conv2d(net, 64, [3, 3], scope="conv2")
        net = slim.max_pool2d(net, [2, 2], scope="pool2")
        net = slim.flatten(net)
        net = slim.fully_connected(net, 128, scope="fc3")
        return slim.fully_connected(net, num_classes, activation_fn=None, scope="logits")


def build(num_classes):
    images = tf.placeholder(tf.float32, [None, 8, 8, 1])
    labels = tf.placeholder(tf.int64, [None])
    logits = net(images, num_classes)
    slim.losses.sparse_softmax_cross_entropy(logits, labels)
    total_loss = tf.losses.get_total_loss()
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.float32))
    return images, labels, total_loss, accuracy


def train(sess, train_op, images, labels, x, y, steps):
    for _ in range(steps):
        idx = np.random.choice(len(x), 50, replace=False)
        loss = sess.run(train_op, {images: x[idx], labels: y[idx]})
    return loss


# Pre-training on digits 0-4
tf.set_random_seed(0)
images, labels, total_loss, accuracy = build(5)
train_op = slim.learning.create_train_op(total_loss, tf.train.AdamOptimizer(1e-3))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("pre-training loss %.4f" % train(sess, train_op, images, labels, x_train[low], y_train[low], 300))
    tf.train.Saver().save(sess, checkpoint_path)

# Fine-tuning on digits 0-9 with a new head
tf.reset_default_graph()
tf.set_random_seed(0)
images, labels, total_loss, accuracy = build(10)
variables_to_restore = slim.get_variables_to_restore(exclude=["logits", "global_step"])
init_fn = slim.assign_from_checkpoint_fn(checkpoint_path, variables_to_restore)
head_op = slim.learning.create_train_op(total_loss, tf.train.AdamOptimizer(1e-3),
                                        variables_to_train=slim.get_variables("logits"))
tune_op = slim.learning.create_train_op(total_loss, tf.train.AdamOptimizer(5e-4))
print("restoring %d of %d model variables" % (
    len([v for v in variables_to_restore if v in slim.get_model_variables()]), len(slim.get_model_variables())))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    init_fn(sess)
    print("head-only loss %.4f" % train(sess, head_op, images, labels, x_train, y_train, 200))
    print("fine-tune loss %.4f" % train(sess, tune_op, images, labels, x_train, y_train, 400))
    test_accuracy = sess.run(accuracy, {images: x_test, labels: y_test})
shutil.rmtree(checkpoint_dir, ignore_errors=True)
print("final accuracy: %.4f" % test_accuracy)
