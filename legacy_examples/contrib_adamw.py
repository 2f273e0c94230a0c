"""
Title: tf.contrib.layers network trained with tf.contrib.opt.AdamWOptimizer, TF1 style
Author: tf-migrate
Description: `fully_connected` layers with Xavier init and an L2 weight regularizer, decoupled weight decay.
Expected result: about 0.95 test accuracy on the digits28 stand-in after 10 epochs.

Genuine TensorFlow 1.x code with `tf.contrib`, run with `tf-migrate run legacy_examples/contrib_adamw.py`
(which supplies `tf.contrib`). TF2 twin: `modern_examples/contrib_adamw.py`.

Canonical weight order (`tf.trainable_variables()`):
`[fully_connected/weights (784,128), /biases, fully_connected_1/weights (128,64), /biases,
fully_connected_2/weights (64,10), /biases]`.
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


def run(*, epochs=10, batch_size=64, seed=0, data="mnist", limit_train=None, limit_test=None,
        learning_rate=1e-3, weight_decay=1e-4, l2_scale=1e-3, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    tf.reset_default_graph()
    tf.set_random_seed(seed)

    # ## Model: fully_connected applies ReLU unless activation_fn=None
    layer = dict(weights_initializer=tf.contrib.layers.xavier_initializer(seed=seed),
                 weights_regularizer=tf.contrib.layers.l2_regularizer(l2_scale))
    x = tf.placeholder(tf.float32, [None, ds.x_train.shape[1]])
    y = tf.placeholder(tf.int64, [None])
    h = tf.contrib.layers.fully_connected(x, 128, **layer)
    h = tf.contrib.layers.fully_connected(h, 64, **layer)
    logits = tf.contrib.layers.fully_connected(h, ds.num_classes, activation_fn=None, **layer)
    xent = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    loss = xent + tf.losses.get_regularization_loss()
    optimizer = tf.contrib.opt.AdamWOptimizer(weight_decay, learning_rate=learning_rate)
    train_op = optimizer.minimize(loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start = [], None
        for batch_xs, batch_ys in tqdm(batches, disable=not progress, desc="legacy contrib"):
            _, l = sess.run([train_op, loss], {x: batch_xs, y: batch_ys})
            losses.append(float(l))
            start = start or time.perf_counter()  # time from the end of step 1: graph warm-up excluded
        seconds = time.perf_counter() - start
        test_acc = sess.run(accuracy, {x: ds.x_test, y: ds.y_test})

    print("test accuracy", test_acc)
    return {
        "losses": losses, "test_accuracy": float(test_acc), "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin,
    }


if __name__ == "__main__":
    run(progress=True)
