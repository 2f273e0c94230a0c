"""``tf.contrib.losses`` / ``slim.losses`` / ``tf.contrib.metrics.accuracy``: core ops with contrib's reduction.

contrib's losses took ``(logits|predictions, labels)`` -- the reverse of
``tf.losses`` -- and reduced with SUM_BY_NONZERO_WEIGHTS: with the default
``weights=1.0`` that is the plain mean over every element, which core ops
write exactly. Other weights need the weighted reduction, so those calls fall
back to ``tf.compat.v1.losses`` with every argument by keyword.
"""

from __future__ import annotations

import libcst as cst

from migrate.data.contrib_map import symbols_of
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules.contrib import build
from migrate.rules.contrib_init import _NOT_LITERAL, CallRule, literal

# name -> contrib parameters in order (the first two are the ones the core form reads)
_PARAMS = {
    "softmax_cross_entropy": ("logits", "onehot_labels", "weights", "label_smoothing", "scope"),
    "sparse_softmax_cross_entropy": ("logits", "labels", "weights", "scope"),
    "sigmoid_cross_entropy": ("logits", "multi_class_labels", "weights", "label_smoothing", "scope"),
    "mean_squared_error": ("predictions", "labels", "weights", "scope"),
    "absolute_difference": ("predictions", "labels", "weights", "scope"),
    "accuracy": ("predictions", "labels", "weights", "name"),
}
# Reading the LOSSES collection (contrib and v1 losses add to it; the core-op form does not).
_COLLECTION_READERS = frozenset({f"{m}.{f}" for m in ("contrib.losses", "contrib.slim.losses", "losses")
                                 for f in ("get_total_loss", "get_losses")})
_DEFAULTS = {"weights": (1.0, None), "label_smoothing": (0, 0.0), "scope": (None,), "name": (None,)}


def _simple(expr: cst.BaseExpression) -> bool:
    """Safe to write twice (no call, so no second evaluation)."""
    return isinstance(expr, cst.Name) or (isinstance(expr, cst.Attribute) and _simple(expr.value))


def _call(ctx, func: str, *args: cst.BaseExpression, **keywords: cst.BaseExpression) -> cst.Call:
    parts = [cst.Arg(a) for a in args] + [_calls.keyword(cst.Arg(v), k) for k, v in keywords.items()]
    return _calls.rebuild(cst.Call(ctx.ref(func), parts), parts)


def core_form(ctx, name: str, first: cst.BaseExpression, second: cst.BaseExpression) -> cst.BaseExpression | None:
    """The core-op expression of a default-weights contrib loss (None: needs an expression twice)."""
    f32 = ctx.ref("float32")
    if name == "softmax_cross_entropy":  # the v1 op contrib used sent no gradient into the labels
        inner = _call(ctx, "nn.softmax_cross_entropy_with_logits",
                      labels=_call(ctx, "stop_gradient", second), logits=first)
    elif name == "sparse_softmax_cross_entropy":
        inner = _call(ctx, "nn.sparse_softmax_cross_entropy_with_logits", labels=second, logits=first)
    elif name == "sigmoid_cross_entropy":  # contrib cast the labels to the logits' dtype
        if not _simple(first):
            return None
        dtype = cst.Attribute(first, cst.Name("dtype"))
        labels = _call(ctx, "cast", second, dtype)
        inner = _call(ctx, "nn.sigmoid_cross_entropy_with_logits", labels=labels, logits=first)
    elif name in ("mean_squared_error", "absolute_difference"):  # contrib cast both to float32
        p, l = _call(ctx, "cast", first, f32), _call(ctx, "cast", second, ctx.ref("float32"))
        inner = (_call(ctx, "math.squared_difference", p, l) if name == "mean_squared_error"
                 else _call(ctx, "abs", cst.BinaryOperation(p, cst.Subtract(), l)))
    else:  # accuracy: contrib cast the predictions to the labels' dtype
        if not _simple(second):
            return None
        predictions = _call(ctx, "cast", first, cst.Attribute(second, cst.Name("dtype")))
        inner = _call(ctx, "cast", _call(ctx, "equal", predictions, second), f32)
    return _call(ctx, "reduce_mean", inner)


