"""Lazily built graph properties of a TF1 model class, written out into ``__init__``.

The "structuring your TensorFlow models" layout (Danijar Hafner, 2016) builds each op in a
property that caches it on first access, and touches every property in the constructor so the
graph exists before the session starts::

    @property
    def prediction(self):                     # or @lazy_property / @define_scope, a caching decorator
        if self._prediction is None:
            self._prediction = tf.layers.dense(self.data, 1)
        return self._prediction

In TF1 each op is built exactly once, at the first access. Written out into ``__init__`` in that
order (a property the body reads first, then the body; the cache attribute renamed to the
property's name) it is the graph-in-``__init__`` class that ``graph.classes`` converts, and the
callers' ``model.prediction`` reads the attribute. A property whose cache attribute is used
elsewhere, or whose body has another shape, stays a method (``graph.classes`` then refuses it).
A caching decorator's own ``tf.variable_scope(function.__name__)`` only named the variables.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from migrate.engine.context import RuleContext
from migrate.graph.blocks import Substitute, calls_in, local_names, reads


@dataclass(frozen=True)
class Lazy:
    """A property whose op is built once: ``body`` builds it, assigning ``self.<name>``."""

    name: str
    body: tuple[cst.BaseStatement, ...]


def caching_decorators(module: cst.Module) -> set[str]:
    """Module functions that turn a method into a property caching its result (``lazy_property``, ``define_scope``):
    a nested ``@property`` that calls ``setattr`` and ``hasattr``/``getattr`` on the instance."""
    found = set()
    for statement in module.body:
        if not isinstance(statement, cst.FunctionDef):
            continue
        nested = [n for n in _functions_in(statement) if any(_is_property(d) for d in n.decorators)]
        called = {c.func.value for n in nested for c in calls_in(n) if isinstance(c.func, cst.Name)}
        if nested and "setattr" in called and called & {"hasattr", "getattr"}:
            found.add(statement.name.value)
    return found


def lazy_properties(methods: dict[str, cst.FunctionDef], decorators: set[str], module: cst.Module,
                    ctx: RuleContext) -> dict[str, Lazy]:
    """The class's cached graph properties, by name."""
    found = {}
    for name, method in methods.items():
        lazy = _cached_if(method, module, ctx) or _decorated(method, decorators, ctx)
        if lazy is not None:
            found[name] = lazy
    return found


def write_out(init: cst.FunctionDef, lazy: dict[str, Lazy], ctx: RuleContext) -> tuple[cst.FunctionDef, set[str]]:
    """``__init__`` with each property touched (``self.prediction``) replaced by what builds it, properties it
    reads first; the ones it never touches at its end. Returns the new ``__init__`` and the properties written out."""
    if not lazy:
        return init, set()
    taken = set(local_names(init)) | reads(init)
    written: list[str] = []
    body: list[cst.BaseStatement] = []

    def build(name: str, chain: tuple[str, ...] = ()) -> None:
        if name in written or name in chain:
            return
        for first in [n for n in _self_reads(lazy[name].body) if n in lazy]:  # in the order it reads them
            build(first, (*chain, name))
        written.append(name)
        body.extend(_renamed(lazy[name], taken, ctx))

    caches = {f"_{name}" for name in lazy}
    for statement in init.body.body:
        touched = _touched(statement)
        if touched in lazy:
            build(touched)
        elif not (_self_targets(statement) and set(_self_targets(statement)) <= caches and _assigns_none(statement)):
            body.append(statement)  # the node itself: the resolver knows its names by identity
    for name in lazy:
        build(name)
    return init.with_changes(body=init.body.with_changes(body=body)), set(written)


# -- reading the properties ------------------------------------------------------------


def _cached_if(method: cst.FunctionDef, module: cst.Module, ctx: RuleContext) -> Lazy | None:
    """``@property`` + ``if self._p is None: ...`` + ``return self._p``."""
    if len(method.decorators) != 1 or not _is_property(method.decorators[0]) or not _only_self(method):
        return None
    statements = _statements(method)
    if len(statements) != 2 or not isinstance(statements[0], cst.If) or statements[0].orelse is not None:
        return None
    test, last = statements[0].test, statements[1]
    cache = f"_{method.name.value}"
    returns = (isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 and isinstance(last.body[0], cst.Return)
               and _is_self_attr(last.body[0].value, cache))
    is_none = (isinstance(test, cst.Comparison) and _is_self_attr(test.left, cache) and len(test.comparisons) == 1
               and isinstance(test.comparisons[0].operator, cst.Is) and _is_none(test.comparisons[0].comparator))
    body = tuple(statements[0].body.body) if isinstance(statements[0].body, cst.IndentedBlock) else ()
    if not (returns and is_none and body and cache in _self_targets_in(body)):
        return None
    if _attribute_count(module, cache) > 3 + _self_targets_in(body).count(cache):
        return None  # the cache is used elsewhere (here: the test, the return, its assignments; `= None` in __init__)
    rename = _Keeping(_Rename({cache: method.name.value}), ctx)
    return Lazy(method.name.value, tuple(s.visit(rename) for s in body))


