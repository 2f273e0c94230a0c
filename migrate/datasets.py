"""Small, offline data sets shared by the examples, the runtime and the tests.

Nothing here downloads. ``load("mnist")`` reads the standard Keras cache file
(``$KERAS_HOME/datasets/mnist.npz``, default ``~/.keras/datasets/mnist.npz``)
with numpy when it exists; otherwise it returns the offline stand-in
``digits28``: scikit-learn's bundled 8x8 handwritten digits, upscaled and
padded to the MNIST geometry (a 20x20 digit centred in a 28x28 frame). The
stand-in is named ``digits28`` and flagged ``is_standin=True`` so a result is
never reported as an MNIST result when it is not one.

All arrays are read-only: they are cached per process and shared between
callers, so an in-place edit in one example must not leak into another.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["Dataset", "NAMES", "load", "one_hot", "minibatches", "mnist_cache_path"]

NAMES = ("mnist", "digits28", "iris", "breast_cancer")

_SPLIT_SEED = 0
_TEST_FRACTION = 0.2


@dataclass(frozen=True)
class Dataset:
    """A train/test split ready to feed to a model.

    ``x_*`` are float32: images flattened to ``[N, 784]`` in ``[0, 1]``,
    tabular features standardized with the training statistics. ``y_*`` are
    int64 class ids in ``[0, num_classes)``. ``image_shape`` is
    ``(28, 28, 1)`` for images and ``None`` for tabular data.
    """

    name: str
    description: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    num_classes: int
    image_shape: tuple | None
    is_standin: bool

    def __repr__(self) -> str:
        return (
            f"Dataset(name={self.name!r}, train={len(self.x_train)}, test={len(self.x_test)}, "
            f"num_classes={self.num_classes}, is_standin={self.is_standin})"
        )


def mnist_cache_path() -> Path:
    """Where Keras keeps ``mnist.npz``; honours ``KERAS_HOME`` like Keras does."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets" / "mnist.npz"


def load(name: str = "mnist", *, limit_train: int | None = None, limit_test: int | None = None) -> Dataset:
    """Load a data set by name; ``limit_*`` keep the first N examples (deterministic).

    ``"mnist"`` falls back to the ``"digits28"`` stand-in when the Keras cache
    file is absent; check ``Dataset.is_standin`` / ``Dataset.name``.
    """
    if name not in NAMES:
        raise ValueError(f"unknown data set {name!r}; choose one of: {', '.join(NAMES)}")
    if name == "mnist":
        path = mnist_cache_path()
        full = _load_mnist(str(path)) if path.is_file() else _load_digits28()
    else:
        full = _LOADERS[name]()
    if limit_train is None and limit_test is None:
        return full
    return Dataset(
        name=full.name,
        description=full.description,
        x_train=full.x_train[:limit_train],
        y_train=full.y_train[:limit_train],
        x_test=full.x_test[:limit_test],
        y_test=full.y_test[:limit_test],
        num_classes=full.num_classes,
        image_shape=full.image_shape,
        is_standin=full.is_standin,
    )


def one_hot(labels, num_classes: int) -> np.ndarray:
    """Integer labels ``[N]`` -> float32 one-hot ``[N, num_classes]``."""
    labels = np.asarray(labels, dtype=np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes}), got [{labels.min()}, {labels.max()}]")
    return np.eye(num_classes, dtype=np.float32)[labels]


def minibatches(x, y, batch_size: int, seed: int, epochs: int = 1, *, drop_remainder: bool = False):
    """Yield ``(x_batch, y_batch)`` for ``epochs`` passes, reshuffled every epoch.

    The order depends only on ``seed``, ``len(x)`` and ``batch_size``, so a TF1
    program and its TF2 twin that call this with the same seed see exactly the
    same batches in the same order. The last, smaller batch of an epoch is
    yielded unless ``drop_remainder`` is true.
    """
    n = len(x)
    if len(y) != n:
        raise ValueError(f"x and y differ in length: {n} != {len(y)}")
    if batch_size <= 0:
        raise ValueError("batch_size must be positive")
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            if drop_remainder and len(idx) < batch_size:
                break
            yield x[idx], y[idx]


