"""Convert one TF1 block into eager TF2: state once, ``tf.function`` per fetch set, calls at run sites.

The steps, for one block (a module or function body):

1. flatten and classify its statements (``blocks``, ``classify``);
2. collect its run sites (``runs``);
3. rewrite state: TF1 layer calls inside graph code become Keras layer objects
   created where the call stood, optimizers become Keras optimizers,
   ``tf.get_variable`` becomes ``tf.Variable``;
4. for every distinct (fetches, placeholders) pair, emit a ``@tf.function``
   whose body is the slice of graph code the fetches depend on (under a
   ``GradientTape`` when a train op is fetched);
5. replace each run site by a call of its function, ``.numpy()`` on values so
   printing and formatting are unchanged.

Anything it cannot prove raises `Refusal`, and the caller keeps the block as it was.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field

import libcst as cst

from migrate.data import graph_map as G
from migrate.engine.context import RuleContext
from migrate.graph import keras_calls
from migrate.graph.blocks import (Substitute, call_symbol, calls_in, code, flatten, local_names, local_sessions, parenthesized, reads,
                                  reads_in_order, single_statement)
from migrate.graph.build.checkpoints import Checkpoints
from migrate.graph.build.session_config import SessionConfig
from migrate.graph.classify import _iterator, check_session_graph, classify, runs_graph
from migrate.graph.plan import REMOVED, TENSORS, Block, Kind, Note, Refusal, Stmt
from migrate.graph.rnns import convert_rnns
from migrate.graph.runs import Fetch, RunFinder, RunSite
from migrate.rules import _calls

_ASSIGNS = {"assign": "assign", "assign_add": "assign_add", "assign_sub": "assign_sub"}
# statement kinds whose names are gone from the block once it is converted


@dataclass
class Names:
    """Fresh identifiers that collide with nothing in the module."""

    taken: set[str]
    trackables: list[str] = field(default_factory=list)  # hoisted layers and optimizers, for checkpoints
    layers: list[str] = field(default_factory=list)  # hoisted Keras layers, in creation order

    def fresh(self, stem: str) -> str:
        name, i = stem, 1
        while name in self.taken:
            name, i = f"{stem}_{i}", i + 1
        self.taken.add(name)
        return name


@dataclass
class Train:
    """What a train op does: which optimizer, on which loss and variables."""

    optimizer: str
    loss: cst.BaseExpression | None  # minimize's loss; None for apply_gradients
    var_list: cst.BaseExpression | None
    global_step: cst.BaseExpression | None
    gradients: cst.BaseExpression | None = None  # apply_gradients' argument


@dataclass
class Function:
    name: str
    leaves: tuple[str, ...]  # fetched graph names, in order
    params: tuple[str, ...]  # placeholders, in definition order
    fetch: Fetch
    constants: dict[str, str] = field(default_factory=dict)  # placeholder -> the literal every call feeds
    writer: str | None = None  # the summary writer its fetched summaries went to
    step: str | None = None  # the argument carrying add_summary's step
    extras: tuple[str, ...] = ()  # Python names a fetched expression reads that change between runs
    flags: tuple[str, ...] = ()  # scalar bool placeholders given as a Keras training=: passed as Python bools
    signed: bool = False  # built with an input_signature (else a Python step would be traced per value)


@dataclass
class Converter:
    ctx: RuleContext
    names: Names
    tf: str  # the alias generated code uses for the tensorflow package
    variable_helpers: set[str]
    graph_helpers: set[str] = field(default_factory=set)
    statements: dict[int, cst.BaseStatement] = field(default_factory=dict)  # id(stmt) -> rewritten compute
    trains: dict[str, Train] = field(default_factory=dict)
    gradients: dict[str, tuple[Train, cst.BaseExpression, cst.BaseExpression | None]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    schedules: dict[str, cst.BaseExpression | None] = field(default_factory=dict)  # name -> TF1 global_step
    update_ops: bool = False  # the file runs tf.GraphKeys.UPDATE_OPS (batch-norm statistics) with its train op
    site_steps: dict[int, cst.BaseExpression] = field(default_factory=dict)
    # iterator -> (function, params), or (dataset, None) for an initializable iterator over a plain dataset
    factories: dict[str, tuple[str, list[str] | None]] = field(default_factory=dict)
    dataset_statements: set[int] = field(default_factory=set)
    initializers: dict[str, cst.Call] = field(default_factory=dict)  # block names bound to initializer objects
    inlined: set[str] = field(default_factory=set)  # those of them copied into hoisted layer constructors
    expressions: dict[str, Fetch] = field(default_factory=dict)  # fetched expressions, by their source
    checkpoints: Checkpoints = field(init=False, repr=False, compare=False)  # the block's Savers (build/checkpoints.py)
    session_config: SessionConfig = field(init=False, repr=False, compare=False)  # build/session_config.py

    def __post_init__(self) -> None:
        self.checkpoints = Checkpoints(self)
        self.session_config = SessionConfig(self)

    # -- entry ----------------------------------------------------------------------

    def convert(self, body, blank: int = 1, function: bool = False) -> list[cst.BaseStatement] | None:
        """The block's new statements, or None when it is not graph code; ``blank``: blank lines around defs.

        ``function``: the block is a function's body; one that builds no graph of its own only runs the module's
        (``def main(): with tf.Session() as sess: sess.run(train_op)``) and is converted with the module's block."""
        sessions: set[str] = set()
        removed: list = []
        dependencies: list = []
        flat = flatten(body, self.ctx, sessions, removed, dependencies)
        flat = [part for statement in flat for part in self._split_chained_iterator(statement)]
        before = {id(s) for s in flat}
        _, flat = convert_rnns(flat, self.ctx, self.names.fresh, self.tf, self.notes, inline=True)
        self.names.trackables += [single_statement(s).targets[0].target.value for s in flat
                                  if id(s) not in before and single_statement(s) is not None
                                  and isinstance(single_statement(s), cst.Assign)
                                  and code(single_statement(s).targets[0].target).startswith("rnn")]
        block = classify(flat, self.ctx, sessions, self.variable_helpers, self.graph_helpers)
        if not sessions and not any(runs_graph(s.node, block.kinds, sessions) or (
                isinstance(s.node, (cst.FunctionDef, cst.If)) and local_sessions(s.node, self.ctx).names)
                for s in block.statements if s.kind == Kind.RUN):
            return None  # no session and nothing run here: graph code run elsewhere (a model-building function)
        if function and all(s.kind in _NOT_GRAPH for s in block.statements) and not _fetched(block, sessions) & {
                name for s in block.statements for name in s.defs}:
            return None  # sessions over the module's graph: RunFinder follows them from the module's block
        for node in removed:  # with tf.Session(graph=g) as sess: only a dropped graph may be named
            check_session_graph(node.items[0].item, block.kinds)
        for node in dependencies:
            self._check_dependencies(node.items[0].item, block)
        finder = self.finder = RunFinder(block, self.ctx)
        for stmt in block.statements:
            if stmt.kind == Kind.RUN:
                stmt.node.visit(finder)
        finder.check_initializers()
        self.block = block
        self.initializers = _initializer_names([s.node for s in block.statements if s.kind == Kind.PYTHON], self.ctx,
                                               frozenset(), [s.node for s in block.statements])
        self.checkpoints.start()
        front: list[cst.BaseStatement] = []
        self.session_config.with_sessions(removed, front)
        built = [self._build(stmt, front) for stmt in block.statements]
        self.checkpoints.fill(built, block)
        functions = self._functions(list(finder.sites.values()))
        functions = [_drop_unread_deep(f, self.inlined) if isinstance(f, cst.FunctionDef) else f for f in functions]
        rewriter = RunRewriter(self, finder.sites, finder.prepared, finder.savers)
        built = [[node.visit(_HelperKeys(finder.helpers)) for node in new] for new in built]
        result: list[cst.BaseStatement] = []
        placed, after = not functions, False
        for stmt, new in zip(block.statements, built):
            if front and stmt.kind not in (Kind.PYTHON, Kind.DROP, Kind.RUN, Kind.CONFIG, Kind.CONFIG_ATTR):
                result += front
                front = []
            if stmt.kind != Kind.RUN:
                result += new
                continue
            if not placed and any(id(c) in finder.sites for c in calls_in(stmt.node)):
                result += _spaced(functions, blank)
                placed = True
                after = True
            rewritten = stmt.node.visit(rewriter)
            if not isinstance(rewritten, cst.RemovalSentinel):
                if after and not any(line.comment is None for line in rewritten.leading_lines):
                    rewritten = rewritten.with_changes(leading_lines=[cst.EmptyLine(indent=False)] * blank
                                                       + list(rewritten.leading_lines))
                after = False
                result.append(rewritten)
        result = [*front, *result, *([] if placed else _spaced(functions, blank))]
        result = _drop_unread_in(result, self.inlined)
        result = _space_after_defs(result, blank)
        self._check_removed(block, result, functions)
        return result

    def _split_chained_iterator(self, statement: cst.BaseStatement) -> list[cst.BaseStatement]:
        """``x, y = ds.make_one_shot_iterator().get_next()`` -> the iterator bound to a name, then its get_next()."""
        small = single_statement(statement)
        value = small.value if isinstance(small, cst.Assign) else None
        if not (isinstance(value, cst.Call) and not value.args and isinstance(value.func, cst.Attribute)
                and value.func.attr.value == "get_next" and _iterator(value.func.value, self.ctx) is not None):
            return [statement]
        name = self.names.fresh("iterator")
        made = cst.parse_statement(f"{name} = 0\n")
        made = self._replace_value(made, value.func.value).with_changes(leading_lines=statement.leading_lines)
        rest = statement.with_changes(body=[small.with_changes(value=value.with_changes(
            func=value.func.with_changes(value=cst.Name(name))))], leading_lines=[])
        return [made, rest]

    def _check_dependencies(self, call: cst.Call, block: Block) -> None:
        """``with tf.control_dependencies(update_ops):`` goes (Keras layers update their own statistics);
        any other dependency is an op TF1 ran first, which a flattened block would drop."""
        arg = call.args[0].value if len(call.args) == 1 and call.args[0].keyword is None else None
        if isinstance(arg, cst.Name) and block.kinds.get(arg.value) == Kind.DROP:
            return
        if isinstance(arg, cst.Call) and call_symbol(arg, self.ctx) == "get_collection" and arg.args \
                and self.ctx.symbol(arg.args[0].value) == "GraphKeys.UPDATE_OPS":
            return
        raise Refusal(call, f"tf.control_dependencies({code(arg) if arg is not None else '...'}): the ops it names "
                            "ran before the block's ops in TF1; only the batch-norm UPDATE_OPS are known to go")

    def _check_removed(self, block: Block, result, functions) -> None:
        """Kept code may not read a name whose statement moved into the functions or went away."""
        generated = {id(f) for f in functions}
        removed = {name for stmt in block.statements if stmt.kind in REMOVED for name in stmt.defs} - {
            f.name.value for f in functions}
        for node in result:
            if id(node) in generated or isinstance(node, cst.ClassDef):
                continue
            left = _free_reads(node) & removed
            if left:
                name = sorted(left)[0]
                raise Refusal(block.defs[name].node, f"{name!r} is graph code that no longer exists outside the "
                                                     "tf.functions, but later code still reads it")

    # -- build statements -----------------------------------------------------------

    def _build(self, stmt: Stmt, front: list) -> list[cst.BaseStatement]:
        new = self._build_one(stmt, front)
        if new and new[0] is not stmt.node and hasattr(stmt.node, "leading_lines"):
            new[0] = new[0].with_changes(leading_lines=stmt.node.leading_lines)  # keep its comments and spacing
        return new

    def _build_one(self, stmt: Stmt, front: list) -> list[cst.BaseStatement]:
        """The statements that replace ``stmt`` where it stood (``front``: what goes to the block's start)."""
        builder = _BUILDERS.get(stmt.kind)
        return [stmt.node] if builder is None else builder(self, stmt, front)

    def _build_removed(self, stmt: Stmt, front: list) -> list[cst.BaseStatement]:
        if "note" in stmt.data:
            self.notes.append(Note(stmt.value, stmt.data["note"]))
        return []

    def _build_compute(self, stmt: Stmt, front: list) -> list[cst.BaseStatement]:
        """Graph code moves into the functions (``self.statements``); the layers it calls are created here."""
        hoisted, rewritten = self._hoist_layers(stmt.node)
        self.statements[id(stmt)] = rewritten
        if stmt.kind == Kind.GRADIENTS:
            self._gradients(stmt)
        return hoisted

    def _build_optimizer(self, stmt: Stmt, front: list) -> list[cst.BaseStatement]:
        return [self._replace_value(stmt.node, self._optimizer(stmt.value))]

    def _build_schedule(self, stmt: Stmt, front: list) -> list[cst.BaseStatement]:
        result = keras_calls.schedule(stmt.value, stmt.data["symbol"], self.ctx)
        if isinstance(result, str):
            raise Refusal(stmt.node, result)
        self.schedules[stmt.defs[0]] = result.step
        self.notes += Note.from_result(stmt.value, result)
        return [self._replace_value(stmt.node, result.ctor)]

    def _build_state(self, stmt: Stmt, front: list) -> list[cst.BaseStatement]:
        return [self._state(stmt.node)]

    def _replace_value(self, node, value) -> cst.BaseStatement:
        small = single_statement(node)
        return node.with_changes(body=[small.with_changes(value=value)])

    def _optimizer(self, call: cst.Call) -> cst.Call:
        result = keras_calls.optimizer(call, self.ctx.symbol(call.func), self.ctx)
        if isinstance(result, str):
            raise Refusal(call, result)
        self.notes += Note.from_result(call, result)
        return result.ctor

    def _train(self, stmt: Stmt) -> list[cst.BaseStatement]:
        call = stmt.value
        owner = call.func.value
        hoisted = []
        if isinstance(owner, cst.Name):
            optimizer = owner.value
        else:
            optimizer = self.names.fresh("optimizer")
            self.names.trackables.append(optimizer)
            hoisted.append(cst.parse_statement(f"{optimizer} = 0\n"))
            hoisted[0] = self._replace_value(hoisted[0], self._optimizer(owner))
        if stmt.kind == Kind.TRAIN:
            bound = _calls.bind(call, ("loss", "global_step", "var_list", "gate_gradients", "aggregation_method",
                                       "colocate_gradients_with_ops", "name", "grad_loss"))
            if bound is None or "loss" not in bound or set(bound) - {"loss", "global_step", "var_list", "name"}:
                raise Refusal(call, "minimize() with arguments the conversion does not map")
            loss = bound["loss"].value
            if any(self.ctx.symbol(c.func) in keras_calls.LAYERS for c in calls_in(loss)):
                raise Refusal(loss, "minimize() of an expression that calls a layer: bind the loss to a name first")
        else:
            bound = _calls.bind(call, ("grads_and_vars", "global_step", "name"))
            if bound is None or "grads_and_vars" not in bound:
                raise Refusal(call, "apply_gradients() with arguments the conversion does not map")
            loss = None
        step = bound.get("global_step")
        step = step.value if step else None
        if isinstance(step, cst.Call) and self.ctx.symbol(step.func) in G.GLOBAL_STEPS:
            # minimize(global_step=tf.train.get_or_create_global_step()): the step variable, created once
            calls = [c for s in self.block.statements for c in calls_in(s.node) if self.ctx.symbol(c.func) in G.GLOBAL_STEPS]
            if len(calls) != 1:
                raise Refusal(step, "the global step is looked up in several places: one variable must serve them all")
            name = self.names.fresh("global_step")
            self.names.trackables.append(name)
            hoisted.append(cst.parse_statement(
                f'{name} = {self.tf}.Variable(0, trainable=False, dtype={self.tf}.int64, name="global_step")\n'))
            step = cst.Name(name)
        var_list = bound.get("var_list")
        train = Train(optimizer, loss, self._variables(var_list.value) if var_list else None,
                      step, bound["grads_and_vars"].value if loss is None else None)
        for name in stmt.defs:
            self.trains[name] = train
        return hoisted

    def _variables(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """A var_list, or None for "every trainable variable" (what the tape watched)."""
        if call_symbol(expr, self.ctx) in G.TRAINABLE and not expr.args:
            return None
        if isinstance(expr, cst.Name) and self.block.kinds.get(expr.value) == Kind.TRAINABLE:
            return None
        if isinstance(expr, cst.Call) and call_symbol(expr, self.ctx) == "get_collection":
            key = expr.args[0].value if len(expr.args) == 1 else None
            if key is not None and self.ctx.symbol(key) == "GraphKeys.TRAINABLE_VARIABLES":
                return None
            raise Refusal(expr, "var_list from a collection with a scope filter")
        if reads(expr) & {n for n, k in self.block.kinds.items() if k in TENSORS}:
            raise Refusal(expr, "var_list computed from graph tensors")
        return expr

    def _gradients(self, stmt: Stmt) -> None:
        call = stmt.value
        bound = _calls.bind(call, ("loss", "var_list", "gate_gradients", "aggregation_method",
                                   "colocate_gradients_with_ops", "grad_loss"))
        if bound is None or "loss" not in bound or set(bound) - {"loss", "var_list"} or \
                len(stmt.defs) != (2 if stmt.data.get("unzipped") else 1):
            raise Refusal(call, "compute_gradients() with arguments the conversion does not map")
        owner = call.func.value
        if not isinstance(owner, cst.Name):
            raise Refusal(call, "compute_gradients() on an optimizer that is not bound to a name")
        var_list = self._variables(bound["var_list"].value) if "var_list" in bound else None
        self.gradients[stmt.defs[0]] = (owner.value, bound["loss"].value, var_list)

    def _state(self, node: cst.BaseStatement) -> cst.BaseStatement:
        ctx, tf = self.ctx, self.tf

        class _Vars(cst.CSTTransformer):
            def leave_Call(self, original, updated):
                symbol = ctx.symbol(original.func)
                if symbol == "get_variable":
                    return _get_variable(updated, original, tf)
                if symbol in G.GLOBAL_STEPS:
                    return cst.parse_expression(
                        f'{tf}.Variable(0, trainable=False, dtype={tf}.int64, name="global_step")')
                return updated

        return node.visit(_Vars())

    def _hoist_layers(self, node: cst.BaseStatement, local: frozenset[str] = frozenset()):
        """Each TF1 layer call in ``node`` -> a Keras layer created once (returned) and called in place.

        ``local``: names bound inside the helper function ``node`` is, which a
        constructor hoisted out of it may not read.
        """
        hoisted: list[cst.BaseStatement] = []
        converter = self
        initializers = dict(self.initializers)  # names bound to initializer objects: inlined in constructors
        if isinstance(node, cst.FunctionDef):
            initializers.update(_initializer_names(node.body.body, self.ctx, local))
        inlined: set[str] = set()

        class _Layers(cst.CSTTransformer):
            def leave_Call(self, original, updated):
                symbol = converter.ctx.symbol(original.func)
                if symbol in _ASSIGNS and len(updated.args) == 2 and not any(a.keyword for a in updated.args):
                    target = updated.args[0].value  # tf.assign_add(w, d) -> w.assign_add(d)
                    return cst.Call(cst.Attribute(target, cst.Name(_ASSIGNS[symbol])), args=[updated.args[1]])
                regularization = _Regularization(converter.ctx, converter.names.layers, converter.tf)
                replaced = regularization.leave_Call(original, updated)
                if replaced is not updated:
                    return replaced
                if symbol == "losses.log_loss":
                    return _log_loss(original, updated, converter.tf)
                if symbol in G.VARIABLES or symbol in G.GLOBAL_STEPS:
                    raise Refusal(original, f"tf.{symbol} inside graph code that depends on tensors")
                if symbol is None or symbol not in keras_calls.LAYERS:
                    return updated
                updated, copied = _written_out_dicts(original, updated, converter.ctx)
                result = keras_calls.layer(updated, symbol, converter.ctx)
                if isinstance(result, str):
                    raise Refusal(original, result)
                ctor = result.ctor
                inlined.update(copied)  # its binding statement is dead once nothing else reads the name
                shared = reads(ctor) & set(initializers)
                if shared:
                    # TF1 drew each variable's initial value anew from a shared initializer object; an
                    # initializer object per layer draws the same way (a reused unseeded Keras one would not)
                    ctor = ctor.visit(Substitute({n: initializers[n] for n in shared}))
                    inlined.update(shared)
                # graph values in a constructor (``tf.layers.dropout(h, 0.7, is_training)`` passes the flag as
                # noise_shape) can't be read where the layer is created once
                block = getattr(converter, "block", None)
                graph = {n for n, k in block.kinds.items() if k in TENSORS} if block is not None else set()
                inner = reads(ctor) & (local | graph)
                if inner and symbol in keras_calls.DROPOUTS:
                    functional = keras_calls.functional_dropout(updated, symbol, converter.tf)
                    if functional is not None and "nn.dropout(" not in code(functional):
                        converter.notes.append(Note(original, f"tf.{symbol} without a training flag never dropped in "
                                                    "TF1 (training defaults to False; a third positional argument "
                                                    "is noise_shape): the input passes through, as it did"))
                    if functional is not None:
                        return functional
                if inner:
                    raise Refusal(original, f"the layer's arguments use {', '.join(sorted(inner))}, which the "
                                            "function computes: it can't be created once outside it")
                if (symbol.endswith(("batch_normalization", "batch_norm")) and not converter.update_ops
                        and not keras_calls.updates_in_place(original.args)):
                    converter.notes.append(Note(original, "NOT EXACT: this TF1 program never ran the UPDATE_OPS, so "
                                                "its moving mean/variance stayed at their initial values; Keras "
                                                "updates them when training=True, so inference results differ "
                                                "(for the better)", exact=False))
                name = converter.names.fresh(result.stem)
                converter.names.trackables.append(name)
                converter.names.layers.append(name)
                statement = cst.parse_statement(f"{name} = 0\n")
                hoisted.append(converter._replace_value(statement, ctor))
                converter.notes += Note.from_result(original, result)
                args = [cst.Arg(result.inputs), *result.call_args]
                return cst.Call(cst.Name(name), args=_calls.rebuild(cst.Call(cst.Name(name), args=args), args).args)

        rewritten = node.visit(_Layers())
        if isinstance(node, cst.FunctionDef):
            rewritten = _drop_unread(rewritten, inlined & local)
        self.inlined |= inlined - local
        return hoisted, rewritten

    def _iterator(self, stmt: Stmt) -> list[cst.BaseStatement]:
        """One-shot: ``iterator = iter(dataset)``. Initializable: a function building the dataset from what
        its placeholders were fed; each ``sess.run(iterator.initializer, feed)`` becomes ``iter(...)`` of it."""
        dataset = stmt.data["dataset"]
        if dataset is None:  # Iterator.from_structure: made at each make_initializer(ds) run, as iter(ds)
            self.factories[stmt.defs[0]] = ("", None)
            return []
        stmts, params = self._slice(reads(dataset))
        if not stmt.data["initializable"] or not (stmts or params):
            if stmts or params:
                raise Refusal(stmt.value, "a one-shot iterator over a dataset built from graph tensors")
            if stmt.data["initializable"]:  # of a plain dataset: each initializer run starts a new pass over it
                self.factories[stmt.defs[0]] = (code(dataset), None)
            return [self._replace_value(stmt.node, cst.parse_expression(f"iter({code(dataset)})"))]
        if any(s.kind != Kind.COMPUTE for s in stmts):
            raise Refusal(stmt.value, "an initializable iterator over a dataset built from more than dataset code")
        name = self.names.fresh("make_dataset")
        self.factories[stmt.defs[0]] = (name, params)
        body = [_clean(self.statements.get(id(s), s.node)) for s in stmts]
        body.append(cst.parse_statement(f"return {code(dataset)}\n"))
        header = cst.parse_statement(f"def {name}({', '.join(params)}):\n    pass\n")
        self.dataset_statements.update(id(s) for s in stmts)
        return [header.with_changes(body=cst.IndentedBlock(body=body), leading_lines=[cst.EmptyLine(indent=False)])]

    def _writer(self, stmt: Stmt) -> cst.BaseStatement:
        bound = _calls.bind(stmt.value, ("logdir", "graph", "max_queue", "flush_secs", "graph_def", "filename_suffix",
                                         "session"))
        if bound is None or "logdir" not in bound or set(bound) - {"logdir", "graph", "max_queue", "flush_secs"}:
            raise Refusal(stmt.value, "tf.summary.FileWriter with options the conversion does not map")
        if "graph" in bound:
            self.notes.append(Note(stmt.value, "the graph is not written: TF2 has no graph to dump; trace a function "
                               "with tf.summary.trace_on / trace_export to see one in TensorBoard"))
        args = [f"{code(bound['logdir'].value)}"] + [f"{k}={code(bound[k].value)}" for k in ("max_queue", "flush_secs")
                                                    if k in bound]
        return self._replace_value(stmt.node, cst.parse_expression(
            f"{self.tf}.summary.create_file_writer({', '.join(args)})"))

    # -- functions --------------------------------------------------------------------

    def _slice(self, names: set[str]) -> tuple[list[Stmt], list[str]]:
        """Compute statements the names depend on (block order) and the placeholders they read.

        ``names`` are read after the whole block ran; each statement's own reads
        go to the definitions before it (``acc = tf.reduce_mean(acc)``).
        """
        seen: set[int] = set()
        params: set[str] = set()
        todo = [self.block.defs[n] for n in names if n in self.block.defs]
        while todo:
            stmt = todo.pop()
            if id(stmt) in seen:
                continue
            seen.add(id(stmt))
            if stmt.kind == Kind.PLACEHOLDER:
                params.add(stmt.defs[0])
            elif stmt.kind == Kind.NEXT:
                params.update(stmt.defs)  # one next() feeds them all, as one get_next() did per run
            elif stmt.kind in (Kind.COMPUTE, Kind.GRADIENTS, Kind.TRAIN, Kind.APPLY, Kind.SUMMARY):
                todo += stmt.data["sources"].values()
            elif stmt.kind == Kind.MERGE:
                todo += self._members(stmt)
        ordered = [s for s in self.block.statements
                   if id(s) in seen and s.kind in (Kind.COMPUTE, Kind.GRADIENTS, Kind.TRAIN, Kind.APPLY, Kind.SUMMARY)]
        order = [s.defs[0] for s in self.block.statements if s.kind == Kind.PLACEHOLDER]
        order += [d for s in self.block.statements if s.kind == Kind.NEXT for d in s.defs]
        # a name bound to a placeholder twice is one argument (a feed keyed by it fed the later one)
        return ordered, [p for p in dict.fromkeys(order) if p in params]

    def _members(self, merge: Stmt) -> list[Stmt]:
        """The summaries a merge writes: merge_all -> every summary defined before it."""
        if merge.data["symbol"] == "summary.merge_all":
            members = []
            for stmt in self.block.statements:
                if stmt is merge:
                    return members
                if stmt.kind == Kind.SUMMARY:
                    members.append(stmt)
        (arg,) = merge.value.args[:1] or (None,)
        if arg is None or not isinstance(arg.value, (cst.List, cst.Tuple)):
            raise Refusal(merge.node, "tf.summary.merge of something other than a list of summaries")
        members = []
        for element in arg.value.elements:
            stmt = self.block.defs.get(getattr(element.value, "value", None))
            if stmt is None or stmt.kind != Kind.SUMMARY:
                raise Refusal(element.value, "tf.summary.merge of something that is not a summary")
            members.append(stmt)
        return members

    def _summary_target(self, site: RunSite) -> tuple[str, cst.BaseExpression] | None:
        """(writer, step) of the add_summary that writes the summary a site fetches."""
        leaves = site.fetch.leaves()
        if not any(leaf.kind == "summary" for leaf in leaves):
            return None
        target = self.finder.targets.get(id(site.call))
        names = [target] if len(leaves) == 1 and site.fetch.kind == "summary" else (
            [e.value for e in target.elements] if isinstance(target, (cst.Tuple, cst.List)) else [])
        found = []
        for leaf, name in zip(leaves, names):
            if leaf.kind == "summary" and isinstance(name, cst.Name) and name.value in self.finder.adds:
                found.append((name.value, self.finder.adds[name.value]))
        if len(found) != 1 or len([leaf for leaf in leaves if leaf.kind == "summary"]) != 1:
            raise Refusal(site.call, "a fetched summary that is not written by exactly one add_summary(summary, step)")
        summary, (writer, step, _) = found[0]
        late = self.finder.step_bound_between(site.call, summary, step)
        if late:
            raise Refusal(site.call, f"add_summary's step ({', '.join(late)}) is assigned after the run that fetches "
                                     "the summary: the summary is written inside that run, where the step is not "
                                     "known yet")
        return writer, step

    def _functions(self, sites: list[RunSite]) -> list[cst.BaseStatement]:
        groups: dict[tuple, Function] = {}
        self.site_functions: dict[int, Function] = {}
        emitted = []
        for site in sites:
            leaves = site.fetch.leaves()
            if any(leaf.kind in ("init", "initializer") for leaf in leaves):
                continue
            names = tuple(leaf.name for leaf in leaves)
            if all(self.block.kinds.get(n) == Kind.STATE for n in names) and site.fetch.kind == "value":
                continue  # ``sess.run(W)`` is ``W.numpy()``
            if site.fetch.kind == "eager":
                continue  # ``sess.run(tf.constant(3))`` is ``tf.constant(3).numpy()``
            ops = [n for n, leaf in zip(names, leaves) if leaf.kind == "op"]
            if len(ops) > 1:
                raise Refusal(site.call, "fetches more than one train op")
            self.expressions.update({leaf.name: leaf for leaf in leaves if leaf.kind == "expr"})
            stmts, params = self._slice(self._deps(names))
            extras = self._run_time_names(leaves, params)
            constants = self._constants(site, params)
            params = [p for p in params if p not in constants]
            summary = self._summary_target(site)
            if summary is not None:
                self.site_steps[id(site.call)] = summary[1]
            key = (names, tuple(params), site.fetch.kind, tuple(code(k) for k in site.fetch.keys),
                   tuple(sorted(constants.items())), summary and summary[0], extras,
                   tuple((n, code(v)) for leaf in leaves for n, v in leaf.lets))
            function = groups.get(key)
            if function is None:
                stems = [g for n in names for g in self._stems(n)]
                function = Function(self._function_name(tuple(dict.fromkeys(stems)) or ("value",), ops), names,
                                    tuple(params), site.fetch, constants, summary and summary[0],
                                    summary and self.names.fresh("step"), extras)
                groups[key] = function
                emitted.append(self._emit(function, stmts))
            self.site_functions[id(site.call)] = function
        return emitted

    def _stems(self, name: str) -> tuple[str, ...]:
        """What a function fetching ``name`` is named after: a fetched name, or the graph names an expression reads."""
        fetch = self.expressions.get(name)
        if fetch is None or (fetch.lets and isinstance(fetch.expr, cst.Name)):
            return (name,)
        return fetch.graph

    def _lets(self, names) -> list[cst.BaseStatement]:
        """``accuracy = ...`` statements the fetched expressions need (graph built in run code), in order."""
        seen, out = set(), []
        for name in names:
            for target, value in getattr(self.expressions.get(name), "lets", ()):
                if (target, code(value)) not in seen:
                    seen.add((target, code(value)))
                    out.append(cst.parse_statement(f"{target} = {code(value)}\n"))
        return out

    def _deps(self, names) -> set[str]:
        """The graph names the fetched ``names`` need: a fetched expression needs the ones it reads."""
        return {d for n in names for d in (self.expressions[n].deps() if n in self.expressions else (n,))}

    def _run_time_names(self, leaves, params) -> tuple[str, ...]:
        """Python names a fetched expression reads that may change between runs (``logits[i]`` in a loop).

        They become arguments of the function: a ``tf.function`` keeps the value a
        Python name had when it was traced, where TF1 built the expression anew at
        each run. Names bound once (imports, defs, the block's own constants) are
        read where they are, like the rest of the graph code.
        """
        changing = {n for stmt in self.block.statements if stmt.kind == Kind.RUN for n in _assigned(stmt.node)}
        module = self.ctx.names.module_scope.bindings
        found = []
        for leaf in leaves:
            if leaf.kind != "expr":
                continue
            lets = {name for name, _ in leaf.lets}
            read = set().union(reads(leaf.expr), *(reads(value) for _, value in leaf.lets)) - lets
            first = {n: i for i, n in enumerate(dict.fromkeys(
                n for e in (leaf.expr, *(value for _, value in leaf.lets)) for n in reads_in_order(e)))}
            # ties of find (-1: read only in the lets) in the order of first appearance, not the set's
            for name in sorted(read, key=lambda n: (leaf.name.find(n), first[n])):
                if name in params or name in found or name in dir(builtins):
                    continue
                kind = self.block.kinds.get(name)
                if kind is not None and kind != Kind.PYTHON:
                    continue  # graph code: sliced into the function
                bound = module.get(name, ())
                if bound and all(isinstance(node, _DEFINITIONS) for _, node in bound):
                    continue  # a module, function or class
                if name not in changing and (kind == Kind.PYTHON or len(bound) == 1):
                    continue
                found.append(name)
        return tuple(found)

    def _trainable_name(self, gradients: Stmt, apply: str) -> str | None:
        """``tvars = tf.trainable_variables()`` given to compute_gradients and zipped again in apply_gradients:
        the step binds ``tvars`` to the variables the tape watched (what TF1's list held, in the order the
        gradients are). None when ``tvars`` is not such a name or other code reads it."""
        bound = _calls.bind(gradients.value, ("loss", "var_list"))
        name = bound.get("var_list").value if bound and "var_list" in bound else None
        if not (isinstance(name, cst.Name) and self.block.kinds.get(name.value) == Kind.TRAINABLE):
            return None
        readers = [s for s in self.block.statements if name.value in s.uses and s.kind != Kind.TRAINABLE]
        if any(s is not gradients and s is not self.block.defs[apply] for s in readers):
            return None
        return name.value

    def _read(self, name: str) -> str:
        """How a function returns a fetched name: a Keras schedule is evaluated at the TF1 step."""
        if name in self.expressions:
            return name  # a fetched expression's source
        if name not in self.schedules:
            return name
        step = self.schedules[name]
        if step is None:
            raise Refusal(self.block.defs[name].node, f"fetches the decayed learning rate {name!r} without a step")
        return f"{name}({code(step)})"

    def _constants(self, site: RunSite, params: list[str]) -> dict[str, str]:
        """Placeholders fed a literal (``keep_prob: 0.5``, ``is_training: False``) become constants.

        The function is specialized for that value: a Keras ``training`` flag
        must be a Python bool (Keras 3 refuses a tensor), and ``dropout`` with a
        literal rate needs no argument at all.
        """
        constants = {}
        if site.feeds is None:  # a prepared dict: a placeholder every literal it can be feeds the same literal
            for param in params:
                values = {code(e.value) for d in site.literals for e in d.elements
                          if isinstance(e.key, cst.Name) and e.key.value == param and _literal(e.value)}
                fed = all(any(isinstance(e.key, cst.Name) and e.key.value == param for e in d.elements)
                          for d in site.literals)
                if len(values) == 1 and fed and site.literals:
                    constants[param] = values.pop()
            return constants
        for param in params:
            value = (site.feeds or {}).get(param)
            if value is None and site.feeds is not None:
                stmt = self.block.defs[param]
                if stmt.data.get("symbol") == "placeholder_with_default":
                    value = stmt.value.args[0].value
            if value is not None and _literal(value):
                constants[param] = code(value)
        return constants

    def _function_name(self, names, ops) -> str:
        if ops:
            stem = ops[0] if ops[0] not in ("optimizer", "opt", "train") else "train_step"
            self.names.taken.discard(stem)  # the train op's own name is free once its statement is gone
            return self.names.fresh(stem)
        values = [n for n in names]
        return self.names.fresh("compute_" + "_".join(values[:3]))

    def _signature(self, params, step: str | None = None) -> str:
        specs = []
        for name in params:
            stmt = self.block.defs[name]
            if stmt.kind == Kind.NEXT or stmt.data["symbol"] != "placeholder":
                return ""  # a default's dtype comes from its value: let tf.function trace it
            bound = _calls.bind(stmt.value, ("dtype", "shape", "name"))
            if bound is None or "dtype" not in bound:
                raise Refusal(stmt.value, "placeholder without a literal dtype")
            shape = code(bound["shape"].value) if "shape" in bound else "None"
            specs.append(f"{self.tf}.TensorSpec({shape}, {code(bound['dtype'].value)})")
        if step:
            specs.append(f"{self.tf}.TensorSpec([], {self.tf}.int64)")
        return f"(input_signature=[{', '.join(specs)}])" if specs else ""

    def _training_flags(self, function: Function, body: list[cst.BaseStatement]) -> tuple[str, ...]:
        """Scalar bool placeholders (``is_training = tf.placeholder(tf.bool)``) a Keras layer gets as ``training=``.

        Keras 3 layers (Dropout, BatchNormalization) branch on ``training`` in
        Python and refuse a symbolic bool inside a ``tf.function``; Keras 2 took
        either. A Python bool works on both: the function is traced once per
        value, and its calls pass ``bool(value)`` (exact for what TF1 fed a
        scalar bool placeholder: a Python or numpy bool).
        """
        given = {a.value.value for s in body for c in calls_in(s) for a in c.args
                 if a.keyword and a.keyword.value == "training" and isinstance(a.value, cst.Name)}
        flags = []
        for name in function.params:
            stmt = self.block.defs[name]
            if name not in given or stmt.kind != Kind.PLACEHOLDER or stmt.data.get("symbol") != "placeholder":
                continue
            bound = _calls.bind(stmt.value, ("dtype", "shape", "name"))
            if bound is None or "dtype" not in bound or self.ctx.symbol(bound["dtype"].value) != "bool":
                continue
            shape = bound.get("shape")
            if shape is None or code(shape.value) in ("[]", "()", "None"):
                flags.append(name)
        return tuple(flags)

    def _emit(self, function: Function, stmts: list[Stmt]) -> cst.BaseStatement:
        tf, fresh = self.tf, self.names.fresh
        body: list[cst.BaseStatement] = []
        ops = [n for n in function.leaves if self.block.kinds.get(n) in (Kind.TRAIN, Kind.APPLY)]
        summaries = [n for n in function.leaves if self.block.kinds.get(n) in (Kind.SUMMARY, Kind.MERGE)]
        values = [n for n in function.leaves if n not in ops and n not in summaries]
        compute = [self.statements[id(s)] for s in stmts if s.kind in (Kind.COMPUTE, Kind.GRADIENTS)]
        written = []
        if function.writer:  # the summaries fetched here, written where add_summary wrote them
            block = cst.parse_statement(f"with {function.writer}.as_default(step={function.step}):\n    pass\n")
            lines = [_clean(s.node) for s in stmts if s.kind == Kind.SUMMARY]
            written = [block.with_changes(body=cst.IndentedBlock(body=lines))]
        if ops:
            train = self.trains[ops[0]]
            tape = fresh("tape")
            if train.loss is not None:
                loss_deps, _ = self._slice(reads(train.loss) | self._deps(values) | set(summaries))
                forward = [self.statements[id(s)] for s in loss_deps if s.kind == Kind.COMPUTE]
                after = [c for c in compute if all(c is not f for f in forward)] + written
                loss = code(train.loss)
                if not isinstance(train.loss, cst.Name):  # minimize(tf.reduce_mean(x)): computed under the tape
                    loss = fresh("loss")
                    forward.append(cst.parse_statement(f"{loss} = {code(train.loss)}\n"))
                grads, variables = fresh("gradients"), fresh("variables")
                var_code = code(train.var_list) if train.var_list is not None else f"{tape}.watched_variables()"
                tail = [
                    f"{variables} = {var_code}\n",
                    f"{grads} = {tape}.gradient({loss}, {variables})\n",
                    f"{train.optimizer}.apply_gradients(zip({grads}, {variables}))\n",
                ]
            else:
                grad_stmts = [s for s in stmts if s.kind == Kind.GRADIENTS]
                if len(grad_stmts) != 1:
                    raise Refusal(self.block.defs[ops[0]].node, "apply_gradients() not fed by one compute_gradients()")
                owner, loss, var_list = self.gradients[grad_stmts[0].defs[0]]
                loss_deps, _ = self._slice(reads(loss) | self._deps(values) | set(summaries))
                # fetched values computed from the gradients (a global norm) come after them, off the tape
                forward = [self.statements[id(s)] for s in loss_deps
                           if s.kind == Kind.COMPUTE and not _after_gradients(s)]
                variables = self._trainable_name(grad_stmts[0], ops[0]) or fresh("variables")
                var_code = code(var_list) if var_list is not None else f"{tape}.watched_variables()"
                after = []
                for c, s in zip(compute, [s for s in stmts if s.kind in (Kind.COMPUTE, Kind.GRADIENTS)]):
                    if any(c is f for f in forward):
                        continue
                    if s.kind == Kind.GRADIENTS and s.data.get("unzipped"):  # grads, variables = zip(*...)
                        after += [cst.parse_statement(f"{s.defs[1]} = {var_code}\n"),
                                  cst.parse_statement(f"{s.defs[0]} = {tape}.gradient({code(loss)}, {s.defs[1]})\n")]
                    elif s.kind == Kind.GRADIENTS:
                        after += [cst.parse_statement(f"{variables} = {var_code}\n"),
                                  cst.parse_statement(f"{s.defs[0]} = list(zip({tape}.gradient({code(loss)}, "
                                                      f"{variables}), {variables}))\n")]
                    else:
                        after.append(c)
                after += written
                tail = [f"{train.optimizer}.apply_gradients({code(train.gradients)})\n"]
            if train.global_step is not None:
                tail.append(f"{code(train.global_step)}.assign_add(1)\n")
            with_tape = cst.parse_statement(f"with {tf}.GradientTape() as {tape}:\n    pass\n")
            for i, name in enumerate(values):
                if name in self.schedules:  # read the rate at the step TF1 saw: before the update
                    value = fresh(f"{name}_value")
                    forward.append(cst.parse_statement(f"{value} = {self._read(name)}\n"))
                    values[i] = value
            forward += self._lets(values)  # computed before the update, as TF1 fetched them
            forward = [_clean(f) for f in forward] or [cst.SimpleStatementLine([cst.Pass()])]
            body.append(with_tape.with_changes(body=cst.IndentedBlock(body=forward)))
            body += after
            body += [cst.parse_statement(line) for line in tail]
        else:
            body += compute + written + self._lets(values)
        if function.fetch.kind == "dict":
            pairs = ", ".join(f"{code(k)}: {self._read(leaf.name)}" for k, leaf in
                              zip(function.fetch.keys, function.fetch.items) if leaf.kind in ("value", "expr"))
            body.append(cst.parse_statement(f"return {{{pairs}}}\n"))
        elif values:
            body.append(cst.parse_statement(f"return {', '.join(self._read(v) for v in values)}\n"))
        if function.constants:
            constants = {name: cst.parse_expression(value) for name, value in function.constants.items()}
            body = [statement.visit(Substitute(constants)) for statement in body]
        # a Python value argument is traced per value: no input_signature can say what it is
        signature = "" if function.extras else self._signature(function.params, function.step)
        function.flags = self._training_flags(function, body)
        if function.flags:  # traced once per flag value; reduce_retracing: batch shapes don't multiply the traces
            signature = "(reduce_retracing=True)"
        function.signed = signature.startswith("(input_signature")
        params = ", ".join([*function.params, *function.extras, *([function.step] if function.step else [])])
        header = cst.parse_statement(f"@{tf}.function{signature}\ndef {function.name}({params}):\n    pass\n")
        return header.with_changes(body=cst.IndentedBlock(body=[_clean(s) for s in body]))


_DEFINITIONS = (cst.Import, cst.ImportFrom, cst.FunctionDef, cst.ClassDef)  # module names that are not values


def _free_reads(node: cst.CSTNode) -> set[str]:
    """Names ``node`` reads from outside it: what a function binds itself (``def split(images, labels)``
    inside another function) is its own, at any depth."""
    if isinstance(node, cst.FunctionDef):
        return _free_reads(node.body) - local_names(node)
    nested: list[cst.FunctionDef] = []

    class _Cut(cst.CSTTransformer):
        def visit_FunctionDef(self, function: cst.FunctionDef) -> bool:
            nested.append(function)
            return False

        def leave_FunctionDef(self, original, updated):
            return cst.RemoveFromParent()

    outside = set(reads(node.visit(_Cut())))
    return outside.union(*(_free_reads(f) for f in nested))


def string_keys(literal: cst.Dict) -> cst.Dict:
    """A prepared feed dict keyed by argument name (``{"x": bx}``), for ``f(**feed)``."""
    return literal.with_changes(elements=[e.with_changes(key=cst.SimpleString(f'"{e.key.value}"'))
                                          for e in literal.elements])


def _spaced(functions: list[cst.FunctionDef], blank: int) -> list[cst.FunctionDef]:
    return [f.with_changes(leading_lines=[cst.EmptyLine(indent=False)] * blank) for f in functions]


def _literal(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
        expr = expr.expression
    return isinstance(expr, (cst.Integer, cst.Float)) or (isinstance(expr, cst.Name) and expr.value in ("True", "False"))


class _Regularization(cst.CSTTransformer):
    """The REGULARIZATION_LOSSES collection -> the ``losses`` of the Keras layers that replaced the TF1 ones.

    A TF1 layer's ``kernel_regularizer`` put its term in the collection; the Keras
    layer keeps the same term in ``layer.losses`` (recomputed from the current
    weights when read). Layers without a regularizer add nothing.
    """

    def __init__(self, ctx: RuleContext, layers: list[str], tf: str) -> None:
        self.ctx, self.layers, self.tf = ctx, layers, tf

    def leave_Call(self, original, updated):
        symbol = self.ctx.symbol(original.func)
        is_collection = symbol == "get_collection" and len(original.args) == 1 and \
            self.ctx.symbol(original.args[0].value) == "GraphKeys.REGULARIZATION_LOSSES"
        if not (is_collection or (symbol == "losses.get_regularization_loss" and not original.args)):
            return updated
        if not self.layers:
            raise Refusal(original, "regularization losses of something other than converted layers")
        terms = ", ".join(f"*{name}.losses" for name in self.layers)
        return cst.parse_expression(f"[{terms}]" if is_collection else f"{self.tf}.add_n([{terms}])")


class _HelperKeys(cst.CSTTransformer):
    """Feed helpers (``return {x: xb}``) return dicts keyed by argument name."""

    def __init__(self, helpers: dict[str, cst.Dict]) -> None:
        self.literals = {id(d) for d in helpers.values()}

    def leave_Dict(self, original, updated):
        return string_keys(updated) if id(original) in self.literals else updated


def _is_initializer(symbol: str | None) -> bool:
    """A constructor of an initializer object (v1 class, contrib function or Keras class)."""
    return bool(symbol) and (symbol.endswith("_initializer") or symbol.startswith(("keras.initializers.",
                                                                                  "initializers."))) \
        and symbol not in G.INITIALIZERS


def _initializer_names(statements, ctx: RuleContext, local: frozenset[str], scope=None) -> dict[str, cst.Call]:
    """``init = tf.variance_scaling_initializer()``: names bound once (in ``scope``, default ``statements``)
    to an initializer object built from names that are not ``local``."""
    found = {}
    for statement in statements:
        small = single_statement(statement)
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name) and isinstance(small.value, cst.Call)):
            continue
        if _is_initializer(ctx.symbol(small.value.func)) and not reads(small.value) & local:
            found[small.targets[0].target.value] = small.value
    counts: dict[str, int] = {}
    for statement in scope if scope is not None else statements:
        for name in _assigned(statement):
            counts[name] = counts.get(name, 0) + 1
    return {name: value for name, value in found.items() if counts.get(name) == 1}


