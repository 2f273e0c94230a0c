"""Canned estimators: `tf.estimator.DNNClassifier` on numpy input.

`tf.estimator` is gone from TF 2.16 on and deprecated before. A canned estimator becomes the
Keras model it stood for, with TF1's defaults kept (hidden layers with ReLU, Adagrad at
0.05, the loss summed over the batch as the estimator did), and `train`/`evaluate` with a
numpy input function become `fit`/`evaluate`.
"""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_x = rng.rand(200, 4).astype(np.float32)
train_y = (train_x[:, 0] > 0.5).astype(np.int32)

columns = [tf.feature_column.numeric_column("x", shape=[4])]
classifier = tf.estimator.DNNClassifier(hidden_units=[16, 8], feature_columns=columns, n_classes=2)
train_input = tf.estimator.inputs.numpy_input_fn({"x": train_x}, train_y, batch_size=20, num_epochs=None, shuffle=True)
classifier.train(input_fn=train_input, steps=200)
eval_input = tf.estimator.inputs.numpy_input_fn({"x": train_x}, train_y, num_epochs=1, shuffle=False)
print("accuracy", classifier.evaluate(input_fn=eval_input)["accuracy"])
