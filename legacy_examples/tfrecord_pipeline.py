"""
Title: MNIST from TFRecord files through tf.data, with TensorBoard summaries, TF1 style
Author: tf-migrate
Description: Images go into a TFRecord file as `tf.train.Example`s, come back through a
`tf.data` pipeline with a reinitializable iterator, and train a `tf.layers` network with momentum.
Expected result: about 0.95 test accuracy on the digits28 stand-in after 10 epochs; summaries in `work_dir/logs`.

Genuine TensorFlow 1.x code, run with `tf-migrate run legacy_examples/tfrecord_pipeline.py`. TF2 twin: `modern_examples/tfrecord_pipeline.py`.
The training records are written in one shuffled order (from `migrate.datasets.minibatches`) and
read back in that order every epoch.

Canonical weight order: `[hidden/kernel (784,128), hidden/bias, logits/kernel (128,10), logits/bias]`.
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
    with tf.python_io.TFRecordWriter(path) as writer:
        for image, label in zip(images, labels):
            example = tf.train.Example(features=tf.train.Features(feature={
                "image": tf.train.Feature(float_list=tf.train.FloatList(value=image)),
                "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[label]))}))
            writer.write(example.SerializeToString())


def parse(record):
    features = tf.parse_single_example(record, {"image": tf.FixedLenFeature([784], tf.float32),
                                                "label": tf.FixedLenFeature([], tf.int64)})
    return features["image"], features["label"]


"""
## Train and evaluate
"""


def run(*, epochs=10, batch_size=64, seed=0, data="mnist", limit_train=None, limit_test=None,
        learning_rate=0.05, momentum=0.9, work_dir=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    work = work_dir or tempfile.mkdtemp(prefix="legacy-tfrecord-")
    log_dir = os.path.join(work, "logs")
    shuffled = list(datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed))
    write_records(os.path.join(work, "train.tfrecord"), np.concatenate([b[0] for b in shuffled]),
                  np.concatenate([b[1] for b in shuffled]))
    write_records(os.path.join(work, "test.tfrecord"), ds.x_test, ds.y_test)
    tf.reset_default_graph()
    tf.set_random_seed(seed)

    train_ds = tf.data.TFRecordDataset(os.path.join(work, "train.tfrecord")).map(parse).batch(batch_size)
    train_ds = train_ds.repeat(epochs)
    test_ds = tf.data.TFRecordDataset(os.path.join(work, "test.tfrecord")).map(parse).batch(len(ds.x_test))
    iterator = tf.data.Iterator.from_structure(train_ds.output_types, train_ds.output_shapes)
    images, labels = iterator.get_next()
    hidden = tf.layers.dense(images, 128, activation=tf.nn.relu, name="hidden")
    logits = tf.layers.dense(hidden, ds.num_classes, name="logits")
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    train_op = tf.train.MomentumOptimizer(learning_rate, momentum).minimize(loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.float32))
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("logits", logits)
    merged = tf.summary.merge_all()

    with tf.Session() as sess:
        writer = tf.summary.FileWriter(log_dir, sess.graph)
        sess.run(tf.global_variables_initializer())
        sess.run(iterator.make_initializer(train_ds))
        losses, start, bar = [], None, tqdm(disable=not progress, desc="legacy tfrecord")
        while True:
            try:
                _, l, summary = sess.run([train_op, loss, merged])
            except tf.errors.OutOfRangeError:
                break
            writer.add_summary(summary, len(losses))
            losses.append(float(l))
            start = start or time.perf_counter()  # time from the end of step 1: graph warm-up excluded
            bar.update()
        seconds = time.perf_counter() - start
        bar.close()
        writer.close()
        sess.run(iterator.make_initializer(test_ds))
        test_acc = sess.run(accuracy)

    print("test accuracy", test_acc, "- summaries in", log_dir)
    return {
        "losses": losses, "test_accuracy": float(test_acc), "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin, "log_dir": log_dir,
    }


if __name__ == "__main__":
    run(progress=True)
