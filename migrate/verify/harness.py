"""Train each legacy program and its TF2 twin side by side and judge them.

For every pair the harness runs, in two worker processes (one per column, so
the TF1 runtime never leaks into TF2 code):

1. a *step-level* run: legacy with ``seed=0``, then modern started from the
   legacy initial weights on the same batches; the per-step losses are
   compared (`verdict.compare_losses`);
2. *accuracy* runs: each column on its own for seeds ``0..N-1``; final test
   accuracies are compared (`verdict.accuracy_verdict`);
3. throughput: steps/sec of the accuracy runs and the device each column used.

A third column, ``codemod`` (the codemod's own migration of the legacy file),
has a slot in every result and is reported as not available until the
codemod can produce runnable files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from migrate.verify import verdict
from migrate.verify.pairs import ROOT, Pair

CODEMOD_STATUS = "not available yet"


class DeviceError(RuntimeError):
    """``--device gpu`` was asked for but TensorFlow sees no GPU."""


def resolve_device(requested: str, gpu_count: int) -> str:
    """Map ``auto|cpu|gpu`` to ``cpu`` or ``gpu`` given how many GPUs TensorFlow sees."""
    if requested not in ("auto", "cpu", "gpu"):
        raise ValueError(f"device must be auto, cpu or gpu, not {requested!r}")
    if requested == "gpu" and gpu_count == 0:
        raise DeviceError("--device gpu: TensorFlow sees no GPU (tf.config.list_physical_devices('GPU') is empty)")
    if requested == "auto":
        return "gpu" if gpu_count else "cpu"
    return requested


def count_gpus() -> int:
    import tensorflow as tf

    return len(tf.config.list_physical_devices("GPU"))


def _child_env(device: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(ROOT), env.get("PYTHONPATH", "")] if p)
    env["TF_DETERMINISTIC_OPS"] = "1"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = "-1"  # hide GPUs from both columns
    return env


def _run_worker(column: str, jobs: list, workdir: Path, env: dict, python: str | None = None) -> dict:
    jobs_path, results_path = workdir / f"{column}_jobs.json", workdir / f"{column}_results.json"
    jobs_path.write_text(json.dumps(jobs))
    proc = subprocess.run([python or sys.executable, "-m", "migrate.verify.worker", column, str(jobs_path),
                           str(results_path)], env=env, cwd=ROOT)
    results = json.loads(results_path.read_text()) if results_path.exists() else []
    by_id = {r["id"]: r for r in results}
    for job in jobs:  # a crashed worker still yields a result per job
        by_id.setdefault(job["id"], {"id": job["id"], "error": f"{column} worker exited with {proc.returncode}"})
    return by_id


def _column_summary(runs: list) -> dict:
    ok = [r for r in runs if "error" not in r]
    accs = [r["test_accuracy"] for r in ok]
    mean, std = verdict.mean_std(accs)
    sps = [r["steps_per_sec"] for r in ok]
    return {
        "accuracies": accs, "mean": mean, "std": std,
        "steps_per_sec": sum(sps) / len(sps) if sps else None,
        "device": ok[0]["device"] if ok else None,
        "versions": runs[0].get("versions") if runs else None,
        "dataset": ok[0]["dataset"] if ok else None,
        "dataset_is_standin": ok[0]["dataset_is_standin"] if ok else None,
        "errors": sorted({r["error"] for r in runs if "error" in r}),
        "runs": runs,
    }


def _test_size(kwargs: dict) -> int:
    from migrate import datasets

    return len(datasets.load(kwargs.get("data", "mnist"), limit_test=kwargs.get("limit_test")).x_test)


def verify(pairs: list[Pair], *, seeds: int = 5, quick: bool = False, device: str = "cpu",
           progress: bool = True, rtol: float = verdict.DEFAULT_RTOL, atol: float = verdict.DEFAULT_ATOL,
           z: float = verdict.DEFAULT_Z, floor: float = verdict.DEFAULT_FLOOR, workdir=None,
           modern_python: str | None = None) -> list[dict]:
    """Run the pairs and return one report dict per pair (see module docstring).

    ``modern_python`` runs the modern column with another interpreter, e.g. a
    virtualenv with the newest TensorFlow; the legacy column always uses this one.
    """
    own_tmp = tempfile.TemporaryDirectory(prefix="tfm-verify-") if workdir is None else None
    workdir = Path(own_tmp.name if own_tmp else workdir)
    env = _child_env(device)
    common = {"device": device, "progress": progress}
    legacy_jobs, modern_jobs = [], []

    def job(p, column, run, kwargs, **extra):
        kwargs = {**kwargs, **common}
        if p.scratch_arg:  # checkpoints, records and logs stay inside the harness' work directory
            kwargs[p.scratch_arg] = str(workdir / p.name / column / run)
            os.makedirs(kwargs[p.scratch_arg], exist_ok=True)
        path = p.legacy if column == "legacy" else p.modern
        return {"id": f"{p.name}/{run}", "path": str(path), "kwargs": kwargs, **extra}

    for p in pairs:
        weights = str(workdir / f"{p.name}_initial_weights.npz")
        legacy_jobs.append(job(p, "legacy", "step", p.step_kwargs("legacy"), weights_out=weights))
        modern_jobs.append(job(p, "modern", "step", p.step_kwargs("modern"), weights_in=weights))
        for seed in range(seeds):
            for column, jobs in (("legacy", legacy_jobs), ("modern", modern_jobs)):
                jobs.append(job(p, column, f"seed{seed}", {**p.run_kwargs(quick), "seed": seed}))
    try:
        legacy = _run_worker("legacy", legacy_jobs, workdir, env)
        # Without legacy initial weights there is no modern step run.
        modern_jobs = [j for j in modern_jobs if not j.get("weights_in") or os.path.exists(j["weights_in"])]
        modern = _run_worker("modern", modern_jobs, workdir, env, modern_python)
    finally:
        if own_tmp:
            own_tmp.cleanup()

    reports = []
    for p in pairs:
        seed_ids = [f"{p.name}/seed{s}" for s in range(seeds)]
        lcol, mcol = (_column_summary([col[i] for i in seed_ids]) for col in (legacy, modern))
        lstep, mstep = legacy[f"{p.name}/step"], modern.get(f"{p.name}/step", {"error": "legacy step run failed"})
        if "error" in lstep or "error" in mstep:
            step = verdict.StepCheck(False, 0, float("nan"), None, rtol, atol,
                                     lstep.get("error") or mstep.get("error"))
        else:
            step = verdict.compare_losses(lstep["losses"], mstep["losses"], k=p.step_steps, rtol=rtol, atol=atol)
        acc = None
        if lcol["accuracies"] and mcol["accuracies"]:
            acc = verdict.accuracy_verdict(lcol["accuracies"], mcol["accuracies"], z=z, floor=floor,
                                           n_test=_test_size(p.run_kwargs(quick)))
        ratio = None
        if lcol["steps_per_sec"] and mcol["steps_per_sec"]:
            ratio = mcol["steps_per_sec"] / lcol["steps_per_sec"]
        errors = bool(lcol["errors"] or mcol["errors"] or acc is None)
        reports.append({
            "pair": p.name, "note": p.note, "seeds": seeds, "quick": quick, "device_requested": device,
            "modern_python": modern_python or sys.executable,
            "step_check": {**asdict(step), "legacy_losses": lstep.get("losses"), "modern_losses": mstep.get("losses"),
                           "legacy_overrides": p.legacy_step, "modern_overrides": p.modern_step},
            "accuracy": asdict(acc) if acc else None,
            "legacy": lcol, "modern": mcol, "codemod": {"status": CODEMOD_STATUS},
            "throughput_ratio_modern_over_legacy": ratio,
            "verdict": verdict.overall_verdict(step.passed, acc.equivalent if acc else None, errors),
        })
    return reports
