"""MonitoredTrainingSession / SingularMonitoredSession and their hooks -> plain session code (see ``_monitored``)."""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from migrate.data import monitored_map as M
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.graph.blocks import reads
from migrate.graph.plan import Refusal
from migrate.rules import _monitored
from migrate.rules._header import code_start


class MonitoredSessions(Rule):
    """``with tf.train.MonitoredTrainingSession(...) as sess: while not sess.should_stop(): sess.run(op)``
    -> a ``tf.Session`` block with what the session and its hooks did written out.

    TF2 has no monitored sessions or SessionRunHooks; their effects are plain
    code: variables initialized and the latest checkpoint of ``checkpoint_dir``
    restored; ``model.ckpt-<step>`` saved at the start, every
    ``save_checkpoint_steps`` (or ``save_checkpoint_secs``, 600 by default) and at
    the end (CheckpointSaverHook); StopAtStepHook's ``last_step`` / ``num_steps``
    as the loop's stop test on the global step; LoggingTensorHook's tensors
    fetched with the same run and logged every ``every_n_iter`` runs (``tf.logging.info``,
    migrated with the file's other logging calls); NanTensorHook's RuntimeError; ``OutOfRangeError`` ending
    the loop quietly. The result runs in graph mode, and TFM300 then converts it
    to eager TF2 (``tf.train.Checkpoint``, a ``tf.function`` step). Refuses, with
    a finding: a distributed session (``master``, ``is_chief``), custom
    SessionRunHook subclasses, a loop other than ``while not sess.should_stop()``
    with one run, summaries the session would write (SummarySaverHook), hooks
    that need a global step when none is bound to a name; the file then keeps
    running in graph mode (``tf.compat.v1.disable_eager_execution()`` added).
    """

    code = "TFM281"
    family = "queues"
    description = "MonitoredTrainingSession / SingularMonitoredSession + hooks -> a session loop with the hooks as code"
    program = True
    symbols = frozenset(M.SESSIONS)
    examples = (
        Example(
            "import tensorflow as tf\n"
            "w = tf.Variable(1.0)\n"
            "step = tf.train.get_or_create_global_step()\n"
            "train_op = tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(w), global_step=step)\n"
            "with tf.train.SingularMonitoredSession(hooks=[tf.train.StopAtStepHook(last_step=5)]) as sess:\n"
            "    while not sess.should_stop():\n"
            "        sess.run(train_op)\n"
            "print(w)\n",
            "import tensorflow as tf\n"
            "w = tf.Variable(1.0)\n"
            "step = tf.Variable(0, trainable=False, dtype=tf.int64, name=\"global_step\")\n"
            "optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)\n"
            "\n"
            "\n"
            "@tf.function\n"
            "def train_op():\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.square(w)\n"
            "    variables = tape.watched_variables()\n"
            "    gradients = tape.gradient(loss, variables)\n"
            "    optimizer.apply_gradients(zip(gradients, variables))\n"
            "    step.assign_add(1)\n"
            "\n"
            "\n"
            "current_step = step.numpy()\n"
            "last_step = 5\n"
            "stop = False\n"
            "while not stop:\n"
            "    train_op()\n"
            "    current_step = step.numpy()\n"
            "    if current_step >= last_step:\n"
            "        stop = True\n"
            "print(w)\n",
            "StopAtStepHook: the loop stops once the global step reaches last_step; TFM300 makes it eager",
        ),
        Example(
            "import tensorflow as tf\n"
            "with tf.train.MonitoredTrainingSession(master=server.target) as sess:\n"
            "    while not sess.should_stop():\n"
            "        sess.run(train_op)\n",
            "import tensorflow as tf\n"
            "tf.compat.v1.disable_eager_execution()\n"
            "with tf.compat.v1.train.MonitoredTrainingSession(master=server.target) as sess:\n"
            "    while not sess.should_stop():\n"
            "        sess.run(train_op)\n",
            "a distributed session: a finding, and the file keeps running in graph mode",
        ),
        Example("import tensorflow as tf\nmanager = tf.train.CheckpointManager(checkpoint, directory, 3)\n", None,
                "already TF2"),
    )

    def on_module(self, module, ctx):
        if not set(ctx.symbols.values()) & set(M.SESSIONS):
            return None
        taken = reads(module) | set(ctx.names.module_scope.bindings)

        def fresh(stem: str) -> str:
            name, i = stem, 1
            while name in taken:
                name, i = f"{stem}_{i}", i + 1
            taken.add(name)
            return name

        suites = _Suites(ctx, ctx.tf_alias or "tf", fresh, _monitored.global_step_name(list(module.body), ctx), module)
        rewritten = module.visit(suites)
        for refusal in suites.refusals:
            ctx.report(refusal.node, self.code, Severity.WARNING,
                       f"monitored session kept: {refusal.message}", fixed=False)
        if suites.refusals and ctx.options.fallback and not ctx.graph_mode:
            # a monitored session runs only in graph mode: the file keeps running there (TFM300 then leaves it)
            ctx.report(module, self.code, Severity.WARNING, "kept in graph mode: tf.compat.v1.disable_eager_execution() "
                       "added, so the monitored session and its hooks still run on TF2", fixed=True)
            rewritten = _graph_mode(rewritten, ctx)
        elif not suites.lowered:
            return None
        for note in suites.notes:
            ctx.report(note.node, self.code, Severity.INFO if note.exact else Severity.WARNING, note.text, fixed=True)
        for name in sorted(suites.imports):
            ctx.add_import(name)
        if ctx.tf_alias is None:
            ctx.add_import("tensorflow", asname="tf")
        if ctx.codemod.scratch.get(AddImportsVisitor.CONTEXT_KEY):
            rewritten = AddImportsVisitor(ctx.codemod).transform_module(rewritten)
        return rewritten


