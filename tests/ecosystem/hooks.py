"""Run the engine plus the module-level pass the estimator conversion needs.

The engine (migrate/engine/transformer.py) has no module-level hook yet; this
does what the proposed one would: after the reference/call pass, every rule
with ``on_module`` gets the migrated module, then the import edits it asked for
are applied. Once the engine calls ``on_module`` itself, ``migrate_python``
gives the same output and this helper can go.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from migrate.engine.context import Options
from migrate.engine.source import check_syntax, default_rules
from migrate.engine.transformer import transform

RULES = default_rules()


def migrate_with_module_pass(source: str, target: str = "tf2.15"):
    code = source.encode()
    syntax_tree = check_syntax(code)
    module = cst.parse_module(code)
    migrated, ctx = transform(module, RULES, "example.py", Options(target=target), syntax_tree, source.splitlines())
    symbols = set(ctx.symbols.values())
    for rule in RULES:
        hook = getattr(rule, "on_module", None)
        if hook is not None and any(rule.watches(s) for s in symbols):
            migrated = hook(migrated, ctx) or migrated
    if ctx.codemod.scratch.get(AddImportsVisitor.CONTEXT_KEY):
        migrated = AddImportsVisitor(ctx.codemod).transform_module(migrated)
    return migrated.code, ctx.findings
