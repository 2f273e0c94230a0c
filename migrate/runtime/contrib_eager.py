"""``tf.contrib.eager`` (imported as ``tfe``) under the tf-migrate runtime.

TF 1.x eager programs call ``tfe.enable_eager_execution()`` first, which turns eager back on after
the runtime's ``disable_v2_behavior()`` (nothing has built a graph yet), then use the names below.
Provenance: ``tensorflow/contrib/eager/python/tfe.py`` of TF 1.15, which re-exported most of them
from core; those are the very core objects, still in TF 2 (``backprop.implicit_grad`` is what
``tfe.implicit_gradients`` was). Written here, from the TF 1.15 sources, because TF 2 dropped
them: ``Saver`` (``contrib/eager/python/saver.py``: a name-based ``tf.train.Saver`` without a
session) and the metrics ``Mean`` / ``Accuracy`` (``contrib/eager/python/metrics_impl.py``:
float64 totals, a call returns the values' sum / its inputs). ``Network`` and the rest raise, naming the symbol.
"""

from __future__ import annotations

import tensorflow as tf
from tensorflow.python.data.ops import iterator_ops
from tensorflow.python.eager import backprop, context
from tensorflow.python.ops import resource_variable_ops

__all__ = [
    "ASYNC", "Accuracy", "Checkpoint", "DEVICE_PLACEMENT_EXPLICIT", "DEVICE_PLACEMENT_SILENT",
    "DEVICE_PLACEMENT_SILENT_FOR_INT32", "DEVICE_PLACEMENT_WARN", "GradientTape", "Iterator", "Mean", "SYNC",
    "Saver", "Variable", "defun", "enable_eager_execution", "executing_eagerly", "gradients_function",
    "implicit_gradients", "implicit_value_and_gradients", "in_eager_mode", "metrics", "num_gpus", "py_func",
    "value_and_gradients_function",
]

enable_eager_execution = tf.compat.v1.enable_eager_execution
executing_eagerly = in_eager_mode = tf.executing_eagerly
Variable = resource_variable_ops.ResourceVariable
Iterator = iterator_ops.OwnedIterator  # TF 1.15's EagerIterator
Checkpoint = tf.train.Checkpoint
GradientTape = tf.GradientTape
py_func = tf.py_function
implicit_gradients = backprop.implicit_grad
implicit_value_and_gradients = backprop.implicit_val_and_grad
gradients_function = backprop.gradients_function
value_and_gradients_function = backprop.val_and_grad_function
DEVICE_PLACEMENT_EXPLICIT = context.DEVICE_PLACEMENT_EXPLICIT
DEVICE_PLACEMENT_WARN = context.DEVICE_PLACEMENT_WARN
DEVICE_PLACEMENT_SILENT = context.DEVICE_PLACEMENT_SILENT
DEVICE_PLACEMENT_SILENT_FOR_INT32 = context.DEVICE_PLACEMENT_SILENT_FOR_INT32
SYNC, ASYNC = context.SYNC, context.ASYNC


def defun(func=None, input_signature=None, autograph=False):
    """``tfe.defun``: ``tf.function`` as defun traced it (no AutoGraph unless asked)."""
    return tf.function(func, input_signature=input_signature, autograph=autograph)


def num_gpus() -> int:
    return len(tf.config.list_physical_devices("GPU"))


class Saver:
    """``tfe.Saver(var_list)``: name-based checkpoints of eager variables, without a session."""

    def __init__(self, var_list):
        self._saver = tf.compat.v1.train.Saver(var_list=var_list)

    def save(self, file_prefix, global_step=None):
        return self._saver.save(None, file_prefix, write_meta_graph=False, global_step=global_step)

    def restore(self, file_prefix):
        self._saver.restore(None, file_prefix)


class Mean:
    """``tfe.metrics.Mean``: a running (weighted) mean in float64; a call returns the sum of the values given
    (with weights: the weighted values and the weights), as TF 1.15's did."""

    def __init__(self, name=None, dtype=tf.float64):
        self.name, self.dtype = name or "mean", tf.as_dtype(dtype)
        self.numer = tf.Variable(0.0, dtype=self.dtype, trainable=False, name=f"{self.name}/numer")
        self.denom = tf.Variable(0.0, dtype=self.dtype, trainable=False, name=f"{self.name}/denom")

    @property
    def variables(self):
        return [self.numer, self.denom]

    def init_variables(self):
        """Graph mode only in TF1; eager variables are initialized when created."""

    def __call__(self, *args, **kwargs):
        return self.call(*args, **kwargs)

    def call(self, values, weights=None):
        if weights is None:
            self.denom.assign_add(tf.cast(tf.size(values), self.dtype))
            values = tf.reduce_sum(values)
            self.numer.assign_add(tf.cast(values, self.dtype))
            return values
        weights = tf.cast(weights, self.dtype)
        self.denom.assign_add(tf.reduce_sum(weights))
        values = tf.cast(values, self.dtype) * weights
        self.numer.assign_add(tf.reduce_sum(values))
        return values, weights

    def result(self, write_summary=True):
        return self.numer / self.denom


class Accuracy(Mean):
    """``tfe.metrics.Accuracy``: the running fraction of ``labels == predictions``; a call returns both."""

    def __init__(self, name=None, dtype=tf.float64):
        super().__init__(name or "accuracy", dtype)

    def call(self, labels, predictions, weights=None):
        super().call(tf.cast(tf.equal(labels, predictions), self.dtype), weights)
        return (labels, predictions) if weights is None else (labels, predictions, weights)


class _Metrics:
    """The ``tfe.metrics`` namespace."""

    Mean, Accuracy = Mean, Accuracy

    def __getattr__(self, name):
        raise AttributeError(f"tf.contrib.eager.metrics.{name} is not provided by the tf-migrate runtime "
                             "(only Mean and Accuracy are): use the tf.keras.metrics classes")


metrics = _Metrics()


def __getattr__(name):
    raise AttributeError(f"tf.contrib.eager.{name} is not provided by the tf-migrate runtime"
                         + (": subclass tf.keras.Model instead" if name == "Network" else ""))
