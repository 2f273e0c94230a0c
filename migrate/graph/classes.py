"""TF1 model classes -> ``tf.Module`` classes whose methods the caller calls.

The TF1 pattern (most projects beyond tutorials)::

    class Model:
        def __init__(self, lr):
            self.X = tf.placeholder(tf.float32, [None, 4])
            ...
            self.cost = ...
            self.train_op = tf.train.GradientDescentOptimizer(lr).minimize(self.cost)

    model = Model(0.1)
    with tf.Session() as sess:
        _, c = sess.run([model.train_op, model.cost], {model.X: xb, model.Y: yb})

and its variant with the session handed to the model (``Model(sess, "m1")``,
``return self.sess.run(self.logits, feed_dict={self.X: x})`` in methods).

TF2: ``class Model(tf.Module)`` whose ``__init__`` creates the variables,
layers and optimizer once, with one ``tf.function`` method per distinct fetch
set (arguments: the fed placeholders); the run sites call the methods, with
``.numpy()`` on values. The work is done by the block converter
(``graph/convert.py``) on a flat program: the ``__init__`` body with
``self.attr`` read as ``attr``, then the run statements. Its output is folded
back: statements that stay become ``__init__``, generated functions become
methods, the rewritten run statements go back where they stood.

Refuses (``Refusal``: the file then stays in graph mode) a class that inherits
from another class, builds graph code in a method other than ``__init__`` or
calls its own methods from ``__init__`` (except build methods taking only ``self``,
layer helpers that never read ``self`` and cached graph properties (``graph.lazy_properties``), all
written out into ``__init__``), sets attributes outside ``__init__``,
uses a graph attribute outside a ``sess.run`` (``model.X.shape``), or an
attribute name that ``tf.Module`` owns. A class that is already a
``tf.Module`` / Keras class, or that has no TensorFlow, is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import libcst as cst
from libcst.metadata import MetadataWrapper

from migrate.data import graph_map as G
from migrate.engine.context import RuleContext
from migrate.engine.names import NameResolver
from migrate.engine.transformer import tf_symbol
from migrate.graph import keras_calls
from migrate.graph.blocks import Keep, Substitute, calls_in, local_names, reads, single_statement
from migrate.graph.convert import Converter, Names
from migrate.graph.lazy_properties import caching_decorators, lazy_properties, write_out
from migrate.graph.plan import Note, Refusal

_BUILDS = G.PLACEHOLDERS | G.VARIABLES | keras_calls.LAYERS | keras_calls.OPTIMIZERS
_RESERVED = frozenset({"variables", "trainable_variables", "non_trainable_variables", "submodules",
                       "name_scope", "with_name_scope"})
_MARK = "__tfm_runs__"
_SESSION = "__tfm_session__"
_CODE = cst.Module([])


def code(node: cst.CSTNode) -> str:
    return _CODE.code_for_node(node)


@dataclass
class _Site:
    """A statement that runs the model's graph: in the caller (``owner`` = the instance) or in a method."""

    statement: cst.SimpleStatementLine
    owner: str  # the instance name, or "self"


@dataclass
class _Plan:
    cls: cst.ClassDef
    init: cst.FunctionDef
    params: list[cst.Param]  # __init__'s, without self
    attrs: set[str]  # set as self.<attr> in __init__
    graph_attrs: set[str]  # of them, the graph values (only meaningful inside sess.run)
    session_param: str | None = None  # variant: __init__(self, sess, ...) stores self.<session_attr> = sess
    session_attr: str | None = None
    instances: set[str] = field(default_factory=set)
    creations: list[cst.Call] = field(default_factory=list)
    sites: list[_Site] = field(default_factory=list)
    init_node: cst.FunctionDef | None = None  # __init__ as written (``init`` has the build methods inlined)
    inlined: set[str] = field(default_factory=set)  # ``self._build_net()`` methods now part of __init__
    session_params: dict[str, tuple[int, str]] = field(default_factory=dict)  # fit(self, sess, ...): (1, "sess")
    decorators: set[str] = field(default_factory=set)  # caching decorators of the properties written out
    # __init__(self, data, target) given the caller's placeholders: param -> (the caller's statement, its name)
    fed: dict[str, tuple[cst.SimpleStatementLine, str]] = field(default_factory=dict)


def convert_classes(body: list, ctx: RuleContext, names: Names, tf: str, helpers: set[str],
                    graph_helpers: set[str], notes: list, update_ops: bool = False) -> list:
    """The module body with its TF1 model classes converted (raises `Refusal` when one can't be)."""
    body = _builds_called_after_construction(body, ctx)
    module = cst.Module(body=body)
    plans = [_guarded(s, _plan, s, module, ctx) for s in body if isinstance(s, cst.ClassDef) and _builds_graph(s, ctx)]
    if not plans:
        return body
    replaced: dict[int, cst.CSTNode] = {}
    for plan in plans:
        new_class, statements, calls = _guarded(plan.cls, _convert, plan, body, ctx, names, tf, helpers, graph_helpers,
                                                notes, update_ops)
        replaced[id(plan.cls)] = new_class
        for site, new in zip(plan.sites, statements):
            if site.owner != "self":
                if id(site.statement) in replaced:
                    raise Refusal(site.statement, "a statement runs the graphs of two model classes")
                replaced[id(site.statement)] = new
        replaced.update(calls)
    helpers = _session_helpers(plans, module)
    replaced.update(_drop_helper_session_args(helpers, module))
    inside = {id(n) for n in body if _contains(n, replaced)}
    out = []
    for statement in body:
        new = statement.visit(_Replace(replaced, ctx)) if id(statement) in inside else statement
        out += new.nodes if isinstance(new, cst.FlattenSentinel) else [new]
    out = [_without_param(s, helpers[s.name.value]) if isinstance(s, cst.FunctionDef) and s.name.value in helpers else s
           for s in out]
    return _drop_unused_decorators(out, set().union(*(plan.decorators for plan in plans)))


