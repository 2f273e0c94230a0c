"""Read one TF1 block (module or function body) into classified statements.

A block is flattened first: ``with tf.Graph().as_default():``, name and
variable scopes, device scopes, ``with tf.control_dependencies(update_ops):``
and ``with tf.Session() as sess:`` keep their bodies and lose the ``with``.
Each top-level statement then gets a kind (``plan.Kind``, given by
``classify``), decided from what it calls (resolved TF symbols) and which
names it reads:

- ``placeholder``: becomes a tf.function argument;
- ``state``: creates variables, stays where it is (runs once, eagerly);
- ``optimizer`` / ``train`` / ``gradients`` / ``apply``: optimizer objects and their ops;
- ``compute``: builds tensors from graph names; moves into the functions that need it;
- ``init``, ``session``, ``drop``: removed; ``python``: plain code, kept;
- ``run``: anything else (loops, prints...); its ``sess.run`` calls are rewritten.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import libcst as cst

from migrate.data import graph_map as G
from migrate.engine.context import RuleContext
from migrate.graph.plan import Block, Refusal, Stmt  # noqa: F401  (re-exported: modules, rnns import them here)


_CODE = cst.Module([])


def code(node: cst.CSTNode) -> str:
    return _CODE.code_for_node(node)


def parenthesized(expr: cst.BaseExpression) -> cst.BaseExpression:
    """``expr`` safe as the left operand of ``+``."""
    if isinstance(expr, (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.SimpleString, cst.FormattedString)):
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


class _Reads(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)


def reads(node: cst.CSTNode) -> set[str]:
    """Names an expression or statement reads (approximate: bound names count too)."""
    visitor = _Reads()
    node.visit(visitor)
    return visitor.names


class _OrderedReads(_Reads):
    def __init__(self) -> None:
        super().__init__()
        self.order: dict[str, None] = {}

    def visit_Name(self, node: cst.Name) -> None:
        self.order[node.value] = None


def reads_in_order(node: cst.CSTNode) -> list[str]:
    """``reads(node)`` in the order of first appearance (where the choice reaches output or messages)."""
    visitor = _OrderedReads()
    node.visit(visitor)
    return list(visitor.order)


def local_names(function: cst.FunctionDef) -> set[str]:
    """Parameters and names assigned in a function (what shadows the block's names inside it)."""
    names = {p.name.value for p in (*function.params.params, *function.params.kwonly_params,
                                     *function.params.posonly_params)}
    for extra in (function.params.star_arg, function.params.star_kwarg):
        if isinstance(extra, cst.Param):
            names.add(extra.name.value)

    class _Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, node):
            names.update(reads(node.target))

        def visit_For(self, node):
            names.update(reads(node.target))

    function.body.visit(_Targets())
    return names


def session_param(function: cst.FunctionDef,
                  known: Mapping[str, tuple[int, str]] | None = None) -> tuple[int, str] | None:
    """(position, name) of a parameter used only to run things (``def evaluate(sess, X): return sess.run(...)``)
    or to hand on to ``known`` functions of that kind (``def run(sess): train_epoch(sess); return evaluate(sess)``)."""
    known = known or {}
    params = function.params.params
    for position, param in enumerate(params):
        name = param.name.value
        if param.default is not None:
            continue
        uses: list[bool] = []

        class _Uses(cst.CSTVisitor):
            def visit_Call(self, call: cst.Call) -> None:
                func = call.func
                if (isinstance(func, cst.Attribute) and func.attr.value == "run"
                        and isinstance(func.value, cst.Name) and func.value.value == name):
                    uses.append(True)
                if isinstance(func, cst.Name) and func.value in known:
                    index, keyword = known[func.value]
                    for i, arg in enumerate(call.args):
                        if (isinstance(arg.value, cst.Name) and arg.value.value == name and not arg.star
                                and (arg.keyword.value == keyword if arg.keyword else i == index)):
                            uses.append(True)

            def visit_Name(self, node: cst.Name) -> None:
                if node.value == name:
                    uses.append(False)

        function.body.visit(_Uses())
        # each p.run(...) counts a call and its owner Name: only runs when no other Name use is left over
        if uses and uses.count(True) == uses.count(False):
            return position, name
    return None


