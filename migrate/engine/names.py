"""Resolve every whole reference (``tf.nn.relu``, ``ph``) to its qualified name, in one walk.

This answers the same question as libcst's ``ScopeProvider`` +
``get_qualified_names_for`` (and ``tests/engine/test_names.py`` checks that it
gives the same answers), but only for what the codemod needs: which names an
import binds, and where a local binding shadows them. libcst's provider builds
accesses and assignments for every node of the file and was most of the
engine's run time; this walk records bindings per scope, collects the
references, and resolves them once the walk is done (a name is local to a
function if it is bound *anywhere* in it, even after the use).

Python's rules, as implemented: module, function (def/lambda), class and
comprehension scopes; parameters, assignment/for/with/except/walrus/del
targets, imports, def/class names and match captures bind; ``global`` and
``nonlocal`` redirect; a class body is not visible from the functions inside
it. When in doubt a name counts as not-TensorFlow, so the codemod leaves it.

One thing goes beyond libcst's answers: a module alias bound by assignment
(``slim = tf.contrib.slim``, ``flags = tf.app.flags``, ``tfe = tf.contrib.eager``)
resolves like an import, so ``slim.conv2d`` is ``tensorflow.contrib.slim.conv2d``.
Only when the statement sits directly in a module or function body, its value
is a dotted reference resolving to TensorFlow through lowercase names (a
module or function, not ``FLAGS`` or a class), and it is the name's only
binding in that scope: a rebinding, ``del``, loop target, augmented
assignment or a ``global``/``nonlocal`` declaration of the name anywhere
leaves it a plain value. A no-op rebinding of an import (``tf = tf``) keeps
the import's meaning.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Iterable

import libcst as cst

OTHER = None  # a binding that is not an import: a value the codemod knows nothing about
# Every statement type (simple lines and compound statements): what ``Reference.statement`` counts.
STATEMENTS = frozenset(c for c in vars(cst).values() if isinstance(c, type) and issubclass(c, cst.BaseStatement))


@dataclass(eq=False)
class Scope:
    kind: str  # "module" | "function" | "class" | "comprehension"
    parent: Scope | None
    bindings: dict[str, list[tuple[str | None, cst.CSTNode]]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # name -> "global" | "nonlocal"

    def bind(self, name: str, qualified: str | None, node: cst.CSTNode) -> None:
        self.bindings.setdefault(name, []).append((qualified, node))


@dataclass
class Reference:
    node: cst.CSTNode  # the whole Name / Attribute
    scope: Scope
    base: str  # the leading name
    rest: str  # ".a.b" after it
    statement: int | None = None  # id() of the innermost statement holding it (``NameResolver.enclosing``)


class NameResolver(cst.CSTVisitor):
    """Walk a module once; afterwards ``qualified_names(node)`` answers for whole references."""

    def __init__(self) -> None:
        super().__init__()
        self.module_scope = Scope("module", None)
        self.scope = self.module_scope
        self.scopes: list[Scope] = [self.module_scope]  # every scope of the walk
        self.references: dict[int, Reference] = {}
        self.skip: set[int] = set()  # Names that are not reads: attribute parts, keywords, binding targets
        self.calls: dict[int, cst.Call] = {}
        self.assigned: dict[int, cst.BaseExpression] = {}
        # ``NAME = a.b.c`` at the top of a module/function body: id(target Name) -> (target, value, scope)
        self.aliases: dict[int, tuple[cst.Name, cst.BaseExpression, Scope]] = {}
        self._top_level: set[int] = set()  # Assign statements directly in a module or function body
        self._declared: set[str] = set()  # names some scope declares global or nonlocal
        self._resolving: set[int] = set()  # alias targets being resolved (a cycle resolves to nothing)
        self.enclosing: dict[int, int | None] = {}  # id() of a statement -> id() of the one holding it
        self.imports: list[cst.Import | cst.ImportFrom] = []  # every import statement, in source order
        self._statement: int | None = None

    def on_visit(self, node: cst.CSTNode) -> bool:
        if type(node) in STATEMENTS:
            self.enclosing[id(node)] = self._statement
            self._statement = id(node)
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        if type(original_node) in STATEMENTS:
            self._statement = self.enclosing[id(original_node)]

    def statements_holding(self, keys) -> set[int] | None:
        """id() of every statement holding one of the references ``keys`` (ids), at any depth; None when
        a key is not a reference of this walk."""
        found: set[int] = set()
        for key in keys:
            if key not in self.references:
                return None
            statement = self.references[key].statement
            while statement is not None and statement not in found:
                found.add(statement)
                statement = self.enclosing[statement]
        return found

    # -- scopes -------------------------------------------------------------------

    def _push(self, kind: str) -> Scope:
        self.scope = Scope(kind, self.scope)
        self.scopes.append(self.scope)
        return self.scope

    def _pop(self) -> None:
        self.scope = self.scope.parent

    def _bind_targets(self, target: cst.CSTNode, owner: cst.CSTNode, scope: Scope | None = None) -> None:
        scope = scope or self.scope
        if isinstance(target, cst.Name):
            scope.bind(target.value, OTHER, target)
            self.skip.add(id(target))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind_targets(element.value, owner, scope)
        elif isinstance(target, cst.StarredElement):
            self._bind_targets(target.value, owner, scope)

    def _mark_top_level(self, body) -> None:
        for line in body:
            if isinstance(line, cst.SimpleStatementLine):
                self._top_level.update(id(s) for s in line.body if isinstance(s, cst.Assign))

    def visit_Module(self, node: cst.Module) -> None:
        self._mark_top_level(node.body)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        if isinstance(node.body, cst.IndentedBlock):
            self._mark_top_level(node.body.body)
        self.scope.bind(node.name.value, OTHER, node)
        self.skip.add(id(node.name))
        for decorator in node.decorators:
            decorator.visit(self)
        self._outer_parts(node.params)
        if node.returns:
            node.returns.visit(self)
        self._push("function")
        self._bind_params(node.params)
        node.body.visit(self)
        self._pop()
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        self._outer_parts(node.params)
        self._push("function")
        self._bind_params(node.params)
        node.body.visit(self)
        self._pop()
        return False

    def _outer_parts(self, params: cst.Parameters) -> None:
        """Defaults and annotations are evaluated where the function is defined."""
        for param in all_params(params):
            for part in (param.annotation, param.default):
                if part is not None:
                    part.visit(self)

    def _bind_params(self, params: cst.Parameters) -> None:
        for param in all_params(params):
            self.scope.bind(param.name.value, OTHER, param)

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.scope.bind(node.name.value, OTHER, node)
        for part in (*node.decorators, *node.bases, *node.keywords):
            part.visit(self)
        self._push("class")
        node.body.visit(self)
        self._pop()
        return False

    def _comprehension(self, node) -> bool:
        # Visited in source order (element first), each part in the scope Python evaluates it in:
        # the first iterable outside, everything else inside.
        outer = self._push("comprehension")
        outer = outer.parent
        clause = node.for_in
        while clause is not None:
            self._bind_targets(clause.target, clause)
            clause = clause.inner_for_in
        for part in (getattr(node, "elt", None), getattr(node, "key", None), getattr(node, "value", None)):
            if part is not None:
                part.visit(self)
        clause = node.for_in
        while clause is not None:
            if clause is node.for_in:
                inner, self.scope = self.scope, outer
                clause.iter.visit(self)
                self.scope = inner
            else:
                clause.iter.visit(self)
            for condition in clause.ifs:
                condition.visit(self)
            clause = clause.inner_for_in
        self._pop()
        return False

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension

    # -- bindings -------------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> bool:
        self.imports.append(node)
        for alias in node.names:
            full = dotted_name(alias.name)
            if alias.asname:
                self.scope.bind(alias.asname.name.value, full, node)
            else:
                head = full.split(".")[0]
                self.scope.bind(head, head, node)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        self.imports.append(node)
        module = dotted_name(node.module) if node.module is not None and not node.relative else None
        if isinstance(node.names, cst.ImportStar):
            return False  # like libcst's provider: a star import binds nothing it can name
        for alias in node.names:
            name = dotted_name(alias.name)
            bound = alias.asname.name.value if alias.asname else name
            self.scope.bind(bound, f"{module}.{name}" if module else OTHER, node)
        return False

    def _redirect(self, node: cst.Global | cst.Nonlocal) -> bool:
        for item in node.names:
            self.scope.redirects[item.name.value] = "global" if isinstance(node, cst.Global) else "nonlocal"
            self._declared.add(item.name.value)
        return False

    visit_Global = visit_Nonlocal = _redirect

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind_targets(target.target, node)
            self.assigned[id(target.target)] = node.value
        target = node.targets[0].target
        if (id(node) in self._top_level and len(node.targets) == 1 and isinstance(target, cst.Name)
                and isinstance(node.value, (cst.Name, cst.Attribute)) and dotted_name(node.value)):
            self.aliases[id(target)] = (target, node.value, self.scope)

    def _bind_target(self, node: cst.AnnAssign | cst.AugAssign | cst.For | cst.Del) -> None:
        self._bind_targets(node.target, node)

    visit_AnnAssign = visit_AugAssign = visit_For = visit_Del = _bind_target

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind_targets(node.asname.name, node)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._bind_targets(node.name.name, node)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        scope = self.scope
        while scope.kind == "comprehension":  # a walrus in a comprehension binds outside it
            scope = scope.parent
        self._bind_targets(node.target, node, scope)

    def _bind_capture(self, node: cst.MatchAs | cst.MatchStar) -> None:
        if node.name is not None:
            self._bind_targets(node.name, node)

    visit_MatchAs = visit_MatchStar = _bind_capture

    def visit_MatchKeywordElement(self, node: cst.MatchKeywordElement) -> None:
        self.skip.add(id(node.key))

    def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
        if node.rest is not None:
            self._bind_targets(node.rest, node)

    # -- references -------------------------------------------------------------------

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.skip.add(id(node.value))
        self.skip.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.skip.add(id(node.keyword))

    def visit_Call(self, node: cst.Call) -> None:
        self.calls[id(node.func)] = node

    def leave_Name(self, node: cst.Name) -> None:
        if id(node) not in self.skip:
            self.references[id(node)] = Reference(node, self.scope, node.value, "", self._statement)

    def leave_Attribute(self, node: cst.Attribute) -> None:
        if id(node) in self.skip:
            return
        parts = []
        base = node
        while isinstance(base, cst.Attribute):
            parts.append(base.attr.value)
            base = base.value
        if isinstance(base, cst.Name):
            rest = "".join(f".{p}" for p in reversed(parts))
            self.references[id(node)] = Reference(node, self.scope, base.value, rest, self._statement)

    # -- answers ------------------------------------------------------------------------

    def lookup(self, name: str, scope: Scope) -> list[tuple[str | None, cst.CSTNode]]:
        """The bindings a read of ``name`` in ``scope`` may see (empty: builtin or undefined)."""
        start = scope
        while scope is not None:
            redirect = scope.redirects.get(name)
            if redirect == "global":
                return self.module_scope.bindings.get(name, [])
            visible = scope is start or scope.kind != "class"  # class bodies don't enclose
            if redirect is None and visible and name in scope.bindings:
                return scope.bindings[name]
            scope = scope.parent
        return []

    def qualified_names(self, node: cst.CSTNode) -> set[str] | None:
        """Qualified names of a whole reference; None when any binding is not an import."""
        reference = self.references.get(id(node))
        if reference is None:
            return None
        names = self.binding_names(reference.base, self.lookup(reference.base, reference.scope))
        return {name + reference.rest for name in names} if names else None

    def binding_names(self, name: str, bindings) -> set[str] | None:
        """What a read of ``name`` seeing ``bindings`` is: imports, aliases; None if any is a plain value."""
        names = set()
        for qualified, node in bindings:
            if qualified is OTHER:
                qualified = self._alias_names(name, node, bindings)
                if qualified is None:
                    return None
                names |= qualified
            else:
                names.add(qualified)
        return names

    def _alias_names(self, name: str, node: cst.CSTNode, bindings) -> set[str] | None:
        alias = self.aliases.get(id(node))
        if alias is None or name in self._declared or id(node) in self._resolving:
            return None
        value = self.references.get(id(alias[1]))
        if value is None:
            return None
        self._resolving.add(id(node))
        try:
            others = [b for b in bindings if b[1] is not node]
            if value.base == name:  # ``tf = tf``: a no-op rebinding of what the other bindings are
                names = self.binding_names(name, others) if others and not value.rest else None
            elif others:  # the alias must be the name's only binding
                names = None
            else:
                names = self.qualified_names(alias[1])
        finally:
            self._resolving.discard(id(node))
        if not names or not all(_tensorflow_module_path(n) for n in names):
            return None
        return names

    def alias_names(self, target: cst.Name) -> set[str] | None:
        """The qualified names an alias assignment's target is bound to (None: a plain value)."""
        alias = self.aliases.get(id(target))
        if alias is None:
            return None
        return self._alias_names(target.value, target, alias[2].bindings.get(target.value, []))

    def bound_in(self, nodes: Iterable[cst.CSTNode]) -> set[str]:
        """The names something inside ``nodes`` binds, in any scope (a nested function's locals too)."""
        inside = set().union(*(node_ids(n) for n in nodes))
        return {name for scope in self.scopes for name, bindings in scope.bindings.items()
                if any(id(node) in inside for _, node in bindings)}

    def base_bindings(self, node: cst.CSTNode) -> list[tuple[str | None, cst.CSTNode]]:
        """What the leading name of a whole reference was bound to: (qualified name, binding node).

        An alias assignment is reported as it is bound (a plain value, its target Name);
        ``alias_names`` says what it stands for.
        """
        reference = self.references.get(id(node))
        return self.lookup(reference.base, reference.scope) if reference else []


