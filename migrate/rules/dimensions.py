"""``x.get_shape()[1].value`` -> ``x.get_shape()[1]``: TF2's shapes hold ints, not ``Dimension`` objects."""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity


def _is_shape(node: cst.BaseExpression | None) -> bool:
    """``x.get_shape()`` or ``x.shape``."""
    if isinstance(node, cst.Call) and not node.args and isinstance(node.func, cst.Attribute):
        return node.func.attr.value == "get_shape"
    return isinstance(node, cst.Attribute) and node.attr.value == "shape"


def _only_binding(names, node: cst.CSTNode) -> cst.CSTNode | None:
    """The one binding (its target name) a reference's leading name can see in its scope, else None."""
    reference = names.references.get(id(node))
    bindings = names.lookup(reference.base, reference.scope) if reference is not None else []
    return bindings[0][1] if len(bindings) == 1 else None


class DimensionValue(Rule):
    """``.value`` of one dimension of a static shape is dropped.

    In TF1 ``x.get_shape()[1]`` is a ``tf.Dimension`` whose ``.value`` is the int
    (or None); in TF2 (and in TF1 code run on TF2, eager or not) the item already
    is that int or None, and ``.value`` raises AttributeError. ``x.shape[1].value``
    is the same, as are a name bound once to the shape (``shape = v.get_shape()``;
    ``shape[0].value``) and the loop variable of a loop over it (the parameter-count
    snippet: ``for dim in shape: n *= dim.value``). Other ``Dimension`` uses (a name
    bound to the item, ``tf.Dimension``) are left as they are.
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
        Example("import tensorflow as tf\nfor variable in tf.trainable_variables():\n    shape = variable.get_shape()\n"
                "    n = 1\n    for dim in shape:\n        n *= dim.value\n    rows = shape[0].value\n",
                "import tensorflow as tf\nfor variable in tf.trainable_variables():\n    shape = variable.get_shape()\n"
                "    n = 1\n    for dim in shape:\n        n *= dim\n    rows = shape[0]\n",
                "the parameter-count snippet: a loop over a bound shape"),
        Example("import tensorflow as tf\nshape = x.get_shape()\nshape = config\nfor d in shape:\n    n = d.value\n"
                "y = tf.ones(n)\n", None, "the name is bound twice"),
        Example("import tensorflow as tf\nfor d in x.get_shape():\n    d = lookup(d)\n    n = d.value\n"
                "y = tf.ones(n)\n", None, "the loop variable is rebound in the loop"),
    )

    def on_module(self, module, ctx):
        rule, names = self, ctx.names

        def shape(node: cst.BaseExpression) -> bool:  # a static shape, or a name bound once to one
            if isinstance(node, cst.Name) and names is not None:
                return _is_shape(names.assigned.get(id(_only_binding(names, node))))
            return _is_shape(node)

        class _Values(cst.CSTTransformer):
            changed = False

            def __init__(self) -> None:
                super().__init__()
                self.loops: set[int] = set()  # the targets of loops over a shape (read below when bound nowhere else)

            def visit_For(self, node):
                if isinstance(node.target, cst.Name) and shape(node.iter):
                    self.loops.add(id(node.target))

            def leave_Attribute(self, original, updated):
                if original.attr.value != "value":
                    return updated
                value = original.value
                item = (isinstance(value, cst.Subscript) and len(value.slice) == 1
                        and isinstance(value.slice[0].slice, cst.Index) and shape(value.value))
                dim = isinstance(value, cst.Name) and names is not None and id(_only_binding(names, original)) in self.loops
                if not (item or dim):
                    return updated
                ctx.report(original, rule.code, Severity.INFO, "a TF2 shape's dimension is an int or None "
                           "already: .value dropped (TF1's tf.Dimension had it)", fixed=True)
                _Values.changed = True
                return updated.value

        new = module.visit(_Values())
        return new if _Values.changed else None
