"""``layer = dict(weights_initializer=..., weights_regularizer=...)`` spread into layer calls: written out.

Code that builds several contrib/``tf.layers`` layers with the same settings often
keeps them in one dict (``legacy_examples/contrib_adamw.py``)::

    layer = dict(weights_initializer=tf.contrib.layers.xavier_initializer(seed=seed),
                 weights_regularizer=tf.contrib.layers.l2_regularizer(1e-4))
    h = tf.contrib.layers.fully_connected(x, 128, **layer)

The graph pass (TFM300) maps a layer's arguments to Keras ones by keyword, so
``**layer`` stopped the whole file. Each ``**layer`` becomes the dict's keywords
and the dict goes. TF1 evaluated the values once and shared them: an
initializer or regularizer object is a recipe (a seeded initializer gives the
same draws whichever object makes them), so one per layer means the same. Only
when that holds: values are literals, names not rebound after the dict, and
calls of TensorFlow initializer/regularizer/activation constructors; the dict is
bound once, by ``dict(k=v)`` or a literal with string keys, and read only as
``**name`` of TensorFlow layer calls in the same function.
"""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.graph.blocks import reads

_LAYERS = ("contrib.layers.", "contrib.slim.", "layers.", "keras.layers.")
_VALUES = ("contrib.layers.", "initializers.", "keras.initializers.", "keras.regularizers.", "nn.", "compat.v1.")


def _items(value: cst.BaseExpression, ctx) -> list[tuple[str, cst.BaseExpression]] | None:
    """The dict's (keyword, value) pairs when it is ``dict(k=v, ...)`` or ``{"k": v, ...}``; else None."""
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict" \
            and not ctx.names.module_scope.bindings.get("dict"):
        if value.args and all(a.keyword is not None and not a.star for a in value.args):
            return [(a.keyword.value, a.value) for a in value.args]
        return None
    if isinstance(value, cst.Dict) and value.elements and all(
            isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString) for e in value.elements):
        keys = [e.key.evaluated_value for e in value.elements]
        if all(isinstance(k, str) and k.isidentifier() for k in keys):
            return [(k, e.value) for k, e in zip(keys, value.elements)]
    return None


def _pure(expr, ctx) -> bool:
    """A literal, a name, or a call of a TF initializer/regularizer/activation constructor on pure arguments."""
    if isinstance(expr, (cst.Integer, cst.Float, cst.SimpleString, cst.Name)):
        return True
    if isinstance(expr, cst.Attribute):
        symbol = ctx.symbol(expr)
        return symbol is not None and symbol.startswith(_VALUES)
    if isinstance(expr, cst.UnaryOperation):
        return _pure(expr.expression, ctx)
    if isinstance(expr, cst.Call):
        symbol = ctx.symbol(expr.func)
        return symbol is not None and symbol.startswith(_VALUES) and all(
            not a.star and _pure(a.value, ctx) for a in expr.args)
    return False


def _bodies(module: cst.Module):
    """Every module or function body, with the function's own statements only."""
    yield module.body

    class _Find(cst.CSTVisitor):
        def __init__(self):
            self.found = []

        def visit_FunctionDef(self, node):
            if isinstance(node.body, cst.IndentedBlock):
                self.found.append(node.body.body)

    finder = _Find()
    module.visit(finder)
    yield from finder.found


class _Uses(cst.CSTVisitor):
    """Where ``name`` is read in a body (nested functions included, so a closure counts as a use)."""

    def __init__(self, name: str) -> None:
        self.name, self.spreads, self.other, self.binds = name, [], 0, 0
        self._spread: set[int] = set()

    def visit_Arg(self, node):
        if node.star == "**" and isinstance(node.value, cst.Name) and node.value.value == self.name:
            self._spread.add(id(node.value))

    def visit_Call(self, node):
        for arg in node.args:
            if arg.star == "**" and isinstance(arg.value, cst.Name) and arg.value.value == self.name:
                self.spreads.append(node)

    def visit_AssignTarget(self, node):
        if isinstance(node.target, cst.Name) and node.target.value == self.name:
            self.binds += 1
            return False
        return True

    def visit_Name(self, node):
        if node.value == self.name and id(node) not in self._spread:
            self.other += 1


