"""Custom tf.estimator model_fn -> functional Keras model (TFM274): converted, refused, left alone, run.

The run test trains ``programs/model_fn_iris.py`` on genuine TF 1.15 (``.venv-tf1``; skipped without it) and
its migration on TF 2.15 and on the newest TF (Keras 3).
"""

from __future__ import annotations

import sys

import pytest

from migrate.findings import Severity
from migrate.graph.idiom import absent_in_tf2, tf1_left
from tests.ecosystem.running import run
from tests.ecosystem.test_estimators import LATEST, PROGRAMS, migrate
from tests.tf1_reference import tf1_python

PROGRAM = PROGRAMS / "model_fn_iris.py"


@pytest.mark.parametrize("target", ["tf2.15", "latest"])
def test_program_converts_completely(target):
    out, findings = migrate(PROGRAM.read_text(), target)
    assert tf1_left(out.encode()) == [] and absent_in_tf2(out.encode()) == [], out
    assert [f for f in findings if f.code == "TFM274" and f.fixed], findings
    assert not [f for f in findings if f.severity is Severity.ERROR], findings
    compile(out, "model_fn_iris.py", "exec")
    assert migrate(out, target)[0] == out  # a second run changes nothing


def test_the_three_parts_of_the_model_fn():
    out, _ = migrate(PROGRAM.read_text())
    # forward pass: Keras layers called once on Inputs; dropout's training= is Keras' own phase
    assert "def my_model(features):" in out and "net = tf.keras.layers.Dense(units, activation=tf.nn.tanh)(net)" in out
    assert "net = tf.keras.layers.Dropout(0.1)(net)" in out and "return logits" in out and "mode ==" not in out
    # predictions from the output, one dict per example
    assert "def my_model_predictions(logits):" in out
    assert "estimator_predictions(my_model_predictions(classifier.predict(test_input_fn, verbose=0)))" in out
    # TRAIN / EVAL branches -> compile: decay on the optimizer's iterations (the global step), batch-mean loss
    assert "tf.keras.optimizers.schedules.ExponentialDecay(0.3, 100, 0.9)" in out and "epsilon=0.0" in out
    assert "SparseCategoricalCrossentropy(from_logits=True)" in out and "reduction" not in out
    assert "SparseCategoricalAccuracy(name='accuracy')" in out
    # numpy_input_fn -> tf.data; train(steps) -> fit(take(steps)) on a model built from the training data
    assert ".shuffle(1000).repeat().batch(32)" in out and "classifier.fit(train_input_fn.take(800), verbose=0)" in out
    assert out.index("classifier = keras_model_of(my_model, train_input_fn)") < out.index("classifier.fit(")


def _program(model_fn_tail: str = "", forward: str = "", estimator: str = "tf.estimator.Estimator(model_fn=f)",
             uses: str = "est.train(input_fn=fn, steps=5)\nr = est.evaluate(input_fn=fn)\nprint(r['accuracy'])\n",
             loss: str = "tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)",
             metric: str = "tf.metrics.accuracy(labels=labels, predictions=tf.argmax(logits, 1))") -> str:
    return ("import tensorflow as tf\n\n\ndef f(features, labels, mode):\n"
            "    h = tf.layers.dense(features['x'], 4)\n" + forward +
            "    logits = tf.layers.dense(h, 3)\n"
            "    if mode == tf.estimator.ModeKeys.PREDICT:\n"
            "        return tf.estimator.EstimatorSpec(mode, predictions={'c': tf.argmax(logits, 1)})\n"
            f"    loss = {loss}\n"
            "    if mode == tf.estimator.ModeKeys.TRAIN:\n"
            "        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, tf.train.get_global_step())\n"
            "        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)\n" + model_fn_tail +
            f"    return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops={{'accuracy': {metric}}})\n\n\n"
            f"est = {estimator}\n"
            "fn = tf.estimator.inputs.numpy_input_fn(x={'x': X}, y=Y, shuffle=False)\n" + uses)


def test_the_template_converts():
    out, findings = migrate(_program())
    assert "keras_model_of(f, fn)" in out and tf1_left(out.encode()) == [], out
    assert "optimizer=tf.keras.optimizers.SGD(learning_rate=0.1)" in out


