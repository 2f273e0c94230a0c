"""
Title: Softmax regression on MNIST, TF1 style
Author: tf-migrate
Description: "MNIST for ML beginners": placeholders, a Session and plain gradient descent.
Expected result: about 0.90 test accuracy on the digits28 stand-in after 5 epochs.

This is genuine TensorFlow 1.x code. Run it on the compatibility runtime with
`tf-migrate run legacy_examples/softmax_regression.py`; its TF2 twin is `modern_examples/softmax_regression.py`.

Canonical weight order (`tf.trainable_variables()`, read by the harness right after initialization): `[W (784, 10), b (10,)]`.
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


def run(*, epochs=5, batch_size=100, seed=0, data="mnist", limit_train=None,
        limit_test=None, learning_rate=0.5, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    n_features = ds.x_train.shape[1]
    tf.reset_default_graph()
    tf.set_random_seed(seed)

    # ## Model: one affine layer, softmax in the loss.
    x = tf.placeholder(tf.float32, [None, n_features])
    y_ = tf.placeholder(tf.float32, [None, ds.num_classes])
    W = tf.Variable(tf.zeros([n_features, ds.num_classes]))
    b = tf.Variable(tf.zeros([ds.num_classes]))
    logits = tf.matmul(x, W) + b
    cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
    train_step = tf.train.GradientDescentOptimizer(learning_rate).minimize(cross_entropy)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start = [], None
        for batch_xs, batch_ys in tqdm(batches, disable=not progress, desc="legacy softmax"):
            feed = {x: batch_xs, y_: datasets.one_hot(batch_ys, ds.num_classes)}
            _, loss = sess.run([train_step, cross_entropy], feed_dict=feed)
            losses.append(float(loss))
            start = start or time.perf_counter()  # time from the end of step 1: graph warm-up excluded
        seconds = time.perf_counter() - start
        test_acc = sess.run(accuracy, {x: ds.x_test, y_: datasets.one_hot(ds.y_test, ds.num_classes)})

    print("test accuracy", test_acc)
    return {
        "losses": losses, "test_accuracy": float(test_acc), "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin,
    }


if __name__ == "__main__":
    run(progress=True)
