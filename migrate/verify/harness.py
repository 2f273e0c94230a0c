"""Train each legacy program and its TF2 twin side by side and judge them.

For every pair the harness runs, in two worker processes (one per column, so
the TF1 runtime never leaks into TF2 code):

1. a *step-level* run: legacy with ``seed=0``, then modern started from the
   legacy initial weights on the same batches; the per-step losses are
   compared (`verdict.compare_losses`);
2. *accuracy* runs: each column on its own for seeds ``0..N-1``; final test
   accuracies are compared (`verdict.accuracy_verdict`);
3. throughput: steps/sec of the accuracy runs and the device each column used.

A third column, ``codemod``, is the codemod's own migration of the legacy
file (`migrate_codemod`, profile of the interpreter running the harness),
written to ``codemod_dir``. It is trained like the legacy column - same seeds,
same data, same worker contract (``run(**kwargs) -> dict``) - in worker
processes of its own, one per execution mode (`codemod_process`: a graph-mode
fallback calls ``disable_eager_execution()`` at import, which must not reach
an eager file), and judged against the legacy accuracies with the same rule. An idiomatic
(eager) migration also gets the step check: run with the legacy step run's
arguments and started from the legacy initial weights (`worker.EagerWeights`:
no code in the program), its losses must match the legacy ones like the twin's;
a graph-mode fallback has none (its weights are its own). A file that does not migrate, does not
run or breaks the contract reports that error, never a number.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from migrate.verify import verdict
from migrate.verify.pairs import ROOT, Pair

CODEMOD_REFUSAL = "TFM301"  # graph code not converted to eager: the reason a file stays in graph mode
CODEMOD_FALLBACK = "TFM302"  # the codemod added disable_eager_execution(): the file runs in graph mode


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
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before TensorFlow's C++ logging starts
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


def _run_worker(column: str, jobs: list, workdir: Path, env: dict, python: str | None = None,
                tag: str = "", bar=None, timings: list | None = None, log_dir: Path | None = None) -> dict:
    """Run ``jobs`` in one worker process; its output goes to ``WORKDIR/NAME.log``, not the terminal.

    ``bar`` (a tqdm bar, or None) advances by one per finished job: the worker rewrites its results file
    after every job, so the parent counts them while it waits. ``timings`` (a list, or None) gets the
    worker's wall time and its jobs' total: the difference is process start, imports and exit.
    ``log_dir`` keeps the log (default: the work directory, which may be deleted afterwards).
    """
    started = time.perf_counter()
    name = f"{column}_{tag}" if tag else column
    jobs_path, results_path = workdir / f"{name}_jobs.json", workdir / f"{name}_results.json"
    log_path = Path(log_dir or workdir) / f"{name}.log"
    jobs_path.write_text(json.dumps(jobs))
    results_path.unlink(missing_ok=True)
    if python:  # as if its virtualenv were activated: console scripts it calls (toco_from_protos) are found
        env = {**env, "PATH": os.pathsep.join([os.path.dirname(os.path.abspath(python)), env.get("PATH", "")])}
    with open(log_path, "w") as log:
        proc = subprocess.Popen([python or sys.executable, "-m", "migrate.verify.worker", column, str(jobs_path),
                                 str(results_path)], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        done = 0
        while proc.poll() is None or bar is not None and done < len(jobs):
            try:
                count = len(json.loads(results_path.read_text())) if results_path.exists() else 0
            except ValueError:  # caught mid-write
                count = done
            if bar is not None and count > done:
                bar.update(count - done)
                done = count
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    results = json.loads(results_path.read_text()) if results_path.exists() else []
    if bar is not None and len(jobs) > done:
        bar.update(len(jobs) - done)
    if timings is not None:
        timings.append({"worker": name, "jobs": len(jobs), "wall_seconds": time.perf_counter() - started,
                        "jobs_seconds": sum(r.get("job_seconds", 0.0) for r in results)})
    by_id = {r["id"]: r for r in results}
    for job in jobs:  # a crashed worker still yields a result per job
        by_id.setdefault(job["id"], {"id": job["id"], "error": f"{column} worker exited with {proc.returncode}"
                                     f" (its output: {log_path})"})
    return by_id


def _tf1_env(env: dict) -> dict:
    """A genuine TF 1.15 child: without TF2_BEHAVIOR (importing TF 2 here sets it; TF 1.15 would then
    turn on tensor equality)."""
    env = dict(env)
    env.pop("TF2_BEHAVIOR", None)
    return env


def codemod_target() -> str:
    """The codemod profile of this interpreter: ``latest`` from TensorFlow 2.16 on (Keras 3), else ``tf2.15``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        major, minor = (int(x) for x in version("tensorflow").split(".")[:2])
    except (PackageNotFoundError, ValueError):
        return "tf2.15"
    return "latest" if (major, minor) >= (2, 16) else "tf2.15"


