"""``x.get_shape()[1].value`` -> ``x.get_shape()[1]``: TF2's shapes hold ints, not ``Dimension`` objects."""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity


def _shape_item(node: cst.BaseExpression) -> bool:
    """``<x>.get_shape()[k]`` or ``<x>.shape[k]`` (one index or a negative one, not a slice)."""
    if not (isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index)):
        return False
    value = node.value
    if isinstance(value, cst.Call) and not value.args and isinstance(value.func, cst.Attribute):
        return value.func.attr.value == "get_shape"
    return isinstance(value, cst.Attribute) and value.attr.value == "shape"


class DimensionValue(Rule):
    """``.value`` of one dimension of a static shape is dropped.

    In TF1 ``x.get_shape()[1]`` is a ``tf.Dimension`` whose ``.value`` is the int
    (or None); in TF2 (and in TF1 code run on TF2, eager or not) the item already
    is that int or None, and ``.value`` raises AttributeError. ``x.shape[1].value``
    is the same. Other ``Dimension`` uses (a name bound to the item, ``tf.Dimension``)
    are left as they are.
    """

    code = "TFM105"
    family = "renames"
    description = "Drop .value from a static shape's dimension (TF2 shapes hold ints)"
    program = True
    module_words = ("value",)  # the attribute is spelled out where the rule can do anything
    examples = (
        Example("import tensorflow as tf\nn_in = x.get_shape()[-1].value\nrows = x.shape[0].value\nW = tf.zeros([n_in, rows])\n",
                "import tensorflow as tf\nn_in = x.get_shape()[-1]\nrows = x.shape[0]\nW = tf.zeros([n_in, rows])\n"),
        Example("import tensorflow as tf\nW = tf.Variable(tf.zeros([x.get_shape()[1].value, 10]))\n",
                "import tensorflow as tf\nW = tf.Variable(tf.zeros([x.get_shape()[1], 10]))\n", "inside an expression"),
        Example("import tensorflow as tf\nn = x.get_shape()[1:].value\ny = tf.ones(n)\n", None, "a slice is a TensorShape"),
        Example("import tensorflow as tf\nd = x.get_shape()[1]\nn = d.value\ny = tf.ones(n)\n", None,
                "a bound Dimension: not followed"),
        Example("import tensorflow as tf\nv = config.value\ny = tf.ones(v)\n", None, "not a shape"),
    )

    def on_module(self, module, ctx):
        rule = self

        class _Values(cst.CSTTransformer):
            changed = False

            def leave_Attribute(self, original, updated):
                if original.attr.value != "value" or not _shape_item(original.value):
                    return updated
                ctx.report(original, rule.code, Severity.INFO, "a TF2 shape's dimension is an int or None "
                           "already: .value dropped (TF1's tf.Dimension had it)", fixed=True)
                _Values.changed = True
                return updated.value

        new = module.visit(_Values())
        return new if _Values.changed else None
