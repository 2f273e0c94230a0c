"""The libcst pass that resolves TensorFlow references and hands them to rules.

Every ``Name`` / ``Attribute`` / ``Call`` is resolved through the file's
imports (``migrate.engine.names``: the qualified names libcst's scope
analysis would give, for whole references only), so ``import tensorflow.compat.v1
as tf``, ``from tensorflow import placeholder as ph`` and try/except import
fallbacks all resolve to the same symbol, while a local ``tf`` that shadows
the import resolves to something else and is left alone. Symbols are passed to
rules relative to the ``tensorflow`` package, with ``compat.v1.`` folded away:
``tf.compat.v1.log`` and ``tf.log`` are both ``log``.
"""

from __future__ import annotations

import ast
import re
from collections import OrderedDict

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import MetadataWrapper

from migrate.data import tf_api
from migrate.engine.context import Options, RuleContext
from migrate.engine import suppress
from migrate.engine.names import STATEMENTS, NameResolver, dotted_name
from migrate.engine.rule import Rule

_DOTTED = re.compile(r"[A-Za-z_][\w.]*\Z")
_V1_PREFIX = "tensorflow.compat.v1."


def tf_symbol(qualified_names) -> str | None:
    """The one TensorFlow symbol all resolutions agree on, relative to ``tensorflow``."""
    symbols = set()
    for name in qualified_names:
        if name.startswith(_V1_PREFIX):
            name = name[len(_V1_PREFIX) :]
        elif name.startswith("tensorflow.") and not name.startswith("tensorflow.compat."):
            name = name[len("tensorflow.") :]
        else:  # not TensorFlow (a shadowing local), the bare package, or compat.v2 code
            return None
        symbols.add(name)
    if len(symbols) != 1:
        return None
    (symbol,) = symbols
    return symbol if _DOTTED.match(symbol) else None


def is_v1_marker(symbol: str) -> bool:
    """A symbol only TF1 code uses: its presence settles the file's dialect."""
    return symbol in tf_api.V1_ONLY or symbol.startswith("contrib.") or (
        symbol in tf_api.RENAMES and symbol not in tf_api.V2_NAMES
    )


class MigrationTransformer(cst.CSTTransformer):
    """Second pass: hand every resolved reference and call to the rules that watch it."""

    def __init__(self, rules: list[Rule], ctx: RuleContext, hot: set[int] | None = None) -> None:
        super().__init__()
        self.rules = rules
        self.ctx = ctx
        self._index: dict[str, list[Rule]] = {}
        self.hot = hot  # ids of the statements holding a resolved symbol (None: all of them)

    def on_visit(self, node: cst.CSTNode) -> bool:
        # A statement without a TensorFlow reference gives no hook anything to see: its walk is skipped.
        if self.hot is not None and type(node) in STATEMENTS and id(node) not in self.hot:
            return False
        return super().on_visit(node)

    def rules_for(self, symbol: str) -> list[Rule]:
        found = self._index.get(symbol)
        if found is None:
            found = self._index[symbol] = [r for r in self.rules if r.watches(symbol)]
        return found

    def visit_Import(self, node) -> bool:
        return False

    def visit_ImportFrom(self, node) -> bool:
        return False

    def _reference(self, original, updated):
        symbol = self.ctx.symbols.get(id(original))
        if symbol is None:
            return updated
        for rule in self.rules_for(symbol):
            if self.ctx.suppressed(original, rule.code, symbol):
                continue
            replacement = rule.on_reference(original, updated, symbol, self.ctx)
            if replacement is not None:
                self.ctx.changed = True
                return replacement
        return updated

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._reference(original_node, updated_node)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        return self._reference(original_node, updated_node)

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign):
        # ``flags = tf.app.flags`` became ``flags = flags``: a no-op at module level and an
        # UnboundLocalError inside a function, so the rewritten statement goes.
        (target,) = updated_node.targets if len(updated_node.targets) == 1 else (None,)
        value = updated_node.value
        if (
            target is not None
            and isinstance(target.target, cst.Name)
            and isinstance(value, cst.Name)
            and target.target.value == value.value
            and not (isinstance(original_node.value, cst.Name) and original_node.value.value == value.value)
        ):
            return cst.RemoveFromParent()
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        symbol = self.ctx.symbols.get(id(original_node.func))
        if symbol is None:
            return updated_node
        for rule in self.rules_for(symbol):
            if self.ctx.suppressed(original_node, rule.code, symbol):
                continue
            replacement = rule.on_call(original_node, updated_node, symbol, self.ctx)
            if replacement is None:
                continue
            self.ctx.changed = True
            if not isinstance(replacement, cst.Call):
                return replacement
            updated_node = replacement
        return updated_node


