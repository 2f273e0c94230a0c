"""The codemod column: tf-migrate's own migration of each legacy example is idiomatic TF2 (issue 14).

Whether it trains like the legacy column is the harness' job (``tf-migrate verify``, tests/verify);
this checks the structure, on both profiles: no Session, placeholder, tf.compat.v1, contrib... left,
and nothing TF2 lacks. The two that are not yet say why (strict xfail: a fix makes them fail here).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.engine.context import Options
from migrate.engine.source import migrate_python
from migrate.graph.idiom import absent_in_tf2, tf1_left

LEGACY = Path(__file__).resolve().parents[2] / "legacy_examples"
NOT_YET = {
    "dnn_classifier": "a tf.train.SessionRunHook subclass around an Estimator (SessionRunArgs) is kept",
    "poets_tflite": "the session handed to graph_util.convert_variables_to_constants keeps the file in graph mode",
}


@pytest.mark.parametrize("target", ["tf2.15", "latest"])
@pytest.mark.parametrize("name", [pytest.param(p.stem, marks=pytest.mark.xfail(reason=NOT_YET[p.stem], strict=True))
                                  if p.stem in NOT_YET else p.stem for p in sorted(LEGACY.glob("*.py"))])
def test_the_codemod_migrates_the_legacy_example_to_idiomatic_tf2(name, target):
    out, _ = migrate_python((LEGACY / f"{name}.py").read_bytes(), f"{name}.py", options=Options(target=target))
    assert absent_in_tf2(out) == [] and tf1_left(out) == [], tf1_left(out)
