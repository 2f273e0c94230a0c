"""``x.get_shape()[1].value`` -> ``x.get_shape()[1]``: TF2's shapes hold ints, not ``Dimension`` objects."""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity


def _is_shape(node: cst.BaseExpression, shapes: frozenset[str] = frozenset()) -> bool:
    """``x.get_shape()``, ``x.shape``, or a name bound once in its scope to one of them."""
    if isinstance(node, cst.Call) and not node.args and isinstance(node.func, cst.Attribute):
        return node.func.attr.value == "get_shape"
    if isinstance(node, cst.Attribute):
        return node.attr.value == "shape"
    return isinstance(node, cst.Name) and node.value in shapes


def _shape_item(node: cst.BaseExpression, shapes: frozenset[str] = frozenset()) -> bool:
    if not (isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index)):
        return False
    return _is_shape(node.value, shapes)


class _Bindings(cst.CSTVisitor):
    """Every binding of a name in one scope (nested functions, classes and lambdas are their own)."""

    def __init__(self) -> None:
        self.values: dict[str, list[cst.CSTNode | None]] = {}  # name -> the value bound (None: not an assignment)

    def _bind(self, target: cst.CSTNode, value: cst.CSTNode | None = None) -> None:
        if isinstance(target, cst.Name):
            self.values.setdefault(target.value, []).append(value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value)

    def visit_Assign(self, node):
        for target in node.targets:
            self._bind(target.target, node.value if len(node.targets) == 1 else None)

    def visit_AugAssign(self, node):
        self._bind(node.target)

    def visit_AnnAssign(self, node):
        self._bind(node.target)

    def visit_For(self, node):
        self._bind(node.target)

    def visit_NamedExpr(self, node):
        self._bind(node.target)

    def visit_AsName(self, node):
        self._bind(node.name)

    def visit_Param(self, node):
        self._bind(node.name)

    def visit_CompFor(self, node):
        self._bind(node.target)

    def visit_FunctionDef(self, node):
        self._bind(node.name)
        return False

    def visit_ClassDef(self, node):
        self._bind(node.name)
        return False

    def visit_Lambda(self, node):
        return False


def _shape_names(scope: cst.CSTNode) -> frozenset[str]:
    """Names ``scope`` binds exactly once, to a static shape (``shape = v.get_shape()``)."""
    bindings = _Bindings()
    if isinstance(scope, cst.FunctionDef):
        scope.params.visit(bindings)
        scope = scope.body
    for statement in scope.body:
        statement.visit(bindings)
    return frozenset(n for n, values in bindings.values.items() if len(values) == 1 and values[0] is not None
                     and _is_shape(values[0]))


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
        rule = self

        class _Values(cst.CSTTransformer):
            changed = False

            def __init__(self) -> None:
                super().__init__()
                self.shapes = [_shape_names(module)]  # per scope
                self.dims: list[str | None] = []  # targets of the loops over a shape around the node ("": another
                # loop; None: a function's start, which loops outside it do not reach into)

            def visit_FunctionDef(self, node):
                self.shapes.append(_shape_names(node))
                self.dims.append(None)

            def leave_FunctionDef(self, original, updated):
                self.shapes.pop()
                self.dims.pop()
                return updated

            def visit_For(self, node):
                over_shape = isinstance(node.target, cst.Name) and _is_shape(node.iter, self.shapes[-1])
                rebound = over_shape and node.target.value in _bound_in(node.body)
                self.dims.append(node.target.value if over_shape and not rebound else "")

            def leave_For(self, original, updated):
                self.dims.pop()
                return updated

            def leave_Attribute(self, original, updated):
                if original.attr.value != "value":
                    return updated
                item = _shape_item(original.value, self.shapes[-1])
                start = len(self.dims) - self.dims[::-1].index(None) if None in self.dims else 0
                dim = isinstance(original.value, cst.Name) and original.value.value in self.dims[start:]
                if not (item or dim):
                    return updated
                ctx.report(original, rule.code, Severity.INFO, "a TF2 shape's dimension is an int or None "
                           "already: .value dropped (TF1's tf.Dimension had it)", fixed=True)
                _Values.changed = True
                return updated.value

        new = module.visit(_Values())
        return new if _Values.changed else None


def _bound_in(node: cst.CSTNode) -> set[str]:
    bindings = _Bindings()
    node.visit(bindings)
    return set(bindings.values)
