"""Give every top-level statement of a flattened block its kind (see ``migrate.graph.blocks``)."""

from __future__ import annotations

import libcst as cst

from migrate.data import graph_map as G
from migrate.data import queue_map as Q
from migrate.data import tf_api
from migrate.engine.context import RuleContext
from migrate.graph import keras_calls
from migrate.graph.blocks import (call_symbol, calls_in, local_sessions, reads, session_param, single_statement,
                                  target_names)
from migrate.graph.plan import OPS, TENSORS, Block, Kind, Refusal, Stmt

STATEFUL_PREFIXES = ("keras.",)  # constructors of Keras layers, models, optimizers: state


def _optimizer_call(expr: cst.BaseExpression, kinds: dict[str, Kind], ctx: RuleContext) -> str | None:
    """``minimize`` / ``compute_gradients`` / ``apply_gradients`` called on a v1 optimizer, else None."""
    if not (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute)):
        return None
    method, owner = expr.func.attr.value, expr.func.value
    if method not in ("minimize", "compute_gradients", "apply_gradients"):
        return None
    if isinstance(owner, cst.Name) and kinds.get(owner.value) == Kind.OPTIMIZER:
        return method
    if call_symbol(owner, ctx) in keras_calls.OPTIMIZERS:
        return method
    return None


def creates_variables(expr: cst.BaseExpression, ctx: RuleContext, helpers: set[str]) -> bool:
    for call in calls_in(expr):
        symbol = ctx.symbol(call.func)
        if symbol in G.VARIABLES or symbol in G.GLOBAL_STEPS:
            return True
        if isinstance(call.func, cst.Name) and call.func.value in helpers:
            return True
    return False


def classify(statements: list[cst.BaseStatement], ctx: RuleContext, sessions: set[str],
             variable_helpers: set[str], graph_helpers: set[str] = frozenset()) -> Block:
    kinds: dict[str, Kind] = {}
    defs: dict[str, Stmt] = {}
    out: list[Stmt] = []
    session_functions: dict[str, tuple[int, str]] = {}  # def evaluate(sess, ...) -> (position, parameter)
    for node in statements:
        _no_queues(node, ctx)
        stmt = _classify(node, ctx, kinds, sessions, variable_helpers, graph_helpers, session_functions)
        # what each name read here refers to *at this point* (``h = f(h)`` reads the previous h)
        stmt.data["sources"] = {u: defs[u] for u in stmt.uses if u in defs}
        for name in stmt.defs:
            kinds[name] = stmt.kind
            defs[name] = stmt
        out.append(stmt)
    return Block(out, sessions, kinds, defs)


def _no_queues(node: cst.CSTNode, ctx: RuleContext) -> None:
    """Queue runners don't run eagerly; what TFM280 left of a queue pipeline keeps the block in graph mode."""
    for call in calls_in(node):
        symbol = ctx.symbol(call.func)
        if symbol in _QUEUES:
            raise Refusal(call, f"tf.{symbol} is a queue-runner input pipeline (TFM280 says why it was not made a "
                                "tf.data pipeline): queues do not run eagerly")


_QUEUES = Q.SYMBOLS | Q.OTHER_QUEUES | Q.QUEUE_RUNNERS


def runs_graph(node: cst.CSTNode, kinds: dict[str, Kind], sessions: set[str]) -> bool:
    """Does the statement run graph pieces (``sess.run``, ``t.eval()``, ``op.run()``)?"""
    for call in calls_in(node):
        func = call.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.attr.value in ("run", "eval"):
            if func.value.value in sessions or func.value.value in kinds:
                return True
        if isinstance(func, cst.Attribute) and func.attr.value == "run" and isinstance(func.value, cst.Call):
            return True  # tf.global_variables_initializer().run()
        if any(isinstance(a.value, cst.Name) and a.value.value in sessions for a in call.args):
            return True  # saver.save(sess, ...), tf.train.global_step(sess, step)
    return False