def _session_helpers(plans: list[_Plan], module: cst.Module) -> dict[str, int]:
    """Module functions whose session parameter only ran model classes' graphs (``def evaluate(sess, x, y)``
    with ``sess.run([model.loss, model.acc], ...)``): that parameter goes, with its calls' argument."""
    sites = {id(site.statement) for plan in plans for site in plan.sites if site.owner != "self"}
    defs = [s for s in module.body if isinstance(s, cst.FunctionDef)]
    found = {}
    for function in defs:
        inside = [s for s in _statements(function, skip=None) if id(s) in sites]
        if not inside or [d.name.value for d in defs].count(function.name.value) != 1:
            continue
        for position, param in enumerate(function.params.params):
            name = param.name.value
            receivers = [c.func.value for s in inside for c in calls_in(s) if isinstance(c.func, cst.Attribute)
                         and c.func.attr.value == "run" and isinstance(c.func.value, cst.Name) and c.func.value.value == name]
            uses = [n for n in _names(function.body) if n.value == name]
            if receivers and len(uses) == len(receivers) and param.default is None:
                found[function.name.value] = position
                break
    return found


def _drop_helper_session_args(helpers: dict[str, int], module: cst.Module) -> dict[int, cst.Call]:
    """The helpers' calls without the session argument; a helper referenced otherwise, or called with it by
    keyword, keeps its parameter (and is taken out of ``helpers``)."""
    calls: dict[int, cst.Call] = {}
    for name in list(helpers):
        position = helpers[name]
        mine = [c for c in calls_in(module) if isinstance(c.func, cst.Name) and c.func.value == name]
        references = [n for n in _names(module) if n.value == name]
        if len(references) != len(mine) + 1 or not all(  # the calls and the def's own name
                len(c.args) > position and c.args[position].keyword is None and not c.args[position].star
                and all(not a.star for a in c.args[:position]) for c in mine):
            del helpers[name]
            continue
        for call in mine:
            calls[id(call)] = call.with_changes(args=_fix_commas([a for i, a in enumerate(call.args) if i != position]))
    return calls


def _without_param(function: cst.FunctionDef, position: int) -> cst.FunctionDef:
    params = [p for i, p in enumerate(function.params.params) if i != position]
    return function.with_changes(params=function.params.with_changes(params=_fix_commas(params)))


def _drop_unused_decorators(body: list, candidates: set[str]) -> list:
    """Caching decorators no property uses any more go, and then the decorators they were built with
    (``define_scope``'s ``@doublewrap``) if nothing else uses them."""
    while candidates:
        defs = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef) and s.name.value in candidates}
        unused = {name for name, f in defs.items() if name not in reads(cst.Module([s for s in body if s is not f]))}
        if not unused:
            return body
        candidates = {d.decorator.value for name in unused for d in defs[name].decorators
                      if isinstance(d.decorator, cst.Name)}
        body = [s for s in body if not (isinstance(s, cst.FunctionDef) and s.name.value in unused)]
    return body


def _contains(node, replaced) -> bool:
    found = []

    class _Find(cst.CSTVisitor):
        def on_visit(self, inner):
            if id(inner) in replaced:
                found.append(inner)
            return not found

    node.visit(_Find())
    return bool(found)


def _guarded(cls: cst.ClassDef, step, *args):
    """A bug in this pass costs the class its conversion (the file falls back), not the whole file."""
    try:
        return step(*args)
    except Refusal:
        raise
    except Exception as exc:  # noqa: BLE001
        raise Refusal(cls, f"class {cls.name.value} not converted: internal error in tf-migrate "
                           f"({type(exc).__name__}: {exc}); please report it") from None


class _Replace(cst.CSTTransformer):
    """Swap original nodes (by identity) for their replacements.

    libcst rebuilds every node on the way up: the engine's symbols (keyed by the
    original nodes) are copied to the rebuilt ones, so the rest of the block
    conversion still resolves them.
    """

    def __init__(self, replaced: dict[int, cst.CSTNode], ctx: RuleContext | None = None) -> None:
        self.replaced, self.ctx = replaced, ctx

    def on_leave(self, original, updated):
        new = self.replaced.get(id(original), updated)
        if self.ctx is not None and new is updated:
            if id(original) in self.ctx.symbols:
                self.ctx.symbols[id(updated)] = self.ctx.symbols[id(original)]
            if id(original) in self.ctx.calls:
                self.ctx.calls[id(updated)] = self.ctx.calls[id(original)]
        return new


def _builds_graph(cls: cst.ClassDef, ctx) -> bool:
    if any(ctx.symbol(base.value) is not None for base in cls.bases):
        return False  # already a tf.Module / Keras class: TF2 code
    return any(ctx.symbol(call.func) in _BUILDS or (ctx.symbol(call.func) or "").startswith("train.")
               for call in calls_in(cls))


# -- reading the class and its uses ---------------------------------------------------


def _plan(cls: cst.ClassDef, module: cst.Module, ctx) -> _Plan:
    name = cls.name.value
    for base in cls.bases:
        if code(base.value) != "object":
            raise Refusal(base, f"class {name} inherits from {code(base.value)}: a TF1 model class built "
                                "across a class hierarchy is not converted")
    methods = {s.name.value: s for s in cls.body.body if isinstance(s, cst.FunctionDef)}
    init = methods.get("__init__")
    if init is None:
        raise Refusal(cls, f"class {name} builds graph code but has no __init__")
    params = list(init.params.params[1:])
    if init.params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or init.params.star_kwarg or \
            init.params.kwonly_params or init.params.posonly_params:
        raise Refusal(init, f"{name}.__init__ takes *args / **kwargs / keyword-only parameters")
    param_names = [p.name.value for p in params]
    original_init = init
    decorators = caching_decorators(module)
    init, inlined = write_out(init, lazy_properties(methods, decorators, module, ctx), ctx)
    while True:  # build_graph() calling _create_placeholders(), _create_model(), ...: each level in turn
        init, builders = _inline_builders(init, methods, module)
        if not builders - inlined:
            break
        inlined |= builders
    init, helpers = _inline_helpers(init, methods, module)
    inlined |= helpers
    plan = _Plan(cls, init, params, set(), set(), init_node=original_init, inlined=inlined,
                 decorators={d.decorator.value for m in methods.values() if m.name.value in inlined
                             for d in m.decorators if isinstance(d.decorator, cst.Name)} & decorators)
    methods = {k: v for k, v in methods.items() if k not in inlined}
    methods["__init__"] = init
    for statement in init.body.body:
        for target in _self_targets(statement):
            plan.attrs.add(target)
    for method in methods.values():
        if method is init:
            continue
        for call in calls_in(method):
            if ctx.symbol(call.func) is not None and not _is_self_run(call, plan):
                raise Refusal(call, f"{name}.{method.name.value}() builds graph code too: a graph built in "
                                    "several methods is not converted")
        targets = {t for s in method.body.body for t in _self_targets(s)} if isinstance(method.body, cst.IndentedBlock) else set()
        if targets:
            raise Refusal(method, f"{name}.{method.name.value}() sets self.{sorted(targets)[0]}: attributes set "
                                  "outside __init__ are not converted")
    for statement in init.body.body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        if (isinstance(small, cst.Assign) and len(small.targets) == 1 and _self_attr(small.targets[0].target)
                and isinstance(small.value, cst.Name) and small.value.value in param_names
                and _runs_sessions(cls, small.targets[0].target.attr.value)):
            plan.session_param, plan.session_attr = small.value.value, small.targets[0].target.attr.value
    clash = sorted((plan.attrs - ({plan.session_attr} if plan.session_attr else set())) & (_RESERVED | {"name"}))
    for attr in clash:
        if attr != "name" or not _name_from_param(init, param_names):
            raise Refusal(init, f"{name}.__init__ sets self.{attr}, which tf.Module owns")
    plan.graph_attrs = _graph_attrs(init, plan, ctx)
    _find_uses(plan, module, ctx)
    if plan.session_attr:
        for method in methods.values():
            if method is not init:
                _method_sites(method, plan)
    for method in methods.values():
        if method is not init:
            _session_parameter(method, plan)
    if not plan.sites:
        raise Refusal(cls, f"class {name} builds graph code that no sess.run of this file runs")
    plan.fed = _fed_params(plan, module, ctx)
    return plan


