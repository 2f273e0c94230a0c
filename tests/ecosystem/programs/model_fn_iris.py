"""Iris with a custom model_fn, as TF 1.x's examples/learn/iris_custom_decay_dnn.py wrote it.

Expected: test accuracy above 0.9 (800 steps of Adagrad with a gentle exponential decay).
"""
import json

import numpy as np
from sklearn import datasets, model_selection
import tensorflow as tf

X_FEATURE = "x"


def my_model(features, labels, mode):
    """DNN with two hidden layers and dropout."""
    net = features[X_FEATURE]
    for units in [16, 16]:
        net = tf.layers.dense(net, units=units, activation=tf.nn.tanh)
    net = tf.layers.dropout(net, rate=0.1, training=mode == tf.estimator.ModeKeys.TRAIN)
    logits = tf.layers.dense(net, 3, activation=None)

    predicted_classes = tf.argmax(logits, 1)
    if mode == tf.estimator.ModeKeys.PREDICT:
        predictions = {"class": predicted_classes, "prob": tf.nn.softmax(logits)}
        return tf.estimator.EstimatorSpec(mode, predictions=predictions)

    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)

    if mode == tf.estimator.ModeKeys.TRAIN:
        global_step = tf.train.get_global_step()
        learning_rate = tf.train.exponential_decay(learning_rate=0.3, global_step=global_step,
                                                   decay_steps=100, decay_rate=0.9)
        optimizer = tf.train.AdagradOptimizer(learning_rate=learning_rate)
        train_op = optimizer.minimize(loss, global_step=global_step)
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

    eval_metric_ops = {"accuracy": tf.metrics.accuracy(labels=labels, predictions=predicted_classes)}
    return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops=eval_metric_ops)


## Data
iris = datasets.load_iris()
x_train, x_test, y_train, y_test = model_selection.train_test_split(
    iris.data, iris.target, test_size=0.2, random_state=42)

## Model
classifier = tf.estimator.Estimator(model_fn=my_model)

## Train
train_input_fn = tf.estimator.inputs.numpy_input_fn(
    x={X_FEATURE: x_train}, y=y_train, batch_size=32, num_epochs=None, shuffle=True)
classifier.train(input_fn=train_input_fn, steps=800)

## Evaluate
test_input_fn = tf.estimator.inputs.numpy_input_fn(x={X_FEATURE: x_test}, y=y_test, num_epochs=1, shuffle=False)
predicted = np.array([p["class"] for p in classifier.predict(input_fn=test_input_fn)])
scores = classifier.evaluate(input_fn=test_input_fn)
print("RESULT " + json.dumps({"accuracy": float(scores["accuracy"]),
                              "predict_accuracy": float(np.mean(predicted == y_test))}))
