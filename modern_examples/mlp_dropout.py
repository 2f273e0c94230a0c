"""
Title: Two-layer MLP with dropout on MNIST, TF2 style
Author: tf-migrate
Description: Keras Dense + Dropout layers, Adam, a GradientTape step in a tf.function.
Expected result: about 0.95 test accuracy on the digits28 stand-in after 10 epochs.

TF2 twin of `legacy_examples/mlp_dropout.py`. The `keep_prob` placeholder
becomes `Dropout(rate=1 - keep_prob)`, switched by the `training` flag instead
of feeding 1.0. v1 Adam uses epsilon 1e-8 and Keras 1e-7, so it is passed.

`initial_weights`: `[W1, b1, W2, b2]` - the order of `model.trainable_variables`.
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


def run(*, epochs=10, batch_size=64, seed=0, device="cpu", data="mnist", limit_train=None,
        limit_test=None, learning_rate=1e-3, hidden=256, dropout_rate=0.25, initial_weights=None,
        progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    tf.keras.utils.set_random_seed(seed)

    with tf.device("/GPU:0" if device == "gpu" else "/CPU:0"):
        # ## Model: same initializers as the TF1 program
        model = tf.keras.Sequential([
            tf.keras.Input(shape=(ds.x_train.shape[1],)),
            tf.keras.layers.Dense(hidden, activation="relu",
                                  kernel_initializer=tf.keras.initializers.TruncatedNormal(stddev=0.1),
                                  bias_initializer=tf.keras.initializers.Constant(0.1)),
            tf.keras.layers.Dropout(dropout_rate),
            tf.keras.layers.Dense(ds.num_classes,
                                  kernel_initializer=tf.keras.initializers.TruncatedNormal(stddev=0.1),
                                  bias_initializer=tf.keras.initializers.Constant(0.1)),
        ])
        if initial_weights is not None:
            model.set_weights(initial_weights)
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        optimizer = tf.keras.optimizers.Adam(learning_rate, epsilon=1e-8)

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
            return loss

        # ## Train
        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start = [], None
        for x, y in tqdm(batches, disable=not progress, desc="modern mlp"):
            losses.append(float(train_step(x, y)))
            start = start or time.perf_counter()  # time from the end of step 1: tracing excluded
        seconds = time.perf_counter() - start

        # ## Evaluate: training=False turns dropout off
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
