"""``tf.contrib.layers.summarize_*``: TensorBoard summaries of tensors, activations and collections (TF 1.15).

Scalars get ``tf.summary.scalar``, everything else ``tf.summary.histogram``,
tagged ``<op name>_summary`` unless a tag is given. ``summarize_activation``
adds, for ReLU/Softplus/ReLU6 outputs, the fraction of zeros computed from the
op's *input* (as contrib did, to avoid float equality) and, for ReLU6, the
fraction of sixes.
"""

from __future__ import annotations

import functools
import re

import tensorflow.compat.v1 as tf1

__all__ = [
    "summarize_activation",
    "summarize_activations",
    "summarize_biases",
    "summarize_collection",
    "summarize_tensor",
    "summarize_tensors",
    "summarize_variables",
    "summarize_weights",
]


def _add_scalar_summary(tensor, tag=None):
    tensor.get_shape().assert_has_rank(0)
    return tf1.summary.scalar(tag or f"{tensor.op.name}_summary", tensor)


def _add_histogram_summary(tensor, tag=None):
    return tf1.summary.histogram(tag or f"{tensor.op.name}_summary", tensor)


def summarize_tensor(tensor, tag=None):
    """A scalar summary for a rank-0 tensor, else a histogram."""
    if tensor.get_shape().ndims == 0:
        return _add_scalar_summary(tensor, tag)
    return _add_histogram_summary(tensor, tag)


def summarize_activation(op):
    """Histogram of an activation, plus its zero (and six) fraction for ReLU-like ops."""
    if op.op.type in ("Relu", "Softplus", "Relu6"):
        pre = op.op.inputs[0]
        _add_scalar_summary(tf1.reduce_mean(tf1.cast(tf1.less(pre, tf1.cast(0.0, pre.dtype)), tf1.float32)), f"{op.op.name}/zeros")
    if op.op.type == "Relu6":
        pre = op.op.inputs[0]
        _add_scalar_summary(tf1.reduce_mean(tf1.cast(tf1.greater(pre, tf1.cast(6.0, pre.dtype)), tf1.float32)), f"{op.op.name}/sixes")
    return _add_histogram_summary(op, f"{op.op.name}/activation")


def summarize_tensors(tensors, summarizer=summarize_tensor):
    return [summarizer(tensor) for tensor in tensors]


def summarize_collection(collection, name_filter=None, summarizer=summarize_tensor):
    tensors = [t for t in tf1.get_collection(collection) if name_filter is None or re.match(name_filter, t.op.name)]
    return summarize_tensors(tensors, summarizer)


summarize_variables = functools.partial(summarize_collection, tf1.GraphKeys.GLOBAL_VARIABLES)
summarize_weights = functools.partial(summarize_collection, tf1.GraphKeys.WEIGHTS)
summarize_biases = functools.partial(summarize_collection, tf1.GraphKeys.BIASES)


def summarize_activations(name_filter=None, summarizer=summarize_activation):
    """Summaries of every tensor in the ACTIVATIONS collection (``name_filter``: a regex on op names)."""
    return summarize_collection(tf1.GraphKeys.ACTIVATIONS, name_filter, summarizer)
