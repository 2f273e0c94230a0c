"""The cache of unchanged files (``migrate/engine/cache.py``) never serves a stale result.

Each test runs the same tree with and without the cache and requires identical results; a hit is
proven by a ``process_unit`` that fails when called. What must be a miss: an edited file, an edited
file of the same unit (``main.py`` with its ``ops.py``), a changed unit membership, other settings
(target, rule selection, fallback), another tool fingerprint, a file that changed while it was being
migrated, an unreadable entry.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from migrate import cli
from migrate.engine import project, runner
from migrate.engine.cache import Cache
from migrate.engine.context import Options
from migrate.engine.rule import select_rules

MLP = Path(__file__).parent / "fixtures_project" / "mlp"
CODES = tuple(r.code for r in select_rules())
SCRIPT = "import tensorflow as tf\n\nx = tf.log(tf.constant(2.0))\ny = tf.reduce_sum(x, reduction_indices=[0])\n"


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    shutil.copytree(MLP, root / "mlp")
    (root / "script.py").write_text(SCRIPT)
    (root / "plain.py").write_text("print('no tensorflow here')\n")
    return root


def _paths(root: Path) -> list[Path]:
    return sorted(root.rglob("*.py"))


def _run(paths, cache, codes=CODES, options=None):
    results = list(runner.run(paths, codes, options or Options(), cache=cache))
    return [(r.path, r.migrated, r.findings, r.error, r.tf1_left) for r in results]


def _no_migration(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a unit was migrated again: expected a cache hit")

    monkeypatch.setattr(project, "process_unit", refuse)


def test_a_second_run_is_read_back_and_the_same(tree, tmp_path, monkeypatch):
    paths = _paths(tree)
    fresh = _run(paths, None)
    cache = Cache(tmp_path / "cache")
    assert _run(paths, cache) == fresh
    assert cache.hits == 0
    _no_migration(monkeypatch)
    again = Cache(tmp_path / "cache")
    assert _run(paths, again) == fresh
    assert again.hits == len(project.units(paths, [p.read_bytes() for p in paths])) and again.misses == 0


def test_an_edited_file_is_migrated_again(tree, tmp_path):
    paths = _paths(tree)
    _run(paths, Cache(tmp_path / "cache"))
    (tree / "script.py").write_text(SCRIPT.replace("tf.log", "tf.exp"))
    cache = Cache(tmp_path / "cache")
    assert _run(paths, cache) == _run(paths, None)
    assert cache.misses == 1


def test_an_edit_to_another_file_of_the_unit_migrates_the_unit_again(tree, tmp_path):
    paths = _paths(tree)
    _run(paths, Cache(tmp_path / "cache"))
    ops = tree / "mlp" / "ops.py"
    ops.write_text(ops.read_text() + "\n\ndef unused():\n    return 1\n")
    cache = Cache(tmp_path / "cache")
    assert _run(paths, cache) == _run(paths, None)
    assert cache.misses == 1  # the mlp unit; script.py and plain.py are read back


def test_a_changed_unit_membership_is_a_miss(tree, tmp_path):
    main = tree / "mlp" / "main.py"
    alone = _run([main], Cache(tmp_path / "cache"))
    together = [main, tree / "mlp" / "ops.py", tree / "mlp" / "utils.py"]
    cache = Cache(tmp_path / "cache")
    result = _run(together, cache)
    assert cache.hits == 0
    assert result == _run(together, None)
    assert result[0] != alone[0]  # main.py alone converts differently than with its ops.py


@pytest.mark.parametrize("codes, options", [
    (CODES, Options(target="latest")),
    (CODES, Options(fallback=False)),
    (tuple(c for c in CODES if c != "TFM100"), Options()),
], ids=["another target", "no fallback", "another rule selection"])
def test_other_settings_are_a_miss(tree, tmp_path, codes, options):
    paths = [tree / "script.py"]
    _run(paths, Cache(tmp_path / "cache"))
    cache = Cache(tmp_path / "cache")
    assert _run(paths, cache, codes, options) == _run(paths, None, codes, options)
    assert cache.hits == 0


def test_another_tool_version_is_a_miss(tree, tmp_path):
    paths = [tree / "script.py"]
    _run(paths, Cache(tmp_path / "cache"))
    other = Cache(tmp_path / "cache", fingerprint="0" * 64)
    _run(paths, other)
    assert other.hits == 0 and other.misses == 1


def test_a_file_changed_during_the_run_is_not_stored(tree, tmp_path):
    path = tree / "script.py"
    cache = Cache(tmp_path / "cache")
    (result,) = runner.run([path], CODES, Options())
    key = cache.key([path], [b"what the parent read"], CODES, Options())
    assert not cache.put(key, [b"what the parent read"], [result])
    assert cache.get(key, [b"what the parent read"]) is None


def test_a_broken_entry_is_a_miss(tree, tmp_path):
    paths = [tree / "script.py"]
    _run(paths, Cache(tmp_path / "cache"))
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"not a pickle")
    cache = Cache(tmp_path / "cache")
    assert _run(paths, cache) == _run(paths, None)
    assert cache.misses == 1


def test_cli_second_check_reads_the_cache_and_no_cache_does_not(tree, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TF_MIGRATE_NO_CACHE", raising=False)
    monkeypatch.setenv("TF_MIGRATE_CACHE_DIR", str(tmp_path / "cache"))
    report = tmp_path / "report.json"
    assert cli.main(["rewrite", "--check", "-q", "--jobs", "1", "--report", str(report), str(tree)]) == 1
    first = json.loads(report.read_text())
    _no_migration(monkeypatch)
    assert cli.main(["rewrite", "--check", "-q", "--report", str(report), str(tree)]) == 1
    assert json.loads(report.read_text())["files"] == first["files"]
    capsys.readouterr()
    # the CLI turns the refusing process_unit into "internal error" (exit 2): proof the unit was migrated
    assert cli.main(["rewrite", "--check", "-q", "--jobs", "1", "--no-cache", str(tree)]) == 2
    assert "expected a cache hit" in capsys.readouterr().err
    monkeypatch.setenv("TF_MIGRATE_NO_CACHE", "1")
    assert cli.main(["rewrite", "--check", "-q", "--jobs", "1", str(tree)]) == 2
    assert "expected a cache hit" in capsys.readouterr().err


def test_a_new_package_marker_is_a_miss(tree, tmp_path):
    """``__init__.py`` appearing next to a file changes where its imports resolve, even when it is not migrated."""
    paths = [tree / "mlp" / "main.py", tree / "mlp" / "ops.py"]
    _run(paths, Cache(tmp_path / "cache"))
    (tree / "mlp" / "__init__.py").write_text("")
    cache = Cache(tmp_path / "cache")
    assert _run(paths, cache) == _run(paths, None)
    assert cache.hits == 0
