"""``tf-migrate verify SCRIPT.py [MIGRATED.py]``: does a user's migrated script behave like the original?

For one script (or every script of a folder):

1. unless MIGRATED is given, the script is migrated as ``tf-migrate rewrite
   --out-dir`` does, together with the modules of its folder it imports (one
   unit), for the profile of the interpreter that will run it;
2. the original runs on the compatibility runtime (``tf-migrate run``), or on
   genuine TF 1.15 with ``legacy_python``; the migrated one on plain TF 2.
   Each runs ``seeds`` times with the seed set from outside (Python, numpy,
   TensorFlow's global seed: `migrate.verify.launch`), each run in a process
   of its own, in a fresh copy of the script's folder (checkpoints and
   relative paths stay there), with a timeout. Scripts that read MNIST get
   the same offline images in every column (`migrate.verify.offline_data`);
3. the final metric is read from what each run printed
   (`migrate.verify.printed`); the two samples are judged with the pairs'
   bound (`migrate.verify.verdict.accuracy_verdict`): for an accuracy the
   floor is 0.02, for a loss or a ``--metric`` value above 1 it is 2% of the
   original's mean (a loss has no natural unit);
4. the result holds both means ± std, the run times, the diff of the numbers
   the seed-0 runs printed and the codemod's facts (idiomatic, report).

Verdicts: ``equivalent``, ``NOT equivalent``, ``inconclusive`` (one seed: no
spread) and ``could not run`` (a run failed, timed out or printed no metric;
the reason is the last line of its error output).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from migrate.verify import verdict
from migrate.verify.pairs import ROOT
from migrate.verify.printed import numbers_diff, read_metric

LAUNCH = Path(__file__).with_name("launch.py")
# Scripts reading MNIST through the TF1 tutorial module or contrib.learn's copy (tools/corpus.py's MNIST).
MNIST = re.compile(r"examples\.tutorials\.mnist|contrib\.learn\.datasets|load_dataset\(\s*['\"]mnist|datasets\.mnist")
RELATIVE_FLOOR = 0.02  # a loss's bound floor: 2% of the original's mean
COPY_LIMIT = 50 * 2**20  # files above this size are linked, not copied, into a run's folder
SKIP_DIRS = {"__pycache__", ".git", ".venv", "node_modules"}


@dataclass
class ScriptRun:
    """One execution of a script: what it printed, its metric and how it ended."""

    seed: int
    seconds: float
    returncode: int | None  # None: timed out
    value: float | None = None
    line: str = ""
    kind: str = ""
    error: str = ""  # empty when the run gave a metric
    stdout: str = ""


@dataclass
class Column:
    """One side of the comparison: which program, on which interpreter, and its runs."""

    name: str  # "original" / "migrated"
    path: str
    python: str
    mode: str  # launch mode: runtime, tf1 or tf2
    runs: list = field(default_factory=list)

    def summary(self) -> dict:
        values = [r.value for r in self.runs if not r.error]
        mean, std = verdict.mean_std(values)
        seconds = [r.seconds for r in self.runs]
        return {"values": values, "mean": mean, "std": std,
                "seconds_mean": sum(seconds) / len(seconds) if seconds else None,
                "errors": sorted({r.error for r in self.runs if r.error})}


def local_modules(script: Path) -> list[Path]:
    """The modules of ``script``'s folder it imports, directly or through each other (packages: all files)."""
    root, seen, todo = script.parent, [], [script]
    while todo:
        path = todo.pop()
        try:
            tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError, OSError):
            continue
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            for name in names:
                head = name.split(".")[0]
                found = [root / f"{head}.py"] if (root / f"{head}.py").is_file() else \
                    sorted((root / head).rglob("*.py")) if (root / head / "__init__.py").is_file() else []
                for module in found:
                    if module != script and module not in seen:
                        seen.append(module)
                        todo.append(module)
    return sorted(seen)


def target_of(python: str) -> str:
    """The codemod profile for the interpreter ``python``: ``latest`` from TensorFlow 2.16 on (Keras 3)."""
    code = "from importlib.metadata import version; print(version('tensorflow'))"
    try:
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60).stdout.strip()
        major, minor = (int(x) for x in out.split(".")[:2])
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return "tf2.15"
    return "latest" if (major, minor) >= (2, 16) else "tf2.15"


