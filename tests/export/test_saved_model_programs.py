"""Programs that write a v1 SavedModel from a session (simple_save, SavedModelBuilder), migrated and run (issue 15).

The graph-to-eager pass (TFM300) refuses a session passed to the exporters (TFM301 names the
line), so the files stay in graph mode through ``tf.compat.v1`` (TFM302) and TFM268 gives the
TF2 recipe. What must hold: the migrated program runs on TF 2.15 (and on the newest TF, migrated
with ``--target latest``), the SavedModel it writes loads with ``tf.saved_model.load`` and its
signature gives what the program printed, and the original on genuine TF 1.15 prints and writes
the same numbers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from migrate.engine.context import Options
from migrate.engine.source import migrate_python
from tests.tf1_reference import REPO, tf1_python

pytestmark = pytest.mark.slow

PROGRAMS = Path(__file__).with_name("programs")
LATEST = REPO / ".venv-latest" / "bin" / "python"
# program -> (the printed line's key, signature, its input key, its output key, the probe batch the program uses)
CASES = {
    "simple_save.py": ("scores", "serving_default", "features", "scores",
                       lambda: _probe(0, (64, 4), (5, 4))),
    "builder.py": ("predictions", "predict", "x", "prediction", lambda: _probe(1, (32, 3), (4, 3))),
}
# Loads a SavedModel in the interpreter under test and prints its signature's outputs on the probe.
LOAD = """import json, sys
import numpy as np
import tensorflow as tf

SAMPLE_SLOW = False  # the cases share one expensive module fixture: sampling them saves nothing (tests/conftest.py)
loaded = tf.saved_model.load(sys.argv[1])
function = loaded.signatures[sys.argv[2]]
out = function(**{sys.argv[3]: tf.constant(np.array(json.loads(sys.argv[5]), np.float32))})
print("loaded: " + json.dumps(out[sys.argv[4]].numpy().tolist()))
"""


def _probe(seed, data_shape, probe_shape):
    """The probe batch as the program draws it: after its data from the same RandomState."""
    rng = np.random.RandomState(seed)
    rng.rand(*data_shape)
    return rng.rand(*probe_shape).astype(np.float32)


def _printed(python: Path, args: list[str], key: str) -> list:
    run = subprocess.run([str(python), *args], capture_output=True, text=True, timeout=300,
                         env={k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"},
                         cwd=str(REPO))  # TF2_BEHAVIOR: set once this process imported TF 2; TF 1.15 would go eager
    assert run.returncode == 0, run.stderr[-3000:]
    line = next(l for l in run.stdout.splitlines() if l.startswith(f"{key}: "))
    return json.loads(line[len(key) + 2:])


def _profiles():
    return [("tf2.15", Path(sys.executable))] + [("latest", LATEST)] * LATEST.exists()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("saved_model")
    out = {}
    for target, _ in _profiles():
        for name in CASES:
            source, findings = migrate_python((PROGRAMS / name).read_bytes(), name, options=Options(target=target))
            path = folder / f"{target}_{name}"
            path.write_bytes(source)
            out[target, name] = (path, source.decode(), findings)
    return folder, out


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_exporter_keeps_the_file_in_graph_mode_and_says_why(migrated, name):
    _, out = migrated
    _, source, findings = out["tf2.15", name]
    assert "tf.compat.v1.disable_eager_execution()" in source
    assert "tf.compat.v1.saved_model." in source
    why = [f for f in findings if f.code == "TFM301"]
    assert why and "session 'sess' is used other than to run fetches" in why[0].message
    recipe = [f for f in findings if f.code == "TFM268"]
    assert recipe and all("tf.saved_model.save" in f.message or "signatures=" in f.message for f in recipe)
    assert all(f.fixed and "TFM300 builds no serving tf.function" in f.message for f in recipe)  # kept: it runs


def _loaded(python: Path, export: Path, name: str, tmp_path: Path) -> list:
    """What the SavedModel in ``export`` gives on program ``name``'s probe batch, loaded by ``python``."""
    _, signature, input_key, output_key, probe = CASES[name]
    loader = tmp_path / "load.py"
    loader.write_text(LOAD)
    return _printed(python, [str(loader), str(export), signature, input_key, output_key,
                             json.dumps(probe().tolist())], "loaded")


def _on_tf1(name: str, export: Path) -> list | None:
    """What the original program prints on genuine TF 1.15, writing its SavedModel to ``export`` (None: no TF 1.15)."""
    tf1 = tf1_python()
    return None if tf1 is None else _printed(tf1, [str(PROGRAMS / name), str(export)], CASES[name][0])


@pytest.mark.parametrize("target", ["tf2.15", "latest"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_migrated_programs_saved_model_loads_and_gives_what_it_printed(migrated, tmp_path, name, target):
    if target == "latest" and not LATEST.exists():
        pytest.skip("no .venv-latest (make setup-latest)")
    python = dict(_profiles())[target]
    path, _, _ = migrated[1][target, name]
    export = tmp_path / "export"
    printed = _printed(python, [str(path), str(export)], CASES[name][0])
    loaded = _loaded(python, export, name, tmp_path)
    assert np.allclose(loaded, printed, atol=1e-6), (loaded, printed)
    original = tmp_path / "export-tf1"
    expected = _on_tf1(name, original)
    if expected is None:
        return
    assert np.allclose(printed, expected, atol=1e-5), (printed, expected)
    # the SavedModel genuine TF 1.15 wrote, loaded by the TF2 interpreter: the same signature, the same numbers
    from_tf1 = _loaded(python, original, name, tmp_path)
    assert np.allclose(from_tf1, loaded, atol=1e-5), (from_tf1, loaded)


@pytest.mark.parametrize("target", ["tf2.15", "latest"])
def test_the_recipes_eager_export_gives_the_tf1_programs_numbers(tmp_path, target):
    """simple_save_tf2.py: tf.saved_model.save of a tf.Module with the fetch function as serving_default."""
    python = dict(_profiles()).get(target)
    if python is None:
        pytest.skip("no .venv-latest (make setup-latest)")
    export = tmp_path / "export"
    printed = _printed(python, [str(PROGRAMS / "simple_save_tf2.py"), str(export)], CASES["simple_save.py"][0])
    loaded = _loaded(python, export, "simple_save.py", tmp_path)
    assert np.allclose(loaded, printed, atol=1e-6), (loaded, printed)
    expected = _on_tf1("simple_save.py", tmp_path / "export-tf1")
    if expected is not None:
        assert np.allclose(printed, expected, atol=1e-5), (printed, expected)