class ContribLoss(CallRule):
    """``tf.contrib.losses.softmax_cross_entropy(logits, y)`` -> ``tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(...))``.

    TF1 pattern: ``tf.contrib.losses.*`` / ``slim.losses.*`` (``(logits,
    labels)`` order) and the non-streaming ``tf.contrib.metrics.accuracy``.
    Replacement, when only the first two arguments are passed (or defaults):
    the mean of the core op, with contrib's casts and its ``stop_gradient`` on
    one-hot labels. Otherwise (weights, label smoothing, scope) the call falls
    back to ``tf.compat.v1.losses.<name>`` with keywords (a warning), or is left
    and reported with ``--no-fallback``. The core form is not added to the
    LOSSES collection, so in a file that reads it (``get_total_loss``,
    ``get_losses``) every loss takes the compat.v1 form, which is.
    """

    code = "TFM204"
    family = "contrib"
    description = "contrib.losses (logits, labels order) -> mean of the core op; weighted calls -> compat.v1.losses"
    symbols = symbols_of("TFM204")
    examples = (
        Example("import tensorflow as tf\nloss = tf.contrib.losses.softmax_cross_entropy(logits, y)\n",
                "import tensorflow as tf\nloss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), "
                "logits=logits))\n"),
        Example("from tensorflow.contrib import slim\nloss = slim.losses.sparse_softmax_cross_entropy(logits, labels)\n",
                "import tensorflow as tf\n\nloss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, "
                "logits=logits))\n", "slim spelling"),
        Example("import tensorflow as tf\nloss = tf.contrib.losses.mean_squared_error(pred, y)\n",
                "import tensorflow as tf\nloss = tf.reduce_mean(tf.math.squared_difference(tf.cast(pred, tf.float32), "
                "tf.cast(y, tf.float32)))\n"),
        Example("import tensorflow as tf\nloss = tf.contrib.losses.sigmoid_cross_entropy(z, y, weights=w)\n",
                "import tensorflow as tf\nloss = tf.compat.v1.losses.sigmoid_cross_entropy(logits=z, multi_class_labels=y, "
                "weights=w)\n", "weighted: the v1 loss with keywords"),
        Example("import tensorflow as tf\ntf.contrib.losses.sigmoid_cross_entropy(z, y)\n"
                "train(tf.contrib.losses.get_total_loss())\n",
                "import tensorflow as tf\ntf.compat.v1.losses.sigmoid_cross_entropy(logits=z, multi_class_labels=y)\n"
                "train(tf.compat.v1.losses.get_total_loss())\n", "the file reads the LOSSES collection"),
        Example("import tensorflow as tf\nacc = tf.contrib.metrics.accuracy(pred, labels)\n",
                "import tensorflow as tf\nacc = tf.reduce_mean(tf.cast(tf.equal(tf.cast(pred, labels.dtype), labels), "
                "tf.float32))\n"),
        Example("import tensorflow as tf\nloss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=z))\n",
                None, "already TF2"),
        Example("import tensorflow as tf\ndef f(tf):\n    return tf.contrib.losses.softmax_cross_entropy(z, y)\n", None,
                "a parameter shadows tf"),
        Example("import tensorflow as tf\nloss = tf.contrib.losses.softmax_cross_entropy(*args)\n", None,
                "unknown binding: reported"),
    )

    def on_call(self, original, updated, symbol, ctx):
        name = symbol.rsplit(".", 1)[-1]
        params = _PARAMS[name]
        bound = _calls.bind(updated, params)
        if bound is None or params[0] not in bound or params[1] not in bound:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2; its arguments can't be matched statically "
                       f"(contrib order: {', '.join(params)})", fixed=False)
            return None
        extra = [p for p in params[2:] if p in bound and literal(bound[p].value) not in _DEFAULTS[p]]
        collected = name != "accuracy" and bool(set(ctx.symbols.values()) & _COLLECTION_READERS)
        if not extra and not collected:
            form = core_form(ctx, name, bound[params[0]].value, bound[params[1]].value)
            if form is not None:
                ctx.report(original, self.code, Severity.INFO,
                           f"tf.{symbol}({params[0]}, {params[1]}) is the mean of the core op (contrib's argument "
                           "order and reduction kept)", fixed=True)
                return ctx.replace(original.func, form)
        if name == "accuracy" or not ctx.options.fallback:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2; not rewritten: "
                       + (f"{extra[0]} needs the weighted reduction" if extra else "an argument would be evaluated twice"),
                       fixed=False)
            return None
        args = [_calls.keyword(bound[p], p) for p in params if p in bound]
        why = " (this file reads the LOSSES collection, which only the v1 loss adds to)" if collected and not extra else ""
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.{symbol}: kept on tf.compat.v1.losses.{name} with keyword arguments (contrib's order was "
                   f"{params[0]}, {params[1]}){why}", fixed=True)
        func = ctx.ref(f"compat.v1.losses.{name}")
        return ctx.replace(original.func, _calls.rebuild(updated.with_changes(func=func), args))


