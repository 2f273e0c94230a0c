"""Contrib rules per target profile, import form and fallback setting (the embedded examples cover tf2.15)."""

from __future__ import annotations

import pytest

from migrate.engine.context import Options
from migrate.engine.source import default_rules, migrate_python
from migrate.findings import Severity

RULES = default_rules()


def migrate(code: str, target: str = "tf2.15", fallback: bool = True):
    out, findings = migrate_python(code.encode(), "t.py", RULES, Options(fallback=fallback, target=target))
    return out.decode(), findings


def codes(findings, severity=None):
    return [f.code for f in findings if severity is None or f.severity is severity]


@pytest.mark.parametrize(
    ("code", "rule", "symbol"),
    [
        ("import tensorflow as tf\ny = tf.contrib.image.rotate(x, 0.5)\n", "TFM200", "contrib.image.rotate"),
        ("import tensorflow as tf\ns = tf.contrib.crf.crf_log_likelihood(u, t, n)\n", "TFM200", "contrib.crf.crf_log_likelihood"),
        ("import tensorflow as tf\nl = tf.contrib.seq2seq.sequence_loss(z, t, w, average_across_batch=False)\n", "TFM209",
         "contrib.seq2seq.sequence_loss"),
        ("import tensorflow as tf\nl = tf.contrib.losses.metric_learning.triplet_semihard_loss(y, e)\n", "TFM205",
         "contrib.losses.metric_learning.triplet_semihard_loss"),
        ("import tensorflow as tf\nh = tf.contrib.layers.fully_connected(x, 10)\n", "TFM206", "contrib.layers.fully_connected"),
        ("import tensorflow as tf\nc = tf.contrib.rnn.BasicLSTMCell(8)\n", "TFM208", "contrib.rnn.BasicLSTMCell"),
    ],
    ids=["image.rotate", "crf", "sequence_loss", "triplet loss", "fully_connected fallback", "v1 cell fallback"],
)
def test_latest_has_no_addons_nor_v1_layers_so_the_code_stays_with_an_error(code, rule, symbol):
    """Outside a graph-mode file (where TFM303 would load tf-keras), latest has no v1 layers or cells."""
    out, findings = migrate(code, target="latest")
    assert out == code
    [finding] = [f for f in findings if f.code == rule]
    assert finding.severity is Severity.ERROR and f"tf.{symbol}" in finding.message
    assert "latest" in finding.message or "Keras 3" in finding.message
    assert "TFM901" not in codes(findings)


def test_the_default_profile_uses_addons_for_the_same_call():
    out, _ = migrate("import tensorflow as tf\nl = tf.contrib.seq2seq.sequence_loss(z, t, w, average_across_batch=False)\n")
    assert "import tensorflow_addons as tfa" in out and "tfa.seq2seq.sequence_loss(z, t, w, average_across_batch=False)" in out


@pytest.mark.parametrize("target", ["tf2.15", "latest"])
def test_sequence_loss_with_default_averaging_is_core_on_both_profiles(target):
    out, _ = migrate("import tensorflow as tf\nl = tf.contrib.seq2seq.sequence_loss(z, t, w)\n", target=target)
    assert "l = tf.math.divide_no_nan(tf.reduce_sum(" in out and "tfa" not in out


@pytest.mark.parametrize("target", ["tf2.15", "latest"])
def test_core_mappings_are_the_same_on_both_profiles(target):
    out, _ = migrate("import tensorflow as tf\nreg = tf.contrib.layers.l2_regularizer(0.001)\n"
                     "flat = tf.contrib.framework.nest.flatten(s)\n", target=target)
    assert "tf.keras.regularizers.L2(0.0005)" in out and "tf.nest.flatten(s)" in out


def test_mode_keys_become_plain_strings_on_latest():
    code = "import tensorflow as tf\nif mode == tf.contrib.learn.ModeKeys.TRAIN:\n    pass\n"
    assert 'mode == tf.estimator.ModeKeys.TRAIN' in migrate(code)[0]
    assert 'mode == "train"' in migrate(code, target="latest")[0]


