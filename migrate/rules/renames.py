"""Symbols that only moved: the TF1 spelling has a native TF2 name."""

from __future__ import annotations

from migrate.data.tf_api import PRIVATE, RENAMES, SIGNATURES, V2_NAMES
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules._qualified import replace_references
from migrate.rules.arguments import DEDICATED


class SymbolRename(Rule):
    """``tf.log`` -> ``tf.math.log``, ``tf.gfile.GFile`` -> ``tf.io.gfile.GFile``.

    TF1 pattern: a symbol whose TF1 name is gone from TF2 but whose object (or
    TensorFlow's own manual replacement) lives on under a native TF2 name.
    Replacement: that name, never ``tf.compat.v1``. Argument changes are left to
    TFM101/TFM102. The table is generated from TensorFlow's API metadata
    (migrate/data/tf_api.py).
    """

    code = "TFM100"
    family = "renames"
    description = "Rename a TF1 symbol to its native TF2 name"
    symbols = frozenset(RENAMES) - DEDICATED
    examples = (
        Example("import tensorflow as tf\ny = tf.log(x)\n", "import tensorflow as tf\ny = tf.math.log(x)\n"),
        Example(
            "import tensorflow as tf\ntf.set_random_seed(0)\nw = tf.random_normal([3])\n",
            "import tensorflow as tf\ntf.random.set_seed(0)\nw = tf.random.normal([3])\n",
        ),
        Example(
            "import tensorflow as tf\nwith tf.gfile.GFile(p) as f:\n    ok = tf.gfile.Exists(p)\n",
            "import tensorflow as tf\nwith tf.io.gfile.GFile(p) as f:\n    ok = tf.io.gfile.exists(p)\n",
        ),
        Example("import tensorflow.compat.v1 as tf\ny = tf.log(x)\n", "import tensorflow.compat.v1 as tf\ny = tf.math.log(x)\n",
                "compat.v1 alias: the native name is reachable through it too"),
        Example("import tensorflow as tf\ny = tf.compat.v1.log(x)\n", "import tensorflow as tf\ny = tf.math.log(x)\n"),
        Example(
            "from tensorflow import log as ln\ny = ln(x)\n",
            "import tensorflow as tf\n\ny = tf.math.log(x)\n",
            "a from-import is replaced by the module import",
        ),
        Example(
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\nc = tf.nn.softmax_cross_entropy_with_logits_v2(labels=x, logits=z)\n",
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\nc = tf.compat.v2.nn.softmax_cross_entropy_with_logits(labels=x, logits=z)\n",
            "in a file still TF1, the v2 op keeps a name a second run can't take for the v1 op",
        ),
        Example("import tensorflow as tf\ny = tf.math.log(x)\n", None, "already TF2"),
        Example("import numpy as tf\ny = tf.log(x)\n", None, "tf is not TensorFlow"),
        Example("import tensorflow as tf\ndef f(tf):\n    return tf.log(x)\n", None, "a parameter shadows tf"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        target = RENAMES[symbol]
        if target in _V1_MEANING and _still_tf1(ctx):
            # TF2's name of the v2 op is TF1's name of the v1 op: in a file that is still TF1 code a
            # second run (TFM112) would take it for the v1 op. The compat.v2 spelling can't be misread.
            target = f"compat.v2.{target}"
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol} is tf.{target} in TF2", fixed=True)
        return ctx.replace(original, ctx.ref(target))


# tf_logging's levels are the standard library's (``from logging import INFO``), which the API
# metadata does not list as tf_logging's own exports; tf.compat.v1.logging.INFO is the same object.
_PRIVATE_LEVELS = {f"python.platform.tf_logging.{level}": f"logging.{level}"
                   for level in ("DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL")}

_V1_MEANING = frozenset({"nn.softmax_cross_entropy_with_logits"})  # names TFM112 reads as the v1 op


def _still_tf1(ctx) -> bool:
    """Does this module (not an earlier pass's input) still hold TF1-only code?"""
    from migrate.engine.transformer import is_v1_marker

    if ctx.graph_mode and not ctx.compat_alias:
        return False  # under ``import tensorflow`` with eager turned off, TFM112 leaves the name alone
    return bool(ctx.compat_alias) or any(is_v1_marker(s) and RENAMES.get(s) not in _V1_MEANING
                                         for s in set(ctx.symbols.values()))


class CompatV2Spelling(Rule):
    """``tf.compat.v2.nn.softmax_cross_entropy_with_logits`` -> ``tf.nn.softmax_cross_entropy_with_logits``.

    TF1 pattern: none of the user's -- TFM100 writes the compat.v2 spelling while a file is still TF1
    code (a second run must not take TF2's op for the v1 op of the same name). Once the file is TF2
    code (no TF1-only symbol left, eager), ``tf.compat.v2.X`` is ``tf.X``: the native name is written.
    Only names TF2's own API has (``V2_NAMES``); files still TF1, or kept in graph mode, are left alone.
    """

    code = "TFM106"
    family = "renames"
    description = "tf.compat.v2.X in a TF2 file -> tf.X"
    program = True
    module_words = ("compat",)
    examples = (
        Example("import tensorflow as tf\ny = tf.one_hot(t, 3)\nc = tf.compat.v2.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)\n",
                "import tensorflow as tf\ny = tf.one_hot(t, 3)\nc = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)\n"),
        Example("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
                "c = tf.compat.v2.nn.softmax_cross_entropy_with_logits(labels=x, logits=z)\n", None,
                "still TF1 code: the v1 op's name would be misread"),
        Example("import tensorflow as tf\nv2 = tf.compat.v2\ny = tf.one_hot(t, 3)\n", None, "the module itself"),
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "c = tf.compat.v2.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)\n", None, "graph mode"),
    )

    def on_module(self, module, ctx):
        # compat.v2 references are no TF symbols to the engine (tf_symbol): matched by qualified name here
        if ctx.names is None or ctx.dialect == "v1" or ctx.graph_mode or ctx.compat_alias or _still_tf1(ctx):
            return None

        def native(node, qualified):
            names = {q[len("tensorflow.compat.v2."):] for q in qualified if q.startswith("tensorflow.compat.v2.")}
            if len(names) != 1 or not names <= V2_NAMES or next(iter(names)).startswith("compat."):
                return None
            (name,) = names
            ctx.report(node, self.code, Severity.INFO, f"tf.compat.v2.{name} is tf.{name} in a TF2 file", fixed=True)
            return ctx.ref(name)

        return replace_references(module, ctx, native)


