"""Module functions whose work the graph pass must see where they are called: written out, or nested.

The graph pass converts one block at a time (the module's body or a function's), statement by
statement. Two helper layouts of the "TensorFlow Mechanics 101" tutorial (``fully_connected_feed.py``
and the many projects copied from it) hide what a block does behind a call:

- ``train_op = training(loss, FLAGS.learning_rate)``, where ``training`` makes a v1 optimizer and
  returns its ``minimize`` op. A train op becomes a ``GradientTape`` step in the function that runs
  it, so the helper's statements are written out at its only call (``inline_train_helpers``); TF1
  made the same optimizer and op there.
- ``do_eval(sess, eval_correct, images_placeholder, labels_placeholder, data_set)`` called from
  ``run_training()``, whose graph is local to it: a module-level function can only be handed the
  graph. When every call passes the same names, bound once in that one function, the helper is
  nested into it right before the statement that first calls it, with those names written in
  (``nest_graph_helpers``); the pass then sees what it runs, as it does for helpers next to a
  module-level graph. The nested function reads the very objects the parameters held.

Both run inside the graph pass: when the block is not converted, the file keeps its helpers.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from migrate.data import graph_map as G
from migrate.graph import keras_calls
from migrate.graph.blocks import Keep, Substitute, bound_anywhere, calls_in, local_names, reads, session_param, target_names
from migrate.graph.plan import Note

_SIMPLE = (cst.Name, cst.Attribute, cst.Integer, cst.Float, cst.SimpleString)  # written in as they are
_TRAIN_METHODS = ("minimize", "apply_gradients")


class _Substitute(Keep, Substitute):
    """``Substitute`` keeping what it does not change (the rule context knows TF symbols by node identity)."""


# -- shared reading ----------------------------------------------------------------------


def _plain_params(function: cst.FunctionDef) -> bool:
    params = function.params
    return not (function.decorators or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or params.star_kwarg
                or params.kwonly_params or params.posonly_params or not isinstance(function.body, cst.IndentedBlock))


def _without_docstring(statements) -> list:
    return [s for s in statements if not (isinstance(s, cst.SimpleStatementLine) and isinstance(s.body[0], cst.Expr)
                                          and isinstance(s.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))]


def _name_counts(node: cst.CSTNode) -> dict[str, int]:
    counts: dict[str, int] = {}

    class _Count(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            counts[name.value] = counts.get(name.value, 0) + 1

        def visit_Attribute(self, attribute: cst.Attribute) -> bool:
            attribute.value.visit(self)  # ``x.name`` does not read ``name``
            return False

        def visit_Arg(self, arg: cst.Arg) -> bool:
            arg.value.visit(self)  # nor does ``f(name=...)``
            return False

    node.visit(_Count())
    return counts


def _arguments(call: cst.Call, function: cst.FunctionDef) -> dict[str, cst.BaseExpression] | None:
    """Parameter -> the expression the call gives it (defaults included); None when it can't be told."""
    params = function.params.params
    given: dict[str, cst.BaseExpression] = {}
    for i, arg in enumerate(call.args):
        if arg.star or (arg.keyword is None and i >= len(params)):
            return None
        given[arg.keyword.value if arg.keyword else params[i].name.value] = arg.value
    for param in params:
        if param.name.value not in given:
            if param.default is None:
                return None
            given[param.name.value] = param.default
    return given if set(given) == {p.name.value for p in params} else None


def _assigned_in(function: cst.FunctionDef) -> set[str]:
    """Names the function binds other than its parameters."""
    return local_names(function) - {p.name.value for p in function.params.params}


# -- written out: train helpers ----------------------------------------------------------------


def _scope_bodies(statements, ctx) -> list | None:
    """``with tf.name_scope(...)`` blocks replaced by their bodies (TF2 code names no ops); None: other blocks."""
    out = []
    for statement in statements:
        if isinstance(statement, cst.With):
            if len(statement.items) != 1 or statement.items[0].asname is not None or ctx.symbol(
                    getattr(statement.items[0].item, "func", None)) != "name_scope":
                return None
            inner = _scope_bodies(statement.body.body, ctx)
            if inner is None:
                return None
            out += inner
        elif isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            out.append(statement)
        else:
            return None
    return out