def _assigned(node: cst.CSTNode) -> list[str]:
    names: list[str] = []

    class _Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, target):
            names.extend(reads(target.target))

        def visit_AugAssign(self, target):
            names.extend(reads(target.target))

        def visit_For(self, loop):
            names.extend(reads(loop.target))

        def visit_AsName(self, alias):
            names.extend(reads(alias.name))

        def visit_FunctionDef(self, function):
            names.append(function.name.value)
            return False

    node.visit(_Targets())
    return names


def _binds(statement: cst.CSTNode, name: str) -> bool:
    small = single_statement(statement) if isinstance(statement, cst.BaseStatement) else None
    return isinstance(small, cst.Assign) and code(small.targets[0].target) == name and len(small.targets) == 1


def _drop_unread_in(statements: list, names: set[str]) -> list:
    """Remove ``name = ...`` for each of ``names`` that no other statement reads any more."""
    for name in dict.fromkeys(n for s in statements for n in names if _binds(s, n)):  # source order: names is a set
        if not any(name in reads(s) for s in statements if not _binds(s, name)):
            statements = [s for s in statements if not _binds(s, name)]
    return statements


def _drop_unread(function: cst.FunctionDef, names: set[str]) -> cst.FunctionDef:
    body = _drop_unread_in(list(function.body.body), names)
    return function.with_changes(body=function.body.with_changes(body=body or [cst.SimpleStatementLine([cst.Pass()])]))


