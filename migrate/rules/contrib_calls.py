"""``tf.contrib.summary`` and ``tf.contrib.eager`` calls whose TF2 twin takes other arguments."""

from __future__ import annotations

import libcst as cst

from migrate.data.contrib_map import symbols_of
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules.contrib_init import CallRule, literal

# contrib.summary op -> (its parameters, {contrib keyword: TF2 keyword}, contrib parameters TF2 lacks)
_SUMMARY = {
    "scalar": (("name", "tensor", "family", "step"), {"tensor": "data"}, ("family",)),
    "histogram": (("name", "tensor", "family", "step"), {"tensor": "data"}, ("family",)),
    "image": (("name", "tensor", "bad_color", "max_images", "family", "step"),
              {"tensor": "data", "max_images": "max_outputs"}, ("family", "bad_color")),
}
_RECORD = {"always_record_summaries": "True", "never_record_summaries": "False"}


class ContribSummaryCall(CallRule):
    """``tf.contrib.summary.scalar('loss', l, step=s)`` -> ``tf.summary.scalar('loss', l, step=s)``.

    TF1 pattern: the TF2-style summaries of TF 1.x. ``scalar``/``histogram``/
    ``image`` defaulted ``step`` to the global step, which TF2 lacks (it raises
    without ``step=`` or ``tf.summary.experimental.set_step``), and took
    ``family`` as the third positional argument where TF2 takes ``step``.
    Replacement: the TF2 op with ``step`` as a keyword, only when ``step`` is
    given and ``family``/``bad_color`` are not. ``always_record_summaries()`` /
    ``never_record_summaries()`` are ``tf.summary.record_if(True/False)``.
    ``tf.contrib.eager.Iterator(ds)`` is ``iter(ds)``.
    """

    code = "TFM202"
    family = "contrib"
    description = "contrib.summary ops -> tf.summary with an explicit step; record_if; tfe.Iterator -> iter"
    symbols = symbols_of("TFM202")
    examples = (
        Example("import tensorflow as tf\ntf.contrib.summary.scalar('loss', loss, step=step)\n",
                "import tensorflow as tf\ntf.summary.scalar('loss', loss, step=step)\n"),
        Example("import tensorflow as tf\ntf.contrib.summary.histogram('w', w, None, step)\n",
                "import tensorflow as tf\ntf.summary.histogram('w', w, step=step)\n"),
        Example("import tensorflow as tf\nwith tf.contrib.summary.always_record_summaries():\n    pass\n",
                "import tensorflow as tf\nwith tf.summary.record_if(True):\n    pass\n"),
        Example("import tensorflow as tf\nfrom tensorflow.contrib import eager as tfe\nit = tfe.Iterator(dataset)\n",
                "import tensorflow as tf\nit = iter(dataset)\n"),
        Example("import tensorflow as tf\ntf.contrib.summary.scalar('loss', loss)\n", None,
                "no step: TF2 would raise; reported"),
        Example("import tensorflow as tf\ntf.contrib.summary.scalar('loss', loss, family='train', step=s)\n", None,
                "family has no TF2 twin: reported"),
        Example("import tensorflow as tf\ntf.summary.scalar('loss', loss, step=step)\n", None, "already TF2"),
    )

    def on_call(self, original, updated, symbol, ctx):
        name = symbol.rsplit(".", 1)[-1]
        if name == "Iterator":
            if len(updated.args) != 1 or updated.args[0].keyword is not None or updated.args[0].star:
                return self._refuse(original, symbol, ctx, "pass the dataset alone, then it is iter(dataset)")
            ctx.report(original, self.code, Severity.INFO, f"tf.{symbol}(dataset) is iter(dataset) in TF2", fixed=True)
            dataset = _calls.positional(updated.args[0]).with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return ctx.replace(original.func, cst.Call(cst.Name("iter"), [dataset]))
        if name in _RECORD:
            if updated.args:
                return self._refuse(original, symbol, ctx, "it takes no arguments")
            ctx.report(original, self.code, Severity.INFO, f"tf.{symbol}() is tf.summary.record_if({_RECORD[name]})",
                       fixed=True)
            return ctx.replace(original.func, cst.Call(ctx.ref("summary.record_if"), [cst.Arg(cst.Name(_RECORD[name]))]))
        params, renamed, lacking = _SUMMARY[name]
        bound = _calls.bind(updated, params)
        if bound is None:
            return self._refuse(original, symbol, ctx, "its arguments can't be matched statically")
        if "step" not in bound:
            return self._refuse(original, symbol, ctx, "contrib defaulted step to the global step; TF2 raises "
                                "without one: pass step= (or call tf.summary.experimental.set_step)")
        given = [p for p in lacking if p in bound and literal(bound[p].value) is not None]
        if given:
            return self._refuse(original, symbol, ctx, f"{given[0]} has no TF2 counterpart")
        args = []
        for param in params:
            arg = bound.get(param)
            if arg is None or param in lacking:
                continue
            if param == "step" or (arg.keyword is not None and param in renamed) or param == "max_images":
                arg = _calls.keyword(arg, renamed.get(param, param))
            args.append(arg)
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol} -> tf.summary.{name} (step passed by keyword)",
                   fixed=True)
        func = ctx.ref(f"summary.{name}")
        return ctx.replace(original.func, _calls.rebuild(updated.with_changes(func=func), args))

    def _refuse(self, original, symbol, ctx, why):
        ctx.report(original, self.code, Severity.ERROR, f"tf.{symbol} was removed in TF2; not rewritten: {why}",
                   fixed=False)
        return None
