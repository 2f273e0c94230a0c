"""The TensorFlow-for-Poets frozen-graph scripts and the poets_tflite pair, migrated and run (issue 15).

A small frozen graph is made here (``input`` [None, 8, 8, 3] -> softmax ``final_result`` over 5
labels, default attributes stripped so TF 1.15 reads it), with a PNG and a labels file. The
original scripts (read-only, ``../shared/tf1_programs``) run on genuine TF 1.15 when ``.venv-tf1``
exists; their migrations run on TF 2.15 (``.venv``) and, migrated with ``--target latest``, on the
newest TF (``.venv-latest``). One interpreter per profile runs all its jobs (tests/export/_driver.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from migrate.engine.context import Options
from migrate.engine.source import migrate_python
from tests.tf1_reference import REPO, tf1_python

pytestmark = pytest.mark.slow

SCRIPTS = REPO.parent / "shared" / "tf1_programs" / "tensorflow_for_poets_2" / "scripts"
DRIVER = Path(__file__).with_name("_driver.py")
LABELS = ["daisy", "dandelion", "roses", "sunflowers", "tulips"]
LATEST = REPO / ".venv-latest" / "bin" / "python"
TINY = {"epochs": 2, "limit_train": 640, "limit_test": 200, "batch_size": 64}

if not SCRIPTS.exists():
    pytest.skip("no ../shared/tf1_programs", allow_module_level=True)


def _frozen_graph(directory: Path) -> dict:
    import tensorflow as tf

    rng = np.random.RandomState(0)
    weights = rng.randn(192, len(LABELS)).astype(np.float32)
    with tf.Graph().as_default() as graph:
        x = tf.compat.v1.placeholder(tf.float32, [None, 8, 8, 3], name="input")
        tf.nn.softmax(tf.matmul(tf.reshape(x, [-1, 192]), tf.constant(weights)), name="final_result")
    graph_def = tf.compat.v1.train.export_meta_graph(
        graph_def=graph.as_graph_def(), graph=graph, strip_default_attrs=True).graph_def
    pixels = rng.randint(0, 256, (8, 8, 3)).astype(np.uint8)
    paths = {"graph": directory / "graph.pb", "image": directory / "image.png", "labels": directory / "labels.txt"}
    paths["graph"].write_bytes(graph_def.SerializeToString())
    paths["image"].write_bytes(tf.io.encode_png(pixels).numpy())
    paths["labels"].write_text("\n".join(LABELS) + "\n")
    # label_image's defaults: (pixels - 128) / 128; a bilinear resize to the same size is the identity
    logits = ((pixels.astype(np.float32) - 128) / 128).reshape(1, 192) @ weights
    scores = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    paths["expected"] = [(LABELS[i], float(scores[0, i])) for i in scores[0].argsort()[-5:][::-1]]
    paths["ops"] = len(graph_def.node)
    return paths


def _jobs(data: dict, scripts: Path, out: Path, poets: Path, poets_kwargs: dict) -> list:
    label = ["--graph", str(data["graph"]), "--image", str(data["image"]), "--labels", str(data["labels"]),
             "--input_height", "8", "--input_width", "8"]
    return [
        {"script": str(scripts / "label_image.py"), "argv": label},
        {"script": str(scripts / "count_ops.py"), "argv": [str(data["graph"])]},
        # these two switch eager execution off (graph-mode fallbacks): last
        {"script": str(scripts / "graph_pb2tb.py"), "argv": [str(out), str(data["graph"])]},
        {"run": str(poets), "kwargs": {**poets_kwargs, "export_dir": str(out / "poets")}},
    ]


def _run(python: Path, jobs: list, tmp: Path, env: dict | None = None) -> list:
    (tmp / "jobs.json").write_text(json.dumps(jobs))
    proc = subprocess.run([str(python), str(DRIVER), str(tmp / "jobs.json")], capture_output=True, text=True,
                          timeout=600, env=env, cwd=str(tmp))
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULTS:")), None)
    assert line is not None, proc.stderr[-3000:]
    return json.loads(line[len("RESULTS:"):])


def _migrated(tmp: Path, target: str) -> Path:
    folder = tmp / f"migrated-{target}"
    folder.mkdir()
    for name in ("label_image.py", "count_ops.py", "graph_pb2tb.py"):
        out, _ = migrate_python((SCRIPTS / name).read_bytes(), name, options=Options(target=target))
        (folder / name).write_bytes(out)
    out, _ = migrate_python((REPO / "legacy_examples" / "poets_tflite.py").read_bytes(), "poets_tflite.py",
                            options=Options(target=target))
    (folder / "poets_tflite.py").write_bytes(out)
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("poets")
    data = _frozen_graph(tmp)
    results = {"data": data}
    profiles = [("tf2.15", Path(sys.executable))] + [("latest", LATEST)] * LATEST.exists()
    for target, python in profiles:
        folder = _migrated(tmp, target)
        work = tmp / f"run-{target}"
        work.mkdir()
        results[target] = _run(python, _jobs(data, folder, work, folder / "poets_tflite.py", TINY), work)
        results[f"{target}-sources"] = {p.name: p.read_text() for p in folder.glob("*.py")}
    tf1 = tf1_python()
    if tf1 is not None:
        work = tmp / "run-tf1"
        work.mkdir()
        env = {k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"}
        env["PATH"] = f"{tf1.parent}{os.pathsep}{env.get('PATH', '')}"  # TOCO's toco_from_protos binary
        results["tf1"] = _run(tf1, _jobs(data, SCRIPTS, work, REPO / "legacy_examples" / "poets_tflite.py", TINY),
                              work, env)
    return results


def _scores(result: dict) -> list:
    assert "error" not in result, result.get("error")
    return [line for line in result["stdout"].splitlines() if "(score=" in line]


def _matches(lines: list, expected: list) -> bool:
    """The labels in the same order and each score as numpy computes it (float32 sums: 5 decimals, +-2e-5)."""
    parsed = [(line.split(" (score=")[0], float(line.split("=")[1].rstrip(")"))) for line in lines]
    return [p[0] for p in parsed] == [e[0] for e in expected] and all(
        abs(p[1] - e[1]) < 2e-5 for p, e in zip(parsed, expected))


PROFILES = ["tf2.15", "latest"]


def _profile(runs, target):
    if target not in runs:
        pytest.skip(f"no {target} environment")
    return runs[target]


@pytest.mark.parametrize("target", PROFILES)
def test_label_image_migrates_to_eager_tf2_and_prints_the_same_scores(runs, target):
    results = _profile(runs, target)
    source = runs[f"{target}-sources"]["label_image.py"]
    assert "Session" not in source.replace("Session.run", "") and "disable_eager_execution" not in source
    assert "frozen_graph_function(graph, [input_operation.outputs[0]], output_operation.outputs[0])(t)" in source
    assert _matches(_scores(results[0]), runs["data"]["expected"]), _scores(results[0])
    if "tf1" in runs:  # genuine TF 1.15 on the original (its MatMul kernel rounds the 5th decimal differently)
        assert _matches(_scores(runs["tf1"][0]), runs["data"]["expected"]), _scores(runs["tf1"][0])


@pytest.mark.parametrize("target", PROFILES)
def test_count_ops_runs_on_tf2_and_counts_the_same(runs, target):
    results = _profile(runs, target)
    assert "tf.compat.v1.GraphDef()" in runs[f"{target}-sources"]["count_ops.py"]
    assert "error" not in results[1], results[1].get("error")
    assert results[1]["stdout"].strip() == str(runs["data"]["ops"])
    if "tf1" in runs:
        assert runs["tf1"][1]["stdout"].strip() == str(runs["data"]["ops"])


@pytest.mark.parametrize("target", PROFILES)
def test_graph_pb2tb_still_runs_in_graph_mode(runs, target):
    results = _profile(runs, target)
    assert "error" not in results[2], results[2].get("error")
    assert "disable_eager_execution" in runs[f"{target}-sources"]["graph_pb2tb.py"]


@pytest.mark.parametrize("target", PROFILES)
def test_the_codemods_poets_tflite_converts_and_its_tflite_model_matches(runs, target):
    results = _profile(runs, target)
    source = runs[f"{target}-sources"]["poets_tflite.py"]
    assert "TocoConverter" not in source.replace("`tf.lite.TocoConverter", "")
    assert "tf.lite.TFLiteConverter.from_concrete_functions([frozen_graph_concrete_function(" in source
    result = results[3]
    assert "error" not in result, result.get("error")
    assert result["tflite_accuracy"] == pytest.approx(result["test_accuracy"], abs=1e-6)
    assert result["tflite_max_abs_diff"] < 1e-5
    if "tf1" in runs:  # the same program on genuine TF 1.15: same data, same seed, the same accuracy
        original = runs["tf1"][3]
        assert "error" not in original, original.get("error")
        assert original["tflite_accuracy"] == pytest.approx(original["test_accuracy"], abs=1e-6)
        assert result["test_accuracy"] == pytest.approx(original["test_accuracy"], abs=0.02)
