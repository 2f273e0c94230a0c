"""A second run changes nothing and counts no fixes (issue 12).

Over every program of the test corpus, every other one also as a notebook (its top-level statements
spread over cells, a markdown cell and a magic between them), in a generated tree: one
``--write``, then ``--check`` must exit 0 with 0 changed and 0 fixes.
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


@pytest.fixture(scope="module")
def generated_tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("idempotence") / "tree"
    for k, program in enumerate(PROGRAMS):
        relative = program.relative_to(CORPUS)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(program, target)
        if k % 2 == 0:  # half of them as notebooks too: the test stays a few minutes on 2 loaded cores
            target.with_suffix(".ipynb").write_text(as_notebook(program.read_text()))
    shutil.copy(NOTEBOOK, root / "training.ipynb")
    return root


def test_the_corpus_is_large_enough_to_mean_something():
    assert len(PROGRAMS) >= 90


@pytest.mark.slow
def test_a_second_run_over_the_migrated_tree_changes_nothing_and_counts_no_fixes(tfm, generated_tree, tmp_path):
    first = tfm("rewrite", "--write", "--quiet", "--jobs", "2", generated_tree)
    assert first.code in (1, 3), first.err
    report = tmp_path / "second.json"
    second = tfm("rewrite", "--check", "--quiet", "--jobs", "2", "--report", report, generated_tree)
    summary = json.loads(report.read_text())["summary"]
    changed = [f["path"] for f in json.loads(report.read_text())["files"] if f["changed"]]
    assert changed == [] and second.code & 1 == 0, changed
    assert summary.get("fixed", 0) == 0, summary