def _written_out_dicts(original: cst.Call, updated: cst.Call, ctx: RuleContext) -> tuple[cst.Call, set[str]]:
    """``layer(..., normalizer_params=bn_params)`` / ``layer(..., **kw)`` with the name bound once to a dict
    literal of string keys -> the call with that dict written in, and the names so copied.

    Keras takes the entries as arguments of the hoisted constructor and its call; the statement binding
    the dict (``bn_params = {..., "updates_collections": tf.GraphKeys.UPDATE_OPS}``, TF1-only) is then
    dropped where nothing else reads it, like an inlined initializer. Anything else is left to
    ``keras_calls``, which reads or refuses it.
    """
    copied: set[str] = set()
    args = list(updated.args)
    for i, (before, after) in enumerate(zip(original.args, updated.args)):
        if not (isinstance(before.value, cst.Name) and (before.star == "**" or (
                before.keyword is not None and before.keyword.value == "normalizer_params"))):
            continue
        bindings = ctx.names.base_bindings(before.value) if ctx.names is not None else []
        value = ctx.assigned.get(id(bindings[0][1])) if len(bindings) == 1 else None
        if not isinstance(value, cst.Dict) or not all(
                isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString) for e in value.elements):
            continue
        args[i] = after.with_changes(value=value)
        copied.add(before.value.value)
    return (updated.with_changes(args=args) if copied else updated), copied


