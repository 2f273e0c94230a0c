"""Rendering: the table shows every verdict honestly, the codemod column's failures included."""

import json

from migrate.verify import report


def _column(accs, dataset="iris"):
    return {"accuracies": accs, "mean": sum(accs) / len(accs) if accs else None, "std": 0.0,
            "steps_per_sec": 100.0 if accs else None, "device": "/device:CPU:0", "dataset": dataset if accs else None,
            "dataset_is_standin": False if accs else None, "errors": [] if accs else ["ValueError: boom"],
            "runs": [{"losses": [1.0, 0.5], "test_accuracy": a} for a in accs], "versions": None}


def _codemod(accs):
    """A codemod column that ran (graph-mode fallback) when ``accs``, else one whose program failed."""
    col = {**_column(accs), "source": "legacy_examples/x.py", "path": "runs/verify/codemod/x.py", "target": "tf2.15",
           "idiomatic": False, "tf1_left": ["tf.Session", "tf.compat.v1"], "migration_error": None,
           "refusals": ["graph code not converted to eager (line 51): fetch expression is not a name"]}
    if accs:
        return {**col, "status": "ran", "verdict": "equivalent",
                "accuracy": {"equivalent": True, "delta": -0.004, "bound": 0.033}}
    return {**col, "status": "run failed: NameError: name 'tf' is not defined (at x.py:12)", "verdict": "error",
            "accuracy": None, "errors": ["NameError: name 'tf' is not defined (at x.py:12)"]}


def _report(pair, accs_modern, equivalent, verdict, passed=True):
    return {
        "pair": pair, "note": "", "step_check": {"passed": passed, "steps": 2, "max_abs_diff": 0.0,
                                                 "first_bad_step": None if passed else 1, "reason": "",
                                                 "legacy_losses": [1.0, 0.5], "modern_losses": [1.0, 0.5]},
        "accuracy": None if not accs_modern else {"equivalent": equivalent, "delta": 0.0, "bound": 0.033},
        "legacy": _column([0.9]), "modern": _column(accs_modern), "codemod": _codemod(accs_modern),
        "throughput_ratio_modern_over_legacy": 1.0 if accs_modern else None, "verdict": verdict,
    }


def test_markdown_table_rows():
    table = report.markdown_table([
        _report("good", [0.9], True, "equivalent"),
        _report("one_seed", [0.9], None, "inconclusive"),
        _report("broken", [0.9], False, "NOT equivalent", passed=False),
        _report("crashed", [], None, "NOT equivalent"),
    ])
    rows = {line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| ")}
    assert "**equivalent**" in rows["good"]
    assert "| 0.900 ± 0.000 equivalent, graph-mode fallback |" in rows["good"]
    assert "| pass, 2 steps, max Δ 0.0e+00 | 100 → 100 (1.00x, CPU:0) |" in rows["good"]
    assert "| run failed: NameError at x.py:12, graph-mode fallback |" in rows["crashed"]  # one line: the kind
    assert "inconclusive (1 seed)" in rows["one_seed"]
    assert "FAIL at step 1" in rows["broken"] and "**NOT equivalent**" in rows["broken"]
    assert "| error |" in rows["crashed"]
    assert "- crashed modern: ValueError: boom" in table
    assert "Iris flowers" in table  # the data set is described, not just named
    assert ("- good: `runs/verify/codemod/x.py` (--target tf2.15, graph-mode fallback); vs legacy Δ -0.004"
            " (bound ±0.033); TF1 left: tf.Session, tf.compat.v1") in table
    assert "  - TFM301 graph code not converted to eager (line 51): fetch expression is not a name" in table
    assert "  - error: NameError: name 'tf' is not defined (at x.py:12)" in table


def test_json_and_png_are_written(tmp_path):
    reports = [_report("good", [0.9], True, "equivalent")]
    report.write_json(reports, tmp_path / "r.json", {"seeds": 1})
    assert json.loads((tmp_path / "r.json").read_text())["pairs"][0]["pair"] == "good"
    report.write_curves_png(reports, tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"


def test_tensorboard_logs_read_back(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.util.tensor_util import make_ndarray

    report.write_tensorboard([_report("good", [0.9], True, "equivalent")], tmp_path)
    events = EventAccumulator(str(tmp_path / "good" / "legacy_seed0")).Reload()
    read = lambda tag: [(e.step, round(float(make_ndarray(e.tensor_proto)), 3)) for e in events.Tensors(tag)]
    assert read("loss") == [(0, 1.0), (1, 0.5)] and read("test_accuracy") == [(2, 0.9)]
    # tagged for TensorBoard's scalars dashboard, as tf.summary.scalar does
    assert events.SummaryMetadata("loss").plugin_data.plugin_name == "scalars"


def test_time_lines_say_where_the_time_goes():
    r = _report("good", [0.9], True, "equivalent")
    r["legacy"]["runs"][0].update(job_seconds=3.0, seconds=1.0)
    r["step_check"]["legacy_job_seconds"] = 0.5
    lines = report.time_lines([r], [{"worker": "legacy", "jobs": 2, "wall_seconds": 6.0, "jobs_seconds": 3.5}])
    assert "- good: legacy 3.5 / 1.0" in lines
    assert "- worker legacy: 2 job(s), 6.0 s wall, of which jobs 3.5 s" in lines
