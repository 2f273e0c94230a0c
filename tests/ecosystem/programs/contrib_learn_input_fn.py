"""A contrib.learn DNNRegressor fed by an input_fn of constant tensors, as TF 1.x's input_fn/boston.py did.

Expected: test loss near the noise variance (0.01) of y = x . w + noise after 1500 steps.
"""
import json

import numpy as np
import tensorflow as tf

## Data
rng = np.random.RandomState(0)
FEATURES = ["a", "b", "c"]
w = np.array([0.5, -1.0, 2.0])


def make(n):
    x = rng.uniform(-1, 1, size=(n, 3))
    return {"a": x[:, 0], "b": x[:, 1], "c": x[:, 2], "y": x @ w + rng.normal(0, 0.1, size=n)}


train, test = make(300), make(100)


def input_fn(data_set):
    feature_cols = {k: tf.constant(data_set[k]) for k in FEATURES}
    labels = tf.constant(data_set["y"])
    return feature_cols, labels


## Model
feature_cols = [tf.contrib.layers.real_valued_column(k) for k in FEATURES]
regressor = tf.contrib.learn.DNNRegressor(feature_columns=feature_cols, hidden_units=[16, 16])

## Train
regressor.fit(input_fn=lambda: input_fn(train), steps=1500)

## Evaluate
ev = regressor.evaluate(input_fn=lambda: input_fn(test), steps=1)
first = list(regressor.predict(input_fn=lambda: input_fn(test)))[:3]
print("RESULT " + json.dumps({"loss": float(ev["loss"]), "predictions": len(first)}))