@dataclass(frozen=True)
class _TrainHelper:
    function: cst.FunctionDef
    statements: tuple  # its statements before the return, scopes opened
    returned: cst.BaseExpression | None


def _train_helper(function: cst.FunctionDef, ctx) -> _TrainHelper | None:
    """A helper of straight-line statements that makes a v1 optimizer and a train op, ending in one return."""
    if not _plain_params(function) or any(p.default is not None and not isinstance(p.default, _SIMPLE)
                                          for p in function.params.params):
        return None
    statements = _scope_bodies(_without_docstring(function.body.body), ctx)
    if not statements:
        return None
    last = statements[-1].body[0]
    returned = last.value if isinstance(last, cst.Return) else None
    body = statements[:-1] if isinstance(last, cst.Return) else statements
    if any(not isinstance(s.body[0], (cst.Assign, cst.Expr)) for s in body):
        return None  # returns in the middle, globals, deletions...
    if any(isinstance(s.body[0], cst.Assign) and any(target_names(t.target) is None for t in s.body[0].targets)
           for s in body):
        return None  # attribute or subscript targets: state outside the helper
    calls = calls_in(function)
    if not any(ctx.symbol(c.func) in keras_calls.OPTIMIZERS for c in calls) or not any(
            isinstance(c.func, cst.Attribute) and c.func.attr.value in _TRAIN_METHODS for c in calls):
        return None
    return _TrainHelper(function, tuple(body), returned)


def inline_train_helpers(body: list, ctx, fresh, notes: list) -> list:
    """``train_op = training(loss, lr)`` -> the helper's statements there, for helpers called once."""
    helpers = {s.name.value: h for s in body if isinstance(s, cst.FunctionDef)
               and len(ctx.global_bindings(s.name.value)) == 1 and (h := _train_helper(s, ctx)) is not None}
    if not helpers:
        return body
    module = cst.Module(body=body)
    counts = _name_counts(module)
    helpers = {n: h for n, h in helpers.items() if counts.get(n) == 2}  # the def and one call
    if not helpers:
        return body
    outside = _name_counts(cst.Module(body=[s for s in body if not (
        isinstance(s, cst.FunctionDef) and s.name.value in helpers)]))
    expand = _Inline(helpers, ctx, fresh, set(outside))
    new = module.visit(expand)
    if not expand.done:
        return body
    for name in sorted(expand.done, key=list(helpers).index):
        notes.append(Note(helpers[name].function, f"{name}() built the optimizer and its train op: written out at its "
                                                  "only call, where the step is made"))
    return [s for s in new.body if not (isinstance(s, cst.FunctionDef) and s.name.value in expand.done)]


