"""Render harness reports: a Markdown table, a JSON file, a PNG of learning curves, TensorBoard logs.

The codemod column (see `migrate.verify.harness`) gets three table cells -
its accuracy or why it has none, whether the migrated file is idiomatic TF2,
its accuracy verdict against the legacy column - and a section below the
table with the migrated file, the TF1 constructs left and every refusal.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from migrate.verify.harness import last_line


def _pm(col: dict) -> str:
    if not col["accuracies"]:
        return "error"
    return f"{col['mean']:.3f} ± {col['std']:.3f}"


def _sps(col: dict) -> str:
    if col["steps_per_sec"] is None:
        return "-"
    return f"{col['steps_per_sec']:.0f} ({_short_device(col['device'])})"


def _idiomatic(c: dict) -> str:
    return {True: "idiomatic", False: "graph-mode fallback" if c.get("graph_mode_fallback") or c.get("refusals")
            else "TF1 left", None: ""}[c.get("idiomatic")]


def _codemod_cell(c: dict) -> str:
    """The codemod column in one cell: accuracy, verdict against legacy, idiomatic or not; a failure is its
    kind and place (the whole last line of the error is in the details below the table)."""
    if "target" not in c:  # the column was skipped
        return "-"
    kind = _idiomatic(c)
    if c.get("accuracies") and not c.get("errors"):
        a = c.get("accuracy")
        label = ({True: "equivalent", False: "NOT equivalent", None: "inconclusive (1 seed)"}[a["equivalent"]]
                 if a else c.get("verdict", "-"))
        step = f", step {_step(c['step_check'])}" if c.get("step_check") else ""
        return f"{_pm(c)} {label}, {kind}{step}"
    error = c["status"].split(": ", 1)
    head, rest = error[0], error[1] if len(error) > 1 else ""
    where = rest.rsplit(" (at ", 1)[1].rstrip(")") if " (at " in rest else None
    reason = f"{head}: {rest.split(':', 1)[0]}" + (f" at {where}" if where else "")
    return f"{reason}{', ' + kind if kind else ''}".replace("|", "\\|")


def _short_device(name) -> str:
    return str(name).split("device:")[-1] if name else "?"


def _throughput(r: dict) -> str:
    """``legacy -> modern steps/s (ratio, device)``: where the time goes is in the details."""
    lcol, mcol, ratio = r["legacy"], r["modern"], r["throughput_ratio_modern_over_legacy"]
    if lcol["steps_per_sec"] is None and mcol["steps_per_sec"] is None:
        return "-"
    fmt = lambda c: "-" if c["steps_per_sec"] is None else f"{c['steps_per_sec']:.0f}"
    devices = sorted({_short_device(c["device"]) for c in (lcol, mcol) if c["device"]})
    return f"{fmt(lcol)} → {fmt(mcol)} ({'-' if ratio is None else f'{ratio:.2f}x'}, {'/'.join(devices) or '?'})"


def _step(s: dict) -> str:
    if s["passed"]:
        return f"pass, {s['steps']} steps, max Δ {s['max_abs_diff']:.1e}"
    if s["first_bad_step"] is not None:
        return f"FAIL at step {s['first_bad_step']} (max Δ {s['max_abs_diff']:.1e})"
    return f"FAIL: {last_line(s['reason'])}".replace("|", "\\|")


def markdown_table(reports: list) -> str:
    """One row per pair (verdict, accuracies, step check, throughput, codemod column); details below."""
    header = ("| pair | verdict | legacy acc | modern acc | Δ mean (bound) | step check |"
              " steps/s legacy → modern | codemod (acc, vs legacy, kind) |")
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for r in reports:
        a = r["accuracy"]
        delta = "-"
        if a:
            label = {True: "", False: " NOT equivalent", None: " inconclusive (1 seed)"}[a["equivalent"]]
            delta = f"{a['delta']:+.3f} (±{a['bound']:.3f}){label}"
        lines.append(
            f"| {r['pair']} | **{r['verdict']}** | {_pm(r['legacy'])} | {_pm(r['modern'])} | {delta} |"
            f" {_step(r['step_check'])} | {_throughput(r)} | {_codemod_cell(r['codemod'])} |"
        )
    by_data = {}
    for r in reports:
        name = r["legacy"]["dataset"] or r["modern"]["dataset"] or "?"
        if r["legacy"]["dataset_is_standin"] or r["modern"]["dataset_is_standin"]:
            name += " (stand-in)"
        by_data.setdefault(name, []).append(r["pair"])
    lines += ["", "Pairs by data set: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in by_data.items())]
    from migrate import datasets

    names = sorted({r[col]["dataset"] for r in reports for col in ("legacy", "modern") if r[col]["dataset"]})
    lines += ["", "Data:", *(f"- {datasets.load(name).description}" for name in names)]
    notes = [f"- {r['pair']}: {r['note']}" for r in reports if r["note"]]
    if notes:
        lines += ["", "Notes:", *notes]
    versions = {col: r[col]["versions"] for r in reports for col in ("legacy", "modern") if r[col]["versions"]}
    if versions:
        lines += ["", "; ".join(f"{col}: TensorFlow {v['tensorflow']}, Keras {v['keras']}" for col, v in versions.items())
                  + ("" if any(r.get("legacy_python") for r in reports) or "legacy" not in versions
                     else " (legacy through the migrate.runtime TF1 API)")]
    errors = [f"- {r['pair']} {col}: {e}" for r in reports for col in ("legacy", "modern") for e in r[col]["errors"]]
    if errors:
        lines += ["", "Errors:", *errors]
    codemod = [line for r in reports for line in _codemod_lines(r)]
    if codemod:
        lines += ["", "Codemod column (the legacy file migrated by tf-migrate, trained like the legacy column; "
                      "its accuracy is compared with the legacy one; an idiomatic migration also gets the step "
                      "check from the legacy initial weights; not part of the pair verdict):", *codemod]
    return "\n".join(lines)


def time_lines(reports: list, timings: list) -> list:
    """Where the run's time went: per pair and column, whole jobs against their training steps; per worker
    process, its wall time against its jobs (the rest is process start, TensorFlow import and exit)."""
    lines = ["Where the time goes (seconds over all runs of a column, step run included: whole jobs /"
             " training steps after step 1; the rest is imports, graph or model building, tracing,"
             " evaluation, checkpoints and exports):"]
    for r in reports:
        cells = []
        for col in ("legacy", "modern", "codemod"):
            runs = [x for x in r[col].get("runs", []) if "job_seconds" in x]
            # the step run is part of the column's cost
            step = (r["step_check"].get(f"{col}_job_seconds") if col != "codemod" else
                    (r[col].get("step_check") or {}).get("job_seconds"))
            runs = runs + ([{"job_seconds": step}] if step is not None else [])
            if runs:
                cells.append(f"{col} {sum(x['job_seconds'] for x in runs):.1f} /"
                             f" {sum(x.get('seconds', 0.0) for x in runs):.1f}")
        lines.append(f"- {r['pair']}: {', '.join(cells) or '-'}")
    lines += [f"- worker {t['worker']}: {t['jobs']} job(s), {t['wall_seconds']:.1f} s wall, of which jobs"
              f" {t['jobs_seconds']:.1f} s" for t in timings]
    return lines


def _codemod_lines(r: dict) -> list:
    c = r["codemod"]
    if "target" not in c:  # the column was skipped
        return []
    head = f"- {r['pair']}: `{c['path'] or c['source']}` (--target {c['target']}, {_idiomatic(c) or 'not migrated'})"
    a = c.get("accuracy")
    if a:
        head += f"; vs legacy Δ {a['delta']:+.3f} (bound ±{a['bound']:.3f})"
    if c.get("tf1_left"):
        head += f"; TF1 left: {', '.join(c['tf1_left'])}"
    if c.get("steps_per_sec"):
        head += f"; {_sps(c)} steps/s"
    out = [head]
    if c.get("step_check"):
        out.append(f"  - step check from the legacy initial weights: {_step(c['step_check'])}")
    out += [f"  - TFM301 {refusal}" for refusal in c.get("refusals", [])]
    out += [f"  - error: {e}" for e in ([c["migration_error"]] if c.get("migration_error") else c.get("errors", []))]
    return out


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
        for col in ("legacy", "modern", "codemod"):
            runs = [x for x in r[col].get("runs", []) if "losses" in x]
            if runs:
                row[0].plot(runs[0]["losses"], label=f"{col} (seed 0)", alpha=0.8)
            losses = r["step_check"].get(f"{col}_losses") or (r[col].get("step_check") or {}).get("losses")
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
    """Loss per step for every seed run, one run directory per pair/column/seed.

    TensorBoard's own event writer, not ``tf.summary``: one eager op per scalar made this 15 s of a
    ``make demo`` (88 runs, 10,602 scalars; 3.8 s this way, measured on the same results.json).
    """
    from tensorboard.summary import Writer

    for r in reports:
        for col in ("legacy", "modern", "codemod"):
            for i, run in enumerate(r[col].get("runs", [])):
                if "losses" not in run:
                    continue
                writer = Writer(str(logdir / r["pair"] / f"{col}_seed{i}"))
                for step, loss in enumerate(run["losses"]):
                    if math.isfinite(loss):
                        writer.add_scalar("loss", loss, step)
                writer.add_scalar("test_accuracy", run["test_accuracy"], len(run["losses"]))
                writer.close()


# ------------------------------------------------------------------- tf-migrate verify SCRIPT (user scripts)

def _value_pm(col: dict) -> str:
    if not col.get("values"):
        return "-"
    return f"{col['mean']:.4g} ± {col['std']:.2g} (n={len(col['values'])})"


def _script_idiomatic(r: dict) -> str:
    c = r["codemod"]
    if c.get("given"):
        return "(given)"
    return {True: "yes", False: "no", None: "-"}[c.get("idiomatic")]


def scripts_markdown(results: list, meta: dict | None = None) -> str:
    """One row per script, then per script: metric lines, diff of printed numbers, errors."""
    header = ("| script | metric | original | migrated | Δ mean (bound) | verdict | run time orig / migr |"
              " idiomatic |")
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for r in results:
        o, m = r["original"], r["migrated_column"]
        a = r.get("accuracy")
        kind = next((run["kind"] for run in o["runs"] + m["runs"] if run.get("kind")), "-")
        delta = f"{a['delta']:+.4g} (±{a['bound']:.3g})" if a else "-"
        times = " / ".join("-" if c.get("seconds_mean") is None else f"{c['seconds_mean']:.1f} s" for c in (o, m))
        verdict_cell = f"**{r['verdict']}**" + (f": {r['reason']}" if r["verdict"] == "could not run" else "")
        lines.append(f"| {Path(r['script']).name} | {kind} | {_value_pm(o)} | {_value_pm(m)} | {delta} |"
                     f" {verdict_cell.replace('|', '/')} | {times} | {_script_idiomatic(r)} |")
    if meta:
        lines += ["", f"original: {'genuine TF 1.15 (' + meta['legacy_python'] + ')' if meta.get('legacy_python') else 'the migrate.runtime TF1 API (tf-migrate run)'};"
                      f" migrated: plain TF 2 ({meta.get('modern_python')}); {meta.get('seeds')} seed(s) per column,"
                      " seeds set from outside (Python, numpy, TF global seed)"]
    for r in results:
        lines += ["", f"### {Path(r['script']).name}", ""]
        c = r["codemod"]
        if r.get("migrated"):
            where = f"`{r['migrated']}`" + ("" if c.get("given") else f" (--target {c.get('target')}, report `{c.get('report')}`)")
            lines.append(f"- migrated file: {where}")
        if c.get("tf1_left"):
            lines.append(f"- TF1 left in the migration: {', '.join(c['tf1_left'])}")
        if r.get("data"):
            lines.append(f"- data: {r['data']}")
        for col in (r["original"], r["migrated_column"]):
            shown = [run for run in col["runs"] if run.get("line")][:1]
            if shown:
                lines.append(f"- {col['name']} metric line (seed {shown[0]['seed']}): `{shown[0]['line']}`")
            for error in col.get("errors", []):
                lines.append(f"- {col['name']} error: {error}")
        if r.get("reason") and r["verdict"] != "could not run":
            lines.append(f"- {r['reason']}")
        if r.get("diff"):
            lines += ["- printed numbers, seed 0 (`~ original -> migrated`, `-` original only, `+` migrated only):",
                      "", "```", *r["diff"], "```"]
        elif r.get("original", {}).get("runs"):
            lines.append("- seed 0: both printed the same output")
    return "\n".join(lines)


def write_scripts_json(results: list, path: Path, meta: dict) -> None:
    path.write_text(json.dumps({"meta": meta, "scripts": results}, indent=1, default=float, allow_nan=True))