class ContribMetricLearning(CallRule):
    """``tf.contrib.losses.metric_learning.triplet_semihard_loss`` -> ``tfa.losses.triplet_semihard_loss(..., distance_metric="squared-L2")``.

    TF1 pattern: contrib's semi-hard triplet loss over squared Euclidean
    distances. Replacement on ``--target tf2.15``: the tensorflow-addons port
    of the same code, whose default distance is the *non*-squared L2, so the
    squared metric is pinned. On ``--target latest`` (no addons) the call is
    left with an error. Refuses when ``tfa`` names something else.
    """

    code = "TFM205"
    family = "contrib"
    description = "contrib metric_learning.triplet_semihard_loss -> tfa.losses with squared-L2 distances (tf2.15)"
    symbols = symbols_of("TFM205")
    examples = (
        Example("import tensorflow as tf\nloss = tf.contrib.losses.metric_learning.triplet_semihard_loss(labels, emb)\n",
                "import tensorflow as tf\nimport tensorflow_addons as tfa\n\n"
                "loss = tfa.losses.triplet_semihard_loss(labels, emb, distance_metric=\"squared-L2\")\n"),
        Example("import tensorflow as tf\nloss = tf.contrib.losses.metric_learning.triplet_semihard_loss(labels, emb, "
                "distance_metric='L2')\n", None, "not contrib's signature: reported"),
    )

    def on_call(self, original, updated, symbol, ctx):
        bound = _calls.bind(updated, ("labels", "embeddings", "margin"))
        why = ("--target latest has no tensorflow-addons and core has no triplet loss; compute it by hand"
               if ctx.options.target == "latest" else "its arguments can't be matched statically" if bound is None
               else None)
        func = None if why else build(ctx, "tfa.losses.triplet_semihard_loss")
        if why or func is None:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2; not rewritten: {why or 'the name tfa is taken'}", fixed=False)
            return None
        metric = cst.Arg(cst.SimpleString('"squared-L2"'), keyword=cst.Name("distance_metric"))
        args = [*updated.args, _calls.keyword(metric, "distance_metric")]
        ctx.report(original, self.code, Severity.INFO,
                   f"tf.{symbol} -> tfa.losses.triplet_semihard_loss with contrib's squared distances", fixed=True)
        return ctx.replace(original.func, _calls.rebuild(updated.with_changes(func=func), args))


_SEQUENCE = ("logits", "targets", "weights", "average_across_timesteps", "average_across_batch", "sum_over_timesteps",
             "sum_over_batch", "softmax_loss_function", "name")
