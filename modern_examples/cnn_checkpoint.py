"""
Title: Convolutional network on MNIST with best-loss checkpoints, TF2 style
Author: tf-migrate
Description: Keras Conv2D/MaxPool2D layers; `tf.train.Checkpoint` + `CheckpointManager`
keep the epoch with the lowest loss, which is restored to evaluate.
Expected result: about 0.93 test accuracy on the digits28 stand-in after 5 epochs.

TF2 twin of `legacy_examples/cnn_checkpoint.py`. `variable_scope` + `get_variable`
become layers that own their variables; `Saver(max_to_keep=1)` becomes a
`CheckpointManager(max_to_keep=1)` that saves the model *and* the optimizer.
Keras kernels use the same HWIO layout as `tf.nn.conv2d`, and `Flatten` the
same NHWC order as the TF1 reshape, so the legacy weights load as they are.

`initial_weights`: conv1 w/b, conv2 w/b, fc1 w/b, logits w/b - `model.trainable_variables`.
"""

"""
## Setup
"""
import math
import tempfile
import time

import numpy as np
import tensorflow as tf
from tqdm import tqdm

from migrate import datasets

"""
## Model
"""


def make_model(num_classes):
    init = dict(kernel_initializer=tf.keras.initializers.TruncatedNormal(stddev=0.1),
                bias_initializer=tf.keras.initializers.Constant(0.1))
    return tf.keras.Sequential([
        tf.keras.Input(shape=(784,)),
        tf.keras.layers.Reshape((28, 28, 1)),
        tf.keras.layers.Conv2D(8, 5, padding="same", activation="relu", **init),
        tf.keras.layers.MaxPool2D(2, padding="same"),
        tf.keras.layers.Conv2D(16, 5, padding="same", activation="relu", **init),
        tf.keras.layers.MaxPool2D(2, padding="same"),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(64, activation="relu", **init),
        tf.keras.layers.Dense(num_classes, **init),
    ])


"""
## Train and evaluate
"""


def run(*, epochs=5, batch_size=64, seed=0, device="cpu", data="mnist", limit_train=None, limit_test=None,
        learning_rate=1e-3, checkpoint_dir=None, initial_weights=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    tf.keras.utils.set_random_seed(seed)

    with tf.device("/GPU:0" if device == "gpu" else "/CPU:0"):
        model = make_model(ds.num_classes)
        if initial_weights is not None:
            model.set_weights(initial_weights)
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        optimizer = tf.keras.optimizers.Adam(learning_rate, epsilon=1e-8)
        checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
        manager = tf.train.CheckpointManager(checkpoint, checkpoint_dir or tempfile.mkdtemp(prefix="modern-cnn-"),
                                             max_to_keep=1)

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
            return loss

        steps_per_epoch = math.ceil(len(ds.x_train) / batch_size)
        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start, best_loss = [], None, float("inf")
        for step, (x, y) in enumerate(tqdm(batches, disable=not progress, desc="modern cnn"), 1):
            losses.append(float(train_step(x, y)))
            start = start or time.perf_counter()  # time from the end of step 1: tracing excluded
            if step % steps_per_epoch == 0:  # end of an epoch: keep the checkpoint only on a new best loss
                epoch_loss = float(np.mean(losses[-steps_per_epoch:]))
                if epoch_loss < best_loss:
                    best_loss = epoch_loss
                    manager.save(checkpoint_number=step)
        seconds = time.perf_counter() - start

        checkpoint.restore(manager.latest_checkpoint).assert_consumed()
        logits = model(ds.x_test, training=False)
        test_acc = float(tf.reduce_mean(tf.cast(tf.argmax(logits, 1) == ds.y_test, tf.float32)))

    print("test accuracy", test_acc, "from", manager.latest_checkpoint)
    return {
        "losses": losses, "test_accuracy": test_acc, "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds, "device": logits.device,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin, "best_loss": best_loss,
        "checkpoint": manager.latest_checkpoint,
    }


if __name__ == "__main__":
    run(progress=True)
