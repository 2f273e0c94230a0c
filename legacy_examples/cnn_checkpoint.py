"""
Title: Convolutional network on MNIST with best-loss checkpoints, TF1 style
Author: tf-migrate
Description: `tf.nn.conv2d` layers built from `tf.get_variable` in `tf.variable_scope`s; a
`tf.train.Saver` keeps the checkpoint of the epoch with the lowest loss, which is restored to evaluate.
Expected result: about 0.93 test accuracy on the digits28 stand-in after 5 epochs.

Genuine TensorFlow 1.x code, run with `tf-migrate run legacy_examples/cnn_checkpoint.py`. TF2 twin: `modern_examples/cnn_checkpoint.py`.

Canonical weight order (creation order):
`[conv1/w (5,5,1,8), conv1/b, conv2/w (5,5,8,16), conv2/b, fc1/w (784,64), fc1/b, logits/w (64,10), logits/b]`.
"""

"""
## Setup
"""
import math
import os
import tempfile
import time

import numpy as np
import tensorflow as tf
from tqdm import tqdm

from migrate import datasets

"""
## Model
"""


def conv_pool(x, shape, name):
    with tf.variable_scope(name):
        w = tf.get_variable("w", shape, initializer=tf.truncated_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [shape[-1]], initializer=tf.constant_initializer(0.1))
        h = tf.nn.relu(tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME") + b)
        return tf.nn.max_pool(h, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")


def dense(x, n_out, name):
    with tf.variable_scope(name):
        w = tf.get_variable("w", [int(x.shape[1]), n_out], initializer=tf.truncated_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [n_out], initializer=tf.constant_initializer(0.1))
        return tf.matmul(x, w) + b


"""
## Train and evaluate
"""


def run(*, epochs=5, batch_size=64, seed=0, data="mnist", limit_train=None, limit_test=None,
        learning_rate=1e-3, checkpoint_dir=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    checkpoint_dir = checkpoint_dir or tempfile.mkdtemp(prefix="legacy-cnn-")
    tf.reset_default_graph()
    tf.set_random_seed(seed)

    x = tf.placeholder(tf.float32, [None, 784])
    y_ = tf.placeholder(tf.float32, [None, ds.num_classes])
    h = conv_pool(tf.reshape(x, [-1, 28, 28, 1]), [5, 5, 1, 8], "conv1")
    h = conv_pool(h, [5, 5, 8, 16], "conv2")
    h = tf.nn.relu(dense(tf.reshape(h, [-1, 7 * 7 * 16]), 64, "fc1"))
    logits = dense(h, ds.num_classes, "logits")
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
    train_op = tf.train.AdamOptimizer(learning_rate).minimize(loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1)), tf.float32))
    saver = tf.train.Saver(max_to_keep=1)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        steps_per_epoch = math.ceil(len(ds.x_train) / batch_size)
        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start, best_loss, best_path = [], None, float("inf"), None
        for step, (batch_xs, batch_ys) in enumerate(tqdm(batches, disable=not progress, desc="legacy cnn"), 1):
            _, l = sess.run([train_op, loss], {x: batch_xs, y_: datasets.one_hot(batch_ys, ds.num_classes)})
            losses.append(float(l))
            start = start or time.perf_counter()  # time from the end of step 1: graph warm-up excluded
            if step % steps_per_epoch == 0:  # end of an epoch: keep the checkpoint only on a new best loss
                epoch_loss = float(np.mean(losses[-steps_per_epoch:]))
                if epoch_loss < best_loss:
                    best_loss = epoch_loss
                    best_path = saver.save(sess, os.path.join(checkpoint_dir, "model.ckpt"), global_step=step)
        seconds = time.perf_counter() - start

        saver.restore(sess, best_path)
        test_acc = sess.run(accuracy, {x: ds.x_test, y_: datasets.one_hot(ds.y_test, ds.num_classes)})

    print("test accuracy", test_acc, "from", best_path)
    return {
        "losses": losses, "test_accuracy": float(test_acc), "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin, "best_loss": best_loss, "checkpoint": best_path,
    }


if __name__ == "__main__":
    run(progress=True)
