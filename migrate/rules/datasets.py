"""TF1 dataset and iterator attributes TF2's ``tf.data`` objects no longer have."""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity

# attribute -> the tf.compat.v1.data function TF's own "Migrate to TF2" notes give for it
_GETTERS = {"output_types": "get_output_types", "output_shapes": "get_output_shapes",
            "output_classes": "get_output_classes"}


class DatasetOutputAttributes(Rule):
    """``ds.output_types`` / ``output_shapes`` / ``output_classes`` -> ``tf.compat.v1.data.get_output_types(ds)``.

    TF1 datasets and iterators had these attributes; TF2's datasets have
    ``element_spec`` instead, so the attribute raises AttributeError. The
    ``tf.compat.v1.data`` getters accept TF1 and TF2 datasets and iterators
    alike (TensorFlow's own ``tf_upgrade_v2`` makes the same change). An
    attribute is not a TensorFlow name, so the object can't be resolved: the
    rule only runs in files that are certainly TF1 and leaves ``self.<attr>``
    (a class of the file's own) alone; it says so in a review finding.
    """

    code = "TFM114"
    family = "data"
    safety = Safety.REVIEW
    description = "ds.output_types / output_shapes / output_classes -> tf.compat.v1.data.get_output_*(ds)"
    program = True
    prefixes = ("data.",)  # a file using tf.data; the attribute itself is not a TensorFlow name
    module_words = tuple(_GETTERS)  # on_module reads ".output_types" & co. in the file's text (module.code)
    examples = (
        Example("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
                "it = tf.data.Iterator.from_structure(ds.output_types, ds.output_shapes)\n",
                "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
                "it = tf.data.Iterator.from_structure(tf.compat.v1.data.get_output_types(ds), "
                "tf.compat.v1.data.get_output_shapes(ds))\n"),
        Example("import tensorflow.compat.v1 as tf\nds = tf.data.TFRecordDataset(f)\nt = ds.output_types\n",
                "import tensorflow.compat.v1 as tf\nds = tf.data.TFRecordDataset(f)\nt = tf.data.get_output_types(ds)\n",
                "compat.v1 imported as tf: the getter is already under it"),
        Example("import tensorflow as tf\nds = tf.data.Dataset.range(3)\nshapes = model.output_shapes\n", None,
                "not certainly TF1 code: the object could be anything"),
        Example("import tensorflow as tf\nx = tf.placeholder(tf.float32)\nshapes = model.output_shapes\n", None,
                "a TF1 file that does not use tf.data"),
        Example("import tensorflow as tf\nx = tf.placeholder(tf.float32)\nds = tf.data.Dataset.range(3)\n"
                "y = self.output_types\n", None,
                "an attribute of the file's own class"),
    )

    def on_module(self, module, ctx):
        if ctx.dialect != "v1" or not any(s.startswith(self.prefixes) for s in ctx.symbols.values()):
            return None
        if not any(f".{attr}" in module.code for attr in _GETTERS):
            return None
        tf = ctx.tf_alias or "tf"
        prefix = tf if ctx.tf_alias and not ctx.compat_alias else None
        rule = self

        class _Attributes(cst.CSTTransformer):
            def leave_Attribute(self, original, updated):
                name = original.attr.value
                if name not in _GETTERS or (isinstance(original.value, cst.Name) and original.value.value == "self"):
                    return updated
                if ctx.symbol(original) is not None:
                    return updated  # a TensorFlow name (tf.something.output_types): not a dataset
                getter = (f"{prefix}.compat.v1.data.{_GETTERS[name]}" if prefix
                          else f"{tf}.data.{_GETTERS[name]}")  # `import tensorflow.compat.v1 as tf`: already v1
                ctx.report(original, rule.code, Severity.WARNING,
                           f".{name} (a TF1 dataset/iterator attribute) -> {getter}(...): review that the object is a "
                           "tf.data dataset or iterator", fixed=True)
                return cst.Call(cst.parse_expression(getter), args=[cst.Arg(updated.value)])

        rewritten = module.visit(_Attributes())
        if rewritten.deep_equals(module):
            return None
        if ctx.tf_alias is None:
            ctx.add_import("tensorflow", asname="tf")
            rewritten = AddImportsVisitor(ctx.codemod).transform_module(rewritten)
        return rewritten
