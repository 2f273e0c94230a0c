"""Breast cancer with tf.estimator.LinearClassifier on one vector-valued numeric column.

Style: the TF 1.x "Large-scale Linear Models" / census `wide` tutorial reduced to
numeric data: `tf.feature_column.numeric_column("x", shape=[30])`, a
`LinearClassifier` with an explicit `tf.train.FtrlOptimizer` (the tutorial's
l1/l2-regularized FTRL), numpy input functions, `evaluate()` metrics printed.

Constructs exercised:
- `tf.feature_column.numeric_column("x", shape=[n])`;
- `tf.estimator.LinearClassifier(feature_columns, optimizer=tf.train.FtrlOptimizer(..., l1_regularization_strength=...))`
  (binary: n_classes default 2);
- `tf.estimator.inputs.numpy_input_fn`, `train(steps=)`, `evaluate()` -> accuracy, auc.

Data: sklearn `load_breast_cancer`, standardized, 75/25 split; model_dir in a temp directory.
Expected: final accuracy about 0.96 (>= 0.93).
"""
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

tf.logging.set_verbosity(tf.logging.ERROR)
tf.set_random_seed(0)
np.random.seed(0)

cancer = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(
    cancer.data.astype(np.float32), cancer.target.astype(np.int32), random_state=0)
mean, std = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

feature_columns = [tf.feature_column.numeric_column("x", shape=[30])]
model_dir = tempfile.mkdtemp(prefix="linear_model_")

estimator = tf.estimator.LinearClassifier(
    feature_columns=feature_columns,
    optimizer=tf.train.FtrlOptimizer(learning_rate=0.1, l1_regularization_strength=0.001),
    model_dir=model_dir,
    config=tf.estimator.RunConfig(tf_random_seed=0))

input_fn = tf.estimator.inputs.numpy_input_fn({"x": x_train}, y_train, batch_size=32,
                                              num_epochs=None, shuffle=True)
estimator.train(input_fn=input_fn, steps=500)

eval_input_fn = tf.estimator.inputs.numpy_input_fn({"x": x_test}, y_test, num_epochs=1, shuffle=False)
metrics = estimator.evaluate(input_fn=eval_input_fn)
for key in ("loss", "auc", "precision", "recall"):
    print("%s: %.4f" % (key, metrics[key]))
shutil.rmtree(model_dir, ignore_errors=True)
print("final accuracy: %.4f" % metrics["accuracy"])