class _Inline(Keep):
    def __init__(self, helpers: dict[str, _TrainHelper], ctx, fresh, taken: set[str]) -> None:
        self.helpers, self.ctx, self.fresh, self.taken = helpers, ctx, fresh, taken
        self.done: set[str] = set()
        self.functions: list[cst.FunctionDef] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node)

    def leave_FunctionDef(self, original, updated):
        self.functions.pop()
        return updated

    def leave_SimpleStatementLine(self, original, updated):
        small = original.body[0] if len(original.body) == 1 else None
        value = small.value if isinstance(small, (cst.Assign, cst.Expr)) else None
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in self.helpers):
            return updated
        if isinstance(small, cst.Assign) and (len(small.targets) != 1 or target_names(small.targets[0].target) is None):
            return updated
        helper = self.helpers[value.func.value]
        lines = self._written_out(helper, value, small)
        if lines is None:
            return updated
        self.done.add(value.func.value)
        lines[0] = lines[0].with_changes(leading_lines=original.leading_lines)
        return cst.FlattenSentinel(lines)

    def _written_out(self, helper: _TrainHelper, call: cst.Call, small) -> list | None:
        function = helper.function
        given = _arguments(call, function)
        if given is None:
            return None
        free = reads(function.body) - local_names(function)
        if self.functions and free & local_names(self.functions[-1]):
            return None  # the caller shadows a global the helper reads
        assigned = _assigned_in(function)
        target = small.targets[0].target if isinstance(small, cst.Assign) else None
        into = None  # ``train_op = optimizer.minimize(...); return train_op`` binds the call's own target
        if isinstance(target, cst.Name) and isinstance(helper.returned, cst.Name) and helper.returned.value in assigned \
                and (target.value == helper.returned.value or target.value not in reads(function)):
            into = helper.returned.value
        rename = {n: target.value if n == into else self.fresh(n) if n in self.taken else n for n in sorted(assigned)}
        values, lines = {}, []
        for param, expr in given.items():
            if isinstance(expr, _SIMPLE) and param not in assigned and not (reads(expr) & assigned):
                values[param] = expr
            else:
                rename[param] = self.fresh(param) if param in self.taken else param
                lines.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(rename[param]))], expr)]))
        substitute = _Substitute(values, {k: v for k, v in rename.items() if k != v})
        lines += [s.visit(substitute).with_changes(leading_lines=()) for s in helper.statements]
        if into is not None:
            pass
        elif helper.returned is not None:
            returned = helper.returned.visit(substitute)
            if isinstance(small, cst.Assign):
                lines.append(cst.SimpleStatementLine([small.with_changes(value=returned)]))
            elif not isinstance(returned, cst.Name):
                lines.append(cst.SimpleStatementLine([cst.Expr(returned)]))
        elif isinstance(small, cst.Assign):
            return None  # ``x = helper()`` of a helper returning nothing: x is None
        return lines


# -- nested: helpers handed a function's graph -----------------------------------------------------


def _binding_counts(function: cst.FunctionDef) -> dict[str, int]:
    """How often each name is bound in the function (parameters once; nested functions excluded)."""
    counts = {p.name.value: 1 for p in function.params.params}

    class _Bindings(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            counts[node.name.value] = counts.get(node.name.value, 0) + 1
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def _bind(self, target) -> None:
            for name in target_names(target) or ():
                counts[name] = counts.get(name, 0) + 1

        def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
            self._bind(node.target)

        def visit_AugAssign(self, node: cst.AugAssign) -> None:
            self._bind(node.target)

        def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
            self._bind(node.target)

        def visit_For(self, node: cst.For) -> None:
            for name in target_names(node.target) or ():
                counts[name] = counts.get(name, 0) + 2  # a loop binds again at every turn: never "once"

        def visit_AsName(self, node: cst.AsName) -> None:
            self._bind(node.name)

        def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
            self._bind(node.target)

    function.body.visit(_Bindings())
    return counts


def _graph_helper(function: cst.FunctionDef) -> bool:
    """Does the helper run things with a session parameter or key a feed dict by a parameter?"""
    if session_param(function) is not None:
        return True
    params = {p.name.value for p in function.params.params}

    class _Keys(cst.CSTVisitor):
        found = False

        def visit_DictElement(self, node: cst.DictElement) -> None:
            if isinstance(node.key, cst.Name) and node.key.value in params:
                self.found = True

    keys = _Keys()
    function.body.visit(keys)
    return keys.found


@dataclass(frozen=True)
class _Nesting:
    host: str  # the module function it goes into
    written: dict  # parameter -> the host's name written in its place


def nest_graph_helpers(body: list, ctx, notes: list) -> list:
    """Helpers given a function's local graph at every call: nested into that function (see the module doc)."""
    for _ in range(len(body)):  # a nested helper may call another (do_eval calls fill_feed_dict): to a fixpoint
        nested = _nest_one(body, ctx, notes)
        if nested is None:
            return body
        body = nested
    return body


def _nest_one(body: list, ctx, notes: list) -> list | None:
    functions = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef)}
    counts = _name_counts(cst.Module(body=body))
    read_by: dict[str, dict[str, int]] = {}  # function -> the names its body reads, counted once per pass
    for name, helper in functions.items():
        if not _plain_params(helper) or len(ctx.global_bindings(name)) != 1 or not _graph_helper(helper):
            continue
        if not read_by:
            read_by = {n: _name_counts(f.body) for n, f in functions.items()}
        plan = _nesting(helper, functions, counts, read_by, ctx)
        if plan is None:
            continue
        host = functions[plan.host]
        placed = _placed(host, helper, plan)
        if placed is None:
            continue
        notes.append(Note(helper, f"{name}() was given {', '.join(sorted(set(plan.written.values())))} of "
                                  f"{plan.host}(), whose graph is local to it, at every call: nested into "
                                  f"{plan.host}() with them written in, so its runs are converted with the graph"))
        return [placed if s is host else s for s in body if s is not helper]
    return None