@pytest.mark.parametrize(
    "code",
    [
        "import tensorflow as tf\nw = tf.contrib.layers.xavier_initializer()\n",
        "from tensorflow.contrib import layers\nw = layers.xavier_initializer()\n",
        "from tensorflow.contrib.layers import xavier_initializer\nw = xavier_initializer()\n",
        "from tensorflow.contrib import slim\nw = slim.xavier_initializer()\n",
        "import tensorflow.compat.v1 as tf\nw = tf.contrib.layers.xavier_initializer()\n",
    ],
    ids=["attribute", "from-import of the module", "from-import of the function", "slim", "compat.v1 alias"],
)
def test_every_import_form_is_migrated(code):
    out, findings = migrate(code)
    assert "glorot_uniform_initializer()" in out  # kept in a name: the stateful v1 initializer
    assert "contrib" not in out and "TFM203" in codes(findings)


@pytest.mark.parametrize(
    "code",
    [
        "import tensorflow as tf\nd = tf.contrib.ffmpeg.decode_audio(x)\n",
        "from tensorflow.contrib import ffmpeg\nd = ffmpeg.decode_audio(x)\n",
        "from tensorflow.contrib.ffmpeg import decode_audio\nd = decode_audio(x)\n",
        "import tensorflow.contrib.ffmpeg as ff\nd = ff.decode_audio(x)\n",
    ],
    ids=["attribute", "from-import of the module", "from-import of the function", "import as"],
)
def test_an_unmapped_contrib_symbol_is_an_error_naming_it_in_every_import_form(code):
    out, findings = migrate(code)
    assert out == code
    [finding] = [f for f in findings if f.code == "TFM901"]
    assert finding.severity is Severity.ERROR and "tf.contrib.ffmpeg.decode_audio" in finding.message


def test_advice_names_the_symbol_and_the_tf2_way():
    _, findings = migrate("import tensorflow as tf\nhp = tf.contrib.training.HParams(hparam_def)\n")
    [finding] = [f for f in findings if f.code == "TFM201"]
    assert finding.severity is Severity.ERROR and "tf.contrib.training.HParams" in finding.message
    assert "dataclass" in finding.message


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("import tensorflow as tf\nstep = tf.contrib.framework.get_or_create_global_step()\n", "TFM201"),
        ("import tensorflow as tf\nh = tf.contrib.layers.fully_connected(x, 10)\n", "TFM206"),
        ("import tensorflow as tf\nl = tf.contrib.losses.softmax_cross_entropy(z, y, weights=w)\n", "TFM204"),
        ("import tensorflow as tf\ninit = tf.contrib.layers.xavier_initializer()\n", "TFM203"),
    ],
    ids=["global step", "layer", "weighted loss", "reused initializer"],
)
def test_no_fallback_leaves_the_compat_v1_forms_out(code, rule):
    out, findings = migrate(code, fallback=False)
    assert out == code
    assert [f.severity for f in findings if f.code == rule] == [Severity.ERROR]
    with_fallback, _ = migrate(code)
    assert "tf.compat.v1." in with_fallback


def test_a_direct_initializer_argument_becomes_keras_and_a_kept_one_stays_stateful():
    out, _ = migrate("import tensorflow as tf\ninit = tf.contrib.layers.variance_scaling_initializer()\n"
                     "d = tf.keras.layers.Dense(3, kernel_initializer=tf.contrib.layers.variance_scaling_initializer())\n")
    assert "init = tf.compat.v1.variance_scaling_initializer(scale=2.011" in out
    assert 'kernel_initializer=tf.keras.initializers.VarianceScaling(scale=2.011' in out
    assert out.count('mode="fan_in", distribution="truncated_normal"') == 2


def test_arg_scope_reuses_what_it_is_given():
    code = ("from tensorflow.contrib import slim\n"
            "with slim.arg_scope([slim.conv2d], weights_initializer=slim.xavier_initializer()) as sc:\n    pass\n")
    out, findings = migrate(code)  # a scope bound with 'as' is not expanded (TFM210)
    assert "weights_initializer=tf.compat.v1.glorot_uniform_initializer()" in out
    assert "TFM201" in codes(findings, Severity.ERROR)  # arg_scope itself has no TF2 twin