def migrate_script(script: Path, out: Path, target: str) -> dict:
    """Migrate ``script`` and its local modules into ``out`` with the CLI; the codemod's facts for the report."""
    out = out.resolve()  # the rewrite runs in the script's folder
    out.mkdir(parents=True, exist_ok=True)
    files = [script, *local_modules(script)]
    report = out / "report.json"
    cmd = [sys.executable, "-m", "migrate", "rewrite", "-q", "--target", target, "--out-dir", str(out),
           "--report", str(report), *map(str, files)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=script.parent,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    facts = {"target": target, "files": [str(f) for f in files], "report": str(report), "exit": proc.returncode,
             "path": None, "idiomatic": None, "tf1_left": None, "error": None, "helpers": {}}
    entries = json.loads(report.read_text())["files"] if report.exists() else []
    by_name = {(script.parent / e["path"]).resolve(): e for e in entries}
    main = by_name.get(script.resolve())
    migrated = out / script.name
    if proc.returncode >= 2 or main is None or main.get("error") or not migrated.exists():
        lines = [x for x in (proc.stderr or proc.stdout).splitlines() if x.strip()]
        facts["error"] = (main or {}).get("error") or (lines[-1] if lines else f"rewrite exited {proc.returncode}")
        return facts
    helpers = {str(f.relative_to(script.parent)): str(out / f.relative_to(script.parent)) for f in files[1:]
               if (out / f.relative_to(script.parent)).exists()}
    facts.update(path=str(migrated), helpers=helpers,
                 idiomatic=all(by_name.get(f.resolve(), {}).get("idiomatic") for f in files),
                 tf1_left=sorted({x for e in entries for x in (e.get("tf1_left") or [])}))
    return facts


def _copy_folder(source: Path, dest: Path) -> None:
    def copy(src, dst):
        if os.path.getsize(src) > COPY_LIMIT:
            os.symlink(os.path.abspath(src), dst)
        else:
            shutil.copy2(src, dst)

    shutil.copytree(source, dest, ignore=lambda d, names: [n for n in names if n in SKIP_DIRS],
                    copy_function=copy, symlinks=True)
    for path in dest.rglob("*"):  # a read-only source (../shared) must give a writable copy
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | 0o200)


def child_env(mode: str, seed: int, *, mnist=None, device: str = "cpu") -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED=str(seed), MPLBACKEND="Agg",
               PYTHONUNBUFFERED="1")
    env.pop("TF2_BEHAVIOR", None)  # set by importing TF 2 in this process; TF 1.15 would turn on tensor equality
    env.pop("PYTHONPATH", None)
    path = []
    if mnist is not None:
        env.update(mnist.env())
        path.append(str(mnist.site))
    if mode == "runtime":  # the runtime is this repository's package; the other columns must not need it
        path.append(str(ROOT))
    if path:
        env["PYTHONPATH"] = os.pathsep.join(path)
    if device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = "-1"
    return env


def run_once(column: Column, seed: int, *, source: Path, overlay: dict, workdir: Path, args=(),
             metric: str | None = None, timeout: float = 600.0, mnist=None, device: str = "cpu") -> ScriptRun:
    """Run ``column`` once with ``seed``: in a fresh copy of ``source``'s folder with ``overlay`` (paths
    relative to the folder -> files, e.g. the migrated script and modules) written over it, the script
    at ``source``'s name run from the copy. The copy is removed afterwards."""
    scratch = Path(tempfile.mkdtemp(prefix=f"{column.name}-s{seed}-", dir=workdir))
    try:
        folder = scratch / source.parent.name
        _copy_folder(source.parent, folder)
        for rel, src in overlay.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, folder / rel)
        cmd = [column.python, str(LAUNCH), column.mode, str(seed), str(folder / source.name), *args]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=folder, env=child_env(column.mode, seed, mnist=mnist, device=device),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group this call started: the script and its children
            stdout, stderr = proc.communicate()
            code = None
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    run = ScriptRun(seed, seconds, code, stdout=stdout)
    found = read_metric(stdout, metric)
    if found:
        run.value, run.line, run.kind = found.value, found.line, found.kind
    if code is None:
        run.error = f"timed out after {timeout:.0f} s"
    elif code != 0:
        lines = [x.strip() for x in stderr.splitlines() if x.strip()]
        run.error = f"exit {code}: {lines[-1] if lines else 'no error output'}"[:400]
    elif not found:
        run.error = ("printed no line matching --metric" if metric else
                     "printed no line mentioning accuracy or loss (use --metric REGEX)")
    return run