def bound_anywhere(statement: cst.CSTNode) -> set[str]:
    """Names a statement binds anywhere inside it: assignment and augmented targets, loop and ``as`` names."""
    bound: set[str] = set()

    class _Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, node):
            bound.update(reads(node.target))

        def visit_AugAssign(self, node):
            bound.update(reads(node.target))

        def visit_For(self, node):
            bound.update(reads(node.target))

        def visit_AsName(self, node):
            bound.update(reads(node.name))

    statement.visit(_Targets())
    return bound


def target_names(target: cst.BaseExpression) -> list[str] | None:
    """Names an assignment target binds; None when it is not plain names."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        names = []
        for element in target.elements:
            inner = target_names(element.value)
            if inner is None:
                return None
            names += inner
        return names
    return None


class Substitute(cst.CSTTransformer):
    """Replace reads of names by expressions (``values``) or by other names (``rename``); keyword names and
    attribute names (``f(stddev=...)``, ``x.shape``) are not reads."""

    def __init__(self, values: Mapping[str, cst.BaseExpression], rename: Mapping[str, str] | None = None) -> None:
        self.values, self.rename = values, rename or {}

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        if original.value in self.values:
            return self.values[original.value].deep_clone()
        if original.value in self.rename:
            return updated.with_changes(value=self.rename[original.value])
        return updated

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        return updated.with_changes(keyword=original.keyword)

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.Attribute:
        return updated.with_changes(attr=original.attr)


# Fields in the order libcst visits them, where that differs from the dataclass's field order (the
# decorators come first, an IfExp's body before its test...): calls_in keeps libcst's (source) order.
_VISIT_ORDER: dict[type, tuple[str, ...]] = {
    cst.FunctionDef: ("decorators", "name", "params", "returns", "body"),
    cst.ClassDef: ("decorators", "name", "bases", "keywords", "body"),
    cst.IfExp: ("body", "test", "orelse"),
    cst.ExceptHandler: ("type", "name", "body"),
    cst.ExceptStarHandler: ("type", "name", "body"),
}
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = _VISIT_ORDER.get(kind) or tuple(f.name for f in dataclasses.fields(kind))
    return names


def calls_in(node: cst.CSTNode) -> list[cst.Call]:
    """Every call in ``node``, outermost first, in source order (as a libcst visitor meets them).

    Walks the dataclass fields: a libcst visitor rebuilds every node it passes, which made this the
    graph passes' main cost (3265 calls over ../shared/tf1_programs)."""
    found: list[cst.Call] = []
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, cst.CSTNode):
            if isinstance(item, cst.Call):
                found.append(item)
            stack.extend(reversed([getattr(item, name) for name in _fields(type(item))]))
        elif isinstance(item, (tuple, list)):
            stack.extend(reversed(item))
    return found


def single_statement(node: cst.BaseStatement) -> cst.BaseSmallStatement | None:
    if isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1:
        return node.body[0]
    return None


def call_symbol(expr: cst.BaseExpression, ctx: RuleContext) -> str | None:
    return ctx.symbol(expr.func) if isinstance(expr, cst.Call) else None


def _with_kind(node: cst.With, ctx: RuleContext) -> tuple[str, str | None] | None:
    """("transparent"|"session"|"dependencies", session name) for a ``with`` the pass understands."""
    if len(node.items) != 1:
        return None
    item = node.items[0]
    expr, asname = item.item, item.asname
    name = asname.name.value if asname and isinstance(asname.name, cst.Name) else None
    symbol = call_symbol(expr, ctx)
    if symbol in G.SESSIONS:
        return "session", name
    if symbol in G.TRANSPARENT_WITH and asname is None:
        if symbol == "variable_scope" and any(a.keyword and a.keyword.value == "reuse" for a in expr.args):
            return None  # sharing by scope name: not a plain scope
        return "transparent", None
    if symbol == "control_dependencies" and asname is None:
        return "dependencies", None  # UPDATE_OPS: Keras layers update their own statistics (checked by the caller)
    if (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "as_default"
            and not expr.args and asname is None):
        return "transparent", None  # tf.Graph().as_default() / g.as_default()
    return None


