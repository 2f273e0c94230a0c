"""``X, Y = create_placeholders(n_x, n_y)``: a function that only makes placeholders is written out at its calls.

The deeplearning.ai (Coursera) assignments and many notebooks copied from them
build their inputs with a factory::

    def create_placeholders(n_x, n_y):
        X = tf.placeholder(tf.float32, [n_x, None], name="X")
        Y = tf.placeholder(tf.float32, [n_y, None], name="Y")
        return X, Y

    X, Y = create_placeholders(n_x, n_y)

A placeholder is an argument of the function that runs it, so the graph pass
(TFM300) needs to see it where the graph is built. Each call statement
becomes the factory's placeholder statements bound to the call's targets, its
parameters replaced by the arguments; the factory goes once nothing calls it.
The graph is the same: TF1 made the same placeholders at the call. Only
factories whose body is placeholder assignments and one ``return`` of them,
called only as ``a, b = f(...)`` with simple arguments, are written out.
"""

from __future__ import annotations

import libcst as cst

from migrate.data import graph_map as G
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.graph.blocks import Substitute, calls_in, reads

_SIMPLE = (cst.Name, cst.Attribute, cst.Integer, cst.Float, cst.SimpleString, cst.Subscript)


class PlaceholderFactories(Rule):
    """``X, Y = create_placeholders(n_x, n_y)`` -> the factory's placeholder statements at the call.

    TF1 pattern: a function whose body is placeholder assignments and one ``return`` of them.
    Replacement: each call statement becomes those statements bound to its targets, parameters replaced by
    the arguments; the factory goes. Left: a factory used as a value, called with computed arguments, or
    doing anything else.
    """

    code = "TFM299"
    family = "graph"
    description = "create_placeholders() factories written out at their calls, so TFM300 sees the placeholders"
    program = True
    symbols = G.PLACEHOLDERS
    module_symbols = G.PLACEHOLDERS  # a factory makes placeholders
    examples = (
        Example(
            "import tensorflow as tf\n\n\n"
            "def create_placeholders(n_x, n_y):\n"
            "    X = tf.placeholder(tf.float32, [n_x, None], name=\"X\")\n"
            "    Y = tf.placeholder(tf.float32, [n_y, None], name=\"Y\")\n"
            "    return X, Y\n\n\n"
            "X, Y = create_placeholders(12288, 6)\n",
            "import tensorflow as tf\n\n\n"
            "X = tf.placeholder(tf.float32, [12288, None], name=\"X\")\n"
            "Y = tf.placeholder(tf.float32, [6, None], name=\"Y\")\n",
            "the Coursera assignments' factory",
        ),
        Example(
            "import tensorflow as tf\n\n\n"
            "def inputs(n):\n"
            "    x = tf.placeholder(tf.float32, [None, n])\n"
            "    return x\n\n\n"
            "x = inputs(4)\n"
            "f = inputs\n",
            None,
            "the factory is used as a value too: left",
        ),
        Example(
            "import tensorflow as tf\n\n\n"
            "def inputs(n):\n"
            "    x = tf.placeholder(tf.float32, [None, n])\n"
            "    print(n)\n"
            "    return x\n\n\n"
            "x = inputs(4)\n",
            None,
            "the function does more than make placeholders: left",
        ),
    )

    def on_module(self, module: cst.Module, ctx) -> cst.Module | None:
        factories = {s.name.value: s for s in module.body
                     if isinstance(s, cst.FunctionDef) and _factory(s, ctx) is not None
                     and len(ctx.global_bindings(s.name.value)) == 1}
        if not factories:
            return None
        calls = _calls_of(module, factories)
        if calls is None:
            return None
        expand = _Expand(factories, calls, ctx)
        new = module.visit(expand)
        if not expand.done:
            return None
        for name in [n for n in factories if n in expand.done]:  # in source order (done is a set)
            ctx.report(factories[name], self.code, Severity.INFO,
                       f"{name}() only made placeholders: written out at its calls, so they become arguments",
                       fixed=True)
        return new


