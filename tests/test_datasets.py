import numpy as np
import pytest

from migrate import datasets


@pytest.fixture
def no_mnist_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def fake_mnist_cache(tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    (tmp_path / "datasets").mkdir()
    np.savez(
        tmp_path / "datasets" / "mnist.npz",
        x_train=rng.integers(0, 256, size=(30, 28, 28), dtype=np.uint8),
        y_train=rng.integers(0, 10, size=30).astype(np.uint8),
        x_test=rng.integers(0, 256, size=(12, 28, 28), dtype=np.uint8),
        y_test=rng.integers(0, 10, size=12).astype(np.uint8),
    )
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    return tmp_path


def test_mnist_without_cache_is_the_named_digits28_standin(no_mnist_cache):
    ds = datasets.load("mnist")
    assert ds.name == "digits28"
    assert ds.is_standin
    assert "stand-in" in ds.description and "MNIST" in ds.description
    assert not ds.description.lower().startswith("mnist")


def test_digits28_shapes_dtypes_and_ranges():
    ds = datasets.load("digits28")
    assert ds.x_train.shape == (1437, 784) and ds.x_test.shape == (360, 784)
    assert ds.x_train.dtype == np.float32 and ds.y_train.dtype == np.int64
    assert 0.0 <= ds.x_train.min() and ds.x_train.max() <= 1.0
    assert ds.x_train.max() > 0.9  # the upscaling kept full-intensity strokes
    assert ds.image_shape == (28, 28, 1) and ds.num_classes == 10
    assert set(np.unique(ds.y_train)) == set(range(10))
    # MNIST geometry: a 20x20 digit centred in a 28x28 frame, blank border.
    images = ds.x_train.reshape(-1, 28, 28)
    assert images[:, :4, :].max() == 0 and images[:, :, -4:].max() == 0


def test_digits28_split_is_stratified():
    ds = datasets.load("digits28")
    train_share = np.bincount(ds.y_train) / len(ds.y_train)
    test_share = np.bincount(ds.y_test) / len(ds.y_test)
    np.testing.assert_allclose(train_share, test_share, atol=0.01)


def test_mnist_reads_the_keras_cache_file(fake_mnist_cache):
    ds = datasets.load("mnist")
    assert ds.name == "mnist" and not ds.is_standin
    assert ds.x_train.shape == (30, 784) and ds.x_test.shape == (12, 784)
    assert ds.x_train.dtype == np.float32 and ds.y_test.dtype == np.int64
    with np.load(fake_mnist_cache / "datasets" / "mnist.npz") as raw:
        np.testing.assert_allclose(ds.x_train[3], raw["x_train"][3].reshape(-1) / 255.0, rtol=1e-6)
        np.testing.assert_array_equal(ds.y_test, raw["y_test"])


@pytest.mark.parametrize("name, n_features, n_classes", [("iris", 4, 3), ("breast_cancer", 30, 2)])
def test_tabular_sets_are_standardized_with_train_statistics(name, n_features, n_classes):
    ds = datasets.load(name)
    assert ds.x_train.shape[1] == n_features and ds.num_classes == n_classes
    assert ds.image_shape is None and not ds.is_standin
    np.testing.assert_allclose(ds.x_train.mean(axis=0), 0.0, atol=1e-5)
    np.testing.assert_allclose(ds.x_train.std(axis=0), 1.0, atol=1e-4)
    # the test split uses the train statistics, so it is only roughly standardized
    assert not np.allclose(ds.x_test.mean(axis=0), 0.0, atol=1e-5)


def test_load_is_deterministic_and_limits_take_the_first_examples():
    full = datasets.load("digits28")
    small = datasets.load("digits28", limit_train=50, limit_test=7)
    assert len(small.x_train) == 50 and len(small.y_test) == 7
    np.testing.assert_array_equal(small.x_train, full.x_train[:50])
    np.testing.assert_array_equal(small.y_test, full.y_test[:7])
    datasets._load_digits28.cache_clear()
    again = datasets.load("digits28")
    np.testing.assert_array_equal(again.x_train, full.x_train)
    np.testing.assert_array_equal(again.y_train, full.y_train)


def test_cached_arrays_are_read_only():
    ds = datasets.load("iris")
    with pytest.raises(ValueError):
        ds.x_train[0, 0] = 1.0


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="mnist.*digits28.*iris.*breast_cancer"):
        datasets.load("cifar10")


def test_one_hot():
    out = datasets.one_hot([2, 0, 1], 3)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    with pytest.raises(ValueError):
        datasets.one_hot([3], 3)


def test_minibatches_same_seed_same_batches_and_every_example_once_per_epoch():
    x = np.arange(10, dtype=np.float32).reshape(10, 1)
    y = np.arange(10)
    first = list(datasets.minibatches(x, y, 4, seed=3, epochs=2))
    second = list(datasets.minibatches(x, y, 4, seed=3, epochs=2))
    other = list(datasets.minibatches(x, y, 4, seed=4, epochs=2))
    assert [len(b[1]) for b in first] == [4, 4, 2, 4, 4, 2]
    for (xa, ya), (xb, yb) in zip(first, second):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)
    assert any(not np.array_equal(a[1], b[1]) for a, b in zip(first, other))
    epoch1 = np.concatenate([b[1] for b in first[:3]])
    epoch2 = np.concatenate([b[1] for b in first[3:]])
    assert sorted(epoch1) == list(range(10)) and sorted(epoch2) == list(range(10))
    assert not np.array_equal(epoch1, epoch2)  # reshuffled each epoch
    for xb, yb in first:
        np.testing.assert_array_equal(xb[:, 0], yb)  # x and y stay paired


def test_minibatches_drop_remainder():
    x = np.zeros((10, 2))
    y = np.zeros(10)
    sizes = [len(b[0]) for b in datasets.minibatches(x, y, 4, seed=0, drop_remainder=True)]
    assert sizes == [4, 4]
