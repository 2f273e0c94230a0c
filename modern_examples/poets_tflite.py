"""
Title: Retrain a classification head, export a SavedModel and convert it to TFLite, TF2 style
Author: tf-migrate
Description: A frozen Keras feature extractor (`trainable=False`) under a retrained softmax head;
the model is exported as a SavedModel (`model.export`: a `tf.Module` with a concrete-function signature)
and converted with `tf.lite.TFLiteConverter.from_saved_model` to a `.tflite` that `tf.lite.Interpreter` evaluates.
Expected result: about 0.9 test accuracy on the digits28 stand-in, the same for the `.tflite` model.

TF2 twin of `legacy_examples/poets_tflite.py`. Freezing is gone: a SavedModel's concrete function
already holds its variables, and the converter folds them into constants itself. `model.export`
rather than `tf.saved_model.save(tf.Module)`: on Keras 3 the converter does not fold the variables of
Keras layers held by a plain `tf.Module` (the `.tflite` reads unset variables and gives NaN; measured
on TF 2.21), while Keras's own export tracks them. The input keeps the codelab's name, `input`.

`initial_weights`: final_weights, final_biases - the head's `set_weights`.
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


def make_models(num_classes):
    """The logits model that is trained, and the classifier (softmax on top) that is exported."""
    base = tf.keras.layers.Dense(128, activation="relu", trainable=False, name="bottleneck")
    head = tf.keras.layers.Dense(num_classes, kernel_initializer=tf.keras.initializers.TruncatedNormal(stddev=0.001),
                                 name="final_training_ops")
    logits_model = tf.keras.Sequential([tf.keras.Input((784,), name="input"), base, head])
    base.set_weights(list(pretrained_base()))
    return logits_model, tf.keras.Sequential([logits_model, tf.keras.layers.Softmax(name="final_result")])


def tflite_predict(model_path, images):
    interpreter = tf.lite.Interpreter(model_path=model_path)
    inp, out = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
    interpreter.resize_tensor_input(inp["index"], list(images.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(inp["index"], images)
    interpreter.invoke()
    return interpreter.get_tensor(out["index"])


"""
## Retrain, export, convert, evaluate
"""


def run(*, epochs=5, batch_size=64, seed=0, device="cpu", data="mnist", limit_train=None, limit_test=None,
        learning_rate=0.5, export_dir=None, initial_weights=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    export_dir = export_dir or tempfile.mkdtemp(prefix="modern-poets-")
    tf.keras.utils.set_random_seed(seed)

    with tf.device("/GPU:0" if device == "gpu" else "/CPU:0"):
        model, classifier = make_models(ds.num_classes)
        if initial_weights is not None:
            model.layers[-1].set_weights(initial_weights)
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        optimizer = tf.keras.optimizers.SGD(learning_rate)

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
            return loss

        batches = datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        losses, start = [], None
        for x, y in tqdm(batches, disable=not progress, desc="modern poets"):
            losses.append(float(train_step(x, y)))
            start = start or time.perf_counter()  # time from the end of step 1: tracing excluded
        seconds = time.perf_counter() - start
        probabilities = classifier(ds.x_test, training=False)
        test_acc = float(np.mean(np.argmax(probabilities, 1) == ds.y_test))

    saved_model = os.path.join(export_dir, "retrained")
    classifier.export(saved_model)
    tflite_path = os.path.join(export_dir, "retrained_graph.tflite")
    with open(tflite_path, "wb") as f:
        f.write(tf.lite.TFLiteConverter.from_saved_model(saved_model).convert())
    tflite_probabilities = tflite_predict(tflite_path, ds.x_test)
    tflite_acc = float(np.mean(np.argmax(tflite_probabilities, 1) == ds.y_test))

    print("test accuracy", test_acc, "tflite accuracy", tflite_acc)
    return {
        "losses": losses, "test_accuracy": test_acc, "steps": len(losses),
        "seconds": seconds, "steps_per_sec": (len(losses) - 1) / seconds, "device": probabilities.device,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin, "tflite_accuracy": tflite_acc,
        "tflite_max_abs_diff": float(np.max(np.abs(tflite_probabilities - probabilities.numpy()))),
        "tflite_model": tflite_path, "saved_model": saved_model,
    }


if __name__ == "__main__":
    run(progress=True)
