"""``def predict_cls(tensor, images): return session.run(tensor, ...)`` called with one graph name: the name goes in.

Hvass-Labs' tutorials and many notebooks pass the tensor to fetch into a
helper. The graph pass (TFM300) turns each fetch into a ``tf.function`` and
needs to see which graph value a run site fetches. When every call passes the
same module-level name, bound once, the parameter is that name: it is written
into the body and leaves the signature and the calls. The value the helper
fetched is the same, since the name could only ever hold that one object.
"""

from __future__ import annotations

import libcst as cst

from migrate.data import graph_map as G
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.graph.blocks import calls_in, local_names


class FetchParameters(Rule):
    """``def predict_cls(tensor, images): return session.run(tensor, ...)`` -> the global written in.

    TF1 pattern: a helper runs the tensor handed to it. Replacement: when every call passes the same
    module-level name bound once, the parameter leaves the signature and the calls and the name goes in.
    Refused (left): different tensors at different calls, a parameter used otherwise, a helper used as a value.
    """

    code = "TFM298"
    family = "graph"
    description = "a fetched-tensor parameter given the same global at every call is written into the helper"
    program = True
    symbols = G.SESSIONS
    module_words = ("run", "eval")  # the fetch it looks for is a .run(param) or param.eval()
    examples = (
        Example(
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32, [None, 2])\n"
            "y = tf.argmax(x, 1)\n"
            "sess = tf.Session()\n\n\n"
            "def predict(tensor, images):\n"
            "    return sess.run(tensor, feed_dict={x: images})\n\n\n"
            "print(predict(y, data))\n",
            "import tensorflow as tf\n\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])\n"
            "def compute_y(x):\n"
            "    y = tf.argmax(x, 1)\n"
            "    return y\n\n\n"
            "def predict(images):\n"
            "    return compute_y(images).numpy()\n\n\n"
            "print(predict(data))\n",
            "Hvass's predict_cls(tensor, images): y written in, then TFM300 converts the run",
        ),
        Example(
            "import tensorflow as tf\n\n\n"
            "def predict(tensor, images):\n"
            "    return tensor(images).numpy()\n\n\n"
            "print(predict(model, data))\n",
            None,
            "no run of the parameter: left",
        ),
    )

    def on_module(self, module: cst.Module, ctx) -> cst.Module | None:
        plans: dict[str, tuple[int, str, str]] = {}  # function -> (position, parameter, global)
        fetched = _fetches(ctx.calls.values())  # over the whole file: a function's fetches are among them
        for statement in module.body:
            if isinstance(statement, cst.FunctionDef) and any(p.name.value in fetched for p in statement.params.params):
                plan = _plan(statement, module, ctx)
                if plan is not None:
                    plans[statement.name.value] = plan
        if not plans:
            return None
        for name, (_, param, value) in plans.items():
            ctx.report(next(s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == name),
                       self.code, Severity.INFO,
                       f"{name}() was given {value} as {param!r} at every call: {value} is written in, so TFM300 "
                       "sees what it fetches", fixed=True)
        return module.visit(_Specialize(plans))


def _fetch_params(function: cst.FunctionDef) -> set[str]:
    """Parameters used as the fetch of a ``<x>.run(param, ...)`` or as ``param.eval(...)`` and nothing else."""
    names = {p.name.value for p in function.params.params if p.default is None}
    fetched = _fetches(calls_in(function))
    counts: dict[str, int] = {}

    class _Count(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            counts[node.value] = counts.get(node.value, 0) + 1

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)
            return False

        def visit_Arg(self, node: cst.Arg) -> bool:
            node.value.visit(self)
            return False

    function.body.visit(_Count())
    assigned = local_names(function) - {p.name.value for p in function.params.params}
    return {n for n in names & set(fetched) if counts.get(n) == fetched[n] and n not in assigned}


def _fetches(calls) -> dict[str, int]:
    """How often each name is fetched by ``calls``: ``<x>.run(name, ...)``, ``name.eval(...)``."""
    fetched: dict[str, int] = {}
    for call in calls:
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "run" and call.args \
                and call.args[0].keyword is None and isinstance(call.args[0].value, cst.Name):
            fetched[call.args[0].value.value] = fetched.get(call.args[0].value.value, 0) + 1
        if isinstance(func, cst.Attribute) and func.attr.value == "eval" and isinstance(func.value, cst.Name):
            fetched[func.value.value] = fetched.get(func.value.value, 0) + 1
    return fetched


def _plan(function: cst.FunctionDef, module: cst.Module, ctx) -> tuple[int, str, str] | None:
    params = _fetch_params(function)
    if len(params) != 1 or function.params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) \
            or function.params.star_kwarg or len(ctx.global_bindings(function.name.value)) != 1:
        return None
    param = params.pop()
    position = [p.name.value for p in function.params.params].index(param)
    given: set[str] = set()
    calls = 0
    uses = 0

    class _Calls(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            nonlocal uses
            if node.value == function.name.value:
                uses += 1

        def visit_Call(self, call: cst.Call) -> None:
            nonlocal calls
            if isinstance(call.func, cst.Name) and call.func.value == function.name.value:
                calls += 1
                for i, arg in enumerate(call.args):
                    if arg.star:
                        given.add("*")
                    elif (arg.keyword.value == param) if arg.keyword else i == position:
                        given.add(arg.value.value if isinstance(arg.value, cst.Name) else "*")

    module.visit(_Calls())
    if calls == 0 or uses != calls + 1 or len(given) != 1 or "*" in given:
        return None
    value = given.pop()
    if len(ctx.global_bindings(value)) != 1 or value in local_names(function):
        return None
    return position, param, value


class _Specialize(cst.CSTTransformer):
    def __init__(self, plans: dict[str, tuple[int, str, str]]) -> None:
        self.plans = plans
        self.inside: str | None = None

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.name.value in self.plans and self.inside is None:
            self.inside = node.name.value

    def leave_FunctionDef(self, original, updated):
        if original.name.value != self.inside:
            return updated
        self.inside = None
        position, _, _ = self.plans[original.name.value]
        params = [p for i, p in enumerate(updated.params.params) if i != position]
        if params:
            params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(params=updated.params.with_changes(params=params))

    def leave_Name(self, original, updated):
        if self.inside is not None:
            _, param, value = self.plans[self.inside]
            if original.value == param:
                return updated.with_changes(value=value)
        return updated

    def leave_Arg(self, original, updated):
        return updated.with_changes(keyword=original.keyword)  # ``f(tensor=...)`` names a parameter, not the value

    def leave_Call(self, original, updated):
        if isinstance(original.func, cst.Name) and original.func.value in self.plans:
            position, param, _ = self.plans[original.func.value]
            args = [a for i, a in enumerate(updated.args)
                    if not ((a.keyword.value == param) if a.keyword else i == position)]
            if args:
                args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return updated.with_changes(args=args)
        return updated
