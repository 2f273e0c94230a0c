"""``tf.contrib``: renames to core TF / addons, precise advice, and the catch-all error.

The table is ``migrate/data/contrib_map.py``; rules in ``contrib_*.py`` rewrite
the calls whose arguments change. Every contrib symbol ends up either migrated
or reported as an error naming it, in every import form.
"""

from __future__ import annotations

import libcst as cst

from migrate.data import tf_api
from migrate.data.contrib_map import lookup, prefixes_of, symbols_of
from migrate.engine.context import dotted
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules.contrib_init import graph_code_may_run

# The first name of a non-TensorFlow target -> (module, obj, asname) to import, and what it resolves to.
EXTERNAL = {
    "tfa": (("tensorflow_addons", None, "tfa"), "tensorflow_addons"),
    "projector": (("tensorboard.plugins", "projector", None), "tensorboard.plugins.projector"),
}


def build(ctx, target: str) -> cst.BaseExpression | None:
    """An expression for a table target (``tf.X``, ``tfa.X``, ``projector.X``, ``"literal"``).

    None when the name the target needs (``tfa``) is already bound to something else.
    """
    if target.startswith('"'):
        return cst.SimpleString(target)
    head, _, rest = target.partition(".")
    if head == "tf":
        return ctx.ref(rest)
    (module, obj, asname), qualified = EXTERNAL[head]
    bound = {name for name, _node in ctx.names.module_scope.bindings.get(head, [])}
    if bound - {qualified}:
        if not all((name or "").startswith("tensorflow.contrib") for name in bound):
            return None
        # ``from tensorflow.contrib... import projector``: reusing the name would keep that import
        # alive, so the new module is spelled out in full (``import tensorboard.plugins.projector``).
        top = qualified.split(".")[0]
        if any(name != top for name, _node in ctx.names.module_scope.bindings.get(top, [])):
            return None
        ctx.add_import(qualified)
        return dotted(qualified + target[len(head):])
    ctx.add_import(module, obj, asname)
    return dotted(target)


def exists(target: str) -> bool:
    """Does a core target name exist in TF2? (The API tables skip tf.keras and tf.estimator: trusted.)"""
    if not target.startswith("tf.") or target.startswith(("tf.keras.", "tf.estimator.")) or "(" in target:
        return True
    parts = target[3:].split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in tf_api.V2_NAMES:  # the name itself, or a member of a class the tables list (not walked)
            return end == len(parts) or name not in tf_api.V2_MODULES
    return False


def resolve(symbol: str, rule: str, target: str) -> tuple[str, object, str | None] | None:
    """(key, row, this profile's target with a ``.*`` row's suffix applied) for a rule's own rows."""
    found = lookup(symbol)
    if found is None or found[1].rule != rule:
        return None
    key, row, rest = found
    form = row.form(target)
    if form is not None and rest:
        form = (form[:-2] if form.endswith(".*") else form) + rest
    return key, row, form


def too_many_positional(ctx, original, limit: int | None) -> bool:
    call = ctx.call_of(original)
    return bool(limit is not None and call and sum(1 for a in call.args if a.keyword is None and not a.star) > limit)


