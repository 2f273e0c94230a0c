"""Ecosystem rules beyond their embedded examples: findings, severities per profile, refusals."""

from __future__ import annotations

import pytest

from migrate.engine.context import Options
from migrate.engine.source import migrate_python
from migrate.findings import Severity


def migrate(source: str, target: str = "tf2.15"):
    out, findings = migrate_python(source.encode(), "f.py", options=Options(target=target))
    return out.decode(), findings


def codes(findings, code):
    return [f for f in findings if f.code == code]


@pytest.mark.parametrize(("case", "reason"), [
    ("mean_squared_error(Y, P, reduction=tf.losses.Reduction.SUM)", "reduction"),
    ("mean_squared_error(Y, P, loss_collection=None)", "loss_collection"),
    ("sigmoid_cross_entropy(M, Z, weights=mask)", "not a number"),
    ("softmax_cross_entropy(*args)", "can't be matched"),
])
def test_v1_losses_refused_with_the_reason(case, reason):
    source = f"import tensorflow.compat.v1 as tf\nloss = tf.losses.{case}\n"
    out, findings = migrate(source)
    assert out == source
    (finding,) = codes(findings, "TFM265")
    assert reason in finding.message and not finding.fixed


def test_v1_losses_convert_the_same_on_both_profiles():
    source = "import tensorflow.compat.v1 as tf\nloss = tf.losses.huber_loss(Y, P, delta=2.0, scope='h')\n"
    out, findings = migrate(source)
    assert out == migrate(source, "latest")[0]
    assert "Huber(delta=2.0)(Y, P)" in out and "scope" not in out
    assert "scope name is dropped" in codes(findings, "TFM265")[0].message


def test_v1_only_metric_names_are_reported_only_in_tf1_files():
    tf2 = "import tensorflow as tf\nm = tf.metrics.mean_squared_error(y, p)\n"
    tf1 = "import tensorflow.compat.v1 as tf\nm, op = tf.metrics.mean_squared_error(y, p)\n"
    assert not codes(migrate(tf2)[1], "TFM267")
    (finding,) = codes(migrate(tf1)[1], "TFM267")
    assert "tf.keras.metrics.MeanSquaredError" in finding.message


def test_collections_are_reported_with_the_keras_recipe():
    _, findings = migrate("import tensorflow as tf\nreg = tf.losses.get_regularization_loss()\n")
    (finding,) = codes(findings, "TFM266")
    assert "model.losses" in finding.message


@pytest.mark.parametrize(("target", "severity"), [("tf2.15", Severity.WARNING), ("latest", Severity.ERROR)])
def test_custom_estimators_are_errors_only_where_estimators_are_gone(target, severity):
    source = ("import tensorflow as tf\n"
              "def model_fn(features, labels, mode):\n"
              "    return tf.estimator.EstimatorSpec(mode, loss=loss)\n"
              "est = tf.estimator.Estimator(model_fn=model_fn)\n")
    out, findings = migrate(source, target)
    assert out == source
    found = codes(findings, "TFM262")
    assert [f.severity for f in found] == [severity, severity]
    assert "tf.keras.Model" in found[1].message


@pytest.mark.parametrize(("uses", "reason"), [
    ("", "never trained or evaluated"),
    ("est.train(input_fn=fn)\n", "not assigned exactly once"),
    ("p = est.predict(input_fn=tf.estimator.inputs.numpy_input_fn(x={'a': X}, shuffle=False))\n", "output names"),
    ("print(est.evaluate(input_fn=tf.estimator.inputs.numpy_input_fn(x={'a': X}, y=Y, shuffle=False))['acc'])\n",
     "'acc'"),
])
def test_model_to_estimator_refusals_name_the_reason(uses, reason):
    source = "import tensorflow as tf\nest = tf.keras.estimator.model_to_estimator(keras_model=net)\n" + uses
    out, findings = migrate(source)
    # left as it is, but TFM261 keeps the input function running on tf2.15 (which lacks tf.estimator.inputs)
    assert out == source.replace("tf.estimator.inputs.", "tf.compat.v1.estimator.inputs.")
    (finding,) = codes(findings, "TFM263")
    assert reason in finding.message and "use the Keras model itself" in finding.message and not finding.fixed


