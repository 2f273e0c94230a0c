"""Write a ``with tf.train.MonitoredTrainingSession(...) as sess:`` loop and its hooks out as plain session code.

The supported shape is the one the TF 1.x guides taught::

    with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=[...]) as sess:
        while not sess.should_stop():
            sess.run(train_op)            # exactly one run per iteration

It becomes a ``tf.Session`` block that does what the session and its hooks did
(``migrate.data.monitored_map`` says what and where that is from): initialize,
restore the latest checkpoint of ``checkpoint_dir``, save ``model.ckpt-<step>``
at the start, every N steps or seconds and at the end, log the tensors of a
LoggingTensorHook with the same run, raise on a NaN loss, stop at the step of a
StopAtStepHook, end quietly on ``OutOfRangeError``. That code runs in graph mode
as it is, and the graph-to-eager pass (TFM300) converts it like any session
program (Saver -> tf.train.Checkpoint, the run -> a tf.function step).
Anything else raises ``Refusal``.
"""

from __future__ import annotations

import libcst as cst

from migrate.data import monitored_map as M
from migrate.graph.blocks import calls_in, reads, single_statement, target_names
from migrate.graph.plan import Note, Refusal
from migrate.rules import _calls

_CODE = cst.Module([])


def code(node: cst.CSTNode) -> str:
    return _CODE.code_for_node(node)


def _bind(call: cst.Call, symbol: str, signature: M.Signature) -> dict[str, cst.BaseExpression]:
    bound = _calls.bind(call, signature.params)
    if bound is None:
        raise Refusal(call, f"tf.{symbol}() with arguments that can't be matched statically")
    unknown = set(bound) - signature.kept - signature.ignored
    if unknown:
        raise Refusal(call, f"tf.{symbol}({', '.join(sorted(unknown))}=...) is not converted")
    return {k: a.value for k, a in bound.items() if k in signature.kept}


def _none(expr: cst.BaseExpression | None) -> bool:
    return expr is None or (isinstance(expr, cst.Name) and expr.value == "None")


