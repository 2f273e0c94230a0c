"""Find the places a block runs its graph: ``sess.run``, ``tensor.eval``, ``op.run``.

Each becomes a `RunSite`: what it fetches (a structure of graph names) and
what it feeds (placeholder name -> value expression).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from migrate.data import graph_map as G
from migrate.engine.context import RuleContext
from migrate.graph import keras_calls
from migrate.graph.blocks import (LocalSessions, bound_anywhere, call_symbol, calls_in, local_names, local_sessions, reads, reads_in_order,
                                  session_param,
                                  single_statement)
from migrate.graph.build.checkpoints import saver_call
from migrate.graph.plan import OPS, TENSORS, Block, Kind, Refusal

VALUES = TENSORS | {Kind.STATE, Kind.SCHEDULE}


@dataclass
class Fetch:
    """``kind``: "value" | "op" | "init" | "initializer" | "summary" | "list" | "tuple" | "dict", or

    "expr": an expression of graph values (``accuracy * 100``, ``tf.argmax(logits, 1)``): ``name`` is its
    source, ``graph`` the graph names it reads, and it is what the generated function returns;
    "eager": a TF expression of no graph value (``tf.constant(3)``, ``tf.argmax(labels[:1], 1)``,
    ``w * 2``), evaluated where it stands.
    """

    kind: str
    name: str = ""
    items: list[Fetch] = field(default_factory=list)
    keys: list[cst.BaseExpression] = field(default_factory=list)
    expr: cst.BaseExpression | None = None
    graph: tuple[str, ...] = ()
    lets: tuple[tuple[str, cst.BaseExpression], ...] = ()  # graph names built in run code it reads, computed first

    def deps(self) -> set[str]:
        """The graph names this fetch needs computed."""
        return set(self.graph) if self.kind in ("expr", "eager") else {self.name}

    def leaves(self) -> list[Fetch]:
        if self.kind in ("list", "tuple", "dict"):
            return [leaf for item in self.items for leaf in item.leaves()]
        return [self]


@dataclass
class RunSite:
    call: cst.Call  # the original call node
    fetch: Fetch
    feeds: dict[str, cst.BaseExpression] | None  # placeholder -> value (None: a prepared dict)
    feed: cst.BaseExpression | None = None  # the prepared dict: a name, or a call of a feed helper
    literals: list[cst.Dict] = field(default_factory=list)  # the dict literals it can be
    lifted: dict[str, cst.BaseExpression] = field(default_factory=dict)  # argument -> what the run site computes


def _arg(call: cst.Call, position: int, keyword: str) -> cst.BaseExpression | None:
    for i, arg in enumerate(call.args):
        if arg.star:
            raise Refusal(call, "run call with *args/**kwargs")
        if (arg.keyword is None and i == position) or (arg.keyword and arg.keyword.value == keyword):
            return arg.value
    return None


def parse_fetch(expr: cst.BaseExpression, block: Block, ctx: RuleContext, inline: dict | None = None) -> Fetch:
    """What a run fetches; ``inline``: graph names assigned in run code (``RunFinder.inline``)."""
    inline = inline or {}
    if isinstance(expr, cst.Name) and expr.value in inline:
        return _expression_fetch(expr, block, ctx, inline)
    if isinstance(expr, cst.Name):
        kind = block.kinds.get(expr.value)
        if kind == Kind.INIT:
            return Fetch("init", expr.value)
        if kind == Kind.DROP and "iterator" in block.defs[expr.value].data:  # a named make_initializer(ds)
            stmt = block.defs[expr.value]
            return Fetch("initializer", stmt.data["iterator"], expr=stmt.data["dataset"])
        if kind in OPS:
            return Fetch("op", expr.value)
        if kind in (Kind.MERGE, Kind.SUMMARY):
            return Fetch("summary", expr.value)
        if kind in VALUES:
            return Fetch("value", expr.value)
        stmt = block.defs.get(expr.value)
        if kind == Kind.PYTHON and stmt.value is not None and any(
                _eager_value(ctx.symbol(c.func)) for c in calls_in(stmt.value)):
            # ``normalized = tf.divide(resized, std)`` of plain values: computed eagerly where it stands
            return Fetch("eager", expr.value, expr=expr)
        raise Refusal(expr, f"fetches {expr.value!r}, which is not a graph value built in this block")
    if (isinstance(expr, cst.Attribute) and expr.attr.value == "initializer" and isinstance(expr.value, cst.Name)
            and block.kinds.get(expr.value.value) == Kind.ITERATOR):
        return Fetch("initializer", expr.value.value)
    if (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "make_initializer"
            and isinstance(expr.func.value, cst.Name) and block.kinds.get(expr.func.value.value) == Kind.ITERATOR
            and len(expr.args) == 1 and expr.args[0].keyword is None and isinstance(expr.args[0].value, cst.Name)):
        return Fetch("initializer", expr.func.value.value, expr=expr.args[0].value)
    if isinstance(expr, cst.Call) and call_symbol(expr, ctx) in (
        "global_variables_initializer", "initialize_all_variables", "local_variables_initializer",
    ):
        return Fetch("init")
    if isinstance(expr, (cst.List, cst.Tuple)):
        items = [_inside(parse_fetch(e.value, block, ctx, inline)) for e in expr.elements]
        if any(item.kind in ("list", "tuple", "dict", "init") for item in items):
            raise Refusal(expr, "nested fetch structure")
        return Fetch("list" if isinstance(expr, cst.List) else "tuple", items=items)
    if isinstance(expr, cst.Dict):
        items, keys = [], []
        for element in expr.elements:
            if not isinstance(element, cst.DictElement):
                raise Refusal(expr, "fetch dict with ** unpacking")
            keys.append(element.key)
            items.append(_inside(parse_fetch(element.value, block, ctx, inline)))
        if any(item.kind not in ("value", "op", "expr", "eager") for item in items):
            raise Refusal(expr, "fetch dict with nested structures")
        return Fetch("dict", items=items, keys=keys)
    return _expression_fetch(expr, block, ctx, inline)


# kinds a fetched expression may compute with; an op, initializer or summary inside one has no value to compute
_EXPRESSION_INPUTS = TENSORS | {Kind.STATE}


def _expression_fetch(expr: cst.BaseExpression, block: Block, ctx: RuleContext, inline: dict | None = None) -> Fetch:
    """``sess.run(accuracy * 100)``, ``sess.run(tf.argmax(logits, 1))``: computed by the function it fetches from.

    TF1 built the expression's ops into the graph at the run and ran them with
    the rest, so computing it inside the generated function (or eagerly, when it
    reads no graph tensor) gives the same value. Names of ``inline`` it reads
    (graph built in run code) are computed before it, in the function (``lets``).
    """
    text = cst.Module([]).code_for_node(expr)
    if _binds_locally(expr):
        raise Refusal(expr, f"fetch expression {text!r} binds names of its own (lambda, comprehension)")
    inline = inline or {}
    needed, todo = set(), [n for n in reads(expr) if n in inline]
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo += [n for n in reads(inline[name]) if n in inline]
    lets = tuple((n, inline[n]) for n in inline if n in needed)
    whole = text + "".join(" " + cst.Module([]).code_for_node(v) for _, v in lets)
    first = {n: i for i, n in enumerate(dict.fromkeys(
        n for e in (expr, *(v for _, v in lets)) for n in reads_in_order(e)))}
    # ties of find (``y`` in ``yy``) in the order of first appearance, not the set's
    read = sorted(set().union(reads(expr), *(reads(v) for _, v in lets)) - needed,
                  key=lambda n: (whole.find(n), first[n]))
    other = [n for n in read if n in block.kinds and block.kinds[n] not in _EXPRESSION_INPUTS | {Kind.PYTHON}]
    if other:
        kind = block.kinds[other[0]].value
        raise Refusal(expr, f"fetch expression {text!r} reads {other[0]!r} (a {kind} statement), which has no value "
                            "to compute with")
    for call in [c for e in (expr, *(v for _, v in lets)) for c in calls_in(e)]:
        symbol = ctx.symbol(call.func)
        if symbol in keras_calls.LAYERS or symbol in G.VARIABLES or symbol in G.GLOBAL_STEPS:
            raise Refusal(call, f"fetch expression {text!r} creates variables at the run (tf.{symbol})")
    graph = tuple(n for n in read if block.kinds.get(n) in TENSORS)
    if graph:
        return Fetch("expr", text, expr=expr, graph=graph, lets=lets)
    if any(ctx.symbol(c.func) for c in calls_in(expr)) or any(block.kinds.get(n) == Kind.STATE for n in read):
        return Fetch("eager", text, expr=expr)
    raise Refusal(expr, f"fetch expression {text!r} is not a graph value")


def lift_feed_reads(expr: cst.BaseExpression, feed: cst.BaseExpression | None, block: Block, ctx: RuleContext,
                    taken: set[str]) -> tuple[cst.BaseExpression, dict[str, cst.BaseExpression]]:
    """``sess.run(cost * len(feed[X]), feed_dict=feed)``: the part that reads only Python values is computed at the run.

    ``feed[X]`` is the fed array (the feed dict's value), not a graph value; the
    largest part of the fetch around it that reads no graph value and calls no
    TensorFlow (``len(feed[X])``) becomes an argument of the generated function,
    computed at the run site from the string-keyed dict (``len(feed["X"])``), as
    TF1 computed it in Python before building the product. Returns the fetch with
    those parts replaced by the argument names, and name -> run-site expression.
    """
    if not isinstance(feed, cst.Name):
        return expr, {}

    def keyed(node) -> bool:  # feed[X], X a placeholder
        if not (isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and node.value.value == feed.value
                and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index)):
            return False
        key = node.slice[0].slice.value
        return isinstance(key, cst.Name) and block.kinds.get(key.value) == Kind.PLACEHOLDER

    class _Keys(cst.CSTTransformer):  # the fed values as the run site reads them
        def __init__(self, replace):
            self.replace, self.found = replace, False

        def leave_Subscript(self, original, updated):
            if not keyed(original):
                return updated
            self.found = True
            key = original.slice[0].slice.value.value
            return cst.Name("_") if self.replace is None else updated.with_changes(
                slice=[updated.slice[0].with_changes(slice=cst.Index(cst.SimpleString(f'"{key}"')))])

    def python_only(node) -> bool:
        keys = _Keys(None)
        stripped = node.visit(keys)
        return keys.found and not any(block.kinds.get(n) not in (None, Kind.PYTHON) for n in reads(stripped)) and not any(
            ctx.symbol(c.func) for c in calls_in(node))

    found: list[cst.BaseExpression] = []

    class _Parts(cst.CSTVisitor):  # top-down: the largest such parts
        def on_visit(self, node) -> bool:
            if isinstance(node, cst.BaseExpression) and node is not expr and python_only(node):
                found.append(node)
                return False
            return True

    expr.visit(_Parts())
    if not found:
        return expr, {}
    lifted, names = {}, {}
    for node in found:
        key = next(n for n in reads_in_order(node) if block.kinds.get(n) == Kind.PLACEHOLDER)
        stem = f"{node.func.value}_{key}" if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) \
            else f"{feed.value}_{key}"
        name, i = stem, 1
        while name in taken:
            name, i = f"{stem}_{i}", i + 1
        taken.add(name)
        names[id(node)] = name
        lifted[name] = node.visit(_Keys(True))

    class _Replace(cst.CSTTransformer):
        def on_leave(self, original, updated):
            return cst.Name(names[id(original)]) if id(original) in names else updated

    return expr.visit(_Replace()), lifted


def _eager_value(symbol: str | None) -> bool:
    """A TF call whose result is a tensor (not an initializer, layer or optimizer object)."""
    return bool(symbol) and not symbol.endswith("initializer") and not symbol.startswith(
        ("keras.", "initializers.", "train.", "layers.", "data.", "summary.", "contrib."))


def _binds_locally(expr: cst.BaseExpression) -> bool:
    found = []

    class _Scopes(cst.CSTVisitor):
        def visit_Lambda(self, node):
            found.append(node)

        def visit_ListComp(self, node):
            found.append(node)

        def visit_SetComp(self, node):
            found.append(node)

        def visit_DictComp(self, node):
            found.append(node)

        def visit_GeneratorExp(self, node):
            found.append(node)

        def visit_NamedExpr(self, node):
            found.append(node)

    expr.visit(_Scopes())
    return bool(found)


def _inside(fetch: Fetch) -> Fetch:
    """An eager expression fetched with graph values is returned by their function too."""
    return Fetch("expr", fetch.name, expr=fetch.expr) if fetch.kind == "eager" else fetch


def feed_helpers(block: Block) -> dict[str, cst.Dict]:
    """Functions of the block that just return a feed dict (``def make_feed(xb, yb): return {x: xb, y: yb}``)."""
    helpers = {}
    for stmt in block.statements:
        node = stmt.node
        if isinstance(node, cst.FunctionDef) and isinstance(node.body, cst.IndentedBlock):
            literal = _returned_feed(node.body.body, block)
            if literal is not None:
                helpers[node.name.value] = literal
    return helpers


def _returned_feed(body, block: Block) -> cst.Dict | None:
    """The feed dict a function body ends by returning: ``return {x: xb}``, or ``feed = {x: xb}; return feed``
    (fully_connected_feed's ``fill_feed_dict``, which reads the batch first)."""
    small = single_statement(body[-1]) if body else None
    value = small.value if isinstance(small, cst.Return) else None
    if isinstance(value, cst.Name):
        bound = [single_statement(s) for s in body[:-1] if value.value in bound_anywhere(s)]
        value = bound[0].value if len(bound) == 1 and isinstance(bound[0], cst.Assign) and len(bound[0].targets) == 1 \
            and isinstance(bound[0].targets[0].target, cst.Name) else None
    return value if isinstance(value, cst.Dict) and _placeholder_keys(value, block) else None


def _placeholder_keys(literal: cst.Dict, block: Block) -> bool:
    keys = [getattr(e, "key", None) for e in literal.elements]
    return bool(keys) and all(isinstance(k, cst.Name) and block.kinds.get(k.value) == Kind.PLACEHOLDER for k in keys)


def dict_feed(expr: cst.Dict, block: Block) -> dict[str, cst.BaseExpression]:
    feeds = {}
    for element in expr.elements:
        key = getattr(element, "key", None)
        if not (isinstance(key, cst.Name) and block.kinds.get(key.value) == Kind.PLACEHOLDER):
            raise Refusal(expr, "feeds a key that is not a placeholder of this block")
        if reads(element.value) & {n for n, k in block.kinds.items() if k in TENSORS | OPS}:
            raise Refusal(element.value, "a fed value is itself a graph tensor")
        feeds[key.value] = element.value
    return feeds


# what a graph tensor's attribute meant in TF1, for the refusal when it is read outside the functions
_SYMBOLIC = {
    "shape": "is the static shape TF1 inferred while building the graph: kept only for placeholders (their "
             "declared shape); compute it inside a function or from a fetched value",
    "name": "is the name of a graph op: an eager tensor has none",
    "op": "is a graph op: an eager tensor has none",
    "graph": "is the TF1 graph: eager TF2 has none",
    "dtype": "is the dtype TF1 inferred while building the graph: kept only for placeholders",
}


class RunFinder(cst.CSTVisitor):
    """Collect run sites in the block's ``run`` statements; refuse other uses of graph names."""

    def __init__(self, block: Block, ctx: RuleContext) -> None:
        self.block, self.ctx = block, ctx
        self.sites: dict[int, RunSite] = {}
        self.graph_names = {n for n, k in block.kinds.items() if k in TENSORS | OPS | {Kind.INIT, Kind.SUMMARY, Kind.MERGE}}
        self.prepared: dict[str, list[cst.Dict]] = {}  # feed dict name -> its dict literals
        self.helpers = feed_helpers(block)
        self.savers: dict[int, cst.Call] = {}
        self.shadowed: list[set[str]] = []  # locals of the functions being visited
        self.adds: dict[str, tuple[str, cst.BaseExpression, cst.Call]] = {}  # summary name -> (writer, step, call)
        self.graph_adds: list[cst.Call] = []  # writer.add_graph(...): TF2 has no graph to write (convert.RunRewriter)
        self.targets: dict[int, cst.BaseExpression] = {}  # id(site call) -> what its result is assigned to
        self.lengths: dict[int, str] = {}  # id(len(reg_losses) call) -> the REGULARIZATION_LOSSES name it counts
        self.statics: dict[int, tuple[str, str]] = {}  # id(x.shape / x.get_shape() / x.dtype) -> (placeholder, attr)
        # a function taking the session (``def evaluate(sess, X)``) loses that parameter, its calls that argument
        self.session_functions: dict[str, tuple[int, str]] = {}  # function -> (position, parameter)
        self.session_defs: dict[int, str] = {}  # id(FunctionDef) -> the parameter
        self.session_calls: dict[int, int] = {}  # id(call) -> position of the session argument
        self.local_sessions: list[set[str]] = []
        # sessions a function opens over this block's graph (``def main(): with tf.Session() as sess:``): they go
        self.session_statements: set[int] = set()  # id(``sess = tf.Session()`` / ``sess.close()`` statement)
        self.session_withs: set[int] = set()  # id(``with tf.Session() as sess:``): the body stays
        self.guards: set = set()  # module-level ``if`` statements whose sessions are known
        self.guard_sessions: set[str] = set()  # the sessions they open
        self.inline: dict[str, cst.BaseExpression] = {}  # graph names assigned in run code -> their expression
        self.inline_assigns: set[int] = set()  # id(Assign) of those assignments
        self.scopes: list[dict[str, cst.BaseExpression]] = []  # the enclosing scopes' inline names
        self.loops: list[int] = []  # ids of the loops being visited
        self.site_loops: dict[int, tuple[int, ...]] = {}  # id(site call) -> the loops around it
        self.site_in_function: dict[int, bool] = {}
        # statement counts in visiting order: a summary's step must be bound before the run that fetches it
        self.line = 0
        self.site_lines: dict[int, int] = {}  # id(site call) -> its statement's count
        self.add_lines: dict[str, int] = {}  # summary name -> the add_summary statement's count
        self.bound_lines: dict[str, list[int]] = {}  # name -> the counts of the statements assigning it

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.line += 1
        for small in node.body:
            targets = small.targets if isinstance(small, cst.Assign) else (
                [small] if isinstance(small, (cst.AugAssign, cst.AnnAssign)) else [])
            for target in targets:
                for name in reads(target.target):
                    self.bound_lines.setdefault(name, []).append(self.line)

    def step_bound_between(self, site_call: cst.Call, summary: str, step: cst.BaseExpression) -> list[str]:
        """The names ``step`` reads that a statement from the run site up to add_summary assigns: the step is
        not known yet where the run fetched the summary (``summary, gs = sess.run([merged, global_step])``)."""
        start, end = self.site_lines.get(id(site_call)), self.add_lines.get(summary)
        if start is None or end is None:
            return []
        return sorted(n for n in reads(step) if any(start <= line < end for line in self.bound_lines.get(n, ())))

    def visit_For(self, node: cst.For) -> None:
        self.loops.append(id(node))

    def leave_For(self, node: cst.For) -> None:
        self.loops.pop()

    def visit_While(self, node: cst.While) -> None:
        self.loops.append(id(node))

    def leave_While(self, node: cst.While) -> None:
        self.loops.pop()

    def check_initializers(self) -> None:
        """An initializer run after a train step reset TF1's variables; eager variables keep their values."""
        ops = []
        for key, site in self.sites.items():
            kinds = {leaf.kind for leaf in site.fetch.leaves()}
            loops = set(self.site_loops.get(key, ()))
            if "init" in kinds and (ops or any(loops & set(other) for other in self._op_loops())):
                raise Refusal(site.call, "the variables are initialized again after training ran (a second "
                                         "session, or an initializer run in the training loop): TF1 reset them, "
                                         "eager variables keep their values")
            if "op" in kinds and not self.site_in_function.get(key):  # a function's run: no telling when
                ops.append(key)

    def _op_loops(self):
        return [self.site_loops.get(key, ()) for key, site in self.sites.items()
                if any(leaf.kind == "op" for leaf in site.fetch.leaves())]

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1:
            self.targets[id(node.value)] = node.targets[0].target
        if len(node.targets) != 1 or not isinstance(node.targets[0].target, cst.Name):
            return None
        name, value = node.targets[0].target.value, node.value
        if isinstance(value, cst.Dict) and _placeholder_keys(value, self.block):
            self.prepared.setdefault(name, []).append(value)
            for element in value.elements:
                element.value.visit(self)
            return False
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in self.helpers:
            self.prepared.setdefault(name, []).append(self.helpers[value.func.value])
        if self._reads_graph(value) and name not in reads(value):
            # graph built after the session started (``acc = tf.reduce_mean(...)`` in the training loop): the
            # runs that fetch ``acc`` fetch this expression; the statement itself goes (convert.RunRewriter)
            if _expression_fetch(value, self.block, self.ctx, self.inline).kind == "expr":
                if name in self.inline:  # which one a run fetches depends on the path taken
                    raise Refusal(node, f"graph tensor {name!r} is built twice in run code (in branches or in "
                                        "sequence): which one a run fetches depends on the path taken")
                self.inline[name] = value
                self.inline_assigns.add(id(node))
                return False
        return None

    def _reads_graph(self, expr: cst.BaseExpression) -> bool:
        """Does ``expr`` build graph (read graph tensors) without running anything?"""
        if any(isinstance(c.func, cst.Attribute) and c.func.attr.value in ("run", "eval") for c in calls_in(expr)):
            return False
        read = reads(expr)
        return not read & self.block.sessions and any(
            self.block.kinds.get(n) in TENSORS or n in self.inline for n in read)

    def _feed(self, call: cst.Call, expr: cst.BaseExpression | None) -> dict:
        """The feed part of a RunSite."""
        if expr is None:
            return {"feeds": {}}
        if isinstance(expr, cst.Dict):
            return {"feeds": dict_feed(expr, self.block)}
        if isinstance(expr, cst.Name) and expr.value in self.prepared:
            return {"feeds": None, "feed": expr, "literals": self.prepared[expr.value]}
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value in self.helpers:
            return {"feeds": None, "feed": expr, "literals": [self.helpers[expr.func.value]]}
        raise Refusal(expr, "feed_dict is not a dict literal, a name bound to one, or a call of a function "
                            "returning one")

    def visit_Call(self, node: cst.Call) -> bool:
        func = node.func
        if (isinstance(func, cst.Attribute) and func.attr.value == "get_shape" and not node.args
                and isinstance(func.value, cst.Name) and not self._shadowed(func.value.value)):
            name = func.value.value
            if self.block.kinds.get(name) == Kind.PLACEHOLDER:
                self.statics[id(node)] = (name, "shape")
                return False
            if name in self.graph_names:
                raise Refusal(node, f"{name}.get_shape() {_SYMBOLIC['shape']}")
        if isinstance(func, cst.Name) and func.value == "print" and not self._shadowed("print"):
            for arg in node.args:
                if isinstance(arg.value, cst.Name) and arg.value.value in self.graph_names \
                        and not self._shadowed(arg.value.value):
                    raise Refusal(arg.value, f"print({arg.value.value}) printed TF1's symbolic tensor (op name, "
                                             "static shape, dtype); TF2 has no such object outside a tf.function: "
                                             "print a computed value, or its shape where it is a placeholder")
        if saver_call(node, self.block, self._is_session):
            self.savers[id(node)] = node  # saver.save(sess, path) -> checkpoint.save(path) (build/checkpoints.py)
            for arg in node.args[1:]:
                arg.value.visit(self)
            return False
        if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.attr.value == "add_graph"
                and self.block.kinds.get(func.value.value) == Kind.WRITER):
            self.graph_adds.append(node)  # its argument (sess.graph, tf.get_default_graph()) is not run
            return False
        if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.attr.value == "add_summary"
                and self.block.kinds.get(func.value.value) == Kind.WRITER):
            summary = node.args[0].value if node.args else None
            step = node.args[1].value if len(node.args) > 1 else None
            if not isinstance(summary, cst.Name) or step is None or summary.value in self.adds:
                raise Refusal(node, "add_summary() of something other than one fetched summary with a step")
            self.adds[summary.value] = (func.value.value, step, node)
            self.add_lines[summary.value] = self.line
            step.visit(self)
            return False
        if (isinstance(func, cst.Name) and func.value == "len" and len(node.args) == 1
                and isinstance(node.args[0].value, cst.Name) and not node.args[0].keyword):
            stmt = self.block.defs.get(node.args[0].value.value)
            if stmt is not None and stmt.data.get("regularization") and not any(
                    node.args[0].value.value in names for names in self.shadowed):
                self.lengths[id(node)] = stmt.defs[0]  # how many terms: counted eagerly (convert.RunRewriter)
                return False
        if self._session_call(node):
            return False
        site = self._site(node)
        if site is None:
            return True
        self.sites[id(node)] = site
        self.site_lines[id(node)] = self.line
        self.site_loops[id(node)] = tuple(self.loops)
        self.site_in_function[id(node)] = bool(self.shadowed)
        for value in (site.feeds or {}).values():
            value.visit(self)
        if isinstance(site.feed, cst.Call):
            for arg in site.feed.args:
                arg.value.visit(self)
        return False

    def _site(self, call: cst.Call) -> RunSite | None:
        func = call.func
        if call_symbol(call, self.ctx) == "train.global_step" and len(call.args) == 2:
            step = call.args[1].value  # tf.train.global_step(sess, global_step): the step's value
            if isinstance(step, cst.Name) and self.block.kinds.get(step.value) == Kind.STATE:
                return RunSite(call, Fetch("value", step.value), {}, None)
        if not isinstance(func, cst.Attribute):
            return None
        owner, method = func.value, func.attr.value
        is_session = (isinstance(owner, cst.Name) and self._is_session(owner.value)) or (
            call_symbol(owner, self.ctx) == "get_default_session")
        if is_session and method == "run":
            fetch = _arg(call, 0, "fetches")
            if fetch is None:
                raise Refusal(call, "sess.run without fetches")
            feed = self._feed(call, _arg(call, 1, "feed_dict"))
            taken = set(self.block.kinds) | set(self.ctx.names.module_scope.bindings) | reads(fetch)
            fetch, lifted = lift_feed_reads(fetch, feed.get("feed"), self.block, self.ctx, taken)
            return RunSite(call, parse_fetch(fetch, self.block, self.ctx, self.inline), **feed, lifted=lifted)
        if method == "run" and isinstance(owner, cst.Call) and call_symbol(owner, self.ctx) in (
                "global_variables_initializer", "initialize_all_variables", "local_variables_initializer"):
            return RunSite(call, Fetch("init"), {}, None)  # tf.global_variables_initializer().run()
        if isinstance(owner, cst.Name) and method in ("eval", "run"):
            kind = self.block.kinds.get(owner.value)
            if (method == "eval" and kind in VALUES) or (method == "run" and kind in OPS | {Kind.INIT}):
                return RunSite(call, parse_fetch(owner, self.block, self.ctx), **self._feed(call, _arg(call, 0, "feed_dict")))
        if method == "eval" and isinstance(owner, cst.Name) and owner.value in self.inline:
            return RunSite(call, _expression_fetch(owner, self.block, self.ctx, self.inline),
                           **self._feed(call, _arg(call, 0, "feed_dict")))
        if method == "eval" and not isinstance(owner, cst.Name) and any(
                self.block.kinds.get(n) in TENSORS for n in reads(owner)):
            # tf.argmax(y, 1).eval(feed_dict=...), (accuracy * 100).eval(): an expression fetch
            return RunSite(call, _expression_fetch(owner, self.block, self.ctx),
                           **self._feed(call, _arg(call, 0, "feed_dict")))
        if method == "eval" and not call.args and isinstance(owner, cst.Call) and _eager_value(
                self.ctx.symbol(owner.func)):
            # tf.shape(x_batch).eval() of plain values (a tf.constant): evaluated eagerly where it stands
            return RunSite(call, _expression_fetch(owner, self.block, self.ctx), {}, None)
        return None

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(self.inline)
        self.inline = {}  # graph a function builds in its body is its own
        self.shadowed.append(local_names(node))
        param = session_param(node, self.session_functions) if not self.shadowed[:-1] else None
        opened = local_sessions(node, self.ctx) if not self.shadowed[:-1] else LocalSessions()
        self.shadowed[-1] = self.shadowed[-1] | opened.names  # ``with tf.Session() as sess:`` binds sess here
        self.session_statements |= opened.made
        self.session_withs |= opened.withs
        if param is not None and reads(node.body) & (self.graph_names | set(self.block.kinds) | set(self.session_functions)):
            self.session_functions[node.name.value] = param
            self.session_defs[id(node)] = param[1]
            self.local_sessions.append({param[1], *opened.names})
        else:
            self.local_sessions.append(set(opened.names))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.inline = self.scopes.pop()
        self.shadowed.pop()
        self.local_sessions.pop()

    def _session_call(self, call: cst.Call) -> bool:
        """``evaluate(sess, X, Y)`` of a function taking the session: the session argument goes."""
        func = call.func
        if not (isinstance(func, cst.Name) and func.value in self.session_functions) or self._shadowed(func.value):
            return False
        position, name = self.session_functions[func.value]
        for i, arg in enumerate(call.args):
            if arg.star:
                return False
            if (arg.keyword is None and i == position) or (arg.keyword is not None and arg.keyword.value == name):
                if not (isinstance(arg.value, cst.Name) and self._is_session(arg.value.value)):
                    return False
                self.session_calls[id(call)] = i
                for other in call.args[:i] + call.args[i + 1:]:
                    other.value.visit(self)
                return True
        return False

    def visit_If(self, node: cst.If) -> None:
        if not self.shadowed and node not in self.guards:  # a module-level ``if __name__ == "__main__":``
            opened = local_sessions(node, self.ctx)
            self.guards.add(node)
            self.guard_sessions |= opened.names
            self.session_statements |= opened.made
            self.session_withs |= opened.withs

    def _is_session(self, name: str) -> bool:
        return name in self.block.sessions or any(name in names for names in self.local_sessions) or (
            not self.shadowed and name in self.guard_sessions)

    def visit_Name(self, node: cst.Name) -> None:
        if any(node.value in names for names in self.shadowed):
            return
        if node.value in self.graph_names or node.value in self.inline:
            raise Refusal(node, f"graph tensor {node.value!r} is used outside sess.run/eval")
        if node.value in self.block.sessions:
            raise Refusal(node, f"session {node.value!r} is used other than to run fetches")

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if isinstance(node.value, cst.Name) and not self._shadowed(node.value.value):
            name, attr = node.value.value, node.attr.value
            if attr in ("shape", "dtype") and self.block.kinds.get(name) == Kind.PLACEHOLDER:
                self.statics[id(node)] = (name, attr)  # the declared shape / dtype (convert.RunRewriter)
                return False
            if name in self.graph_names and attr in _SYMBOLIC:
                raise Refusal(node, f"{name}.{attr} {_SYMBOLIC[attr]}")
        node.value.visit(self)
        return False

    def _shadowed(self, name: str) -> bool:
        return any(name in names for names in self.shadowed)

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False
