"""Breast cancer with a binary LinearClassifier on two named feature columns plus the rest.

Expected: test accuracy above 0.9 after 5 epochs.
"""
import json

import tensorflow as tf

from migrate.datasets import load

## Data
data = load("breast_cancer")
tf.set_random_seed(0)

## Model
columns = [
    tf.feature_column.numeric_column("radius"),
    tf.feature_column.numeric_column("texture"),
    tf.feature_column.numeric_column("rest", shape=[28]),
]
model = tf.estimator.LinearClassifier(feature_columns=columns)

## Train
model.train(input_fn=tf.estimator.inputs.numpy_input_fn(
    x={"radius": data.x_train[:, 0], "texture": data.x_train[:, 1], "rest": data.x_train[:, 2:]},
    y=data.y_train, batch_size=32, num_epochs=5, shuffle=True))

## Evaluate
results = model.evaluate(input_fn=tf.estimator.inputs.numpy_input_fn(
    x={"radius": data.x_test[:, 0], "texture": data.x_test[:, 1], "rest": data.x_test[:, 2:]},
    y=data.y_test, num_epochs=1, shuffle=False))
print("accuracy", results["accuracy"], "average loss", results["average_loss"])
print("RESULT " + json.dumps({"accuracy": float(results["accuracy"]), "average_loss": float(results["average_loss"])}))