def _drop_unread_deep(function: cst.FunctionDef, names: set[str]) -> cst.FunctionDef:
    """``_drop_unread`` through the ``with`` blocks of a generated function (its GradientTape's)."""
    for name in sorted(names):
        class _Strip(cst.CSTTransformer):
            def leave_SimpleStatementLine(self, original, updated):
                return cst.RemoveFromParent() if _binds(original, name) else updated

        stripped = function.visit(_Strip())
        if not stripped.deep_equals(function) and name not in reads(stripped.body) and not any(
                isinstance(b, cst.IndentedBlock) and not b.body for b in _blocks(stripped)):
            function = stripped
    return function


def _blocks(node: cst.CSTNode) -> list:
    found = []

    class _Blocks(cst.CSTVisitor):
        def visit_IndentedBlock(self, block):
            found.append(block)

    node.visit(_Blocks())
    return found


def _after_gradients(stmt: Stmt, seen: set | None = None) -> bool:
    """Does the statement read (through others) a compute_gradients result?"""
    seen = set() if seen is None else seen
    for source in stmt.data.get("sources", {}).values():
        if id(source) in seen:
            continue
        seen.add(id(source))
        if source.kind == Kind.GRADIENTS or _after_gradients(source, seen):
            return True
    return False


def _log_loss(original: cst.Call, updated: cst.Call, tf: str) -> cst.BaseExpression:
    """``tf.losses.log_loss(labels, predictions)`` -> its formula, written with tf.math ops.

    v1 computes ``-y*log(p+eps) - (1-y)*log(1-p+eps)`` on float32 casts, then with
    weights 1.0 and SUM_BY_NONZERO_WEIGHTS the mean over all elements. Keras'
    BinaryCrossentropy clips p instead of adding eps, so it is not the same; this is.
    Other weights or reductions: refused.
    """
    bound = _calls.bind(updated, ("labels", "predictions", "weights", "epsilon", "scope", "loss_collection",
                                  "reduction"))
    if bound is None or not {"labels", "predictions"} <= set(bound) or set(bound) - {"labels", "predictions",
                                                                                      "epsilon", "scope"}:
        raise Refusal(original, "tf.losses.log_loss with weights, a reduction or a loss collection")
    labels = f"{tf}.cast({code(bound['labels'].value)}, {tf}.float32)"
    predictions = f"{tf}.cast({code(bound['predictions'].value)}, {tf}.float32)"
    eps = code(parenthesized(bound["epsilon"].value)) if "epsilon" in bound else "1e-07"
    return cst.parse_expression(
        f"{tf}.reduce_mean(-{labels} * {tf}.math.log({predictions} + {eps})"
        f" - (1.0 - {labels}) * {tf}.math.log(1.0 - {predictions} + {eps}))")


