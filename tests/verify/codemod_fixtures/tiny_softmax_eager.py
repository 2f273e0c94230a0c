"""tiny_softmax without `logits.device` in its result, so the codemod converts it to idiomatic TF2 (eager).

Legacy column of the codemod-column tests (its twin: modern_examples/softmax_regression.py with data="iris").
Canonical weight order returned as `initial_weights`: `[W (4, 3), b (3,)]`.
"""
import time

import numpy as np
import tensorflow as tf

from migrate import datasets


def run(*, epochs=2, batch_size=16, seed=0, device="cpu", data="iris", limit_train=None, limit_test=None,
        learning_rate=0.5, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    tf.reset_default_graph()
    tf.set_random_seed(seed)
    x = tf.placeholder(tf.float32, [None, ds.x_train.shape[1]])
    y_ = tf.placeholder(tf.float32, [None, ds.num_classes])
    W = tf.Variable(tf.zeros([ds.x_train.shape[1], ds.num_classes]))
    b = tf.Variable(tf.zeros([ds.num_classes]))
    logits = tf.matmul(x, W) + b
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
    train_step = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1)), tf.float32))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        initial_weights = sess.run([W, b])
        losses, start = [], None
        for batch_xs, batch_ys in datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs):
            _, value = sess.run([train_step, loss],
                                feed_dict={x: batch_xs, y_: datasets.one_hot(batch_ys, ds.num_classes)})
            losses.append(float(value))
            start = start or time.perf_counter()
        seconds = time.perf_counter() - start
        test_acc = sess.run(accuracy, {x: ds.x_test, y_: datasets.one_hot(ds.y_test, ds.num_classes)})
    return {
        "losses": losses, "test_accuracy": float(test_acc), "steps": len(losses), "seconds": seconds,
        "steps_per_sec": (len(losses) - 1) / seconds, "device": "/device:CPU:0",
        "dataset": ds.name, "dataset_is_standin": ds.is_standin,
        "initial_weights": [np.asarray(w) for w in initial_weights],
    }
