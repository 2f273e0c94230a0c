"""What a rule may see and do while the engine walks one file.

Rules never edit imports by hand and never print: they build TensorFlow
references with `ref`, ask for imports with `add_import` / `remove_import`
(which schedule libcst's AddImportsVisitor / RemoveImportsVisitor), and record
findings with `report`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate.data import tf_api
from migrate.engine import positions
from migrate.engine.names import NameResolver, dotted_name
from migrate.engine.suppress import SUPPRESSED, Suppressions
from migrate.findings import Finding, Severity


@dataclass
class Options:
    """Settings that change what rules produce (from the CLI or pyproject)."""

    fallback: bool = True  # when a rewrite can't be proven, fall back to tf.compat.v1 (else leave it)
    target: str = "tf2.15"
    # Set by engine/project.py when another file of the same program stays in graph mode: the
    # TFM301 message saying which and why; the file is then kept in graph mode too.
    graph_unit: str = ""
    # Set by engine/project.py: TensorFlow modules this file gets through ``from M import *`` of a file
    # of the run (engine/star_imports.py), imported explicitly before the rules run.
    star_imports: tuple = ()


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
    graph_mode: bool = False  # the file turns eager execution off (it runs TF1 graphs via tf.compat.v1)
    findings: list[Finding] = field(default_factory=list)
    changed: bool = False  # a rule replaced something
    program_changed: bool = False  # a whole-program rule rewrote the module
    inserted_lines: tuple[int, int] | None = None  # (after line, count) when it only inserted lines
    fired: object = None  # the program rule that rewrote the module
    metadata: MetadataWrapper | None = None  # of the module being migrated (original nodes)
    names: NameResolver | None = None  # what each reference's name is bound to
    syntax_tree: ast.Module | None = None  # Python's own tree of the same source, for positions
    source_lines: list[str] = field(default_factory=list)  # its decoded lines (ast columns count bytes)
    _starts: dict[int, tuple[int, int]] | None = None
    replaced: set[int] = field(default_factory=set)  # ids of references a rule replaced
    # (module, obj, asname, import node) of from-imports a replacement may have left unused
    unused_candidates: list[tuple] = field(default_factory=list)
    watchers: dict[str, list[str]] = field(default_factory=dict)  # symbol -> codes of rules watching it
    suppressions: Suppressions = field(default_factory=Suppressions)  # `# tf-migrate: ignore` comments
    # Filled by the engine's first pass, keyed by id() of original nodes:
    symbols: dict[int, str] = field(default_factory=dict)  # whole reference -> TensorFlow symbol
    calls: dict[int, cst.Call] = field(default_factory=dict)  # callee expression -> its call
    assigned: dict[int, cst.BaseExpression] = field(default_factory=dict)  # assignment target -> value

    def _meta(self, provider, node):
        """libcst metadata for an original node, resolved on first use (positions cost a pass)."""
        value = self.metadata.resolve(provider).get(node)
        return value() if callable(value) else value  # libcst hands some values out lazily

    def suppressed(self, node: cst.CSTNode, code: str, symbol: str) -> bool:
        """Does a ``# tf-migrate: ignore`` comment keep rule ``code`` off this original node's line?
        If so, the report lists it (a suppressed TFM006 finding)."""
        if not self.suppressions:
            return False
        line, col = self.position(node)
        if not self.suppressions.covers(line, code):
            return False
        note = Finding(SUPPRESSED, Severity.INFO, f"{code} not run on tf.{symbol}: '# tf-migrate: ignore'",
                       self.path, line, col, suppressed=True)
        if note not in self.findings:
            self.findings.append(note)
        return True

    def symbol(self, node: cst.CSTNode) -> str | None:
        """The TensorFlow symbol a whole reference resolves to (None: not TensorFlow)."""
        return self.symbols.get(id(node))

    def call_of(self, node: cst.CSTNode) -> cst.Call | None:
        """The call whose callee is ``node``, if it is called."""
        return self.calls.get(id(node))

    def global_bindings(self, name: str) -> list[cst.CSTNode]:
        """The nodes that bind ``name`` at module level (imports, defs, assignment targets)."""
        return [node for _, node in self.names.module_scope.bindings.get(name, [])]

    def report(self, node: cst.CSTNode, code: str, severity: Severity, message: str, *, fixed: bool) -> None:
        line, col = self.position(node)
        self.findings.append(Finding(code, severity, message, self.path, line, col, fixed))

    def position(self, node: cst.CSTNode) -> tuple[int, int]:
        """1-based line and column of an original node; (0, 0) for one a rule built."""
        if isinstance(node, cst.Call):
            node = node.func  # a call starts where its callee does
        if self.metadata is not None and node is self.metadata.module:
            return 1, 1  # libcst's position of a module is where its code starts: no position pass for a file-level finding
        if self._starts is None:
            self._starts = self._reference_starts()
        if id(node) in self._starts:
            return self._starts[id(node)]
        try:
            start = self._meta(PositionProvider, node).start
            return start.line, start.column + 1
        except AttributeError:
            return 0, 0

    def _reference_starts(self) -> dict[int, tuple[int, int]]:
        if self.syntax_tree is None:
            return {}
        by_text = positions.reference_starts(self.syntax_tree, self.source_lines)
        ours: dict[str, list[int]] = {}
        for key, reference in self.names.references.items():
            ours.setdefault(reference.base + reference.rest, []).append(key)
        starts = {}
        for text, keys in ours.items():
            if len(by_text.get(text, ())) == len(keys):
                starts.update(zip(keys, by_text[text]))
        return starts

    def ref(self, name: str) -> cst.BaseExpression:
        """An expression for ``tensorflow.<name>`` that is valid in this file."""
        alias = self.tf_alias
        if alias is None or (self.compat_alias and not name.startswith("compat.") and name not in tf_api.V1_NAMES):
            # ``import tensorflow as tf``, or plain ``import tensorflow`` when the file uses ``tf`` otherwise
            alias = "tensorflow" if "tf" in self.names.module_scope.bindings else "tf"
            self.add_import("tensorflow", asname=None if alias == "tensorflow" else alias)
            self.tf_alias, self.compat_alias = alias, False
        if self.compat_alias and name.startswith("compat.v1."):
            name = name[len("compat.v1.") :]
        return dotted(f"{alias}.{name}")

    def replace(self, original: cst.BaseExpression, new: cst.BaseExpression) -> cst.BaseExpression:
        """Return ``new`` for ``original``; a ``from tensorflow... import`` it leaves unused goes too."""
        self.replaced.add(id(original))
        base = original
        while isinstance(base, cst.Attribute):
            base = base.value
        for qualified, node in self.names.base_bindings(original):
            module, _, obj = (qualified or "").rpartition(".")
            if module.startswith("tensorflow") and isinstance(node, cst.ImportFrom):
                self.unused_candidates.append((module, obj, base.value if base.value != obj else None, node))
            elif qualified and qualified.startswith("tensorflow.contrib") and isinstance(node, cst.Import):
                # ``import tensorflow.contrib.slim as slim``: contrib is gone, so the import must go with its uses
                self.unused_candidates.append((qualified, None, base.value, node))
        return new

    def still_used(self, name: str, import_node: cst.CSTNode) -> bool:
        """Does any reference that was not replaced still read ``name`` as bound by ``import_node``?"""
        for key, reference in self.names.references.items():
            if reference.base == name and key not in self.replaced:
                if any(node is import_node for _, node in self.names.lookup(name, reference.scope)):
                    return True
        return False

    def add_import(self, module: str, obj: str | None = None, asname: str | None = None) -> None:
        # libcst 1.9 writes an aliased name once per request (``from absl import flags as absl_flags,
        # flags as absl_flags``): ask once
        wanted = self.codemod.scratch.get(AddImportsVisitor.CONTEXT_KEY, [])
        if not any((w.module_name, w.obj_name, w.alias) == (module, obj, asname) for w in wanted):
            AddImportsVisitor.add_needed_import(self.codemod, module, obj, asname)

    def remove_import(self, module: str, obj: str | None = None, asname: str | None = None) -> None:
        RemoveImportsVisitor.remove_unused_import(self.codemod, module, obj, asname)

    def spelled_compat(self, reference: cst.BaseExpression) -> bool:
        """Is the reference written through ``tf.compat.v1`` (kept that way on purpose, e.g. by a fallback)?"""
        return ".compat.v1." in f".{dotted_name(reference)}."

    def watched_elsewhere(self, symbol: str, code: str) -> bool:
        return any(other != code for other in self.watchers.get(symbol, ()))


def dotted(name: str) -> cst.BaseExpression:
    """Build ``a.b.c`` as libcst nodes."""
    head, *rest = name.split(".")
    node: cst.BaseExpression = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node
