"""Make ``import tensorflow`` mean TensorFlow 1 for user code, and only for it.

After :func:`install`, ``sys.modules["tensorflow"]`` is a :class:`TF1Module`
proxy. Attribute lookups on it depend on *who asks*:

* code in a library (TensorFlow itself, Keras, tensorflow-addons, anything
  installed under site-packages, and ``migrate``) gets the real TF2 package,
  so Keras internals that do ``import tensorflow as tf; tf.function`` keep
  working;
* everyone else -- the user's script and the modules next to it -- gets
  ``tf.compat.v1`` plus ``tf.contrib``; names that ``compat.v1`` lacks fall
  back to the real package (``tf.python``, ``tf.__version__`` ...).

Deciding per lookup, rather than per import, is what lets one module object
serve both worlds: a module bound as ``tf`` once keeps asking the proxy. The
proxy therefore never caches attributes on itself.

A meta-path finder adds the packages TF1 had and TF2 dropped:
``tensorflow.contrib`` (see :mod:`migrate.runtime.contrib`) and
``tensorflow.examples.tutorials.mnist.input_data``. It also serves the API
submodules imported by path (``from tensorflow.train import AdamOptimizer``)
as :class:`TF1Submodule` proxies that choose the same way: without them the
path finder would load TF2's ``tensorflow/_api/v2/train`` for everyone.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
import sysconfig
import types

# Frames of the import system sit between the user's `from tensorflow import x`
# and our __getattr__ (importlib calls hasattr() while handling fromlists).
_IMPORT_MACHINERY = frozenset({"importlib._bootstrap", "importlib._bootstrap_external", "importlib"})
_LIBRARY_PACKAGES = frozenset(
    {
        "tensorflow",
        "keras",
        "tf_keras",
        "tensorflow_addons",
        "tensorflow_estimator",
        "tensorboard",
        "tensorflow_hub",
        "tensorflow_datasets",
        "tensorflow_probability",
        "migrate",
    }
)
_LIBRARY_DIRS = tuple(
    os.path.realpath(p) + os.sep
    for p in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], sysconfig.get_paths()["stdlib"]}
)
# Submodules that scripts import by path but that compat.v1 cannot serve.
_OWN_SUBPACKAGES = ("contrib", "examples")
# Submodules always served by TensorFlow itself: libraries import their children by path
# (tensorflow-addons: tensorflow.keras.optimizers.legacy), and v1 has the same Keras.
_REAL_SUBMODULES = frozenset({"keras", "compat", "python"})
# Why a v1 name may be missing on newer TensorFlow.
_REMOVED = {
    "estimator": "tf.estimator was removed in TensorFlow 2.16; run this script on TensorFlow 2.15",
    "layers": "tf.compat.v1.layers needs Keras 2 (TensorFlow <= 2.15, or tf-keras with TF_USE_LEGACY_KERAS=1)",
}


def _caller_is_library(depth: int = 2) -> bool:
    frame = sys._getframe(depth)
    while frame is not None and frame.f_globals.get("__name__") in _IMPORT_MACHINERY:
        frame = frame.f_back
    if frame is None:
        return True
    name = frame.f_globals.get("__name__") or ""
    if name.partition(".")[0] in _LIBRARY_PACKAGES:
        return True
    if name == "__main__":
        return False
    if frame.f_code.co_filename.startswith("<frozen "):
        return True  # frozen stdlib modules (os, codecs ...)
    filename = os.path.realpath(frame.f_code.co_filename)
    return filename.startswith(_LIBRARY_DIRS)


class TF1Module(types.ModuleType):
    """Stand-in for the ``tensorflow`` package: TF1 API for users, TF2 for libraries."""

    def __init__(self, real: types.ModuleType, v1: types.ModuleType):
        super().__init__("tensorflow", real.__doc__)
        # Kept in the instance dict so that these lookups never reach __getattr__.
        object.__setattr__(self, "_tf_migrate_real", real)
        object.__setattr__(self, "_tf_migrate_v1", v1)
        for attr in ("__file__", "__path__", "__spec__", "__loader__", "__package__"):
            object.__setattr__(self, attr, getattr(real, attr, None))

    def __getattr__(self, name: str):
        real = self._tf_migrate_real
        if _caller_is_library():
            return getattr(real, name)
        if name in _OWN_SUBPACKAGES:
            return importlib.import_module(f"tensorflow.{name}")
        try:
            return getattr(self._tf_migrate_v1, name)
        except AttributeError:
            pass
        try:
            return getattr(real, name)
        except AttributeError:
            reason = _REMOVED.get(name, f"it exists neither in tf.compat.v1 nor in TensorFlow {real.__version__}")
            raise AttributeError(f"tf.{name} is not available under the tf-migrate runtime: {reason}") from None

    def __setattr__(self, name: str, value) -> None:
        # importlib records freshly imported submodules on their parent; those
        # belong to the real package (ours are served by __getattr__).
        if name.partition(".")[0] in _OWN_SUBPACKAGES:
            return
        setattr(self._tf_migrate_real, name, value)

    def __dir__(self):
        return sorted(set(dir(self._tf_migrate_v1)) | set(_OWN_SUBPACKAGES))

    def __repr__(self) -> str:
        return f"<module 'tensorflow' (tf.compat.v1 via tf-migrate runtime, TensorFlow {self._tf_migrate_real.__version__})>"


class TF1Submodule(types.ModuleType):
    """``tensorflow.<name>`` imported by path: ``tf.compat.v1.<name>`` for users, the real one for libraries."""

    def __init__(self, name: str, real: types.ModuleType, v1: types.ModuleType):
        super().__init__(name, v1.__doc__)
        object.__setattr__(self, "_tf_migrate_real", real)
        object.__setattr__(self, "_tf_migrate_v1", v1)
        # deeper paths (tensorflow.train.experimental) still load TF's own files
        object.__setattr__(self, "__path__", list(getattr(real, "__path__", [])))

    def __getattr__(self, name: str):
        source = self._tf_migrate_real if _caller_is_library() else self._tf_migrate_v1
        return getattr(source, name)

    def __dir__(self):
        return dir(self._tf_migrate_v1)

    def __repr__(self) -> str:
        return f"<module {self.__name__!r} (tf.compat.v1 via tf-migrate runtime)>"


def _submodule(fullname: str) -> TF1Submodule | None:
    """The proxy for ``tensorflow.<name>`` when ``tf.compat.v1.<name>`` is an API module, else None."""
    package = sys.modules.get("tensorflow")
    if not isinstance(package, TF1Module):
        return None
    name = fullname[len("tensorflow.") :]
    if name in _REAL_SUBMODULES or _caller_is_library(3):
        return None
    v1 = getattr(package._tf_migrate_v1, name, None)
    if not isinstance(v1, types.ModuleType):
        return None
    real = getattr(package._tf_migrate_real, name, None)
    return TF1Submodule(fullname, real if isinstance(real, types.ModuleType) else v1, v1)


class _PackageLoader(importlib.abc.Loader):
    """Creates the modules of ``tensorflow.contrib`` and ``tensorflow.examples``."""

    def __init__(self, factory):
        self._factory = factory

    def create_module(self, spec):
        return self._factory(spec.name)

    def exec_module(self, module):
        pass


class TF1Finder(importlib.abc.MetaPathFinder):
    """Finds ``tensorflow.contrib.*`` and the MNIST tutorial module."""

    _EXAMPLES = {
        "tensorflow.examples": None,
        "tensorflow.examples.tutorials": None,
        "tensorflow.examples.tutorials.mnist": None,
        "tensorflow.examples.tutorials.mnist.input_data": "migrate.runtime.mnist_input_data",
    }

    def find_spec(self, fullname, path=None, target=None):
        if fullname in self._EXAMPLES:
            impl = self._EXAMPLES[fullname]
            loader = _PackageLoader(lambda name: _copy_module(name, impl))
            return importlib.machinery.ModuleSpec(fullname, loader, is_package=impl is None)
        if fullname == _EAGER:  # TF1 eager programs: served whole by migrate.runtime.contrib_eager
            return importlib.machinery.ModuleSpec(fullname, _PackageLoader(_eager_module))
        if fullname == "tensorflow.contrib" or fullname.startswith("tensorflow.contrib."):
            from migrate.runtime import contrib

            relative = fullname[len("tensorflow.contrib") :].lstrip(".")
            contrib.check_module(relative)  # raises ImportError naming what is missing
            return importlib.machinery.ModuleSpec(
                fullname, _PackageLoader(_contrib_module), is_package=True
            )
        if fullname.count(".") == 1 and fullname.startswith("tensorflow."):
            proxy = _submodule(fullname)
            if proxy is not None:
                return importlib.machinery.ModuleSpec(fullname, _PackageLoader(lambda name: proxy), is_package=True)
        return None


_EAGER = "tensorflow.contrib.eager"


def _contrib_module(name: str) -> types.ModuleType:
    """A ``tensorflow.contrib`` module; the package itself also serves ``tf.contrib.eager`` as an attribute."""
    from migrate.runtime import contrib

    class _Contrib(contrib.ContribModule):
        def __getattr__(self, attr):
            if attr == "eager" and not self._tf_migrate_path:
                return importlib.import_module(_EAGER)
            return super().__getattr__(attr)

    return _Contrib(name) if name == "tensorflow.contrib" else contrib.ContribModule(name)


def _eager_module(name: str) -> types.ModuleType:
    module = _copy_module(name, "migrate.runtime.contrib_eager")
    module.__getattr__ = importlib.import_module("migrate.runtime.contrib_eager").__getattr__
    return module


def _copy_module(name: str, impl: str | None) -> types.ModuleType:
    module = types.ModuleType(name)
    if impl is None:
        module.__path__ = []
    else:
        source = importlib.import_module(impl)
        module.__doc__ = source.__doc__
        for attr in source.__all__:
            setattr(module, attr, getattr(source, attr))
    return module


def install() -> None:
    """Swap the proxy into ``sys.modules`` and register the finder (idempotent)."""
    current = sys.modules.get("tensorflow")
    if isinstance(current, TF1Module):
        return
    import tensorflow as real
    import tensorflow.compat.v1 as v1

    sys.modules["tensorflow"] = TF1Module(real, v1)
    if not any(isinstance(f, TF1Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, TF1Finder())
