"""TF1 helper functions that create their variables -> ``tf.Module`` classes (a pre-pass of TFM300).

TF1 code often builds layers with functions like::

    def dense(x, n_in, n_out, scope):
        with tf.variable_scope(scope):
            W = tf.get_variable("W", [n_in, n_out], initializer=...)
            b = tf.get_variable("b", [n_out], initializer=...)
        return tf.matmul(x, W) + b

    h = tf.nn.relu(dense(x, 64, 128, "layer1"))

In TF1 the call ran once, while the graph was built, so the variables were made
once. Eagerly, the computation runs at every step, and the variables must be
made once, outside it. The TF2 guide (``intro_to_modules``) writes this as a
``tf.Module``: ``__init__`` takes the configuration and creates the variables,
``__call__`` takes the tensors and computes. Each call site in graph code gets
an instance created where the call stood (a plain state statement for the
Converter) and calls it. Parameters whose argument is a graph value at some
call site are the tensors; the others are configuration. When a variable's
shape reads an input's shape, the variables are made on the first call (the
guide's "waiting to create variables" pattern, ``self.built``).

Anything not provable raises `Refusal`: calls in loops, conditionals or other
functions, variables made under control flow, placeholders (other than the
ones ``hoist_placeholders`` moves to the caller) or summaries inside the helper, ``global``, recursion, scopes reused in ways other than a
literal ``variable_scope(name, reuse=True)`` around the same calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from migrate.data import graph_map as G
from migrate.graph import keras_calls
from migrate.graph.blocks import Keep, Refusal, bound_anywhere, calls_in, local_names, reads, reads_in_order, single_statement
from migrate.graph.classify import creates_variables
from migrate.graph.convert import Names, _get_variable, code
from migrate.rules import _calls

_SCOPES = ("variable_scope", "name_scope")
# tf.Module's own attributes, and the ones the generated class adds: never a variable's attribute name
_RESERVED = frozenset({"name", "name_scope", "variables", "trainable_variables", "non_trainable_variables",
                       "submodules", "with_name_scope", "built", "losses"})


def _sym(ctx, expr) -> str | None:
    return ctx.symbol(expr) if expr is not None else None


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part) or "Layer"


class _Rename(cst.CSTTransformer):
    """Replace reads of names by expressions (keyword names and attribute names are not reads)."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def leave_Name(self, original, updated):
        if original.value in self.mapping:
            return cst.parse_expression(self.mapping[original.value])
        return updated

    def leave_Arg(self, original, updated):
        return updated.with_changes(keyword=original.keyword)

    def leave_Attribute(self, original, updated):
        return updated.with_changes(attr=original.attr)

    def leave_Param(self, original, updated):
        return original


@dataclass
class _Site:
    """One call of a layer helper in graph code."""

    call: cst.Call
    statement: cst.BaseStatement  # the statement of the block holding the call
    bound: dict[str, cst.Arg]  # parameter -> argument
    scopes: tuple[str, ...]  # enclosing literal variable_scope names
    reuse: bool  # inside variable_scope(..., reuse=True)
    tainted: set[str]  # the block's names bound to graph values
    static: set[str]  # those of them that hold static shape values (Python ints) computed by a helper


@dataclass
class _Helper:
    function: cst.FunctionDef
    params: list[cst.Param]
    sites: list[_Site] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.function.name.value


def convert_modules(body: list, ctx, names: Names, tf: str, helpers: set[str], notes: list,
                    classes: set[str] | None = None) -> list:
    """The module body with its layer helpers as ``tf.Module`` classes and their call sites as instances."""
    functions = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef)}
    candidates = {n for n in helpers if n in functions}
    if not candidates:
        return body
    bodies = {s.name.value: s.body.body for s in body if isinstance(s, cst.FunctionDef)
              and isinstance(s.body, cst.IndentedBlock)}
    shadowing = {f: local_names(functions[f]) for f in bodies}
    layer = _layer_helpers([(body, set()), *((b, shadowing[f]) for f, b in bodies.items())], candidates, ctx)
    if not layer:
        return body
    layer_in_order = [n for n in functions if n in layer]  # source order: ``layer`` is a set
    for name in layer_in_order:
        if len(ctx.global_bindings(name)) > 1:
            raise Refusal(functions[name], f"{name}() makes variables and its name is bound more than once")
    found = {n: _Helper(functions[n], _params(functions[n])) for n in layer_in_order}
    # graph code: the module and its functions; a function binding a helper's name calls its own
    blocks = [(body, found)] + [(b, {n: h for n, h in found.items() if n not in shadowing[f]})
                                for f, b in bodies.items() if f not in layer]
    for block, visible in blocks:
        _collect_sites(block, visible, ctx, (), False, _tainted(block, ctx, layer), _static(block, functions, ctx))
    _check_references(body, found, ctx)
    instances: dict[int, list[cst.BaseStatement]] = {}  # id(statement) -> instance creations before it
    replaced: dict[int, cst.BaseStatement] = {}  # id(def) -> class
    calls: dict[int, cst.Call] = {}  # id(call) -> instance call
    regularized: dict[int, str] = {}  # id(instance statement) -> instance, for those with regularizers
    for helper in found.values():
        if not helper.sites:
            continue  # only called where its name means something else: not a layer helper here
        cls = names.fresh(_camel(helper.name))
        if classes is not None:
            classes.add(cls)
        module = _Module(helper, ctx, tf, cls, found, helpers)
        replaced[id(helper.function)] = module.build()
        helpers.discard(helper.name)
        helpers.add(cls)
        groups = _share(helper)
        for group in groups:
            first = group[0]
            stem = _stem(helper, first, module)
            instance = names.fresh(stem)
            names.trackables.append(instance)
            if module.regularized:
                names.layers.append(instance)  # its ``losses`` join get_regularization_loss (convert._Regularization)
            ctor = cst.Call(cst.Name(cls), args=module.ctor_args(first))
            statement = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(instance))], ctor)])
            instances.setdefault(id(first.statement), []).append(statement)
            if module.regularized:
                regularized[id(statement)] = instance
            for site in group:
                calls[id(site.call)] = cst.Call(cst.Name(instance), args=module.call_args(site))
        notes.append((helper.function, f"{helper.name}() made variables at each call: now tf.Module {cls}, "
                                       f"created once per call site ({len(groups)} instance(s))"))
    rewriter = _Rewriter(instances, replaced, calls, ctx, helpers)
    rewriter.regularized, rewriter.tf = regularized, tf
    return rewriter.rewrite(body)


def _params(function: cst.FunctionDef) -> list[cst.Param]:
    p = function.params
    if p.posonly_params or p.kwonly_params or isinstance(p.star_arg, cst.Param) or p.star_kwarg:
        raise Refusal(function, f"{function.name.value}() takes *args, **kwargs or keyword-only parameters")
    return list(p.params)