class ContribRename(Rule):
    """``tf.contrib.framework.nest.flatten`` -> ``tf.nest.flatten``, ``tf.contrib.image.rotate`` -> ``tfa.image.rotate``.

    TF1 pattern: a contrib symbol that lives on unchanged under another name:
    core TF (both profiles), tensorflow-addons (``--target tf2.15`` only, as
    ``tfa``) or the tensorboard package. Replacement: that name; on a profile
    where nothing exists, the code stays and an error names the symbol and what
    to do. Refuses when the target name does not exist in TF2, when ``tfa`` is
    bound to something else, and when a call passes more positional arguments
    than the two signatures share.
    """

    code = "TFM200"
    family = "contrib"
    description = "Rename a tf.contrib symbol that moved to core TF, tensorflow-addons or tensorboard"
    symbols = symbols_of("TFM200")
    prefixes = prefixes_of("TFM200")
    examples = (
        Example("import tensorflow as tf\nds = ds.apply(tf.contrib.data.shuffle_and_repeat(100))\n",
                "import tensorflow as tf\nds = ds.apply(tf.data.experimental.shuffle_and_repeat(100))\n"),
        Example("import tensorflow as tf\nflat = tf.contrib.framework.nest.flatten(s)\n",
                "import tensorflow as tf\nflat = tf.nest.flatten(s)\n"),
        Example("from tensorflow.contrib import keras\nm = keras.models.Sequential()\n",
                "import tensorflow as tf\n\nm = tf.keras.models.Sequential()\n", "a from-import of the module"),
        Example("import tensorflow as tf\ny = tf.contrib.image.rotate(x, 0.5)\n",
                "import tensorflow as tf\nimport tensorflow_addons as tfa\n\ny = tfa.image.rotate(x, 0.5)\n",
                "tensorflow-addons on the default profile"),
        Example("import tensorflow as tf\nconfig = tf.contrib.tensorboard.plugins.projector.ProjectorConfig()\n",
                "import tensorflow as tf\nfrom tensorboard.plugins import projector\n\n"
                "config = projector.ProjectorConfig()\n"),
        Example("import tensorflow as tf\nif mode == tf.contrib.learn.ModeKeys.INFER:\n    pass\n",
                "import tensorflow as tf\nif mode == tf.estimator.ModeKeys.PREDICT:\n    pass\n"),
        Example("import tensorflow as tf\ntfa = 3\ny = tf.contrib.image.rotate(x, 0.5)\n", None, "tfa is taken: reported"),
        Example("import tensorflow as tf\ny = tf.contrib.framework.nest.flatten_up_to(s, t)\n", None,
                "tf.nest has no flatten_up_to: reported"),
        Example("import tensorflow as tf\nflat = tf.nest.flatten(s)\n", None, "already TF2"),
        Example("import mylib as tf\nflat = tf.contrib.framework.nest.flatten(s)\n", None, "not TensorFlow"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        resolved = resolve(symbol, self.code, ctx.options.target)
        if resolved is None:
            return None
        key, row, target = resolved
        if target is None:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} has no equivalent on --target {ctx.options.target}: {row.notes}", fixed=False)
            return None
        if not exists(target):
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2 and {target} does not exist", fixed=False)
            return None
        if too_many_positional(ctx, original, row.positional):
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol}: positional arguments after the first {row.positional} mean something else in "
                       f"{target}; pass them by keyword", fixed=False)
            return None
        new = build(ctx, target)
        if new is None:
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} is {target} in TF2, but the name {target.split('.')[0]} is taken here", fixed=False)
            return None
        note = f" ({row.notes})" if row.notes else ""
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol} is {target} in TF2{note}", fixed=True)
        return ctx.replace(original, new)