def _nesting(helper: cst.FunctionDef, functions: dict, counts: dict[str, int], read_by: dict, ctx) -> _Nesting | None:
    name = helper.name.value
    hosts = [f for n, f in functions.items() if f is not helper and name in read_by[n]]
    if len(hosts) != 1:
        return None
    host = hosts[0]
    calls = [c for c in calls_in(host) if isinstance(c.func, cst.Name) and c.func.value == name]
    if not calls or counts.get(name) != len(calls) + 1:
        return None  # the helper is also read as a value, or called from elsewhere
    bound = _binding_counts(host)
    given = [_arguments(c, helper) for c in calls]
    if any(g is None for g in given):
        return None
    assigned = _assigned_in(helper)
    session = session_param(helper)
    written = {}
    for param in helper.params.params:
        p = param.name.value
        values = {g[p].value if isinstance(g[p], cst.Name) else None for g in given}
        if session is not None and p == session[1] or len(values) != 1 or None in values or param.default is not None:
            continue
        value = values.pop()
        if bound.get(value) == 1 and p not in assigned and value not in local_names(helper) - {p}:
            written[p] = value
    if not written:
        return None
    free = reads(helper.body) - local_names(helper)
    if free & set(bound) - set(written.values()):
        return None  # the host binds a name the helper reads as a global
    return _Nesting(host.name.value, written)


def _placed(host: cst.FunctionDef, helper: cst.FunctionDef, plan: _Nesting) -> cst.FunctionDef | None:
    """The host with the helper nested before the statement that first calls it, after the names it is given."""
    params = [p for p in helper.params.params if p.name.value not in plan.written]
    if params:
        params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    inner = helper.visit(_Substitute({}, {k: v for k, v in plan.written.items() if k != v}))
    inner = inner.with_changes(params=inner.params.with_changes(params=params), leading_lines=[cst.EmptyLine(indent=False)])
    new_body = _insert(list(host.body.body), helper.name.value, set(plan.written.values()), inner)
    if new_body is None:
        return None
    host = host.with_changes(body=host.body.with_changes(body=new_body))
    return host.visit(_DropArgs(helper, plan.written))


def _insert(statements: list, name: str, given: set[str], inner: cst.FunctionDef) -> list | None:
    """``statements`` with ``inner`` before the first one calling ``name``, once the ``given`` names are bound."""
    calling = [i for i, s in enumerate(statements) if name in _name_counts(s)]
    if not calling:
        return None
    first = calling[0]
    statement = statements[first]
    if given & bound_anywhere(statement):  # bound and called in one statement: inside its block, if a ``with``
        if not isinstance(statement, cst.With) or len(calling) > 1:
            return None
        inner_body = _insert(list(statement.body.body), name, given, inner)
        if inner_body is None:
            return None
        return [*statements[:first], statement.with_changes(body=statement.body.with_changes(body=inner_body)),
                *statements[first + 1:]]
    if any(given & bound_anywhere(s) for s in statements[first + 1:]):
        return None  # a given name bound again after the helper is first called
    return [*statements[:first], inner, *statements[first:]]


class _DropArgs(Keep):
    """The written-in arguments leave the helper's calls (the parameters left keep their order)."""

    def __init__(self, function: cst.FunctionDef, written: dict) -> None:
        self.name, self.written = function.name.value, written
        self.params = [p.name.value for p in function.params.params]

    def leave_Call(self, original, updated):
        if not (isinstance(original.func, cst.Name) and original.func.value == self.name):
            return updated
        args = [a for i, a in enumerate(updated.args)
                if (a.keyword.value if a.keyword else self.params[i]) not in self.written]
        if args:
            args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(args=args)