def _tainted(block: list, ctx, layer: set[str], names: set[str] | None = None) -> set[str]:
    """Names bound to graph values in a block: placeholders, get_next(), layer helpers' results, what reads them."""
    out = set() if names is None else names
    for statement in block:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Assign, cst.AugAssign, cst.AnnAssign)) and small.value is not None:
                    value = small.value
                    graph = reads(value) & out or any(
                        _sym(ctx, c.func) in G.PLACEHOLDERS or (isinstance(c.func, cst.Name) and c.func.value in layer)
                        or (isinstance(c.func, cst.Attribute) and c.func.attr.value == "get_next")
                        for c in calls_in(value))
                    if graph:
                        targets = small.targets if isinstance(small, cst.Assign) else [small]
                        for t in targets:
                            out |= reads(t.target)
        elif isinstance(statement, (cst.With, cst.If, cst.For, cst.While, cst.Try)):
            _tainted(statement.body.body, ctx, layer, out)
    return out


def _layer_helpers(blocks, candidates: set[str], ctx) -> set[str]:
    """Variable-making helpers given a graph value at some call site (the rest make variables from configuration)."""
    layer: set[str] = set()
    while True:
        more = set()
        for block, shadowed in blocks:
            tainted = _tainted(block, ctx, layer)
            for statement in block:
                for call in calls_in(statement):
                    if isinstance(call.func, cst.Name) and call.func.value in candidates - layer - shadowed and any(
                            reads(a.value) & tainted for a in call.args):
                        more.add(call.func.value)
        if not more:
            return layer
        layer |= more


def _fresh_attribute(name: str, taken: set[str]) -> str:
    attribute, n = name, 1
    while attribute in taken:
        attribute, n = f"{name}_{n}", n + 1
    taken.add(attribute)
    return attribute


def _static(block: list, functions: dict, ctx) -> set[str]:
    """Names unpacked from a helper's return value where that element is a static shape value.

    ``layer_flat, num_features = flatten_layer(layer)`` with ``num_features =
    layer.get_shape()[1:4].num_elements()``: a Python int, known while tracing,
    so a layer may make variables of that size on its first call.
    """
    out: set[str] = set()
    for statement in block:
        if isinstance(statement, cst.With):
            out |= _static(statement.body.body, functions, ctx)
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call)
                and isinstance(small.value.func, cst.Name) and small.value.func.value in functions):
            continue
        target = small.targets[0].target
        returned = _returned(functions[small.value.func.value])
        if not isinstance(target, cst.Tuple) or not isinstance(returned, cst.Tuple) \
                or len(target.elements) != len(returned.elements):
            continue
        function = functions[small.value.func.value]
        for t, r in zip(target.elements, returned.elements):
            if isinstance(t.value, cst.Name) and _static_expr(r.value, function, ctx, 0):
                out.add(t.value.value)
    return out


def _returned(function: cst.FunctionDef):
    """The expression of a function whose only ``return`` is its last top-level statement."""
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else []
    returns: list = []

    class _Returns(cst.CSTVisitor):
        def visit_Return(self, node):
            returns.append(node)

    function.body.visit(_Returns())
    last = body[-1] if body else None
    if len(returns) != 1 or not isinstance(last, cst.SimpleStatementLine) or last.body[0] is not returns[0]:
        return None
    return returns[0].value


def _static_expr(expr, function: cst.FunctionDef, ctx, depth: int) -> bool:
    """Is ``expr`` computed from parameters' static shapes only (no TF op, no other input)?"""
    if depth > 8 or any(ctx.symbol(c.func) for c in calls_in(expr)):
        return False
    params = {p.name.value for p in function.params.params}
    assigned = {}
    for statement in function.body.body:
        names = _assigned_names(statement)
        if names is not None and len(names) == 1:
            name = next(iter(names))
            assigned[name] = None if name in assigned else statement.body[0].value  # bound twice: not followed
    for name in reads(expr):
        if name in params:
            if not _only_shape(cst.Expr(expr), name):
                return False
        elif name in assigned:
            if assigned[name] is None or not _static_expr(assigned[name], function, ctx, depth + 1):
                return False
        else:
            return False
    return True


def _scope(item: cst.WithItem, ctx) -> tuple[str, bool] | None:
    """(name, reuse) of ``tf.variable_scope("<literal>"[, reuse=True])``; None for other ``with`` items."""
    call = item.item
    if not isinstance(call, cst.Call) or _sym(ctx, call.func) != "variable_scope":
        return None
    bound = _calls.bind(call, ("name_or_scope", "default_name", "values", "initializer", "regularizer",
                               "caching_device", "partitioner", "custom_getter", "reuse"))
    if bound is None or set(bound) - {"name_or_scope", "reuse"} or not isinstance(
            bound.get("name_or_scope", cst.Arg(cst.Name("x"))).value, cst.SimpleString):
        raise Refusal(call, "a layer helper is called under a variable_scope that is not a literal name "
                            "(with reuse=True or nothing else)")
    reuse = bound.get("reuse")
    if reuse is not None and code(reuse.value) != "True":
        raise Refusal(call, f"a layer helper is called under variable_scope(reuse={code(reuse.value)}): "
                            "which variables it shares is decided at run time")
    return bound["name_or_scope"].value.evaluated_value, reuse is not None


def _collect_sites(block, found, ctx, scopes, reuse, tainted, static) -> None:
    for statement in block:
        here = [c for c in calls_in(statement) if isinstance(c.func, cst.Name) and c.func.value in found]
        if not here or isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            continue  # a function is a block of its own (or, called elsewhere, refused by _check_references)
        if isinstance(statement, cst.With):
            inner, again = scopes, reuse
            for item in statement.items:
                scope = _scope(item, ctx)
                if scope is not None:
                    inner, again = (*inner, scope[0]), again or scope[1]
            if any(c in calls_in(item) for item in statement.items for c in here):
                raise Refusal(statement, "a layer helper is called in a with statement's header")
            _collect_sites(statement.body.body, found, ctx, inner, again, tainted, static)
            continue
        if not isinstance(statement, cst.SimpleStatementLine):
            kind = type(statement).__name__.lower()
            raise Refusal(here[0], f"{here[0].func.value}() is called inside a {kind} statement: how many variable "
                                   "sets TF1 made depends on control flow")
        for call in here:
            helper = found[call.func.value]
            if any(a.star for a in call.args):
                raise Refusal(call, f"{helper.name}() called with *args or **kwargs")
            bound = _calls.bind(call, tuple(p.name.value for p in helper.params))
            if bound is None:
                raise Refusal(call, f"{helper.name}() called with arguments that do not match its parameters")
            helper.sites.append(_Site(call, statement, bound, scopes, reuse, tainted, static))