def _fed_params(plan: _Plan, module: cst.Module, ctx) -> dict[str, tuple[cst.SimpleStatementLine, str]]:
    """``model = Model(data, target)`` with ``data = tf.placeholder(...)`` made by the caller, and read only there
    and as feed keys of the model's run statements: the placeholder becomes the class's own (a tf.function
    argument of its methods), the caller's statement and the argument go."""
    if len(plan.creations) != 1:
        return {}
    call = plan.creations[0]
    names = [p.name.value for p in plan.params]
    passed: dict[str, cst.Name] = {}
    for i, arg in enumerate(call.args):
        param = arg.keyword.value if arg.keyword is not None else (names[i] if i < len(names) and not arg.star else None)
        if param is not None and isinstance(arg.value, cst.Name):
            passed[param] = arg.value
    keys = {id(e.key) for site in plan.sites for d in _dicts(site.statement) for e in d.elements
            if isinstance(e, cst.DictElement) and isinstance(e.key, cst.Name)}
    fed = {}
    for param, name in passed.items():
        statement = _placeholder_statement(module, name.value, ctx)
        if statement is None or param == plan.session_param:
            continue
        reads_ = [n for s in module.body if s is not statement and s is not plan.cls for n in _names(s)
                  if n.value == name.value]
        if all(n is name or id(n) in keys for n in reads_):
            fed[param] = (statement, name.value)
    return fed


def _fed_aliases(init_body: list, plan: _Plan) -> dict[str, str]:
    """Attributes that only store a fed placeholder (``self.data = data``, set once): attribute -> placeholder."""
    stored = {}
    for statement in init_body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        if (isinstance(small, cst.Assign) and len(small.targets) == 1 and _self_attr(small.targets[0].target)
                and isinstance(small.value, cst.Name) and small.value.value in plan.fed):
            stored[small.targets[0].target.attr.value] = small.value.value
    counts: dict[str, int] = {}
    for statement in init_body:
        for target in _self_targets(statement):
            counts[target] = counts.get(target, 0) + 1
    return {attr: param for attr, param in stored.items() if counts[attr] == 1}


def _placeholder_statement(module: cst.Module, name: str, ctx) -> cst.SimpleStatementLine | None:
    """The one module-level ``name = tf.placeholder(...)``, if that is the only binding of ``name``."""
    found = [s for s in module.body if isinstance(s, cst.SimpleStatementLine) and name in _local_targets(s)]
    small = found[0].body[0] if len(found) == 1 and len(found[0].body) == 1 else None
    if (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
            and isinstance(small.value, cst.Call) and ctx.symbol(small.value.func) in G.PLACEHOLDERS):
        return found[0]
    return None


def _dicts(node) -> list[cst.Dict]:
    found = []

    class _Dicts(cst.CSTVisitor):
        def visit_Dict(self, d):
            found.append(d)

    node.visit(_Dicts())
    return found


def _attribute_counts(module: cst.Module) -> dict[str, int]:
    """How often each attribute name (``self._build_net``, ``m.train``) occurs in the module."""
    uses: dict[str, int] = {}

    class _Uses(cst.CSTVisitor):
        def visit_Attribute(self, node):
            uses[node.attr.value] = uses.get(node.attr.value, 0) + 1

    module.visit(_Uses())
    return uses


def _builder(method: cst.FunctionDef | None, uses: dict[str, int]) -> bool:
    """A method that only builds: takes only ``self``, returns nothing, undecorated, used once in the module."""
    return (method is not None and method.name.value != "__init__" and uses.get(method.name.value) == 1
            and len(method.params.params) == 1 and not method.decorators
            and isinstance(method.body, cst.IndentedBlock) and not _returns(method))


def _bare_method_call(statement) -> tuple[str, str] | None:
    """(owner, method) of a statement that is only ``owner.method()``, no arguments and no result used."""
    small = single_statement(statement)
    call = small.value if isinstance(small, cst.Expr) else None
    if (isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute)
            and isinstance(call.func.value, cst.Name)):
        return call.func.value.value, call.func.attr.value
    return None


