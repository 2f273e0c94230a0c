"""Feature columns -> dense TF / Keras preprocessing code (migrate/rules/_feature_columns.py), against TF's own.

Each column's written form, evaluated on TF 2.15 and on the newest TF (Keras 3), equals what
``input_layer`` / ``DenseFeatures`` computes for the same column on TF 2.15's ``tf.compat.v1`` and on
genuine TF 1.15: boundary values, values outside the vocabulary, sorted concatenation.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import libcst as cst
import pytest

from migrate.engine.source import migrate_python
from migrate.findings import Severity
from migrate.rules import _feature_columns
from tests.ecosystem.test_estimators import LATEST, PROGRAMS, migrate
from tests.tf1_reference import tf1_python

COLUMNS = [
    'tf.feature_column.numeric_column("score")',
    'tf.feature_column.numeric_column("pair", shape=[2])',
    'tf.feature_column.bucketized_column(tf.feature_column.numeric_column("age"), boundaries=[20.0, 40.0, 60.0])',
    'tf.feature_column.indicator_column(tf.feature_column.categorical_column_with_vocabulary_list('
    '"colour", ["red", "green", "blue"]))',
    'tf.feature_column.indicator_column(tf.feature_column.categorical_column_with_identity("shop", 3))',
]
DATA = ('{"score": [[0.5], [-1.0], [2.0], [0.0], [3.0]], "pair": [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], '
        '"age": [[19.9], [20.0], [40.0], [75.0], [60.0]], '
        '"colour": [["red"], ["pink"], ["blue"], ["green"], ["red"]], "shop": [[0], [2], [1], [1], [0]]}')
# TF's own dense form of the columns, in a TF1 program (genuine TF 1.15 or tf.compat.v1 on TF 2.15)
REFERENCE = f"""
import json
import tensorflow as tf
tf.disable_eager_execution() if hasattr(tf, "disable_eager_execution") else None
features = {{k: tf.constant(v) for k, v in {DATA}.items()}}
dense = tf.feature_column.input_layer(features, [{", ".join(COLUMNS)}])
session = tf.Session()
session.run(tf.tables_initializer())  # the vocabulary lookup
print("RESULT " + json.dumps(session.run(dense).tolist()))
"""


def _written(tf: str = "tf") -> str:
    """The migrated dense form: every column's expression, concatenated in DenseFeatures' order."""
    resolve = {"numeric_column": _feature_columns.NUMERIC, "bucketized_column": _feature_columns.BUCKETIZED,
               "indicator_column": _feature_columns.INDICATOR,
               "categorical_column_with_vocabulary_list": _feature_columns.VOCABULARY,
               "categorical_column_with_identity": _feature_columns.IDENTITY}

    def symbol_of(call):
        return resolve.get(call.func.attr.value) if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) else None

    def numeric(call):
        bound = {a.keyword.value if a.keyword else ("key", "shape")[i]: a.value for i, a in enumerate(call.args)}
        shape = bound.get("shape")
        return bound["key"].evaluated_value, int(shape.elements[0].value.value) if shape is not None else 1

    ref = lambda name: cst.parse_expression(f"{tf}.{name}")  # noqa: E731
    columns = [_feature_columns.parse(cst.parse_expression(c), symbol_of, ref, numeric) for c in COLUMNS]
    parts = [cst.Module([]).code_for_node(c.dense(cst.parse_expression(f"features[{c.key!r}]")))
             for c in sorted(columns, key=lambda c: c.name)]
    return (f"import json\nimport tensorflow as {tf}\nfeatures = {DATA}\n"
            f"dense = {tf}.concat([{', '.join(parts)}], axis=1)\n"
            "print('RESULT ' + json.dumps(dense.numpy().tolist()))\n")


def _run(python, source: str) -> list:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("TF2_BEHAVIOR", None)
    done = subprocess.run([str(python), "-c", source], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads([l for l in done.stdout.splitlines() if l.startswith("RESULT ")][-1][len("RESULT "):])


@pytest.mark.slow
def test_written_columns_equal_tfs_input_layer():
    expected = _run(sys.executable, REFERENCE.replace("import tensorflow as tf", "import tensorflow.compat.v1 as tf"))
    assert len(expected[0]) == 1 + 2 + 4 + 3 + 3  # the widths: nothing dropped
    assert _run(sys.executable, _written()) == expected
    if LATEST.exists():
        assert _run(LATEST, _written()) == expected
    python = tf1_python()
    if python is not None:
        assert _run(python, REFERENCE) == expected
    else:
        pytest.skip("no genuine TF 1.15 (make setup-tf1): compared with TF 2.15's tf.compat.v1 only")


def test_program_with_columns_converts_completely():
    source = (PROGRAMS / "feature_columns_dnn.py").read_text()
    for target in ("tf2.15", "latest"):
        out, findings = migrate(source, target)
        assert "feature_column" not in out and "tf.estimator" not in out, out
        assert "tf.keras.layers.Discretization(bin_boundaries=[20.0, 40.0, 60.0])" in out
        assert [f for f in findings if f.code == "TFM260" and f.fixed], findings
        assert migrate(out, target)[0] == out


REFUSED = [
    ('tf.feature_column.embedding_column(tf.feature_column.categorical_column_with_identity("c", 3), 2)',
     "embedding, hashed and crossed"),
    ('tf.feature_column.indicator_column(tf.feature_column.categorical_column_with_hash_bucket("c", 10))',
     "other than a vocabulary list or identity"),
    ('tf.feature_column.indicator_column(tf.feature_column.categorical_column_with_vocabulary_list('
     '"c", ["a"], num_oov_buckets=1))', "OOV buckets"),
    ('tf.feature_column.bucketized_column(tf.feature_column.numeric_column("a"), boundaries=[2.0, 1.0])',
     "sorted literal list"),
    ('tf.feature_column.bucketized_column(tf.feature_column.numeric_column("a", shape=[2]), boundaries=[1.0])',
     "non-scalar source"),
]


@pytest.mark.parametrize(("column", "reason"), REFUSED, ids=[r for _, r in REFUSED])
def test_unsupported_columns_are_refused_with_the_reason(column, reason):
    source = (f"import tensorflow as tf\ncols = [{column}]\n"
              "est = tf.estimator.DNNClassifier(hidden_units=[4], feature_columns=cols)\n"
              'est.train(input_fn=tf.estimator.inputs.numpy_input_fn(x={"a": A, "c": C}, y=Y, shuffle=False))\n')
    out, findings = migrate_python(source.encode(), "p.py")
    mine = [f for f in findings if f.code == "TFM260"]
    assert out.decode() != "" and "keras.Sequential" not in out.decode()
    assert len(mine) == 1 and not mine[0].fixed and mine[0].severity is Severity.WARNING and reason in mine[0].message, mine