def flatten(body, ctx: RuleContext, sessions: set[str], removed: list,
            dependencies: list | None = None) -> list[cst.BaseStatement]:
    """The block's statements with understood ``with`` blocks opened up; ``control_dependencies`` blocks
    are collected in ``dependencies`` (only batch-norm UPDATE_OPS may go)."""
    out: list[cst.BaseStatement] = []
    for node in body:
        kind = _with_kind(node, ctx) if isinstance(node, cst.With) else None
        if kind is None:
            out.append(node)
            continue
        what, name = kind
        if what == "session":
            if name:
                sessions.add(name)
            removed.append(node)
        if what == "dependencies" and dependencies is not None:
            dependencies.append(node)
        out += flatten(node.body.body, ctx, sessions, removed, dependencies)
    return out


@dataclasses.dataclass(frozen=True)
class LocalSessions:
    """The sessions a function opens over a graph built outside it (``def main(): with tf.Session() as sess:``)."""

    names: frozenset[str] = frozenset()
    made: frozenset[int] = frozenset()  # ids of ``sess = tf.Session()`` / ``sess.close()`` statements: removed
    withs: frozenset[int] = frozenset()  # ids of ``with tf.Session() as sess:`` statements: their bodies stay


def local_sessions(function: cst.FunctionDef | cst.If, ctx: RuleContext) -> LocalSessions:
    """The sessions ``function`` opens in its own body (not in functions or classes nested in it); for a
    module-level ``if`` (``if __name__ == "__main__": sess = tf.Session()``), in its branches."""
    names: set[str] = set()
    made: set[int] = set()
    withs: set[int] = set()

    def walk(statements) -> None:
        for statement in statements:
            if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                continue
            if isinstance(statement, cst.With):
                kind = _with_kind(statement, ctx)
                if kind is not None and kind[0] == "session" and kind[1] is not None:
                    names.add(kind[1])
                    withs.add(id(statement))
            small = single_statement(statement)
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name) \
                    and call_symbol(small.value, ctx) in G.SESSIONS:
                names.add(small.targets[0].target.value)
                made.add(id(statement))
            if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and not small.value.args \
                    and isinstance(small.value.func, cst.Attribute) and small.value.func.attr.value == "close" \
                    and isinstance(small.value.func.value, cst.Name) and small.value.func.value.value in names:
                made.add(id(statement))
            body = getattr(statement, "body", None)
            if isinstance(body, cst.BaseSuite) and isinstance(body, cst.IndentedBlock):
                walk(body.body)
            for part in ("orelse", "finalbody"):
                extra = getattr(statement, part, None)
                if extra is not None and isinstance(getattr(extra, "body", None), cst.IndentedBlock):
                    walk(extra.body.body)
            for handler in getattr(statement, "handlers", ()):
                walk(handler.body.body)

    if isinstance(function, cst.If):
        walk([function])
    elif isinstance(function.body, cst.IndentedBlock):
        walk(function.body.body)
    return LocalSessions(frozenset(names), frozenset(made), frozenset(withs))


class Keep(cst.CSTTransformer):
    """A transformer that keeps unchanged subtrees as the same objects.

    The rule context knows the TF symbols of the original nodes by identity: the
    statements this pass rewrites must keep them for the classification that follows.
    """

    def on_leave(self, original, updated):
        updated = super().on_leave(original, updated)
        if isinstance(updated, cst.CSTNode) and type(updated) is type(original):
            before, after = original.children, updated.children
            if before and len(before) == len(after) and all(a is b for a, b in zip(before, after)):
                return original
            if not before and updated.deep_equals(original):
                return original  # a leaf (a Name, a number): kept unless its value changed
        return updated