def _classify(node, ctx, kinds, sessions, helpers, graph_helpers=frozenset(), session_functions=None) -> Stmt:
    session_functions = {} if session_functions is None else session_functions
    param = session_param(node, session_functions) if isinstance(node, cst.FunctionDef) else None
    if param is not None and reads(node.body) & (set(kinds) | set(session_functions)):
        session_functions[node.name.value] = param
    if isinstance(node, cst.FunctionDef) and (runs_graph(node, kinds, sessions | local_sessions(node, ctx).names)
                                              or node.name.value in session_functions):
        return Stmt(node, Kind.RUN, (node.name.value,), frozenset(reads(node)))  # def optimize(): session.run(...)
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return Stmt(node, Kind.PYTHON, (node.name.value,))
    small = single_statement(node)
    if runs_graph(node, kinds, sessions | (local_sessions(node, ctx).names if isinstance(node, cst.If) else set())):
        return Stmt(node, Kind.RUN, uses=frozenset(reads(node)))
    conditional = _conditional_graph(node, ctx, kinds, helpers)
    if conditional is not None:  # ``if FLAGS.use_hidden: net = tf.layers.dense(net, 12)``
        return Stmt(node, Kind.COMPUTE, conditional, frozenset(reads(node)))
    if isinstance(small, cst.Expr):
        return _expression(node, small.value, ctx, kinds, sessions)
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return Stmt(node, Kind.RUN, uses=frozenset(reads(node)))
    value = small.value
    uses = frozenset(reads(value))
    names = target_names(small.targets[0].target)
    symbol = call_symbol(value, ctx)
    if names is None:  # ``config.gpu_options.allow_growth = True``, ``d[k] = v``
        base = small.targets[0].target
        while isinstance(base, (cst.Attribute, cst.Subscript)):
            base = base.value
        if isinstance(base, cst.Name) and kinds.get(base.value) == Kind.CONFIG:
            return Stmt(node, Kind.CONFIG_ATTR, uses=uses, value=value, data={"config": base.value})
        return Stmt(node, Kind.RUN, uses=frozenset(reads(node)))
    defs = tuple(names)
    if symbol in G.SESSIONS:
        check_session_graph(value, kinds)
        sessions.update(names)
        return Stmt(node, Kind.SESSION, defs, uses, value)
    if symbol == "Graph" and isinstance(value, cst.Call) and not value.args:
        # ``graph = tf.Graph()`` read only by ``graph.as_default()`` and ``tf.Session(graph=graph)``, both gone
        # (convert checks that nothing kept reads it)
        return Stmt(node, Kind.DROP, defs, uses, value)
    if symbol in G.PLACEHOLDERS:
        if len(names) != 1:
            raise Refusal(node, f"tf.{symbol} assigned to several names")
        return Stmt(node, Kind.PLACEHOLDER, defs, uses, value, {"symbol": symbol})
    if symbol in G.INITIALIZERS:
        return Stmt(node, Kind.INIT, defs, uses, value)
    iterator = _iterator(value, ctx)
    if iterator is not None:
        return Stmt(node, Kind.ITERATOR, defs, uses, value, {"dataset": iterator[0], "initializable": iterator[1]})
    if (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "make_initializer"
            and isinstance(value.func.value, cst.Name) and kinds.get(value.func.value.value) == Kind.ITERATOR
            and len(value.args) == 1 and value.args[0].keyword is None and isinstance(value.args[0].value, cst.Name)
            and len(defs) == 1):
        # ``train_init = iterator.make_initializer(train_ds)``: goes; running it is ``iterator = iter(train_ds)``
        return Stmt(node, Kind.DROP, defs, uses, value, {"iterator": value.func.value.value,
                                                         "dataset": value.args[0].value})
    if (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "get_next"
            and isinstance(value.func.value, cst.Name) and kinds.get(value.func.value.value) == Kind.ITERATOR):
        if len(small.targets[0].target.elements if isinstance(small.targets[0].target, (cst.Tuple, cst.List)) else [0]) != len(defs):
            raise Refusal(node, "get_next() unpacked into a nested structure")
        return Stmt(node, Kind.NEXT, defs, uses, value, {"iterator": value.func.value.value,
                                                      "unpacked": isinstance(small.targets[0].target, (cst.Tuple, cst.List))})
    if symbol == "get_collection" and isinstance(value, cst.Call) and value.args:
        key = ctx.symbol(value.args[0].value)
        if key == "GraphKeys.UPDATE_OPS" and len(value.args) == 1:
            return Stmt(node, Kind.DROP, defs, uses, value)  # Keras layers update their own statistics
        if key == "GraphKeys.TRAINABLE_VARIABLES" and len(value.args) == 1:
            return Stmt(node, Kind.TRAINABLE, defs, uses, value)
        if key == "GraphKeys.REGULARIZATION_LOSSES" and len(value.args) == 1:
            # the Keras layers' losses (convert.Regularization)
            return Stmt(node, Kind.COMPUTE, defs, uses, value, {"regularization": True})
        raise Refusal(value, f"tf.get_collection({cst.Module([]).code_for_node(value.args[0].value)}) has no "
                             "TF2 form: collections are gone")
    if symbol == "losses.get_regularization_loss" and isinstance(value, cst.Call) and not value.args:
        return Stmt(node, Kind.COMPUTE, defs, uses, value, {"regularization": True})  # the sum of the layers' losses
    if symbol in G.TRAINABLE and isinstance(value, cst.Call) and not value.args:
        return Stmt(node, Kind.TRAINABLE, defs, uses, value)
    if symbol in G.SAVERS:
        return Stmt(node, Kind.SAVER, defs, uses, value)
    if symbol in G.WRITERS:
        return Stmt(node, Kind.WRITER, defs, uses, value)
    if symbol in G.SUMMARY_OPS:
        return Stmt(node, Kind.SUMMARY, defs, uses, value, {"symbol": symbol})
    if symbol in G.SUMMARY_MERGES:
        return Stmt(node, Kind.MERGE, defs, uses, value, {"symbol": symbol})
    if symbol in G.CONFIGS or symbol == "GPUOptions":
        return Stmt(node, Kind.CONFIG, defs, uses, value)
    if symbol in keras_calls.OPTIMIZERS:
        return Stmt(node, Kind.OPTIMIZER, defs, uses, value, {"symbol": symbol})
    if symbol in keras_calls.SCHEDULES:
        return Stmt(node, Kind.SCHEDULE, defs, uses, value, {"symbol": symbol})
    inner = _unzipped(value)
    if inner is not None and len(defs) == 2 and _optimizer_call(inner, kinds, ctx) == "compute_gradients":
        # grads, variables = zip(*opt.compute_gradients(loss))
        return Stmt(node, Kind.GRADIENTS, defs, uses, inner, {"unzipped": True})
    method = _optimizer_call(value, kinds, ctx)
    if method is not None:
        kind = {"minimize": Kind.TRAIN, "compute_gradients": Kind.GRADIENTS, "apply_gradients": Kind.APPLY}[method]
        return Stmt(node, kind, defs, uses, value)
    if isinstance(value, cst.Dict) and value.elements and all(
            isinstance(getattr(e, "key", None), cst.Name) and kinds.get(e.key.value) == Kind.PLACEHOLDER
            for e in value.elements):
        # a feed dict prepared outside the loop (``test_feed = {x: x_test, keep_prob: 1.0}``): plain code whose
        # keys become argument names where the run sites use it
        return Stmt(node, Kind.RUN, uses=frozenset(reads(node)))
    tensors = {u for u in uses if kinds.get(u) in TENSORS | OPS}
    if creates_variables(value, ctx, helpers):
        if tensors:
            raise Refusal(node, f"creates variables from graph tensors ({', '.join(sorted(tensors))}): "
                                "variables must be created once, outside the traced functions")
        return Stmt(node, Kind.STATE, defs, uses, value)
    if symbol is not None and symbol.startswith(STATEFUL_PREFIXES):
        return Stmt(node, Kind.STATE, defs, uses, value)
    graph = tensors or {u for u in uses if kinds.get(u) in (Kind.STATE, Kind.OPTIMIZER, Kind.SCHEDULE)}
    # TF calls on plain values (initializers, constants) run once, eagerly, where they stand;
    # random ops drew anew at every sess.run, so they belong to the functions.
    calls = calls_in(value)
    if graph or any(_random(ctx.symbol(c.func)) or (isinstance(c.func, cst.Name) and c.func.value in graph_helpers)
                    for c in calls):
        return Stmt(node, Kind.COMPUTE, defs, uses, value)
    return Stmt(node, Kind.PYTHON, defs, uses, value)


