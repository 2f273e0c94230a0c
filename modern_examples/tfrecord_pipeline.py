"""
Title: MNIST from TFRecord files through tf.data, with TensorBoard summaries, TF2 style
Author: tf-migrate
Description: `tf.io.TFRecordWriter` files read by a `tf.data` pipeline that is iterated
eagerly; `tf.summary` writes from inside the compiled training step.
Expected result: about 0.95 test accuracy on the digits28 stand-in after 10 epochs; summaries in `work_dir/logs`.

TF2 twin of `legacy_examples/tfrecord_pipeline.py`. The reinitializable
iterator and its `OutOfRangeError` loop become a Python `for` over datasets;
`merge_all` + `FileWriter.add_summary` become `tf.summary.scalar(..., step=)`
under a default writer; `MomentumOptimizer(lr, m)` becomes `SGD(lr, momentum=m)`.

`initial_weights`: `[hidden kernel, hidden bias, logits kernel, logits bias]`.
"""

"""
## Setup
"""
import os
import tempfile
import time

import numpy as np
import tensorflow as tf
from tqdm import tqdm

from migrate import datasets

"""
## TFRecord files
"""


def write_records(path, images, labels):
    with tf.io.TFRecordWriter(path) as writer:
        for image, label in zip(images, labels):
            example = tf.train.Example(features=tf.train.Features(feature={
                "image": tf.train.Feature(float_list=tf.train.FloatList(value=image)),
                "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[label]))}))
            writer.write(example.SerializeToString())


def read_records(path, batch_size):
    spec = {"image": tf.io.FixedLenFeature([784], tf.float32), "label": tf.io.FixedLenFeature([], tf.int64)}
    return (tf.data.TFRecordDataset(path)
            .batch(batch_size)
            .map(lambda records: tf.io.parse_example(records, spec), num_parallel_calls=tf.data.AUTOTUNE)
            .map(lambda features: (features["image"], features["label"]))
            .prefetch(tf.data.AUTOTUNE))


"""
## Train and evaluate
"""


def run(*, epochs=10, batch_size=64, seed=0, device="cpu", data="mnist", limit_train=None, limit_test=None,
        learning_rate=0.05, momentum=0.9, work_dir=None, initial_weights=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    tf.keras.utils.set_random_seed(seed)
    work = work_dir or tempfile.mkdtemp(prefix="modern-tfrecord-")
    shuffled = list(datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed))
    write_records(os.path.join(work, "train.tfrecord"), np.concatenate([b[0] for b in shuffled]),
                  np.concatenate([b[1] for b in shuffled]))
    write_records(os.path.join(work, "test.tfrecord"), ds.x_test, ds.y_test)
    train = read_records(os.path.join(work, "train.tfrecord"), batch_size).repeat(epochs)

    with tf.device("/GPU:0" if device == "gpu" else "/CPU:0"):
        model = tf.keras.Sequential([tf.keras.Input(shape=(784,)),
                                     tf.keras.layers.Dense(128, activation="relu", name="hidden"),
                                     tf.keras.layers.Dense(ds.num_classes, name="logits")])
        if initial_weights is not None:
            model.set_weights(initial_weights)
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        optimizer = tf.keras.optimizers.SGD(learning_rate, momentum=momentum)

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                logits = model(x, training=True)
                loss = loss_fn(y, logits)
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
            tf.summary.scalar("loss", loss, step=optimizer.iterations - 1)
            tf.summary.histogram("logits", logits, step=optimizer.iterations - 1)
            return loss

        writer = tf.summary.create_file_writer(os.path.join(work, "logs"))
        losses, start = [], None
        with writer.as_default():
            for x, y in tqdm(train, disable=not progress, desc="modern tfrecord"):
                losses.append(float(train_step(x, y)))
                start = start or time.perf_counter()  # time from the end of step 1: tracing excluded
        seconds = time.perf_counter() - start
        writer.close()

        x_test, y_test = next(iter(read_records(os.path.join(work, "test.tfrecord"), len(ds.x_test))))
        logits = model(x_test, training=False)
        test_acc = float(tf.reduce_mean(tf.cast(tf.argmax(logits, 1) == y_test, tf.float32)))

    print("test accuracy", test_acc, "- summaries in", os.path.join(work, "logs"))
    return {
        "losses": losses, "test_accuracy": test_acc, "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds, "device": logits.device,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin, "log_dir": os.path.join(work, "logs"),
    }


if __name__ == "__main__":
    run(progress=True)
