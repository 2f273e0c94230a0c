"""``tf.app`` and ``tf.logging`` were thin copies of absl; TF2 code uses absl itself."""

from __future__ import annotations

import libcst as cst
from absl import logging as absl_logging

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls


def absl_name(ctx, module: str) -> str:
    """Import ``absl.<module>`` under its own name unless the file already uses that name."""
    taken = any(not _frees_name(node, ctx, module) for node in ctx.global_bindings(module))
    asname = f"absl_{module}" if taken else None
    ctx.add_import("absl", module, asname)
    return asname or module


def _frees_name(node, ctx, module) -> bool:
    """``from absl import flags`` and ``flags = tf.app.flags`` leave the name free for absl."""
    if isinstance(node, cst.ImportFrom):
        return _calls.dotted_name(node.module) == "absl"
    value = ctx.assigned.get(id(node))
    return value is not None and ctx.symbol(value) in {f"app.{module}", module}


class Flags(Rule):
    """``tf.app.flags`` / ``tf.flags`` -> ``absl.flags``.

    TF1's flags module was absl's, re-exported, so every name means the same.
    ``from absl import flags`` is added (``as absl_flags`` when the file
    already binds ``flags`` to something else).
    """

    code = "TFM120"
    family = "absl"
    description = "tf.app.flags / tf.flags -> absl.flags"
    symbols = frozenset({"app.flags", "flags"})
    prefixes = ("app.flags.", "flags.")
    examples = (
        Example(
            "import tensorflow as tf\ntf.app.flags.DEFINE_integer('steps', 10, 'Steps.')\nFLAGS = tf.app.flags.FLAGS\n",
            "import tensorflow as tf\nfrom absl import flags\n\nflags.DEFINE_integer('steps', 10, 'Steps.')\nFLAGS = flags.FLAGS\n",
        ),
        Example(
            "import tensorflow as tf\nflags = tf.flags\nflags.DEFINE_string('data', '/tmp', 'Data.')\n",
            "import tensorflow as tf\nfrom absl import flags\n\nflags.DEFINE_string('data', '/tmp', 'Data.')\n",
            "the alias assignment goes: it would read flags = flags",
        ),
        Example("from absl import flags\nflags.DEFINE_string('data', '/tmp', 'Data.')\n", None, "already absl"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        name = absl_name(ctx, "flags")
        rest = symbol.split("flags", 1)[1]
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol} is absl.flags{rest}", fixed=True)
        return ctx.replace(original, _calls.dotted(name + rest))


class AppRun(Rule):
    """``tf.app.run()`` -> ``absl.app.run(main)``.

    ``tf.app.run`` found ``main`` in ``__main__`` when none was given; absl
    needs it passed. Refuses when no ``main`` is given and the module defines none.
    """

    code = "TFM121"
    family = "absl"
    description = "tf.app.run -> absl.app.run(main)"
    symbols = frozenset({"app.run"})
    examples = (
        Example(
            "import tensorflow as tf\ndef main(argv):\n    pass\nif __name__ == '__main__':\n    tf.app.run()\n",
            "import tensorflow as tf\nfrom absl import app\n\ndef main(argv):\n    pass\nif __name__ == '__main__':\n    app.run(main)\n",
        ),
        Example(
            "import tensorflow as tf\ntf.app.run(main=train, argv=['x'])\n",
            "import tensorflow as tf\nfrom absl import app\n\napp.run(train, argv=['x'])\n",
        ),
        Example("import tensorflow as tf\ntf.app.run()\n", None, "no main function to pass"),
    )

    def on_call(self, original, updated, symbol, ctx):
        bound = _calls.bind(updated, ("main", "argv"))
        if bound is None:
            return None
        if "main" in bound:
            main = _calls.positional(bound["main"])
        elif _defines_main(ctx):
            main = cst.Arg(cst.Name("main"))
        else:
            ctx.report(original, self.code, Severity.WARNING,
                       "tf.app.run() without a module-level main(); pass it to absl.app.run by hand", fixed=False)
            return None
        args = [main] + ([_calls.keyword(bound["argv"], "argv")] if "argv" in bound else [])
        name = absl_name(ctx, "app")
        ctx.report(original, self.code, Severity.INFO, "tf.app.run is absl.app.run, which needs main passed", fixed=True)
        return _calls.rebuild(updated.with_changes(func=ctx.replace(original.func, _calls.dotted(name + ".run"))), args)


def _defines_main(ctx) -> bool:
    return any(isinstance(node, cst.FunctionDef) for node in ctx.global_bindings("main"))


# tf.logging names that absl.logging has with the same meaning (tf.logging levels are
# Python logging levels, absl's are its own; both sides are rewritten together).
LOGGING_NAMES = frozenset(n for n in dir(absl_logging) if not n.startswith("_"))


class Logging(Rule):
    """``tf.logging.info`` -> ``absl.logging.info`` (tf.logging wrapped absl).

    Imports ``from absl import logging``, or ``as absl_logging`` when the file
    uses the standard library's ``logging``. Refuses names absl lacks
    (``TaskLevelStatusMessage``) and literal integer verbosities, whose scale differs.
    """

    code = "TFM122"
    family = "absl"
    description = "tf.logging -> absl.logging"
    prefixes = ("logging.",)
    examples = (
        Example(
            "import tensorflow as tf\ntf.logging.set_verbosity(tf.logging.INFO)\ntf.logging.info('step %d', 1)\n",
            "import tensorflow as tf\nfrom absl import logging\n\nlogging.set_verbosity(logging.INFO)\nlogging.info('step %d', 1)\n",
        ),
        Example(
            "import logging\nimport tensorflow as tf\ntf.logging.warn('x')\nlogging.warning('y')\n",
            "import logging\nimport tensorflow as tf\nfrom absl import logging as absl_logging\n\nabsl_logging.warn('x')\nlogging.warning('y')\n",
            "the standard library's logging keeps its name",
        ),
        Example("import tensorflow as tf\ntf.logging.set_verbosity(20)\n", None, "a literal level: the scales differ"),
        Example("import tensorflow as tf\nlevel = 20\ntf.compat.v1.logging.set_verbosity(level)\n", None,
                "a level that is not a tf.logging name is a Python level too"),
        Example("import logging\nlogging.info('x')\n", None, "standard logging"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        attr = symbol.split(".", 1)[1]
        if attr.split(".")[0] not in LOGGING_NAMES:
            ctx.report(original, self.code, Severity.WARNING, f"tf.{symbol} has no absl.logging equivalent", fixed=False)
            return None
        call = ctx.call_of(original)
        if attr == "set_verbosity" and call and call.args and not _tf_level(ctx, call.args[0].value):
            # a literal, a variable or a private constant (tf_logging.INFO) is a Python level: absl's differ
            ctx.report(original, self.code, Severity.WARNING,
                       "tf.logging levels are Python levels, absl's are not: set the level by name", fixed=False)
            return None
        name = absl_name(ctx, "logging")
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol} is absl.logging.{attr}", fixed=True)
        return ctx.replace(original, _calls.dotted(f"{name}.{attr}"))


def _tf_level(ctx, node) -> bool:
    """Is ``node`` one of tf.logging's named levels (which TFM122 turns into absl's own)?"""
    symbol = ctx.symbol(node)
    return bool(symbol) and symbol.startswith("logging.") and symbol.split(".", 1)[1] in (
        "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL")
