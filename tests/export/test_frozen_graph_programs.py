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

# TF1's way to serve a SavedModel: load it into a session and run named tensors
LOAD_SAVED_MODEL = """import sys

import numpy as np
import tensorflow as tf

SAMPLE_SLOW = False  # the cases share one expensive module fixture: sampling them saves nothing (tests/conftest.py)

export_dir = sys.argv[1]
image = np.linspace(-1.0, 1.0, 192).reshape(1, 8, 8, 3)
with tf.Session(graph=tf.Graph()) as sess:
    tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export_dir)
    scores = sess.run('final_result:0', feed_dict={'input:0': image})
print([round(float(s), 5) for s in scores[0]])
"""

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
    # a v1 SavedModel of the same classifier, written by a TF1 session (simple_save)
    paths["saved_model"] = directory / "saved_model"
    with tf.Graph().as_default() as graph, tf.compat.v1.Session(graph=graph) as sess:
        x = tf.compat.v1.placeholder(tf.float32, [None, 8, 8, 3], name="input")
        w = tf.compat.v1.Variable(weights, name="final_weights", use_resource=False)  # TF 1.15 reads VariableV2
        y = tf.nn.softmax(tf.matmul(tf.reshape(x, [-1, 192]), w), name="final_result")
        sess.run(tf.compat.v1.global_variables_initializer())
        builder = tf.compat.v1.saved_model.Builder(str(paths["saved_model"]))
        signature = tf.compat.v1.saved_model.predict_signature_def({"input": x}, {"final_result": y})
        builder.add_meta_graph_and_variables(sess, [tf.saved_model.SERVING], {"serving_default": signature},
                                             strip_default_attrs=True)  # TF 1.15 rejects attributes it lacks
        builder.save()
    return paths


def _jobs(data: dict, scripts: Path, out: Path, poets: Path, modern: bool) -> dict:
    label = ["--graph", str(data["graph"]), "--image", str(data["image"]), "--labels", str(data["labels"]),
             "--input_height", "8", "--input_width", "8"]
    jobs = {
        "label_image": {"script": str(scripts / "label_image.py"), "argv": label},
        "count_ops": {"script": str(scripts / "count_ops.py"), "argv": [str(data["graph"])]},
        "load_saved_model": {"script": str(scripts / "load_saved_model.py"), "argv": [str(data["saved_model"])]},
    }
    if modern:
        jobs["modern_poets"] = {"run": str(REPO / "modern_examples" / "poets_tflite.py"),
                                "kwargs": {**TINY, "export_dir": str(out / "modern")}}
    jobs["graph_pb2tb"] = {"script": str(scripts / "graph_pb2tb.py"), "argv": [str(out), str(data["graph"])]}
    # switches eager execution off (the graph pass's fallback): last
    jobs["poets"] = {"run": str(poets), "kwargs": {**TINY, "export_dir": str(out / "poets")}}
    return jobs


def _run(python: Path, jobs: dict, tmp: Path, env: dict | None = None) -> dict:
    (tmp / "jobs.json").write_text(json.dumps(list(jobs.values())))
    proc = subprocess.run([str(python), str(DRIVER), str(tmp / "jobs.json")], capture_output=True, text=True,
                          timeout=600, env=env, cwd=str(tmp))
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULTS:")), None)
    assert line is not None, proc.stderr[-3000:]
    return dict(zip(jobs, json.loads(line[len("RESULTS:"):])))


