"""The ecosystem conversions compute what the TF1 originals computed, measured by running both.

- v1 ``tf.losses``: the migrated snippet (the rule's real output) against the v1
  function from ``tf.compat.v1``, with and without weights and label smoothing,
  on TF 2.15 in process and on the newest TF (Keras 3) in a subprocess.
- v1 streaming metrics: the v1 metric run in a TF1 graph/session against the
  Keras metric object ``METRICS`` names, on fixed data.
- canned estimators: the learning rate and loss reduction the real
  tensorflow-estimator 2.15 builds (TF1 class and TF2 class), read off one
  training step, against ``ESTIMATOR_DEFAULTS`` and against the Keras model
  TFM260 generates (same measurement on its first step).
- TFRecord: the records the migrated iterator yields equal the v1 iterator's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf

from migrate.data.ecosystem_map import ESTIMATOR_DEFAULTS, METRICS
from migrate.engine.context import Options
from migrate.engine.source import migrate_python

tf1 = tf.compat.v1
ROOT = Path(__file__).resolve().parents[2]
LATEST = ROOT / ".venv-latest" / "bin" / "python"
RTOL, ATOL = 1e-5, 1e-6


def migrated(source: str, target: str = "tf2.15") -> str:
    out, _ = migrate_python(source.encode(), "snippet.py", options=Options(target=target))
    return out.decode()


def run_latest(script: str, tmp_path: Path) -> dict:
    """Run ``script`` on the newest TF (Keras 3) and return the JSON it prints last."""
    if not LATEST.exists():
        pytest.skip(f"{LATEST} is missing (make setup-latest builds it)")
    path = tmp_path / "script.py"
    path.write_text(script)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([str(LATEST), str(path)], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- v1 losses -------------------------------------------------------------------------------

_rs = np.random.RandomState(0)
DATA = {
    "Y": _rs.randn(6, 3).astype(np.float32),
    "P": _rs.randn(6, 3).astype(np.float32),
    "Z": _rs.randn(6, 4).astype(np.float32),
    "IDS": _rs.randint(0, 4, 6),
    "M": _rs.randint(0, 2, (6, 4)).astype(np.float32),
}
DATA["ONEHOT"] = np.eye(4, dtype=np.float32)[DATA["IDS"]]

LOSS_CASES = [
    "mean_squared_error(labels=Y, predictions=P)",
    "mean_squared_error(Y, P, weights=2.0)",
    "mean_squared_error(Y, P, weights=0.0)",
    "absolute_difference(Y, P)",
    "huber_loss(Y, P, delta=0.5)",
    "huber_loss(Y, P, weights=3)",
    "sigmoid_cross_entropy(M, Z)",
    "sigmoid_cross_entropy(M, Z, label_smoothing=0.2)",
    "softmax_cross_entropy(ONEHOT, Z)",
    "softmax_cross_entropy(ONEHOT, Z, weights=0.5, label_smoothing=0.1)",
    "sparse_softmax_cross_entropy(IDS, Z)",
    "sparse_softmax_cross_entropy(labels=IDS, logits=Z, weights=2.5)",
]


def _loss_program(case: str) -> str:
    return migrated(f"import tensorflow.compat.v1 as tf\nloss = tf.losses.{case}\n")


@pytest.mark.parametrize("case", LOSS_CASES)
def test_v1_loss_equals_its_keras_replacement(case):
    program = _loss_program(case)
    assert "keras.losses." in program and "tf.losses" not in program, program
    expected = float(eval(f"tf.losses.{case}", {"tf": tf1, **DATA}))
    namespace = dict(DATA)
    exec(program, namespace)
    assert float(namespace["loss"]) == pytest.approx(expected, rel=RTOL, abs=ATOL)


def test_v1_losses_on_the_latest_profile(tmp_path):
    np.savez(tmp_path / "data.npz", **DATA)
    programs = {case: migrated(f"import tensorflow.compat.v1 as tf\nloss = tf.losses.{case}\n", "latest")
                for case in LOSS_CASES}
    script = (
        "import json, numpy as np\n"
        f"data = dict(np.load({str(tmp_path / 'data.npz')!r}))\n"
        f"programs = {programs!r}\n"
        "out = {}\n"
        "for case, program in programs.items():\n"
        "    namespace = dict(data)\n"
        "    exec(program, namespace)\n"
        "    out[case] = float(namespace['loss'])\n"
        "print(json.dumps(out))\n"
    )
    results = run_latest(script, tmp_path)
    for case in LOSS_CASES:
        expected = float(eval(f"tf.losses.{case}", {"tf": tf1, **DATA}))
        assert results[case] == pytest.approx(expected, rel=RTOL, abs=ATOL), case


def test_tensor_weights_are_refused_because_the_reductions_differ():
    """Why the rule refuses non-scalar weights: v1 divides by the non-zero weights, Keras by the batch."""
    weights = np.array([[1.0], [0.0], [0.0], [1.0], [0.0], [1.0]], np.float32)
    v1 = float(tf1.losses.mean_squared_error(DATA["Y"], DATA["P"], weights=weights))
    keras = float(tf.keras.losses.MeanSquaredError()(DATA["Y"], DATA["P"], sample_weight=weights))
    assert v1 != pytest.approx(keras, rel=1e-3)
    source = "import tensorflow.compat.v1 as tf\nloss = tf.losses.mean_squared_error(Y, P, weights=w)\n"
    assert migrated(source) == source


# -- v1 streaming metrics -------------------------------------------------------------------------

_labels = _rs.randint(0, 2, 50)
_scores = _rs.rand(50).astype(np.float32)
_classes = (_scores > 0.5).astype(np.int64)
_y, _p = _rs.randn(50).astype(np.float32), _rs.randn(50).astype(np.float32)
METRIC_CASES = {
    "metrics.accuracy": (_labels, _classes),
    "metrics.precision": (_labels, _classes),
    "metrics.recall": (_labels, _classes),
    "metrics.auc": (_labels, _scores),
    "metrics.mean_squared_error": (_y, _p),
    "metrics.root_mean_squared_error": (_y, _p),
    "metrics.mean_absolute_error": (_y, _p),
    "metrics.true_positives": (_labels, _classes),
    "metrics.false_positives": (_labels, _classes),
    "metrics.true_negatives": (_labels, _classes),
    "metrics.false_negatives": (_labels, _classes),
}


@pytest.mark.parametrize("symbol", sorted(METRIC_CASES))
def test_v1_streaming_metric_equals_the_keras_metric_the_table_names(symbol):
    labels, predictions = METRIC_CASES[symbol]
    with tf.Graph().as_default():
        value, update = eval(f"tf1.{symbol}")(labels, predictions)
        with tf1.Session() as sess:
            sess.run(tf1.local_variables_initializer())
            sess.run(update)
            expected = sess.run(value)
    keras_name = METRICS[symbol][0]
    metric = eval(f"tf.{keras_name}")()
    metric.update_state(labels, predictions)
    assert float(metric.result()) == pytest.approx(float(expected), rel=RTOL, abs=ATOL)


def test_v1_accuracy_compares_values_not_argmax():
    """The note in METRICS: tf.metrics.accuracy on logits is not classification accuracy."""
    logits = np.array([[2.0, 1.0], [0.1, 3.0]], np.float32)
    labels = np.array([[1.0, 0.0], [0.0, 1.0]], np.float32)
    with tf.Graph().as_default():
        value, update = tf1.metrics.accuracy(labels, logits)
        with tf1.Session() as sess:
            sess.run(tf1.local_variables_initializer())
            sess.run(update)
            assert sess.run(value) == 0.0  # no value matches exactly, though both argmaxes do


# -- canned estimators -----------------------------------------------------------------------------

_X = np.random.RandomState(1).randn(8, 4).astype(np.float32)
_Y = np.array([0, 1, 2, 0, 1, 2, 0, 1])


def _estimator_measure(cls, **kwargs):
    """(loss / mean per-example loss, learning rate) read off one training step from the initial state.

    Adagrad and Ftrl (initial_accumulator_value 0.1, learning_rate_power -0.5, no l1/l2,
    Ftrl's weights starting at 0) both move a variable by ``lr * g / sqrt(0.1 + g**2)``
    on their first step, so the rate is recovered exactly from the logits' bias.
    """
    est = cls(feature_columns=[tf1.feature_column.numeric_column("x", shape=[4])], n_classes=3, **kwargs)
    with tf.Graph().as_default():
        tf1.train.get_or_create_global_step()
        spec = est.model_fn({"x": tf.constant(_X)}, tf.constant(_Y.reshape(-1, 1)), tf.estimator.ModeKeys.TRAIN,
                            est.config)
        bias = [v for v in tf1.trainable_variables() if "bias" in v.name][-1]  # the logits' bias
        grad = tf.gradients(spec.loss, bias)[0]
        ce = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=_Y, logits=spec.predictions["logits"])
        with tf1.Session() as sess:
            sess.run([tf1.global_variables_initializer(), tf1.local_variables_initializer()])
            loss, per_example, g, before = sess.run([spec.loss, ce, grad, bias])
            sess.run(spec.train_op)
            after = sess.run(bias)
    return float(loss / per_example.mean()), float(np.median((before - after) * np.sqrt(0.1 + g**2) / g))


ESTIMATORS = [
    ("DNNClassifier", "v1", lambda: tf1.estimator.DNNClassifier, {"hidden_units": [5]}),
    ("DNNClassifier", "v2", lambda: tf.estimator.DNNClassifier, {"hidden_units": [5]}),
    ("LinearClassifier", "v1", lambda: tf1.estimator.LinearClassifier, {}),
    ("LinearClassifier", "v2", lambda: tf.estimator.LinearClassifier, {}),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "version", "cls", "kwargs"), ESTIMATORS, ids=[f"{e[0]}-{e[1]}" for e in ESTIMATORS])
def test_estimator_defaults_are_measured(name, version, cls, kwargs):
    batch_ratio, lr = _estimator_measure(cls(), **kwargs)
    _, expected_lr, reduction = ESTIMATOR_DEFAULTS[name][version]
    assert lr == pytest.approx(expected_lr, rel=1e-4)
    assert batch_ratio == pytest.approx(len(_Y) if reduction == "sum" else 1.0, rel=1e-5)


KERAS_MEASURE = """
import json, numpy as np, tensorflow as tf
X = np.random.RandomState(1).randn(8, 4).astype(np.float32)
Y = np.array([0, 1, 2, 0, 1, 2, 0, 1])
out = {}
for key, program in PROGRAMS.items():
    namespace = {"X": X, "Y": Y}
    exec(program, namespace)
    model = namespace["est"]
    features = tf.reshape(tf.cast(X, tf.float32), [-1, 4])
    model(features)  # build
    bias = model.layers[-1].bias
    with tf.GradientTape() as tape:
        logits = model(features)
        loss = model.loss(Y, logits)
    g = tape.gradient(loss, bias).numpy()
    ce = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=Y, logits=logits).numpy()
    before = bias.numpy().copy()
    model.optimizer.apply_gradients([(tf.convert_to_tensor(g), bias)])
    after = bias.numpy()
    out[key] = [float(loss) / float(ce.mean()), float(np.median((before - after) * np.sqrt(0.1 + g ** 2) / g))]
