"""The offline tensorflow.examples.tutorials.mnist.input_data (plain numpy, no runtime needed)."""

import numpy as np
import pytest

from migrate.runtime import mnist_input_data as input_data


@pytest.fixture(autouse=True)
def no_mnist_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))


def _dataset(n=10):
    images = np.arange(n, dtype=np.float32)[:, None].repeat(784, axis=1) / n
    return input_data.DataSet(images, np.arange(n) % 10)


def test_next_batch_without_shuffle_walks_in_order_and_wraps_epochs():
    ds = _dataset(10)
    first, _ = ds.next_batch(4, shuffle=False)
    second, _ = ds.next_batch(4, shuffle=False)
    wrapped, labels = ds.next_batch(4, shuffle=False)
    np.testing.assert_allclose(first[:, 0] * 10, [0, 1, 2, 3])
    np.testing.assert_allclose(second[:, 0] * 10, [4, 5, 6, 7])
    np.testing.assert_allclose(wrapped[:, 0] * 10, [8, 9, 0, 1])  # tail of epoch 1 + head of epoch 2
    np.testing.assert_array_equal(labels, [8, 9, 0, 1])
    assert ds.epochs_completed == 1


def test_next_batch_shuffles_with_the_global_numpy_seed():
    np.random.seed(5)
    a = _dataset().next_batch(10)[1]
    np.random.seed(5)
    b = _dataset().next_batch(10)[1]
    np.testing.assert_array_equal(a, b)
    assert sorted(a) == list(range(10)) and list(a) != list(range(10))


def test_read_data_sets_on_the_standin(caplog):
    with caplog.at_level("WARNING"):
        mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)
    assert "digits28" in caplog.text and "stand-in" in caplog.text
    n_train = mnist.train.num_examples + mnist.validation.num_examples
    assert n_train == 1437 and mnist.validation.num_examples == 143  # 5000 shrunk to a tenth
    assert mnist.test.images.shape == (360, 784) and mnist.train.images.dtype == np.float32
    assert mnist.train.labels.shape[1] == 10 and np.all(mnist.train.labels.sum(1) == 1)


def test_read_data_sets_dense_uint8_unreshaped():
    mnist = input_data.read_data_sets("ignored", dtype=np.uint8, reshape=False, validation_size=0)
    assert mnist.validation.num_examples == 0
    assert mnist.train.images.shape[1:] == (28, 28, 1) and mnist.train.images.dtype == np.uint8
    assert mnist.train.images.max() == 255
    assert mnist.train.labels.ndim == 1 and mnist.train.labels.max() == 9


def test_read_data_sets_never_fakes_data():
    with pytest.raises(ValueError, match="fake_data"):
        input_data.read_data_sets("x", fake_data=True)
