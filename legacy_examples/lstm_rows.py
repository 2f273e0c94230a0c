"""
Title: LSTM classifier reading MNIST images row by row, TF1 style
Author: tf-migrate
Description: Each 28x28 image is a sequence of 28 rows; `tf.contrib.rnn.BasicLSTMCell` +
`static_rnn` over the unstacked rows, a linear layer on the last output; Adam with the learning
rate decayed by `tf.train.exponential_decay` (x0.9 per epoch: at a constant 5e-3 it oscillates).
Expected result: about 0.95 test accuracy on the digits28 stand-in after 20 epochs.

Genuine TensorFlow 1.x code with `tf.contrib.rnn`, run with `tf-migrate run legacy_examples/lstm_rows.py`.
TF2 twin: `modern_examples/lstm_rows.py`.

Canonical weight order: `[rnn/basic_lstm_cell/kernel (28 + 64, 4 * 64), rnn/basic_lstm_cell/bias (256,),
W (64, 10), b (10,)]`; the cell's gate blocks are ordered i, j (candidate), f, o and the
forget bias of 1.0 is added at run time, not stored in the bias.
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


def run(*, epochs=20, batch_size=64, seed=0, data="mnist", limit_train=None, limit_test=None,
        learning_rate=5e-3, decay_per_epoch=0.9, hidden=64, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    timesteps, row = 28, 28
    tf.reset_default_graph()
    tf.set_random_seed(seed)

    # ## Model: 28 time steps of one 28-pixel row each
    x = tf.placeholder(tf.float32, [None, timesteps * row])
    y_ = tf.placeholder(tf.float32, [None, ds.num_classes])
    rows = tf.unstack(tf.reshape(x, [-1, timesteps, row]), timesteps, axis=1)
    cell = tf.contrib.rnn.BasicLSTMCell(hidden, forget_bias=1.0)
    outputs, _ = tf.contrib.rnn.static_rnn(cell, rows, dtype=tf.float32)
    W = tf.Variable(tf.random_normal([hidden, ds.num_classes], stddev=0.1))
    b = tf.Variable(tf.zeros([ds.num_classes]))
    logits = tf.matmul(outputs[-1], W) + b
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
    global_step = tf.train.get_or_create_global_step()
    steps_per_epoch = -(-len(ds.x_train) // batch_size)  # the last, smaller batch is a step too
    lr = tf.train.exponential_decay(learning_rate, global_step, steps_per_epoch, decay_per_epoch)
    train_op = tf.train.AdamOptimizer(lr).minimize(loss, global_step=global_step)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1)), tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start = [], None
        for batch_xs, batch_ys in tqdm(batches, disable=not progress, desc="legacy lstm"):
            _, l = sess.run([train_op, loss], {x: batch_xs, y_: datasets.one_hot(batch_ys, ds.num_classes)})
            losses.append(float(l))
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
