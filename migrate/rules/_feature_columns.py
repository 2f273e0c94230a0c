"""Dense feature columns -> the tensor ``DenseFeatures`` / ``input_layer`` made of them, with Keras preprocessing.

``tf.feature_column`` is deprecated and absent from Keras 3, so the canned-estimator
conversion (TFM260) writes each column's dense form as plain TF / Keras preprocessing
code evaluated on the feature arrays. TF 1.15 semantics (``feature_column/feature_column_v2.py``
in .venv-tf1):

- ``numeric_column(key, shape)``: float32, ``[-1, width]``; named ``key``.
- ``bucketized_column(numeric_column(key), boundaries)``: the one-hot bucket (``Bucketize``:
  bucket i holds ``boundaries[i-1] <= x < boundaries[i]``, len(boundaries) + 1 buckets);
  named ``key_bucketized``. Keras: ``Discretization(bin_boundaries=...)`` (the same Bucketize).
- ``indicator_column(categorical_column_with_vocabulary_list(key, vocab))``: one-hot over the
  vocabulary, an all-zero row for values outside it (default_value -1, no OOV buckets); named
  ``key_indicator``. Written as ``x == vocab`` per entry (exact; StringLookup would add an OOV slot).
- ``indicator_column(categorical_column_with_identity(key, num_buckets))``: ``one_hot(x, num_buckets)``.

``DenseFeatures`` concatenates the columns sorted by name. Embedding, hashed, crossed and
weighted columns (trainable or hashed state) are not handled: the caller refuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import libcst as cst

from migrate.rules import _calls

NUMERIC = "feature_column.numeric_column"
BUCKETIZED = "feature_column.bucketized_column"
INDICATOR = "feature_column.indicator_column"
VOCABULARY = "feature_column.categorical_column_with_vocabulary_list"
IDENTITY = "feature_column.categorical_column_with_identity"


class Unsupported(Exception):
    """The column has no dense form this module writes; the message says which and why."""


@dataclass(frozen=True)
class Column:
    name: str  # DenseFeatures' sort key
    key: str  # the feature it reads
    width: int
    # tensor expression for the feature value -> the column's float32 [batch, width] expression
    dense: Callable[[cst.BaseExpression], cst.BaseExpression]


def _literal(expr):
    if isinstance(expr, (cst.Integer, cst.Float, cst.SimpleString)):
        return expr.evaluated_value
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus) \
            and isinstance(expr.expression, (cst.Integer, cst.Float)):
        return -expr.expression.evaluated_value
    return None


def _literal_list(expr) -> list | None:
    if not isinstance(expr, (cst.List, cst.Tuple)) or not expr.elements:
        return None
    values = [_literal(e.value) for e in expr.elements]
    return None if any(v is None for v in values) else values


def parse(call, symbol_of: Callable, ref: Callable, numeric_width: Callable) -> Column:
    """One feature-column constructor call -> its dense form; ``symbol_of`` names TF calls, ``ref`` builds
    ``tf.<name>`` references, ``numeric_width`` reads a numeric_column (key, width) or raises."""
    symbol = symbol_of(call)

    def build(func: str, *args, **kwargs) -> cst.Call:
        built = [cst.Arg(a) for a in args] + [_calls.keyword(cst.Arg(v), k) for k, v in kwargs.items()]
        return cst.Call(ref(func), built)

    def column_of(x, width: int) -> cst.Call:
        return build("reshape", x, cst.List([cst.Element(cst.UnaryOperation(cst.Minus(), cst.Integer("1"))),
                                              cst.Element(cst.Integer(str(width)))]))

    if symbol == NUMERIC:
        key, width = numeric_width(call)
        return Column(key, key, width, lambda x: column_of(build("cast", x, ref("float32")), width))
    if symbol == BUCKETIZED:
        bound = _calls.bind(call, ("source_column", "boundaries"))
        if bound is None or set(bound) != {"source_column", "boundaries"} or symbol_of(bound["source_column"].value) != NUMERIC:
            raise Unsupported("a bucketized_column is not bucketized_column(numeric_column(...), boundaries)")
        key, width = numeric_width(bound["source_column"].value)
        boundaries = bound["boundaries"].value
        values = _literal_list(boundaries)
        if width != 1 or values is None or values != sorted(set(values)):
            raise Unsupported("a bucketized_column has a non-scalar source or boundaries that are not a sorted literal list")
        buckets = len(values) + 1

        def bucketized(x):
            flat = build("reshape", build("cast", x, ref("float32")), cst.List([cst.Element(
                cst.UnaryOperation(cst.Minus(), cst.Integer("1")))]))
            ids = cst.Call(build("keras.layers.Discretization", bin_boundaries=boundaries), [cst.Arg(flat)])
            return build("one_hot", ids, cst.Integer(str(buckets)))
        return Column(f"{key}_bucketized", key, buckets, bucketized)
    if symbol == INDICATOR:
        bound = _calls.bind(call, ("categorical_column",))
        inner = bound["categorical_column"].value if bound and set(bound) == {"categorical_column"} else None
        kind = symbol_of(inner)
        if kind == VOCABULARY:
            cat = _calls.bind(inner, ("key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets"))
            vocab = _literal_list(cat["vocabulary_list"].value) if cat and "vocabulary_list" in cat else None
            if cat is None or set(cat) - {"key", "vocabulary_list"} or _literal(cat["key"].value) is None or vocab is None:
                raise Unsupported("a vocabulary_list column sets a dtype, a default or OOV buckets, or its "
                                  "vocabulary is not a literal list")
            key = _literal(cat["key"].value)
            vocabulary = cat["vocabulary_list"].value
            return Column(f"{key}_indicator", key, len(vocab), lambda x: build(
                "cast", build("equal", column_of(x, 1), vocabulary), ref("float32")))
        if kind == IDENTITY:
            cat = _calls.bind(inner, ("key", "num_buckets", "default_value"))
            if cat is None or set(cat) != {"key", "num_buckets"} or not isinstance(cat["num_buckets"].value, cst.Integer) \
                    or _literal(cat["key"].value) is None:
                raise Unsupported("an identity column sets a default or a non-literal num_buckets")
            key, buckets = _literal(cat["key"].value), int(cat["num_buckets"].value.value)
            return Column(f"{key}_indicator", key, buckets, lambda x: build(
                "one_hot", build("reshape", build("cast", x, ref("int64")), cst.List([cst.Element(
                    cst.UnaryOperation(cst.Minus(), cst.Integer("1")))])), cst.Integer(str(buckets))))
        raise Unsupported("an indicator_column wraps a column other than a vocabulary list or identity column")
    raise Unsupported("a feature column is not numeric, bucketized or an indicator of a vocabulary list / identity "
                      "column (embedding, hashed and crossed columns need trainable or hashed Keras layers)")