def _space_after_defs(statements: list, blank: int) -> list:
    """A statement right after a def or class keeps PEP 8's blank lines (the ones it had may have gone
    with a removed placeholder)."""
    out = list(statements)
    for i in range(1, len(out)):
        if isinstance(out[i - 1], (cst.FunctionDef, cst.ClassDef)) and hasattr(out[i], "leading_lines"):
            lines = list(out[i].leading_lines)
            if not lines or lines[0].comment is not None:
                out[i] = out[i].with_changes(leading_lines=[cst.EmptyLine(indent=False)] * blank + lines)
    return out


def _only_pass(body: cst.BaseSuite) -> bool:
    return isinstance(body, cst.IndentedBlock) and all(
        isinstance(line, cst.SimpleStatementLine) and all(isinstance(small, cst.Pass) for small in line.body)
        for line in body.body)


def _clean(statement: cst.BaseStatement) -> cst.BaseStatement:
    """A statement moved into a function keeps its comments but not blank lines above it."""
    lines = [line for line in getattr(statement, "leading_lines", ()) if line.comment is not None]
    return statement.with_changes(leading_lines=lines) if hasattr(statement, "leading_lines") else statement


def _get_variable(updated: cst.Call, original: cst.Call, tf: str) -> cst.Call:
    bound = _calls.bind(updated, ("name", "shape", "dtype", "initializer", "regularizer", "trainable"))
    if bound is None or "name" not in bound or "regularizer" in bound:
        raise Refusal(original, "tf.get_variable with a regularizer or arguments the conversion does not map")
    name = code(bound["name"].value)
    dtype = code(bound["dtype"].value) if "dtype" in bound else None
    init = code(bound["initializer"].value) if "initializer" in bound else f"{tf}.keras.initializers.GlorotUniform()"
    if "shape" in bound:
        shape = code(bound["shape"].value)
        value = f"{init}({shape}{', dtype=' + dtype if dtype else ''})"
    elif "initializer" in bound:
        value = init  # an initial tensor: shape and dtype come from it
    else:
        raise Refusal(original, "tf.get_variable without shape or initializer")
    trainable = f", trainable={code(bound['trainable'].value)}" if "trainable" in bound else ""
    return cst.parse_expression(f"{tf}.Variable({value}, name={name}{trainable})")


