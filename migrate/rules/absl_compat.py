"""``tf.app`` and ``tf.logging`` were thin copies of absl; TF2 code uses absl itself."""

from __future__ import annotations

import libcst as cst
from absl import logging as absl_logging
from libcst.metadata import GlobalScope, ParentNodeProvider, QualifiedNameProvider, ScopeProvider

from migrate.engine.rule import Example, Rule
from migrate.engine.transformer import tf_symbol
from migrate.findings import Severity
from migrate.rules import _calls


def absl_name(ctx, module: str, original: cst.CSTNode) -> str:
    """Import ``absl.<module>`` under its own name unless the file already uses that name."""
    scope = ctx.metadata.get_metadata(ScopeProvider, original, None)
    while scope is not None and not isinstance(scope, GlobalScope):
        scope = scope.parent
    taken = scope is not None and any(
        not _is_tf_alias(a, ctx, module) for a in scope.assignments[module] if hasattr(a, "node")
    )
    asname = f"absl_{module}" if taken else None
    ctx.add_import("absl", module, asname)
    return asname or module


def _is_tf_alias(assignment, ctx, module) -> bool:
    """``from absl import flags`` and ``flags = tf.app.flags`` leave the name free for absl."""
    node = assignment.node
    if isinstance(node, cst.ImportFrom):
        return _calls.dotted_name(node.module) == "absl"
    if isinstance(node, cst.Name):
        target = ctx.metadata.get_metadata(ParentNodeProvider, node, None)
        assign = ctx.metadata.get_metadata(ParentNodeProvider, target, None) if target else None
        if isinstance(assign, cst.Assign):
            qnames = ctx.metadata.get_metadata(QualifiedNameProvider, assign.value, None)
            return bool(qnames) and tf_symbol(qnames) in {f"app.{module}", module}
    return False


class Flags(Rule):
    """``tf.app.flags`` / ``tf.flags`` -> ``absl.flags`` (they were the same module)."""

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
            "import tensorflow as tf\nfrom absl import flags\n\nflags = flags\nflags.DEFINE_string('data', '/tmp', 'Data.')\n",
        ),
        Example("from absl import flags\nflags.DEFINE_string('data', '/tmp', 'Data.')\n", None, "already absl"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        name = absl_name(ctx, "flags", original)
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
        elif _defines_main(ctx, original):
            main = cst.Arg(cst.Name("main"))
        else:
            ctx.report(original, self.code, Severity.WARNING,
                       "tf.app.run() without a module-level main(); pass it to absl.app.run by hand", fixed=False)
            return None
        args = [main] + ([_calls.keyword(bound["argv"], "argv")] if "argv" in bound else [])
        name = absl_name(ctx, "app", original)
        ctx.report(original, self.code, Severity.INFO, "tf.app.run is absl.app.run, which needs main passed", fixed=True)
        return _calls.rebuild(updated.with_changes(func=ctx.replace(original.func, _calls.dotted(name + ".run"))), args)


def _defines_main(ctx, node) -> bool:
    scope = ctx.metadata.get_metadata(ScopeProvider, node, None)
    while scope is not None and not isinstance(scope, GlobalScope):
        scope = scope.parent
    return scope is not None and any(isinstance(a.node, cst.FunctionDef) for a in scope.assignments["main"] if hasattr(a, "node"))


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
        Example("import logging\nlogging.info('x')\n", None, "standard logging"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        attr = symbol.split(".", 1)[1]
        if attr.split(".")[0] not in LOGGING_NAMES:
            ctx.report(original, self.code, Severity.WARNING, f"tf.{symbol} has no absl.logging equivalent", fixed=False)
            return None
        parent = ctx.metadata.get_metadata(ParentNodeProvider, original, None)
        if attr == "set_verbosity" and isinstance(parent, cst.Call) and parent.args and isinstance(parent.args[0].value, cst.Integer):
            ctx.report(original, self.code, Severity.WARNING,
                       "tf.logging levels are Python levels, absl's are not: set the level by name", fixed=False)
            return None
        name = absl_name(ctx, "logging", original)
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol} is absl.logging.{attr}", fixed=True)
        return ctx.replace(original, _calls.dotted(f"{name}.{attr}"))
