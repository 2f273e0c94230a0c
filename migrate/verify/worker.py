"""Run one column's jobs in a process of its own: ``python -m migrate.verify.worker``.

The compatibility runtime changes what ``import tensorflow`` means for the
whole process, so legacy and modern programs never share one. The parent
(`migrate.verify.harness`) writes a JSON list of jobs - ``{"id", "path",
"kwargs", "weights_in", "weights_out"}`` - and reads back a JSON list of
results; initial weights travel as ``.npz`` files (``arr_0``, ``arr_1``, ... in
the pair's canonical order).

Columns: ``legacy`` (the TF1 program on the `migrate.runtime` TF1 API),
``tf1`` (the same program on genuine TF 1.15, Python 3.7: this file and what
it imports stay 3.7-compatible), ``modern`` (the TF2 twin) and ``codemod``
(the codemod's migration of the legacy program, run on plain TensorFlow 2
like ``modern``).

Device: the worker, not the program, chooses it (`setup_device`): ``cpu``
hides every GPU from TensorFlow; ``gpu`` keeps the first GPU visible with
memory growth on, so the columns' processes can share one card, and fails
with a clear error when there is none. Each result records the device name
(the program's own ``device`` entry when it reports one, else the worker's). Every program
honours one contract, checked here so that a program that breaks it says
how: a module-level ``run(**kwargs)`` accepting the job's keyword arguments
and returning a dict with at least `RESULT_KEYS`.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import os
import sys
import time
import traceback
import warnings

import numpy as np


RESULT_KEYS = ("losses", "test_accuracy", "steps_per_sec", "dataset", "dataset_is_standin")


class ContractError(RuntimeError):
    """The program does not follow the worker contract (see module docstring)."""


class DeviceUnavailable(RuntimeError):
    """``gpu`` was asked for and this process's TensorFlow sees no GPU."""


def setup_device(tf, device: str) -> str:
    """Make ``device`` (``cpu``/``gpu``) the one TensorFlow uses in this process; return its name.

    Must run before TensorFlow initializes its devices (before the first op or session).
    """
    config = tf.config.experimental  # TF 1.15 has these under experimental only
    gpus = config.list_physical_devices("GPU")
    if device == "cpu":
        if gpus:
            config.set_visible_devices([], "GPU")
        return "/device:CPU:0"
    if device != "gpu":
        raise ValueError(f"device must be cpu or gpu, not {device!r}")
    if not gpus:
        raise DeviceUnavailable("device gpu: TensorFlow sees no GPU in the worker "
                                "(tf.config.list_physical_devices('GPU') is empty; CUDA_VISIBLE_DEVICES?)")
    config.set_visible_devices(gpus[:1], "GPU")
    config.set_memory_growth(gpus[0], True)  # the other columns' processes share the card
    details = getattr(config, "get_device_details", lambda gpu: {})(gpus[0])
    name = details.get("device_name")
    return "/device:GPU:0" + (f" ({name})" if name else "")