class RunRewriter(cst.CSTTransformer):
    """Replace run sites by function calls (``.numpy()`` on values, as sess.run returned numpy)."""

    def __init__(self, converter: Converter, sites: dict[int, RunSite], prepared, savers) -> None:
        self.converter, self.sites, self.prepared, self.savers = converter, sites, prepared, savers
        self.whole: set[int] = set()  # sites that are a whole statement's value: rewritten per statement

    def visit_SimpleStatementLine(self, node) -> None:
        if len(node.body) == 1 and id(getattr(node.body[0], "value", None)) in self.sites:
            self.whole.add(id(node.body[0].value))

    def _call(self, site: RunSite) -> cst.Call | None:
        function = self.converter.site_functions.get(id(site.call))
        if function is None:
            return None
        if site.feeds is None:
            return self._prepared_call(site, function)
        args = []
        for param in function.params:
            stmt = self.converter.block.defs[param]
            if stmt.kind == Kind.NEXT:
                if param == stmt.defs[0]:
                    iterator = stmt.data["iterator"]
                    star = "*" if stmt.data["unpacked"] else ""
                    args.append(cst.Arg(cst.parse_expression(f"next({iterator})"), star=star))
                continue
            value = site.feeds.get(param)
            if value is None:
                stmt = self.converter.block.defs[param]
                if stmt.data["symbol"] != "placeholder_with_default":
                    raise Refusal(site.call, f"placeholder {param!r} is not fed")
                value = stmt.value.args[0].value
            if param in function.flags and code(value) not in ("True", "False"):
                value = cst.parse_expression(f"bool({code(value)})")
            args.append(cst.Arg(value))
        args += [cst.Arg(cst.Name(name)) for name in function.extras]
        step = self._step(site, function)
        if step is not None:
            args.append(cst.Arg(step))
        return cst.Call(cst.Name(function.name), args=_calls.rebuild(cst.Call(cst.Name("f"), args=args), args).args)

    def _step(self, site: RunSite, function: Function) -> cst.BaseExpression | None:
        """The step as add_summary wrote it, its own runs rewritten (``sess.run(global_step)``); None: no summary."""
        if not function.step:
            return None
        step = self.converter.site_steps[id(site.call)].visit(
            RunRewriter(self.converter, self.sites, self.prepared, self.savers))
        if not function.signed:  # a Python int would make a new trace at every step
            step = cst.parse_expression(f"{self.converter.tf}.constant({code(step)}, {self.converter.tf}.int64)")
        return step

    def _prepared_call(self, site: RunSite, function: Function) -> cst.Call:
        """``f(**feed)`` when every dict the feed can be has exactly the function's arguments as keys."""
        key_sets = [{e.key.value for e in d.elements} for d in site.literals]
        params = set(function.params)
        feed = code(site.feed)
        # a part of the fetch computed here (``len(feed["X"])``, runs.lift_feed_reads), else the name itself
        values = [code(site.lifted[name]) if name in site.lifted else name for name in function.extras]
        step = self._step(site, function)
        if step is not None:  # fully_connected_feed: sess.run(summary, feed_dict=feed_dict) with add_summary(s, step)
            values.append(code(step))
        extras = "".join(f", {name}={value}" for name, value in zip([*function.extras, function.step], values))
        if all(keys == params for keys in key_sets):
            return cst.parse_expression(f"{function.name}(**{feed}{extras})")
        if isinstance(site.feed, cst.Name) and all(params <= keys for keys in key_sets):
            args = ", ".join([*(f"{feed}[{p!r}]" for p in function.params), *values])
            return cst.parse_expression(f"{function.name}({args})")
        raise Refusal(site.call, f"feed {feed} does not feed exactly the placeholders {', '.join(sorted(params))}")

    def _value(self, site: RunSite) -> cst.BaseExpression:
        fetch = site.fetch
        if fetch.kind == "value" and self.converter.block.kinds.get(fetch.name) == Kind.STATE:
            made = self.converter.block.defs[fetch.name].value
            if isinstance(made, cst.Call) and self.converter.ctx.symbol(made.func) is None:
                # ``parameters = initialize_parameters()``: a helper's dict / list of variables, fetched whole
                return cst.parse_expression(f"{self.converter.tf}.nest.map_structure(lambda v: v.numpy(), {fetch.name})")
            return cst.parse_expression(f"{fetch.name}.numpy()")
        if fetch.kind == "eager":  # a TF expression of plain values and variables: evaluated here
            return cst.parse_expression(self._numpy(fetch, code(parenthesized(fetch.expr))))
        call = code(self._call(site))
        if fetch.kind in ("value", "expr"):
            return cst.parse_expression(self._numpy(fetch, call))
        if fetch.kind == "op":
            return cst.parse_expression(call)
        if fetch.kind == "dict":
            return cst.parse_expression(f"{{key: value.numpy() for key, value in {call}.items()}}")
        if any(leaf.kind == "op" for leaf in fetch.items):
            values = [leaf for leaf in fetch.items if leaf.kind != "op"]
            if len(values) != 1 or any(leaf.kind == "summary" for leaf in fetch.items):
                raise Refusal(site.call, "a fetch list with a train op whose result is not unpacked")
            # ``return sess.run([cost, train_op])``: TF1 gave None for the op, in its place
            items = [self._numpy(leaf, call) if leaf.kind != "op" else "None" for leaf in fetch.items]
            return cst.parse_expression(f"[{', '.join(items)}]" if fetch.kind == "list" else f"({', '.join(items)})")
        if len(fetch.items) == 1:
            inner = self._numpy(fetch.items[0], call)
            return cst.parse_expression(f"[{inner}]" if fetch.kind == "list" else f"({inner},)")
        comprehension = f"{self._numpy_all(fetch.items, 'value')} for value in {call}"
        return cst.parse_expression(f"[{comprehension}]" if fetch.kind == "list" else f"tuple({comprehension})")

    def _structured(self, fetch: Fetch) -> bool:
        """A fetch whose value is a structure of tensors (``tf.nn.top_k``'s namedtuple, ``tf.nn.moments``' pair)."""
        expr = fetch.expr
        if fetch.kind == "value":
            stmt = self.converter.block.defs.get(fetch.name)
            expr = stmt.value if stmt is not None else None
        return isinstance(expr, cst.Call) and self.converter.ctx.symbol(expr.func) in G.STRUCTURED

    def _numpy(self, fetch: Fetch, value: str) -> str:
        """``value.numpy()``, or per field for a structure (TF1's run gave the same namedtuple of arrays)."""
        if self._structured(fetch):
            return f"{self.converter.tf}.nest.map_structure(lambda t: t.numpy(), {value})"
        return f"{value}.numpy()"

    def _numpy_all(self, fetches: list[Fetch], value: str) -> str:
        """One conversion for every item of a fetched list (per field when any item is a structure)."""
        structured = next((f for f in fetches if self._structured(f)), None)
        return self._numpy(structured or fetches[0], value)

    def leave_FunctionDef(self, original, updated):
        name = self.converter.finder.session_defs.get(id(original))
        if name is None:
            return updated
        params = [p for p in updated.params.params if p.name.value != name]
        if params:
            params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(params=updated.params.with_changes(params=params))

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        position = self.converter.finder.session_calls.get(id(original))
        if position is not None:  # evaluate(sess, X): the function no longer takes the session
            args = [a for i, a in enumerate(updated.args) if i != position]
            if args:
                args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return updated.with_changes(args=args)
        if id(original) in self.savers:  # the session goes
            return self.converter.checkpoints.call(original, updated)
        if id(original) in self.converter.finder.lengths:  # len(reg_losses): the layers' terms, counted eagerly
            collection = self.converter.block.defs[self.converter.finder.lengths[id(original)]].value
            converter = self.converter
            terms = _Regularization(converter.ctx, converter.names.layers, converter.tf).leave_Call(collection,
                                                                                                  collection)
            converter.notes.append(Note(original, "len() of the regularization losses: the Keras layers hold their "
                                    "terms once built (at their first call); TF1's collection had them as soon "
                                    "as the graph was built"))
            return updated.with_changes(args=[cst.Arg(terms)])
        exists = self.converter.checkpoints.checkpoint_exists(original, updated)
        if exists is not None:
            return exists
        static = self._static(original)
        if static is not None:
            return static
        site = self.sites.get(id(original))
        if site is None or site.fetch.kind == "init" or id(original) in self.whole:
            return updated
        return self._value(site)

    def _static(self, original) -> cst.BaseExpression | None:
        """A placeholder's ``.shape`` / ``.get_shape()`` / ``.dtype``: what it was declared with."""
        found = self.converter.finder.statics.get(id(original))
        if found is None:
            return None
        name, attr = found
        self.converter.notes.append(Note(original, f"{name}.{attr}: what the placeholder was declared with (TF 1.x "
                                                   "printed an unknown dimension as ?, TF2 as None)"))
        bound = _calls.bind(self.converter.block.defs[name].value, ("dtype", "shape", "name"))
        if bound is None or "dtype" not in bound:
            raise Refusal(original, f"{name}.{attr} of a placeholder without a literal dtype")
        if attr == "dtype":
            return bound["dtype"].value
        shape = code(bound["shape"].value) if "shape" in bound else "None"
        return cst.parse_expression(f"{self.converter.tf}.TensorShape({shape})")

    def leave_Attribute(self, original, updated):
        return self._static(original) or updated

    def leave_If(self, original, updated):
        """``else: sess.run(init)`` loses its body: the ``else`` goes, not left as ``else: pass``."""
        if isinstance(updated.orelse, cst.Else) and _only_pass(updated.orelse.body) \
                and not _only_pass(original.orelse.body):
            return updated.with_changes(orelse=None)
        return updated

    def leave_ExceptHandler(self, original, updated):
        """The end of an iterator was OutOfRangeError from sess.run; it is StopIteration from next()."""
        if original.type is not None and self.converter.ctx.symbol(original.type) == "errors.OutOfRangeError" \
                and (self.converter.factories or any(s.kind == Kind.NEXT for s in self.converter.block.statements)):
            return updated.with_changes(type=cst.Name("StopIteration"))
        return updated

    def leave_Dict(self, original: cst.Dict, updated: cst.Dict) -> cst.BaseExpression:
        if any(d is original for literals in self.prepared.values() for d in literals):
            return string_keys(updated)
        return updated

    def leave_With(self, original, updated):
        if id(original) not in self.converter.finder.session_withs:
            return updated
        body = list(updated.body.body)  # a function's own session over the block's graph: its body stays
        body[0] = body[0].with_changes(leading_lines=[*original.leading_lines, *body[0].leading_lines])
        return cst.FlattenSentinel(body)

    def leave_SimpleStatementLine(self, original, updated):
        if id(original) in self.converter.finder.session_statements:
            return cst.RemoveFromParent()  # ``sess = tf.Session()`` / ``sess.close()`` in a function
        if len(original.body) != 1:
            return updated
        small = original.body[0]
        value = getattr(small, "value", None)
        if id(small) in self.converter.finder.inline_assigns:  # graph built in run code: fetched where it is run
            return cst.RemoveFromParent()
        if isinstance(small, cst.Expr) and any(value is add for _, _, add in self.converter.finder.adds.values()):
            return cst.RemoveFromParent()
        if isinstance(small, cst.Expr) and any(value is add for add in self.converter.finder.graph_adds):
            self.converter.notes.append(Note(value, "writer.add_graph() removed: TF2 has no graph to dump; trace a "
                                                    "function with tf.summary.trace_on / trace_export to see one in "
                                                    "TensorBoard"))
            return cst.RemoveFromParent()
        site = self.sites.get(id(value)) if value is not None else None
        if site is None:
            return updated
        if site.fetch.kind == "summary":
            return updated.with_changes(body=[cst.Expr(self._call(site))])
        if site.fetch.kind == "initializer":
            if not isinstance(small, cst.Expr) or site.fetch.name not in self.converter.factories:
                raise Refusal(site.call, "an iterator initializer run whose result is used")
            function, params = self.converter.factories[site.fetch.name]
            if site.fetch.expr is not None:  # ``iterator.make_initializer(ds)``: a pass over ds
                return updated.with_changes(body=[cst.parse_statement(
                    f"{site.fetch.name} = iter({code(site.fetch.expr)})\n").body[0]])
            if params is None:  # ``function`` is the dataset itself
                return updated.with_changes(body=[cst.parse_statement(
                    f"{site.fetch.name} = iter({function})\n").body[0]])
            feeds = site.feeds or {}
            if set(params) - set(feeds):
                raise Refusal(site.call, "an iterator initializer run that does not feed its placeholders")
            args = ", ".join(code(feeds[p]) for p in params)
            return updated.with_changes(body=[cst.parse_statement(
                f"{site.fetch.name} = iter({function}({args}))\n").body[0]])
        if site.fetch.kind == "init":
            if isinstance(small, cst.Expr):
                return cst.RemoveFromParent()
            raise Refusal(site.call, "the result of running an initializer is used")
        if isinstance(small, cst.Expr) and site.fetch.kind == "eager":
            return updated.with_changes(body=[cst.Expr(site.fetch.expr)])
        if isinstance(small, cst.Expr):
            call = self._call(site) if site.fetch.kind != "value" or id(site.call) in self.converter.site_functions \
                else self._value(site)
            return updated.with_changes(body=[cst.Expr(call)])
        if isinstance(small, cst.Assign) and site.fetch.kind in ("list", "tuple"):
            return updated.with_changes(body=[self._unpack(updated.body[0], site)])
        return updated.with_changes(body=[updated.body[0].with_changes(value=self._value(site))])

    def _unpack(self, small: cst.Assign, site: RunSite) -> cst.BaseSmallStatement:
        target = small.targets[0].target if len(small.targets) == 1 else None
        items = site.fetch.items
        if not (isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == len(items)):
            return small.with_changes(value=self._value(site))
        kept, leaves = [], []
        for element, leaf in zip(target.elements, items):
            if leaf.kind == "summary":
                continue  # written inside the function, where add_summary wrote it
            if leaf.kind == "op":
                if not (isinstance(element.value, cst.Name) and element.value.value.startswith("_")):
                    raise Refusal(element.value, "the result of a train op (None) is bound to a name")
                continue
            kept.append(element.value)
            leaves.append(leaf)
        call = code(self._call(site))
        if not kept:
            return cst.Expr(cst.parse_expression(call))
        if len(kept) == 1:
            return cst.Assign([cst.AssignTarget(kept[0])], cst.parse_expression(self._numpy(leaves[0], call)))
        names = ", ".join(code(k) for k in kept)
        return cst.parse_statement(f"{names} = [{self._numpy_all(leaves, 'value')} for value in {call}]\n").body[0]