def _builds_called_after_construction(body: list, ctx) -> list:
    """``model = Model(4, 3, 0.1)`` followed by ``model.build_graph()`` (cs20si's and taki0112's projects): the
    build method's call is the end of ``__init__``, as if the constructor made it -- the statement right after
    the construction, of a builder method (``_builder``), so nothing saw the instance before it was built."""
    classes = {s.name.value: s for s in body if isinstance(s, cst.ClassDef) and _builds_graph(s, ctx)}
    if not classes:
        return body
    uses = _attribute_counts(cst.Module(body=body))
    moved: dict[str, list[str]] = {}  # class -> builder methods called after construction, in order
    dropped: set[int] = set()

    def constructed(statement) -> tuple[str, str] | None:
        small = single_statement(statement)
        if (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
                and isinstance(small.value, cst.Call) and isinstance(small.value.func, cst.Name)
                and small.value.func.value in classes):
            return small.targets[0].target.value, small.value.func.value
        return None

    def scan(block) -> None:
        made = None  # (instance, class) of the construction the statements so far follow
        for statement in block:
            call = _bare_method_call(statement)
            if made is not None and call is not None and call[0] == made[0]:
                methods = {m.name.value: m for m in classes[made[1]].body.body if isinstance(m, cst.FunctionDef)}
                if _builder(methods.get(call[1]), uses) and call[1] not in moved.get(made[1], []):
                    moved.setdefault(made[1], []).append(call[1])
                    dropped.add(id(statement))
                    continue
            made = constructed(statement)
            inner = getattr(statement, "body", None)
            if isinstance(inner, cst.IndentedBlock):
                scan(inner.body)

    scan(body)
    if not dropped:
        return body
    classes_by_init = {id(m): name for name, cls in classes.items() if name in moved
                       for m in cls.body.body if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"}
    if len(classes_by_init) != len(moved):
        return body  # a class without __init__: _plan refuses it as it is

    class _Move(Keep):  # the resolver knows the kept nodes by identity
        def leave_SimpleStatementLine(self, original, updated):
            return cst.RemoveFromParent() if id(original) in dropped else updated

        def leave_FunctionDef(self, original, updated):
            owner = classes_by_init.get(id(original))
            if owner is None:
                return updated
            calls = [cst.parse_statement(f"self.{name}()\n") for name in moved[owner]]
            return updated.with_changes(body=updated.body.with_changes(body=[*updated.body.body, *calls]))

    return [statement.visit(_Move()) if _contains(statement, dropped | set(classes_by_init)) else statement
            for statement in body if id(statement) not in dropped]


def _inline_builders(init: cst.FunctionDef, methods: dict, module: cst.Module) -> tuple[cst.FunctionDef, set[str]]:
    """``self._build_net()`` in ``__init__``, of a method taking only ``self`` and called nowhere else:
    its body is part of ``__init__`` (hunkim's and golbin's tutorials build their graph that way)."""
    uses = _attribute_counts(module)
    body, inlined = [], set()
    for statement in init.body.body:
        owner, name = _bare_method_call(statement) or (None, None)
        method = methods.get(name) if owner == "self" else None
        if _builder(method, uses):
            body += [s for s in method.body.body if not _is_docstring(s)]
            inlined.add(name)
        else:
            body.append(statement)
    return (init.with_changes(body=init.body.with_changes(body=body)) if inlined else init), inlined


def _inline_helpers(init: cst.FunctionDef, methods: dict, module: cst.Module) -> tuple[cst.FunctionDef, set[str]]:
    """``h = tf.nn.relu(self._layer(self.X, 64, 128))`` in ``__init__``, of a method that never reads ``self``
    and ends in its only ``return``: the method's body is written out before the statement (its locals
    renamed where they would clash, its parameters replaced by the arguments) and the call by what it
    returned, as TF1 built that graph. Only methods called nowhere but in ``__init__``'s own statements."""
    uses = _attribute_counts(module)
    candidates = {name: m for name, m in methods.items() if name != "__init__" and _inlinable(m)}
    calls_here: dict[str, int] = {}
    for statement in init.body.body:
        for call in calls_in(statement):
            if _self_attr(call.func) and call.func.attr.value in candidates:
                calls_here[call.func.attr.value] = calls_here.get(call.func.attr.value, 0) + 1
    chosen = {n: candidates[n] for n, count in calls_here.items() if uses.get(n) == count}
    if not chosen:
        return init, set()
    taken = set(local_names(init)) | reads(init)
    body: list = []
    for statement in init.body.body:
        if not isinstance(statement, cst.SimpleStatementLine) or not any(
                _self_attr(c.func) and c.func.attr.value in chosen for c in calls_in(statement)):
            body.append(statement)  # the node itself: the resolver knows its names by identity
            continue
        expander = _Expand(chosen, taken)
        new = statement.visit(expander)
        if expander.failed:
            return init, set()
        body += expander.before + [new]
    return init.with_changes(body=init.body.with_changes(body=body)), set(chosen)


def _inlinable(method: cst.FunctionDef) -> bool:
    params = method.params
    if method.decorators or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or params.star_kwarg \
            or params.kwonly_params or params.posonly_params or not params.params or not isinstance(method.body, cst.IndentedBlock):
        return False
    statements = [s for s in method.body.body if not _is_docstring(s)]
    if not statements or not all(isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 for s in statements):
        return False
    last = statements[-1].body[0]
    if not (isinstance(last, cst.Return) and last.value is not None) or any(_returns(s) for s in statements[:-1]):
        return False
    if any(isinstance(s.body[0], (cst.Global, cst.Nonlocal)) for s in statements):
        return False
    self_name = params.params[0].name.value
    return self_name not in reads(method.body)


class _Expand(cst.CSTTransformer):
    """Replace each ``self.<helper>(...)`` of a statement by the helper's returned expression; the helper's
    other statements, renamed for this call, collect in ``before``."""

    def __init__(self, chosen: dict, taken: set[str]) -> None:
        self.chosen, self.taken = chosen, taken
        self.before: list = []
        self.failed = False

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if not (_self_attr(updated.func) and updated.func.attr.value in self.chosen):
            return updated
        method = self.chosen[updated.func.attr.value]
        params = method.params.params[1:]
        bound: dict[str, cst.BaseExpression] = {p.name.value: p.default for p in params if p.default is not None}
        names = [p.name.value for p in params]
        for i, arg in enumerate(updated.args):
            if arg.star or (arg.keyword is None and i >= len(names)) or (arg.keyword and arg.keyword.value not in names):
                self.failed = True
                return updated
            bound[arg.keyword.value if arg.keyword else names[i]] = arg.value
        if set(bound) != set(names):
            self.failed = True
            return updated
        rename: dict[str, str] = {}
        for local in sorted(local_names(method) - {method.params.params[0].name.value} - set(names)):
            new, k = local, 1
            while new in self.taken:
                k += 1
                new = f"{local}_{k}"
            rename[local] = new
            self.taken.add(new)
        statements = [s for s in method.body.body if not _is_docstring(s)]
        for name, value in bound.items():
            if not isinstance(value, (cst.Name, cst.Attribute, cst.Integer, cst.Float, cst.SimpleString)):
                new, k = name, 1
                while new in self.taken:
                    k += 1
                    new = f"{name}_{k}"
                self.taken.add(new)
                self.before.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(new))], value)]))
                bound[name] = cst.Name(new)
        substitute = Substitute(bound, rename)
        self.before += [s.visit(substitute) for s in statements[:-1]]
        return statements[-1].body[0].value.visit(substitute)


def _returns(node) -> bool:
    found = []

    class _Returns(cst.CSTVisitor):
        def visit_Return(self, ret):
            found.append(ret)

    node.visit(_Returns())
    return bool(found)


