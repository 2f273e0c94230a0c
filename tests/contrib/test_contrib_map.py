"""Every target in migrate/data/contrib_map.py exists on the profile it is written for."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from migrate.data import contrib_map
from migrate.data.contrib_map import SAME, TABLE, lookup
from migrate.data.mapping import Mapping

ROOT = Path(__file__).resolve().parents[2]
LATEST = ROOT / ".venv-latest" / "bin" / "python"
PYTHONS = (ROOT / ".venv" / "bin" / "python", LATEST)
MODULES = {"tf": "tensorflow", "tfa": "tensorflow_addons", "projector": "tensorboard.plugins.projector"}


def names(profile: str) -> list[str]:
    """Dotted targets of rename rows and compat fallbacks (``.*`` rows: the module they map to)."""
    found = set()
    for row in TABLE.values():
        form = row.form(profile)
        if row.rule == "TFM200" and form and not form.startswith('"'):
            found.add(form[:-2] if form.endswith(".*") else form)
        if row.fallback and row.rule == "TFM201" or row.rule == "TFM208" and form is not None:
            found.add(row.fallback)  # TFM201 falls back on every profile, TFM208 where the row has a form
    return sorted(found)


RESOLVE = """
import importlib, json, sys
mods = %r
missing = []
for name in json.loads(sys.argv[1]):
    head, _, rest = name.partition(".")
    try:
        value = importlib.import_module(mods[head])
        for part in filter(None, rest.split(".")):
            value = getattr(value, part)
    except Exception as exc:
        missing.append(f"{name}: {type(exc).__name__}")
print(json.dumps(missing))
""" % MODULES


def resolve(python: str, targets: list[str], **extra_env: str) -> list[str]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **extra_env}
    done = subprocess.run([python, "-c", RESOLVE, json.dumps(targets)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_default_profile_targets_exist():
    import sys

    assert resolve(sys.executable, names("tf2.15")) == []


@pytest.mark.skipif(not LATEST.exists(), reason="no .venv-latest")
def test_latest_profile_targets_exist_and_use_no_addons():
    targets = names("latest")
    assert not [t for t in targets if t.startswith("tfa.")]
    # v1 layers and cells exist on Keras 3 only through tf-keras, which TFM303 loads (graph-mode files)
    keras2 = [t for t in targets if t.startswith(("tf.compat.v1.layers.", "tf.compat.v1.nn.rnn_cell."))]
    assert resolve(str(LATEST), [t for t in targets if t not in keras2]) == []
    assert resolve(str(LATEST), keras2, TF_USE_LEGACY_KERAS="1") == []


def test_addons_rows_have_no_latest_form_and_say_why():
    for key, row in TABLE.items():
        if (row.tf2 or "").startswith("tfa."):
            assert row.latest is None and row.notes, key


def test_lookup_prefers_the_exact_row_then_the_nearest_ancestor():
    assert lookup("contrib.framework.nest.is_sequence")[0] == "contrib.framework.nest.is_sequence"
    assert lookup("contrib.framework.nest.flatten")[:1] + lookup("contrib.framework.nest.flatten")[2:] == (
        "contrib.framework.nest.*", ".flatten")
    assert lookup("contrib.lite.TFLiteConverter.from_keras_model")[0] == "contrib.lite.TFLiteConverter"
    assert lookup("contrib.lite.TFLiteConverter.from_session")[0] == "contrib.lite.TFLiteConverter.from_session"
    assert lookup("contrib.slim.l2_regularizer")[0] == "contrib.layers.l2_regularizer"
    assert lookup("contrib.slim.losses.softmax_cross_entropy")[0] == "contrib.losses.softmax_cross_entropy"
    assert lookup("contrib.ffmpeg.decode_audio") is None


def test_mappings_mirror_the_table():
    assert all(isinstance(m, Mapping) for m in contrib_map.MAPPINGS)
    assert {m.tf1 for m in contrib_map.MAPPINGS} == set(TABLE)
    for mapping in contrib_map.MAPPINGS:
        row = TABLE[mapping.tf1]
        assert (mapping.tf2, mapping.latest, mapping.notes) == (row.tf2, row.latest, row.notes)
        assert mapping.form("latest") == (row.tf2 if row.latest == SAME else row.latest)


def test_every_rule_named_by_a_row_exists_and_watches_it():
    from migrate.engine.rule import all_rules

    rules = {r.code: r for r in all_rules()}
    for key, row in TABLE.items():
        rule = rules[row.rule]
        probe = key[:-2] + ".x" if key.endswith(".*") else key
        assert probe in rule.symbols or probe.startswith(rule.prefixes), (key, row.rule)


def test_the_contrib_runtime_and_the_table_agree_on_what_is_not_ported():
    """Modules the runtime refuses are reported (never renamed) by the rewriter too."""
    runtime = importlib.import_module("migrate.runtime.contrib_table")
    for module in ("factorization", "tensor_forest", "boosted_trees"):
        assert module in runtime.UNSUPPORTED
        assert TABLE[f"contrib.{module}.*"].tf2 is None


def test_distributions_is_a_finding_because_no_profile_has_tensorflow_probability():
    """When tensorflow-probability gets installed in a profile, contrib.distributions should map to tfp there."""
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('tensorflow_probability') is not None)"
    for python in PYTHONS:
        if python.exists():
            assert subprocess.run([str(python), "-c", probe], timeout=60).returncode == 0, python
    assert TABLE["contrib.distributions.*"].tf2 is None and "tensorflow-probability" in TABLE["contrib.distributions.*"].notes
