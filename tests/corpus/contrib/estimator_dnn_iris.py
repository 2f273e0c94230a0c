"""Iris with the canned tf.estimator.DNNClassifier: the TF 1.x "Get Started" premade-estimator tutorial.

Style: the official `premade_estimator.py` / "tf.estimator Quickstart" (TF 1.3-1.12):
`tf.feature_column.numeric_column` per feature, a `DNNClassifier(feature_columns,
hidden_units=[10, 20, 10], n_classes=3, model_dir=...)`, input functions from
`tf.estimator.inputs.numpy_input_fn`, `classifier.train(input_fn, steps=...)`
and `classifier.evaluate(input_fn)["accuracy"]`.

Constructs exercised:
- `tf.feature_column.numeric_column(key)` (one per feature, dict features);
- `tf.estimator.DNNClassifier(hidden_units=..., n_classes=3, optimizer=tf.train.AdagradOptimizer(...))`;
- `tf.estimator.inputs.numpy_input_fn(x=dict, y=..., num_epochs=None, shuffle=True)`;
- `tf.estimator.RunConfig(tf_random_seed=0)`, `train`/`evaluate`/`predict`;
- `tf.logging.set_verbosity`.

Data: sklearn `load_iris`, standardized, 75/25 split; model_dir in a temp directory.
Expected: final accuracy about 0.97 (>= 0.92).
"""
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

tf.logging.set_verbosity(tf.logging.ERROR)
tf.set_random_seed(0)
np.random.seed(0)

FEATURES = ["SepalLength", "SepalWidth", "PetalLength", "PetalWidth"]

iris = load_iris()
x_train, x_test, y_train, y_test = train_test_split(
    iris.data.astype(np.float32), iris.target.astype(np.int32), random_state=0)
mean, std = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std


def as_dict(x):
    return {name: x[:, i] for i, name in enumerate(FEATURES)}


feature_columns = [tf.feature_column.numeric_column(key) for key in FEATURES]
model_dir = tempfile.mkdtemp(prefix="iris_model_")

classifier = tf.estimator.DNNClassifier(
    feature_columns=feature_columns,
    hidden_units=[10, 20, 10],
    n_classes=3,
    optimizer=tf.train.AdagradOptimizer(learning_rate=0.1),
    model_dir=model_dir,
    config=tf.estimator.RunConfig(tf_random_seed=0))

train_input_fn = tf.estimator.inputs.numpy_input_fn(
    x=as_dict(x_train), y=y_train, batch_size=32, num_epochs=None, shuffle=True)
classifier.train(input_fn=train_input_fn, steps=1000)

test_input_fn = tf.estimator.inputs.numpy_input_fn(
    x=as_dict(x_test), y=y_test, num_epochs=1, shuffle=False)
eval_result = classifier.evaluate(input_fn=test_input_fn)
print("Test loss: {loss:0.4f}".format(**eval_result))

predict_input_fn = tf.estimator.inputs.numpy_input_fn(x=as_dict(x_test[:3]), num_epochs=1, shuffle=False)
for pred, expected in zip(classifier.predict(input_fn=predict_input_fn), y_test[:3]):
    print("Prediction is %d (%.1f%%), expected %d" % (
        pred["class_ids"][0], 100 * pred["probabilities"][pred["class_ids"][0]], expected))

shutil.rmtree(model_dir, ignore_errors=True)
print("final accuracy: %.4f" % eval_result["accuracy"])