def _self_attr(node) -> bool:
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"


def _self_targets(statement) -> list[str]:
    found = []

    class _Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, target):
            for node in [target.target, *getattr(target.target, "elements", ())]:
                node = getattr(node, "value", node) if isinstance(node, cst.Element) else node
                if _self_attr(node):
                    found.append(node.attr.value)

        def visit_AugAssign(self, node):
            if _self_attr(node.target):
                found.append(node.target.attr.value)

        def visit_AnnAssign(self, node):
            if _self_attr(node.target):
                found.append(node.target.attr.value)

    statement.visit(_Targets())
    return found


def _is_self_run(call: cst.Call, plan: _Plan) -> bool:
    func = call.func
    return (isinstance(func, cst.Attribute) and func.attr.value == "run" and _self_attr(func.value)
            and func.value.attr.value in plan.attrs)


def _runs_sessions(cls: cst.ClassDef, attr: str) -> bool:
    """Does a method call ``self.<attr>.run(...)``?"""
    return any(isinstance(c.func, cst.Attribute) and c.func.attr.value == "run" and _self_attr(c.func.value)
               and c.func.value.attr.value == attr for c in calls_in(cls))


def _name_from_param(init, param_names) -> bool:
    for statement in init.body.body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        if isinstance(small, cst.Assign) and _self_attr(small.targets[0].target) and \
                small.targets[0].target.attr.value == "name":
            return isinstance(small.value, cst.Name) and small.value.value in param_names
    return False


def _graph_attrs(init, plan, ctx) -> set[str]:
    """Attributes holding graph values: assigned from TF calls or from other graph values."""
    graph: set[str] = set()
    local: set[str] = set()
    for statement in init.body.body:
        tf_call = any(ctx.symbol(c.func) is not None for c in calls_in(statement))
        attributes = {n.attr.value for n in _self_reads(statement)}
        bound = set(_self_targets(statement))
        names = reads(statement)
        if tf_call or attributes & graph or names & local:
            graph |= bound
            local |= _local_targets(statement)
    return graph - ({plan.session_attr} if plan.session_attr else set())


def _self_reads(node) -> list[cst.Attribute]:
    found = []

    class _Reads(cst.CSTVisitor):
        def visit_Attribute(self, attribute):
            if _self_attr(attribute):
                found.append(attribute)

    node.visit(_Reads())
    return found


def _local_targets(statement) -> set[str]:
    found: set[str] = set()

    class _Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, target):
            if isinstance(target.target, cst.Name):
                found.add(target.target.value)

    statement.visit(_Targets())
    return found


def _find_uses(plan: _Plan, module: cst.Module, ctx) -> None:
    """Instances (``m = Model(...)``), the caller's run statements, and no other use of graph attributes."""
    name = plan.cls.name.value
    for statement in _statements(module, skip=plan.cls):
        for call in calls_in(statement):
            if isinstance(call.func, cst.Name) and call.func.value == name:
                small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
                if isinstance(small, cst.Assign) and small.value is call and len(small.targets) == 1 \
                        and isinstance(small.targets[0].target, cst.Name):
                    plan.instances.add(small.targets[0].target.value)
                elif not (plan.session_attr and _graph_attrs_private(plan, module)):
                    raise Refusal(call, f"{name}(...) is not assigned to a name: its uses can't be followed")
                # else ``models.append(Model(sess, "m1"))``: only its methods run its graph, wherever it is kept
                plan.creations.append(call)
    for statement in _statements(module, skip=plan.cls):
        used = [a for a in _attribute_reads(statement) if isinstance(a.value, cst.Name)
                and a.value.value in plan.instances and a.attr.value in plan.graph_attrs]
        if not used:
            continue
        runs = [c for c in calls_in(statement) if isinstance(c.func, cst.Attribute) and c.func.attr.value == "run"
                and isinstance(c.func.value, cst.Name)]
        owners = {a.value.value for a in used}
        if len(owners) == 1 and _feed_dict(statement, used):
            plan.sites.append(_Site(statement, owners.pop()))  # ``feed = {model.X: xb}``, run further down
            continue
        if len(runs) != 1 or len(owners) != 1 or not _only_inside(used, runs[0]):
            raise Refusal(used[0], f"{code(used[0])} is used outside a sess.run the conversion can follow")
        plan.sites.append(_Site(statement, owners.pop()))


def _graph_attrs_private(plan: _Plan, module: cst.Module) -> bool:
    """Is no graph attribute (``.X``, ``.cost``) read outside the class, on any object?"""
    return not any(a.attr.value in plan.graph_attrs for statement in _statements(module, skip=plan.cls)
                   for a in _attribute_reads(statement))


