"""A DNNRegressor on a noisy linear target, evaluated by its average loss (the mean squared error).

Expected: average loss near the noise variance (0.01; the target's variance is about 5) after 300 steps.
The run is deterministic: the graph seed comes from RunConfig (the estimator builds its own graph, so
tf.set_random_seed would not reach it) and the training input is not shuffled (a RandomShuffleQueue's
output depends on how far its filling thread got: shuffled, the loss moved between 0.016 and 0.12).
"""
import json

import numpy as np
import tensorflow as tf

## Data
rng = np.random.RandomState(0)
x = rng.randn(600, 3).astype(np.float32)
y = (x @ np.array([1.5, -2.0, 0.5]) + 0.1 * rng.randn(600)).astype(np.float32)
x_train, y_train, x_test, y_test = x[:500], y[:500], x[500:], y[500:]

## Model
feature_columns = [tf.feature_column.numeric_column("features", shape=[3])]
regressor = tf.estimator.DNNRegressor(hidden_units=[16, 8], feature_columns=feature_columns, optimizer="Adam",
                                         config=tf.estimator.RunConfig(tf_random_seed=0))

## Train
train_fn = tf.estimator.inputs.numpy_input_fn(x={"features": x_train}, y=y_train, batch_size=50,
                                              num_epochs=None, shuffle=False)
regressor.train(input_fn=train_fn, steps=300)

## Evaluate
eval_fn = tf.estimator.inputs.numpy_input_fn(x={"features": x_test}, y=y_test, shuffle=False)
metrics = regressor.evaluate(input_fn=eval_fn)
print("average loss", metrics["average_loss"])
print("RESULT " + json.dumps({"average_loss": float(metrics["average_loss"])}))
