"""A small deterministic stand-in for Keras' ``mnist.npz``, served offline to every MNIST reader.

Where the readers look:

- ``tf.keras.datasets.mnist.load_data()`` calls ``get_file("mnist.npz", cache_subdir="datasets")``: under
  ``$KERAS_HOME`` on Keras 3, under ``~/.keras`` on Keras 2.15 and tf-keras (they ignore ``KERAS_HOME``).
- ``migrate.datasets.load("mnist")`` (the runtime's ``input_data``) reads ``$KERAS_HOME/datasets/mnist.npz``.

So the file sits in ``<home>/.keras/datasets/mnist.npz`` and a child process gets ``HOME=<home>`` and
``KERAS_HOME=<home>/.keras`` (``MnistStandin.env``): all three read the same bytes. ``get_file`` also
checks the real file's SHA-256 and downloads on a mismatch; the child's ``PYTHONPATH`` starts with a
directory holding a ``sitecustomize.py`` that makes Keras' ``validate_file`` accept this one file (by its
own hash) when Keras is imported: the hook ``tf-migrate verify`` writes (`migrate.verify.offline_data`).
Nothing downloads. The images are not verify's (the machine's Keras cache, or upscaled digits): a fixed
random-stroke set of fixed size, so the suite's numbers are the same on every machine.

Use the ``mnist_standin`` fixture (registered in ``tests/conftest.py``)::

    def test_x(mnist_standin):
        subprocess.run([python, "prog.py"], env=mnist_standin.env(), ...)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from migrate.verify.offline_data import accept_in_keras

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class MnistStandin:
    home: Path  # HOME of a child process
    path: Path  # <home>/.keras/datasets/mnist.npz
    sha256: str
    n_train: int
    n_test: int

    @property
    def keras_home(self) -> Path:
        return self.home / ".keras"

    def env(self, base: dict | None = None) -> dict:
        """``base`` (default: this process's environment) set up to serve the stand-in, with the repo importable."""
        env = dict(os.environ if base is None else base)
        path = [str(self.home / "site"), str(REPO), env.get("PYTHONPATH", "")]
        env.update(HOME=str(self.home), KERAS_HOME=str(self.keras_home), PYTHONPATH=os.pathsep.join(filter(None, path)))
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        return env

    def arrays(self) -> dict:
        with np.load(self.path) as f:
            return {k: f[k] for k in ("x_train", "y_train", "x_test", "y_test")}


def standin_arrays(n_train: int = 6000, n_test: int = 1000, seed: int = 0) -> dict:
    """uint8 28x28 images and uint8 labels, like Keras' file; each class is a faint random stroke mask under noise,
    so a softmax regression learns it in a few dozen steps without getting everything right (about 0.8)."""
    rng = np.random.default_rng(seed)
    masks = rng.random((10, 28, 28)) < 0.05

    def draw(n):
        labels = rng.integers(0, 10, n).astype(np.uint8)
        noise = rng.integers(0, 30, (n, 28, 28))
        strokes = masks[labels] & (rng.random((n, 28, 28)) < 0.3)
        return (noise + 60 * strokes).astype(np.uint8), labels

    (x_train, y_train), (x_test, y_test) = draw(n_train), draw(n_test)
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def write_standin(home: Path, n_train: int = 6000, n_test: int = 1000, seed: int = 0) -> MnistStandin:
    """Write the stand-in (and the child's sitecustomize) under ``home``."""
    path = Path(home) / ".keras" / "datasets" / "mnist.npz"
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **standin_arrays(n_train, n_test, seed))
    sha256 = accept_in_keras(Path(home) / "site", path)
    return MnistStandin(Path(home), path, sha256, n_train, n_test)


@pytest.fixture(scope="session")
def mnist_standin(tmp_path_factory) -> MnistStandin:
    """6,000 train / 1,000 test stand-in images in a temporary HOME (see the module docstring)."""
    return write_standin(tmp_path_factory.mktemp("mnist_home"))
