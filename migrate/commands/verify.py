"""``tf-migrate verify``: train TF1 examples and their TF2 twins side by side and judge equivalence.

``tf-migrate verify SCRIPT.py [MIGRATED.py]`` (or a folder of scripts) does the same for a user's own
program: see `migrate.verify.scripts`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def add_parser(subparsers) -> None:
    from migrate.verify.pairs import PAIRS

    p = subparsers.add_parser(
        "verify", help="check that each TF2 example trains like its TF1 original",
        description="Step-level loss check from shared initial weights, final accuracy over seeds, "
                    "and throughput, for each legacy_examples/ + modern_examples/ pair; the codemod column "
                    "migrates each legacy file (OUT/codemod/) and trains it like the legacy one. "
                    f"Pairs: {', '.join(PAIRS)}.")
    p.add_argument("pairs", nargs="*", metavar="PAIR|SCRIPT",
                   help="pairs to run (default: all); or SCRIPT.py [MIGRATED.py], or a folder of scripts: "
                        "the original on the runtime (or --legacy-python) against its migration on plain TF 2")
    p.add_argument("--device", choices=["auto", "cpu", "gpu"], default="auto",
                   help="auto: GPU when TensorFlow sees one; cpu: hide GPUs; gpu: fail if there is none")
    p.add_argument("--seeds", type=int, default=5, help="seeds per column for the accuracy check (default 5)")
    p.add_argument("--quick", action="store_true", help="tiny epochs and data limits (minutes on 2 CPU cores)")
    p.add_argument("--out", default="runs/verify", help="output directory (default runs/verify)")
    p.add_argument("--no-progress", action="store_true", help="no tqdm progress bars")
    p.add_argument("--modern-python", metavar="PYTHON",
                   help="interpreter for the modern column, e.g. .venv-latest/bin/python (TF 2.21, Keras 3)")
    p.add_argument("--metric", metavar="REGEX",
                   help="scripts: the final metric is the last match (group 1 if any) instead of the last line "
                        "mentioning accuracy (else loss)")
    p.add_argument("--timeout", type=float, default=600.0, metavar="S", help="scripts: seconds per run (default 600)")
    p.add_argument("--legacy-python", metavar="PYTHON",
                   help="run the original on genuine TF 1.15 with this interpreter (e.g. .venv-tf1/bin/python) "
                        "instead of the compatibility runtime")
    p.add_argument("--script-args", default="", metavar="ARGS",
                   help="scripts: arguments passed to every run (one string, split like a shell)")
    p.set_defaults(handler=main)


def _is_script_mode(names) -> bool:
    return bool(names) and (names[0].endswith(".py") or Path(names[0]).is_dir())


def main(args) -> int:
    from migrate.verify import harness, report
    from migrate.verify.pairs import PAIRS

    if _is_script_mode(args.pairs):
        return _main_scripts(args)
    unknown = [name for name in args.pairs if name not in PAIRS]
    if unknown:
        print(f"tf-migrate verify: unknown pair(s): {', '.join(unknown)}; choose from {', '.join(PAIRS)}",
              file=sys.stderr)
        return 2
    if args.seeds < 1:
        print("tf-migrate verify: --seeds must be at least 1", file=sys.stderr)
        return 2
    if args.legacy_python and not Path(args.legacy_python).exists():
        print(f"tf-migrate verify: no such interpreter: {args.legacy_python}", file=sys.stderr)
        return 2
    try:
        gpus = 0 if args.device == "cpu" else harness.count_gpus()
        device = harness.resolve_device(args.device, gpus)
    except harness.DeviceError as exc:
        print(f"tf-migrate verify: {exc}", file=sys.stderr)
        return 2

    pairs = [PAIRS[name] for name in (args.pairs or PAIRS)]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start, timings = time.perf_counter(), []
    reports = harness.verify(pairs, seeds=args.seeds, quick=args.quick, device=device,
                             progress=not args.no_progress, modern_python=args.modern_python,
                             legacy_python=os.path.abspath(args.legacy_python) if args.legacy_python else None,
                             codemod_dir=out / "codemod", timings=timings, log_dir=out)
    seconds = time.perf_counter() - start

    meta = {"argv": sys.argv, "device": device, "seeds": args.seeds, "quick": args.quick, "seconds": seconds,
            "modern_python": args.modern_python or sys.executable, "legacy_python": args.legacy_python,
            "codemod_target": reports[0]["codemod"].get("target") if reports else None, "workers": timings}
    report.write_json(reports, out / "results.json", meta)
    report.write_curves_png(reports, out / "learning_curves.png")
    report.write_tensorboard(reports, out / "tensorboard")
    print(report.markdown_table(reports))
    print("\n" + "\n".join(report.time_lines(reports, timings)))
    print(f"\n{len(reports)} pair(s), {args.seeds} seed(s), device {device}, {seconds:.0f} s. "
          f"Wrote {out / 'results.json'}, {out / 'learning_curves.png'}, {out / 'tensorboard'}/, "
          f"{out / 'codemod'}/ (the codemod's migrated files), {out}/*.log (the workers' output)")
    return 1 if any(r["verdict"] == "NOT equivalent" for r in reports) else 0


def _main_scripts(args) -> int:
    """``verify SCRIPT.py [MIGRATED.py]`` or ``verify DIR``: exit 0 equivalent, 1 not, 2 could not run/decide."""
    import shlex

    from migrate.verify import harness, report, scripts

    paths = [Path(p) for p in args.pairs]
    if len(paths) > 2 or (len(paths) == 2 and paths[0].is_dir()):
        print("tf-migrate verify: give SCRIPT.py [MIGRATED.py] or one folder of scripts", file=sys.stderr)
        return 2
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"tf-migrate verify: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.seeds < 1:
        print("tf-migrate verify: --seeds must be at least 1", file=sys.stderr)
        return 2
    for python in filter(None, (args.legacy_python, args.modern_python)):
        if not Path(python).exists():
            print(f"tf-migrate verify: no such interpreter: {python}", file=sys.stderr)
            return 2
    if args.metric:
        import re

        try:
            re.compile(args.metric)
        except re.error as exc:
            print(f"tf-migrate verify: --metric is not a regular expression: {exc}", file=sys.stderr)
            return 2
    try:
        gpus = 0 if args.device == "cpu" else harness.count_gpus()
        device = harness.resolve_device(args.device, gpus)
    except harness.DeviceError as exc:
        print(f"tf-migrate verify: {exc}", file=sys.stderr)
        return 2
    todo = scripts.scripts_in(paths[0]) if paths[0].is_dir() else [paths[0]]
    if not todo:
        print(f"tf-migrate verify: no scripts in {paths[0]}", file=sys.stderr)
        return 2
    migrated = paths[1] if len(paths) == 2 else None
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    bar = None
    if not args.no_progress:
        from tqdm import tqdm

        bar = tqdm(total=2 * args.seeds * len(todo), unit="run", desc="verify", file=sys.stderr)
    start, results, data = time.perf_counter(), [], {}
    try:
        for script in todo:
            if bar is not None:
                bar.set_postfix_str(script.name)
            results.append(scripts.verify_script(
                script, migrated, seeds=args.seeds, metric=args.metric, timeout=args.timeout,
                legacy_python=args.legacy_python, modern_python=args.modern_python, out=out / script.stem,
                args=shlex.split(args.script_args), device=device, mnist_cache=data,
                tick=bar.update if bar is not None else (lambda: None)))
    finally:
        if bar is not None:
            bar.close()
    seconds = time.perf_counter() - start
    meta = {"argv": sys.argv, "device": device, "seeds": args.seeds, "seconds": seconds,
            "legacy_python": args.legacy_python, "modern_python": args.modern_python or sys.executable}
    report.write_scripts_json(results, out / "scripts.json", meta)
    text = report.scripts_markdown(results, meta)
    (out / "scripts.md").write_text(text + "\n")
    print(text)
    print(f"\n{len(results)} script(s), {args.seeds} seed(s), {seconds:.0f} s. "
          f"Wrote {out / 'scripts.json'} and {out / 'scripts.md'}")
    return scripts.exit_code(results)