def all_params(params: cst.Parameters):
    """Every parameter of a def or lambda, in order (positional-only, plain, *args, keyword-only, **kwargs)."""
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


def _tensorflow_module_path(name: str) -> bool:
    """``tensorflow`` or ``tensorflow.a.b`` through lowercase names (modules, functions; not ``FLAGS``)."""
    head, *parts = name.split(".")
    return head == "tensorflow" and all(p[:1].islower() for p in parts)


def dotted_name(node: cst.BaseExpression | None) -> str:
    """``a.b.c`` for a Name/Attribute chain, else ''."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    return ""


def node_ids(container: cst.CSTNode) -> set[int]:
    """id() of ``container`` and of every node inside it."""
    found: set[int] = set()

    class _All(cst.CSTVisitor):
        def on_visit(self, inner):
            found.add(id(inner))
            return True

    container.visit(_All())
    return found


# -- the same questions on Python's own tree (a C parse: a unit is planned before any file is migrated) --


def bound_names(tree: ast.AST) -> set[str]:
    """Names some statement in ``tree`` binds, at any depth: imports (a dotted import's head),
    assignment/for/with/del targets, def and class names. A star import binds nothing it can name."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
    return bound


def read_names(tree: ast.AST) -> set[str]:
    """Names read anywhere in ``tree``."""
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