def _check_references(body, found, ctx) -> None:
    """Every use of a layer helper's name must be one of the collected call sites."""
    sites = {id(s.call.func) for h in found.values() for s in h.sites}

    class _Uses(cst.CSTVisitor):
        def __init__(self):
            self.local: list[set[str]] = []  # names bound in the enclosing functions
            self.function: list[str] = []

        def visit_FunctionDef(self, node):
            self.local.append(local_names(node) - {node.name.value})
            self.function.append(node.name.value)
            node.body.visit(self)
            self.local.pop()
            self.function.pop()
            return False

        def visit_Attribute(self, node):
            node.value.visit(self)
            return False

        def visit_Arg(self, node):
            node.value.visit(self)
            return False

        def visit_Name(self, node):
            if node.value not in found or id(node) in sites or any(node.value in names for names in self.local):
                return
            if node.value in self.function:
                raise Refusal(node, f"{node.value}() calls itself: how many variables it makes depends on the "
                                    "recursion")
            raise Refusal(node, f"{node.value}() makes variables and is used outside graph code "
                                "(called from another function, in a loop, or passed as a value)")

    for statement in body:
        statement.visit(_Uses())


def _share(helper: _Helper) -> list[list[_Site]]:
    """Call sites grouped by the instance they use: reuse=True under the same scope names shares (TF1 did)."""
    groups: list[list[_Site]] = []
    index: dict[tuple, list[_Site]] = {}
    counts: dict[tuple, int] = {}
    for site in helper.sites:
        key = (site.scopes, site.reuse)
        n = counts[key] = counts.get(key, 0) + 1
        if site.reuse:
            group = index.get((site.scopes, n))
            if group is None:
                raise Refusal(site.call, f"{helper.name}() under variable_scope(..., reuse=True) with no earlier call "
                                         "under the same scope to share variables with")
            group.append(site)
        else:
            group = [site]
            groups.append(group)
            index[(site.scopes, n)] = group
    return groups


def _stem(helper: _Helper, site: _Site, module) -> str:
    for name in [p.name.value for p in helper.params if p.name.value not in module.tensors]:
        arg = site.bound.get(name)
        if arg is not None and isinstance(arg.value, cst.SimpleString):
            value = arg.value.evaluated_value
            if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_]+", value):
                return f"{helper.name}_{value}"
    if site.scopes and re.fullmatch(r"[A-Za-z0-9_]+", site.scopes[-1]):
        return f"{helper.name}_{site.scopes[-1]}"
    return helper.name


