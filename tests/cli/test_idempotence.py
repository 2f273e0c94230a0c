"""A second run changes nothing and counts no fixes (issue 12).

Over every program of the test corpus, every other one also as a notebook (its top-level statements
spread over cells, a markdown cell and a magic between them), in generated trees (the corpus in parts):
one ``--write``, then ``--check`` must exit 0 with 0 changed and 0 fixes.
"""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PROGRAMS = sorted(p for p in CORPUS.rglob("*.py") if p.name != "__init__.py")
NOTEBOOK = Path(__file__).parent / "fixtures" / "training.ipynb"


def as_notebook(source: str) -> str:
    """The program's top-level statements in cells of three, with a markdown cell and a magic."""
    lines = source.splitlines(keepends=True)
    starts = [node.lineno - 1 - len(getattr(node, "decorator_list", [])) for node in ast.parse(source).body]
    cuts = [0] + starts[3::3] + [len(lines)]
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# generated"]}]
    for k, (a, b) in enumerate(zip(cuts, cuts[1:])):
        body = (["%matplotlib inline\n"] if k == 1 else []) + lines[a:b]
        cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": body})
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


# The tree in SHARDS parts, each a test case of its own: `make test` runs a fixed third of them (the slow-case
# sampling of tests/conftest.py), `make test-full` every part, and the two xdist workers share the parts instead of
# one worker running a single two-minute test. A package directory (shapes/pkg_*) stays in one part, whole.
SHARDS = 6


def _unit(program: Path) -> Path:
    relative = program.relative_to(CORPUS)
    return relative.parent if relative.parent.name.startswith("pkg_") else relative


UNITS = sorted({_unit(p) for p in PROGRAMS})


def generated_tree(root: Path, shard: int) -> Path:
    """The programs of the shard-th part (half of all programs also as notebooks; the fixture notebook in part 0)."""
    mine = set(UNITS[shard::SHARDS])
    for k, program in enumerate(PROGRAMS):  # the notebook choice over the whole corpus, as for one tree
        if _unit(program) not in mine:
            continue
        target = root / program.relative_to(CORPUS)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(program, target)
        if k % 2 == 0:  # half of them as notebooks too
            target.with_suffix(".ipynb").write_text(as_notebook(program.read_text()))
    if shard == 0:
        shutil.copy(NOTEBOOK, root / "training.ipynb")
    return root


def test_the_corpus_is_large_enough_to_mean_something():
    assert len(PROGRAMS) >= 90


def test_the_parts_cover_the_corpus_once(tmp_path):
    parts = [sorted(p.relative_to(tmp_path / str(k)).as_posix() for p in generated_tree(tmp_path / str(k), k).rglob("*.py"))
             for k in range(SHARDS)]
    every = [name for part in parts for name in part]
    assert sorted(every) == sorted(p.relative_to(CORPUS).as_posix() for p in PROGRAMS) and all(parts)


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SHARDS), ids=lambda k: f"part{k + 1}of{SHARDS}")
def test_a_second_run_over_the_migrated_tree_changes_nothing_and_counts_no_fixes(tfm, shard, tmp_path):
    generated = generated_tree(tmp_path / "tree", shard)
    first = tfm("rewrite", "--write", "--quiet", "--jobs", "2", generated)
    assert first.code in (1, 3), first.err
    report = tmp_path / "second.json"
    second = tfm("rewrite", "--check", "--quiet", "--jobs", "2", "--report", report, generated)
    summary = json.loads(report.read_text())["summary"]
    changed = [f["path"] for f in json.loads(report.read_text())["files"] if f["changed"]]
    assert changed == [] and second.code & 1 == 0, changed
    assert summary.get("fixed", 0) == 0, summary
