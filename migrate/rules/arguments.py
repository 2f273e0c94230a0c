"""Calls whose TF2 namesake takes different arguments (generated signature table)."""

from __future__ import annotations

from migrate.data.tf_api import SIGNATURES, V2_NAMES
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls, casts, image, nn

# Symbols whose arguments a dedicated rule rewrites (semantics, not just spelling).
DEDICATED = nn.Dropout.symbols | nn.SoftmaxCrossEntropyV1.symbols | image.ResizeImages.symbols | casts.ToDtype.symbols


class ArgumentFix(Rule):
    """``tf.reduce_mean(x, reduction_indices=1, keep_dims=True)`` -> ``axis=1, keepdims=True``.

    TF1 pattern: a call using parameter names or positions that changed in TF2
    (``reduction_indices``, ``keep_dims``, ``dim``, ``squeeze_dims``,
    ``output_dtype``...). Replacement: the same call with TF2 keywords;
    positional arguments past the point where the signatures diverge become
    keywords. Refuses when the call uses ``*args``/``**kwargs``, and, in a file
    that might already be TF2 code, when a positional argument would be read
    differently by the two versions.
    """

    code = "TFM101"
    family = "arguments"
    description = "Rename keywords and pin positional arguments whose meaning changed in TF2"
    symbols = frozenset(s for s in SIGNATURES if s not in DEDICATED)
    examples = (
        Example(
            "import tensorflow as tf\nm = tf.reduce_mean(x, reduction_indices=[1], keep_dims=True)\n",
            "import tensorflow as tf\nm = tf.reduce_mean(x, axis=[1], keepdims=True)\n",
        ),
        Example("import tensorflow as tf\np = tf.nn.softmax(z, dim=-1)\n", "import tensorflow as tf\np = tf.nn.softmax(z, axis=-1)\n"),
        Example(
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ns = tf.multinomial(z, 1, 7)\n",
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ns = tf.random.categorical(z, 1, seed=7)\n",
            "the third positional argument is seed in TF1 but dtype in TF2",
        ),
        Example("import tensorflow as tf\nm = tf.reduce_mean(x, axis=1, keepdims=True)\n", None, "already TF2"),
        Example("import tensorflow as tf\nm = tf.reduce_mean(*args, **kwargs)\n", None, "unknown binding"),
    )

    def on_call(self, original, updated, symbol, ctx):
        sig = SIGNATURES[symbol]
        if any(a.keyword and a.keyword.value in sig["dropped"] for a in updated.args):
            return None  # TFM102 falls back for the whole call
        bound = _calls.bind(updated, sig["params"])
        if bound is None:
            if any(a.keyword and a.keyword.value in sig["keywords"] for a in updated.args) or any(a.star for a in updated.args):
                ctx.report(original, self.code, Severity.WARNING,
                           f"tf.{symbol}: arguments can't be matched statically; check them against TF2", fixed=False)
            return None
        position = {p: i for i, p in enumerate(sig["params"])}
        # A positional argument TF2 has no keyword for stays as it is (TFM102 judges it).
        moved = [
            p for p, a in bound.items()
            if a.keyword is None and position[p] >= sig["positional"] and p not in sig["dropped"]
        ]
        renamed = [p for p, a in bound.items() if a.keyword is not None and p in sig["keywords"]]
        if not moved and not renamed:
            return None
        if moved and ctx.dialect != "v1" and symbol in V2_NAMES:
            ctx.report(original, self.code, Severity.WARNING,
                       f"tf.{symbol}: positional argument {moved[0]!r} means something else in TF2, "
                       "and this file may already be TF2 code", fixed=False)
            return None
        args = []
        for arg in updated.args:
            name = next(p for p, a in bound.items() if a is arg)
            if name in moved or name in renamed:
                arg = _calls.keyword(arg, sig["keywords"].get(name, name))
            args.append(arg)
        changes = ", ".join(f"{p}->{sig['keywords'].get(p, p)}" for p in renamed + moved)
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol}: arguments for TF2 ({changes})", fixed=True)
        return _calls.rebuild(updated, args)


class DroppedArgument(Rule):
    """``tf.nn.conv2d(..., use_cudnn_on_gpu=True)``: an argument TF2 no longer has.

    TF1 pattern: a call passing a parameter that the TF2 function dropped.
    There is no native form that surely means the same, so the call falls back
    to ``tf.compat.v1`` (which still runs on TF2) with a warning, or is left
    untouched with ``--no-fallback``.
    """

    code = "TFM102"
    family = "arguments"
    description = "Fall back to tf.compat.v1 for a call using an argument TF2 dropped"
    symbols = frozenset(s for s, sig in SIGNATURES.items() if sig["dropped"] and s not in DEDICATED)
    examples = (
        Example(
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME', use_cudnn_on_gpu=True)\n",
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.compat.v1.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME', use_cudnn_on_gpu=True)\n",
        ),
        Example("import tensorflow as tf\ny = tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME')\n", None, "no dropped argument"),
    )

    def on_call(self, original, updated, symbol, ctx):
        dropped = [a.keyword.value for a in updated.args if a.keyword and a.keyword.value in SIGNATURES[symbol]["dropped"]]
        if not dropped:
            return None
        what = f"tf.{symbol}: argument {dropped[0]!r} has no TF2 equivalent"
        if not ctx.options.fallback:
            ctx.report(original, self.code, Severity.WARNING, what + "; left as is (--no-fallback)", fixed=False)
            return None
        func = ctx.ref(f"compat.v1.{symbol}")
        if func.deep_equals(updated.func):  # the file's tf already is tf.compat.v1
            return None
        ctx.report(original, self.code, Severity.WARNING, what + f"; kept on tf.compat.v1.{symbol}", fixed=True)
        return updated.with_changes(func=func)
