"""Run unmodified TensorFlow 1 scripts on TensorFlow 2.15.

After :func:`activate`, a script's ``import tensorflow as tf`` gets the v1 API
(``tf.compat.v1`` with v2 behaviour disabled: graph mode, ``tf.placeholder``,
``tf.Session``, ``tf.layers``, ``tf.train.AdamOptimizer``, ``tf.app.run`` ...),
plus what TF2 dropped:

* ``tf.contrib`` -- the symbols listed in :mod:`migrate.runtime.contrib_table`;
  the rest raise an error naming the symbol and the reason;
* ``tensorflow.examples.tutorials.mnist.input_data`` -- offline, backed by
  :mod:`migrate.datasets`.

Libraries (TensorFlow, Keras, tensorflow-addons, anything installed) keep
seeing the real TF2 package; see :mod:`migrate.runtime.importer`.

Activation is process-global and cannot be undone: run scripts in their own
process (``tf-migrate run script.py``).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import runpy
import sys

__all__ = ["activate", "is_active", "run_script"]

_active = False


def activate() -> None:
    """Make ``import tensorflow`` mean TF1 for user code in this process (idempotent)."""
    global _active
    if _active:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # TF >= 2.16 serves tf.compat.v1.layers / nn.rnn_cell / v1 Keras only
    # from tf-keras, and only when asked before TensorFlow is first imported.
    if "tensorflow" not in sys.modules and _tf_version() >= (2, 16) and importlib.util.find_spec("tf_keras"):
        os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow.compat.v1 as tf1

    from migrate.runtime import importer

    tf1.disable_v2_behavior()
    _serve_codemod_names(tf1)
    importer.install()
    _active = True


def _serve_codemod_names(tf1) -> None:
    """Half-migrated scripts use the native TF2 names the codemod writes; serve the few
    that tf.compat.v1 lacks (``tf.random.set_seed``) from TF2, so those scripts run here too."""
    import functools

    import tensorflow as tf2

    from migrate.data.tf_api import RENAMES, V1_NAMES

    for target in sorted({t for t in RENAMES.values() if t not in V1_NAMES}):
        parent, _, leaf = target.rpartition(".")
        try:
            v1_module = functools.reduce(getattr, parent.split("."), tf1) if parent else tf1
            setattr(v1_module, leaf, functools.reduce(getattr, target.split("."), tf2))
        except AttributeError:  # a TensorFlow without that name: nothing to serve
            continue


def _tf_version() -> tuple[int, int]:
    try:
        major, minor = importlib.metadata.version("tensorflow").split(".")[:2]
        return int(major), int(minor)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return (0, 0)


def is_active() -> bool:
    return _active


def run_script(path, argv=()) -> int:
    """Activate the runtime and run ``path`` as ``__main__`` with ``sys.argv = [path, *argv]``.

    Returns the exit code: 0 when the script ends normally, else the code of
    its ``SystemExit`` (``tf.app.run`` always exits through one). Other
    exceptions propagate; a script that does not compile (Python 2 syntax)
    raises SyntaxError before the runtime is activated.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such script: {path}")
    with open(path, "rb") as f:
        compile(f.read(), path, "exec")  # a SyntaxError (say, Python 2 code) surfaces before TF loads
    activate()
    saved_argv, saved_path0 = sys.argv, sys.path[0] if sys.path else None
    sys.argv = [path, *argv]
    # Like `python script.py`: the script's directory comes first on sys.path.
    script_dir = os.path.dirname(os.path.abspath(path))
    sys.path.insert(0, script_dir)
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as exit_:
        return _exit_code(exit_.code)
    finally:
        sys.argv = saved_argv
        if sys.path and sys.path[0] == script_dir:
            del sys.path[0]
        del saved_path0
    return 0


def _exit_code(code) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
