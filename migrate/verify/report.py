"""Render harness reports: a Markdown table, a JSON file, a PNG of learning curves, TensorBoard logs."""

from __future__ import annotations

import json
import math
from pathlib import Path


def _pm(col: dict) -> str:
    if not col["accuracies"]:
        return "error"
    return f"{col['mean']:.3f} ± {col['std']:.3f}"


def _sps(col: dict) -> str:
    if col["steps_per_sec"] is None:
        return "-"
    return f"{col['steps_per_sec']:.0f} ({_short_device(col['device'])})"


def _short_device(name) -> str:
    return str(name).split("device:")[-1] if name else "?"


def markdown_table(reports: list) -> str:
    """One row per pair; numbers a reader can check against the JSON file."""
    header = ("| pair | data | step check | legacy acc | modern acc | codemod | Δ mean (bound) | accuracy |"
              " legacy steps/s | modern steps/s | modern/legacy | verdict |")
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for r in reports:
        s, a = r["step_check"], r["accuracy"]
        data = r["legacy"]["dataset"] or r["modern"]["dataset"] or "?"
        if r["legacy"]["dataset_is_standin"] or r["modern"]["dataset_is_standin"]:
            data += " (stand-in)"
        if s["passed"]:
            step = f"pass, {s['steps']} steps, max Δ {s['max_abs_diff']:.1e}"
        elif s["first_bad_step"] is not None:
            step = f"FAIL at step {s['first_bad_step']} (max Δ {s['max_abs_diff']:.1e})"
        else:
            step = f"FAIL: {s['reason']}"
        delta = f"{a['delta']:+.3f} (±{a['bound']:.3f})" if a else "-"
        accv = {True: "equivalent", False: "NOT equivalent", None: "inconclusive (1 seed)"}[a["equivalent"]] if a else "-"
        ratio = r["throughput_ratio_modern_over_legacy"]
        lines.append(
            f"| {r['pair']} | {data} | {step} | {_pm(r['legacy'])} | {_pm(r['modern'])} | {r['codemod']['status']} |"
            f" {delta} | {accv} | {_sps(r['legacy'])} | {_sps(r['modern'])} |"
            f" {'-' if ratio is None else f'{ratio:.2f}x'} | **{r['verdict']}** |"
        )
    from migrate import datasets

    names = sorted({r[col]["dataset"] for r in reports for col in ("legacy", "modern") if r[col]["dataset"]})
    lines += ["", "Data:", *(f"- {datasets.load(name).description}" for name in names)]
    notes = [f"- {r['pair']}: {r['note']}" for r in reports if r["note"]]
    if notes:
        lines += ["", "Notes:", *notes]
    versions = {col: r[col]["versions"] for r in reports for col in ("legacy", "modern") if r[col]["versions"]}
    if versions:
        lines += ["", "; ".join(f"{col}: TensorFlow {v['tensorflow']}, Keras {v['keras']}" for col, v in versions.items())
                  + (" (legacy through the migrate.runtime TF1 API)" if "legacy" in versions else "")]
    errors = [f"- {r['pair']} {col}: {e}" for r in reports for col in ("legacy", "modern") for e in r[col]["errors"]]
    if errors:
        lines += ["", "Errors:", *errors]
    return "\n".join(lines)


def write_json(reports: list, path: Path, meta: dict) -> None:
    path.write_text(json.dumps({"meta": meta, "pairs": reports}, indent=1, default=float,
                               allow_nan=True))


def write_curves_png(reports: list, path: Path) -> None:
    """Per pair: seed-0 training loss of both columns, and the step-check losses."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(reports)
    fig, axes = plt.subplots(n, 2, figsize=(10, 2.6 * n), squeeze=False)
    for row, r in zip(axes, reports):
        for col in ("legacy", "modern"):
            runs = [x for x in r[col]["runs"] if "losses" in x]
            if runs:
                row[0].plot(runs[0]["losses"], label=f"{col} (seed 0)", alpha=0.8)
            losses = r["step_check"][f"{col}_losses"]
            if losses:
                row[1].plot(losses, marker="o" if col == "legacy" else "x", linestyle="-" if col == "legacy" else "",
                            label=col)
        row[0].set_title(f"{r['pair']}: training loss")
        row[1].set_title(f"{r['pair']}: step check (same weights, same batches)")
        for ax in row:
            ax.set_xlabel("step")
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def write_tensorboard(reports: list, logdir: Path) -> None:
    """Loss per step for every seed run, one run directory per pair/column/seed."""
    import tensorflow as tf

    for r in reports:
        for col in ("legacy", "modern"):
            for i, run in enumerate(r[col]["runs"]):
                if "losses" not in run:
                    continue
                writer = tf.summary.create_file_writer(str(logdir / r["pair"] / f"{col}_seed{i}"))
                with writer.as_default():
                    for step, loss in enumerate(run["losses"]):
                        if math.isfinite(loss):
                            tf.summary.scalar("loss", loss, step=step)
                    tf.summary.scalar("test_accuracy", run["test_accuracy"], step=len(run["losses"]))
                writer.close()