def _frozen(*arrays):
    for a in arrays:
        a.setflags(write=False)
    return arrays


def _split(x, y):
    from sklearn.model_selection import train_test_split

    return train_test_split(x, y, test_size=_TEST_FRACTION, random_state=_SPLIT_SEED, stratify=y)


@functools.lru_cache(maxsize=4)
def _load_mnist(path: str) -> Dataset:
    # Read the Keras cache with numpy only: keras.datasets.mnist.load_data()
    # would try to download when the file is missing or its hash differs.
    with np.load(path, allow_pickle=False) as f:
        x_train, y_train, x_test, y_test = (f[k] for k in ("x_train", "y_train", "x_test", "y_test"))
    arrays = _frozen(
        (x_train.reshape(len(x_train), -1).astype(np.float32) / 255.0),
        y_train.astype(np.int64),
        (x_test.reshape(len(x_test), -1).astype(np.float32) / 255.0),
        y_test.astype(np.int64),
    )
    return Dataset(
        name="mnist",
        description=f"MNIST handwritten digits (28x28 grey, 10 classes) from the Keras cache {path}",
        x_train=arrays[0],
        y_train=arrays[1],
        x_test=arrays[2],
        y_test=arrays[3],
        num_classes=10,
        image_shape=(28, 28, 1),
        is_standin=False,
    )


@functools.lru_cache(maxsize=1)
def _load_digits28() -> Dataset:
    from scipy.ndimage import zoom
    from sklearn.datasets import load_digits

    digits = load_digits()
    # 8x8 -> 20x20 (bilinear), padded by 4 on each side: MNIST centres a
    # 20x20 digit in a 28x28 frame, so conv/pool shapes written for MNIST fit.
    small = digits.images.astype(np.float32) / 16.0
    big = np.clip(zoom(small, (1, 2.5, 2.5), order=1), 0.0, 1.0)
    images = np.pad(big, ((0, 0), (4, 4), (4, 4))).reshape(len(big), 28 * 28).astype(np.float32)
    x_train, x_test, y_train, y_test = _split(images, digits.target.astype(np.int64))
    x_train, y_train, x_test, y_test = _frozen(x_train, y_train, x_test, y_test)
    return Dataset(
        name="digits28",
        description=(
            "digits28: offline stand-in for MNIST - scikit-learn's 1797 8x8 handwritten digits "
            "upscaled to 28x28 (not MNIST; accuracies are not comparable to MNIST results)"
        ),
        x_train=x_train,
        y_train=y_train,
        x_test=x_test,
        y_test=y_test,
        num_classes=10,
        image_shape=(28, 28, 1),
        is_standin=True,
    )


def _tabular(name: str, loader, description: str) -> Dataset:
    bunch = loader()
    x_train, x_test, y_train, y_test = _split(bunch.data.astype(np.float64), bunch.target.astype(np.int64))
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    std[std == 0] = 1.0
    x_train = ((x_train - mean) / std).astype(np.float32)
    x_test = ((x_test - mean) / std).astype(np.float32)
    x_train, y_train, x_test, y_test = _frozen(x_train, y_train, x_test, y_test)
    return Dataset(
        name=name,
        description=description,
        x_train=x_train,
        y_train=y_train,
        x_test=x_test,
        y_test=y_test,
        num_classes=int(bunch.target.max()) + 1,
        image_shape=None,
        is_standin=False,
    )


@functools.lru_cache(maxsize=1)
def _load_iris() -> Dataset:
    from sklearn.datasets import load_iris

    return _tabular("iris", load_iris, "Iris flowers (4 features, 3 classes), scikit-learn bundled copy")


@functools.lru_cache(maxsize=1)
def _load_breast_cancer() -> Dataset:
    from sklearn.datasets import load_breast_cancer

    return _tabular(
        "breast_cancer",
        load_breast_cancer,
        "Wisconsin breast cancer (30 features, 2 classes), scikit-learn bundled copy",
    )


_LOADERS = {"digits28": _load_digits28, "iris": _load_iris, "breast_cancer": _load_breast_cancer}
