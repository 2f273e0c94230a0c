"""Run several programs in one interpreter (one TensorFlow start-up per profile): ``python _driver.py jobs.json``.

Each job is ``{"script": path, "argv": [...]}`` (run as ``__main__``, its stdout captured) or
``{"run": path, "kwargs": {...}}`` (its ``run(**kwargs)`` called, the JSON-able part of the result
kept). Results go to stdout as one JSON line after ``RESULTS:``. Python 3.7 compatible: genuine
TF 1.15 runs it too. Jobs that switch eager execution off must come last.
"""

import contextlib
import importlib.util
import io
import json
import os
import runpy
import sys
import traceback
import types

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
try:
    import tqdm  # noqa: F401
except ImportError:  # .venv-tf1 has no tqdm; the examples use it only for a progress bar
    sys.modules["tqdm"] = types.SimpleNamespace(tqdm=lambda iterable, **_: iterable)


def _job(job):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        if "script" in job:
            sys.argv = [job["script"]] + job.get("argv", [])
            runpy.run_path(job["script"], run_name="__main__")
            return {"stdout": out.getvalue()}
        spec = importlib.util.spec_from_file_location("job_module", job["run"])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        result = module.run(**job.get("kwargs", {}))
    return {k: v for k, v in result.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)}


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    results = []
    for job in jobs:
        try:
            results.append(_job(job))
        except BaseException:  # a job that fails is a result, not the end of the others
            results.append({"error": traceback.format_exc()})
    print("RESULTS:" + json.dumps(results))


if __name__ == "__main__":
    main()