def _factory(function: cst.FunctionDef, ctx) -> tuple[list[str], list[cst.SimpleStatementLine]] | None:
    """(returned names, placeholder statements) of a placeholder factory, else None."""
    params = function.params
    if function.decorators or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or params.star_kwarg \
            or params.kwonly_params or params.posonly_params or not isinstance(function.body, cst.IndentedBlock):
        return None
    statements = [s for s in function.body.body
                  if not (isinstance(s, cst.SimpleStatementLine) and isinstance(s.body[0], cst.Expr)
                          and isinstance(s.body[0].value, cst.SimpleString))]
    if len(statements) < 2 or not all(isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 for s in statements):
        return None
    made: list[str] = []
    for statement in statements[:-1]:
        small = statement.body[0]
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
                and isinstance(small.value, cst.Call) and ctx.symbol(small.value.func) in G.PLACEHOLDERS):
            return None
        if reads(small.value) & set(made):
            return None  # one placeholder built from another: not a plain factory
        made.append(small.targets[0].target.value)
    ret = statements[-1].body[0]
    value = ret.value if isinstance(ret, cst.Return) else None
    names = [value.value] if isinstance(value, cst.Name) else (
        [e.value.value for e in value.elements if isinstance(e.value, cst.Name)] if isinstance(value, cst.Tuple) else [])
    if not names or len(names) != (len(value.elements) if isinstance(value, cst.Tuple) else 1) \
            or sorted(names) != sorted(made):
        return None
    return names, statements[:-1]


def _calls_of(module: cst.Module, factories: dict) -> dict[int, str] | None:
    """id(statement) -> factory, for every use; None when a factory is used otherwise."""
    found: dict[int, str] = {}
    uses: dict[str, int] = {}

    class _Uses(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value in factories:
                uses[node.value] = uses.get(node.value, 0) + 1

        def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
            small = node.body[0] if len(node.body) == 1 else None
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call) \
                    and isinstance(small.value.func, cst.Name) and small.value.func.value in factories:
                found[id(node)] = small.value.func.value

    module.visit(_Uses())
    for name in factories:
        # the def's own name and one Name per call statement; anything else is another use
        if uses.get(name, 0) != 1 + sum(1 for f in found.values() if f == name):
            return None
    return found


class _Expand(cst.CSTTransformer):
    def __init__(self, factories: dict, calls: dict[int, str], ctx) -> None:
        self.factories, self.calls, self.ctx = factories, calls, ctx
        self.done: set[str] = set()
        self.failed: set[str] = set()

    def leave_SimpleStatementLine(self, original, updated):
        name = self.calls.get(id(original))
        if name is None:
            return updated
        expanded = self._expand(original, name)
        if expanded is None:
            self.failed.add(name)
            return updated
        self.done.add(name)
        first, *rest = expanded
        return cst.FlattenSentinel([first.with_changes(leading_lines=original.leading_lines), *rest])

    def _expand(self, statement: cst.SimpleStatementLine, name: str) -> list | None:
        small = statement.body[0]
        returned, lines = _factory(self.factories[name], self.ctx)
        target = small.targets[0].target
        targets = [target] if isinstance(target, cst.Name) and len(returned) == 1 else (
            [e.value for e in target.elements] if isinstance(target, (cst.Tuple, cst.List)) else [])
        if len(targets) != len(returned) or not all(isinstance(t, cst.Name) for t in targets):
            return None
        params = self.factories[name].params.params
        values = {p.name.value: p.default for p in params if p.default is not None}
        for i, arg in enumerate(small.value.args):
            if arg.star or not isinstance(arg.value, _SIMPLE) or calls_in(arg.value) or (
                    arg.keyword is None and i >= len(params)):
                return None
            values[arg.keyword.value if arg.keyword else params[i].name.value] = arg.value
        if set(values) != {p.name.value for p in params}:
            return None
        bound = dict(zip(returned, (t.value for t in targets)))
        out = []
        for line in lines:
            assign = line.body[0]
            value = assign.value.with_changes(args=[a.with_changes(value=a.value.visit(Substitute(values)))
                                                    for a in assign.value.args])
            target_name = bound[assign.targets[0].target.value]
            out.append(cst.SimpleStatementLine(
                [cst.Assign([cst.AssignTarget(cst.Name(target_name))], value)]))
        return out

    def leave_Module(self, original, updated):
        if self.failed or not self.done:
            self.done = set()  # all calls or none: a half-written-out factory would leave a def still in use
            return original
        body = [s for s in updated.body if not (isinstance(s, cst.FunctionDef) and s.name.value in self.done)]
        return updated.with_changes(body=body)