def _setup(column: str, device: str = "cpu") -> dict:
    """Prepare TensorFlow for ``column`` on ``device``; return the versions and device this process runs."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    warnings.filterwarnings("ignore")
    import tensorflow as tf  # the real TF2 module, before any activation (or genuine TF 1.15)

    if column == "tf1":
        versions = {"tensorflow": tf.__version__, "keras": "(TF 1.15 tf.keras)", "python": sys.version.split()[0]}
    else:
        import keras

        versions = {"tensorflow": tf.__version__, "keras": keras.__version__}
    tf.get_logger().setLevel("ERROR")
    versions["device"] = setup_device(tf, device)
    # Same kernels, same reduction order on every run: needed for step checks (TF 1.15: TF_DETERMINISTIC_OPS).
    if hasattr(tf.config.experimental, "enable_op_determinism"):
        tf.config.experimental.enable_op_determinism()
    if column == "legacy":
        from migrate.runtime import activate

        activate()
    return versions


def _load(path: str, cache: dict):
    if path not in cache:
        name = f"_verify_{os.path.splitext(os.path.basename(path))[0]}_{len(cache)}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cache[path] = module
    return cache[path]


class SessionWeights:
    """Graph columns (``legacy``, ``tf1``): read the initial weights of an unmodified TF1 program, or start it
    from given ones (``weights=None``: read only; the program needs no code for either).

    While installed, every ``Session.run`` is followed - until it first succeeds - by a read of the
    graph's trainable variables; the first read that succeeds is the moment right after initialization
    (before any training step, which is a later run). Then each variable is set to its value from
    ``weights`` (in ``tf.trainable_variables()`` order, the examples' canonical order) by running its own
    initializer with the initial value fed, so no op is added. Only the first graph that initializes is
    loaded: an Estimator's evaluation graph restores the trained checkpoint, untouched.
    """

    def __init__(self, tf, weights):
        from tensorflow.python.client import session

        self.tf, self.loaded = tf, False
        self.weights = None if weights is None else [np.asarray(w) for w in weights]
        self.cls, self.original = session.BaseSession, session.BaseSession.run

    def __enter__(self):
        hook, original = self, self.original

        def run(sess, *args, **kwargs):
            out = original(sess, *args, **kwargs)
            if not hook.loaded:
                hook.after_run(sess)
            return out

        self.cls.run = run
        return self

    def __exit__(self, *exc):
        self.cls.run = self.original

    def after_run(self, sess):
        variables = sess.graph.get_collection(self.tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES)
        if not variables:
            return
        try:
            values = self.original(sess, variables)
        except self.tf.errors.FailedPreconditionError:  # not initialized yet
            return
        self.loaded = True
        if self.weights is None:
            self.weights = [np.asarray(v) for v in values]
            return
        shapes = [tuple(v.shape.as_list()) for v in variables]
        if shapes != [w.shape for w in self.weights]:
            raise ContractError(f"initial weights do not fit the program's trainable variables: "
                                f"{shapes} != {[w.shape for w in self.weights]}")
        for var, value in zip(variables, self.weights):
            self.original(sess, var.initializer, feed_dict={var.initializer.inputs[1]: value})


class EagerWeights:
    """Eager programs (the codemod's idiomatic output): start an unmodified TF2 program from given weights.

    While installed, every trainable variable the program creates - a ``tf.Variable`` in eager code, or a
    Keras layer's weight created while a ``tf.function`` is first traced - takes the next value of
    ``weights`` as its initial value instead of its own initializer's draw. Creation order is the order of
    the TF1 program's ``tf.trainable_variables()`` when the migration keeps the program's statements in
    order (the examples' canonical order); a shape that does not fit, or weights left over, is a
    `ContractError`. Non-trainable variables (optimizer slots, step counters) keep their own values.
    """

    def __init__(self, weights):
        from tensorflow.python.eager.polymorphic_function.polymorphic_function import UnliftedInitializerVariable
        from tensorflow.python.ops.resource_variable_ops import ResourceVariable

        self.weights = [np.asarray(w) for w in weights]
        self.used = 0
        self.classes = (ResourceVariable, UnliftedInitializerVariable)
        self.originals = [cls.__init__ for cls in self.classes]
        self.depth = 0  # a lifted variable created outside a function calls ResourceVariable.__init__ itself

    @property
    def loaded(self) -> bool:
        return self.used == len(self.weights)

    def __enter__(self):
        for cls, original in zip(self.classes, self.originals):
            cls.__init__ = self._wrap(original)
        return self

    def __exit__(self, *exc):
        for cls, original in zip(self.classes, self.originals):
            cls.__init__ = original

    def _wrap(self, original):
        hook = self

        def __init__(var, *args, **kwargs):
            trainable = kwargs.get("trainable")
            replace = hook.depth == 0 and trainable is not False and hook.used < len(hook.weights)
            if replace:
                value = hook.weights[hook.used]
                hook.used += 1
                own = _shape_of(args[0] if args else kwargs.get("initial_value"))
                if own != value.shape:  # checked before: an eager variable takes the shape of its value
                    raise ContractError(f"initial weight {hook.used - 1} {value.shape} does not fit the "
                                        f"program's trainable variable {kwargs.get('name') or ''} {own}")
                if args:
                    args = (value, *args[1:])
                else:
                    kwargs["initial_value"] = value
                kwargs.pop("dtype", None)  # the value's own dtype (float32, like the TF1 variable's)
            hook.depth += 1
            try:
                original(var, *args, **kwargs)
            finally:
                hook.depth -= 1

        return __init__


def _shape_of(initial_value) -> tuple:
    """The shape of a variable's own initial value; an initializer function (Keras) is called eagerly, out of
    any ``tf.function`` being traced, as the variable would have called it."""
    if callable(initial_value):
        from tensorflow.python.framework import ops

        with ops.init_scope():
            initial_value = initial_value()
    return tuple(initial_value.shape) if hasattr(initial_value, "shape") else np.shape(initial_value)


def run_job(job: dict, cache: dict, column: str = "modern") -> dict:
    module = _load(job["path"], cache)
    kwargs = dict(job["kwargs"])
    loader = None
    if job.get("weights_in"):
        with np.load(job["weights_in"]) as f:
            weights = [f[f"arr_{i}"] for i in range(len(f.files))]
        if column in ("legacy", "tf1"):  # a TF1 program takes no weights: they go in after its initializer
            import tensorflow as tf

            loader = SessionWeights(tf, weights)
        elif job.get("weights_via") == "variables":  # an eager program that takes none either
            loader = EagerWeights(weights)
        else:
            kwargs["initial_weights"] = weights
    elif job.get("weights_out") and column in ("legacy", "tf1"):
        import tensorflow as tf

        loader = SessionWeights(tf, None)
    run = getattr(module, "run", None)
    if not callable(run):
        raise ContractError(f"{os.path.basename(job['path'])} defines no module-level run() "
                            "(worker contract: run(**kwargs) -> dict)")
    try:
        inspect.signature(run).bind(**kwargs)
    except TypeError as exc:
        raise ContractError(f"run() does not accept the harness arguments {sorted(kwargs)}: {exc}") from None
    if loader is None:
        result = run(**kwargs)
    else:
        with loader:
            result = run(**kwargs)
        if not loader.loaded and job.get("weights_in"):
            raise ContractError("the program never initialized trainable variables in a Session: "
                                "no initial weights could be loaded" if isinstance(loader, SessionWeights) else
                                f"the program created {loader.used} trainable variables, not "
                                f"{len(loader.weights)}: not all initial weights could be loaded")
        if isinstance(result, dict) and loader.loaded and isinstance(loader, SessionWeights):
            result.setdefault("initial_weights", loader.weights)
    if not isinstance(result, dict):
        raise ContractError(f"run() returned {type(result).__name__}, not a dict")
    missing = [key for key in RESULT_KEYS if key not in result]
    if missing:
        raise ContractError(f"run() result lacks {', '.join(missing)}")
    weights = result.pop("initial_weights", None)
    if job.get("weights_out"):
        if weights is None:
            raise RuntimeError(f"{job['path']} returned no initial_weights")
        np.savez(job["weights_out"], *[np.asarray(w) for w in weights])
    return result


def _where(exc: BaseException, path: str) -> str | None:
    """``file.py:LINE`` of the innermost traceback frame inside the program ``path``."""
    path = os.path.abspath(path)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if os.path.abspath(f.filename) == path]
    return f"{os.path.basename(path)}:{frames[-1].lineno}" if frames else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("column", choices=["legacy", "tf1", "modern", "codemod"])
    parser.add_argument("jobs")
    parser.add_argument("results")
    args = parser.parse_args(argv)
    with open(args.jobs) as f:
        jobs = json.load(f)
    device = jobs[0]["kwargs"].get("device", "cpu") if jobs else "cpu"
    try:
        versions = _setup(args.column, device)
    except DeviceUnavailable as exc:  # every job gets the one-line reason
        results = [{"id": job["id"], "error": f"{type(exc).__name__}: {exc}"} for job in jobs]
        with open(args.results, "w") as f:
            json.dump(results, f)
        return 0
    cache, results = {}, []
    for job in jobs:
        if args.column not in ("legacy", "tf1"):
            import tensorflow as tf

            tf.keras.backend.clear_session()  # fresh layer names and graph state per run
        start = time.perf_counter()
        try:
            result = run_job(job, cache, args.column)
        except Exception as exc:  # one broken example must not hide the others' results
            traceback.print_exc()
            result = {"error": f"{type(exc).__name__}: {exc}"}
            where = _where(exc, job["path"])
            if where:
                result["error_at"] = where
        if "error" not in result:
            result.setdefault("device", versions["device"])
        # The whole job (module import, graph or model building, training, evaluation, export): the harness
        # sets it against the program's own training time (``seconds``) to say where a run's time goes.
        result["job_seconds"] = time.perf_counter() - start
        results.append({"id": job["id"], **result, "versions": versions})
        with open(args.results, "w") as f:
            json.dump(results, f, default=float)
    return 0


if __name__ == "__main__":
    sys.exit(main())
