"""``tf.contrib.data`` (TF 1.4-1.15): the transformations that moved to ``tf.data`` / ``tf.data.experimental``.

``batch_and_drop_remainder`` became ``Dataset.batch(n, drop_remainder=True)``
in TF 1.10 and is gone from TF2; it is rebuilt here as the
``dataset.apply(...)`` transformation contrib returned. The other rows of the
table point at the ``tf.compat.v1.data`` objects contrib re-exported.
"""

from __future__ import annotations

__all__ = ["batch_and_drop_remainder", "padded_batch_and_drop_remainder"]


def batch_and_drop_remainder(batch_size):
    """A ``Dataset.apply`` transformation: batches of exactly ``batch_size``, the last partial one dropped."""

    def _apply_fn(dataset):
        return dataset.batch(batch_size, drop_remainder=True)

    return _apply_fn


def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    """``padded_batch`` with ``drop_remainder=True``, as a ``Dataset.apply`` transformation."""

    def _apply_fn(dataset):
        return dataset.padded_batch(batch_size, padded_shapes, padding_values=padding_values, drop_remainder=True)

    return _apply_fn
