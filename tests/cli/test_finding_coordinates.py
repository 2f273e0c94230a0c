"""Positions of a rewritten text mapped back to its input (engine/coordinates.py)."""

from __future__ import annotations

import pytest

from migrate.engine.coordinates import LineMap, to_input
from migrate.engine.notebook import migrate_notebook
from migrate.findings import Finding, Severity

BEFORE = ["import tensorflow as tf", "x = 1", "y = tf.log(x)", "z = 2"]


@pytest.mark.parametrize("after, position, expected", [
    pytest.param(BEFORE, (3, 5), (3, 5), id="an unchanged text maps to itself"),
    pytest.param(["import tensorflow as tf", "import os", "", "x = 1", "y = tf.log(x)", "z = 2"], (5, 5), (3, 5),
                 id="lines inserted above shift back"),
    pytest.param(["import tensorflow as tf", "x = 1", "z = 2", "def f():", "    y = tf.log(x)"], (5, 9), (3, 5),
                 id="a line moved into a function body maps to where it was, column less the indent"),
    pytest.param(["import tensorflow as tf", "x = 1", "y = tf.math.log(x) + 0", "z = 2"], (3, 5), (3, 5),
                 id="a line rewritten in place keeps the columns it shares"),
    pytest.param(BEFORE, (0, 0), (0, 0), id="a file-level position is left alone"),
])
def test_line_map(after, position, expected):
    assert LineMap(BEFORE, after)(*position) == expected


def test_a_line_the_rewrite_created_is_left_as_it_is():
    after = ["import tensorflow as tf", "x = 1", "y = tf.log(x)", "z = 2", "", "@tf.function", "def step():"]
    assert LineMap(BEFORE, after)(6, 1) == (6, 1)


def test_maps_compose_through_several_passes():
    middle = ["import tensorflow as tf", "", "x = 1", "y = tf.log(x)", "z = 2"]
    last = ["import tensorflow as tf", "", "x = 1", "", "y = tf.log(x)", "z = 2"]
    (finding,) = to_input([Finding("TFM100", Severity.INFO, "m", "f.py", 5, 5)],
                          [LineMap(BEFORE, middle), LineMap(middle, last)])
    assert (finding.line, finding.col) == (3, 5)


def _cell(source: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": source.splitlines(keepends=True)}


def test_a_suppression_in_a_notebook_cell_is_honoured():
    import json

    notebook = {"cells": [_cell("import tensorflow as tf\n"), _cell("a = tf.log(1.0)  # tf-migrate: ignore\nb = tf.log(2.0)\n")],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    out, findings = migrate_notebook(json.dumps(notebook).encode(), "nb.ipynb")
    second = "".join(json.loads(out)["cells"][1]["source"])
    assert second == "a = tf.log(1.0)  # tf-migrate: ignore\nb = tf.math.log(2.0)\n"
    (note,) = [f for f in findings if f.suppressed]
    assert (note.cell, note.line) == (1, 1)
