"""
Title: Two-layer MLP with dropout on MNIST, TF1 style
Author: tf-migrate
Description: Hidden ReLU layer, `tf.nn.dropout` driven by a `keep_prob` placeholder, Adam.
Expected result: about 0.95 test accuracy on the digits28 stand-in after 10 epochs.

Genuine TensorFlow 1.x code, run with `tf-migrate run legacy_examples/mlp_dropout.py`. The `keep_prob`
placeholder is fed `keep_prob` while training and 1.0 ("dropout off") when
evaluating. TF2 twin: `modern_examples/mlp_dropout.py`.

Canonical weight order: `[W1 (784, 256), b1 (256,), W2 (256, 10), b2 (10,)]`.
"""

"""
## Setup
"""
import time

import tensorflow as tf
from tqdm import tqdm

from migrate import datasets

"""
## Train and evaluate
"""


def run(*, epochs=10, batch_size=64, seed=0, data="mnist", limit_train=None,
        limit_test=None, learning_rate=1e-3, hidden=256, keep_prob=0.75, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    n_features, n_classes = ds.x_train.shape[1], ds.num_classes
    tf.reset_default_graph()
    tf.set_random_seed(seed)

    # ## Model
    x = tf.placeholder(tf.float32, [None, n_features])
    y_ = tf.placeholder(tf.float32, [None, n_classes])
    kp = tf.placeholder(tf.float32)
    W1 = tf.Variable(tf.truncated_normal([n_features, hidden], stddev=0.1))
    b1 = tf.Variable(tf.constant(0.1, shape=[hidden]))
    h = tf.nn.dropout(tf.nn.relu(tf.matmul(x, W1) + b1), keep_prob=kp)
    W2 = tf.Variable(tf.truncated_normal([hidden, n_classes], stddev=0.1))
    b2 = tf.Variable(tf.constant(0.1, shape=[n_classes]))
    logits = tf.matmul(h, W2) + b2
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
    train_op = tf.train.AdamOptimizer(learning_rate).minimize(loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1)), tf.float32))

    # ## Train
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start = [], None
        for batch_xs, batch_ys in tqdm(batches, disable=not progress, desc="legacy mlp"):
            feed = {x: batch_xs, y_: datasets.one_hot(batch_ys, n_classes), kp: keep_prob}
            _, l = sess.run([train_op, loss], feed_dict=feed)
            losses.append(float(l))
            start = start or time.perf_counter()  # time from the end of step 1: graph warm-up excluded
        seconds = time.perf_counter() - start

        # ## Evaluate: keep_prob 1.0 turns dropout off
        test_acc = sess.run(accuracy, {x: ds.x_test, y_: datasets.one_hot(ds.y_test, n_classes), kp: 1.0})

    print("test accuracy", test_acc)
    return {
        "losses": losses, "test_accuracy": float(test_acc), "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin,
    }


if __name__ == "__main__":
    run(progress=True)