class Lowering:
    """One monitored-session ``with`` of a statement list (``suite``) -> its plain form."""

    def __init__(self, ctx, tf: str, fresh, suite: list, index: int, global_step: str | None,
                 program: cst.Module) -> None:
        self.ctx, self.tf, self.fresh, self.program = ctx, tf, fresh, program
        self.suite, self.index, self.node = suite, index, suite[index]
        self.global_step = global_step
        self.notes: list[Note] = []
        self.removed: set[int] = set()  # suite indexes of statements that go (a hooks list only the session read)
        self.imports: set[str] = set()

    # -- reading --------------------------------------------------------------------

    def _hooks(self, expr: cst.BaseExpression | None) -> list[tuple[str, cst.Call]]:
        if _none(expr):
            return []
        if isinstance(expr, cst.Name):  # hooks = [...] earlier in the same block, read only here
            found = [i for i, s in enumerate(self.suite[:self.index])
                     if isinstance(single_statement(s), cst.Assign)
                     and target_names(single_statement(s).targets[0].target) == [expr.value]]
            readers = [i for i, s in enumerate(self.suite) if expr.value in reads(s) and i not in found]
            if len(found) != 1 or readers != [self.index]:
                raise Refusal(expr, f"hooks {expr.value!r} is not a list bound once and read only by the session")
            self.removed.add(found[0])
            expr = single_statement(self.suite[found[0]]).value
        if not isinstance(expr, (cst.List, cst.Tuple)):
            raise Refusal(expr, "hooks that are not a list of hook constructors")
        hooks = []
        for element in expr.elements:
            call = element.value
            symbol = self.ctx.symbol(call.func) if isinstance(call, cst.Call) else None
            if symbol not in M.HOOKS:
                raise Refusal(call, "a hook other than StopAtStepHook, CheckpointSaverHook, LoggingTensorHook, "
                                    "NanTensorHook or StepCounterHook (a SessionRunHook subclass's before_run/"
                                    "after_run are not written out)")
            hooks.append((symbol, call))
        return hooks

    def _loop(self, session: str) -> tuple[list, cst.While, list]:
        body = list(self.node.body.body)
        loops = [i for i, s in enumerate(body) if isinstance(s, cst.While)]
        if len(loops) != 1:
            raise Refusal(self.node, "the session's block is not one `while not sess.should_stop():` loop")
        loop = body[loops[0]]
        test = loop.test
        if not (isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
                and isinstance(test.expression, cst.Call) and code(test.expression.func) == f"{session}.should_stop"
                and not test.expression.args) or loop.orelse is not None:
            raise Refusal(loop, f"the loop does not test `not {session}.should_stop()`")
        outside = body[:loops[0]] + body[loops[0] + 1:]
        if any(session in reads(s) for s in outside):
            raise Refusal(self.node, f"{session!r} is used outside the `while not {session}.should_stop()` loop")
        return body[:loops[0]], loop, body[loops[0] + 1:]

    def _run_site(self, loop: cst.While, session: str) -> int:
        runs = [c for c in calls_in(loop.body) if code(c.func) == f"{session}.run"]
        used = [n for n in _names(loop.body) if n == session]
        if len(runs) != 1 or len(used) != 1:
            raise Refusal(loop, f"the loop does not call {session}.run() exactly once (each run is one step of "
                                "the hooks)")
        for i, statement in enumerate(loop.body.body):
            small = single_statement(statement)
            if small is not None and getattr(small, "value", None) is not None and small.value is runs[0] \
                    or (isinstance(small, cst.Assign) and small.value is runs[0]):
                return i
        raise Refusal(runs[0], f"{session}.run() is not a statement of the loop's own body")

    # -- writing --------------------------------------------------------------------

    def lower(self) -> list:
        with_item = self.node.items[0]
        call = with_item.item
        symbol = self.ctx.symbol(call.func)
        args = _bind(call, symbol, M.SESSIONS[symbol])
        if not (isinstance(with_item.asname, cst.AsName) and isinstance(with_item.asname.name, cst.Name)):
            raise Refusal(call, f"tf.{symbol}() not bound with `as sess`")
        session = with_item.asname.name.value
        if not _none(args.get("master")) and code(args["master"]) not in ('""', "''"):
            raise Refusal(call, f"tf.{symbol}(master=...): a distributed session (ClusterSpec / Server) is not "
                                "converted here")
        if "is_chief" in args and code(args["is_chief"]) != "True":
            raise Refusal(call, f"tf.{symbol}(is_chief=...) other than True: the chief's hooks depend on the cluster")
        tf = self.tf
        directory = None if _none(args.get("checkpoint_dir")) else code(args["checkpoint_dir"])
        hooks = self._hooks(args.get("hooks")) + self._hooks(args.get("chief_only_hooks"))
        saving = self._saving(call, symbol, args, directory, hooks)
        before, loop, after = self._loop(session)
        run_index = self._run_site(loop, session)
        logging = [(s, c) for s, c in hooks if s in ("train.LoggingTensorHook", "train.NanTensorHook")]
        stops = [c for s, c in hooks if s == "train.StopAtStepHook"]
        needs_step = bool(stops or saving)
        if needs_step and self.global_step is None:
            raise Refusal(call, "the hooks read the global step, and no `<name> = tf.train.get_or_create_global_step()` "
                                "(or a variable named 'global_step') is bound at the top of this module or block")
        gs, step = self.global_step, self.fresh("current_step") if needs_step else None
        saver = self.fresh("saver") if directory or saving else None
        out_before = [f"{saver} = {tf}.train.Saver()"] if saver else []
        config = f"config={code(args['config'])}" if not _none(args.get("config")) else ""
        head = [f"{session}.run({tf}.global_variables_initializer())",
                f"{session}.run({tf}.local_variables_initializer())"]
        if directory:
            latest = self.fresh("latest")
            head += [f"{latest} = {tf}.train.latest_checkpoint({directory})", f"if {latest}:",
                     f"    {saver}.restore({session}, {latest})"]
        prelude, tail, inner_after = [], [], []
        if needs_step:
            prelude.append(f"{step} = {session}.run({gs})")
        last = None
        for hook in stops:
            hook_args = _bind(hook, "train.StopAtStepHook", M.HOOKS["train.StopAtStepHook"])
            last = self.fresh("last_step")
            if not _none(hook_args.get("last_step")):
                prelude.append(f"{last} = {code(hook_args['last_step'])}")
            elif not _none(hook_args.get("num_steps")):
                prelude.append(f"{last} = {step} + {code(hook_args['num_steps'])}")
            else:
                raise Refusal(hook, "StopAtStepHook without num_steps or last_step")
        if saving:
            path, every_steps, every_secs = saving
            self.imports.add("os")
            saved = self.fresh("saved_step")
            save = f"{saver}.save({session}, os.path.join({path}), global_step={step})"
            prelude += [save, f"{saved} = {step}"]
            condition = []
            if every_steps:
                condition.append(f"{step} >= {saved} + {every_steps}")
            if every_secs:
                self.imports.add("time")
                saved_time = self.fresh("saved_time")
                prelude.append(f"{saved_time} = time.time()")
                condition.append(f"time.time() >= {saved_time} + {every_secs}")
            inner_after += [f"if {step} != {saved} and ({' or '.join(condition)}):", f"    {save}",
                            f"    {saved} = {step}"] + ([f"    {saved_time} = time.time()"] if every_secs else [])
            tail += [f"{step} = {session}.run({gs})", f"if {step} != {saved}:", f"    {save}"]
        stop = self.fresh("stop")
        prelude.append(f"{stop} = False")
        run_statement, logged, iteration = self._logging(loop.body.body[run_index], logging, prelude)
        if needs_step:
            inner_after.insert(0, f"{step} = {session}.run({gs})")
        for hook in stops:
            inner_after.append(f"if {step} >= {last}:")
            inner_after.append(f"    {stop} = True")
        loop_body = list(loop.body.body)
        loop_body[run_index:run_index + 1] = [run_statement, *logged]
        loop_body += [cst.parse_statement(line + "\n") for line in _blocks(inner_after)]
        if iteration:
            loop_body.append(cst.parse_statement(f"{iteration} += 1\n"))
        new_loop = loop.with_changes(test=cst.parse_expression(f"not {stop}"),
                                     body=loop.body.with_changes(body=loop_body))
        guarded = new_loop
        if self._has_inputs():  # the monitored session ended quietly when the input ran out
            guarded = cst.parse_statement(f"try:\n    pass\nexcept {tf}.errors.OutOfRangeError:\n    pass\n")
            guarded = guarded.with_changes(body=guarded.body.with_changes(body=[new_loop]))
        # the hooks' after_create_session (the first save) ran before the block's body
        statements = [*_parse(head), *_parse(prelude), *before, guarded, *_parse(tail), *after]
        session_with = cst.parse_statement(f"with {tf}.Session({config}) as {session}:\n    pass\n")
        session_with = session_with.with_changes(body=session_with.body.with_changes(body=statements),
                                                 leading_lines=self.node.leading_lines)
        self.notes.append(Note(call, f"tf.{symbol} -> a session block with its hooks written out (initialize"
                               + (", restore the latest checkpoint" if directory else "")
                               + "".join(f", {h}" for h in sorted({s.split('.')[-1] for s, _ in hooks}))
                               + ")"))
        return [*_parse(out_before), session_with]

    def _saving(self, call, symbol, args, directory, hooks):
        """(path, every_steps, every_secs) of the checkpoints the session and its hooks save, or None."""
        found = []
        for hook_symbol, hook in hooks:
            if hook_symbol == "train.CheckpointSaverHook":
                hook_args = _bind(hook, hook_symbol, M.HOOKS[hook_symbol])
                base = code(hook_args.get("checkpoint_basename", cst.SimpleString('"model.ckpt"')))
                found.append((f"{code(hook_args['checkpoint_dir'])}, {base}",
                              None if _none(hook_args.get("save_steps")) else code(hook_args["save_steps"]),
                              None if _none(hook_args.get("save_secs")) else code(hook_args["save_secs"])))
            if hook_symbol == "train.StepCounterHook":
                self.notes.append(Note(hook, "StepCounterHook dropped: it only logged and wrote global_step/sec"))
        if symbol == "train.MonitoredTrainingSession" and directory:
            steps, secs = args.get("save_checkpoint_steps"), args.get("save_checkpoint_secs")
            if "save_checkpoint_steps" not in args and "save_checkpoint_secs" not in args:
                secs = cst.Integer("600")  # TF 1.15's default when neither is given
            if not _none(steps) or not _none(secs):
                found.append((f'{directory}, "model.ckpt"', None if _none(steps) else code(steps),
                              None if _none(secs) else code(secs)))
            self._summaries(args)
            self.notes.append(Note(args["checkpoint_dir"], "the graph, the meta graph and the global_step/sec "
                                   "events MonitoredTrainingSession wrote to checkpoint_dir are not written"))
        if len(found) > 1:
            raise Refusal(call, "checkpoints saved by two hooks")
        if found and found[0][2] is not None:
            self.notes.append(Note(call, "checkpoints every N seconds: when "
                                   "they are written depends on the machine's speed, as in TF1", exact=False))
        return found[0] if found else None

    def _summaries(self, args) -> None:
        steps = args.get("save_summaries_steps", cst.Integer("100"))
        secs = args.get("save_summaries_secs")
        if (_none(steps) or code(steps) == "0") and _none(secs):
            return
        if any(symbol in M.SUMMARIES for symbol in self.ctx.symbols.values()):
            raise Refusal(args["checkpoint_dir"], "MonitoredTrainingSession writes the merged summaries every "
                                                  "save_summaries_steps (SummarySaverHook): not written out; "
                                                  "pass save_summaries_steps=None and write them in the loop")

    def _logging(self, statement, hooks, prelude):
        """The run statement fetching the logged tensors too, the statements that log them, the iteration name."""
        if not hooks:
            return statement, [], None
        small = single_statement(statement)
        run = small.value
        fetch = run.args[0].value if run.args and not run.args[0].keyword else None
        if fetch is None or len(run.args) > 1 and not all(a.keyword and a.keyword.value == "feed_dict"
                                                          for a in run.args[1:]):
            raise Refusal(run, "a run with arguments other than fetches and feed_dict, under logging hooks")
        extra, lines, names = [], [], []
        iteration = None
        for symbol, hook in hooks:
            hook_args = _bind(hook, symbol, M.HOOKS[symbol])
            if symbol == "train.LoggingTensorHook":
                tensors = hook_args.get("tensors")
                if not (isinstance(tensors, cst.Dict) and all(isinstance(getattr(e, "key", None), cst.SimpleString)
                                                              for e in tensors.elements)):
                    raise Refusal(hook, "LoggingTensorHook tensors that are not a dict with string keys")
                if _none(hook_args.get("every_n_iter")):
                    raise Refusal(hook, "LoggingTensorHook without every_n_iter (every_n_secs, at_end: not converted)")
                pairs = sorted((e.key.evaluated_value, e.value) for e in tensors.elements)
                values = [self.fresh(f"{_stem(tag)}_value") for tag, _ in pairs]
                extra += [value for _, value in pairs]
                names += values
                iteration = iteration or self.fresh("iteration")
                message = ", ".join(f"{tag} = %s" for tag, _ in pairs)
                lines += [f"if {iteration} % {code(hook_args['every_n_iter'])} == 0:",
                          # TF1's call: the logging rules migrate it with the file's other tf.logging calls
                          f"    {self.tf}.logging.info({message!r}, {', '.join(values)})"]
            else:
                value = self.fresh("loss_value")
                extra.append(hook_args["loss_tensor"])
                names.append(value)
                self.imports.add("math")
                fail = hook_args.get("fail_on_nan_loss")
                if fail is None or code(fail) == "True":
                    lines += [f"if math.isnan({value}):", '    raise RuntimeError("NaN loss during training.")']
                else:
                    raise Refusal(hook, "NanTensorHook(fail_on_nan_loss=False) is not converted")
        if iteration:
            prelude.append(f"{iteration} = 0")
        fetched = [code(fetch), *map(code, extra)]
        rest = "".join(f", {code(a)}" for a in run.args[1:])
        new_run = f"{code(run.func)}([{', '.join(fetched)}]{rest})"
        if isinstance(small, cst.Expr):
            target = ", ".join(["_", *names])
        elif isinstance(small, cst.Assign) and len(small.targets) == 1:
            kept = small.targets[0].target
            if isinstance(kept, (cst.Tuple, cst.List)) and isinstance(fetch, cst.List):
                new_run = f"{code(run.func)}([{', '.join([*(code(e.value) for e in fetch.elements), *map(code, extra)])}]{rest})"
                target = ", ".join([*(code(e.value) for e in kept.elements), *names])
            else:
                target = ", ".join([code(kept), *names])
        else:
            raise Refusal(run, "the run's result is used in a way the logging hooks can't share")
        new = cst.parse_statement(f"{target} = {new_run}\n").with_changes(leading_lines=statement.leading_lines)
        return new, [cst.parse_statement(line + "\n") for line in _blocks(lines)], iteration

    def _has_inputs(self) -> bool:
        """Does the program read an input that ends (a tf.data iterator, a queue)?"""
        if any(s.startswith(("data.", "train.string_input", "train.slice_input", "train.batch", "train.shuffle_batch"))
               for s in self.ctx.symbols.values()):
            return True
        return any(isinstance(c.func, cst.Attribute) and c.func.attr.value in _ITERATORS
                   for c in calls_in(self.program))