class _Module:
    """Split one helper's body into ``__init__`` (variables) and ``__call__`` (computation)."""

    def __init__(self, helper: _Helper, ctx, tf: str, cls: str, found, helpers: set[str]) -> None:
        self.helper, self.ctx, self.tf, self.cls, self.found = helper, ctx, tf, cls, found
        self.variable_helpers = set(helpers) | set(found)
        self.regularizers: list = []  # (variable name, regularizer expression)
        function = helper.function
        name = helper.name
        self._refuse_constructs(function, name)
        tainted_args: set[str] = set()
        differing: set[str] = set()
        for site in helper.sites:
            for param, arg in site.bound.items():
                if reads(arg.value) & site.tainted:
                    tainted_args.add(param)
        for group in _share(helper):
            for param in {p.name.value for p in helper.params}:
                texts = {code(s.bound[param].value) if param in s.bound else None for s in group}
                if len(texts) > 1:
                    differing.add(param)  # shared variables, different configurations: an argument of __call__
        # tensor parameters whose argument is a static shape value wherever it is a graph name
        self.static = {p for p in tainted_args if all(
            not (reads(s.bound[p].value) & s.tainted - s.static) for s in helper.sites if p in s.bound)}
        self.tensors = [p.name.value for p in helper.params if p.name.value in tainted_args | differing]
        self.docstring, statements = self._statements(function)
        self._split(statements, set(self.tensors), differing)

    # -- refusals -----------------------------------------------------------------------

    def _refuse_constructs(self, function, name) -> None:
        ctx, found = self.ctx, self.found

        class _Check(cst.CSTVisitor):
            def visit_Global(self, node):
                raise Refusal(node, f"{name}() uses a global statement")

            def visit_Nonlocal(self, node):
                raise Refusal(node, f"{name}() uses a nonlocal statement")

            def visit_FunctionDef(self, node):
                if node is not function:
                    raise Refusal(node, f"{name}() defines a function inside")

            def visit_Lambda(self, node):
                raise Refusal(node, f"{name}() contains a lambda")

            def visit_Yield(self, node):
                raise Refusal(node, f"{name}() is a generator")

            def visit_Call(self, node):
                symbol = _sym(ctx, node.func)
                if isinstance(node.func, cst.Name) and node.func.value in found:
                    raise Refusal(node, f"{name}() calls the layer helper {node.func.value}(): nested layer "
                                        "helpers are not converted")
                if symbol in G.PLACEHOLDERS:
                    raise Refusal(node, f"{name}() creates a placeholder inside: it would become an argument of "
                                        "the traced function, not of the layer")
                if symbol in G.SUMMARY_OPS:
                    raise Refusal(node, f"{name}() records summaries inside: they would need a writer and a step "
                                        "at every call")
                if symbol is not None and symbol.startswith(("get_collection", "add_to_collection", "get_variable_scope")):
                    raise Refusal(node, f"{name}() uses tf.{symbol}")

        function.visit(_Check())

    def _statements(self, function) -> tuple[cst.BaseStatement | None, list]:
        body = list(function.body.body)
        docstring = None
        if body and isinstance(body[0], cst.SimpleStatementLine) and isinstance(body[0].body[0], cst.Expr) \
                and isinstance(body[0].body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
            docstring, body = body[0], body[1:]
        return docstring, self._open(body, None)

    def _open(self, body, initializer) -> list:
        """Scopes opened (their names only named variables), a variable_scope's default initializer applied."""
        out = []
        for statement in body:
            if isinstance(statement, cst.With) and len(statement.items) == 1 and statement.items[0].asname is None \
                    and _sym(self.ctx, getattr(statement.items[0].item, "func", None)) in _SCOPES:
                call = statement.items[0].item
                inner = initializer
                if _sym(self.ctx, call.func) == "variable_scope":
                    bound = _calls.bind(call, ("name_or_scope", "default_name", "values", "initializer"))
                    if bound is None or set(bound) - {"name_or_scope", "initializer"}:
                        raise Refusal(call, f"{self.helper.name}() opens a variable_scope with arguments the "
                                            "conversion does not map")
                    if "initializer" in bound:
                        inner = bound["initializer"].value
                lines = list(statement.body.body)
                if lines and statement.leading_lines:
                    lines[0] = lines[0].with_changes(leading_lines=[*statement.leading_lines, *lines[0].leading_lines])
                out += self._open(lines, inner)
            else:
                out.append((statement, initializer))
        return out

    # -- split ----------------------------------------------------------------------------

    def _split(self, statements, tensors: set[str], differing: set[str]) -> None:
        ctx, name = self.ctx, self.helper.name
        variable_helpers = self.variable_helpers
        kinds = []  # (statement, kind, defs) kind in var / pure / call
        tainted = set(tensors)
        shapes: set[str] = set()  # ``shape = x.get_shape().as_list()``: a Python value of a tensor's static shape
        for statement, initializer in statements:
            makes = creates_variables(statement, ctx, variable_helpers)
            defs = _assigned_names(statement)
            if makes:
                if isinstance(statement, (cst.For, cst.While)):
                    raise Refusal(statement, f"{name}() makes variables inside a loop: how many is decided "
                                             "while the graph is built")
                if isinstance(statement, cst.If):
                    raise Refusal(statement, f"{name}() makes variables inside a conditional")
                if defs is None or not isinstance(statement, cst.SimpleStatementLine):
                    raise Refusal(statement, f"{name}() makes variables in a statement other than a plain "
                                             "assignment to names")
                statement = self._variables(statement, initializer)
                for t in (t for t in reads_in_order(statement) if t in tainted):
                    if not _only_shape(statement, t) and t not in self.static:
                        raise Refusal(statement, f"{name}() computes with {t} while making variables")
                if reads(statement) & differing:
                    raise Refusal(statement, f"{name}() shares variables between calls whose arguments for "
                                             "their shapes differ")
                kinds.append([statement, "var", defs])
            elif defs is not None and isinstance(statement, cst.SimpleStatementLine) and not reads(statement) & tainted:
                kinds.append([statement, "pure", defs])
            elif defs and isinstance(statement, cst.SimpleStatementLine) and all(
                    _only_shape(statement, t) for t in reads(statement) & tainted):
                # computed at each call, before the variables it sizes are made on the first one
                kinds.append([statement, "call", defs])
                shapes |= defs
            else:
                kinds.append([statement, "call", set(bound_anywhere(statement))])
                tainted |= kinds[-1][2]
        variables = [k for k in kinds if k[1] == "var"]
        self.lazy = any(reads(k[0]) & (tainted | shapes) for k in variables)
        # pure statements the variables need run in __init__; the others are computation
        needed = set().union(*(reads(k[0]) for k in variables)) if variables else set()
        for k in reversed(kinds):
            if k[1] == "pure":
                if k[2] & needed:
                    needed |= reads(k[0])
                else:
                    k[1] = "call"
        init = [k for k in kinds if k[1] == "pure" or (k[1] == "var" and not self.lazy)]
        build = [k for k in kinds if k[1] == "var" and self.lazy]
        call = [k for k in kinds if k[1] == "call" or (k[1] == "var" and self.lazy)]
        self.regularized = bool(self.regularizers)
        # attributes: every variable, and every name __init__ binds that __call__ reads
        call_reads = set().union(*(reads(k[0]) for k in call if k[1] != "var")) if call else set()
        build_reads = set().union(*(reads(k[0]) for k in build)) if build else set()
        later = call_reads | build_reads
        params = {p.name.value for p in self.helper.params}
        self.config = [p for p in (q.name.value for q in self.helper.params) if p not in set(self.tensors)]
        used = set().union(*(reads(k[0]) for k in kinds)) if kinds else set()
        for site in self.helper.sites:  # arguments of parameters nothing reads are dropped: only if inert
            for p in [p for p in self.config if p not in used]:
                if p in site.bound and calls_in(site.bound[p].value):
                    raise Refusal(site.call, f"the argument for {p}, which {name}() does not use, calls a function")
        self.config = [p for p in self.config if p in used]
        stored = [p for p in self.config if p in later]
        # Each binding of state (every variable, and what __init__ computes for __call__) gets its own
        # attribute, read where that binding was in effect: ``w`` made twice -> ``self.w``, ``self.w_1``.
        taken = set(_RESERVED)
        current: dict[str, str] = {}
        param_map = {p: f"self.{_fresh_attribute(p, taken)}" for p in stored}
        stored_map = dict(param_map)
        rendered = []  # (kind entry, reads mapping, targets mapping)
        for k in kinds:
            in_init = any(k is x for x in init)
            reading = dict(current) if in_init else {**param_map, **current}
            targets: dict[str, str] = {}
            if k[1] == "var" or (in_init and k[2] & later):
                for d in sorted(k[2]):
                    targets[d] = f"self.{_fresh_attribute(d, taken)}"
                current.update(targets)
            else:
                for d in k[2]:
                    current.pop(d, None)
                    param_map.pop(d, None)
            rendered.append((k, reading, targets))
        self.attributes = {n: t[n] for k, _, t in rendered for n in t}  # last binding (for ``losses``)
        self.regularizers = [(next(t[n] for k, _, t in rendered if n in t and k[0] is st), reg)
                             for n, reg, st in self.regularizers]

        def render(k, reading, targets):
            statement = k[0]
            if targets:
                statement = _target_rename(statement, targets)
                small = statement.body[0]
                return statement.with_changes(body=[small.with_changes(value=small.value.visit(_Rename(reading)))])
            return statement.visit(_Rename(reading))

        self.init_lines = [f"{stored_map[p]} = {p}" for p in stored]
        if self.lazy:
            self.init_lines.append("self.built = False")
            last_var = max(i for i, k in enumerate(kinds) if k[1] == "var")
            built = {d for v in build for d in v[2]}
            for k in kinds[:last_var]:
                if k[1] == "call" and reads(k[0]) & built:
                    raise Refusal(k[0], f"{name}() uses a variable before it makes its last one")
        self.init_body = [render(*r) for r in rendered if any(r[0] is x for x in init)]
        self.call_body = []
        group_placed = False
        for i, r in enumerate(rendered):
            k = r[0]
            if k[1] == "var" and self.lazy:
                if i == last_var:
                    self.call_body.append(("build", [render(*v) for v in rendered if v[0][1] == "var"]))
                    group_placed = True
                continue
            if any(k is x for x in call):
                self.call_body.append(("stmt", render(*r)))
        assert group_placed or not self.lazy

    def _variables(self, statement, initializer) -> cst.BaseStatement:
        """``tf.get_variable`` -> ``tf.Variable`` (regularizers kept apart for ``losses``)."""
        ctx, tf, module = self.ctx, self.tf, self
        defs = _assigned_names(statement)

        class _Vars(cst.CSTTransformer):
            def leave_Call(self, original, updated):
                if _sym(ctx, original.func) != "get_variable":
                    return updated
                bound = _calls.bind(updated, ("name", "shape", "dtype", "initializer", "regularizer", "trainable"))
                if bound is None:
                    raise Refusal(original, "tf.get_variable with arguments the conversion does not map")
                args = list(updated.args)
                if "regularizer" in bound:
                    if len(defs) != 1 or original is not single_value(statement):
                        raise Refusal(original, "a regularized tf.get_variable not assigned to one name")
                    module.regularizers.append((next(iter(defs)), bound["regularizer"].value, statement))
                    args = [a for a in args if a is not bound["regularizer"]]
                if "initializer" not in bound and initializer is not None:
                    args.append(cst.Arg(initializer, keyword=cst.Name("initializer")))
                return _get_variable(updated.with_changes(args=args), original, tf)

        new = statement.visit(_Vars())
        self.regularizers = [(n, reg, new if st is statement else st) for n, reg, st in self.regularizers]
        return new

    # -- output ---------------------------------------------------------------------------

    def build(self) -> cst.ClassDef:
        function = self.helper.function
        params = {p.name.value: p for p in self.helper.params}

        def signature(names):
            return ", ".join(["self", *(code(params[n].with_changes(comma=cst.MaybeSentinel.DEFAULT)) for n in names)])

        lines = [f"class {self.cls}({self.tf}.Module):"]
        if self.docstring is not None:
            lines += _indent(code(self.docstring).strip("\n"), 1) + [""]
        lines += [f"    def __init__({signature(self.config)}):", "        super().__init__()"]
        lines += ["        " + line for line in self.init_lines]
        for statement in self.init_body:
            lines += _indent(code(statement).strip("\n"), 2)
        lines += ["", f"    def __call__({signature(self.tensors)}):"]
        for kind, item in self.call_body:
            if kind == "build":
                lines.append("        if not self.built:")
                for statement in item:
                    lines += _indent(code(statement).strip("\n"), 3)
                lines.append("            self.built = True")
            else:
                lines += _indent(code(item).strip("\n"), 2)
        if not any(k == "stmt" for k, _ in self.call_body):
            raise Refusal(function, f"{self.helper.name}() computes nothing from its inputs")
        if self.regularizers:
            terms = ", ".join(f"{code(reg)}({attribute})" for attribute, reg in self.regularizers)
            lines += ["", "    @property", "    def losses(self):",
                      '        """The regularization terms TF1 put in the REGULARIZATION_LOSSES collection."""',
                      f"        return [{terms}]"]
        try:
            statement = cst.parse_statement("\n".join(lines) + "\n")
        except cst.ParserSyntaxError as error:  # a multi-line string the indentation would change
            raise Refusal(function, f"{self.helper.name}() could not be rewritten as a class: {error.message}")
        return statement.with_changes(leading_lines=function.leading_lines, decorators=function.decorators)

    def ctor_args(self, site: _Site) -> list[cst.Arg]:
        return self._args(site, self.config)

    def call_args(self, site: _Site) -> list[cst.Arg]:
        return self._args(site, self.tensors)

    def _args(self, site: _Site, names: list[str]) -> list[cst.Arg]:
        """The call's arguments for the parameters ``names``."""
        # Positional arguments bind a prefix of the parameters, and the method's parameters are the
        # function's in the same order minus the others: the kept positional ones still bind right.
        params = {id(arg): param for param, arg in site.bound.items()}
        out = [arg for arg in site.call.args if params[id(arg)] in names]
        # commas as in a fresh call: the original line breaks were aligned to arguments that may be gone
        out = [a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for a in out]
        if out:
            out[-1] = out[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return out


def single_value(statement):
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    return small.value if isinstance(small, cst.Assign) else None


def _assigned_names(statement) -> set[str] | None:
    """Names a simple ``a = ...`` / ``a, b = ...`` binds; None for anything else."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    target = small.targets[0].target
    elements = target.elements if isinstance(target, (cst.Tuple, cst.List)) else [cst.Element(target)]
    if not all(isinstance(e.value, cst.Name) for e in elements):
        return None
    return {e.value.value for e in elements}


def _only_shape(statement, name: str) -> bool:
    """Is every read of ``name`` in the statement ``name.get_shape()`` / ``name.shape`` (static shape only)?"""
    ok = True

    class _Reads(cst.CSTVisitor):
        def visit_Attribute(self, node):
            if isinstance(node.value, cst.Name) and node.value.value == name and node.attr.value in ("get_shape", "shape"):
                return False
            return True

        def visit_Arg(self, node):
            node.value.visit(self)
            return False

        def visit_Name(self, node):
            nonlocal ok
            if node.value == name:
                ok = False

    statement.visit(_Reads())
    return ok


def _target_rename(statement, attributes: dict[str, str]):
    """``a = ...`` -> ``self.a = ...`` for the names held as attributes."""
    small = statement.body[0]
    if not isinstance(small, cst.Assign):
        return statement
    target = small.targets[0].target.visit(_Rename(attributes))
    return statement.with_changes(body=[small.with_changes(targets=[small.targets[0].with_changes(target=target)])])


def _indent(text: str, level: int) -> list[str]:
    pad = "    " * level
    return [pad + line if line.strip() else "" for line in text.split("\n")]


class _Rewriter:
    """Put the classes in place of the functions and the instances before the statements calling them."""

    def __init__(self, instances, replaced, calls, ctx, helpers) -> None:
        self.instances, self.replaced, self.calls = instances, replaced, calls
        self.ctx, self.helpers = ctx, helpers

    regularized: dict[int, str]
    tf: str
    seen: list[str]  # regularized instances created so far in the current block

    def rewrite(self, body: list) -> list:
        calls, rewriter = self.calls, self
        self.seen = []
        # Keras layers made later by the Converter may add regularization terms this pass can't see
        self.keras = bool(set(self.ctx.symbols.values()) & keras_calls.LAYERS)

        class _Calls(Keep):
            def leave_Call(self, original, updated):
                new = calls.get(id(original))
                if new is None:
                    return rewriter._regularization(original, updated)
                return new

        out = []
        for statement in body:
            if id(statement) in self.replaced:
                out.append(self.replaced[id(statement)])
                continue
            out += self._statement(statement, _Calls())
        return out

    def _regularization(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """``tf.losses.get_regularization_loss()`` -> the sum of the ``losses`` of the modules made so far.

        TF1 summed the REGULARIZATION_LOSSES collection: the terms of the regularized
        variables created before that line (in this program, by the helpers now modules).
        """
        symbol = _sym(self.ctx, original.func)
        listed = symbol == "losses.get_regularization_losses" or (
            symbol == "get_collection" and len(original.args) == 1
            and _sym(self.ctx, original.args[0].value) == "GraphKeys.REGULARIZATION_LOSSES")
        if not (listed or symbol == "losses.get_regularization_loss") or (not listed and original.args) \
                or not self.regularized or self.keras:
            return updated
        if len(self.seen) != len(self.regularized):
            raise Refusal(original, "regularization losses read where not every regularized layer helper has "
                                    "been called yet (or from another function)")
        terms = ", ".join(f"*{name}.losses" for name in self.seen)
        return cst.parse_expression(f"[{terms}]" if listed else f"{self.tf}.add_n([{terms}])")

    def _inert_reuse(self, statement: cst.With) -> bool:
        """``with tf.variable_scope("...", reuse=True):`` around nothing that makes variables any more."""
        if len(statement.items) != 1 or statement.items[0].asname is not None:
            return False
        call = statement.items[0].item
        if not isinstance(call, cst.Call) or _sym(self.ctx, call.func) != "variable_scope":
            return False
        if not any(a.keyword and a.keyword.value == "reuse" and code(a.value) == "True" for a in call.args):
            return False
        for inner in calls_in(statement.body):
            symbol = _sym(self.ctx, inner.func)
            if symbol in G.VARIABLES | G.GLOBAL_STEPS or symbol in keras_calls.LAYERS | keras_calls.RNNS or (
                    isinstance(inner.func, cst.Name) and inner.func.value in self.helpers):
                return False
        return bool(statement.body.body)

    def _statement(self, statement, transformer) -> list:
        created = self.instances.get(id(statement), [])
        self.seen += [self.regularized[id(c)] for c in created if id(c) in self.regularized]
        if isinstance(statement, cst.FunctionDef):
            outer, self.seen = self.seen, []
            try:
                return self._statement_inner(statement, transformer, created)
            finally:
                self.seen = outer
        return self._statement_inner(statement, transformer, created)

    def _statement_inner(self, statement, transformer, created) -> list:
        if isinstance(statement, (cst.With, cst.FunctionDef)) and isinstance(statement.body, cst.IndentedBlock):
            inner = []
            for s in statement.body.body:
                inner += self._statement(s, transformer)
            statement = statement.with_changes(body=statement.body.with_changes(body=inner))
            if isinstance(statement, cst.With) and self._inert_reuse(statement):
                # reuse=True shared the helper's variables, which its instance now holds: nothing else in the
                # block makes variables, so the scope has nothing left to do
                if inner:
                    inner[0] = inner[0].with_changes(leading_lines=[*statement.leading_lines, *inner[0].leading_lines])
                return [*created, *inner] if not created else [*created, *inner]
        else:
            statement = statement.visit(transformer)
        if created:
            created = list(created)
            created[0] = created[0].with_changes(leading_lines=statement.leading_lines)
            statement = statement.with_changes(leading_lines=[])
        return [*created, statement]


# -- placeholders made inside a helper --------------------------------------------------------


def hoist_placeholders(body: list, ctx, notes: list) -> list:
    """A helper that makes a placeholder and returns it -> the placeholder made by its caller and passed in.

    ``def deepnn(x): ... keep_prob = tf.placeholder(tf.float32) ... return y, keep_prob`` called once as
    ``y, keep_prob = deepnn(x)`` (the Deep MNIST tutorial) is, in TF1, the same graph as
    ``keep_prob = tf.placeholder(tf.float32)`` before ``y = deepnn(x, keep_prob)``: the placeholder is
    made once, its value only known at ``sess.run``. Written that way, the placeholder is an input like
    the others (a ``tf.function`` argument, literal feeds specialized) and the helper a plain layer
    helper. Done only where that is provable: one call site, a ``name = tf.placeholder(...)``
    statement at the helper's top level or under ``with`` scopes, whose arguments read nothing the
    helper or the caller binds, and a returned tuple the call site unpacks into names. Anything else
    is left as it was (the layer-helper conversion then refuses it with its own reason).
    """
    functions = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef) and isinstance(s.body, cst.IndentedBlock)}
    for name, function in functions.items():
        found = _helper_placeholders(function, ctx)
        if not found:
            continue
        site = _single_site(body, name, ctx)
        if site is None:
            continue
        caller, statement, call = site
        returned = _returned(function)
        target = statement.body[0].targets[0].target
        if not isinstance(returned, cst.Tuple) or not isinstance(target, (cst.Tuple, cst.List)) \
                or len(returned.elements) != len(target.elements) \
                or not all(isinstance(e.value, cst.Name) for e in target.elements):
            continue
        positions = {}
        for placeholder_name, _ in found:
            at = [i for i, e in enumerate(returned.elements)
                  if isinstance(e.value, cst.Name) and e.value.value == placeholder_name]
            if len(at) != 1:
                break
            positions[placeholder_name] = at[0]
        else:
            caller_locals = local_names(caller) if caller is not None else set()
            if any(reads(stmt.body[0].value) & caller_locals for _, stmt in found):
                continue
            if len(positions) == len(returned.elements):
                continue  # it returns only placeholders: nothing is left to compute
            new_function, new_statements = _rewrite_hoisted(function, found, positions, statement, call, target,
                                                            returned)
            body = _replace_in(body, {id(function): [new_function], id(statement): new_statements})
            notes.append((found[0][1], f"{name}() made the placeholder {', '.join(n for n, _ in found)}: now made "
                                       f"by its caller and passed in (one call site, the same graph in TF1)"))
    return body


def _helper_placeholders(function: cst.FunctionDef, ctx) -> list[tuple[str, cst.SimpleStatementLine]]:
    """``name = tf.placeholder(...)`` statements of a function (top level or under ``with``); [] if others."""
    out: list = []
    calls = [c for c in calls_in(function) if _sym(ctx, c.func) in G.PLACEHOLDERS]
    if not calls:
        return []
    params = {p.name.value for p in function.params.params}
    p = function.params
    if p.posonly_params or p.kwonly_params or isinstance(p.star_arg, cst.Param) or p.star_kwarg \
            or any(q.default is not None for q in p.params):
        return []
    locals_ = local_names(function)

    def walk(statements) -> bool:
        for statement in statements:
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                if any(calls_in(item) and _sym(ctx, c.func) in G.PLACEHOLDERS for item in statement.items
                       for c in calls_in(item)):
                    return False
                if not walk(statement.body.body):
                    return False
                continue
            value = single_value(statement)
            names = _assigned_names(statement)
            if isinstance(value, cst.Call) and _sym(ctx, value.func) in G.PLACEHOLDERS and names is not None \
                    and len(names) == 1 and isinstance(statement.body[0].targets[0].target, cst.Name):
                out.append((next(iter(names)), statement))
        return True

    if not walk(function.body.body) or len(out) != len(calls):
        return []  # a placeholder in control flow, an expression or a nested function: not moved
    for name, statement in out:
        if name in params or reads(statement.body[0].value) & locals_ or _binding_count(function, name) != 1:
            return []
    return out


def _binding_count(function: cst.FunctionDef, name: str) -> int:
    count = 0

    class _Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, node):
            nonlocal count
            count += name in reads(node.target)

        def visit_AugAssign(self, node):
            nonlocal count
            count += name in reads(node.target)

        def visit_For(self, node):
            nonlocal count
            count += name in reads(node.target)

        def visit_AsName(self, node):
            nonlocal count
            count += name in reads(node.name)

    function.body.visit(_Targets())
    return count


def _single_site(body: list, name: str, ctx):
    """(enclosing function or None, statement, call) of the only use of ``name``: ``a, b = name(...)``."""
    if len(ctx.global_bindings(name)) != 1:
        return None
    uses: list = []

    class _Uses(cst.CSTVisitor):
        def __init__(self):
            self.stack: list = []

        def visit_FunctionDef(self, node):
            if node.name.value == name and not self.stack:
                node.body.visit(self)  # its own body (a recursive call is a use)
                return False
            self.stack.append(node)
            return True

        def leave_FunctionDef(self, node):
            if self.stack and self.stack[-1] is node:
                self.stack.pop()

        def visit_SimpleStatementLine(self, node):
            self.statement = node

        def visit_Attribute(self, node):
            node.value.visit(self)
            return False

        def visit_Arg(self, node):
            node.value.visit(self)
            return False

        def visit_Name(self, node):
            if node.value == name:
                uses.append((self.stack[-1] if self.stack else None, node))

    for statement in body:
        statement.visit(_Uses())
    if len(uses) != 1:
        return None
    caller, node = uses[0]
    if caller is not None and name in local_names(caller):
        return None
    for statement in (caller.body.body if caller is not None else body):
        for found in _statements_in(statement):
            value = single_value(found)
            if isinstance(value, cst.Call) and value.func is node and len(found.body[0].targets) == 1 \
                    and not any(a.star for a in value.args):
                return caller, found, value
    return None


def _statements_in(statement):
    """A statement and the statements of the ``with`` blocks in it (where a hoisted line can go before)."""
    yield statement
    if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
        for inner in statement.body.body:
            yield from _statements_in(inner)


def _rewrite_hoisted(function, found, positions, statement, call, target, returned):
    removed = {id(s) for _, s in found}

    def strip(statements):
        out = []
        for s in statements:
            if id(s) in removed:
                continue
            if isinstance(s, cst.With) and isinstance(s.body, cst.IndentedBlock):
                inner = strip(s.body.body)
                if not inner:
                    inner = [cst.SimpleStatementLine([cst.Pass()])]
                if len(inner) != len(s.body.body) or any(a is not b for a, b in zip(inner, s.body.body)):
                    s = s.with_changes(body=s.body.with_changes(body=inner))
            out.append(s)
        return out

    dropped = set(positions.values())
    kept = [e for i, e in enumerate(returned.elements) if i not in dropped]
    new_return = kept[0].value if len(kept) == 1 else returned.with_changes(
        elements=[*kept[:-1], kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)])
    body = strip(function.body.body)
    last = body[-1]
    body[-1] = last.with_changes(body=[last.body[0].with_changes(value=new_return)])
    params = list(function.params.params)
    inner_names = [n for n, _ in found]
    if params:
        params[-1] = params[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    params += [cst.Param(cst.Name(n), star="", comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
               for n in inner_names]
    params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    new_function = function.with_changes(params=function.params.with_changes(params=params),
                                         body=function.body.with_changes(body=body))
    # the caller: the placeholders first, under the names it unpacked them into, then the call
    outer = {n: target.elements[positions[n]].value.value for n in inner_names}
    created = []
    for n, s in found:
        line = s if outer[n] == n else s.with_changes(body=[s.body[0].with_changes(
            targets=[s.body[0].targets[0].with_changes(target=cst.Name(outer[n]))])])
        created.append(line.with_changes(leading_lines=[]))
    keyword = any(a.keyword is not None for a in call.args)
    args = list(call.args)
    if args:
        args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    args += [cst.Arg(cst.Name(outer[n]), keyword=cst.Name(n) if keyword else None,
                     equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
                     if keyword else cst.MaybeSentinel.DEFAULT,
                     comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for n in inner_names]
    args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    kept_targets = [e for i, e in enumerate(target.elements) if i not in dropped]
    new_target = kept_targets[0].value if len(kept_targets) == 1 else target.with_changes(
        elements=[*kept_targets[:-1], kept_targets[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)])
    small = statement.body[0]
    new_call = call.with_changes(args=args)
    new_statement = statement.with_changes(body=[small.with_changes(
        targets=[small.targets[0].with_changes(target=new_target)], value=new_call)])
    if created:
        created[0] = created[0].with_changes(leading_lines=statement.leading_lines)
        new_statement = new_statement.with_changes(leading_lines=[])
    return new_function, [*created, new_statement]


def _replace_in(body: list, replacements: dict[int, list]) -> list:
    """The body with the statements of ``replacements`` (at any ``def``/``with`` depth) replaced."""
    out = []
    for statement in body:
        if id(statement) in replacements:
            out += replacements[id(statement)]
            continue
        if isinstance(statement, (cst.FunctionDef, cst.With)) and isinstance(statement.body, cst.IndentedBlock):
            inner = _replace_in(list(statement.body.body), replacements)
            if len(inner) != len(statement.body.body) or any(a is not b for a, b in zip(inner, statement.body.body)):
                statement = statement.with_changes(body=statement.body.with_changes(body=inner))
        out.append(statement)
    return out


# -- helpers building Keras-convertible layers, called more than once ---------------------------------


def convert_layer_helpers(body: list, candidates: set[str], ctx, names: Names, tf: str, helpers: set[str],
                          notes: list, classes: set[str], make_converter, open_scopes, bound_in) -> list:
    """Layer-building helpers called at several sites -> a ``tf.Module`` per call site holding its Keras layers.

    ``def conv_bn(x, filters, is_training): h = tf.layers.conv2d(x, filters, 3); return
    tf.contrib.layers.batch_norm(h, is_training=is_training)`` called once per block made new
    variables at each call in TF1. Each call site gets an instance (created where the call stood)
    whose ``__init__`` makes the layers from the configuration arguments and whose ``__call__``
    computes; calls under ``variable_scope(<same literal>, reuse=True)`` share the first site's
    instance, as TF1 shared its variables. Refused where the sharing is decided by values
    (``reuse=`` inside the helper, ``AUTO_REUSE``, a computed scope around the call), in loops or
    conditionals, or where a layer's arguments are computed inside the helper.
    """
    functions = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef) and s.name.value in candidates}
    if not functions:
        return body
    for name, function in functions.items():
        if len(ctx.global_bindings(name)) > 1:
            raise Refusal(function, f"{name}() builds layers and its name is bound more than once")
        for call in calls_in(function):
            if any(a.keyword is not None and a.keyword.value == "reuse" for a in call.args) or (
                    _sym(ctx, call.func) == "variable_scope" and len(call.args) > 1 and call.args[1].keyword is None):
                raise Refusal(call, f"{name}() builds layers under reuse=: which of its calls share variables is "
                                    "decided by the scope values at run time")
    found = {n: _Helper(f, _params(f)) for n, f in functions.items()}
    blocks = [(body, found)] + [(s.body.body, {n: h for n, h in found.items() if n not in local_names(s)})
                                for s in body if isinstance(s, cst.FunctionDef) and isinstance(s.body, cst.IndentedBlock)
                                and s.name.value not in found]
    for block, visible in blocks:
        _collect_sites(block, visible, ctx, (), False, _tainted(block, ctx, set(found)), set())
    _check_references(body, found, ctx)
    instances: dict[int, list] = {}
    replaced: dict[int, cst.BaseStatement] = {}
    calls: dict[int, cst.Call] = {}
    # module-level names bound by TF code: graph values the converted program does not keep at module level
    graph = {n for s in body if isinstance(s, cst.SimpleStatementLine) and any(_sym(ctx, c.func) for c in calls_in(s))
             for small in s.body if isinstance(small, (cst.Assign, cst.AnnAssign, cst.AugAssign))
             for t in (small.targets if isinstance(small, cst.Assign) else [small]) for n in reads(t.target)}
    for helper in found.values():
        if not helper.sites:
            continue
        cls = names.fresh(_camel(helper.name))
        classes.add(cls)
        module = _LayerModule(helper, ctx, tf, cls, names, make_converter(), open_scopes, bound_in, notes, graph)
        replaced[id(helper.function)] = module.build()
        helpers.add(cls)
        groups = _share(helper)
        for group in groups:
            first = group[0]
            instance = names.fresh(_stem(helper, first, module))
            names.trackables.append(instance)
            names.layers.append(instance)  # its ``losses`` are its layers' (regularization terms)
            ctor = cst.Call(cst.Name(cls), args=_site_args(first, module.config))
            statement = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(instance))], ctor)])
            instances.setdefault(id(first.statement), []).append(statement)
            for site in group:
                calls[id(site.call)] = cst.Call(cst.Name(instance), args=_site_args(site, module.tensors, module.outside))
        notes.append((helper.function, f"{helper.name}() built layers at each of its {len(helper.sites)} calls: now "
                                       f"tf.Module {cls} holding them, one instance per call site ({len(groups)} "
                                       "instance(s); calls under variable_scope(..., reuse=True) share one)"))
    rewriter = _Rewriter(instances, replaced, calls, ctx, helpers)
    rewriter.regularized, rewriter.tf = {}, tf
    return rewriter.rewrite(body)


def _site_args(site: _Site, names: list[str], outside: list[str] = ()) -> list[cst.Arg]:
    """The call's arguments for the parameters ``names`` (see ``_Module._args``), then ``name=name`` for each
    module graph value in ``outside``."""
    params = {id(arg): param for param, arg in site.bound.items()}
    out = [arg for arg in site.call.args if params[id(arg)] in names]
    out += [cst.Arg(cst.Name(n), keyword=cst.Name(n), equal=cst.AssignEqual(
        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))) for n in outside]
    out = [a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for a in out]
    if out:
        out[-1] = out[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return out


class _LayerModule:
    """A layer helper's Keras layers (constructors hoisted by the Converter) as attributes of a ``tf.Module``."""

    def __init__(self, helper: _Helper, ctx, tf, cls, names, converter, open_scopes, bound_in, notes, graph) -> None:
        self.helper, self.tf, self.cls = helper, tf, cls
        function = helper.function
        params = [p.name.value for p in helper.params]
        # Module graph values the helper reads (an ``is_training`` placeholder): the step functions have them,
        # the module does not, so ``__call__`` takes them as keywords (``h = layer(x, phase=phase)``).
        inside = graph - set(params) - bound_in(function.body)
        outside = [n for n in reads_in_order(function.body) if n in inside]
        tensors = {p for site in helper.sites for p, arg in site.bound.items() if reads(arg.value) & site.tainted}
        opened = function.with_changes(body=function.body.with_changes(body=open_scopes(function.body.body, ctx)))
        local = frozenset(tensors) | bound_in(opened.body)
        before = len(names.layers)
        hoisted, rewritten = converter._hoist_layers(opened, local)
        notes += converter.notes
        made = names.layers[before:]
        del names.layers[before:]
        names.trackables[:] = [n for n in names.trackables if n not in made]
        if not hoisted:
            raise Refusal(function, f"{helper.name}() builds no layer the conversion can create once")
        self.attributes = {single_statement(s).targets[0].target.value: s for s in hoisted}
        rename = {n: f"self.{n}" for n in self.attributes}
        self.call_body = [s.visit(_Rename(rename)) for s in rewritten.body.body]
        ctor_reads = set().union(*(reads(single_statement(s).value) for s in hoisted))
        body_reads = set().union(*(reads(s) for s in self.call_body))
        if set(outside) & ctor_reads:
            raise Refusal(function, f"{helper.name}() configures a layer with "
                                    f"{', '.join(n for n in outside if n in ctor_reads)} from the module's graph: "
                                    "a graph value, not a setting the layer can be made with once")
        self.config = [p for p in params if p in ctor_reads and p not in tensors]
        self.tensors = [p for p in params if p in body_reads or p in tensors]
        self.outside = [n for n in outside if n in body_reads]
        for site in helper.sites:  # arguments of parameters nothing reads any more are dropped: only if inert
            for p in [p for p in params if p not in self.config and p not in self.tensors]:
                if p in site.bound and calls_in(site.bound[p].value):
                    raise Refusal(site.call, f"the argument for {p}, which {helper.name}() no longer reads, calls "
                                             "a function")
        self.hoisted = hoisted

    def build(self) -> cst.ClassDef:
        function = self.helper.function
        params = {p.name.value: p for p in self.helper.params}

        def signature(names, extra=()):
            return ", ".join(["self", *(code(params[n].with_changes(comma=cst.MaybeSentinel.DEFAULT)) for n in names),
                              *extra])

        body = list(self.call_body)
        docstring = None
        if body and isinstance(body[0], cst.SimpleStatementLine) and isinstance(body[0].body[0], cst.Expr) \
                and isinstance(body[0].body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
            docstring, body = body[0], body[1:]
        lines = [f"class {self.cls}({self.tf}.Module):"]
        if docstring is not None:
            lines += _indent(code(docstring).strip("\n"), 1) + [""]
        lines += [f"    def __init__({signature(self.config)}):", "        super().__init__()"]
        for n, statement in self.attributes.items():
            lines.append(f"        self.{n} = {code(single_statement(statement).value)}")
        lines += ["", f"    def __call__({signature(self.tensors, self.outside)}):"]
        for statement in body:
            lines += _indent(code(statement).strip("\n"), 2)
        terms = ", ".join(f"self.{n}" for n in self.attributes)
        lines += ["", "    @property", "    def losses(self):",
                  '        """Its layers\' regularization terms (TF1\'s REGULARIZATION_LOSSES of these variables)."""',
                  f"        return [loss for layer in [{terms}] for loss in layer.losses]"]
        try:
            statement = cst.parse_statement("\n".join(lines) + "\n")
        except cst.ParserSyntaxError as error:
            raise Refusal(function, f"{self.helper.name}() could not be rewritten as a class: {error.message}")
        return statement.with_changes(leading_lines=function.leading_lines, decorators=function.decorators)
