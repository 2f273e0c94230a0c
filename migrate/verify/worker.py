"""Run one column's jobs in a process of its own: ``python -m migrate.verify.worker``.

The compatibility runtime changes what ``import tensorflow`` means for the
whole process, so legacy and modern programs never share one. The parent
(`migrate.verify.harness`) writes a JSON list of jobs - ``{"id", "path",
"kwargs", "weights_in", "weights_out"}`` - and reads back a JSON list of
results; initial weights travel as ``.npz`` files (``arr_0``, ``arr_1``, ... in
the pair's canonical order).

Columns: ``legacy`` (the TF1 program on the `migrate.runtime` TF1 API),
``modern`` (the TF2 twin) and ``codemod`` (the codemod's migration of the
legacy program, run on plain TensorFlow 2 like ``modern``). Every program
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
import traceback
import warnings

import numpy as np


RESULT_KEYS = ("losses", "test_accuracy", "steps_per_sec", "device", "dataset", "dataset_is_standin")


class ContractError(RuntimeError):
    """The program does not follow the worker contract (see module docstring)."""


def _setup(column: str) -> dict:
    """Prepare TensorFlow for ``column``; return the library versions this process runs."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    warnings.filterwarnings("ignore")
    import tensorflow as tf  # the real TF2 module, before any activation

    import keras

    versions = {"tensorflow": tf.__version__, "keras": keras.__version__}

    tf.get_logger().setLevel("ERROR")
    # Same kernels, same reduction order on every run: needed for step checks.
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


def run_job(job: dict, cache: dict) -> dict:
    module = _load(job["path"], cache)
    kwargs = dict(job["kwargs"])
    if job.get("weights_in"):
        with np.load(job["weights_in"]) as f:
            kwargs["initial_weights"] = [f[f"arr_{i}"] for i in range(len(f.files))]
    run = getattr(module, "run", None)
    if not callable(run):
        raise ContractError(f"{os.path.basename(job['path'])} defines no module-level run() "
                            "(worker contract: run(**kwargs) -> dict)")
    try:
        inspect.signature(run).bind(**kwargs)
    except TypeError as exc:
        raise ContractError(f"run() does not accept the harness arguments {sorted(kwargs)}: {exc}") from None
    result = run(**kwargs)
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
    parser.add_argument("column", choices=["legacy", "modern", "codemod"])
    parser.add_argument("jobs")
    parser.add_argument("results")
    args = parser.parse_args(argv)
    with open(args.jobs) as f:
        jobs = json.load(f)
    versions = _setup(args.column)
    cache, results = {}, []
    for job in jobs:
        if args.column != "legacy":
            import tensorflow as tf

            tf.keras.backend.clear_session()  # fresh layer names and graph state per run
        try:
            result = run_job(job, cache)
        except Exception as exc:  # one broken example must not hide the others' results
            traceback.print_exc()
            result = {"error": f"{type(exc).__name__}: {exc}"}
            where = _where(exc, job["path"])
            if where:
                result["error_at"] = where
        results.append({"id": job["id"], **result, "versions": versions})
        with open(args.results, "w") as f:
            json.dump(results, f, default=float)
    return 0


if __name__ == "__main__":
    sys.exit(main())