def migrate_codemod(source: Path, dest: Path, target: str) -> dict:
    """Migrate ``source`` with the codemod (as ``tf-migrate rewrite --target TARGET`` does) into ``dest``.

    Returns the codemod facts for the report: the output path, whether it is
    idiomatic TF2 (`migrate.graph.idiom`), the TF1 constructs left, the TFM301
    refusals (why graph code was not converted) or the migration error.
    """
    from migrate.engine.context import Options
    from migrate.engine.rule import select_rules
    from migrate.engine.runner import process

    # `process` is what `tf-migrate rewrite` runs per file: migrate_python, every rule, errors caught.
    result = process(Path(source), tuple(cls.code for cls in select_rules()), Options(target=target))
    facts = {"source": str(source), "path": None, "target": target, "idiomatic": None, "tf1_left": None,
             "refusals": [], "graph_mode_fallback": None, "migration_error": result.error}
    if result.failed:
        return facts
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(result.migrated)
    facts.update(path=str(dest), idiomatic=result.idiomatic, tf1_left=result.tf1_left,
                 refusals=[f.message for f in result.findings if f.code == CODEMOD_REFUSAL],
                 graph_mode_fallback=any(f.code == CODEMOD_FALLBACK for f in result.findings))
    return facts


def codemod_process(facts: dict, name: str) -> str:
    """Which codemod worker runs a migrated file: files that can share a process share one.

    A process holds one execution mode: ``eager`` for idiomatic files (no ``tf.compat.v1`` left, so nothing
    turns eager execution off), ``graph`` for the codemod's graph-mode fallbacks (each turns it off at
    import, as the legacy worker's programs all run graphs); any other file gets a process of its own.
    """
    if facts["idiomatic"]:
        return "eager"
    return "graph" if facts["graph_mode_fallback"] else name