def _migrated(tmp: Path, target: str) -> Path:
    folder = tmp / f"migrated-{target}"
    folder.mkdir()
    for name in ("label_image.py", "count_ops.py", "graph_pb2tb.py"):
        out, _ = migrate_python((SCRIPTS / name).read_bytes(), name, options=Options(target=target))
        (folder / name).write_bytes(out)
    out, _ = migrate_python(LOAD_SAVED_MODEL.encode(), "load_saved_model.py", options=Options(target=target))
    (folder / "load_saved_model.py").write_bytes(out)
    out, _ = migrate_python((REPO / "legacy_examples" / "poets_tflite.py").read_bytes(), "poets_tflite.py",
                            options=Options(target=target))
    (folder / "poets_tflite.py").write_bytes(out)
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("poets")
    data = _frozen_graph(tmp)
    results = {"data": data, "workdirs": {}}
    profiles = [("tf2.15", Path(sys.executable))] + [("latest", LATEST)] * LATEST.exists()
    for target, python in profiles:
        folder = _migrated(tmp, target)
        work = tmp / f"run-{target}"
        work.mkdir()
        results["workdirs"][target] = work
        results[target] = _run(python, _jobs(data, folder, work, folder / "poets_tflite.py", True), work)
        results[f"{target}-sources"] = {p.name: p.read_text() for p in folder.glob("*.py")}
    tf1 = tf1_python()
    if tf1 is not None:
        work = tmp / "run-tf1"
        work.mkdir()
        env = {k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"}
        env["PATH"] = f"{tf1.parent}{os.pathsep}{env.get('PATH', '')}"  # TOCO's toco_from_protos binary
        originals = tmp / "originals"
        originals.mkdir()
        (originals / "load_saved_model.py").write_text(LOAD_SAVED_MODEL)
        jobs = _jobs(data, SCRIPTS, work, REPO / "legacy_examples" / "poets_tflite.py", False)
        jobs["load_saved_model"]["script"] = str(originals / "load_saved_model.py")
        results["workdirs"]["tf1"] = work
        results["tf1"] = _run(tf1, jobs, work, env)
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
    assert _matches(_scores(results["label_image"]), runs["data"]["expected"]), _scores(results["label_image"])
    if "tf1" in runs:  # genuine TF 1.15 on the original (its MatMul kernel rounds the 5th decimal differently)
        assert _matches(_scores(runs["tf1"]["label_image"]), runs["data"]["expected"]), _scores(runs["tf1"]["label_image"])


@pytest.mark.parametrize("target", PROFILES)
def test_count_ops_runs_on_tf2_and_counts_the_same(runs, target):
    results = _profile(runs, target)
    assert "tf.compat.v1.GraphDef()" in runs[f"{target}-sources"]["count_ops.py"]
    assert "error" not in results["count_ops"], results["count_ops"].get("error")
    assert results["count_ops"]["stdout"].strip() == str(runs["data"]["ops"])
    if "tf1" in runs:
        assert runs["tf1"]["count_ops"]["stdout"].strip() == str(runs["data"]["ops"])


def _graph_events(directory: Path) -> list:
    """Node counts of the graph_def events TensorBoard would read from ``directory``'s event files."""
    import tensorflow as tf

    counts = []
    for path in sorted(directory.glob("events.out.tfevents.*")):
        for event in tf.compat.v1.train.summary_iterator(str(path)):
            if event.HasField("graph_def"):
                graph_def = tf.compat.v1.GraphDef()
                graph_def.ParseFromString(event.graph_def)
                counts.append(len(graph_def.node))
    return counts


@pytest.mark.parametrize("target", PROFILES)
def test_graph_pb2tb_writes_the_graph_with_tf_summary_graph(runs, target):
    results = _profile(runs, target)
    source = runs[f"{target}-sources"]["graph_pb2tb.py"]
    assert "tf.summary.graph(graph)" in source and "Session" not in source and "disable_eager" not in source
    assert "error" not in results["graph_pb2tb"], results["graph_pb2tb"].get("error")
    assert _graph_events(runs["workdirs"][target]) == [runs["data"]["ops"]]
    if "tf1" in runs:  # FileWriter.add_graph on genuine TF 1.15 wrote the same graph
        assert _graph_events(runs["workdirs"]["tf1"]) == [runs["data"]["ops"]]


@pytest.mark.parametrize("target", PROFILES)
def test_the_codemods_poets_tflite_converts_and_its_tflite_model_matches(runs, target):
    results = _profile(runs, target)
    source = runs[f"{target}-sources"]["poets_tflite.py"]
    assert "TocoConverter" not in source.replace("`tf.lite.TocoConverter", "")
    assert "tf.lite.TFLiteConverter.from_concrete_functions([frozen_graph_concrete_function(" in source
    result = results["poets"]
    assert "error" not in result, result.get("error")
    assert result["tflite_accuracy"] == pytest.approx(result["test_accuracy"], abs=1e-6)
    assert result["tflite_max_abs_diff"] < 1e-5
    if "tf1" in runs:  # the same program on genuine TF 1.15: same data, same seed, the same accuracy
        original = runs["tf1"]["poets"]
        assert "error" not in original, original.get("error")
        assert original["tflite_accuracy"] == pytest.approx(original["test_accuracy"], abs=1e-6)
        assert result["test_accuracy"] == pytest.approx(original["test_accuracy"], abs=0.02)


def _printed(result: dict) -> list:
    assert "error" not in result, result.get("error")
    return json.loads(result["stdout"].strip().splitlines()[-1])


@pytest.mark.parametrize("target", PROFILES)
def test_a_v1_saved_model_loaded_in_a_session_becomes_tf_saved_model_load(runs, target):
    results = _profile(runs, target)
    source = runs[f"{target}-sources"]["load_saved_model.py"]
    assert "Session" not in source.replace("Session.run", "") and "disable_eager_execution" not in source
    assert "loaded_model = tf.saved_model.load(export_dir, tags=[tf.saved_model.SERVING])" in source
    scores = _printed(results["load_saved_model"])
    image = np.linspace(-1.0, 1.0, 192).reshape(1, 192).astype(np.float32)
    logits = image @ np.random.RandomState(0).randn(192, len(LABELS)).astype(np.float32)
    expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    assert scores == pytest.approx(expected[0].tolist(), abs=2e-5)
    if "tf1" in runs:
        assert _printed(runs["tf1"]["load_saved_model"]) == pytest.approx(scores, abs=2e-5)


@pytest.mark.parametrize("target", PROFILES)
def test_the_modern_twins_tflite_model_gives_the_tf2_models_outputs(runs, target):
    result = _profile(runs, target)["modern_poets"]
    assert "error" not in result, result.get("error")
    assert result["tflite_accuracy"] == pytest.approx(result["test_accuracy"], abs=1e-6)
    assert result["tflite_max_abs_diff"] < 1e-5
    assert result["test_accuracy"] == pytest.approx(runs[target]["poets"]["test_accuracy"], abs=0.02)
