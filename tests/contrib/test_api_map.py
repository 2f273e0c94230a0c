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


def test_the_map_counts_every_handled_symbol_once_by_module():
    from migrate.explain import handled, module_of

    text = gen.render("")
    modules = {module_of(symbol) for symbol in handled()}
    counted = 0
    for module in modules:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{module}` |"))
        counted += int(row.split("|")[2])
        assert f"(site_src/modules/{module}.md)" in row
    assert counted == len(handled())


def test_every_page_the_map_links_to_is_committed():
    for page in set(__import__("re").findall(r"\]\((site_src/[^)]+)\)", gen.render(""))):
        assert (gen.OUT.parent / page).is_file(), page


def test_the_map_is_small_and_cites_the_vendored_inventory():
    text = gen.render("")
    assert len(text) < 20_000 and max(len(line) for line in text.splitlines()) < 600
    assert "shared/API_INVENTORY.md" not in text and "migrate/data/api_inventory.md" in text


@pytest.mark.parametrize("row", ["| `tf.contrib.layers` | ", "| `tf.train` | ", "| renames | "])
def test_rows_count_modules_and_tables(row):
    assert row in gen.render("")
