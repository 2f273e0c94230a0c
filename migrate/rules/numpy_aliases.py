"""``np.int`` / ``np.float`` / ``np.bool``...: NumPy's aliases of Python builtins, gone since NumPy 1.24.

TF 2.15 needs NumPy 1.23.5 to 1.26 and the newest TF NumPy 1.26 or 2, so a TF1 program migrated to
either profile meets a NumPy without them: ``np.zeros(n, dtype=np.int)`` raises ``AttributeError``.
"""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules._qualified import replace_references

# Alias -> the builtin it was. Provenance: NumPy 1.20.0 release notes, "Using the aliases of builtin types
# like np.int is deprecated" (each alias *is* the builtin: np.int is int); removed in NumPy 1.24.0
# (release notes, "Expired deprecations"). np.long / np.unicode were py2-era aliases of int / str.
ALIASES = {
    "bool": "bool", "int": "int", "float": "float", "complex": "complex", "object": "object", "str": "str",
    "long": "int", "unicode": "str",
}


class NumpyBuiltinAliases(Rule):
    """``np.int`` -> ``int``, ``np.float`` -> ``float``, ``np.bool`` -> ``bool`` (and object, str, complex).

    TF1 pattern: TF1-era code written for NumPy < 1.20 (``dtype=np.int``,
    ``astype(np.float)``). The aliases were the builtins themselves, so the
    builtin is exact. Matched by qualified name through the file's imports
    (``import numpy as np``, ``import numpy``); a shadowed ``np``, ``np.int32``
    and ``np.float64`` (real NumPy types) are left alone.
    """

    code = "TFM108"
    family = "renames"
    description = "NumPy's removed builtin aliases (np.int, np.float, np.bool, ...) -> the builtins they were"
    program = True
    module_words = ("numpy",)
    examples = (
        Example("import numpy as np\nimport tensorflow as tf\npred = np.zeros(10, dtype=np.int)\n"
                "x = tf.constant(a.astype(np.float))\n",
                "import numpy as np\nimport tensorflow as tf\npred = np.zeros(10, dtype=int)\n"
                "x = tf.constant(a.astype(float))\n"),
        Example("import numpy\nimport tensorflow as tf\nmask = tf.constant(numpy.ones(3, numpy.bool))\n",
                "import numpy\nimport tensorflow as tf\nmask = tf.constant(numpy.ones(3, bool))\n", "unaliased import"),
        Example("import numpy as np\nimport tensorflow as tf\nx = tf.constant(np.zeros(3, np.int32) + np.float64(1))\n",
                None, "NumPy's own types stay"),
        Example("import tensorflow as tf\nnp = Helper()\ny = tf.constant(np.int)\n", None, "np is not NumPy"),
    )

    def on_module(self, module, ctx):
        if ctx.names is None:
            return None

        def builtin(node, qualified):
            names = {ALIASES.get(q[len("numpy."):]) for q in qualified if q.startswith("numpy.")}
            if len(names) != 1 or None in names:
                return None
            (name,) = names
            ctx.report(node, self.code, Severity.INFO,
                       f"{cst.Module([]).code_for_node(node)} was NumPy's alias of the builtin {name}, removed in "
                       f"NumPy 1.24 (TF 2.15 needs NumPy >= 1.23.5): {name}", fixed=True)
            return cst.Name(name)

        return replace_references(module, ctx, builtin)