def last_line(error: str) -> str:
    """The last non-empty line of an error message (a TF error can span dozens of lines)."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    if not lines:
        return str(error)
    head = lines[0].split(":", 1)[0]
    return lines[-1] if len(lines) == 1 or lines[-1].startswith(head) else f"{head}: ... {lines[-1]}"


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
        "errors": sorted({last_line(r["error"]) for r in runs if "error" in r}),
        "runs": runs,
    }


def _test_size(kwargs: dict) -> int:
    from migrate import datasets

    return len(datasets.load(kwargs.get("data", "mnist"), limit_test=kwargs.get("limit_test")).x_test)


def verify(pairs: list[Pair], *, seeds: int = 5, quick: bool = False, device: str = "cpu",
           progress: bool = True, rtol: float = verdict.DEFAULT_RTOL, atol: float = verdict.DEFAULT_ATOL,
           z: float = verdict.DEFAULT_Z, floor: float = verdict.DEFAULT_FLOOR, workdir=None,
           modern_python: str | None = None, codemod: bool = True, codemod_dir=None,
           target: str | None = None, legacy_python: str | None = None,
           timings: list | None = None, log_dir=None) -> list[dict]:
    """Run the pairs and return one report dict per pair (see module docstring).

    ``modern_python`` runs the modern column with another interpreter, e.g. a
    virtualenv with the newest TensorFlow; the legacy and codemod columns always
    use this one. ``codemod_dir`` keeps the migrated files (default: the work
    directory, deleted afterwards); ``target`` overrides the codemod profile
    (default `codemod_target()`); ``codemod=False`` skips the column.
    ``legacy_python`` runs the legacy column on genuine TF 1.15 (the worker's
    ``tf1`` column, e.g. ``.venv-tf1/bin/python``) instead of the runtime.
    ``progress`` shows one bar for the whole run (the programs print none). ``timings`` (a list) gets
    each worker process's wall time and its jobs' total (`_run_worker`); ``log_dir`` keeps the workers'
    output, tracebacks included, as ``WORKER.log`` (default: the work directory).
    """
    own_tmp = tempfile.TemporaryDirectory(prefix="tfm-verify-") if workdir is None else None
    workdir = Path(own_tmp.name if own_tmp else workdir)
    env = _child_env(device)
    common = {"device": device, "progress": False}  # one bar for the run, drawn here
    legacy_jobs, modern_jobs = [], []

    def job(p, column, run, kwargs, path=None, **extra):
        kwargs = {**kwargs, **common}
        if p.scratch_arg:  # checkpoints, records and logs stay inside the harness' work directory
            kwargs[p.scratch_arg] = str(workdir / p.name / column / run)
            os.makedirs(kwargs[p.scratch_arg], exist_ok=True)
        path = path or (p.legacy if column == "legacy" else p.modern)
        return {"id": f"{p.name}/{run}", "path": str(path), "kwargs": kwargs, **extra}

    for p in pairs:
        weights = str(workdir / f"{p.name}_initial_weights.npz")
        legacy_jobs.append(job(p, "legacy", "step", p.step_kwargs("legacy"), weights_out=weights))
        modern_jobs.append(job(p, "modern", "step", p.step_kwargs("modern"), weights_in=weights))
        for seed in range(seeds):
            for column, jobs in (("legacy", legacy_jobs), ("modern", modern_jobs)):
                jobs.append(job(p, column, f"seed{seed}", {**p.run_kwargs(quick), "seed": seed}))

    # Codemod column: one migration and one worker per distinct (legacy file, run arguments);
    # pairs that share both (e.g. twins tested against one original) share the runs.
    facts, codemod_runs, groups = {}, {}, {}
    if codemod:
        target = target or codemod_target()
        out = Path(codemod_dir) if codemod_dir else workdir / "codemod"
        for p in pairs:
            key = (str(p.legacy), json.dumps(p.run_kwargs(quick), sort_keys=True), p.scratch_arg)
            groups.setdefault(key, []).append(p)
        for members in groups.values():
            first = members[0]
            facts[first.name] = migrate_codemod(first.legacy, out / f"{first.name}.py", target)
    codemod_jobs = {}  # worker -> jobs; job ids are PAIR/RUN, so workers' results merge into one dict
    for first in (members[0] for members in groups.values()):
        if facts[first.name]["path"]:
            jobs = codemod_jobs.setdefault(codemod_process(facts[first.name], first.name), [])
            if facts[first.name]["idiomatic"]:  # the legacy step run's arguments, from its initial weights
                jobs.append(job(first, "codemod", "step", first.step_kwargs("legacy"), path=facts[first.name]["path"],
                                weights_in=str(workdir / f"{first.name}_initial_weights.npz"),
                                weights_via="variables"))
            jobs.extend(job(first, "codemod", f"seed{seed}", {**first.run_kwargs(quick), "seed": seed},
                            path=facts[first.name]["path"]) for seed in range(seeds))
    bar = None
    if progress:
        from tqdm import tqdm

        total = len(legacy_jobs) + len(modern_jobs) + sum(map(len, codemod_jobs.values()))
        bar = tqdm(total=total, unit="run", desc="verify", file=sys.stderr)
    try:
        if legacy_python:
            legacy = _run_worker("tf1", legacy_jobs, workdir, _tf1_env(env), legacy_python, bar=bar, timings=timings,
                                 log_dir=log_dir)
        else:
            legacy = _run_worker("legacy", legacy_jobs, workdir, env, bar=bar, timings=timings, log_dir=log_dir)
        # Without legacy initial weights there is no modern step run.
        runnable = [j for j in modern_jobs if not j.get("weights_in") or os.path.exists(j["weights_in"])]
        if bar is not None:
            bar.update(len(modern_jobs) - len(runnable))
        modern = _run_worker("modern", runnable, workdir, env, modern_python, bar=bar, timings=timings,
                             log_dir=log_dir)
        for name, jobs in codemod_jobs.items():
            codemod_runs.update(_run_worker("codemod", jobs, workdir, env, tag=name, bar=bar, timings=timings,
                                                    log_dir=log_dir))
    finally:
        if bar is not None:
            bar.close()
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
        n_test = None
        acc = None
        if lcol["accuracies"] and mcol["accuracies"]:
            n_test = _test_size(p.run_kwargs(quick))
            acc = verdict.accuracy_verdict(lcol["accuracies"], mcol["accuracies"], z=z, floor=floor, n_test=n_test)
        ratio = None
        if lcol["steps_per_sec"] and mcol["steps_per_sec"]:
            ratio = mcol["steps_per_sec"] / lcol["steps_per_sec"]
        errors = bool(lcol["errors"] or mcol["errors"] or acc is None)
        if codemod:
            first = next(members for members in groups.values() if p in members)[0]
            ccol = _codemod_column(facts[first.name], [codemod_runs[f"{first.name}/seed{s}"] for s in range(seeds)]
                                   if facts[first.name]["path"] else None, lcol, z=z, floor=floor,
                                   n_test=lambda: n_test or _test_size(p.run_kwargs(quick)))
            cstep = codemod_runs.get(f"{first.name}/step")
            if cstep is not None:  # idiomatic: the migration started from the legacy weights, like the twin
                ccol["step_check"] = _codemod_step(legacy[f"{first.name}/step"], cstep, k=p.step_steps,
                                                   rtol=rtol, atol=atol)
        else:
            ccol = {"status": "not run (codemod column skipped)"}
        reports.append({
            "pair": p.name, "note": p.note, "seeds": seeds, "quick": quick, "device_requested": device,
            "legacy_python": legacy_python, "legacy_runs_on": "genuine TF 1.15" if legacy_python else "migrate.runtime",
            "modern_python": modern_python or sys.executable,
            "step_check": {**asdict(step), "legacy_losses": lstep.get("losses"), "modern_losses": mstep.get("losses"),
                           "legacy_overrides": p.legacy_step, "modern_overrides": p.modern_step,
                           "legacy_job_seconds": lstep.get("job_seconds"), "modern_job_seconds": mstep.get("job_seconds")},
            "accuracy": asdict(acc) if acc else None,
            "legacy": lcol, "modern": mcol, "codemod": ccol,
            "throughput_ratio_modern_over_legacy": ratio,
            "verdict": verdict.overall_verdict(step.passed, acc.equivalent if acc else None, errors),
        })
    return reports


def _codemod_step(lstep: dict, cstep: dict, *, k, rtol, atol) -> dict:
    """The codemod's step check: its migration, started from the legacy initial weights (`worker.EagerWeights`)
    with the legacy step run's arguments, against the legacy losses - the rule of the twins' step check."""
    if "error" in lstep or "error" in cstep:
        error = lstep.get("error") or last_line(cstep["error"]) + (f" (at {cstep['error_at']})"
                                                                     if cstep.get("error_at") else "")
        return {**asdict(verdict.StepCheck(False, 0, float("nan"), None, rtol, atol, error)), "losses": None}
    return {**asdict(verdict.compare_losses(lstep["losses"], cstep["losses"], k=k, rtol=rtol, atol=atol)),
            "losses": cstep["losses"], "job_seconds": cstep.get("job_seconds")}


def _codemod_column(facts: dict, runs: list | None, legacy: dict, *, z, floor, n_test) -> dict:
    """The codemod column of one pair: migration facts, its runs, its accuracy verdict against ``legacy``.

    ``status`` is what the table shows when there is no accuracy: the migration
    error, or the last line of the first run error. ``verdict`` is the accuracy
    verdict (``equivalent`` / ``NOT equivalent`` / ``inconclusive``) or ``error``.
    """
    col = {**facts, "python": sys.executable, "accuracy": None}
    if runs is None:
        return {**col, "status": f"migration failed: {last_line(facts['migration_error'])}", "verdict": "error",
                "accuracies": [], "errors": [], "runs": []}
    runs = [{**run, "error": last_line(run["error"]) + (f" (at {run['error_at']})" if run.get("error_at") else "")}
            if "error" in run else run for run in runs]  # (runs may be shared with other pairs: copies)
    col.update(_column_summary(runs))
    if col["errors"]:
        return {**col, "status": f"run failed: {col['errors'][0]}", "verdict": "error"}
    if not legacy["accuracies"]:
        return {**col, "status": "ran (no legacy accuracy to compare)", "verdict": "-"}
    acc = verdict.accuracy_verdict(legacy["accuracies"], col["accuracies"], z=z, floor=floor, n_test=n_test())
    label = {True: "equivalent", False: "NOT equivalent", None: "inconclusive"}[acc.equivalent]
    return {**col, "status": "ran", "accuracy": asdict(acc), "verdict": label}


def tf1_reference_check(pairs: list[Pair], legacy_python: str, *, device: str = "cpu", workdir=None,
                        rtol: float = verdict.DEFAULT_RTOL, atol: float = verdict.DEFAULT_ATOL,
                        own_draws: bool = True) -> dict:
    """Does `tf-migrate run` reproduce genuine TF 1.15? Per pair, the legacy step run on both.

    Both columns run the same unmodified legacy file with the step run's arguments. TF 1.15 runs first
    and its initial weights are loaded into the runtime's run right after the program's initializer
    (`worker.SessionWeights`; the two draw different values from the same seed for Keras-backed
    initializers). The result per pair holds the largest difference of the weights each drew itself
    (``own_draws_max_abs_diff``, 0.0: the runtime draws TF1's values) and the loss-by-loss check of the
    runtime against TF 1.15 (`verdict.compare_losses`), or the error of a column that failed.
    ``own_draws=False`` skips the runtime's second run of each pair, on its own weights (the field is then None).
    """
    own_tmp = tempfile.TemporaryDirectory(prefix="tfm-tf1ref-") if workdir is None else None
    workdir = Path(own_tmp.name if own_tmp else workdir)
    try:
        # TF 2.15's oneDNN kernels round differently from TF 1.15's Eigen ones (softmax_regression drifted by
        # 6e-5 over 20 steps with them, 1.5e-5 without): the reference is about the API, so they are off.
        env, jobs = {**_child_env(device), "TF_ENABLE_ONEDNN_OPTS": "0"}, {"legacy": [], "tf1": []}
        for p in pairs:
            for column in jobs:
                kwargs = {**p.step_kwargs("legacy"), "device": device, "progress": False}
                if p.scratch_arg:
                    kwargs[p.scratch_arg] = str(workdir / p.name / column)
                    os.makedirs(kwargs[p.scratch_arg], exist_ok=True)
                jobs[column].append({"id": p.name, "path": str(p.legacy), "kwargs": kwargs,
                                     "weights_out": str(workdir / f"{p.name}_{column}.npz")})
        genuine = _run_worker("tf1", jobs["tf1"], workdir, _tf1_env(env), legacy_python)
        own = [dict(j, id=j["id"] + "/own", weights_out=j["weights_out"].replace(".npz", "_own.npz"))
               for j in jobs["legacy"]] if own_draws else []
        for j in jobs["legacy"]:
            j["weights_in"] = j["weights_out"].replace("_legacy.npz", "_tf1.npz")
        runtime = _run_worker("legacy", jobs["legacy"] + own, workdir, env)
        out = {}
        for p in pairs:
            a, b = runtime[p.name], genuine[p.name]
            if "error" in a or "error" in b:
                out[p.name] = {"error": last_line(b.get("error") or a.get("error")),  # tf1 first: the runtime
                               "column": "tf1" if "error" in b else "runtime"}  # then lacks its weights
                continue
            own_diff = (_weights_diff(workdir / f"{p.name}_legacy_own.npz", workdir / f"{p.name}_tf1.npz")
                        if own_draws and "error" not in runtime[p.name + "/own"] else None)
            out[p.name] = {"weights_max_abs_diff": _weights_diff(workdir / f"{p.name}_legacy.npz",
                                                                 workdir / f"{p.name}_tf1.npz"),
                           "own_draws_max_abs_diff": own_diff,
                           "step_check": asdict(verdict.compare_losses(b["losses"], a["losses"], k=p.step_steps,
                                                                       rtol=rtol, atol=atol)),
                           "tf1_losses": b["losses"], "runtime_losses": a["losses"],
                           "tf1_accuracy": b["test_accuracy"], "runtime_accuracy": a["test_accuracy"],
                           "versions": {"runtime": a.get("versions"), "tf1": b.get("versions")}}
        return out
    finally:
        if own_tmp:
            own_tmp.cleanup()


def _weights_diff(a: Path, b: Path) -> float:
    import numpy as np

    with np.load(a) as fa, np.load(b) as fb:
        if len(fa.files) != len(fb.files):
            return float("inf")
        diffs = [float(np.max(np.abs(fa[k] - fb[k]))) if fa[k].shape == fb[k].shape else float("inf")
                 for k in fa.files]
    return max(diffs, default=0.0)
