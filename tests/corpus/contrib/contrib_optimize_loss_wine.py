"""Wine classifier trained through tf.contrib.layers.optimize_loss.

Style: the TF 1.0-1.3 `tf.contrib.learn` era model functions (e.g. the
"Creating Estimators in tf.contrib.learn" abalone tutorial and many 2017 blog
posts): the train op comes from `tf.contrib.layers.optimize_loss(loss,
global_step, learning_rate, optimizer="Adam", ...)` with a decay function and
gradient clipping, summaries merged with `tf.summary.merge_all()` and written
by a `tf.summary.FileWriter`.

Constructs exercised:
- `tf.contrib.layers.optimize_loss(loss, global_step=..., learning_rate=0.01,
  optimizer="Adam", clip_gradients=5.0, learning_rate_decay_fn=...,
  summaries=["loss", "learning_rate"])` (returns the loss; the update is its dependency);
- `tf.contrib.framework.get_or_create_global_step()`;
- `tf.train.exponential_decay` as the decay function;
- `tf.contrib.layers.fully_connected` / `tf.contrib.layers.linear`;
- `tf.summary.merge_all`, `tf.summary.FileWriter` into a temp directory;
- `tf.losses.softmax_cross_entropy` with `label_smoothing`.

Data: sklearn `load_wine`, standardized, one-hot, 75/25 split.
Expected: final accuracy about 0.98 (>= 0.93).
"""
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

wine = load_wine()
x_train, x_test, y_train, y_test = train_test_split(
    wine.data.astype(np.float32), np.eye(3, dtype=np.float32)[wine.target], random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

features = tf.placeholder(tf.float32, [None, 13], name="features")
targets = tf.placeholder(tf.float32, [None, 3], name="targets")

hidden = tf.contrib.layers.fully_connected(features, 20)
logits = tf.contrib.layers.linear(hidden, 3)
loss = tf.losses.softmax_cross_entropy(targets, logits, label_smoothing=0.05)

global_step = tf.contrib.framework.get_or_create_global_step()


def decay(learning_rate, global_step):
    return tf.train.exponential_decay(learning_rate, global_step, decay_steps=50, decay_rate=0.9)


train_op = tf.contrib.layers.optimize_loss(
    loss=loss,
    global_step=global_step,
    learning_rate=0.01,
    optimizer="Adam",
    clip_gradients=5.0,
    learning_rate_decay_fn=decay,
    summaries=["loss", "learning_rate"])

predictions = tf.argmax(logits, 1)
accuracy = tf.reduce_mean(tf.cast(tf.equal(predictions, tf.argmax(targets, 1)), tf.float32))
merged = tf.summary.merge_all()

logdir = tempfile.mkdtemp(prefix="optimize_loss_")
with tf.Session() as sess:
    writer = tf.summary.FileWriter(logdir, sess.graph)
    sess.run(tf.global_variables_initializer())
    for step in range(200):
        batch = np.random.choice(len(x_train), 32, replace=False)
        loss_value, summary, gs = sess.run([train_op, merged, global_step],
                                           feed_dict={features: x_train[batch], targets: y_train[batch]})
        writer.add_summary(summary, gs)
        if step % 50 == 0:
            print("step %d loss %.4f" % (gs, loss_value))
    writer.close()
    test_accuracy = sess.run(accuracy, feed_dict={features: x_test, targets: y_test})
shutil.rmtree(logdir, ignore_errors=True)
print("final accuracy: %.4f" % test_accuracy)
