"""
Title: Softmax regression on MNIST, TF2 style
Author: tf-migrate
Description: One Dense layer trained with GradientTape inside a tf.function.
Expected result: about 0.90 test accuracy on the digits28 stand-in after 5 epochs.

TF2 twin of `legacy_examples/softmax_regression.py`. Placeholders and the
Session become eager tensors and a compiled `train_step`; one-hot labels with
`softmax_cross_entropy_with_logits` become integer labels with a sparse loss.

`initial_weights` uses the legacy canonical order `[W (784, 10), b (10,)]`,
which is exactly `model.trainable_variables` of a single Dense layer.
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


def run(*, epochs=5, batch_size=100, seed=0, device="cpu", data="mnist", limit_train=None,
        limit_test=None, learning_rate=0.5, initial_weights=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    tf.keras.utils.set_random_seed(seed)

    with tf.device("/GPU:0" if device == "gpu" else "/CPU:0"):
        # ## Model: the legacy variables were zero-initialized.
        model = tf.keras.Sequential([
            tf.keras.Input(shape=(ds.x_train.shape[1],)),
            tf.keras.layers.Dense(ds.num_classes, kernel_initializer="zeros"),
        ])
        if initial_weights is not None:
            model.set_weights(initial_weights)
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        optimizer = tf.keras.optimizers.SGD(learning_rate)

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables),
                                          model.trainable_variables))
            return loss

        # ## Train
        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start = [], None
        for x, y in tqdm(batches, disable=not progress, desc="modern softmax"):
            losses.append(float(train_step(x, y)))
            start = start or time.perf_counter()  # time from the end of step 1: tracing excluded
        seconds = time.perf_counter() - start

        # ## Evaluate
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