class PrivateImport(Rule):
    """``from tensorflow.python.framework import ops; ops.reset_default_graph()``.

    TF1 pattern: a public symbol reached through TensorFlow's private
    ``tensorflow.python`` modules, which move between releases. Replacement:
    its public name (native TF2 when it has one, else ``tf.compat.v1``, which
    the graph-to-eager rules then handle). Unknown private names are reported.
    """

    code = "TFM103"
    family = "renames"
    description = "Replace a private tensorflow.python import with the public API"
    prefixes = ("python.",)
    examples = (
        Example(
            "import tensorflow as tf\nfrom tensorflow.python.framework import ops\nops.reset_default_graph()\n",
            "import tensorflow as tf\ntf.compat.v1.reset_default_graph()\n",
        ),
        Example("import tensorflow as tf\nfrom mylib.python import ops\nops.reset_default_graph()\n", None,
                "not TensorFlow's python package"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        public = PRIVATE.get(f"tensorflow.{symbol}") or _PRIVATE_LEVELS.get(symbol)
        if public is None:
            ctx.report(original, self.code, Severity.WARNING,
                       f"tensorflow.{symbol} is private TensorFlow API with no known public name", fixed=False)
            return None
        if public in RENAMES:
            target = RENAMES[public]
        elif public in V2_NAMES and public not in SIGNATURES:
            target = public
        else:
            target = f"compat.v1.{public}"
        ctx.report(original, self.code, Severity.INFO, f"private tensorflow.{symbol} is public tf.{target}", fixed=True)
        return ctx.replace(original, ctx.ref(target))
