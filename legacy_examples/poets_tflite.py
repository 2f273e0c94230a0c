"""
Title: Retrain a classification head, freeze the graph and convert it to TFLite, TF1 style
Author: tf-migrate
Description: TensorFlow for Poets 2 (the seeds' codelab) in small: a fixed "pretrained" feature
extractor, a softmax head `final_result` retrained on its bottlenecks, the graph frozen with
`graph_util.convert_variables_to_constants`, written with `tf.train.write_graph` and converted by TOCO
(`tf.lite.TocoConverter.from_frozen_graph`) to a `.tflite` that `tf.lite.Interpreter` evaluates.
Expected result: about 0.9 test accuracy on the digits28 stand-in, the same for the `.tflite` model.

Genuine TensorFlow 1.x code, run with `tf-migrate run legacy_examples/poets_tflite.py`. TF2 twin: `modern_examples/poets_tflite.py`.

The base stands in for MobileNet: fixed weights from a seeded generator (no download), never trained.
Canonical weight order: `[final_weights (128, 10), final_biases (10,)]`.
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
## Model
"""


def pretrained_base(num_features=128, seed=1234):
    rng = np.random.RandomState(seed)
    return (rng.randn(784, num_features) / np.sqrt(784)).astype(np.float32), np.full(num_features, 0.1, np.float32)


def tflite_predict(model_path, images):
    interpreter = tf.lite.Interpreter(model_path=model_path)
    inp, out = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
    interpreter.resize_tensor_input(inp["index"], list(images.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(inp["index"], images)
    interpreter.invoke()
    return interpreter.get_tensor(out["index"])


"""
## Retrain, freeze, convert, evaluate
"""


def run(*, epochs=5, batch_size=64, seed=0, device="cpu", data="mnist", limit_train=None, limit_test=None,
        learning_rate=0.5, export_dir=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    export_dir = export_dir or tempfile.mkdtemp(prefix="legacy-poets-")
    tf.reset_default_graph()
    tf.set_random_seed(seed)
    base_w, base_b = pretrained_base()

    with tf.device("/GPU:0" if device == "gpu" else "/CPU:0"):
        x = tf.placeholder(tf.float32, [None, 784], name="input")
        bottleneck = tf.nn.relu(tf.matmul(x, tf.constant(base_w)) + base_b, name="bottleneck")
        y_ = tf.placeholder(tf.int64, [None], name="GroundTruthInput")
        with tf.name_scope("final_training_ops"):
            w = tf.Variable(tf.truncated_normal([128, ds.num_classes], stddev=0.001), name="final_weights")
            b = tf.Variable(tf.zeros([ds.num_classes]), name="final_biases")
            logits = tf.matmul(bottleneck, w) + b
        final_result = tf.nn.softmax(logits, name="final_result")
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_, logits=logits))
        train_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(final_result, 1), y_), tf.float32))

    config = tf.ConfigProto(device_count={"GPU": 0} if device == "cpu" else {})
    with tf.Session(config=config) as sess:
        sess.run(tf.global_variables_initializer())
        initial_weights = sess.run(tf.trainable_variables())
        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start = [], None
        for batch_xs, batch_ys in tqdm(batches, disable=not progress, desc="legacy poets"):
            _, l = sess.run([train_op, loss], {x: batch_xs, y_: batch_ys})
            losses.append(float(l))
            start = start or time.perf_counter()  # time from the end of step 1: graph warm-up excluded
        seconds = time.perf_counter() - start
        test_acc, probabilities = sess.run([accuracy, final_result], {x: ds.x_test, y_: ds.y_test})
        frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph.as_graph_def(), ["final_result"])

    tf.train.write_graph(frozen, export_dir, "retrained_graph.pb", as_text=False)
    converter = tf.lite.TocoConverter.from_frozen_graph(
        os.path.join(export_dir, "retrained_graph.pb"), ["input"], ["final_result"])
    tflite_path = os.path.join(export_dir, "retrained_graph.tflite")
    with open(tflite_path, "wb") as f:
        f.write(converter.convert())
    tflite_probabilities = tflite_predict(tflite_path, ds.x_test)
    tflite_acc = float(np.mean(np.argmax(tflite_probabilities, 1) == ds.y_test))

    print("test accuracy", test_acc, "tflite accuracy", tflite_acc)
    return {
        "losses": losses, "test_accuracy": float(test_acc), "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds, "device": logits.device,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin, "tflite_accuracy": tflite_acc,
        "tflite_max_abs_diff": float(np.max(np.abs(tflite_probabilities - probabilities))),
        "tflite_model": tflite_path, "initial_weights": [np.asarray(v) for v in initial_weights],
    }


if __name__ == "__main__":
    run(progress=True)