def judge(original: Column, migrated: Column, *, z=verdict.DEFAULT_Z) -> dict:
    """The verdict of one script from its two columns (see module docstring)."""
    o, m = original.summary(), migrated.summary()
    failed = [f"{c.name}: {e}" for c, s in ((original, o), (migrated, m)) for e in s["errors"]]
    if failed:
        return {"verdict": "could not run", "reason": failed[0], "accuracy": None}
    kinds = {r.kind for r in original.runs + migrated.runs}
    relative = "loss" in kinds or any(abs(v) > 1 for v in o["values"] + m["values"])
    floor = RELATIVE_FLOOR * abs(o["mean"]) if relative else verdict.DEFAULT_FLOOR
    acc = verdict.accuracy_verdict(o["values"], m["values"], z=z, floor=floor)
    label = {True: "equivalent", False: "NOT equivalent", None: "inconclusive"}[acc.equivalent]
    reason = "one seed per column gives no spread: use --seeds 2 or more" if acc.equivalent is None else ""
    return {"verdict": label, "reason": reason, "accuracy": asdict(acc), "floor": floor,
            "floor_kind": "relative" if relative else "absolute"}


def verify_script(script, migrated=None, *, seeds: int = 5, metric: str | None = None, timeout: float = 600.0,
                  legacy_python: str | None = None, modern_python: str | None = None, out: Path,
                  args=(), device: str = "cpu", tick=lambda: None, mnist_cache: dict | None = None) -> dict:
    """Verify one script (see module docstring); ``tick()`` is called after every run (progress)."""
    script = Path(script).resolve()
    out = Path(out).resolve()
    modern = os.path.abspath(modern_python or sys.executable)  # runs start in other folders (not resolve():
    legacy = os.path.abspath(legacy_python) if legacy_python else None  # a venv's python is a symlink)
    if migrated is None:
        facts = migrate_script(script, out / "migrated" / script.stem, target_of(modern))
    else:
        migrated = Path(migrated).resolve()  # its own folder's modules come with it
        facts = {"path": str(migrated), "given": True, "idiomatic": None, "error": None,
                 "helpers": {str(m.relative_to(migrated.parent)): str(m) for m in local_modules(migrated)}}
    columns = (Column("original", str(script), legacy or sys.executable, "tf1" if legacy else "runtime"),
               Column("migrated", facts["path"] or "", modern, "tf2"))
    result = {"script": str(script), "migrated": facts["path"], "codemod": facts, "seeds": seeds, "metric": metric,
              "timeout": timeout, "args": list(args)}
    if facts["error"]:
        for _ in range(2 * seeds):
            tick()
        return {**result, "verdict": "could not run", "reason": f"migration failed: {facts['error']}",
                "original": asdict(columns[0]), "migrated_column": asdict(columns[1]), "diff": [], "data": None}
    mnist = None
    sources = [script, Path(facts["path"])]
    if any(MNIST.search(p.read_text(errors="replace")) for p in sources if p.exists()):
        cache = mnist_cache if mnist_cache is not None else {}
        if "home" not in cache:
            from migrate.verify.offline_data import mnist_home

            cache["home"] = mnist_home(Path(tempfile.mkdtemp(prefix="tfm-mnist-", dir=out)))
        mnist = cache["home"]
    overlays = {"original": {}, "migrated": {script.name: facts["path"], **facts["helpers"]}}
    workdir = out / "runs"
    workdir.mkdir(parents=True, exist_ok=True)
    for seed in range(seeds):
        for column in columns:
            column.runs.append(run_once(column, seed, source=script, overlay=overlays[column.name], workdir=workdir,
                                        args=args, metric=metric, timeout=timeout, mnist=mnist, device=device))
            tick()
    original, migrated_col = columns
    first = [c.runs[0].stdout for c in columns]
    result.update(judge(original, migrated_col))
    result.update(original={**_column_dict(original)}, migrated_column={**_column_dict(migrated_col)},
                  diff=numbers_diff(*first), data=mnist.description if mnist else None)
    return result


def _column_dict(column: Column) -> dict:
    runs = [{k: v for k, v in asdict(r).items() if k != "stdout"} for r in column.runs]
    return {"name": column.name, "path": column.path, "python": column.python, "mode": column.mode,
            "runs": runs, **column.summary()}


def scripts_in(directory: Path) -> list[Path]:
    """The programs of a folder: its ``*.py`` files (recursively), not tests, not ``_private`` or
    ``__init__`` modules, and not modules another file of the folder imports (helpers run with their program)."""
    found = [p for p in sorted(Path(directory).rglob("*.py"))
             if not set(p.relative_to(directory).parts) & SKIP_DIRS and not p.name.startswith(("_", "test_"))]
    helpers = {m for p in found for m in local_modules(p)}
    return [p for p in found if p not in helpers]


def exit_code(results: list) -> int:
    """0 all equivalent; 1 one is NOT equivalent; 2 one could not run or was inconclusive."""
    verdicts = {r["verdict"] for r in results}
    if "NOT equivalent" in verdicts:
        return 1
    return 0 if verdicts == {"equivalent"} else 2
