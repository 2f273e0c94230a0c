"""``tf.contrib.metrics``: the streaming metrics with contrib's ``(predictions, labels)`` argument order.

In TF 1.15 each ``streaming_X`` is ``tf.metrics.X`` called with keywords, so
the numerics (local ``total``/``count`` variables, ``(value, update_op)``
pairs, reset by ``tf.local_variables_initializer()``) are the same; only the
positional order differs -- contrib put ``predictions`` first, ``tf.metrics``
puts ``labels`` first. Aliasing the table straight to tf.metrics would swap
positional arguments silently, hence these wrappers.
"""

from __future__ import annotations

import tensorflow.compat.v1 as tf1
from tensorflow.python.ops import confusion_matrix

__all__ = [
    "accuracy",
    "aggregate_metric_map",
    "aggregate_metrics",
    "streaming_accuracy",
    "streaming_auc",
    "streaming_mean",
    "streaming_mean_absolute_error",
    "streaming_mean_squared_error",
    "streaming_precision",
    "streaming_recall",
]


def accuracy(predictions, labels, weights=None, name=None):
    """contrib.metrics.accuracy: a plain (not streaming) accuracy tensor."""
    with tf1.name_scope(name, "accuracy", values=[predictions, labels]):
        labels, predictions = confusion_matrix.remove_squeezable_dimensions(
            tf1.convert_to_tensor(labels), tf1.convert_to_tensor(predictions)
        )
        if not predictions.dtype.is_compatible_with(labels.dtype):
            raise ValueError(f"Dtypes of predictions and labels should match. Given: predictions ({predictions.dtype}) and labels ({labels.dtype})")
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        is_correct = tf1.cast(tf1.equal(predictions, labels), tf1.float32)
        if weights is not None:
            weights = tf1.cast(weights, tf1.float32)
            return tf1.div(tf1.reduce_sum(is_correct * weights), tf1.reduce_sum(weights))
        return tf1.reduce_mean(is_correct)


def streaming_accuracy(predictions, labels, weights=None, metrics_collections=None, updates_collections=None, name=None):
    return tf1.metrics.accuracy(
        predictions=predictions,
        labels=labels,
        weights=weights,
        metrics_collections=metrics_collections,
        updates_collections=updates_collections,
        name=name,
    )


def streaming_mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    return tf1.metrics.mean(
        values=values,
        weights=weights,
        metrics_collections=metrics_collections,
        updates_collections=updates_collections,
        name=name,
    )


def streaming_precision(predictions, labels, weights=None, metrics_collections=None, updates_collections=None, name=None):
    return tf1.metrics.precision(
        predictions=predictions,
        labels=labels,
        weights=weights,
        metrics_collections=metrics_collections,
        updates_collections=updates_collections,
        name=name,
    )


def streaming_recall(predictions, labels, weights=None, metrics_collections=None, updates_collections=None, name=None):
    return tf1.metrics.recall(
        predictions=predictions,
        labels=labels,
        weights=weights,
        metrics_collections=metrics_collections,
        updates_collections=updates_collections,
        name=name,
    )


def streaming_auc(
    predictions,
    labels,
    weights=None,
    num_thresholds=200,
    metrics_collections=None,
    updates_collections=None,
    curve="ROC",
    name=None,
    summation_method="trapezoidal",
):
    return tf1.metrics.auc(
        predictions=predictions,
        labels=labels,
        weights=weights,
        num_thresholds=num_thresholds,
        metrics_collections=metrics_collections,
        updates_collections=updates_collections,
        curve=curve,
        name=name,
        summation_method=summation_method,
    )


def streaming_mean_squared_error(predictions, labels, weights=None, metrics_collections=None, updates_collections=None, name=None):
    return tf1.metrics.mean_squared_error(
        predictions=predictions,
        labels=labels,
        weights=weights,
        metrics_collections=metrics_collections,
        updates_collections=updates_collections,
        name=name,
    )


def streaming_mean_absolute_error(predictions, labels, weights=None, metrics_collections=None, updates_collections=None, name=None):
    return tf1.metrics.mean_absolute_error(
        predictions=predictions,
        labels=labels,
        weights=weights,
        metrics_collections=metrics_collections,
        updates_collections=updates_collections,
        name=name,
    )


def aggregate_metrics(*value_update_tuples):
    """``[(value, update), ...]`` -> ``([values], [updates])``."""
    if not value_update_tuples:
        raise ValueError("Expected at least one value_tensor/update_op pair")
    value_ops, update_ops = zip(*value_update_tuples)
    return list(value_ops), list(update_ops)


def aggregate_metric_map(names_to_tuples):
    """``{name: (value, update)}`` -> ``({name: value}, {name: update})``."""
    metric_names = names_to_tuples.keys()
    value_ops, update_ops = zip(*names_to_tuples.values())
    return dict(zip(metric_names, value_ops)), dict(zip(metric_names, update_ops))