# -- sunk: module-level placeholders of a graph one function builds ----------------------------------------------


def sink_placeholders(body: list, ctx, notes: list) -> list:
    """``x = tf.placeholder(...)`` at module level, read only by the one function that builds and runs the graph.

    sentdex's tutorial: placeholders at module level, ``def train_neural_network(x):`` building the model, the
    loss and a session, called once as ``train_neural_network(x)``. A placeholder is an argument of the
    function that runs it, and the graph pass converts that function's body as a block: the placeholders
    go to the start of that body, and a parameter given the placeholder itself at every call is the
    placeholder (written in, as ``nest_graph_helpers`` does).
    """
    placeholders = {}
    for statement in body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name) \
                and isinstance(small.value, cst.Call) and ctx.symbol(small.value.func) in G.PLACEHOLDERS \
                and len(ctx.global_bindings(small.targets[0].target.value)) == 1:
            placeholders[small.targets[0].target.value] = statement
    if not placeholders:
        return body
    functions = {s.name.value: s for s in body if isinstance(s, cst.FunctionDef) and _plain_params(s)}
    read_by = {id(f): _name_counts(f.body) for f in functions.values()}
    readers = {n: [f for f in functions.values() if n in read_by[id(f)]] for n in placeholders}
    hosts = {id(f[0]): f[0] for f in readers.values() if len(f) == 1}
    for host in hosts.values():
        sunk = _sunk(host, [n for n, f in readers.items() if f == [host]], placeholders, body, ctx)
        if sunk is None:
            continue
        names, new_host, new_body = sunk
        notes.append(Note(placeholders[names[0]], f"placeholder(s) {', '.join(names)} read only by {host.name.value}(), "
                                                  "which builds and runs the graph: made at its start"))
        moved = {id(placeholders[n]) for n in names}
        body = [new_host if s is host else s for s in new_body if id(s) not in moved]
    return body


def _sunk(host: cst.FunctionDef, names: list[str], placeholders: dict, body: list, ctx):
    """(names sunk, the host with them at its start, the body with the host's calls rewritten) or None."""
    if not names or not any(ctx.symbol(c.func) in G.SESSIONS for c in calls_in(host)):
        return None
    name = host.name.value
    module = cst.Module(body=body)
    calls = [c for c in calls_in(module) if isinstance(c.func, cst.Name) and c.func.value == name]
    inside = {id(c) for c in calls_in(host)}
    if not calls or _name_counts(module).get(name) != len(calls) + 1 or any(id(c) in inside for c in calls):
        return None
    given = [_arguments(c, host) for c in calls]
    if any(g is None for g in given):
        return None
    written = {}
    for param in host.params.params:
        p = param.name.value
        values = {g[p].value if isinstance(g[p], cst.Name) else None for g in given}
        if len(values) == 1 and (value := next(iter(values))) in names and p not in _assigned_in(host) \
                and param.default is None:
            written[p] = value
    counts = _name_counts(cst.Module(body=[s for s in body if s is not host]))
    uses = {n: sum(1 for p, v in written.items() if v == n) * len(calls) for n in names}
    if any(counts.get(n, 0) != 1 + uses[n] for n in names):
        return None  # read elsewhere at module level than as the host's argument
    if set(names) & (local_names(host) - set(written)) or any(
            reads(placeholders[n].body[0].value) & local_names(host) for n in names):
        return None  # the host binds the name, or a name the placeholder's shape reads
    inner = host.visit(_Substitute({}, {k: v for k, v in written.items() if k != v}))
    params = [p for p in inner.params.params if p.name.value not in written]
    if params:
        params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    statements = list(inner.body.body)
    start = len(statements) - len(_without_docstring(statements))
    made = [placeholders[n].with_changes(leading_lines=()) for n in names]
    inner = inner.with_changes(params=inner.params.with_changes(params=params), body=inner.body.with_changes(
        body=[*statements[:start], *made, *statements[start:]]))
    return names, inner, [s.visit(_DropArgs(host, written)) if s is not host else s
                          for s in body]
