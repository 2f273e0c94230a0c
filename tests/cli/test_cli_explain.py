"""``tf-migrate explain SYMBOL`` / ``--list``: forms per profile, notes, example, rule; unknown symbols."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "spelling",
    ["tf.contrib.layers.l2_regularizer", "tensorflow.contrib.layers.l2_regularizer", "contrib.layers.l2_regularizer",
     "tf.compat.v1.contrib.layers.l2_regularizer", "slim.l2_regularizer", "tf.contrib.slim.l2_regularizer"],
    ids=["tf.", "tensorflow.", "bare", "compat.v1", "slim alias", "tf.contrib.slim"],
)
def test_every_spelling_finds_the_same_entry(tfm, spelling):
    run = tfm("explain", spelling)
    assert run.code == 0, run
    assert run.out.startswith("TF1: tf.contrib.layers.l2_regularizer\n")


def test_explain_prints_both_profiles_notes_example_and_rule(tfm):
    out = tfm("explain", "tf.contrib.layers.l2_regularizer").out
    assert "TF2 (tf2.15): tf.keras.regularizers.L2(scale / 2)" in out
    assert "TF2 (latest): tf.keras.regularizers.L2(scale / 2)" in out
    assert "notes: contrib computed scale * sum(w**2) / 2" in out
    assert "before:\n    reg = tf.contrib.layers.l2_regularizer(0.001)" in out
    assert "after:\n    reg = tf.keras.regularizers.L2(0.0005)" in out
    assert "rule: TFM207" in out


def test_a_profile_without_a_form_says_so(tfm):
    out = tfm("explain", "tf.contrib.image.rotate").out
    assert "TF2 (tf2.15): tfa.image.rotate" in out
    assert "TF2 (latest): (none: left with an error finding)" in out


def test_a_symbol_in_several_tables_shows_each(tfm):
    out = tfm("explain", "tf.contrib.layers.fully_connected").out
    assert "[keras] tf.contrib.layers.fully_connected" in out and "tf.keras.layers.Dense" in out
    assert "tf.compat.v1.layers.dense (fallback)" in out and "rule: TFM206" in out


def test_generated_renames_and_rule_examples_are_sources(tfm):
    out = tfm("explain", "tf.compat.v1.log").out
    assert "TF1: tf.log" in out and "TF2 (tf2.15): tf.math.log" in out and "notes: renamed" in out
    assert "before:\n    import tensorflow as tf\n    y = tf.log(x)" in out and "rule: TFM100" in out


def test_signature_changes_are_explained(tfm):
    out = tfm("explain", "tf.reduce_mean").out
    assert "reduction_indices -> axis" in out and "keep_dims -> keepdims" in out and "rule: TFM101" in out


def test_a_whole_module_row_covers_its_members(tfm):
    out = tfm("explain", "tf.contrib.keras.layers.Dense").out
    assert "tf.contrib.keras.*" in out and "TF2 (tf2.15): tf.keras.*" in out and "rule: TFM200" in out


def test_unknown_symbol_exits_2_with_suggestions(tfm):
    run = tfm("explain", "tf.contrib.layers.xavier_initialiser")
    assert run.code == 2 and run.out == ""
    assert "did you mean: tf.contrib.layers.xavier_initializer" in run.err


def test_unknown_symbol_without_a_close_match(tfm):
    run = tfm("explain", "zzzz.qqqq")
    assert run.code == 2 and "knows nothing about 'zzzz.qqqq'" in run.err


def test_list_prints_every_handled_symbol_sorted(tfm):
    run = tfm("explain", "--list")
    lines = run.out.splitlines()
    assert run.code == 0 and lines == sorted(lines) and len(lines) == len(set(lines))
    for symbol in ("tf.contrib.layers.xavier_initializer", "tf.log", "tf.contrib.keras.*", "tf.layers.dense"):
        assert symbol in lines


def test_no_symbol_is_a_usage_error(tfm):
    run = tfm("explain")
    assert run.code == 2 and "SYMBOL" in run.err


@pytest.mark.parametrize("query", ["tf.Sesion", "tf.sesion", "tf.compat.v1.Sesion"])
def test_a_misspelt_name_suggests_the_close_one_first(tfm, query):
    run = tfm("explain", query)
    assert run.code == 2 and "did you mean: tf.Session," in run.err


def test_suggestions_come_from_every_tf1_name_not_only_handled_ones(tfm):
    run = tfm("explain", "tf.matmull")  # tf.matmul has no row: it is the same in TF2
    assert run.code == 2 and "did you mean: tf.matmul" in run.err


def test_a_name_tf2_has_unchanged_is_explained_as_such(tfm):
    run = tfm("explain", "tf.matmul")
    assert run.code == 0 and "TF2: tf.matmul, unchanged" in run.out


def test_a_name_tf2_lacks_is_not_called_unchanged(tfm):
    out = tfm("explain", "tf.placeholder").out
    assert "unchanged" not in out and "tf.function" in out


def test_keras_forms_come_before_compat_v1_fallbacks(tfm):
    out = tfm("explain", "tf.contrib.rnn.BasicLSTMCell").out
    keras, fallback = out.index("[keras]"), out.index("tf.compat.v1.nn.rnn_cell.BasicLSTMCell (fallback)")
    assert keras < fallback
    # the example shown first is the Keras one, borrowed from the core cell contrib.rnn re-exported
    assert out.index("before:\n    cell = tf.contrib.rnn.BasicLSTMCell(64)\n  after:\n"
                     "    cell = tf.keras.layers.LSTMCell(64, unit_forget_bias=True)") < fallback
    out = tfm("explain", "tf.contrib.layers.fully_connected").out
    assert out.index("[keras]") < out.index("[contrib.layers]")


def test_the_dropout_example_uses_no_placeholder(tfm):
    out = tfm("explain", "tf.nn.dropout").out
    assert "placeholder" not in out and "h = tf.nn.dropout(x, rate=1 - keep_prob)" in out


def test_variable_scope_and_get_variable_have_rows(tfm):
    out = tfm("explain", "tf.variable_scope").out
    assert "tf.Module" in out and "reuse=True" in out and "AUTO_REUSE" in out and "no mapping table row" not in out
    out = tfm("explain", "tf.compat.v1.get_variable").out
    assert "tf.Variable(tf.keras.initializers.GlorotUniform()([784, 10])" in out


def test_saver_restore_max_to_keep_and_checkpoint_manager(tfm):
    out = tfm("explain", "tf.train.Saver.restore").out
    assert "TF1: tf.train.Saver.restore" in out and "saver.restore(tf.train.latest_checkpoint(ckpt_dir))" in out
    out = tfm("explain", "tf.train.Saver.max_to_keep").out  # an argument: the class's own row explains it
    assert "[graph] tf.train.Saver\n" in out and "max_to_keep" in out
    out = tfm("explain", "tf.train.CheckpointManager").out
    assert "TF2 (latest): tf.train.CheckpointManager" in out and "max_to_keep=3" in out


def test_a_member_of_a_name_without_rows_is_still_unknown(tfm):
    assert tfm("explain", "tf.contrib.layers.fully_connected.zzz").code == 2


def test_an_entry_points_at_its_anchor_in_the_reference_site(tfm):
    out = tfm("explain", "tf.contrib.layers.fully_connected").out
    line = next(line for line in out.splitlines() if line.startswith("reference: "))
    page, _, anchor = line.split()[1].partition("#")
    assert page == "docs/site_src/modules/tf.contrib.layers.md" and anchor == "contrib.layers.fully_connected"
    from pathlib import Path

    assert "{ #contrib.layers.fully_connected }" in (Path(__file__).resolve().parents[2] / page).read_text()


@pytest.mark.parametrize(("query", "first"), [
    ("tf.layers.dens", "tf.layers.dense"),  # under a prefix a rule watches, still a typo: suggestions, not a row
    ("tf.layers.Dens", "tf.layers.Dense"),  # of two names differing in case, the query's case first
    ("tf.nn.rnn_cell.BasicLSTMcell", "tf.nn.rnn_cell.BasicLSTMCell"),
    ("tf.train.AdamOptimiser", "tf.train.AdamOptimizer"),
])
def test_a_typo_under_a_watched_module_gets_suggestions(tfm, query, first):
    run = tfm("explain", query)
    assert run.code == 2 and f"did you mean: {first}," in run.err


def test_an_unknown_contrib_symbol_is_still_unknown_with_suggestions(tfm):
    run = tfm("explain", "tf.contrib.layers.fully_conected")
    assert run.code == 2 and "did you mean: tf.contrib.layers.fully_connected," in run.err