def _find_alias(resolver: NameResolver, ctx: RuleContext) -> None:
    """The module-level name bound to the ``tensorflow`` package, else to ``tensorflow.compat.v1``.

    A name bound to either (a try/except import fallback) counts as the compat
    alias: what is valid through it is valid through both.
    """
    real = compat = None
    for name, bindings in resolver.module_scope.bindings.items():
        kinds = resolver.binding_names(name, bindings) or {None}  # ``tf = tf`` is still the package
        if kinds == {"tensorflow"}:
            real = real or name
        elif kinds <= {"tensorflow", "tensorflow.compat.v1"}:
            compat = compat or name
    ctx.tf_alias = real or compat
    ctx.compat_alias = real is None and compat is not None


# Module and name resolution of the last few ``transform(source=...)`` calls of this process, by source:
# a file's first round parses its input and a stable file's last round its own output, so what is
# judged of them next (the report's ``tf1_left``, the unit's ``graph_code``) reuses these passes
# instead of parsing and resolving the file again. A handful: one file's rounds, not a whole tree.
_ANALYSES: OrderedDict[bytes, tuple[cst.Module, NameResolver]] = OrderedDict()
_KEPT_ANALYSES = 6


def analysis_of(source: bytes) -> tuple[cst.Module, NameResolver] | None:
    """The parsed module and its name resolution when ``transform`` analysed exactly ``source`` lately."""
    return _ANALYSES.get(source)


def _remember(source: bytes, module: cst.Module, resolver: NameResolver) -> None:
    _ANALYSES[source] = (module, resolver)
    _ANALYSES.move_to_end(source)
    while len(_ANALYSES) > _KEPT_ANALYSES:
        _ANALYSES.popitem(last=False)


def transform(
    module: cst.Module,
    rules: list[Rule],
    path: str,
    options: Options,
    syntax_tree: ast.Module | None = None,
    source_lines: list[str] | None = None,
    dialect: str = "unknown",
    source: bytes | None = None,
) -> tuple[cst.Module, RuleContext]:
    """Run every rule over one freshly parsed module (which this call owns and may share).

    ``syntax_tree`` is Python's ``ast`` of the same source and ``source_lines`` its
    decoded lines, used for finding positions. ``source``, the bytes ``module`` was parsed
    from, lets ``analysis_of`` hand this pass's name resolution on (see there).
    """
    codemod = CodemodContext(filename=path)
    ctx = RuleContext(path=path, codemod=codemod, options=options, syntax_tree=syntax_tree,
                      source_lines=source_lines or [], dialect=dialect)
    resolver = NameResolver()
    module.visit(resolver)
    if source is not None:
        _remember(source, module, resolver)
    for key, reference in resolver.references.items():
        qualified = resolver.qualified_names(reference.node)
        symbol = tf_symbol(qualified) if qualified else None
        if symbol is not None:
            ctx.symbols[key] = symbol
    if not ctx.symbols:
        return module, ctx
    ctx.names, ctx.calls, ctx.assigned = resolver, resolver.calls, resolver.assigned
    ctx.metadata = MetadataWrapper(module, unsafe_skip_copy=True)  # positions, asked for when reporting
    _find_alias(resolver, ctx)
    symbols = set(ctx.symbols.values())
    if ctx.compat_alias or any(is_v1_marker(s) for s in symbols):
        ctx.dialect = "v1"
    ctx.graph_mode = bool(symbols & {"disable_eager_execution", "disable_v2_behavior"})
    ctx.suppressions = suppress.parse("\n".join(ctx.source_lines))
    text = "\n".join(ctx.source_lines) if ctx.source_lines else module.code  # for the rules' module_words
    for rule in rules:
        if rule.program and rule.runs_on(symbols, text):
            kept, scratch = len(ctx.findings), suppress.snapshot(ctx)
            rewritten = rule.on_module(module, ctx)
            refusal = rewritten is not None and suppress.refuse_program(rule.code, module, rewritten, ctx)
            if refusal:  # a `# tf-migrate: ignore` line would change: the rewrite, its findings and imports go
                del ctx.findings[kept:]
                ctx.codemod.scratch.clear()
                ctx.codemod.scratch.update(scratch)
                ctx.findings.append(refusal)
                rewritten = None
            if rewritten is not None:  # the other rules then run on a fresh parse of the result
                ctx.changed = ctx.program_changed = True
                ctx.fired = rule
                return _drop_dead_aliases(rewritten, resolver, ctx), ctx
    rules = [rule for rule in rules if not rule.program]
    transformer = MigrationTransformer(rules, ctx, resolver.statements_holding(ctx.symbols))
    ctx.watchers = {s: [r.code for r in transformer.rules_for(s)] for s in symbols}
    if not any(ctx.watchers.values()):
        return _drop_dead_aliases(module, resolver, ctx), ctx
    migrated = _drop_dead_aliases(module.visit(transformer), resolver, ctx)
    # Import edits that rules asked for, done by libcst's own visitors on the import header.
    if codemod.scratch.get(AddImportsVisitor.CONTEXT_KEY):
        migrated = _on_header(migrated, AddImportsVisitor(codemod))
    if ctx.unused_candidates:
        migrated = _remove_unused(migrated, module, ctx)
    return migrated, ctx


