import os

from mnist_standin import mnist_standin  # noqa: F401  (the offline mnist.npz fixture, for every test)

# Tests run the CLI with monkeypatched internals and on the same trees twice: a result read back from
# the cache of an earlier run would hide what they check. tests/engine/test_cache.py turns it on.
os.environ.setdefault("TF_MIGRATE_NO_CACHE", "1")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than a few seconds (still run by make test)")
