"""TOCO / the v1 TFLite converter -> ``tf.lite.TFLiteConverter`` of TF2 (concrete functions, SavedModels).

TF1.15's ``tf.lite.TocoConverter`` (renamed ``TFLiteConverter``) is built from a session, a frozen
GraphDef file or a Keras model file. TF2's ``tf.lite.TFLiteConverter`` has none of these
constructors: it converts concrete functions, SavedModels and Keras models. The v1 class lives on
as ``tf.compat.v1.lite.TFLiteConverter``, which is the fallback wherever the TF2 form can't be shown
to convert the same graph. (``tf.contrib.lite.*`` is the contrib table's: TFM200.)
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from migrate.data.export_map import (FROM_FROZEN_GRAPH_PARAMS, FROZEN_CONCRETE_FUNCTION,
                                     FROZEN_CONCRETE_FUNCTION_SOURCE, SESSION_ONLY, SHARED_ATTRIBUTES, V1_CONVERTERS)
from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules.freezing import _insert

FROM_FROZEN_GRAPH = frozenset(f"{c}.from_frozen_graph" for c in V1_CONVERTERS)


class FromFrozenGraph(Rule):
    """``tf.lite.TocoConverter.from_frozen_graph(pb, ["input"], ["out"])`` -> ``from_concrete_functions``.

    TF2: ``tf.lite.TFLiteConverter.from_concrete_functions([frozen_graph_concrete_function(pb,
    ["input"], ["out"])])`` -- the GraphDef read from the file, imported in
    ``tf.compat.v1.wrap_function`` and pruned to the named arrays (GraphDefs have no TF2 loader:
    this is the TF2 way), with the helper written into the file once. The converter is the v2
    one, so it falls back to ``tf.compat.v1.lite.TFLiteConverter.from_frozen_graph`` (a warning)
    when the file is kept in graph mode, ``input_shapes`` is passed, the arguments can't be read,
    or the converter's settings include a v1-only attribute (``inference_type``,
    ``post_training_quantize``, ``quantized_input_stats``...: the v2 object would silently ignore them).
    """

    code = "TFM292"
    family = "tflite"
    safety = Safety.REVIEW
    description = "TocoConverter/TFLiteConverter.from_frozen_graph -> TF2 from_concrete_functions of the pruned GraphDef"
    program = True
    symbols = FROM_FROZEN_GRAPH
    examples = (
        Example(
            "import tensorflow as tf\nconverter = tf.lite.TocoConverter.from_frozen_graph('g.pb', ['input'], ['out'])\n"
            "blob = converter.convert()\n",
            "import tensorflow as tf\n\n" + FROZEN_CONCRETE_FUNCTION_SOURCE.format(tf="tf") +
            "\n\nconverter = tf.lite.TFLiteConverter.from_concrete_functions("
            "[frozen_graph_concrete_function('g.pb', ['input'], ['out'])])\nblob = converter.convert()\n",
        ),
        Example(
            "import tensorflow as tf\nc = tf.lite.TFLiteConverter.from_frozen_graph('g.pb', ['x'], ['y'])\n"
            "c.post_training_quantize = True\n",
            "import tensorflow as tf\nc = tf.compat.v1.lite.TFLiteConverter.from_frozen_graph('g.pb', ['x'], ['y'])\n"
            "c.post_training_quantize = True\n",
            "a v1-only setting: the v1 converter is kept",
        ),
        Example(
            "import tensorflow as tf\nc = tf.lite.TFLiteConverter.from_frozen_graph('g.pb', ['x'], ['y'], {'x': [1, 4]})\n",
            "import tensorflow as tf\n"
            "c = tf.compat.v1.lite.TFLiteConverter.from_frozen_graph('g.pb', ['x'], ['y'], {'x': [1, 4]})\n",
            "input_shapes: the v1 converter is kept",
        ),
        Example("import tensorflow as tf\nc = tf.lite.TFLiteConverter.from_saved_model(d)\n", None, "already TF2"),
        Example("import tensorflow.compat.v1 as tf\nc = tf.lite.TFLiteConverter.from_frozen_graph('g.pb', ['x'], ['y'])\n",
                None, "the v1 API on purpose"),
    )

    def on_module(self, module, ctx):
        if not FROM_FROZEN_GRAPH & set(ctx.symbols.values()) or ctx.compat_alias:
            return None
        if FROZEN_CONCRETE_FUNCTION in ctx.names.module_scope.bindings:
            return None
        rewriter = _FrozenGraphCalls(self.code, ctx, _v1_settings(module))
        rewritten = module.visit(rewriter)
        if not rewriter.changed:
            return None
        if rewriter.converted:
            rewritten = _insert(rewritten, FROZEN_CONCRETE_FUNCTION_SOURCE.format(tf=ctx.tf_alias or "tf"))
        return rewritten


def _v1_settings(module: cst.Module) -> dict[str, str]:
    """Name -> a v1-only converter attribute the module sets or reads on it (``c.inference_type = ...``)."""
    found = {}
    for node in m.findall(module, m.Attribute(value=m.Name())):
        if node.attr.value not in SHARED_ATTRIBUTES:
            found.setdefault(node.value.value, node.attr.value)
    return found


class _FrozenGraphCalls(cst.CSTTransformer):
    def __init__(self, code, ctx, v1_settings) -> None:
        self.code, self.ctx, self.v1_settings = code, ctx, v1_settings
        self.targets: dict[int, str] = {}  # id(call) -> the name it is assigned to
        self.changed = self.converted = 0

    def visit_Assign(self, node):
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) and isinstance(node.value, cst.Call):
            self.targets[id(node.value)] = node.targets[0].target.value

    def leave_Call(self, original, updated):
        symbol = self.ctx.symbol(original.func)
        if symbol not in FROM_FROZEN_GRAPH or self.ctx.spelled_compat(original.func):
            return updated
        why = self._refusal(original)
        self.changed += 1
        if why:
            fallback = "compat.v1.lite.TFLiteConverter.from_frozen_graph"
            self.ctx.report(original, self.code, Severity.WARNING,
                            f"tf.{symbol} kept as tf.{fallback}: {why}; TF2: tf.lite.TFLiteConverter."
                            "from_concrete_functions / from_saved_model", fixed=True)
            return updated.with_changes(func=self.ctx.ref(fallback))
        self.converted += 1
        self.ctx.report(original, self.code, Severity.WARNING,
                        f"tf.{symbol} -> tf.lite.TFLiteConverter.from_concrete_functions of the GraphDef pruned in "
                        f"tf.compat.v1.wrap_function ({FROZEN_CONCRETE_FUNCTION}, written into the file; GraphDefs have no "
                        "TF2 loader: this is the TF2 way); the v2 converter's defaults apply: review its settings",
                        fixed=True)
        helper = cst.Call(cst.Name(FROZEN_CONCRETE_FUNCTION), [cst.Arg(a.value) for a in updated.args])
        return cst.Call(self.ctx.ref("lite.TFLiteConverter.from_concrete_functions"),
                        [cst.Arg(cst.List([cst.Element(helper)]))])

    def _refusal(self, call: cst.Call) -> str | None:
        bound = _calls.bind(call, FROM_FROZEN_GRAPH_PARAMS)
        if bound is None or {"graph_def_file", "input_arrays", "output_arrays"} - set(bound):
            return "its arguments can't be read statically"
        if "input_shapes" in bound:
            return "it passes input_shapes (the pruned function takes the GraphDef's own shapes)"
        if self.ctx.graph_mode:
            return "the file is kept in graph mode"
        name = self.targets.get(id(call))
        if name in self.v1_settings:
            return f"the converter's '{self.v1_settings[name]}' is a v1-only setting"
        return None


class V1ConverterEntryPoints(Rule):
    """``TocoConverter.from_session``, ``toco_convert``, ``from_keras_model_file`` -> ``tf.compat.v1.lite`` + the recipe.

    TF2's converter has no session or model-file constructor; the TF2 form starts from a
    ``tf.function`` or a loaded Keras model, which is not at the call site. The v1 API is the same
    code under ``tf.compat.v1.lite`` (a warning names the TF2 form), so the file keeps running.
    """

    code = "TFM293"
    family = "tflite"
    description = "v1 TFLite entry points (from_session, toco_convert, from_keras_model_file) -> tf.compat.v1.lite"
    symbols = frozenset(SESSION_ONLY) | frozenset(V1_CONVERTERS[:1])
    examples = (
        Example("import tensorflow as tf\nc = tf.lite.TocoConverter.from_session(sess, [x], [y])\n",
                "import tensorflow as tf\nc = tf.compat.v1.lite.TFLiteConverter.from_session(sess, [x], [y])\n"),
        Example("import tensorflow as tf\nblob = tf.lite.toco_convert(sess.graph_def, [x], [y])\n",
                "import tensorflow as tf\nblob = tf.compat.v1.lite.toco_convert(sess.graph_def, [x], [y])\n"),
        Example("import tensorflow as tf\nc = tf.lite.TFLiteConverter.from_keras_model(model)\n", None, "already TF2"),
        Example("import tensorflow.compat.v1 as tf\nc = tf.lite.TocoConverter.from_session(sess, [x], [y])\n", None,
                "the v1 API on purpose"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        if ctx.spelled_compat(original) or ctx.compat_alias or not ctx.options.fallback:
            return None
        target = "compat.v1." + symbol.replace("TocoConverter", "TFLiteConverter")
        recipe = SESSION_ONLY.get(symbol, "tf.lite.TFLiteConverter (from_concrete_functions / from_saved_model / "
                                          "from_keras_model)")
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.{symbol} has no TF2 form at the call site; kept as tf.{target}; TF2: {recipe}", fixed=True)
        return ctx.replace(original, ctx.ref(target))