_SEQUENCE_DEFAULTS = {"average_across_timesteps": True, "average_across_batch": True, "sum_over_timesteps": False,
                      "sum_over_batch": False, "softmax_loss_function": None, "name": None}
_PURE_CALLS = {"ones", "ones_like", "sequence_mask", "cast", "to_float", "reshape", "compat.v1.to_float"}


def _pure(ctx, expr: cst.BaseExpression) -> bool:
    """Evaluating it twice gives the same value and does nothing else."""
    if _simple(expr) or literal(expr) is not _NOT_LITERAL:
        return True
    if isinstance(expr, (cst.List, cst.Tuple)):
        return all(_pure(ctx, e.value) for e in expr.elements)
    if isinstance(expr, cst.Call) and ctx.symbol(expr.func) in _PURE_CALLS:
        return all(not a.star and _pure(ctx, a.value) for a in expr.args)
    return False


class ContribSequenceLoss(CallRule):
    """``tf.contrib.seq2seq.sequence_loss(logits, targets, weights)`` -> the same weighted mean in core ops.

    TF1 pattern: contrib's sequence loss with its default averaging over time
    and batch. Replacement on both profiles: TF 1.15's formula,
    ``divide_no_nan(reduce_sum(sparse_xent(targets, logits) * weights),
    reduce_sum(weights))`` (the TF2 op takes ``[batch, time, classes]`` logits
    directly). ``legacy_seq2seq.sequence_loss_by_example`` over lists of
    per-timestep tensors becomes TF 1.x's sum of weighted cross-entropies
    divided by the summed weights (+1e-12). Other averaging options or a ``softmax_loss_function``: the
    tensorflow-addons port (same signature) on ``--target tf2.15``, an error on
    ``--target latest``. Refuses the core form when ``weights`` is not a name
    or a pure constructor (it is written twice).
    """

    code = "TFM209"
    family = "contrib"
    description = "contrib.seq2seq.sequence_loss -> TF 1.15's weighted mean in core ops (else tfa on tf2.15)"
    symbols = symbols_of("TFM209")
    examples = (
        Example("import tensorflow as tf\nloss = tf.contrib.seq2seq.sequence_loss(logits, y, tf.ones([b, t]))\n",
                "import tensorflow as tf\nloss = tf.math.divide_no_nan(tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits("
                "labels=y, logits=logits) * tf.ones([b, t])), tf.reduce_sum(tf.ones([b, t])))\n"),
        Example("import tensorflow as tf\nloss = tf.contrib.seq2seq.sequence_loss(z, y, w, average_across_batch=False)\n",
                "import tensorflow as tf\nimport tensorflow_addons as tfa\n\n"
                "loss = tfa.seq2seq.sequence_loss(z, y, w, average_across_batch=False)\n",
                "other averaging: the addons port (tf2.15)"),
        Example("import tensorflow as tf\nloss = tf.contrib.seq2seq.sequence_loss(z, y, make_weights())\n",
                "import tensorflow as tf\nimport tensorflow_addons as tfa\n\n"
                "loss = tfa.seq2seq.sequence_loss(z, y, make_weights())\n", "weights would be computed twice"),
        Example("import tensorflow as tf\nloss = tf.contrib.seq2seq.sequence_loss(*args)\n", None, "unknown binding"),
        Example("import tensorflow as tf\nloss = tf.contrib.legacy_seq2seq.sequence_loss_by_example([z], [y], [w])\n",
                "import tensorflow as tf\nloss = tf.add_n([tf.nn.sparse_softmax_cross_entropy_with_logits("
                "labels=tf.reshape(target, [-1]), logits=logit) * weight for logit, target, weight in zip([z], [y], [w])]) "
                "/ (tf.add_n([w]) + 1e-12)\n", "legacy per-example loss over lists"),
        Example("import tensorflow as tf\nloss = tf.contrib.legacy_seq2seq.sequence_loss_by_example([z], [y], [w], "
                "softmax_loss_function=f)\n", None, "a custom loss function: reported"),
    )

    def on_call(self, original, updated, symbol, ctx):
        if symbol.endswith("sequence_loss_by_example"):
            return self._by_example(original, updated, symbol, ctx)
        bound = _calls.bind(updated, _SEQUENCE)
        if bound is None or not {"logits", "targets", "weights"} <= set(bound):
            ctx.report(original, self.code, Severity.ERROR, f"tf.{symbol} was removed in TF2; its arguments can't be "
                       "matched statically", fixed=False)
            return None
        default = all(literal(bound[p].value) == v for p, v in _SEQUENCE_DEFAULTS.items() if p in bound and p != "name")
        if default and _pure(ctx, _calls.bind(original, _SEQUENCE)["weights"].value):  # original: has symbols
            weights = bound["weights"].value
            xent = _call(ctx, "nn.sparse_softmax_cross_entropy_with_logits", labels=bound["targets"].value,
                         logits=bound["logits"].value)
            total = _call(ctx, "reduce_sum", cst.BinaryOperation(xent, cst.Multiply(), _calls.parenthesize(weights)))
            form = _call(ctx, "math.divide_no_nan", total, _call(ctx, "reduce_sum", weights))
            ctx.report(original, self.code, Severity.INFO,
                       f"tf.{symbol} is TF 1.15's weighted mean, written in core ops", fixed=True)
            return ctx.replace(original.func, form)
        func = None if ctx.options.target == "latest" else build(ctx, "tfa.seq2seq.sequence_loss")
        if func is None:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2; only the default averaging with a plain weights tensor has a "
                       f"core form, and --target {ctx.options.target} has no tensorflow-addons", fixed=False)
            return None
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol} -> tfa.seq2seq.sequence_loss (same signature)",
                   fixed=True)
        return ctx.replace(original.func, updated.with_changes(func=func))

    def _by_example(self, original, updated, symbol, ctx):
        params = ("logits", "targets", "weights", "average_across_timesteps", "softmax_loss_function", "name")
        bound = _calls.bind(updated, params)
        why = ("its arguments can't be matched statically" if bound is None or len(bound) < 3
               else "a softmax_loss_function has no core form" if "softmax_loss_function" in bound
               and literal(bound["softmax_loss_function"].value) is not None
               else "weights would be evaluated twice" if not _pure(ctx, _calls.bind(original, params)["weights"].value)
               else None)
        average = literal(bound["average_across_timesteps"].value) if bound and "average_across_timesteps" in bound else True
        if why is None and not isinstance(average, bool):
            why = "average_across_timesteps must be a literal True or False"
        if why:
            ctx.report(original, self.code, Severity.ERROR, f"tf.{symbol} was removed in TF2; not rewritten: {why}",
                       fixed=False)
            return None
        names = {n: cst.Name(n) for n in ("logit", "target", "weight")}
        xent = _call(ctx, "nn.sparse_softmax_cross_entropy_with_logits",
                     labels=_call(ctx, "reshape", names["target"], cst.parse_expression("[-1]")),
                     logits=names["logit"])
        loop = cst.CompFor(
            target=cst.Tuple([cst.Element(names["logit"]), cst.Element(names["target"]), cst.Element(names["weight"])],
                             lpar=[], rpar=[]),
            iter=cst.Call(cst.Name("zip"), [cst.Arg(bound[p].value) for p in ("logits", "targets", "weights")]))
        products = cst.ListComp(cst.BinaryOperation(xent, cst.Multiply(), names["weight"]), loop)
        form = _call(ctx, "add_n", products)
        if average:
            total = cst.BinaryOperation(_call(ctx, "add_n", bound["weights"].value), cst.Add(), cst.Float("1e-12"))
            form = cst.BinaryOperation(form, cst.Divide(), total.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]))
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol} is TF 1.x's weighted per-example loss, written in "
                   "core ops", fixed=True)
        return ctx.replace(original.func, form)
