import os

from mnist_standin import mnist_standin  # noqa: F401  (the offline mnist.npz fixture, for every test)

# Tests run the CLI with monkeypatched internals and on the same trees twice: a result read back from
# the cache of an earlier run would hide what they check. tests/engine/test_cache.py turns it on.
os.environ.setdefault("TF_MIGRATE_NO_CACHE", "1")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than a few seconds (still run by make test)")


# `make test` (and CI, which calls it) runs every fast test and a fixed share of the slow cases, so that a
# fresh-clone CI stays under 20 minutes on 2 cores; `make test-full` (TF_MIGRATE_FULL_TESTS=1) runs them all.
# Each slow test function keeps its first case and every SLOW_SHARE-th one after it, in collection order
# (parameters vary fastest last, so the profiles alternate): no function goes unrun, the choice is stable.
# The deselected cases are counted in pytest's summary line ("N deselected").
SLOW_SHARE = 3


def pytest_collection_modifyitems(config, items):
    if os.environ.get("TF_MIGRATE_FULL_TESTS"):
        return
    seen: dict[tuple[str, str], int] = {}
    kept, skipped = [], []
    for item in items:
        if item.get_closest_marker("slow") is None or not hasattr(item, "callspec") or \
                not getattr(item.module, "SAMPLE_SLOW", True):  # cases that share one expensive fixture, or a module
            # that samples its own cases (test_corpus)
            kept.append(item)
            continue
        key = (item.nodeid.split("::")[0], item.originalname)
        index = seen[key] = seen.get(key, -1) + 1
        (kept if index % SLOW_SHARE == 0 else skipped).append(item)
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = kept
