"""The issue-3 corpus: whole TF1 classification programs, run, migrated and compared.

(a) every original runs on the compatibility runtime and reaches its accuracy floor;
(b) every program migrates, the output parses, and migrating the output again changes nothing;
(c) (slow) the migrated program runs on plain TensorFlow of both profiles and, when the report
    calls it idiomatic, matches the original's accuracy within ``corpus.TOLERANCE``.

The subprocess protocol lives in ``tools/corpus.py`` (the tool that writes docs/corpus_results.md).
"""

import ast
import importlib.util
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("corpus_tool", REPO / "tools" / "corpus.py")
corpus = importlib.util.module_from_spec(_spec)
sys.modules["corpus_tool"] = corpus  # dataclasses resolve their module through sys.modules
_spec.loader.exec_module(corpus)

ALL = corpus.corpus_programs(["tests/corpus/graph", "tests/corpus/contrib"])
# Running every program three ways takes about half an hour on 2 cores: that is `make corpus`
# (docs/corpus_results.md). The test suite runs (a) and (c) on a fixed sample that covers each
# kind of conversion (sessions, layers, Saver, summaries, tf.data, RNNs, decays, prepared feeds,
# contrib layers, a graph-mode fallback); TF_MIGRATE_FULL_CORPUS=1 runs them on every program.
SAMPLE = {
    "softmax_regression_digits", "batch_norm_update_ops", "cnn_layers_saver", "summaries_filewriter",
    "dataset_initializable_iterator", "rnn_static_unstack_gru", "exponential_decay_global_step",
    "fetch_dict_prepared_feed", "contrib_fc_relu_default", "cnn_raw_nn_keep_prob",
}
PROGRAMS = ALL if os.environ.get("TF_MIGRATE_FULL_CORPUS") else [p for p in ALL if p.stem in SAMPLE]
FLOOR = 0.85  # every corpus program is designed to reach at least this test accuracy


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_original_runs_on_the_runtime(program):
    run = corpus.run_original(program)
    assert run.ok, run.reason + "\n" + run.stderr_tail
    assert run.accuracy >= FLOOR


@pytest.mark.parametrize("program", ALL, ids=[p.stem for p in ALL])
def test_migrates_to_parsable_code_idempotently(program, tmp_path):
    migration = corpus.migrate(program, tmp_path, "tf2.15")
    assert migration.ok, f"rewrite exit {migration.exit_code}: {migration.stderr_tail}"
    ast.parse(migration.path.read_text(), str(migration.path))
    assert not corpus.rewrite_changes(migration.path, "tf2.15"), "a second migration changed the output"


@pytest.mark.slow
@pytest.mark.parametrize("profile", corpus.PROFILES)
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_migrated_runs_and_matches(program, profile, tmp_path):
    if corpus.profile_python(profile) is None:
        pytest.skip(f"no Python for profile {profile}: run `make setup-latest` or set TF_MIGRATE_LATEST_PYTHON")
    migration = corpus.migrate(program, tmp_path, profile)
    assert migration.ok, f"rewrite exit {migration.exit_code}: {migration.stderr_tail}"
    migrated = corpus.run_migrated(migration.path, profile)
    assert migrated.ok, f"migrated program does not run on {profile}: {migrated.reason}\n{migrated.stderr_tail}"
    if migration.idiomatic:
        original = corpus.run_original(program)
        assert original.ok, original.reason
        assert abs(migrated.accuracy - original.accuracy) <= corpus.TOLERANCE, (
            f"{profile}: {migrated.accuracy:.4f} vs original {original.accuracy:.4f}")
