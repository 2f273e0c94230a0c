from mnist_standin import mnist_standin  # noqa: F401  (the offline mnist.npz fixture, for every test)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than a few seconds (still run by make test)")