def _decorated(method: cst.FunctionDef, decorators: set[str], ctx: RuleContext) -> Lazy | None:
    """``@lazy_property`` on a method whose statements end in its only ``return``."""
    if len(method.decorators) != 1 or not _only_self(method):
        return None
    decorator = method.decorators[0].decorator
    if not (isinstance(decorator, cst.Name) and decorator.value in decorators):
        return None
    statements = _statements(method)
    last = statements[-1] if statements else None
    if not (isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 and isinstance(last.body[0], cst.Return)
            and last.body[0].value is not None) or any(_has_return(s) for s in statements[:-1]):
        return None
    value = last.body[0].value
    target = cst.AssignTarget(cst.Attribute(cst.Name("self"), cst.Name(method.name.value)))
    assign = last.with_changes(body=[cst.Assign([target], value)])  # `value` keeps its identity: resolved
    return Lazy(method.name.value, (*statements[:-1], assign))


def _renamed(lazy: Lazy, taken: set[str], ctx: RuleContext) -> list[cst.BaseStatement]:
    """The body with its locals renamed where ``__init__`` (or an earlier body) uses the name."""
    rename = {}
    for local in sorted(_locals(lazy.body)):
        new, k = local, 1
        while new in taken:
            k += 1
            new = f"{local}_{k}"
        taken.add(new)
        if new != local:
            rename[local] = new
    if not rename:
        return list(lazy.body)
    return [s.visit(_Keeping(Substitute({}, rename), ctx)) for s in lazy.body]


class _Keeping(cst.CSTTransformer):
    """Apply ``inner`` and keep the engine's resolved symbols on the rebuilt nodes."""

    def __init__(self, inner: cst.CSTTransformer, ctx: RuleContext) -> None:
        self.inner, self.ctx = inner, ctx

    def on_leave(self, original, updated):
        new = self.inner.on_leave(original, updated)
        for table in (self.ctx.symbols, self.ctx.calls):
            if id(original) in table and new is not original:
                table[id(new)] = table[id(original)]
        return new


class _Rename(cst.CSTTransformer):
    """``self.<old>`` -> ``self.<new>``."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def leave_Attribute(self, original, updated):
        if isinstance(updated.value, cst.Name) and updated.value.value == "self" and updated.attr.value in self.names:
            return updated.with_changes(attr=cst.Name(self.names[updated.attr.value]))
        return updated


def _functions_in(node: cst.CSTNode) -> list[cst.FunctionDef]:
    found = []

    class _Defs(cst.CSTVisitor):
        def visit_FunctionDef(self, inner):
            if inner is not node:
                found.append(inner)

    node.visit(_Defs())
    return found


def _is_property(decorator: cst.Decorator) -> bool:
    return isinstance(decorator.decorator, cst.Name) and decorator.decorator.value == "property"


def _only_self(method: cst.FunctionDef) -> bool:
    params = method.params
    return (len(params.params) == 1 and params.params[0].name.value == "self" and not params.kwonly_params
            and not params.posonly_params and not isinstance(params.star_arg, cst.Param) and params.star_kwarg is None
            and isinstance(method.body, cst.IndentedBlock))


def _statements(method: cst.FunctionDef) -> list[cst.BaseStatement]:
    body = list(method.body.body)
    if body and isinstance(body[0], cst.SimpleStatementLine) and len(body[0].body) == 1 \
            and isinstance(body[0].body[0], cst.Expr) and isinstance(body[0].body[0].value, cst.SimpleString):
        body = body[1:]  # the docstring
    return body


def _is_self_attr(node, attr: str | None = None) -> bool:
    return (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"
            and (attr is None or node.attr.value == attr))


def _is_none(node) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _assigns_none(statement) -> bool:
    return (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Assign) and _is_none(statement.body[0].value))


def _touched(statement) -> str | None:
    """``self.prediction`` alone on a line: the property's name."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 \
            and isinstance(statement.body[0], cst.Expr) and _is_self_attr(statement.body[0].value):
        return statement.body[0].value.attr.value
    return None


def _self_targets(statement) -> list[str]:
    return _self_targets_in((statement,))


def _self_targets_in(statements) -> list[str]:
    found: list[str] = []

    class _Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, target):
            for node in (target.target.elements if isinstance(target.target, (cst.Tuple, cst.List)) else [target.target]):
                node = node.value if isinstance(node, cst.Element) else node
                if _is_self_attr(node):
                    found.append(node.attr.value)

    for statement in statements:
        statement.visit(_Targets())
    return found


def _self_reads(statements) -> list[str]:
    found: dict[str, None] = {}  # in the order of first appearance

    class _Reads(cst.CSTVisitor):
        def visit_Attribute(self, node):
            if _is_self_attr(node):
                found[node.attr.value] = None

    for statement in statements:
        statement.visit(_Reads())
    return list(found)


def _locals(statements) -> set[str]:
    probe = cst.FunctionDef(cst.Name("probe"), cst.Parameters(), cst.IndentedBlock(list(statements)))
    return local_names(probe) - {"self"}  # `self.x = ...` binds no local


def _has_return(node) -> bool:
    found = []

    class _Returns(cst.CSTVisitor):
        def visit_Return(self, ret):
            found.append(ret)

        def visit_FunctionDef(self, inner):
            return False

        def visit_Lambda(self, inner):
            return False

    node.visit(_Returns())
    return bool(found)


def _attribute_count(module: cst.Module, attr: str) -> int:
    count = 0

    class _Uses(cst.CSTVisitor):
        def visit_Attribute(self, node):
            nonlocal count
            count += node.attr.value == attr

    module.visit(_Uses())
    return count
