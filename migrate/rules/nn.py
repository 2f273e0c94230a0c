"""``tf.nn`` functions whose TF2 namesake means something else."""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls


class Dropout(Rule):
    """``tf.nn.dropout(x, keep_prob)`` -> ``tf.nn.dropout(x, rate=1 - keep_prob)``.

    TF1 took the probability to *keep*; TF2 takes the probability to *drop*.
    TF1 itself computed ``rate = 1 - keep_prob``, so the rewrite is exact.
    Refuses a positional second argument when the file may already be TF2
    code (there it already is a rate).
    """

    code = "TFM111"
    family = "nn"
    description = "tf.nn.dropout keep_prob -> rate = 1 - keep_prob"
    symbols = frozenset({"nn.dropout"})
    examples = (
        Example(
            "import tensorflow as tf\nx = tf.random_normal([4, 8])\nkeep_prob = 0.8\nh = tf.nn.dropout(x, keep_prob)\n",
            "import tensorflow as tf\nx = tf.random.normal([4, 8])\nkeep_prob = 0.8\nh = tf.nn.dropout(x, rate=1 - keep_prob)\n",
        ),
        Example(
            "import tensorflow as tf\nh = tf.nn.dropout(x, keep_prob=0.5 + p)\n",
            "import tensorflow as tf\nh = tf.nn.dropout(x, rate=1 - (0.5 + p))\n",
        ),
        Example("import tensorflow as tf\nh = tf.nn.dropout(x, rate=0.5)\n", None, "already TF2"),
        Example("import tensorflow as tf\nh = tf.nn.dropout(x, 0.5)\n", None,
                "a positional probability in a file that may be TF2 code is ambiguous: reported"),
    )

    def on_call(self, original, updated, symbol, ctx):
        bound = _calls.bind(updated, ("x", "keep_prob", "noise_shape", "seed", "name", "rate"))
        keep = bound.get("keep_prob") if bound else None
        if keep is None:
            return None
        if ctx.graph_mode and not ctx.compat_alias and ctx.options.fallback:
            if ctx.spelled_compat(original.func):
                return None  # already the v1 op
            # kept in graph mode: the v1 op takes keep_prob as it was, including a placeholder of unknown shape
            ctx.report(original, self.code, Severity.WARNING, "tf.nn.dropout kept in graph mode as "
                       "tf.compat.v1.nn.dropout (keep_prob)", fixed=True)
            return updated.with_changes(func=ctx.replace(original.func, ctx.ref("compat.v1.nn.dropout")))
        if keep.keyword is None and ctx.dialect != "v1":
            ctx.report(original, self.code, Severity.WARNING,
                       "tf.nn.dropout: second argument is keep_prob in TF1 but rate in TF2; "
                       "this file may already be TF2 code, so it is left as is", fixed=False)
            return None
        rate = cst.BinaryOperation(cst.Integer("1"), cst.Subtract(), _calls.parenthesize(keep.value))
        args = [_calls.keyword(keep.with_changes(value=rate), "rate") if a is keep else a for a in updated.args]
        ctx.report(original, self.code, Severity.INFO, "tf.nn.dropout: keep_prob became rate = 1 - keep_prob", fixed=True)
        return _calls.rebuild(updated, args)


class SoftmaxCrossEntropyV1(Rule):
    """v1 ``tf.nn.softmax_cross_entropy_with_logits`` -> the TF2 op with ``tf.stop_gradient(labels)``.

    The TF1 op sent no gradient into ``labels``; the TF2 op does. Wrapping the
    labels in ``tf.stop_gradient`` keeps the TF1 meaning exactly (and costs
    nothing when the labels are data). ``dim`` becomes ``axis``. Fires only in
    files that are certainly TF1 code.
    """

    code = "TFM112"
    family = "nn"
    description = "v1 softmax_cross_entropy_with_logits: stop the gradient into labels, dim -> axis"
    symbols = frozenset({"nn.softmax_cross_entropy_with_logits"})
    examples = (
        Example(
            "import tensorflow as tf\ny = tf.placeholder(tf.float32)\n"
            "c = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)\n",
            "import tensorflow as tf\ny = tf.placeholder(tf.float32)\n"
            "c = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=z)\n",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\nc = tf.nn.softmax_cross_entropy_with_logits(logits=z, labels=y, dim=1)\n",
            "import tensorflow.compat.v1 as tf\nc = tf.nn.softmax_cross_entropy_with_logits(logits=z, labels=tf.stop_gradient(y), axis=1)\n",
        ),
        Example("import tensorflow as tf\nc = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)\n", None,
                "may already be TF2 code"),
    )

    def on_call(self, original, updated, symbol, ctx):
        if ctx.dialect != "v1" or (ctx.graph_mode and not ctx.compat_alias):
            return None  # under ``import tensorflow`` with eager turned off, the name is TF2's own op
        bound = _calls.bind(updated, ("labels", "logits", "dim", "name", "axis"))
        if not bound or "labels" not in bound or bound["labels"].keyword is None:
            return None
        labels = bound["labels"]
        if _calls.callee_name(labels.value) == "stop_gradient":
            return None  # already migrated
        stopped = labels.with_changes(value=cst.Call(ctx.ref("stop_gradient"), [cst.Arg(labels.value)]))
        args = []
        for arg in updated.args:
            if arg is labels:
                arg = stopped
            elif arg is bound.get("dim"):
                arg = _calls.keyword(arg, "axis")
            args.append(arg)
        ctx.report(original, self.code, Severity.INFO,
                   "v1 softmax_cross_entropy_with_logits: labels wrapped in tf.stop_gradient to keep TF1 gradients",
                   fixed=True)
        return _calls.rebuild(updated, args)