print(json.dumps(out))
"""


def _estimator_programs(target: str) -> dict[str, str]:
    programs = {}
    for name, version, _, kwargs in ESTIMATORS:
        hidden = "hidden_units=[5], " if "hidden_units" in kwargs else ""
        spell = "tf.estimator" if version == "v1" else "tf.compat.v1.estimator"  # TF1 file / TF2 file
        source = (
            "import tensorflow as tf\n"
            f"est = tf.estimator.{name}({hidden}feature_columns=[tf.feature_column.numeric_column('x', shape=[4])], "
            "n_classes=3)\n"
            f"est.train(input_fn={spell}.inputs.numpy_input_fn(x={{'x': X}}, y=Y, shuffle=False))\n"
        )
        program = migrated(source, target)
        assert "keras.Sequential" in program, program
        # measure before any training: the fit call becomes a no-op
        programs[f"{name}-{version}"] = program.replace("est.fit(", "(lambda *args, **kwargs: None)(")
    return programs


@pytest.mark.slow
def test_generated_keras_models_train_like_the_estimators(tmp_path):
    """The same first-step measurement on the Keras model TFM260 writes, on both profiles."""
    measured = {f"{n}-{v}": _estimator_measure(c(), **k) for n, v, c, k in ESTIMATORS}
    for target, python in (("tf2.15", sys.executable), ("latest", None)):
        script = f"PROGRAMS = {_estimator_programs(target)!r}\n" + KERAS_MEASURE
        if python is None:
            results = run_latest(script, tmp_path)
        else:
            path = tmp_path / "measure.py"
            path.write_text(script)
            done = subprocess.run([python, str(path)], capture_output=True, text=True, timeout=600,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
            assert done.returncode == 0, done.stderr[-3000:]
            results = json.loads(done.stdout.strip().splitlines()[-1])
        for key, (ratio, lr) in measured.items():
            assert results[key][0] == pytest.approx(ratio, rel=1e-4), (target, key)
            # TF1 class: epsilon=0.0 reproduces v1 Adagrad; TF2 class: both are Keras Adagrad (epsilon 1e-7).
            assert results[key][1] == pytest.approx(lr, rel=1e-6), (target, key)


# -- TFRecord ------------------------------------------------------------------------------------------


def test_tf_record_iterator_replacement_yields_the_same_bytes(tmp_path):
    path = str(tmp_path / "data.tfrecord")
    records = [b"", b"a", bytes(range(256)) * 3, "é".encode()]
    with tf.io.TFRecordWriter(path) as writer:
        for record in records:
            writer.write(record)
    program = migrated("import tensorflow as tf\nout = list(tf.python_io.tf_record_iterator(path))\n")
    assert "TFRecordDataset" in program, program
    namespace = {"path": path}
    exec(program, namespace)
    assert namespace["out"] == list(tf1.io.tf_record_iterator(path)) == records
    assert all(type(r) is bytes for r in namespace["out"])


def test_tf_record_iterator_replacement_on_the_latest_profile(tmp_path):
    path = str(tmp_path / "data.tfrecord")
    records = [b"first", b"", bytes(range(256))]
    with tf.io.TFRecordWriter(path) as writer:
        for record in records:
            writer.write(record)
    program = migrated("import tensorflow as tf\nout = list(tf.python_io.tf_record_iterator(path))\n", "latest")
    script = (f"import json\nnamespace = {{'path': {path!r}}}\nexec({program!r}, namespace)\n"
              "print(json.dumps([list(r) for r in namespace['out']]))\n")
    assert [bytes(r) for r in run_latest(script, tmp_path)] == records
