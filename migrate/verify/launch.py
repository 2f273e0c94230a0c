"""Start one run of a user's script with its seeds set from outside: ``python launch.py MODE SEED SCRIPT [ARGS]``.

Run as a file (not ``-m``), so genuine TF 1.15 on Python 3.7 can start it
without importing the ``migrate`` package; only the standard library is
imported at module level. Before the script runs as ``__main__`` (its folder
first on ``sys.path``, ``sys.argv = [SCRIPT, *ARGS]``, like ``python SCRIPT``)
the launcher seeds Python's ``random``, numpy's global RNG and TensorFlow's
global seed, in the API of ``MODE``:

- ``runtime``: the `migrate.runtime` TF1 API on TF 2 (``tf-migrate run``),
  ``tf.set_random_seed(SEED)`` on its default graph;
- ``tf1``: genuine TF 1.15, ``tf.set_random_seed(SEED)``;
- ``tf2``: plain TF 2, ``tf.random.set_seed(SEED)``.

A script that sets its own seed overrides these (its runs then differ only
where it leaves randomness unseeded). ``TFM_VERIFY_MNIST_DIR`` (set by the
parent when the script reads MNIST) names a folder with TF1's four
``*-ubyte.gz`` files: genuine TF 1.15's ``read_data_sets`` reads them instead of
downloading. (The runtime and ``tf.keras.datasets.mnist`` read the same
images from ``mnist.npz``, see `migrate.verify.offline_data`.)
"""

import os
import random
import runpy
import sys

MNIST_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
               "t10k-labels-idx1-ubyte.gz")
TF1_DOWNLOADER = "tensorflow.contrib.learn.python.learn.datasets.base"


class _ServeMnist(object):
    """Import hook: TF 1.15's ``base.maybe_download`` returns the offline file for the four MNIST names."""

    def __init__(self, directory):
        self.directory = directory

    def find_spec(self, name, path=None, target=None):
        if name != TF1_DOWNLOADER:
            return None
        import importlib.util

        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None:
            return None
        run, directory = spec.loader.exec_module, self.directory

        def exec_module(module):
            run(module)
            original = module.maybe_download

            def maybe_download(filename, work_directory, source_url):
                if filename in MNIST_FILES:
                    return os.path.join(directory, filename)
                return original(filename, work_directory, source_url)

            module.maybe_download = maybe_download

        spec.loader.exec_module = exec_module
        return spec


def seed_everything(mode, seed):
    random.seed(seed)
    try:
        import numpy
    except ImportError:
        pass
    else:
        numpy.random.seed(seed)
    if mode == "runtime":
        from migrate.runtime import activate

        activate()
        import tensorflow as tf  # the runtime's TF1 API

        tf.set_random_seed(seed)
    elif mode == "tf1":
        import tensorflow as tf

        tf.compat.v1.set_random_seed(seed)
    elif mode == "tf2":
        import tensorflow as tf

        tf.random.set_seed(seed)
        # a migrated file kept in graph mode turns eager off after this: its default graph keeps the seed
        tf.compat.v1.get_default_graph().seed = seed
    else:
        raise SystemExit("launch.py: mode must be runtime, tf1 or tf2, not %r" % mode)


def main(argv):
    if len(argv) < 3:
        raise SystemExit("usage: launch.py MODE SEED SCRIPT [ARGS...]")
    mode, seed, script, args = argv[0], int(argv[1]), argv[2], argv[3:]
    mnist_dir = os.environ.get("TFM_VERIFY_MNIST_DIR")
    if mode == "tf1" and mnist_dir:
        sys.meta_path.insert(0, _ServeMnist(mnist_dir))
    seed_everything(mode, seed)
    script_dir = os.path.dirname(os.path.abspath(script))
    if sys.path and os.path.abspath(sys.path[0] or ".") == os.path.dirname(os.path.abspath(__file__)):
        sys.path[0] = script_dir  # the launcher's folder would shadow the script's modules (e.g. a report.py)
    else:
        sys.path.insert(0, script_dir)
    sys.argv = [script] + list(args)
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