def _drop_dead_aliases(migrated: cst.Module, resolver: NameResolver, ctx: RuleContext) -> cst.Module:
    """Remove ``slim = tf.contrib.slim`` once rewrites left no use of ``slim``.

    The line reads ``tf.contrib``, which TF2 lacks, so it goes when every use
    was rewritten; with a use left it stays (and the finding about that use
    says why). Only when the original used the alias (one it never used may be
    imported by another file, so it is left to the findings about its value) and
    no other statement of the file mentions the name (one alias of that name
    in one scope: nothing to tell apart). A no-op rebinding (``tf = tf``) is
    never removed.
    """
    candidates = {}
    for target, value, _ in resolver.aliases.values():
        names = resolver.alias_names(target)
        if not names or dotted_name(value).split(".")[0] == target.value:
            continue
        used = any(
            reference.base == target.value and any(node is target for _, node in resolver.lookup(reference.base, reference.scope))
            for reference in resolver.references.values()
        )
        if used:
            candidates[target.value] = candidates.get(target.value, 0) + 1
    candidates = {name for name, count in candidates.items() if count == 1}
    if not candidates:
        return migrated
    mentions: dict[str, int] = {}

    class _Count(cst.CSTVisitor):  # names as read or bound: not ``x.slim``'s attribute, not ``f(slim=...)``'s keyword
        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)
            return False

        def visit_Arg(self, node: cst.Arg) -> bool:
            node.value.visit(self)
            return False

        def visit_Name(self, node: cst.Name) -> None:
            if node.value in candidates:
                mentions[node.value] = mentions.get(node.value, 0) + 1

    migrated.visit(_Count())
    dead = {name for name in candidates if mentions.get(name) == 1}  # the alias target itself
    if not dead:
        return migrated
    # what rules said about the alias line's own ``tf.contrib.slim`` (TFM901: no mapping) went with it
    lines = {ctx.position(value)[0] for target, value, _ in resolver.aliases.values() if target.value in dead}
    ctx.findings = [f for f in ctx.findings if f.line not in lines or f.fixed]

    class _Drop(cst.CSTTransformer):
        def leave_SimpleStatementLine(self, original, updated):
            if (len(updated.body) == 1 and isinstance(updated.body[0], cst.Assign)
                    and len(updated.body[0].targets) == 1
                    and isinstance(updated.body[0].targets[0].target, cst.Name)
                    and updated.body[0].targets[0].target.value in dead):
                return cst.RemoveFromParent()
            return updated

    ctx.changed = True
    return migrated.visit(_Drop())


def _on_header(module: cst.Module, visitor) -> cst.Module:
    """Run one of libcst's import visitors on the module's import header only.

    AddImportsVisitor inserts after the imports at the top and reads nothing
    below them; handing it just that header (then re-attaching the rest) gives
    the same result without copying and walking the whole file.
    """
    end = _header_length(module)
    # libcst refuses to parse new statements with an indent like "\f " (a form feed is legal
    # Python indentation); the header is not indented, so any plain indent will do there.
    indent = module.default_indent if set(module.default_indent) <= {" ", "\t"} else "    "
    edited = visitor.transform_module(module.with_changes(body=module.body[: end + 1], default_indent=indent))
    return edited.with_changes(body=[*edited.body, *module.body[end + 1 :]], default_indent=module.default_indent)


def _remove_unused(migrated: cst.Module, original: cst.Module, ctx: RuleContext) -> cst.Module:
    """Drop the ``from tensorflow... import`` bindings that rewrites left unused.

    Whether a binding is still used is read off the engine's own name
    resolution (every reference to it was replaced); RemoveImportsVisitor then
    edits the statement. When every such import sits in the header, the
    visitor gets just the header, so it doesn't redo scope analysis of the file.
    """
    header = {id(s) for line in original.body[: _header_length(original)] for s in getattr(line, "body", ())}
    in_header = True
    for module, obj, asname, node in ctx.unused_candidates:
        if ctx.still_used(asname or obj, node):
            continue
        RemoveImportsVisitor.remove_unused_import(ctx.codemod, module, obj, asname)
        in_header = in_header and id(node) in header
    if not ctx.codemod.scratch.get(RemoveImportsVisitor.CONTEXT_KEY):
        return migrated
    visitor = RemoveImportsVisitor(ctx.codemod)
    return _on_header(migrated, visitor) if in_header else visitor.transform_module(migrated)


def _header_length(module: cst.Module) -> int:
    end = 0
    while end < len(module.body) and _is_header(module.body[end], end):
        end += 1
    return end


def _is_header(statement: cst.CSTNode, index: int) -> bool:
    if isinstance(statement, cst.SimpleStatementLine):
        first = statement.body[0]
        docstring = index == 0 and isinstance(first, cst.Expr) and isinstance(first.value, cst.SimpleString)
        return docstring or all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body)
    return False
