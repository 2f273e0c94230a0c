"""Share one expensive harness run between pytest-xdist workers (``make test`` uses ``-n 2``)."""

import fcntl
import json

import pytest


@pytest.fixture(scope="session")
def run_once(tmp_path_factory, request):
    """``run_once(key, compute)``: compute a JSON-able result once per test session, whatever the workers."""

    def run(key, compute):
        if not hasattr(request.config, "workerinput"):  # not an xdist worker
            return compute()
        path = tmp_path_factory.getbasetemp().parent / f"{key}.json"
        with open(f"{path}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits, then reads the file
            if not path.exists():
                path.write_text(json.dumps(compute(), default=float))
            return json.loads(path.read_text())

    return run