class LayerKwargs(Rule):
    """``fully_connected(x, 128, **layer)`` with ``layer = dict(...)`` -> the dict's keywords at each call.

    TF1 pattern: one dict of layer settings spread into several contrib / tf.layers calls.
    Replacement: the keywords written at each call, the dict removed, so TFM300 maps them.
    Left: a dict read any other way, bound twice, built from values that could differ per call.
    """

    code = "TFM297"
    family = "graph"
    description = "A dict of layer settings spread with ** into layer calls -> the keywords at each call"
    program = True
    module_prefixes = _LAYERS  # a layer call the dict is spread into (watching no symbol: explain lists it nowhere)
    module_words = ("layers", "slim")
    examples = (
        Example("import tensorflow as tf\n"
                "layer = dict(weights_initializer=tf.contrib.layers.xavier_initializer(seed=0))\n"
                "h = tf.contrib.layers.fully_connected(x, 4, **layer)\n",
                "import tensorflow as tf\n"
                "h = tf.compat.v1.layers.dense(x, 4, kernel_initializer=tf.keras.initializers.GlorotUniform(seed=0), "
                "activation=tf.nn.relu)\n"),
        Example("import tensorflow as tf\nlayer = dict(activation=tf.nn.relu)\nh = tf.layers.dense(x, 4, **layer)\n"
                "print(layer)\n", None, "the dict is read as a value too"),
        Example("import tensorflow as tf\nlayer = dict(kernel_initializer=make())\nh = tf.layers.dense(x, 4, **layer)\n",
                None, "a value that could differ per call"),
        Example("options = dict(a=1)\nf(**options)\n", None, "not a layer call"),
    )

    def on_module(self, module, ctx):
        replaced: dict[int, list[tuple[str, cst.BaseExpression]]] = {}  # id(Call) -> keywords for its **name
        names: dict[int, str] = {}
        dropped: set[int] = set()
        for body in _bodies(module):
            for index, statement in enumerate(body):
                found = self._candidate(statement, body, index, ctx)
                if found is None:
                    continue
                name, items, calls = found
                dropped.add(id(statement))
                for call in calls:
                    replaced[id(call)], names[id(call)] = items, name
                ctx.report(statement, self.code, Severity.INFO,
                           f"the layer settings `{name}` are written into its {len(calls)} layer call(s)", fixed=True)
        if not dropped:
            return None
        return module.visit(_Rewrite(replaced, names, dropped))

    def _candidate(self, statement, body, index, ctx):
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
                and isinstance(statement.body[0], cst.Assign) and len(statement.body[0].targets) == 1
                and isinstance(statement.body[0].targets[0].target, cst.Name)):
            return None
        name = statement.body[0].targets[0].target.value
        items = _items(statement.body[0].value, ctx)
        if not items or not all(_pure(v, ctx) for _, v in items):
            return None
        uses = _Uses(name)
        for line in body:
            line.visit(uses)
        if uses.binds != 1 or uses.other or not uses.spreads:
            return None  # bound twice, read as a value, or never spread
        if not all((ctx.symbol(c.func) or "").startswith(_LAYERS) for c in uses.spreads):
            return None
        if ctx.names.bound_in(body[index + 1:]) & set().union(*(reads(v) for _, v in items)):
            return None
        return name, items, uses.spreads


class _Rewrite(cst.CSTTransformer):
    def __init__(self, replaced, names, dropped) -> None:
        self.replaced, self.names, self.dropped = replaced, names, dropped

    def leave_Call(self, original, updated):
        items = self.replaced.get(id(original))
        if items is None:
            return updated
        name, args = self.names[id(original)], []
        for arg in updated.args:
            if arg.star == "**" and isinstance(arg.value, cst.Name) and arg.value.value == name:
                args += [cst.Arg(value, keyword=cst.Name(key)) for key, value in items]
            else:
                args.append(arg)
        args = [a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for a in args]
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(args=args)

    def leave_SimpleStatementLine(self, original, updated):
        return cst.RemoveFromParent() if id(original) in self.dropped else updated
