"""A custom tf.estimator.Estimator on digits: model_fn with contrib layers, EstimatorSpec and eval_metric_ops.

Style: the official "Creating Custom Estimators" tutorial (`custom_estimator.py`,
TF 1.4-1.12) and the "A Guide to TF Layers" `cnn_mnist.py` model_fn: a
`my_model(features, labels, mode, params)` that builds the net from
`params`, returns `EstimatorSpec(mode, predictions=...)` for PREDICT, a loss
from `tf.losses.sparse_softmax_cross_entropy`, `eval_metric_ops={"accuracy":
tf.metrics.accuracy(...)}` for EVAL and a `train_op` with
`global_step=tf.train.get_global_step()` for TRAIN.

Constructs exercised:
- `tf.estimator.Estimator(model_fn=..., params=..., model_dir=..., config=tf.estimator.RunConfig(tf_random_seed=0))`;
- `tf.estimator.ModeKeys.PREDICT/EVAL/TRAIN`, `tf.estimator.EstimatorSpec`;
- `tf.feature_column.input_layer` with `numeric_column("pixels", shape=[64])`;
- `tf.contrib.layers.fully_connected`, `tf.contrib.layers.dropout(is_training=mode == TRAIN)`;
- `tf.metrics.accuracy` in `eval_metric_ops`, `tf.train.get_global_step()`;
- `tf.estimator.inputs.numpy_input_fn`.

Data: sklearn `load_digits` scaled to [0, 1], 75/25 split; model_dir in a temp directory.
Expected: final accuracy about 0.97 (>= 0.94).
"""
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.logging.set_verbosity(tf.logging.ERROR)
tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), digits.target.astype(np.int32), random_state=0)


def my_model(features, labels, mode, params):
    net = tf.feature_column.input_layer(features, params["feature_columns"])
    for units in params["hidden_units"]:
        net = tf.contrib.layers.fully_connected(net, units)
        net = tf.contrib.layers.dropout(net, keep_prob=0.9, is_training=(mode == tf.estimator.ModeKeys.TRAIN))
    logits = tf.contrib.layers.fully_connected(net, params["n_classes"], activation_fn=None)

    predicted_classes = tf.argmax(logits, 1)
    if mode == tf.estimator.ModeKeys.PREDICT:
        predictions = {
            "class_ids": predicted_classes[:, tf.newaxis],
            "probabilities": tf.nn.softmax(logits),
            "logits": logits,
        }
        return tf.estimator.EstimatorSpec(mode, predictions=predictions)

    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    accuracy = tf.metrics.accuracy(labels=labels, predictions=predicted_classes, name="acc_op")
    metrics = {"accuracy": accuracy}
    tf.summary.scalar("accuracy", accuracy[1])
    if mode == tf.estimator.ModeKeys.EVAL:
        return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops=metrics)

    assert mode == tf.estimator.ModeKeys.TRAIN
    optimizer = tf.train.AdamOptimizer(learning_rate=params["learning_rate"])
    train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


model_dir = tempfile.mkdtemp(prefix="custom_estimator_")
classifier = tf.estimator.Estimator(
    model_fn=my_model,
    model_dir=model_dir,
    config=tf.estimator.RunConfig(tf_random_seed=0),
    params={
        "feature_columns": [tf.feature_column.numeric_column("pixels", shape=[64])],
        "hidden_units": [128, 64],
        "n_classes": 10,
        "learning_rate": 0.002,
    })

train_input_fn = tf.estimator.inputs.numpy_input_fn(
    x={"pixels": x_train}, y=y_train, batch_size=64, num_epochs=None, shuffle=True)
classifier.train(input_fn=train_input_fn, steps=800)

eval_input_fn = tf.estimator.inputs.numpy_input_fn(x={"pixels": x_test}, y=y_test, num_epochs=1, shuffle=False)
eval_result = classifier.evaluate(input_fn=eval_input_fn)
print("global step %d, test loss %.4f" % (eval_result["global_step"], eval_result["loss"]))
shutil.rmtree(model_dir, ignore_errors=True)
print("final accuracy: %.4f" % eval_result["accuracy"])
