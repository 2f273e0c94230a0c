"""
Title: Dense network with L2 regularization and AdamW, TF2 style
Author: tf-migrate
Description: Keras Dense layers with Glorot init and an L2 kernel regularizer, Keras AdamW.
Expected result: about 0.95 test accuracy on the digits28 stand-in after 10 epochs.

TF2 twin of `legacy_examples/contrib_adamw.py`; three `tf.contrib` traps are kept equal on purpose:

* `fully_connected` defaults to ReLU; `Dense` defaults to no activation - spell it out.
* `l2_regularizer(scale)` is `scale * sum(w**2) / 2`; Keras `L2(l2)` is `l2 * sum(w**2)`: `l2 = scale / 2`.
* contrib AdamW decays `var -= weight_decay * var`; Keras AdamW decays `var -= lr * weight_decay * var`,
  so Keras gets `weight_decay / learning_rate`. v1 Adam's epsilon 1e-8 is passed too (Keras: 1e-7).

`initial_weights`: `[W1, b1, W2, b2, W3, b3]`, the order of `model.trainable_variables`.
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


def run(*, epochs=10, batch_size=64, seed=0, device="cpu", data="mnist", limit_train=None, limit_test=None,
        learning_rate=1e-3, weight_decay=1e-4, l2_scale=1e-3, initial_weights=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    tf.keras.utils.set_random_seed(seed)

    def dense(units, activation=None):
        return tf.keras.layers.Dense(units, activation=activation,
                                     kernel_initializer=tf.keras.initializers.GlorotUniform(seed=seed),
                                     kernel_regularizer=tf.keras.regularizers.L2(l2_scale / 2))

    with tf.device("/GPU:0" if device == "gpu" else "/CPU:0"):
        model = tf.keras.Sequential([tf.keras.Input(shape=(ds.x_train.shape[1],)),
                                     dense(128, "relu"), dense(64, "relu"), dense(ds.num_classes)])
        if initial_weights is not None:
            model.set_weights(initial_weights)
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        optimizer = tf.keras.optimizers.AdamW(learning_rate=learning_rate, weight_decay=weight_decay / learning_rate,
                                              epsilon=1e-8)

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True)) + tf.add_n(model.losses)
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
            return loss

        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start = [], None
        for x, y in tqdm(batches, disable=not progress, desc="modern contrib"):
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
