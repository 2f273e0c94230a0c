"""What a rule may see and do while the engine walks one file.

Rules never edit imports by hand and never print: they build TensorFlow
references with `ref`, ask for imports with `add_import` / `remove_import`
(which schedule libcst's AddImportsVisitor / RemoveImportsVisitor), and record
findings with `report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

from migrate.data import tf_api
from migrate.findings import Finding, Severity


@dataclass
class Options:
    """Settings that change what rules produce (from the CLI or pyproject)."""

    fallback: bool = True  # when a rewrite can't be proven, fall back to tf.compat.v1 (else leave it)
    target: str = "tf2.15"


@dataclass
class RuleContext:
    path: str
    codemod: CodemodContext
    options: Options
    # How the file refers to the real ``tensorflow`` package (``tf``, ``tensorflow``),
    # or None when it only imports pieces (then ``import tensorflow as tf`` is added).
    tf_alias: str | None = None
    compat_alias: bool = False  # the alias is bound to tensorflow.compat.v1, not to tensorflow
    dialect: str = "unknown"  # "v1" when the file is certainly TF1 code
    findings: list[Finding] = field(default_factory=list)
    changed: bool = False  # a rule replaced something
    metadata: MetadataWrapper | None = None  # of the module being migrated (original nodes)
    watchers: dict[str, list[str]] = field(default_factory=dict)  # symbol -> codes of rules watching it
    # Filled by the engine's first pass, keyed by id() of original nodes:
    symbols: dict[int, str] = field(default_factory=dict)  # whole reference -> TensorFlow symbol
    calls: dict[int, cst.Call] = field(default_factory=dict)  # callee expression -> its call
    assigned: dict[int, cst.BaseExpression] = field(default_factory=dict)  # assignment target -> value

    def _meta(self, provider, node):
        """libcst metadata for an original node, resolved on first use (positions cost a pass)."""
        value = self.metadata.resolve(provider).get(node)
        return value() if callable(value) else value  # libcst hands some values out lazily

    def symbol(self, node: cst.CSTNode) -> str | None:
        """The TensorFlow symbol a whole reference resolves to (None: not TensorFlow)."""
        return self.symbols.get(id(node))

    def call_of(self, node: cst.CSTNode) -> cst.Call | None:
        """The call whose callee is ``node``, if it is called."""
        return self.calls.get(id(node))

    def global_bindings(self, name: str) -> list[cst.CSTNode]:
        """The nodes that bind ``name`` at module level (imports, defs, assignment targets)."""
        scope = self._meta(ScopeProvider, self.metadata.module)
        return [a.node for a in scope.assignments[name] if hasattr(a, "node")] if scope else []

    def report(self, node: cst.CSTNode, code: str, severity: Severity, message: str, *, fixed: bool) -> None:
        try:
            start = self._meta(PositionProvider, node).start
            line, col = start.line, start.column + 1
        except AttributeError:  # a node the rule built itself has no position
            line, col = 0, 0
        self.findings.append(Finding(code, severity, message, self.path, line, col, fixed))

    def ref(self, name: str) -> cst.BaseExpression:
        """An expression for ``tensorflow.<name>`` that is valid in this file."""
        alias = self.tf_alias
        if alias is None or (self.compat_alias and not name.startswith("compat.") and name not in tf_api.V1_NAMES):
            alias = "tf"
            self.add_import("tensorflow", asname="tf")
            self.tf_alias, self.compat_alias = "tf", False
        if self.compat_alias and name.startswith("compat.v1."):
            name = name[len("compat.v1.") :]
        return dotted(f"{alias}.{name}")

    def replace(self, original: cst.BaseExpression, new: cst.BaseExpression) -> cst.BaseExpression:
        """Return ``new`` for ``original``; a ``from tensorflow... import`` it leaves unused goes too."""
        base = original
        while isinstance(base, cst.Attribute):
            base = base.value
        if isinstance(base, cst.Name):
            scope = self._meta(ScopeProvider, base)
            for qname in scope.get_qualified_names_for(base) if scope is not None else ():
                module, _, obj = qname.name.rpartition(".")
                if module.startswith("tensorflow") and qname.name not in ("tensorflow.compat.v1", "tensorflow.compat.v2"):
                    self.remove_import(module, obj, base.value if base.value != obj else None)
        return new

    def add_import(self, module: str, obj: str | None = None, asname: str | None = None) -> None:
        AddImportsVisitor.add_needed_import(self.codemod, module, obj, asname)

    def remove_import(self, module: str, obj: str | None = None, asname: str | None = None) -> None:
        RemoveImportsVisitor.remove_unused_import(self.codemod, module, obj, asname)

    def watched_elsewhere(self, symbol: str, code: str) -> bool:
        return any(other != code for other in self.watchers.get(symbol, ()))


def dotted(name: str) -> cst.BaseExpression:
    """Build ``a.b.c`` as libcst nodes."""
    head, *rest = name.split(".")
    node: cst.BaseExpression = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node
