"""``tensorflow.examples.tutorials.mnist.input_data``, offline.

The TF1 tutorials called ``input_data.read_data_sets("MNIST_data/", one_hot=True)``,
which downloaded MNIST. This version never downloads: it reads
:func:`migrate.datasets.load` ("mnist" from the Keras cache, or the digits28
stand-in, announced by a warning) and keeps the classic ``DataSet`` behaviour:
the ``validation`` split is the head of the training set, ``next_batch``
shuffles with the global numpy RNG at each epoch start and stitches the tail
of one epoch to the head of the next.
"""

from __future__ import annotations

import collections
import logging

import numpy as np

from migrate import datasets

__all__ = ["DataSet", "Datasets", "read_data_sets", "dense_to_one_hot"]

log = logging.getLogger(__name__)

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def dense_to_one_hot(labels_dense, num_classes):
    """Class ids -> one-hot rows (float64, as the TF1 tutorial returned them)."""
    return np.eye(num_classes)[np.asarray(labels_dense, dtype=np.int64)]


class DataSet:
    """Images and labels with epoch bookkeeping; the TF1 tutorial class."""

    def __init__(self, images, labels, *, one_hot=False, dtype=np.float32, reshape=True, seed=None):
        if seed is not None:
            np.random.seed(seed)
        images = np.asarray(images, dtype=np.float32)
        if np.dtype(dtype) == np.uint8:
            images = np.rint(images * 255.0).astype(np.uint8)
        elif np.dtype(dtype) != np.float32:
            raise TypeError(f"Invalid image dtype {dtype!r}, expected uint8 or float32")
        if not reshape:
            images = images.reshape(len(images), 28, 28, 1)
        labels = np.asarray(labels)
        self._images = images
        self._labels = dense_to_one_hot(labels, 10) if one_hot else labels.astype(np.uint8)
        self._num_examples = len(images)
        self._epochs_completed = 0
        self._index_in_epoch = 0

    images = property(lambda self: self._images)
    labels = property(lambda self: self._labels)
    num_examples = property(lambda self: self._num_examples)
    epochs_completed = property(lambda self: self._epochs_completed)

    def _shuffle(self):
        perm = np.arange(self._num_examples)
        np.random.shuffle(perm)
        self._images = self._images[perm]
        self._labels = self._labels[perm]

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next ``batch_size`` examples; crossing an epoch reshuffles and wraps around."""
        if fake_data:
            raise ValueError("fake_data is not supported by the tf-migrate runtime")
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size > self._num_examples:
            self._epochs_completed += 1
            images_rest = self._images[start:]
            labels_rest = self._labels[start:]
            if shuffle:
                self._shuffle()
            self._index_in_epoch = batch_size - len(images_rest)
            end = self._index_in_epoch
            return (
                np.concatenate((images_rest, self._images[:end]), axis=0),
                np.concatenate((labels_rest, self._labels[:end]), axis=0),
            )
        self._index_in_epoch += batch_size
        return self._images[start : self._index_in_epoch], self._labels[start : self._index_in_epoch]


def read_data_sets(
    train_dir=None,
    fake_data=False,
    one_hot=False,
    dtype=np.float32,
    reshape=True,
    validation_size=5000,
    seed=None,
    source_url=None,
):
    """Train/validation/test ``DataSet``s; ``train_dir`` and ``source_url`` are ignored (no download)."""
    if fake_data:
        raise ValueError("fake_data is not supported by the tf-migrate runtime")
    dtype = getattr(dtype, "as_numpy_dtype", dtype)  # accept tf.float32 / tf.uint8
    data = datasets.load("mnist")
    if data.is_standin:
        log.warning("MNIST is not in the Keras cache; read_data_sets serves %s", data.description)
    train_images, train_labels = data.x_train, data.y_train
    if data.is_standin and validation_size > len(train_images) // 10:
        # 5000 of digits28's 1437 training images would leave none to train on.
        validation_size = len(train_images) // 10
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"Validation size should be between 0 and {len(train_images)}. Received: {validation_size}.")
    options = dict(one_hot=one_hot, dtype=dtype, reshape=reshape, seed=seed)
    return Datasets(
        train=DataSet(train_images[validation_size:], train_labels[validation_size:], **options),
        validation=DataSet(train_images[:validation_size], train_labels[:validation_size], **options),
        test=DataSet(data.x_test, data.y_test, **options),
    )