def test_custom_estimator_keeps_its_model_fn_on_compat_v1_for_tf215():
    source = ("import tensorflow as tf\n"
              "def model_fn(features, labels, mode):\n"
              "    net = tf.feature_column.input_layer(features, cols)\n"
              "    op = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=tf.train.get_global_step())\n"
              "    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=op)\n"
              "est = tf.estimator.Estimator(model_fn=model_fn)\n"
              "est.train(input_fn=tf.estimator.inputs.numpy_input_fn(x={'a': X}, y=Y, shuffle=False))\n")
    out, findings = migrate(source)
    for v1 in ("feature_column.input_layer", "train.AdamOptimizer", "train.get_global_step", "estimator.inputs."):
        assert f"tf.compat.v1.{v1}" in out
    assert "tf.estimator.Estimator(" in out and "tf.estimator.EstimatorSpec(" in out
    assert codes(findings, "TFM272")[0].fixed
    assert migrate(out)[0] == out
    latest, findings = migrate(source, "latest")
    assert latest == source and not codes(findings, "TFM272")  # no estimators to keep running there


def test_record_iterator_with_options_is_left():
    source = "import tensorflow as tf\nfor r in tf.python_io.tf_record_iterator(p, options=o):\n    pass\n"
    out, findings = migrate(source)
    assert out == source
    assert "compression_type" in codes(findings, "TFM270")[0].message


def test_record_writer_is_a_plain_rename_from_the_generated_table():
    out, _ = migrate("import tensorflow as tf\nw = tf.python_io.TFRecordWriter(p)\n")
    assert out == "import tensorflow as tf\nw = tf.io.TFRecordWriter(p)\n"


def test_device_blocks_are_reported_once_each_and_left():
    source = ("import tensorflow as tf\n"
              "with tf.device('/gpu:0'):\n"
              "    with tf.device('/cpu:0'):\n"
              "        w = tf.Variable(tf.zeros([2]))\n"
              "    h = tf.matmul(x, w)\n"
              "def f():\n"
              "    with tf.device(name), open(p) as fh:\n"
              "        return tf.constant(1)\n")
    out, findings = migrate(source)
    found = codes(findings, "TFM271")
    assert [f.line for f in found] == [2, 3, 7]
    assert all(not f.fixed and "tf.config.set_visible_devices" in f.message for f in found)
    assert "tf.device('/gpu:0')" in out


@pytest.mark.parametrize("symbol", [
    "saved_model.builder.SavedModelBuilder", "saved_model.loader.load", "saved_model.simple_save",
    "saved_model.signature_def_utils.predict_signature_def", "saved_model.utils.build_tensor_info",
    "graph_util.convert_variables_to_constants", "graph_util.extract_sub_graph",
])
def test_saving_apis_are_reported_with_the_tf2_recipe(symbol):
    source = f"import tensorflow as tf\nx = tf.{symbol}(a, b)\n"
    out, findings = migrate(source)
    assert out == source
    found = [f for f in findings if f.code in ("TFM268", "TFM269")]
    assert len(found) == 1 and "TF2:" in found[0].message and not found[0].fixed
    assert not [f for f in findings if f.code == "TFM900"], "the generic graph-only report stays quiet"


def test_files_kept_in_graph_mode_keep_every_watched_tf1_symbol_on_compat_v1():
    """TFM900 renames TF1-only symbols in graph-mode files; the ecosystem rules that watch some must too."""
    source = ("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
              "acc, op = tf.metrics.accuracy(y, p)\nreg = tf.losses.get_regularization_loss()\n"
              "loss = tf.losses.sparse_softmax_cross_entropy(y, z)\n"
              "b = tf.saved_model.builder.SavedModelBuilder(d)\nf = tf.graph_util.convert_variables_to_constants(s, g, o)\n")
    out, findings = migrate(source)
    for symbol in ("metrics.accuracy", "losses.get_regularization_loss", "losses.sparse_softmax_cross_entropy",
                   "saved_model.builder.SavedModelBuilder", "graph_util.convert_variables_to_constants"):
        assert f"tf.compat.v1.{symbol}(" in out, symbol
    import tensorflow as tf  # every one of them exists there on TF 2.15
    for line in out.splitlines()[2:]:
        path = line.split("= ", 1)[1].split("(")[0].replace("tf.compat.v1.", "")
        obj = tf.compat.v1
        for part in path.split("."):
            obj = getattr(obj, part)
    assert all(f.fixed for f in findings if f.code in ("TFM265", "TFM266", "TFM267", "TFM268", "TFM269"))
