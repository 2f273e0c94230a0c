"""``tf.contrib.losses`` (also ``slim.losses``): the tf.losses functions with contrib's argument order.

contrib.losses took ``(logits, labels)`` / ``(predictions, labels)`` where
``tf.losses`` takes ``(labels, logits)`` / ``(labels, predictions)``; pointing
the table straight at tf.losses would silently swap positional arguments.
The reductions match: both divide the weighted sum by the number of
non-zero weights (``Reduction.SUM_BY_NONZERO_WEIGHTS``) and add the loss to
the LOSSES collection.
"""

from __future__ import annotations

import tensorflow.compat.v1 as tf1

__all__ = ["softmax_cross_entropy", "sparse_softmax_cross_entropy", "sigmoid_cross_entropy", "mean_squared_error"]


def softmax_cross_entropy(logits, onehot_labels, weights=1.0, label_smoothing=0, scope=None):
    return tf1.losses.softmax_cross_entropy(
        onehot_labels, logits, weights=weights, label_smoothing=label_smoothing, scope=scope
    )


def sparse_softmax_cross_entropy(logits, labels, weights=1.0, scope=None):
    return tf1.losses.sparse_softmax_cross_entropy(labels, logits, weights=weights, scope=scope)


def sigmoid_cross_entropy(logits, multi_class_labels, weights=1.0, label_smoothing=0, scope=None):
    return tf1.losses.sigmoid_cross_entropy(
        multi_class_labels, logits, weights=weights, label_smoothing=label_smoothing, scope=scope
    )


def mean_squared_error(predictions, labels=None, weights=1.0, scope=None):
    return tf1.losses.mean_squared_error(labels, predictions, weights=weights, scope=scope)