def _conditional_graph(node, ctx, kinds, helpers) -> tuple[str, ...] | None:
    """The names an ``if`` on Python values assigns, when its branches only compute graph values.

    TF1 built the branch the flag chose, once; in a traced function an ``if`` on a Python value
    is decided at trace time the same way. Branches with anything else (variables, runs, optimizers,
    loops, nested blocks) are not taken for graph code.
    """
    if not isinstance(node, cst.If):
        return None
    graph_names = {n for n, k in kinds.items() if k != Kind.PYTHON}
    suites, current = [], node
    while isinstance(current, cst.If):
        if reads(current.test) & graph_names or any(ctx.symbol(c.func) is not None for c in calls_in(current.test)):
            return None
        suites.append(current.body)
        current = current.orelse
    if isinstance(current, cst.Else):
        suites.append(current.body)
    names: list[str] = []
    graph = False
    for suite in suites:
        for statement in (suite.body if isinstance(suite, cst.IndentedBlock) else ()):
            small = single_statement(statement)
            if not (isinstance(small, cst.Assign) and len(small.targets) == 1
                    and isinstance(small.targets[0].target, cst.Name)):
                return None
            value = small.value
            if creates_variables(value, ctx, helpers) or call_symbol(value, ctx) in keras_calls.OPTIMIZERS \
                    or _optimizer_call(value, kinds, ctx) is not None:
                return None
            graph = graph or bool({u for u in reads(value) if kinds.get(u) in TENSORS})
            if small.targets[0].target.value not in names:
                names.append(small.targets[0].target.value)
    return tuple(names) if graph and names else None