def _feed_dict(statement, used: list[cst.Attribute]) -> bool:
    """``name = {model.X: xb, model.Y: yb}``: the graph attributes are exactly its keys."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
            and isinstance(small.value, cst.Dict) and small.value.elements):
        return False
    keys = [e.key for e in small.value.elements if isinstance(e, cst.DictElement)]
    return len(keys) == len(small.value.elements) == len(used) and all(
        any(k is a for a in used) for k in keys)


def _statements(module: cst.Module, skip) -> list[cst.SimpleStatementLine]:
    found = []

    class _Lines(cst.CSTVisitor):
        def visit_ClassDef(self, node):
            return node is not skip

        def visit_SimpleStatementLine(self, node):
            found.append(node)
            return False

    module.visit(_Lines())
    return found


def _attribute_reads(node) -> list[cst.Attribute]:
    found = []

    class _Reads(cst.CSTVisitor):
        def visit_Attribute(self, attribute):
            found.append(attribute)

    node.visit(_Reads())
    return found


def _only_inside(attributes, call) -> bool:
    inner = {id(a) for a in _attribute_reads(call)}
    return all(id(a) in inner for a in attributes)


def _method_sites(method: cst.FunctionDef, plan: _Plan) -> None:
    for statement in _statements(cst.Module(body=[method]), skip=None):
        session_uses = [a for a in _self_reads(statement) if a.attr.value == plan.session_attr]
        if not session_uses:
            continue
        runs = [c for c in calls_in(statement) if _is_self_run(c, plan)]
        if len(runs) != 1 or len(session_uses) != 1:
            raise Refusal(statement, f"self.{plan.session_attr} is used other than to run fetches "
                                     f"in {method.name.value}()")
        plan.sites.append(_Site(statement, "self"))


def _session_parameter(method: cst.FunctionDef, plan: _Plan) -> None:
    """``def fit(self, sess, x, y)`` whose ``sess`` only runs fetches: its runs are sites, the parameter goes."""
    for index, param in enumerate(method.params.params[1:], 1):
        name = param.name.value
        runs = [c for c in calls_in(method) if isinstance(c.func, cst.Attribute) and c.func.attr.value == "run"
                and isinstance(c.func.value, cst.Name) and c.func.value.value == name]
        if not runs or param.default is not None:
            continue
        if sum(1 for n in _names(method.body) if n.value == name) != len(runs):
            raise Refusal(method, f"{plan.cls.name.value}.{method.name.value}() uses its session {name} other "
                                  "than to run fetches")
        plan.session_params[method.name.value] = (index, name)
        for statement in _statements(cst.Module(body=[method]), skip=None):
            inside = [c for c in calls_in(statement) if any(c is r for r in runs)]
            if inside:
                if len(inside) != 1:
                    raise Refusal(statement, f"two runs in one statement of {method.name.value}()")
                plan.sites.append(_Site(statement, "self"))
        return


def _names(node) -> list[cst.Name]:
    found = []

    class _All(cst.CSTVisitor):
        def visit_Attribute(self, attribute):
            attribute.value.visit(self)
            return False

        def visit_Name(self, name):
            found.append(name)

    node.visit(_All())
    return found


def _drop_session_args(plan: _Plan, module: cst.Module) -> dict[int, cst.Call]:
    """Calls ``net.fit(sess, x, y)`` / ``self.fit(sess, ...)`` without the session argument."""
    owners = plan.instances | {"self"}
    calls = {}
    for call in calls_in(module):
        func = call.func
        if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in owners
                and func.attr.value in plan.session_params):
            index, name = plan.session_params[func.attr.value]
            args = [a for i, a in enumerate(call.args) if not (
                (a.keyword is None and i == index - 1) or (a.keyword is not None and a.keyword.value == name))]
            calls[id(call)] = call.with_changes(args=_fix_commas(args))
    return calls


# -- the flat program and back ---------------------------------------------------------


class _Flatten(cst.CSTTransformer):
    """``self.attr`` / ``model.attr`` -> ``attr``; the session receiver of ``.run`` -> one name."""

    def __init__(self, owners: set[str], flat: dict[str, str], session_attr: str | None, sessions: set[str]):
        self.owners, self.flat, self.session_attr, self.sessions = owners, flat, session_attr, sessions

    def leave_Attribute(self, original, updated):
        if isinstance(updated.value, cst.Name) and updated.value.value in self.owners:
            if updated.attr.value == self.session_attr:
                return cst.Name(_SESSION)
            if updated.attr.value in self.flat:
                return cst.Name(self.flat[updated.attr.value])
        if (updated.attr.value == "run" and isinstance(updated.value, cst.Name)
                and updated.value.value in self.sessions):
            return updated.with_changes(value=cst.Name(_SESSION))
        return updated


def _flat_context(source: str, ctx: RuleContext) -> tuple[cst.Module, RuleContext]:
    """Parse the flat program and resolve its references the way the engine does for a file."""
    module = cst.parse_module(source)
    flat = RuleContext(path=ctx.path, codemod=ctx.codemod, options=ctx.options, dialect=ctx.dialect,
                       tf_alias=ctx.tf_alias, compat_alias=ctx.compat_alias)
    resolver = NameResolver()
    module.visit(resolver)
    for key, reference in resolver.references.items():
        qualified = resolver.qualified_names(reference.node)
        symbol = tf_symbol(qualified) if qualified else None
        if symbol is not None:
            flat.symbols[key] = symbol
    flat.names, flat.calls, flat.assigned = resolver, resolver.calls, resolver.assigned
    flat.metadata = MetadataWrapper(module, unsafe_skip_copy=True)
    return module, flat


def _convert(plan: _Plan, body, ctx, names: Names, tf, helpers, graph_helpers, notes, update_ops):
    cls_name = plan.cls.name.value
    if ctx.tf_alias is None:
        raise Refusal(plan.cls, f"class {cls_name}: the file imports no TensorFlow package name to build a session with")
    header = [s for s in body if isinstance(s, cst.SimpleStatementLine)
              and all(isinstance(small, (cst.Import, cst.ImportFrom)) for small in s.body)]
    init_body = list(plan.init.body.body)
    docstring = init_body[:1] if init_body and _is_docstring(init_body[0]) else []
    init_body = init_body[len(docstring):]
    init_body = [s for s in init_body if not (plan.session_attr and _self_targets(s) == [plan.session_attr])]
    init_body = [s for s in init_body if not (_self_targets(s) == ["name"] and "name" not in plan.graph_attrs)]
    param_names = [p.name.value for p in plan.params if p.name.value not in plan.fed]
    locals_ = set().union(*(_local_targets(s) for s in init_body)) if init_body else set()
    # an attribute gets a flat name of its own when the run statements (or __init__) use its name otherwise
    others = locals_ | set().union(*(reads(site.statement) - {site.owner} for site in plan.sites))
    others |= {p.name.value for m in plan.cls.body.body if isinstance(m, cst.FunctionDef) and m is not plan.init_node
               and m.name.value not in plan.inlined for p in m.params.params}
    others |= set(plan.fed)  # the caller's placeholders, now the class's: an attribute storing one is another name
    flat_names_taken = Names(names.taken | reads(plan.cls) | others | plan.attrs)
    flat_of = {a: a if a not in others else flat_names_taken.fresh(a) for a in sorted(plan.attrs)}
    attr_of = {f: a for a, f in flat_of.items()}
    aliases = _fed_aliases(init_body, plan)  # self.data = data, data a placeholder now: `data` itself
    init_body = [s for s in init_body if not set(_self_targets(s)) & set(aliases)]
    flat_of.update(aliases)
    attr_of = {f: a for f, a in attr_of.items() if a not in aliases}
    ops = _op_attrs(plan, ctx)
    flatten = _Flatten({"self"}, flat_of, plan.session_attr, set())
    flat_init = [s.visit(flatten) for s in init_body]
    for original, statement in zip(init_body, flat_init):
        if "self" in reads(statement):
            raise Refusal(original, f"{cls_name}.__init__ uses self other than to set attributes "
                                     f"({code(statement).strip()[:60]}): graph built in methods that call each "
                                     "other is not converted")
    flat_sites = []
    for site in plan.sites:
        owners = {"self"} if site.owner == "self" else {site.owner}
        sessions = {c.func.value.value for c in calls_in(site.statement)
                    if isinstance(c.func, cst.Attribute) and c.func.attr.value == "run" and isinstance(c.func.value, cst.Name)}
        statement = site.statement
        keys = {caller: param for param, (_, caller) in plan.fed.items() if caller != param}
        if keys:
            statement = statement.visit(Substitute({}, keys))
        flat = statement.visit(_Flatten(owners, flat_of, plan.session_attr, sessions))
        flat_sites.append(_unpack_ops(flat, {flat_of[a] for a in ops}, flat_names_taken))
    source = "".join(code(s) for s in header)
    source += "".join(f"{param} = {code(statement.body[0].value)}\n" for param, (statement, _) in plan.fed.items())
    source += "".join(code(s) for s in flat_init)
    source += f"{_SESSION} = {ctx.tf_alias}.Session()\n"
    source += "".join(f"{_MARK} = None\n" + "".join(code(s) for s in flat) for flat in flat_sites)
    module, flat_ctx = _flat_context(source, ctx)
    program = list(module.body[len(header):])
    taken = flat_names_taken.taken | reads(module) | {m.name.value for m in plan.cls.body.body if isinstance(m, cst.FunctionDef)}
    flat_names = Names(taken)
    converter = Converter(flat_ctx, flat_names, tf, helpers, graph_helpers, update_ops=update_ops)
    try:
        result = converter.convert(program, blank=1)
    except Refusal as refusal:
        raise Refusal(plan.cls, f"class {cls_name}: {refusal.message}") from None
    if result is None:
        raise Refusal(plan.cls, f"class {cls_name}: its graph code is not run")
    names.taken |= flat_names.taken
    names.trackables += flat_names.trackables
    marks = [i for i, s in enumerate(result) if code(s).strip() == f"{_MARK} = None"]
    if len(marks) != len(plan.sites):
        raise Refusal(plan.cls, f"class {cls_name}: the conversion moved its run statements")
    functions = [s for s in result if isinstance(s, cst.FunctionDef)]
    state = [s for s in result[:marks[0]] if not isinstance(s, cst.FunctionDef)]
    ends = [*marks[1:], len(result)]
    rewritten = [[s for s in result[start + 1:end] if not isinstance(s, cst.FunctionDef)]
                 for start, end in zip(marks, ends)]
    if not all(rewritten) or any(_SESSION in reads(s) for s in [*state, *sum(rewritten, [])]):
        raise Refusal(plan.cls, f"class {cls_name}: not every run statement could be rewritten")
    methods = {f.name.value for f in functions}
    bound: set[str] = set()
    new_state = []
    for statement in state:
        new_state.append(statement.visit(_Attributes(bound, attr_of)))
        bound |= _local_targets(statement)
    stored = set()
    new_methods = []
    for function in functions:
        free = reads(function.body) - local_names(function)
        stored |= (free & set(param_names)) - bound
        new_methods.append(_method(function, (free & (bound | set(param_names))), methods, bound | set(param_names),
                                   attr_of))
    new_sites = []
    for group, site in zip(rewritten, plan.sites):
        group = [s.visit(_Calls(methods, site.owner)) for s in group]
        group[0] = group[0].with_changes(leading_lines=site.statement.leading_lines)
        for s in group:
            leaked = reads(s) & (bound - methods)
            if leaked:
                raise Refusal(site.statement, f"class {cls_name}: a run statement still reads {sorted(leaked)[0]}")
        new_sites.append(cst.FlattenSentinel(group) if len(group) > 1 else group[0])
    super_args = "name=name" if "name" in plan.attrs and "name" not in plan.graph_attrs else ""
    init_lines = [cst.parse_statement(f"super().__init__({super_args})\n")]
    init_lines += [cst.parse_statement(f"self.{p} = {p}\n") for p in sorted(stored) if p not in bound]
    dropped_params = {plan.session_param, *plan.fed} - {None}
    params = [p for p in plan.init.params.params if p.name.value not in dropped_params]
    init = plan.init.with_changes(params=plan.init.params.with_changes(params=_fix_commas(params)),
                                  body=plan.init.body.with_changes(body=[*docstring, *init_lines, *new_state]))
    site_of = {id(site.statement): new for site, new in zip(plan.sites, new_sites) if site.owner == "self"}
    dropped = _drop_session_args(plan, cst.Module(body=list(body)))
    members = []
    for member in plan.cls.body.body:
        if isinstance(member, cst.FunctionDef) and member.name.value in plan.inlined:
            continue
        if member is plan.init_node:
            members.append(init)
            members += [m.with_changes(leading_lines=[cst.EmptyLine(indent=False)]) for m in new_methods]
        elif isinstance(member, cst.FunctionDef) and (site_of or dropped):
            member = member.visit(_Replace({**site_of, **dropped}))
            if member.name.value in plan.session_params:
                index, _ = plan.session_params[member.name.value]
                params = [p for i, p in enumerate(member.params.params) if i != index]
                member = member.with_changes(params=member.params.with_changes(params=_fix_commas(params)))
            members.append(member)
        else:
            members.append(member)
    bases = [cst.Arg(ctx.ref("Module"))]
    new_class = plan.cls.with_changes(bases=bases, lpar=cst.LeftParen(), rpar=cst.RightParen(),
                                      body=plan.cls.body.with_changes(body=members))
    calls = dict(dropped)
    if dropped_params:
        all_params = [p.name.value for p in plan.params]
        for call in plan.creations:
            args = [a for i, a in enumerate(call.args) if not (
                (a.keyword is None and i < len(all_params) and all_params[i] in dropped_params)
                or (a.keyword is not None and a.keyword.value in dropped_params))]
            calls[id(call)] = call.with_changes(args=_fix_commas(args))
    for statement, _ in plan.fed.values():
        calls[id(statement)] = cst.FlattenSentinel([])
    line, column = ctx.position(plan.cls)
    ctx.findings += [replace(f, line=line, col=column) for f in flat_ctx.findings]  # the flat program's lines mean nothing here
    for note in map(Note.of, converter.notes):
        notes.append(Note(plan.cls, note.text, note.exact))
    notes.append(Note(plan.cls, f"class {cls_name} became a tf.Module: variables and optimizer created in "
                                f"__init__, {len(methods)} tf.function method(s) called at its run sites", True))
    return new_class, new_sites, calls


def _op_attrs(plan: _Plan, ctx) -> set[str]:
    """Attributes holding train ops (``opt.minimize(cost)``, ``tf.group(...)``): sess.run gives None for them."""
    ops = set()
    for statement in plan.init.body.body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and _self_attr(small.targets[0].target) \
                and isinstance(small.value, cst.Call):
            func = small.value.func
            if ctx.symbol(func) == "group" or (isinstance(func, cst.Attribute)
                                               and func.attr.value in ("minimize", "apply_gradients")):
                ops.add(small.targets[0].target.attr.value)
    return ops


def _unpack_ops(statement, ops: set[str], names: Names) -> list:
    """``return sess.run([cost, train_op], ...)`` -> ``cost_value, _ = sess.run(...)`` + ``return [cost_value, None]``.

    The block converter rewrites a run of a train op only when its result is dropped.
    """
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    run = small.value if isinstance(small, cst.Return) else None
    if not (isinstance(run, cst.Call) and run.args and isinstance(run.args[0].value, (cst.List, cst.Tuple))):
        return [statement]
    items = run.args[0].value.elements
    if not any(isinstance(e.value, cst.Name) and e.value.value in ops for e in items):
        return [statement]
    values = ["_" if isinstance(e.value, cst.Name) and e.value.value in ops else names.fresh(f"{code(e.value)}_value")
              if isinstance(e.value, cst.Name) else None for e in items]
    if None in values:
        return [statement]
    unpack = cst.parse_statement(f"{', '.join(values)}, = {code(run)}\n" if len(values) == 1
                                 else f"{', '.join(values)} = {code(run)}\n")
    result = ", ".join("None" if v == "_" else v for v in values)
    shape = f"[{result}]" if isinstance(run.args[0].value, cst.List) else f"({result},)" if len(values) == 1 else f"({result})"
    return [unpack.with_changes(leading_lines=statement.leading_lines), cst.parse_statement(f"return {shape}\n")]


def _is_docstring(statement) -> bool:
    return (isinstance(statement, cst.SimpleStatementLine) and isinstance(statement.body[0], cst.Expr)
            and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))


def _fix_commas(items: list):
    """Arguments / parameters with the comma of the last one dropped (one may have been removed)."""
    if not items:
        return items
    return [*items[:-1], items[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]


class _Attributes(cst.CSTTransformer):
    """Names bound by the flat ``__init__`` -> ``self.<name>`` (reads of earlier ones, and the targets)."""

    def __init__(self, bound: set[str], attr_of: dict[str, str]) -> None:
        self.bound, self.attr_of = bound, attr_of

    def visit_FunctionDef(self, node):
        return False

    def visit_Lambda(self, node):
        return False

    def leave_Attribute(self, original, updated):
        return updated.with_changes(attr=original.attr)  # the part after the dot is not a name

    def leave_Arg(self, original, updated):
        return updated.with_changes(keyword=original.keyword)

    def leave_AssignTarget(self, original, updated):
        return updated.with_changes(target=self._target(original.target))

    def _target(self, target):
        if isinstance(target, cst.Name):
            return cst.Attribute(cst.Name("self"), cst.Name(self.attr_of.get(target.value, target.value)))
        if isinstance(target, (cst.Tuple, cst.List)):
            return target.with_changes(elements=[e.with_changes(value=self._target(e.value)) for e in target.elements])
        return target

    def leave_Name(self, original, updated):
        if original.value in self.bound:
            return cst.Attribute(cst.Name("self"), cst.Name(self.attr_of.get(original.value, original.value)))
        return updated


def _method(function: cst.FunctionDef, members: set[str], methods: set[str], init_names: set[str],
            attr_of: dict[str, str]) -> cst.FunctionDef:
    """A generated ``tf.function`` as a method: ``self`` first, the class's names read through it."""
    members = members - local_names(function)
    _init_names = init_names

    class _Self(cst.CSTTransformer):
        def visit_Lambda(self, node):
            return False

        def leave_Attribute(self, original, updated):
            return updated.with_changes(attr=original.attr)

        def leave_Arg(self, original, updated):
            return updated.with_changes(keyword=original.keyword)

        def leave_Name(self, original, updated):
            if original.value in members or original.value in methods:
                return cst.Attribute(cst.Name("self"), cst.Name(attr_of.get(original.value, original.value)))
            return updated

    class _Unknown(cst.CSTTransformer):
        """``[None, config.seq_length]`` -> ``[None, None]``: a whole dimension, per TensorSpec shape."""

        def leave_Call(self, original, updated):
            if not (updated.args and isinstance(updated.func, cst.Attribute) and updated.func.attr.value == "TensorSpec"):
                return updated
            shape = updated.args[0].value
            if isinstance(shape, (cst.List, cst.Tuple)):
                shape = shape.with_changes(elements=[e.with_changes(value=cst.Name("None")) if reads(e.value) & known
                                                     else e for e in shape.elements])
            elif reads(shape) & known:
                shape = cst.Name("None")
            return updated.with_changes(args=[updated.args[0].with_changes(value=shape), *updated.args[1:]])

    def _unknown(decorator: cst.Decorator) -> cst.Decorator:
        """The decorator is evaluated in the class body, where a size from ``__init__`` is not known yet. Its
        dimensions become None; where the method calls a layer of the class (a Keras layer builds from its
        input's last dimension) the input_signature goes instead and tf.function traces per shape."""
        call = decorator.decorator
        if not (isinstance(call, cst.Call) and reads(call) & known):
            return decorator
        if not calls_member:
            return decorator.visit(_Unknown())
        args = [a for a in call.args if not (a.keyword is not None and a.keyword.value == "input_signature")]
        return decorator.with_changes(decorator=call.with_changes(args=_fix_commas(args)) if args else call.func)

    calls_member = any(isinstance(c.func, cst.Name) and c.func.value in members for c in calls_in(function.body))
    known = set().union(*(reads(d) for d in function.decorators)) & _init_names
    body = function.body.visit(_Self())
    decorators = [_unknown(d) for d in function.decorators]
    params = function.params.with_changes(params=[cst.Param(cst.Name("self")), *function.params.params])
    return function.with_changes(params=params, body=body, decorators=decorators)


class _Calls(cst.CSTTransformer):
    """``train_step(xb, yb)`` -> ``model.train_step(xb, yb)``."""

    def __init__(self, methods: set[str], owner: str) -> None:
        self.methods, self.owner = methods, owner

    def leave_Call(self, original, updated):
        if isinstance(updated.func, cst.Name) and updated.func.value in self.methods:
            return updated.with_changes(func=cst.Attribute(cst.Name(self.owner), updated.func))
        return updated
