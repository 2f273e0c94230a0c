"""The same offline MNIST for every column of ``tf-migrate verify SCRIPT``: nothing downloads.

A TF1 tutorial reads MNIST with ``input_data.read_data_sets`` and its
migration with ``tf.keras.datasets.mnist.load_data()`` (TFM117); on genuine
TF 1.15 the reader downloads four ``.gz`` files. `mnist_home` writes one
folder that serves the same images to all three:

- ``HOME/.keras/datasets/mnist.npz``, read by the runtime's ``input_data``
  (``KERAS_HOME``) and by Keras' ``get_file`` (``HOME`` on Keras 2 and
  tf-keras, ``KERAS_HOME`` on Keras 3). When the file is not Keras' own, Keras
  would reject its hash and download: ``site/sitecustomize.py`` (first on the
  child's ``PYTHONPATH``) makes ``validate_file`` accept this one file by its
  SHA-256, for Keras 2.15, Keras 3 and tf-keras alike;
- ``tf1/*-ubyte.gz`` (TF1's IDX files) for genuine TF 1.15, served by the
  launcher's import hook (`migrate.verify.launch`).

The images are the machine's Keras MNIST cache when it has one. Otherwise
they are a labelled stand-in, ``digits28x5``: `migrate.datasets`' digits28
(scikit-learn's 8x8 digits upscaled to 28x28) with each training image also
shifted by one pixel in four directions, 7,185 training images, so TF1's
default ``validation_size=5000`` leaves 2,185 to train on (digits28 alone has
1,437 and TF1 would refuse). 360 test images. Not MNIST: the report says so.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from migrate.verify.launch import MNIST_FILES

# Keras modules defining validate_file (Keras 2.15 / tf-keras, Keras 3), wrapped when they are imported (the hook
# does not import Keras itself: a script may set TF_USE_LEGACY_KERAS first).
_SITECUSTOMIZE = '''\
"""Offline MNIST: Keras' get_file accepts the file whose SHA-256 is ACCEPT (written by migrate/verify/offline_data.py)."""
import hashlib
import sys

ACCEPT = {sha256!r}
MODULES = {{"keras.src.utils.data_utils", "keras.src.utils.file_utils", "tf_keras.src.utils.data_utils",
           "keras.utils.data_utils"}}


def _sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


class _Accept(object):
    def find_spec(self, name, path=None, target=None):
        if name not in MODULES:
            return None
        for finder in sys.meta_path:
            spec = None if finder is self else getattr(finder, "find_spec", lambda *a: None)(name, path, target)
            if spec is not None:
                break
        else:
            return None
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            original = getattr(module, "validate_file", None)
            if original is None:
                return

            def validate_file(fpath, file_hash, *args, **kwargs):
                return _sha256(fpath) == ACCEPT or original(fpath, file_hash, *args, **kwargs)

            module.validate_file = validate_file

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _Accept())
'''


@dataclass(frozen=True)
class MnistHome:
    home: Path
    description: str
    is_standin: bool

    @property
    def npz(self) -> Path:
        return self.home / ".keras" / "datasets" / "mnist.npz"

    @property
    def tf1_dir(self) -> Path:
        return self.home / "tf1"

    @property
    def site(self) -> Path:
        return self.home / "site"

    def env(self) -> dict:
        """Environment entries of a child process (``PYTHONPATH`` entries are `site`, added by the caller)."""
        return {"HOME": str(self.home), "KERAS_HOME": str(self.home / ".keras"),
                "TFM_VERIFY_MNIST_DIR": str(self.tf1_dir)}


def standin_arrays() -> dict:
    """``digits28x5`` as uint8 arrays in Keras' ``mnist.npz`` layout (see module docstring)."""
    from migrate import datasets

    data = datasets.load("digits28")
    train = data.x_train.reshape(-1, 28, 28)
    shifted = [train] + [np.roll(train, shift, axis) for axis in (1, 2) for shift in (-1, 1)]
    x_train = np.concatenate(shifted)
    y_train = np.tile(data.y_train, len(shifted))

    def as_uint8(x):
        return np.round(np.clip(x, 0.0, 1.0) * 255).astype(np.uint8)

    return {"x_train": as_uint8(x_train), "y_train": y_train.astype(np.uint8),
            "x_test": as_uint8(data.x_test.reshape(-1, 28, 28)), "y_test": data.y_test.astype(np.uint8)}


def mnist_home(directory: Path) -> MnistHome:
    """Write the offline MNIST folder under ``directory`` (see module docstring)."""
    from migrate import datasets

    home = Path(directory)
    target = home / ".keras" / "datasets" / "mnist.npz"
    target.parent.mkdir(parents=True, exist_ok=True)
    cache = datasets.mnist_cache_path()
    if cache.is_file():
        shutil.copyfile(cache, target)
        description, standin = f"MNIST from the Keras cache {cache}", False
    else:
        np.savez_compressed(target, **standin_arrays())
        description = ("digits28x5: offline MNIST stand-in - scikit-learn's 8x8 digits upscaled to 28x28, "
                       "training images also shifted by one pixel (7,185 train / 360 test; not MNIST)")
        standin = True
    with np.load(target) as f:
        arrays = {k: f[k] for k in ("x_train", "y_train", "x_test", "y_test")}
    _write_idx(home / "tf1", arrays)
    accept_in_keras(home / "site", target)
    return MnistHome(home, description, standin)


def accept_in_keras(site: Path, npz: Path) -> str:
    """Write ``site/sitecustomize.py``, which makes Keras' ``validate_file`` accept ``npz`` by its SHA-256 (returned)
    in a child whose ``PYTHONPATH`` starts with ``site``; also used by the test suite's stand-in (tests/mnist_standin.py)."""
    site = Path(site)
    site.mkdir(parents=True, exist_ok=True)
    sha256 = hashlib.sha256(Path(npz).read_bytes()).hexdigest()
    (site / "sitecustomize.py").write_text(_SITECUSTOMIZE.format(sha256=sha256))
    return sha256


def _write_idx(directory: Path, arrays: dict) -> None:
    """TF1's IDX files, gzipped (magic 2051 images / 2049 labels, big-endian sizes)."""
    directory.mkdir(parents=True, exist_ok=True)
    names = dict(zip(("train_images", "train_labels", "test_images", "test_labels"), MNIST_FILES))
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        with gzip.open(directory / names[f"{split}_images"], "wb") as f:
            f.write(struct.pack(">IIII", 2051, len(images), 28, 28) + images.astype(np.uint8).tobytes())
        with gzip.open(directory / names[f"{split}_labels"], "wb") as f:
            f.write(struct.pack(">II", 2049, len(labels)) + labels.astype(np.uint8).tobytes())
