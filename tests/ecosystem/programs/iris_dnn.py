"""Iris with a canned DNNClassifier, in the style of the TF 1.x "tf.estimator Quickstart".

Expected: test accuracy above 0.9 after 400 steps.
"""
import json
import tempfile

import numpy as np
import tensorflow as tf

from migrate.datasets import load

## Data
iris = load("iris")
np.random.seed(0)
tf.set_random_seed(0)

## Model
feature_columns = [tf.feature_column.numeric_column("x", shape=[4])]
classifier = tf.estimator.DNNClassifier(feature_columns=feature_columns,
                                        hidden_units=[10, 20, 10],
                                        n_classes=3,
                                        model_dir=tempfile.mkdtemp())

## Train
train_input_fn = tf.estimator.inputs.numpy_input_fn(
    x={"x": np.array(iris.x_train)},
    y=np.array(iris.y_train),
    num_epochs=None,
    shuffle=True)
classifier.train(input_fn=train_input_fn, steps=400)

## Evaluate
test_input_fn = tf.estimator.inputs.numpy_input_fn(
    x={"x": np.array(iris.x_test)},
    y=np.array(iris.y_test),
    num_epochs=1,
    shuffle=False)
accuracy_score = classifier.evaluate(input_fn=test_input_fn)["accuracy"]
print("\nTest Accuracy: {0:f}\n".format(accuracy_score))
print("RESULT " + json.dumps({"accuracy": float(accuracy_score)}))
