"""
Title: Iris with a Keras classifier trained by compile/fit, TF2 style
Author: tf-migrate
Description: The `DNNClassifier` replaced by a Sequential of Dense layers, `compile` and `fit` on a tf.data pipeline.
Expected result: about 0.97 test accuracy on iris (30 test examples) after 50 epochs.

TF2 twin of `legacy_examples/dnn_classifier.py`. The v1 `DNNClassifier`'s
hidden defaults are spelled out: Adagrad with learning rate 0.05 (v1 starts the
accumulator at 0.1, as Keras does) and a loss *summed* over the batch
(`reduction="sum"`). `fit` only logs the running, batch-size-weighted mean of
the epoch's losses, so `BatchLosses` recovers each step's own loss from it.

`initial_weights`: `[kernel, bias]` of each hidden layer, then the logits layer.
"""

"""
## Setup
"""
import time

import tensorflow as tf
from tqdm import tqdm

from migrate import datasets

"""
## Recording per-step losses from fit()
"""


class BatchLosses(tf.keras.callbacks.Callback):
    def __init__(self, batch_sizes, progress):
        super().__init__()
        self.sizes, self.losses, self.bar = batch_sizes, [], tqdm(total=len(batch_sizes), disable=not progress,
                                                                  desc="modern dnn")

    def on_epoch_begin(self, epoch, logs=None):
        self.seen, self.total = 0, 0.0

    def on_train_batch_end(self, batch, logs=None):
        size = self.sizes[len(self.losses)]
        total = logs["loss"] * (self.seen + size)  # the log is sum(loss_i * size_i) / sum(size_i)
        self.losses.append((total - self.total) / size)
        self.seen, self.total = self.seen + size, total
        self.start = getattr(self, "start", None) or time.perf_counter()  # from the end of step 1
        self.bar.update()


"""
## Train and evaluate
"""


def run(*, epochs=50, batch_size=16, seed=0, device="cpu", data="iris", limit_train=None, limit_test=None,
        hidden_units=(10, 20, 10), learning_rate=0.05, initial_weights=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    tf.keras.utils.set_random_seed(seed)
    batches = list(datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs))
    train = tf.data.Dataset.from_generator(lambda: iter(batches), output_signature=(
        tf.TensorSpec([None, ds.x_train.shape[1]], tf.float32), tf.TensorSpec([None], tf.int64)))

    with tf.device("/GPU:0" if device == "gpu" else "/CPU:0"):
        model = tf.keras.Sequential(
            [tf.keras.Input(shape=(ds.x_train.shape[1],))]
            + [tf.keras.layers.Dense(units, activation="relu") for units in hidden_units]
            + [tf.keras.layers.Dense(ds.num_classes)])
        if initial_weights is not None:
            model.set_weights(initial_weights)
        model.compile(
            optimizer=tf.keras.optimizers.Adagrad(learning_rate, initial_accumulator_value=0.1),
            loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum"),
            metrics=["accuracy"])
        recorder = BatchLosses([len(y) for _, y in batches], progress)
        model.fit(train, epochs=1, verbose=0, callbacks=[recorder])
        seconds = time.perf_counter() - recorder.start
        recorder.bar.close()
        _, test_acc = model.evaluate(ds.x_test, ds.y_test, verbose=0)
        device_used = model(ds.x_test[:1]).device

    print("test accuracy", test_acc)
    losses = recorder.losses
    return {
        "losses": losses, "test_accuracy": float(test_acc), "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds, "device": device_used,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin,
    }


if __name__ == "__main__":
    run(progress=True)