def test_summary_scalar_needs_a_step_on_both_profiles():
    for target in ("tf2.15", "latest"):
        out, findings = migrate("import tensorflow as tf\ntf.contrib.summary.scalar('l', l)\n", target=target)
        assert "contrib" in out and "TFM202" in codes(findings, Severity.ERROR)


def test_projector_import_replaces_the_contrib_import():
    code = ("from tensorflow.contrib.tensorboard.plugins import projector\n"
            "config = projector.ProjectorConfig()\nprojector.visualize_embeddings(writer, config)\n")
    out, _ = migrate(code)
    assert out == ("import tensorboard.plugins.projector\n\n"
                   "config = tensorboard.plugins.projector.ProjectorConfig()\n"
                   "tensorboard.plugins.projector.visualize_embeddings(writer, config)\n")


def test_rotate_with_a_fourth_positional_argument_is_refused():
    code = "import tensorflow as tf\ny = tf.contrib.image.transform(x, t, 'NEAREST', shape)\n"
    out, findings = migrate(code)
    assert out == code and "TFM200" in codes(findings, Severity.ERROR)


def test_static_rnn_keeps_its_core_v1_function_on_both_profiles():
    for target in ("tf2.15", "latest"):
        out, _ = migrate("import tensorflow as tf\no, s = tf.contrib.rnn.static_rnn(cell, xs, dtype=tf.float32)\n",
                         target=target)
        assert "o, s = tf.compat.v1.nn.static_rnn(cell, xs, dtype=tf.float32)" in out


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("from tensorflow.contrib import slim\nh = slim.stack(x, slim.fully_connected, [32, 16])\n", "TFM206"),
        ("import tensorflow as tf\nmake = tf.contrib.layers.l2_regularizer\n", "TFM207"),
        ("import tensorflow as tf\nloss_fn = tf.contrib.losses.softmax_cross_entropy\n", "TFM204"),
    ],
    ids=["layer passed to stack", "regularizer factory kept", "loss function kept"],
)
def test_a_call_rule_reports_its_symbol_used_as_a_value(code, rule):
    out, findings = migrate(code)
    assert out == code
    assert rule in codes(findings, Severity.ERROR)


@pytest.mark.parametrize(
    ("call", "rule"),
    [("tf.contrib.layers.fully_connected(x, 10)", "TFM206"), ("tf.contrib.rnn.BasicLSTMCell(8)", "TFM208")],
    ids=["v1 layer", "v1 cell"],
)
def test_no_v1_fallback_in_a_file_that_runs_eagerly_under_tf_function(call, rule):
    eager = f"import tensorflow as tf\n@tf.function\ndef f(x):\n    return {call}\n"
    out, findings = migrate(eager)
    assert out == eager and rule in codes(findings, Severity.ERROR)
    graph = f"import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n@tf.function\ndef f(x):\n    return {call}\n"
    assert "tf.compat.v1." in migrate(graph)[0].split("\n", 2)[2]


@pytest.mark.parametrize(("call", "expected"), [
    ("tf.contrib.layers.fully_connected(x, 10)", "tf.compat.v1.layers.dense(x, 10, activation=tf.nn.relu)"),
    ("tf.contrib.rnn.BasicLSTMCell(8)", "tf.compat.v1.nn.rnn_cell.BasicLSTMCell(8)"),
], ids=["fully_connected", "v1 cell"])
def test_latest_graph_mode_file_keeps_v1_layers_and_loads_tf_keras(call, expected):
    code = f"import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nh = {call}\n"
    out, findings = migrate_python(code.encode(), "t.py", options=Options(target="latest"))
    out = out.decode()
    assert expected in out
    assert 'os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")' in out
    assert out.index("TF_USE_LEGACY_KERAS") < out.index("import tensorflow")
    assert "TFM303" in codes(findings) and "TFM901" not in codes(findings)