_ITERATORS = frozenset({"make_one_shot_iterator", "make_initializable_iterator", "get_next"})


def _stem(tag: str) -> str:
    stem = "".join(c if c.isalnum() else "_" for c in tag).strip("_").lower() or "tensor"
    return stem if stem[0].isalpha() else f"t_{stem}"


def _names(node: cst.CSTNode) -> list[str]:
    found = []

    class _Visit(cst.CSTVisitor):
        def visit_Name(self, name):
            found.append(name.value)

    node.visit(_Visit())
    return found


def _blocks(lines: list[str]) -> list[str]:
    """Join ``if ...:`` lines with their indented bodies, so each item parses as one statement."""
    out: list[str] = []
    for line in lines:
        if line.startswith(" ") and out:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


def _parse(lines: list[str]) -> list:
    return [cst.parse_statement(line + "\n") for line in _blocks(lines)]


def global_step_name(statements: list, ctx) -> str | None:
    """The name a statement of the list binds to the global step, when there is exactly one."""
    found = []
    for statement in statements:
        small = single_statement(statement)
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call)):
            continue
        names = target_names(small.targets[0].target)
        symbol = ctx.symbol(small.value.func)
        named = symbol == "Variable" and any(a.keyword and a.keyword.value == "name" and code(a.value).strip("'\"")
                                             == "global_step" for a in small.value.args)
        if names and len(names) == 1 and (symbol in M.GLOBAL_STEPS or named):
            found.append(names[0])
    return found[0] if len(found) == 1 else None
