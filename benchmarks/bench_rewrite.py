"""Time ``tf-migrate rewrite --check`` against ``tf_upgrade_v2`` and a bare libcst parse.

    .venv/bin/python benchmarks/bench_rewrite.py [--files 1000] [--repeat 3] [--inprocess-files 200] [--out benchmarks/results.md]

One generated tree of TF1 programs (``benchmarks/corpus.py``, seeded) and, side by
side in the same run, a tree of real TF1 code (``--real``, default
``../shared/tf1_programs``, read in place) are timed two ways, with every
measurement repeated and the repetitions interleaved so that noise from other
processes on the machine spreads over all of them:

* **Whole command** (a subprocess each, so start-up is included):
  ``tf-migrate rewrite --check -q TREE`` with ``--jobs 1`` and ``--jobs 2``,
  and ``tf_upgrade_v2 --intree TREE --outtree OUT`` (it has no parallel mode,
  and it always writes the upgraded tree and a report: that I/O is in its time).
  Start-up alone is timed on a one-line file; tf-migrate never imports
  TensorFlow, tf_upgrade_v2 does. Every tf-migrate row runs without its cache
  (``TF_MIGRATE_NO_CACHE=1``) except "second --check (cache)": a --check over the
  unchanged tree after one that filled an empty cache.
* **In process, per file** (a fresh child process per measurement, sources
  read into memory first, a short warm-up not counted): ``libcst.parse_module``;
  parse + the metadata tf-migrate asks for (qualified names, positions,
  parents, scopes); tf-migrate's ``migrate_python``; and tf_upgrade_v2's
  ``ASTCodeUpgrader.update_string_pasta``, its in-memory core (no TF import, no writes).

Results: a Markdown table in ``--out`` and the raw numbers next to it (``.json``).
The minimum over repetitions is the headline (least disturbed by other load);
the median is reported too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (sibling module, not a package)

WARMUP_FILES = 20
METADATA = ("QualifiedNameProvider", "PositionProvider", "ParentNodeProvider", "ScopeProvider")


# -- in-process measurements (run in a child: ``--child KIND``) --------------------------------


def _child(kind: str, tree: Path, limit: int | None) -> dict:
    paths = sorted(tree.rglob("*.py"))[: limit or None]
    sources = [(p.read_bytes(), str(p)) for p in paths]
    setup_start = time.perf_counter()
    one = _one_file_function(kind)
    setup = time.perf_counter() - setup_start
    for data, name in sources[:WARMUP_FILES]:
        one(data, name)
    failures = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for data, name in sources:
        failures += not one(data, name)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu_start,
            "files": len(sources), "failures": failures, "setup_seconds": setup}


def _one_file_function(kind: str):
    """A function (bytes, name) -> success for one kind of in-process pass."""
    if kind in ("parse", "metadata"):
        import libcst as cst
        from libcst import metadata

        providers = [getattr(metadata, name) for name in METADATA]

        def one(data: bytes, name: str) -> bool:
            module = cst.parse_module(data)
            if kind == "metadata":
                metadata.MetadataWrapper(module).resolve_many(providers)
            return True

        return one
    if kind == "tf-migrate":
        from migrate.engine.context import Options
        from migrate.engine.source import SourceError, default_rules, migrate_python

        rules, options = default_rules(), Options()

        def one(data: bytes, name: str) -> bool:
            try:
                migrate_python(data, name, rules, options)
            except SourceError:
                return False
            return True

        return one
    if kind == "tf_upgrade_v2":
        from tensorflow.tools.compatibility import ast_edits, tf_upgrade_v2

        # The same spec tf_upgrade_v2's command line builds by default.
        upgrader = ast_edits.ASTCodeUpgrader(tf_upgrade_v2.TFAPIChangeSpec(import_rename=False, upgrade_compat_v1_import=True))

        def one(data: bytes, name: str) -> bool:
            processed, _, _, _ = upgrader.update_string_pasta(data.decode("utf-8"), name)
            return bool(processed)

        return one
    raise ValueError(kind)


# -- measurements from the parent ------------------------------------------------------------


def _timed(cmd: list[str], env: dict, ok: tuple[int, ...]) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": wall, "cpu_seconds": cpu, "stderr_tail": proc.stderr.strip().splitlines()[-1:] or [""]}


def _measurements(tree: Path, tiny: Path, scratch: Path, inprocess_files: int | None, label: str = "",
                  files: int | None = None) -> dict:
    """name -> function(rep) returning one timing dict; ``label`` prefixes the names of a second set."""
    tfm = [str(BIN / "tf-migrate"), "rewrite", "--check", "-q"]
    upgrade = str(BIN / "tf_upgrade_v2")
    me = [sys.executable, str(Path(__file__).resolve())]

    def second_check(rep: int) -> dict:
        """A --check over the unchanged tree after one that filled an empty cache: only the second is timed."""
        cache = Path(tempfile.mkdtemp(prefix="tf-migrate-cache-"))
        try:
            env = {**_env(), "TF_MIGRATE_NO_CACHE": "0", "TF_MIGRATE_CACHE_DIR": str(cache)}
            _timed(tfm + ["--jobs", "1", str(tree)], env, (0, 1))
            return _timed(tfm + ["--jobs", "1", str(tree)], env, (0, 1))
        finally:
            shutil.rmtree(cache, ignore_errors=True)

    def upgrade_tree(rep: int) -> dict:
        out = Path(tempfile.mkdtemp(prefix="upgraded")) / "tree"  # outside the project: real programs are not copied in
        try:
            return _timed([upgrade, "--intree", str(tree), "--outtree", str(out), "--reportfile", str(out) + ".txt"],
                          _env(), (0,))
        finally:
            shutil.rmtree(out.parent, ignore_errors=True)

    def _child_run(kind: str) -> dict:
        limit = ["--inprocess-files", str(0 if label else inprocess_files or 0)]  # the real set: every file
        proc = subprocess.run(me + ["--child", kind, "--tree", str(tree), *limit], env=_env(), capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"child {kind} failed:\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    startup = {
        "tf-migrate start-up (1 tiny file)": lambda rep: _timed(tfm + [str(tiny)], _env(), (0, 1)),
        "tf_upgrade_v2 start-up (1 tiny file)": lambda rep: _timed(
            [upgrade, "--infile", str(tiny), "--outfile", str(scratch / "tiny_out.py"),
             "--reportfile", str(scratch / "tiny_report.txt")], _env(), (0,)),
    }
    rows = {
        "in-process: libcst parse only": lambda rep: _child_run("parse"),
        "in-process: parse + metadata": lambda rep: _child_run("metadata"),
        "in-process: tf-migrate": lambda rep: _child_run("tf-migrate"),
        "in-process: tf_upgrade_v2": lambda rep: _child_run("tf_upgrade_v2"),
        "tf_upgrade_v2 (tree, writes output)": upgrade_tree,
        "tf-migrate --jobs 2": lambda rep: _timed(tfm + ["--jobs", "2", str(tree)], _env(), (0, 1)),
        "tf-migrate --jobs 1": lambda rep: _timed(tfm + ["--jobs", "1", str(tree)], _env(), (0, 1)),
        "tf-migrate --jobs 1, second --check (cache)": second_check,
    }
    if not label:
        return {**startup, **rows}

    def counted(measure):
        return lambda rep: {**measure(rep), "files": files}

    return {f"{label}{name}": counted(measure) for name, measure in rows.items()}


_PYTHONPATH: str | None = None  # set by --snapshot: an exported copy of the migrate package


def _env() -> dict:
    env = dict(os.environ)
    env["TF_MIGRATE_NO_CACHE"] = "1"  # repetitions must migrate, not read the first one's results back
    if _PYTHONPATH:
        env["PYTHONPATH"] = _PYTHONPATH
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


# -- report ---------------------------------------------------------------------------------


def _summary(runs: list[dict], files: int) -> dict:
    files = runs[0].get("files", files)
    secs = [r["seconds"] for r in runs]
    out = {"runs_seconds": secs, "min_seconds": min(secs), "median_seconds": statistics.median(secs),
           "min_ms_per_file": 1000 * min(secs) / files, "median_ms_per_file": 1000 * statistics.median(secs) / files}
    cpu = [r["cpu_seconds"] for r in runs if "cpu_seconds" in r]
    if cpu:  # CPU time suffers less than wall time from other load on a shared machine
        out["min_cpu_seconds"] = min(cpu)
        out["min_cpu_ms_per_file"] = 1000 * min(cpu) / files
    out["files"] = files
    if "failures" in runs[0]:
        out["failures"] = runs[0]["failures"]
        out["setup_seconds"] = min(r["setup_seconds"] for r in runs)
    if runs[0].get("stderr_tail", [""])[0].startswith("tf-migrate:"):
        out["last_line"] = runs[0]["stderr_tail"][0]
    return out


REAL = "real code: "  # the prefix of the real-code set's rows


def _ratios(s: dict, files: int) -> list[tuple[str, float, float]]:
    """(what, ratio from the minimums, ratio from the medians): the generated tree's, then the real set's."""
    out = _set_ratios(s, files)
    real = {name[len(REAL):]: row for name, row in s.items() if name.startswith(REAL)}
    if real:
        real.update({name: row for name, row in s.items() if "start-up" in name})
        out += [(REAL + what, lo, med) for what, lo, med in _set_ratios(real, None) if "start-up" not in what]
    return out


def _set_ratios(s: dict, files: int | None) -> list[tuple[str, float, float]]:
    def r(a: str, b: str) -> tuple[float, float]:
        if a not in s or b not in s:  # a partial run
            return float("nan"), float("nan")
        return s[a]["min_ms_per_file"] / s[b]["min_ms_per_file"], s[a]["median_ms_per_file"] / s[b]["median_ms_per_file"]

    tfm1, tfm2, tfu = "tf-migrate --jobs 1", "tf-migrate --jobs 2", "tf_upgrade_v2 (tree, writes output)"
    wanted = [
        ("whole command: tf-migrate --jobs 1 / tf_upgrade_v2", *r(tfm1, tfu)),
        ("whole command: tf-migrate --jobs 2 / tf_upgrade_v2", *r(tfm2, tfu)),
        ("in process, per file: tf-migrate / tf_upgrade_v2", *r("in-process: tf-migrate", "in-process: tf_upgrade_v2")),
        ("in process, per file: tf-migrate / libcst parse only", *r("in-process: tf-migrate", "in-process: libcst parse only")),
        ("in process, per file: tf-migrate / parse + metadata", *r("in-process: tf-migrate", "in-process: parse + metadata")),
        ("in process, per file: parse + metadata / parse only", *r("in-process: parse + metadata", "in-process: libcst parse only")),
        ("whole command: tf-migrate --jobs 1 / in-process libcst parse", *r(tfm1, "in-process: libcst parse only")),
    ]
    for what, a, b in (
        ("CPU time: tf-migrate --jobs 1 / tf_upgrade_v2, whole command", tfm1, tfu),
        ("CPU time: tf-migrate --jobs 2 (both workers) / tf_upgrade_v2, whole command", tfm2, tfu),
        ("CPU time: in process, tf-migrate / tf_upgrade_v2", "in-process: tf-migrate", "in-process: tf_upgrade_v2"),
        ("CPU time: in process, tf-migrate / libcst parse only", "in-process: tf-migrate", "in-process: libcst parse only"),
        ("CPU time: second --check from the cache / first (tf-migrate --jobs 1)", "tf-migrate --jobs 1, second --check (cache)", tfm1),
        ("CPU time: second --check from the cache / tf_upgrade_v2, whole command", "tf-migrate --jobs 1, second --check (cache)", tfu),
    ):
        if "min_cpu_ms_per_file" in s.get(a, {}) and "min_cpu_ms_per_file" in s.get(b, {}):
            wanted.append((what, s[a]["min_cpu_ms_per_file"] / s[b]["min_cpu_ms_per_file"], float("nan")))
    out = [row for row in wanted if row[1] == row[1]]
    # Whole-command time per file once start-up is taken off.
    for name, startup in ((tfm1, "tf-migrate start-up (1 tiny file)"), (tfu, "tf_upgrade_v2 start-up (1 tiny file)")):
        if name in s and startup in s:
            n = s[name].get("files", files)
            s[name]["min_ms_per_file_without_startup"] = 1000 * (s[name]["min_seconds"] - s[startup]["min_seconds"]) / n
    return out


def _machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "platform": platform.platform(), "python": platform.python_version()}


def _versions() -> dict:
    from importlib.metadata import version

    out = {name: version(name) for name in ("libcst", "tensorflow")}
    try:
        out["pasta"] = version("google-pasta")
    except Exception:  # noqa: BLE001 - optional detail
        pass
    rev = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True)
    out["tf-migrate (git)"] = rev.stdout.strip() or "unknown"
    return out


def _markdown(result: dict) -> str:
    files, s = result["corpus"]["files"], result["summary"]
    lines = [
        "# tf-migrate benchmark",
        "",
        f"Generated by `{result['command']}` on {result['date']}.",
        "",
        f"- Machine: {result['machine']['nproc']} CPUs ({result['machine']['cpu']}), {result['machine']['platform']}, "
        f"Python {result['machine']['python']}; load average {result['load_before']} before, {result['load_after']} after "
        "(the machine is shared: timings are noisy, so the minimum over repetitions is the headline).",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in result["versions"].items()),
        f"- Corpus: {files} generated TF1 files, {result['corpus']['lines']} lines, {result['corpus']['bytes']} bytes "
        f"(`benchmarks/corpus.py`, seed {result['corpus']['seed']}; {result['corpus']['min_lines']}-{result['corpus']['max_lines']} "
        f"lines, median {result['corpus']['median_lines']}).",
        *([f"- Real code: {result['real']['files']} files, {result['real']['lines']} lines of third-party TF1 programs "
           f"(`{result['real']['path']}`, read in place; every row marked 'real code' runs on it, in-process rows on all its files)."]
          if result.get("real") else []),
        f"- Repetitions: {result['repeat']} (in-process: {result['inprocess_repeat']}), interleaved.",
        *([f"- Rows marked 'from the merged run' come from `{result['merged_command']}`."] if result.get("merged_command") else []),
        "",
        "| measurement | files | min s | median s | ms/file (min) | ms/file (median) | CPU s (min) | CPU ms/file (min) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in s.items():
        cpu = f"{row['min_cpu_seconds']:.2f} | {row['min_cpu_ms_per_file']:.2f}" if "min_cpu_seconds" in row else " | "
        n = 1 if "start-up" in name else row.get("files", files)
        lines.append(f"| {name}{' (from the merged run)' if row.get('merged') else ''} | {n} | {row['min_seconds']:.2f} | {row['median_seconds']:.2f} | {row['min_ms_per_file']:.2f} "
                     f"| {row['median_ms_per_file']:.2f} | {cpu} |")
    lines += ["", "| ratio | from minimums | from medians |", "|---|---:|---:|"]
    lines += [f"| {what} | {lo:.2f} | {'' if med != med else f'{med:.2f}'} |" for what, lo, med in result["ratios"]]
    without = [f"{name} {s[name]['min_ms_per_file_without_startup']:.2f} ms/file"
               for name in ("tf-migrate --jobs 1", "tf_upgrade_v2 (tree, writes output)")
               if "min_ms_per_file_without_startup" in s.get(name, {})]
    if without:
        lines += ["", "Whole command per file once start-up is taken off: " + ", ".join(without) + "."]
    lines += ["", "## Aims", ""]
    ratios = {what: lo for what, lo, _ in result["ratios"]}
    for prefix, where in (("", "generated tree"), (REAL, "real code")):
        for what, aim, text in (
                ("CPU time: tf-migrate --jobs 1 / tf_upgrade_v2, whole command", 1, "CPU per file at most tf_upgrade_v2's (issue 13)"),
                ("in process, per file: tf-migrate / tf_upgrade_v2", 1, "No slower per file than tf_upgrade_v2 on one core"),
                ("in process, per file: tf-migrate / libcst parse only", 3, "At most 3x the bare libcst parse")):
            if prefix + what in ratios:
                value = ratios[prefix + what]
                lines.append(f"- {where}: {text}: {value:.2f}x — {'met' if value <= aim else 'NOT met'}.")
    lines += [
        "",
        "Notes: tf_upgrade_v2's whole-command time includes importing TensorFlow and writing the upgraded tree",
        "and its report; tf-migrate --check writes nothing and never imports TensorFlow. The in-process rows",
        "exclude start-up and I/O for every tool (sources are read into memory first).",
    ]
    for name, row in s.items():
        if row.get("last_line"):
            lines.append(f"- `{name}` said: `{row['last_line']}`")
        if row.get("failures"):
            lines.append(f"- `{name}`: {row['failures']} file(s) failed")
    return "\n".join(lines) + "\n"


def _write(result: dict, runs: dict[str, list[dict]], files: int, out: Path, merge: Path | None = None) -> None:
    result["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    merged = json.loads(merge.read_text()) if merge else {}
    earlier = merged.get("summary", {})
    if merged:
        result["merged_command"] = f"{merged['command']} ({merged['date']}, load average {merged['load_before']} before, {merged['load_after']} after)"
        if merged.get("merged_command"):
            result["merged_command"] += f"`, itself merged with `{merged['merged_command']}"
    for name, row in earlier.items():  # older result files lack the per-file CPU column
        if "min_cpu_seconds" in row and "min_cpu_ms_per_file" not in row:
            row["min_cpu_ms_per_file"] = 1000 * row["min_cpu_seconds"] / (1 if "start-up" in name else row.get("files", files))
        row["merged"] = True
    result["summary"] = {**earlier, **{name: _summary(r, 1 if "start-up" in name else files) for name, r in runs.items() if r}}
    result["runs"] = runs
    result["ratios"] = _ratios(result["summary"], files)
    out.write_text(_markdown(result), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")


def _relative(path: str) -> str:
    absolute = Path(os.path.abspath(path))
    return str(absolute.relative_to(ROOT)) if absolute.is_relative_to(ROOT) else path


def main() -> int:
    global _PYTHONPATH
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="files to generate (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of every measurement (default 3)")
    parser.add_argument("--out", type=Path, default=HERE / "results.md", help="Markdown results; JSON goes next to it")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--snapshot", metavar="REV", help="benchmark the migrate package as committed at REV, not the working tree")
    parser.add_argument("--keep", action="store_true", help="keep the generated tree")
    parser.add_argument("--inprocess-files", type=int, default=200, metavar="M",
                        help="run the in-process measurements on the first M files only (default 200; 0: all)")
    parser.add_argument("--inprocess-repeat", type=int, metavar="R", help="repetitions of the in-process measurements (default: --repeat)")
    parser.add_argument("--only", metavar="TEXT,...", help="run only the measurements whose names contain one of these")
    parser.add_argument("--merge", type=Path, metavar="JSON",
                        help="take the measurements this run skips from an earlier run's results .json")
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "tf1_programs",
                        help="a tree of real TF1 code measured side by side (default ../shared/tf1_programs; skipped if absent)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.tree, args.inprocess_files)))
        return 0

    (HERE / "results").mkdir(exist_ok=True)
    # outside the checkout: its .gitignore (benchmarks/results/) would hide the tree from tf-migrate
    scratch = Path(tempfile.mkdtemp(prefix="tf-migrate-bench-"))
    try:
        tree = scratch / "tree"
        paths = corpus.generate(tree, args.files, args.seed)
        tiny = scratch / "tiny.py"
        tiny.write_text("import tensorflow as tf\n\nx = tf.constant(1.0)\n")
        if args.snapshot:
            export = scratch / "snapshot"
            export.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.snapshot, "migrate"], capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", str(export)], input=archive.stdout, check=True)
            _PYTHONPATH = str(export)
        texts = [p.read_text() for p in paths]
        line_counts = sorted(t.count("\n") for t in texts)
        result = {
            "command": shlex.join([_relative(sys.executable), _relative(sys.argv[0]), *sys.argv[1:]]),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": _machine(),
            "versions": _versions(),
            "repeat": args.repeat,
            "inprocess_repeat": args.inprocess_repeat or args.repeat,
            "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "corpus": {"files": len(paths), "seed": args.seed, "lines": sum(line_counts),
                       "bytes": sum(len(t.encode()) for t in texts), "min_lines": line_counts[0],
                       "max_lines": line_counts[-1], "median_lines": statistics.median(line_counts)},
        }
        if args.snapshot:
            rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.snapshot], capture_output=True, text=True)
            result["versions"]["tf-migrate (git)"] = f"{rev.stdout.strip()} (committed snapshot, `--snapshot {args.snapshot}`)"
        measurements = _measurements(tree, tiny, scratch, args.inprocess_files)
        real = args.real if args.real and args.real.is_dir() else None
        if real is not None:
            real_files = sorted(real.rglob("*.py"))
            result["real"] = {"path": str(real), "files": len(real_files),
                              "lines": sum(p.read_bytes().count(b"\n") for p in real_files)}
            measurements.update(_measurements(real, tiny, scratch, None, REAL, len(real_files)))
        if args.only:
            measurements = {k: v for k, v in measurements.items() if any(t in k for t in args.only.split(","))}
        result["merged_from"] = str(args.merge) if args.merge else None
        runs: dict[str, list[dict]] = {name: [] for name in measurements}
        wanted = {name: args.inprocess_repeat or args.repeat if name.startswith("in-process") else args.repeat
                  for name in measurements}
        for rep in range(max(wanted.values())):
            for name, measure in measurements.items():
                if rep >= wanted[name]:
                    continue
                runs[name].append(measure(rep))
                print(f"[{rep + 1}/{wanted[name]}] {name}: {runs[name][-1]['seconds']:.2f}s", file=sys.stderr, flush=True)
                _write(result, runs, len(paths), args.out, args.merge)  # after every measurement: a partial run still reports
        print(args.out.read_text())
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