def _graph_mode(module: cst.Module, ctx) -> cst.Module:
    """``tf.compat.v1.disable_eager_execution()`` after the imports (what TFM300's fallback adds)."""
    line = cst.parse_statement(f"{ctx.tf_alias or 'tf'}.compat.v1.disable_eager_execution()\n")
    if ctx.compat_alias:
        line = cst.parse_statement(f"{ctx.tf_alias}.disable_eager_execution()\n")
    end = code_start(module.body)
    return module.with_changes(body=[*module.body[:end], line, *module.body[end:]])


class _Suites(cst.CSTTransformer):
    """Lower each monitored-session ``with`` of every statement list (symbols are read from the originals)."""

    def __init__(self, ctx, tf: str, fresh, module_step: str | None, module: cst.Module) -> None:
        self.ctx, self.tf, self.fresh, self.module_step, self.module = ctx, tf, fresh, module_step, module
        self.refusals: list[Refusal] = []
        self.notes: list = []
        self.imports: set[str] = set()
        self.lowered = 0

    def _convert(self, original: list, updated: list) -> list | None:
        replaced: dict[int, list] = {}
        removed: set[int] = set()
        for i, statement in enumerate(original):
            if not (isinstance(statement, cst.With) and len(statement.items) == 1
                    and isinstance(statement.items[0].item, cst.Call)
                    and self.ctx.symbol(statement.items[0].item.func) in M.SESSIONS):
                continue
            step = _monitored.global_step_name(original[:i], self.ctx) or self.module_step
            lowering = _monitored.Lowering(self.ctx, self.tf, self.fresh, original, i, step, self.module)
            try:
                replaced[i] = lowering.lower()
            except Refusal as refusal:
                self.refusals.append(refusal)
                continue
            removed |= lowering.removed
            self.notes += lowering.notes
            self.imports |= lowering.imports
            self.lowered += 1
        if not replaced:
            return None
        out = []
        for i, statement in enumerate(updated):
            if i in replaced:
                out += replaced[i]
            elif i not in removed:
                out.append(statement)
        return out

    def leave_IndentedBlock(self, original, updated):
        new = self._convert(list(original.body), list(updated.body))
        return updated if new is None else updated.with_changes(body=new)

    def leave_Module(self, original, updated):
        new = self._convert(list(original.body), list(updated.body))
        return updated if new is None else updated.with_changes(body=new)
