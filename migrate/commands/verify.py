"""``tf-migrate verify``: train TF1 examples and their TF2 twins side by side and judge equivalence."""

from __future__ import annotations

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
    p.add_argument("pairs", nargs="*", metavar="PAIR", help="pairs to run (default: all)")
    p.add_argument("--device", choices=["auto", "cpu", "gpu"], default="auto",
                   help="auto: GPU when TensorFlow sees one; cpu: hide GPUs; gpu: fail if there is none")
    p.add_argument("--seeds", type=int, default=5, help="seeds per column for the accuracy check (default 5)")
    p.add_argument("--quick", action="store_true", help="tiny epochs and data limits (minutes on 2 CPU cores)")
    p.add_argument("--out", default="runs/verify", help="output directory (default runs/verify)")
    p.add_argument("--no-progress", action="store_true", help="no tqdm progress bars")
    p.add_argument("--modern-python", metavar="PYTHON",
                   help="interpreter for the modern column, e.g. .venv-latest/bin/python (TF 2.21, Keras 3)")
    p.set_defaults(handler=main)


def main(args) -> int:
    from migrate.verify import harness, report
    from migrate.verify.pairs import PAIRS

    unknown = [name for name in args.pairs if name not in PAIRS]
    if unknown:
        print(f"tf-migrate verify: unknown pair(s): {', '.join(unknown)}; choose from {', '.join(PAIRS)}",
              file=sys.stderr)
        return 2
    if args.seeds < 1:
        print("tf-migrate verify: --seeds must be at least 1", file=sys.stderr)
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
    start = time.perf_counter()
    reports = harness.verify(pairs, seeds=args.seeds, quick=args.quick, device=device,
                             progress=not args.no_progress, modern_python=args.modern_python,
                             codemod_dir=out / "codemod")
    seconds = time.perf_counter() - start

    meta = {"argv": sys.argv, "device": device, "seeds": args.seeds, "quick": args.quick, "seconds": seconds,
            "modern_python": args.modern_python or sys.executable,
            "codemod_target": reports[0]["codemod"].get("target") if reports else None}
    report.write_json(reports, out / "results.json", meta)
    report.write_curves_png(reports, out / "learning_curves.png")
    report.write_tensorboard(reports, out / "tensorboard")
    print(report.markdown_table(reports))
    print(f"\n{len(reports)} pair(s), {args.seeds} seed(s), device {device}, {seconds:.0f} s. "
          f"Wrote {out / 'results.json'}, {out / 'learning_curves.png'}, {out / 'tensorboard'}/, "
          f"{out / 'codemod'}/ (the codemod's migrated files)")
    return 1 if any(r["verdict"] == "NOT equivalent" for r in reports) else 0
