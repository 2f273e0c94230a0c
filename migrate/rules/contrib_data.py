"""``ds.apply(tf.contrib.data.batch_and_drop_remainder(n))`` -> ``ds.batch(n, drop_remainder=True)``."""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls

# contrib.data transformation -> (its parameters, the tf.data.Dataset method that does the same with drop_remainder=True)
DROP_REMAINDER = {
    "contrib.data.batch_and_drop_remainder": (("batch_size",), "batch"),
    "contrib.data.padded_batch_and_drop_remainder": (("batch_size", "padded_shapes", "padding_values"), "padded_batch"),
}


class _Apply(cst.CSTTransformer):
    def __init__(self, ctx):
        self.ctx, self.count, self.first = ctx, 0, None

    def leave_Call(self, original, updated):
        if not (isinstance(original.func, cst.Attribute) and original.func.attr.value == "apply"
                and len(original.args) == 1 and original.args[0].keyword is None and not original.args[0].star
                and isinstance(original.args[0].value, cst.Call)):
            return updated
        inner = original.args[0].value
        found = DROP_REMAINDER.get(self.ctx.symbol(inner.func))
        if found is None:
            return updated
        params, method = found
        bound = _calls.bind(inner, params)
        if bound is None or "batch_size" not in bound:
            return updated  # left to TFM201's report
        args = [_calls.keyword(bound[p], p) if bound[p].keyword else _calls.positional(bound[p])
                for p in params if p in bound]
        args.append(_calls.keyword(cst.Arg(cst.Name("True")), "drop_remainder"))
        self.count += 1
        self.first = self.first or inner
        func = updated.func.with_changes(attr=cst.Name(method))
        return _calls.rebuild(updated.with_changes(func=func, args=[]), args)


class ContribDropRemainder(Rule):
    """``ds.apply(tf.contrib.data.batch_and_drop_remainder(32))`` -> ``ds.batch(32, drop_remainder=True)``.

    TF1 pattern: contrib's batch-dropping-the-last-partial-batch transformations,
    which TF 1.10 replaced by ``drop_remainder=True`` on ``Dataset.batch`` /
    ``padded_batch``; contrib's functions were exactly ``lambda ds:
    ds.batch(batch_size, drop_remainder=True)`` (padded: with ``padded_shapes``,
    ``padding_values``). Replacement: the method call on the dataset ``apply``
    was called on. Only the ``.apply(...)`` form is rewritten: a transformation
    kept in a name or passed elsewhere is left to TFM201's report.
    """

    code = "TFM211"
    family = "contrib"
    description = "ds.apply(contrib.data.batch_and_drop_remainder(n)) -> ds.batch(n, drop_remainder=True)"
    program = True
    symbols = frozenset(DROP_REMAINDER)
    examples = (
        Example("import tensorflow as tf\nds = ds.apply(tf.contrib.data.batch_and_drop_remainder(32))\n",
                "import tensorflow as tf\nds = ds.batch(32, drop_remainder=True)\n"),
        Example("import tensorflow as tf\n"
                "ds = ds.apply(tf.contrib.data.padded_batch_and_drop_remainder(8, padded_shapes=[None]))\n",
                "import tensorflow as tf\nds = ds.padded_batch(8, padded_shapes=[None], drop_remainder=True)\n"),
        Example("from tensorflow.contrib.data import batch_and_drop_remainder\n"
                "ds = make().apply(batch_and_drop_remainder(batch_size=4)).prefetch(1)\n",
                "ds = make().batch(batch_size=4, drop_remainder=True).prefetch(1)\n", "a from-import"),
        Example("import tensorflow as tf\nfn = tf.contrib.data.batch_and_drop_remainder(32)\n", None,
                "kept in a name: reported by TFM201"),
        Example("import tensorflow as tf\nds = ds.batch(32, drop_remainder=True)\n", None, "already TF2"),
        Example("import mylib as tf\nds = ds.apply(tf.contrib.data.batch_and_drop_remainder(32))\n", None,
                "not TensorFlow"),
    )

    def on_module(self, module, ctx):
        if not set(ctx.symbols.values()) & self.symbols:
            return None
        apply = _Apply(ctx)
        rewritten = module.visit(apply)
        if not apply.count:
            return None
        ctx.report(apply.first, self.code, Severity.INFO,
                   "contrib.data's drop-remainder batching is Dataset.batch/padded_batch(..., drop_remainder=True)",
                   fixed=True)
        # ``from tensorflow.contrib.data import batch_and_drop_remainder``: contrib is gone, the import must go
        remove = CodemodContext()
        for symbol in DROP_REMAINDER:
            RemoveImportsVisitor.remove_unused_import(remove, "tensorflow." + symbol.rsplit(".", 1)[0],
                                                      symbol.rsplit(".", 1)[1])
        return RemoveImportsVisitor(remove).transform_module(rewritten)
