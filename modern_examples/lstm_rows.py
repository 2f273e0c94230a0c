"""
Title: LSTM classifier reading MNIST images row by row, TF2 style
Author: tf-migrate
Description: A Keras `LSTM` layer over the 28 image rows and a `Dense` head, trained with GradientTape;
Adam's learning rate decays x0.9 per epoch (`ExponentialDecay`).
Expected result: about 0.95 test accuracy on the digits28 stand-in after 20 epochs.

TF2 twin of `legacy_examples/lstm_rows.py`. `BasicLSTMCell(forget_bias=1.0)` +
`static_rnn` becomes `LSTM(unit_forget_bias=True)`: the +1 moves from run time
into the initial bias, which trains identically. To start from the legacy
weights, `from_basic_lstm_cell` splits the fused kernel into input and
recurrent kernels and reorders the gates from TF1's i, j, f, o to Keras' i, f, c, o.
`tf.train.exponential_decay(lr, global_step, ...)` becomes a Keras `ExponentialDecay` schedule: both
read the step counter before it is incremented, so step t uses the same rate.
"""

"""
## Setup
"""
import time

import numpy as np
import tensorflow as tf
from tqdm import tqdm

from migrate import datasets

"""
## Converting TF1 LSTM weights
"""


def from_basic_lstm_cell(kernel, bias, input_dim, forget_bias=1.0):
    """BasicLSTMCell (kernel [in + h, 4h], bias [4h]) -> Keras LSTM [kernel, recurrent_kernel, bias]."""
    i, j, f, o = np.split(np.asarray(kernel), 4, axis=1)
    fused = np.concatenate([i, f, j, o], axis=1)
    bi, bj, bf, bo = np.split(np.asarray(bias), 4)
    return [fused[:input_dim], fused[input_dim:], np.concatenate([bi, bf + forget_bias, bj, bo])]


"""
## Train and evaluate
"""


def run(*, epochs=20, batch_size=64, seed=0, device="cpu", data="mnist", limit_train=None, limit_test=None,
        learning_rate=5e-3, decay_per_epoch=0.9, hidden=64, initial_weights=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    tf.keras.utils.set_random_seed(seed)

    with tf.device("/GPU:0" if device == "gpu" else "/CPU:0"):
        model = tf.keras.Sequential([
            tf.keras.Input(shape=(784,)),
            tf.keras.layers.Reshape((28, 28)),  # 28 time steps of one 28-pixel row each
            tf.keras.layers.LSTM(hidden, unit_forget_bias=True),
            tf.keras.layers.Dense(ds.num_classes, kernel_initializer=tf.keras.initializers.RandomNormal(stddev=0.1)),
        ])
        if initial_weights is not None:
            lstm_kernel, lstm_bias, w, b = initial_weights
            model.set_weights([*from_basic_lstm_cell(lstm_kernel, lstm_bias, input_dim=28), w, b])
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        steps_per_epoch = -(-len(ds.x_train) // batch_size)  # the last, smaller batch is a step too
        schedule = tf.keras.optimizers.schedules.ExponentialDecay(learning_rate, steps_per_epoch, decay_per_epoch)
        optimizer = tf.keras.optimizers.Adam(schedule, epsilon=1e-8)

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
            return loss

        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start = [], None
        for x, y in tqdm(batches, disable=not progress, desc="modern lstm"):
            losses.append(float(train_step(x, y)))
            start = start or time.perf_counter()  # time from the end of step 1: tracing excluded
        seconds = time.perf_counter() - start

        logits = model(ds.x_test, training=False)
        test_acc = float(tf.reduce_mean(tf.cast(tf.argmax(logits, 1) == ds.y_test, tf.float32)))

    print("test accuracy", test_acc)
    return {
        "losses": losses, "test_accuracy": test_acc, "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds, "device": logits.device,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin,
    }


if __name__ == "__main__":
    run(progress=True)
