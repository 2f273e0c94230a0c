"""``from tensorflow import logging`` that the file never reads: removed (TF2 has no such module)."""

from __future__ import annotations

import libcst as cst

from migrate.engine.names import dotted_name
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.graph.idiom import missing_in_tf2


def _absent_symbol(module: str, name: str) -> str | None:
    """``tf.<symbol>`` for ``from <module> import <name>`` when TF 2.15 lacks it, else None."""
    if module != "tensorflow" and not module.startswith("tensorflow."):
        return None
    symbol = f"{module[len('tensorflow.'):]}.{name}" if module != "tensorflow" else name
    if symbol.startswith(("compat.", "python.", "core.", "examples.")):
        return None  # compat.v1 exists; private modules are TFM103's, the MNIST tutorials' TFM117's
    return symbol if missing_in_tf2(symbol) is not None else None


class UnusedAbsentImport(Rule):
    """An unused ``from tensorflow import logging`` (``flags``, ``app``, ``contrib``...) is removed.

    TF2 has no ``tensorflow.logging``: the import alone raises ImportError, so a
    helper module that imports it and never uses it fails on TF2 (youtube_8m's
    ``readers.py`` and ``model_utils.py``). Used names are left to the rules that
    move their uses (``tf.logging`` -> absl, TFM122), which drop the import after.
    Only whole module-level import lines without comments of their own are edited.
    """

    code = "TFM104"
    family = "renames"
    description = "Remove an unused from-import of a TensorFlow module TF2 no longer has"
    program = True
    module_words = ("tensorflow",)  # an import line of it names it (a TF-free file is skipped)
    examples = (
        Example("import tensorflow as tf\nfrom tensorflow import logging\nfrom tensorflow import flags, nn\n"
                "y = tf.nn.relu(nn.relu(x))\n",
                "import tensorflow as tf\nfrom tensorflow import nn\ny = tf.nn.relu(nn.relu(x))\n"),
        Example("import tensorflow as tf\nfrom tensorflow.contrib import slim\nfrom tensorflow import gfile\nx = tf.ones(1)\n",
                "import tensorflow as tf\nx = tf.ones(1)\n", "contrib and gfile"),
        Example("from tensorflow import nn\nimport tensorflow as tf\nx = 1\n", None, "a module TF2 still has"),
        Example("from tensorflow import logging  # for later\nx = 1\n", None, "a comment of its own: left to the user"),
        Example("from mylib import logging\nx = 1\n", None, "not TensorFlow"),
    )

    def on_module(self, module, ctx):
        reads = {reference.base for reference in ctx.names.references.values()}
        body, changed = [], False
        for statement in module.body:
            kept = self._without_unused(statement, reads, ctx)
            changed |= kept is not statement
            if kept is not None:
                body.append(kept)
        return module.with_changes(body=body) if changed else None

    def _without_unused(self, statement, reads, ctx):
        """The statement without the unused absent names (None: nothing left), or the statement itself."""
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
                and isinstance(statement.body[0], cst.ImportFrom)):
            return statement
        node = statement.body[0]
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return statement
        if statement.trailing_whitespace.comment is not None or any(line.comment for line in statement.leading_lines):
            return statement
        module = dotted_name(node.module)
        keep = []
        for alias in node.names:
            name = dotted_name(alias.name)
            bound = alias.asname.name.value if alias.asname else name
            symbol = _absent_symbol(module, name)
            if symbol is not None and bound not in reads:
                ctx.report(statement, self.code, Severity.INFO, f"unused `from {module} import {name}` removed: "
                           f"TF2 has no tf.{symbol}, so the import alone raises ImportError", fixed=True)
            else:
                keep.append(alias)
        if len(keep) == len(node.names):
            return statement
        if not keep:
            return None
        keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return statement.with_changes(body=[node.with_changes(names=keep)])
