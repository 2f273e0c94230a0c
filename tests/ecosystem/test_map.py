"""The ecosystem table against the installed TensorFlows and against the rules that read it.

Every TF1 name in ``MAPPINGS`` exists in TF 2.15's ``tf.compat.v1``; every TF2
name it gives (a dotted name at the start of the ``tf2`` / ``latest`` form) exists
on its profile (``.venv`` in process, ``.venv-latest`` in a subprocess); every
symbol an ecosystem rule watches has a row.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest
import tensorflow as tf

from migrate.data.ecosystem_map import LOSSES, MAPPINGS, METRICS
from migrate.data.mapping import SAME
from migrate.engine.rule import all_rules

ROOT = Path(__file__).resolve().parents[2]
LATEST = ROOT / ".venv-latest" / "bin" / "python"
ECOSYSTEM_CODES = {f"TFM{n}" for n in range(260, 280)}  # the block this table documents (queues, freezing, tflite have their own)
_DOTTED = re.compile(r"(?:tf\.)?((?:keras|data|io|nn|saved_model|config|distribute)(?:\.\w+)+)")


def resolve(root, path: str):
    for part in path.split("."):
        root = getattr(root, part)
    return root


def targets(profile: str) -> set[str]:
    found = set()
    for row in MAPPINGS:
        form = row.form(profile)
        match = _DOTTED.match(form or "")
        if match:
            found.add(match.group(1))
    return found


@pytest.mark.parametrize("row", MAPPINGS, ids=[row.tf1 for row in MAPPINGS])
def test_every_tf1_name_exists_in_tf_compat_v1(row):
    resolve(tf.compat.v1, row.tf1)


def test_every_tf2_name_exists_on_the_default_profile():
    missing = [name for name in sorted(targets("tf2.15")) if not _exists(tf, name)]
    assert not missing


def test_every_tf2_name_exists_on_the_latest_profile(tmp_path):
    if not LATEST.exists():
        pytest.skip(f"{LATEST} is missing")
    names = sorted(targets("latest"))
    script = ("import json, tensorflow as tf\nout = []\n"
              f"for name in {names!r}:\n"
              "    obj = tf\n"
              "    try:\n"
              "        for part in name.split('.'):\n"
              "            obj = getattr(obj, part)\n"
              "    except AttributeError:\n"
              "        out.append(name)\n"
              "print(json.dumps(out))\n")
    done = subprocess.run([str(LATEST), "-c", script], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def _exists(root, name: str) -> bool:
    try:
        resolve(root, name)
    except AttributeError:
        return False
    return True


def test_every_symbol_an_ecosystem_rule_watches_has_a_row():
    rows = {row.tf1 for row in MAPPINGS}
    for rule in all_rules():
        if rule.code in ECOSYSTEM_CODES:
            assert rule.symbols - {"estimator"} <= rows, (rule.code, sorted(rule.symbols - rows))


def test_latest_forms_name_no_removed_api():
    """On --target latest nothing may point at tf.estimator or tensorflow-addons."""
    for row in MAPPINGS:
        form = row.form("latest") or ""
        assert "estimator" not in form.split("(")[0] and "tfa." not in form, row


def test_tables_agree_with_rows():
    rows = {row.tf1: row for row in MAPPINGS}
    for symbol, (cls, _, _) in LOSSES.items():
        assert rows[symbol].tf2.startswith(cls) and rows[symbol].latest == SAME
    for symbol, (cls, _) in METRICS.items():
        assert rows[symbol].tf2 == cls