class ContribAdvice(Rule):
    """``tf.contrib.training.HParams``, ``tf.contrib.eager.implicit_gradients``...: removed, with what to do instead.

    TF1 pattern: a contrib symbol with no TF2 counterpart that means the same.
    Replacement: none; an error names the symbol and the TF2 way. Where a
    ``tf.compat.v1`` form still runs (``TFLiteConverter.from_session``,
    ``get_or_create_global_step``, v1 losses), it is used as a fallback with
    a warning, unless ``--no-fallback``.
    """

    code = "TFM201"
    family = "contrib"
    description = "Report a tf.contrib symbol with no TF2 counterpart, with advice (compat.v1 fallback where one runs)"
    symbols = symbols_of("TFM201")
    prefixes = prefixes_of("TFM201")
    examples = (
        Example("import tensorflow as tf\nhp = tf.contrib.training.HParams(hparam_def)\n", None, "reported with advice"),
        Example("import tensorflow.contrib.slim as slim\nwith slim.arg_scope([slim.conv2d], padding='SAME') as sc:\n    pass\n",
                None, "slim spelling of contrib.framework.arg_scope, one TFM210 does not expand"),
        Example("import tensorflow as tf\nstep = tf.contrib.framework.get_or_create_global_step()\n",
                "import tensorflow as tf\nstep = tf.compat.v1.train.get_or_create_global_step()\n",
                "a tf.compat.v1 form still runs"),
        Example("import tensorflow as tf\nc = tf.contrib.lite.TFLiteConverter.from_session(sess, [x], [y])\n",
                "import tensorflow as tf\nc = tf.compat.v1.lite.TFLiteConverter.from_session(sess, [x], [y])\n"),
        Example("import tensorflow as tf\nd = tf.contrib.distributions.Normal(0.0, 1.0)\n", None,
                "tensorflow-probability is not installed"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        resolved = resolve(symbol, self.code, ctx.options.target)
        if resolved is None:
            return None
        key, row, _ = resolved
        name = symbol.rsplit(".", 1)[-1]
        advice = row.notes.replace("{name}", name)
        if row.fallback and ctx.options.fallback:
            ctx.report(original, self.code, Severity.WARNING,
                       f"tf.{symbol} has no TF2 counterpart ({advice}); kept on {row.fallback}", fixed=True)
            return ctx.replace(original, build(ctx, row.fallback))
        ctx.report(original, self.code, Severity.ERROR, f"tf.{symbol} was removed in TF2: {advice}", fixed=False)
        return None


class ContribCompatFallback(Rule):
    """``tf.contrib.rnn.BasicLSTMCell`` left by the graph-to-eager pass -> ``tf.compat.v1.nn.rnn_cell.BasicLSTMCell``.

    TF1 pattern: a contrib symbol that was a re-export of a TF1 core object
    (``contrib.rnn`` cells and static RNN functions), still present because
    the graph-to-eager pass kept the code in graph mode. Replacement: the same
    object under ``tf.compat.v1`` (a warning: it is graph-era API). On latest,
    v1 cells exist only through tf-keras, which TFM303 loads in a file kept in
    graph mode; elsewhere there, with ``--no-fallback``, and in a file that
    runs eagerly under ``tf.function`` it refuses: errors naming the symbol.
    """

    code = "TFM208"
    family = "contrib"
    description = "Contrib re-exports of TF1 core objects left in graph code -> the same object in tf.compat.v1"
    symbols = symbols_of("TFM208")
    prefixes = prefixes_of("TFM208")
    examples = (
        Example("import tensorflow as tf\ncell = tf.contrib.rnn.BasicLSTMCell(64)\n",
                "import tensorflow as tf\ncell = tf.compat.v1.nn.rnn_cell.BasicLSTMCell(64)\n"),
        Example("import tensorflow as tf\nfrom tensorflow.contrib import rnn\n"
                "outputs, state = rnn.static_rnn(cell, xs, dtype=tf.float32)\n",
                "import tensorflow as tf\noutputs, state = tf.compat.v1.nn.static_rnn(cell, xs, dtype=tf.float32)\n"),
        Example("import tensorflow as tf\ncell = tf.keras.layers.LSTMCell(64)\n", None, "already TF2"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        resolved = resolve(symbol, self.code, ctx.options.target)
        if resolved is None:
            return None
        key, row, form = resolved
        if ctx.options.target == "latest" and not ctx.graph_mode and row.fallback and ".rnn_cell." in row.fallback:
            form = None  # Keras 3 serves v1 cells only through tf-keras, which TFM303 loads in graph-mode files
        if form is None or not ctx.options.fallback or not graph_code_may_run(ctx):
            why = (row.notes if form is None else "--no-fallback" if not ctx.options.fallback
                   else "this file runs eagerly with tf.function, where v1 RNN cells and static_rnn can't create "
                        "their variables: use tf.keras.layers cells (tf-migrate explain shows the mapping)")
            ctx.report(original, self.code, Severity.ERROR, f"tf.{symbol} was removed in TF2: {why}", fixed=False)
            return None
        rest = symbol[len(key):] if symbol.startswith(key) else ""
        ctx.report(original, self.code, Severity.WARNING, f"tf.{symbol} kept as {row.fallback}{rest} ({row.notes})",
                   fixed=True)
        return ctx.replace(original, build(ctx, row.fallback + rest))


class Contrib(Rule):
    """``tf.contrib.*``: removed from TF2; every use no other rule migrates is reported with its name.

    Resolved through every import form (``from tensorflow.contrib import rnn``,
    ``import tensorflow.contrib.slim as slim``); symbols a contrib rule
    migrates are left to that rule. Never silent: an error until mapped.
    """

    code = "TFM901"
    family = "contrib"
    description = "Report tf.contrib symbols that have no mapping yet"
    symbols = frozenset({"contrib"})
    prefixes = ("contrib.",)
    examples = (
        Example("import tensorflow as tf\nd = tf.contrib.ffmpeg.decode_audio(x)\n", None, "reported as an error"),
        Example("from tensorflow.contrib import ffmpeg\nd = ffmpeg.decode_audio(x)\n", None, "reported through the import"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        if not ctx.watched_elsewhere(symbol, self.code):
            ctx.report(original, self.code, Severity.ERROR,
                       f"tf.{symbol} was removed in TF2 and has no mapping yet", fixed=False)
        return None
