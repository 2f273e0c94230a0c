"""docs/api_map.md is generated from the registry: stale when a table or rule changed without regenerating."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("gen_api_map", ROOT / "tools" / "gen_api_map.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules["gen_api_map"] = gen
_spec.loader.exec_module(gen)

SAMPLE = """\
# What real TF1 code uses

## tf.contrib symbols seen (count / files)

- layers: xavier_initializer 41/12, flatten 14/14,
  dropout 4/1, arg_scope (framework) 1/1
- seq2seq: sequence_loss 9/5; legacy_seq2seq.* (rnn_decoder,
  model_with_buckets)
- learn: preprocessing.VocabularyProcessor, datasets (mnist, maybe_download), ModeKeys
- tensorboard.plugins.projector, training.HParams
- no TF2 equivalent exists for: factorization.KMeans, tensor_forest

Import forms matter: not a list item.

## Semantic traps

- `tf.contrib.layers.fully_connected` defaults to relu
"""


def test_the_committed_api_map_is_up_to_date():
    text = gen.INVENTORY.read_text() if gen.INVENTORY.exists() else ""
    assert gen.OUT.read_text() == gen.render(text), "docs/api_map.md is stale: run python tools/gen_api_map.py"


def test_check_mode_fails_on_a_stale_file(tmp_path, monkeypatch):
    monkeypatch.setattr(gen, "OUT", tmp_path / "api_map.md")
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    (tmp_path / "api_map.md").write_text("# old\n")
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0


def test_the_inventory_section_is_parsed_into_contrib_symbols():
    assert gen.inventory_symbols(SAMPLE) == [
        "contrib.layers.xavier_initializer", "contrib.layers.flatten", "contrib.layers.dropout",
        "contrib.framework.arg_scope",
        "contrib.seq2seq.sequence_loss", "contrib.legacy_seq2seq.rnn_decoder", "contrib.legacy_seq2seq.model_with_buckets",
        "contrib.learn.preprocessing.VocabularyProcessor", "contrib.learn.datasets.mnist",
        "contrib.learn.datasets.maybe_download", "contrib.learn.ModeKeys",
        "contrib.tensorboard.plugins.projector", "contrib.training.HParams",
        "contrib.factorization.KMeans", "contrib.tensor_forest",
    ]


def test_coverage_counts_rows_and_rewrites():
    listed, covered, rewritten = gen.coverage(SAMPLE)
    assert len(listed) == 15
    assert set(rewritten) <= set(covered) <= set(listed)
    assert "contrib.layers.xavier_initializer" in rewritten  # a TF2 form
    assert "contrib.training.HParams" in set(covered) - set(rewritten)  # advice only
    assert f"{len(covered)}/{len(listed)}" in gen.render(SAMPLE)


def test_the_map_lists_every_handled_symbol_once_per_row():
    from migrate.explain import registry

    text = gen.render("")
    for key, rows in registry().items():
        assert text.count(f"| `tf.{key}` |") == len(rows), key


@pytest.mark.parametrize("row", ["| `tf.contrib.layers.l2_regularizer` | tf.keras.regularizers.L2(scale / 2) |",
                                 "| `tf.log` | tf.math.log | tf.math.log | renamed | TFM100 |"])
def test_rows_show_both_profiles_and_the_rule(row):
    assert row in gen.render("")
