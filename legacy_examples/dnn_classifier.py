"""
Title: Iris with the pre-made tf.estimator.DNNClassifier, TF1 style
Author: tf-migrate
Description: The classic Estimator tutorial: feature columns, an `input_fn`, `train` then `evaluate`.
Expected result: about 0.97 test accuracy on iris (30 test examples) after 50 epochs.

Genuine TensorFlow 1.x code, run with `tf-migrate run legacy_examples/dnn_classifier.py` (estimators exist up
to TF 2.15; they are gone from TF >= 2.16). A `SessionRunHook` records the
initial weights and the per-step training loss. TF2 twin: `modern_examples/dnn_classifier.py`.

Two defaults of the v1 `DNNClassifier` matter when migrating: the optimizer is
`Adagrad(learning_rate=0.05)` and the training loss is the *sum* over the batch
(`loss_reduction=SUM`), not the mean.

Canonical weight order: `[dnn/hiddenlayer_0/kernel, /bias, ..., dnn/logits/kernel, /bias]`.
"""

"""
## Setup
"""
import tempfile
import time

import tensorflow as tf
from tqdm import tqdm

from migrate import datasets

"""
## A hook that records what the Estimator hides
"""


class RecordHook(tf.train.SessionRunHook):
    def __init__(self, progress):
        self.losses, self.start, self.bar = [], None, tqdm(disable=not progress, desc="legacy dnn")

    def begin(self):
        # The head puts the per-example and the reduced training loss into LOSSES; take the scalar.
        self.loss = [t for t in tf.get_collection(tf.GraphKeys.LOSSES) if t.shape.ndims == 0][-1]

    def before_run(self, run_context):
        return tf.train.SessionRunArgs(self.loss)

    def after_run(self, run_context, run_values):
        self.losses.append(float(run_values.results))
        self.start = self.start or time.perf_counter()  # time from the end of step 1: graph warm-up excluded
        self.bar.update()


"""
## Train and evaluate
"""


def run(*, epochs=50, batch_size=16, seed=0, data="iris", limit_train=None, limit_test=None,
        hidden_units=(10, 20, 10), model_dir=None, progress=False, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    n_features = ds.x_train.shape[1]

    def train_input_fn():
        batches = lambda: datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs)
        dataset = tf.data.Dataset.from_generator(batches, (tf.float32, tf.int64),
                                                 (tf.TensorShape([None, n_features]), tf.TensorShape([None])))
        return dataset.map(lambda x, y: ({"x": x}, y))

    def test_input_fn():
        return tf.data.Dataset.from_tensor_slices(({"x": ds.x_test}, ds.y_test)).batch(len(ds.x_test))

    config = tf.estimator.RunConfig(
        tf_random_seed=seed, model_dir=model_dir or tempfile.mkdtemp(prefix="legacy-dnn-"))
    classifier = tf.estimator.DNNClassifier(
        feature_columns=[tf.feature_column.numeric_column("x", shape=[n_features])],
        hidden_units=list(hidden_units), n_classes=ds.num_classes, config=config)

    hook = RecordHook(progress)
    classifier.train(train_input_fn, hooks=[hook])
    seconds = time.perf_counter() - hook.start
    hook.bar.close()
    test_acc = classifier.evaluate(test_input_fn)["accuracy"]

    print("test accuracy", test_acc)
    return {
        "losses": hook.losses, "test_accuracy": float(test_acc), "steps": len(hook.losses),
        "seconds": seconds, "steps_per_sec": (len(hook.losses) - 1) / seconds,
        "dataset": ds.name, "dataset_is_standin": ds.is_standin,
    }


if __name__ == "__main__":
    run(progress=True)