REFUSED = [
    (_program(estimator="tf.estimator.Estimator(model_fn=f, params={'n': 1})"), "more than model_fn and model_dir"),
    (_program(estimator="tf.estimator.Estimator(model_fn=f, config=cfg)"), "more than model_fn and model_dir"),
    (_program(uses="h = tf.train.StopAtStepHook(5)\nest.train(input_fn=fn, steps=5, hooks=[h])\n"),
     "not a LoggingTensorHook"),
    (_program(uses="est.train(input_fn=fn, max_steps=5)\n"), "arguments other than input_fn and steps"),
    (_program(uses="est.train(input_fn=fn, steps=5)\nest.train(input_fn=fn, steps=5)\n"), "trained more than once"),
    (_program(uses="est.train(input_fn=fn, steps=5)\nr = est.evaluate(input_fn=fn)\nprint(r['global_step'])\n"),
     "'global_step'"),
    (_program(uses="est.train(input_fn=fn, steps=5)\nest.export_saved_model('d', serve)\n"), "est.export_saved_model"),
    (_program(uses="est.train(input_fn=lambda: ds, steps=5)\n"), "not a variable bound to numpy_input_fn"),
    (_program(loss="tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits, weights=w)"),
     "weights, a reduction"),
    (_program(loss="tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))"),
     "not a tf.losses function"),
    (_program(metric="tf.metrics.auc(labels=labels, predictions=logits)"), "no Keras metric of the same value"),
    (_program(metric="tf.metrics.accuracy(labels=labels, predictions=logits)"), "class ids"),
    (_program(forward="    h = h * tf.cast(labels, tf.float32)\n"), "reads the labels"),
    (_program(forward="    h = tf.layers.dropout(h, training=is_training)\n"), "neither mode == ModeKeys.TRAIN nor a literal"),
    (_program().replace("        return tf.estimator.EstimatorSpec(mode, predictions={'c': tf.argmax(logits, 1)})",
                        "        return tf.estimator.EstimatorSpec(mode, predictions={'c': h})"),
     "predictions read forward-pass values other than logits"),
    (_program().replace("if mode == tf.estimator.ModeKeys.PREDICT", "if mode == tf.estimator.ModeKeys.EVAL"),
     "is not: forward pass"),
]


@pytest.mark.parametrize(("source", "reason"), REFUSED, ids=[r for _, r in REFUSED])
def test_refused_patterns_are_left_with_the_reason(source, reason):
    out, findings = migrate(source)
    assert "tf.estimator.Estimator(" in out and "keras_model_of" not in out
    mine = [f for f in findings if f.code == "TFM274"]
    assert len(mine) == 1 and not mine[0].fixed and mine[0].severity is Severity.WARNING, findings
    assert reason in mine[0].message, mine[0].message
    _, latest = migrate(source, "latest")
    assert [f.severity for f in latest if f.code == "TFM274"] == [Severity.ERROR]  # gone in TF >= 2.16


LEFT_ALONE = [
    ("from mylib import estimator\nest = estimator.Estimator(model_fn=f)\nest.train(input_fn=fn, steps=5)\n",
     "not TensorFlow"),
    ("import tensorflow as tf\nmodel = tf.keras.Model(inputs, outputs)\nmodel.fit(ds, epochs=2)\n", "already TF2"),
]


@pytest.mark.parametrize(("source", "why"), LEFT_ALONE, ids=[w for _, w in LEFT_ALONE])
def test_left_alone(source, why):
    out, findings = migrate(source)
    assert out == source and not [f for f in findings if f.code == "TFM274"]


@pytest.mark.slow
def test_migrated_program_matches_tf1(tmp_path):
    source = PROGRAM.read_text()
    python = tf1_python()
    original = run(str(python), source, tmp_path, "original.py", "tf1") if python is not None else None
    results = {"tf2.15": run(sys.executable, migrate(source)[0], tmp_path, "migrated.py")}
    if LATEST.exists():
        results["latest"] = run(str(LATEST), migrate(source, "latest")[0], tmp_path, "migrated_latest.py")
    for target, result in results.items():
        assert result["accuracy"] == pytest.approx(result["predict_accuracy"], abs=1e-6), (target, result)
        if original is not None:
            # unseeded, 30 test examples: within 4 of them. 5 runs each, 2026-12-02: TF 1.15, tf2.15 and latest
            # all 0.967-1.0; CI on 2026-12-03 saw TF 1.15 at 0.9 (3 misses) and tf2.15 at 1.0
            assert result["accuracy"] == pytest.approx(original["accuracy"], abs=4 / 30 + 1e-6), (target, result, original)
    if original is None:
        pytest.skip("no genuine TF 1.15 (make setup-tf1): the migrations ran, nothing to compare with")


def test_dropout_without_a_mode_flag_stays_off():
    # tf.layers.dropout defaults to training=False: it never dropped, not even in TRAIN
    out, _ = migrate(_program(forward="    h = tf.layers.dropout(h, rate=0.5)\n"))
    assert "h = tf.keras.layers.Dropout(0.5)(h, training=False)" in out, out


def test_logging_tensor_hook_goes_with_its_tensors():
    out, findings = migrate(_program(uses="log = {'p': 'softmax'}\nhook = tf.train.LoggingTensorHook(tensors=log, "
                                          "every_n_iter=50)\nest.train(input_fn=fn, steps=5, hooks=[hook])\n"))
    assert "LoggingTensorHook" not in out and "log = " not in out and "est.fit(fn.take(5), verbose=0)" in out, out
    assert any("LoggingTensorHook dropped" in f.message for f in findings if f.code == "TFM274")
