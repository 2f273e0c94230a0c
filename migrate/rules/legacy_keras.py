"""Graph-mode files on Keras 3 (``--target latest``): select Keras 2 (tf-keras) before TensorFlow is imported."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.codemod.visitors import AddImportsVisitor

from migrate.data import contrib_map
from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules._header import first_tensorflow_import

VARIABLE = "TF_USE_LEGACY_KERAS"
# tf.compat.v1 modules TensorFlow serves from Keras 2 only: with Keras 3 every attribute raises
# "`dense` is not available with Keras 3" (tensorflow/_api/v2/compat/v1/__init__.py, TF 2.16-2.21).
KERAS2_MODULES = ("layers", "nn.rnn_cell")
_FORMS = tuple(f"tf.compat.v1.{module}." for module in KERAS2_MODULES)
_LINE = f'os.environ.setdefault("{VARIABLE}", "1")  # tf.compat.v1.layers / rnn_cell need Keras 2 (tf-keras)\n'


def needs_keras2(symbol: str, target: str = "latest") -> bool:
    """Does this TF1 symbol end up as a ``tf.compat.v1`` form only Keras 2 serves?"""
    if symbol in KERAS2_MODULES or symbol.startswith(LegacyKeras.prefixes):
        return True
    row = contrib_map.TABLE.get(symbol)  # a contrib symbol its rule turns into such a form on this target
    return row is not None and (row.form(target) or "").startswith(_FORMS)


class LegacyKeras(Rule):
    """A file kept in graph mode that uses ``tf.compat.v1.layers`` / ``nn.rnn_cell`` -> ``TF_USE_LEGACY_KERAS=1``.

    TF1 pattern: a file that turns eager execution off (the graph pass's
    TFM302 fallback, or the author) and builds layers with
    ``tf.compat.v1.layers.dense`` or v1 RNN cells. On TF >= 2.16 those
    modules come from Keras 3, where every attribute raises "not available
    with Keras 3". Replacement on ``--target latest`` only: ``import os`` and
    ``os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")`` just before the
    first TensorFlow import, TensorFlow's documented switch to tf-keras
    (Keras 2), which must be installed. Why REVIEW: the switch holds for the
    whole process, so ``tf.keras`` is Keras 2 as well there, and it does
    nothing when TensorFlow was imported before this file (a module imported
    by a program). Leaves alone tf2.15 (Keras 2 already), eager files, files
    that name the variable already, and files with no module-level
    TensorFlow import.
    """

    code = "TFM303"
    family = "graph"
    safety = Safety.REVIEW
    description = "Graph-mode files using tf.compat.v1.layers / rnn_cell on --target latest -> TF_USE_LEGACY_KERAS=1"
    program = True
    prefixes = tuple(f"{module}." for module in KERAS2_MODULES)  # and contrib symbols mapped to them (needs_keras2)
    # The rewrite needs --target latest, which the generic example test doesn't use:
    # the rewrites are in tests/test_legacy_keras.py.
    examples = (
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nh = tf.compat.v1.layers.dense(x, 4)\n",
                None, "the default target (tf2.15) has Keras 2 already"),
        Example("import tensorflow as tf\nh = tf.keras.layers.Dense(4)(x)\n", None, "eager TF2 code"),
    )

    def on_module(self, module, ctx):
        if ctx.options.target != "latest" or not ctx.graph_mode:
            return None
        uses = [(ref.node, symbol) for key, ref in ctx.names.references.items()
                if (symbol := ctx.symbols.get(key)) is not None and needs_keras2(symbol, ctx.options.target)]
        if not uses or _names_variable(module):
            return None
        at = first_tensorflow_import(module.body)
        if at is None:
            return None
        node, symbol = min(uses, key=lambda use: ctx.position(use[0]))
        used = f"tf.{symbol} (a tf.compat.v1 form on TF2)" if symbol.startswith("contrib.") else f"tf.compat.v1.{symbol}"
        ctx.report(node, self.code, Severity.WARNING,
                   f"{used} needs Keras 2, which Keras 3 (TF >= 2.16) lacks: os.environ.setdefault(\"{VARIABLE}\", "
                   "\"1\") added before TensorFlow is imported (tf.keras is then Keras 2 as well); the tf-keras "
                   "package must be installed (pip install tf-keras)", fixed=True)
        line = cst.parse_statement(_LINE)
        os_before = _imports_os(module.body[:at])
        if not os_before and _imports_os(module.body[at:]):  # imported later: libcst would not add a second one
            line = [cst.parse_statement("import os\n"), line]
        else:
            line = [line]
            if not os_before:
                ctx.add_import("os")  # lands at the end of the first import block, so before the new line
        first = ctx.position(module.body[at])[0]
        rewritten = module.with_changes(body=[*module.body[:at], *line, *module.body[at:]])
        if ctx.codemod.scratch.get(AddImportsVisitor.CONTEXT_KEY):
            rewritten = AddImportsVisitor(ctx.codemod).transform_module(rewritten)
        if first:  # later rules' findings point into the result: map them back past the added lines
            ctx.inserted_lines = (first - 1, len(rewritten.code.splitlines()) - len(module.code.splitlines()))
        return rewritten


def _names_variable(module: cst.Module) -> bool:
    return any(isinstance(s, cst.SimpleString) and s.evaluated_value == VARIABLE
               for s in m.findall(module, m.SimpleString()))


def _imports_os(statements) -> bool:
    return any(isinstance(n, cst.Import) and any(a.asname is None and cst.Module([]).code_for_node(a.name) == "os"
                                                 for a in n.names)
               for s in statements for n in m.findall(s, m.Import()))