def check_session_graph(call: cst.BaseExpression, kinds) -> None:
    """``tf.Session(graph=g)`` runs the graph ``g`` holds; only a graph nothing else reads (dropped) goes away."""
    if not isinstance(call, cst.Call):
        return
    for i, arg in enumerate(call.args):
        if (arg.keyword is not None and arg.keyword.value == "graph") or (arg.keyword is None and i == 1):
            if not (isinstance(arg.value, cst.Name) and kinds.get(arg.value.value) == Kind.DROP):
                raise Refusal(call, f"the session runs the graph {cst.Module([]).code_for_node(arg.value)}, "
                                    "built or imported apart: its tensors exist only in that graph")


def _unzipped(value: cst.BaseExpression) -> cst.BaseExpression | None:
    """``X`` of ``zip(*X)``."""
    if (isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "zip"
            and len(value.args) == 1 and value.args[0].star == "*"):
        return value.args[0].value
    return None


_RANDOM = ("random", "truncated_normal", "multinomial")


def _random(symbol: str | None) -> bool:
    """A random op (not an initializer object, which draws only when called)."""
    return bool(symbol) and symbol.startswith(_RANDOM) and not symbol.endswith(("initializer", "set_seed"))
GRAPH_MODE = frozenset({"disable_eager_execution", "disable_v2_behavior"})


_ITERATORS = {"make_one_shot_iterator": False, "make_initializable_iterator": True}


def _iterator(value, ctx) -> tuple[cst.BaseExpression | None, bool] | None:
    """(dataset, initializable) for ``ds.make_one_shot_iterator()`` / ``tf.data.make_initializable_iterator(ds)``;
    (None, True) for ``tf.data.Iterator.from_structure(...)``, whose datasets come with its initializer runs."""
    if not isinstance(value, cst.Call):
        return None
    symbol = ctx.symbol(value.func) or ""
    if symbol == "data.Iterator.from_structure":  # reinitializable: each make_initializer(ds) run starts iter(ds)
        return None, True
    if symbol.startswith("data.") and symbol[5:] in _ITERATORS and value.args:
        return value.args[0].value, _ITERATORS[symbol[5:]]
    if isinstance(value.func, cst.Attribute) and value.func.attr.value in _ITERATORS and not value.args:
        return value.func.value, _ITERATORS[value.func.attr.value]
    return None


def _public(symbol: str | None) -> str | None:
    """The public name of a private ``tensorflow.python...`` symbol (``ops.reset_default_graph``), else itself."""
    if symbol and symbol.startswith("python."):
        return tf_api.PRIVATE.get(f"tensorflow.{symbol}", symbol)
    return symbol


def _expression(node, value, ctx, kinds, sessions) -> Stmt:
    uses = frozenset(reads(value))
    symbol = call_symbol(value, ctx)
    if symbol in GRAPH_MODE:
        return Stmt(node, Kind.DROP, (), uses, value)  # a converted block runs eagerly
    if symbol in G.SESSIONS:
        return Stmt(node, Kind.SESSION, (), uses, value)
    if _public(symbol) in G.DROPPED_CALLS:  # tf.reset_default_graph(), also through tensorflow.python...ops
        return Stmt(node, Kind.DROP, (), uses, value, {"note": f"tf.{_public(symbol)}() removed: there is no "
                                                               "default graph in eager TF2"})
    if symbol in G.SUMMARY_OPS:
        return Stmt(node, Kind.SUMMARY, (), uses, value, {"symbol": symbol})
    if (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "close"
            and isinstance(value.func.value, cst.Name) and value.func.value.value in sessions):
        return Stmt(node, Kind.DROP, (), uses, value)
    return Stmt(node, Kind.RUN, (), frozenset(reads(node)), value)
