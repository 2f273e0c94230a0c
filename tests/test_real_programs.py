"""The real third-party TF1 programs of ``../shared/tf1_programs`` (issue 11, "Proof"), through
``tools/real_programs.py``: every entry program migrates with its helpers as one set on both targets,
with no TFM001 and every output compiling (also as Python 3.9); the report's idiomatic flag is the
output's ``tf1_left_unit``. A few offline programs run (slow): original vs migrated metric.

Skipped when the programs folder is absent (``$TF_MIGRATE_TF1_PROGRAMS`` points elsewhere)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from migrate.graph.idiom import tf1_left

_spec = importlib.util.spec_from_file_location("real_programs", Path(__file__).resolve().parents[1] / "tools" / "real_programs.py")
rp = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = rp
_spec.loader.exec_module(rp)

pytestmark = pytest.mark.skipif(not (rp.PROGRAMS / "MANIFEST.json").exists(), reason="no ../shared/tf1_programs")

ENTRIES = rp.entries() if (rp.PROGRAMS / "MANIFEST.json").exists() else []


@pytest.mark.parametrize("target", rp.TARGETS)
@pytest.mark.parametrize("record", ENTRIES, ids=[r["path"] for r in ENTRIES])
def test_program_migrates_and_compiles(record, target, tmp_path):
    migrated = rp.migrate_set(record, tmp_path, target)
    assert migrated.exit_code in (0, 1), migrated.stderr_tail
    assert set(migrated.outputs) == {str(p.relative_to(rp.PROGRAMS)) for p in rp.program_set(record)}
    facts = rp.assess(migrated)
    assert facts["tfm001"] == []
    assert facts["compile_problems"] == {}
    # the report's flag is the output's: per file, from the same judgement of the whole set
    for path, source in migrated.outputs.items():
        own = tf1_left(source)
        unit = facts["tf1_left"].get(path, [])
        assert set(own) <= set(unit)
        assert facts["report_idiomatic"][path] is (not unit)
    assert facts["idiomatic"] is (not facts["tf1_left"])


def test_harness_finds_the_programs():
    assert len(ENTRIES) >= 20
    assert set(rp.RUNS) | set(rp.NOT_RUN) <= {e["path"] for e in ENTRIES}


# Kept few (the suite must stay under 20 minutes on 2 cores); tools/real_programs.py runs them all.
# iris_custom_decay_dnn is not here: it sets no TF seed (one run each gave 0.967 vs 0.8 on the runtime, 0.8 vs 0.933
# in the harness), so one run per side cannot judge it; tools/real_programs.py reports it.
RUN = [
    "tensorflow_examples/mnist/mnist_softmax_xla.py",  # ran since TFM900 sends tf.OptimizerOptions.ON_1 to compat.v1
]


@pytest.mark.slow
@pytest.mark.parametrize("program", RUN)
def test_migrated_program_matches_the_original(program, tmp_path):
    record = next(r for r in ENTRIES if r["path"] == program)
    spec = rp.RUNS[program]
    original = rp.run_program(record, spec, rp.corpus.default_python(), None, runtime=True)
    assert original.ok, original.reason
    migrated = rp.migrate_set(record, tmp_path, "tf2.15")
    run = rp.run_program(record, spec, rp.corpus.default_python(), migrated.outputs)
    assert run.ok, run.reason
    assert rp.matches(spec, original.metric, run.metric), (original.metric, run.metric)