def _fetched(block: Block, sessions: set[str]) -> set[str]:
    """Names the block's runs fetch (``sess.run(<fetch>)``, ``<fetch>.eval()``)."""
    names: set[str] = set()
    for stmt in block.statements:
        if stmt.kind != Kind.RUN:
            continue
        for call in calls_in(stmt.node):
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value == "run" and isinstance(func.value, cst.Name) \
                    and func.value.value in sessions and call.args:
                names |= reads(call.args[0].value)
            elif isinstance(func, cst.Attribute) and func.attr.value == "eval":
                names |= reads(func.value)
    return names


# statement kinds that build nothing a tf.function would need (a function body made only of these runs others' graph)
_NOT_GRAPH = frozenset({Kind.SESSION, Kind.RUN, Kind.PYTHON, Kind.DROP, Kind.INIT})


# one builder per statement kind (kinds without one are kept as they are: ``python``, ``run``)
_BUILDERS = {
    **dict.fromkeys((Kind.PLACEHOLDER, Kind.INIT, Kind.DROP, Kind.SUMMARY, Kind.MERGE, Kind.TRAINABLE, Kind.NEXT),
                    Converter._build_removed),
    Kind.SESSION: lambda self, stmt, front: self.session_config.build_session(stmt, front),
    Kind.ITERATOR: lambda self, stmt, front: self._iterator(stmt),
    Kind.WRITER: lambda self, stmt, front: [self._writer(stmt)],
    Kind.COMPUTE: Converter._build_compute,
    Kind.GRADIENTS: Converter._build_compute,
    Kind.OPTIMIZER: Converter._build_optimizer,
    Kind.SCHEDULE: Converter._build_schedule,
    Kind.TRAIN: lambda self, stmt, front: self._train(stmt),
    Kind.APPLY: lambda self, stmt, front: self._train(stmt),
    Kind.STATE: Converter._build_state,
    Kind.SAVER: lambda self, stmt, front: self.checkpoints.build(stmt, front),
    Kind.CONFIG: lambda self, stmt, front: self.session_config.build(stmt, front),
    Kind.CONFIG_ATTR: lambda self, stmt, front: self.session_config.build(stmt, front),
}
