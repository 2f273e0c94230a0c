"""TF1's eager API (``tf.enable_eager_execution()``, ``tf.contrib.eager`` as ``tfe``) -> plain TF2.

TF2 is eager already, so these programs are close to TF2: the switch goes, ``tfe.X`` is spelled
``tf.contrib.eager.X`` for the contrib rules' renames (``tfe.Variable`` -> ``tf.Variable``,
``tfe.Iterator(ds)`` -> ``iter(ds)``, ``tfe.defun`` -> ``tf.function``...), and what a rename can't
do is done here: gradient functions become GradientTape helpers written into the file, v1
optimizers Keras optimizers (the graph core's table, ``migrate.graph.keras_calls``), the global
step a variable incremented where TF1's ``apply_gradients`` did it, ``tfe.metrics`` Keras metrics.
Tables: ``migrate/data/tf1_eager_map.py``.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from migrate.data import tf1_eager_map as E
from migrate.data import graph_map as G
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.graph import keras_calls
from migrate.rules import _calls
from migrate.rules._header import code_start

CODE = "TFM310"


class TF1EagerToTF2(Rule):
    """``tf.enable_eager_execution()`` + ``tf.contrib.eager`` -> TF2 (which is eager).

    TF1 pattern: ``tf.enable_eager_execution()``, ``import tensorflow.contrib.eager as tfe`` (or
    ``tfe = tf.contrib.eager``), ``tfe.implicit_gradients(loss)``, ``tfe.Variable``, ``tfe.Iterator``,
    ``tf.train.AdamOptimizer().apply_gradients(grads(x, y), global_step=step)``.
    TF2 replacement: the switch deleted; ``tfe.implicit_gradients`` (and its value / argument forms)
    -> a small GradientTape helper returning TF1's list of (gradient, variable) pairs; v1 optimizers ->
    Keras optimizers (``minimize(loss_fn)`` -> a tape step, ``global_step=`` -> ``step.assign_add(1)``
    after the update); ``get_or_create_global_step()`` -> an int64 variable; ``tfe.metrics.Mean`` ->
    ``tf.keras.metrics.Mean(dtype=tf.float64)``; ``tfe.num_gpus()`` -> a device count.
    Why: TF2 has no eager switch and no contrib; these are TF2's own spellings of the same steps.
    Refuses: files with sessions or that turn eager off (graph code, TFM300's business); an
    optimizer used other than through ``apply_gradients``/``minimize`` statements or a checkpoint
    (kept as ``tf.compat.v1.train``, which runs eagerly in TF2, with a warning); a metric whose call
    value is used; ``enable_eager_execution(config=...)`` (kept through ``tf.compat.v1``, with the
    ``tf.config`` recipe); ``tfe.Network`` / ``tfe.Saver`` are reported with the TF2 recipe.
    """

    code = CODE
    family = "eager"
    description = "TF1 eager API (enable_eager_execution, tf.contrib.eager, eager v1 optimizers) -> TF2"
    program = True
    symbols = E.ENABLE | {"contrib.eager"}
    prefixes = ("contrib.eager.",)
    examples = (
        Example(
            "import tensorflow as tf\n"
            "import tensorflow.contrib.eager as tfe\n"
            "tf.enable_eager_execution()\n"
            "grad = tfe.implicit_gradients(loss_fn)\n"
            "opt = tf.train.GradientDescentOptimizer(0.1)\n"
            "opt.apply_gradients(grad(x, y))\n",
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "def variable_gradients(f):\n"
            '    """TF1\'s tf.contrib.eager.implicit_gradients on a tape: f\'s arguments -> [(gradient, variable), ...]\n'
            '    for every trainable variable f read, in creation order."""\n'
            "    def gradients(*args, **kwargs):\n"
            "        with tf.GradientTape() as tape:\n"
            "            value = f(*args, **kwargs)\n"
            "        variables = tape.watched_variables()\n"
            "        if not variables:\n"
            '            raise ValueError("No trainable variables were accessed while the function was being computed.")\n'
            "        return list(zip(tape.gradient(value, variables), variables))\n"
            "    return gradients\n"
            "\n"
            "\n"
            "grad = variable_gradients(loss_fn)\n"
            "opt = tf.keras.optimizers.SGD(learning_rate=0.1)\n"
            "opt.apply_gradients(grad(x, y))\n",
            "implicit_gradients becomes a tape helper, the optimizer Keras, the switch goes",
        ),
        Example(
            "import tensorflow as tf\n"
            "tf.enable_eager_execution()\n"
            "step = tf.train.get_or_create_global_step()\n"
            "opt = tf.train.AdamOptimizer(0.01)\n"
            "opt.apply_gradients(zip(grads, variables), global_step=step)\n",
            "import tensorflow as tf\n"
            'step = tf.Variable(0, dtype=tf.int64, trainable=False, name="global_step")\n'
            "opt = tf.keras.optimizers.Adam(learning_rate=0.01, epsilon=1e-08)\n"
            "opt.apply_gradients(zip(grads, variables))\n"
            "step.assign_add(1)\n",
            "the global step is incremented where TF1's apply_gradients did it",
        ),
        Example("import tensorflow as tf\nx = tf.Variable(1.0)\nwith tf.GradientTape() as t:\n    y = x * x\n",
                None, "already TF2"),
        Example("import mylib as tfe\ntfe.enable_eager_execution()\ng = tfe.implicit_gradients(f)\n", None,
                "a tfe that is not tf.contrib.eager"),
    )

    def on_module(self, module, ctx):
        symbols = set(ctx.symbols.values())
        aliases = _module_aliases(module, ctx)
        eager = symbols & E.ENABLE or aliases or any(s.startswith("contrib.eager") for s in symbols)
        if not eager or ctx.graph_mode or symbols & G.SESSIONS:
            return None
        rewriter = _Rewriter(module, ctx, aliases)
        new = module.visit(rewriter)
        if not rewriter.changed:
            return None  # what it would only report, the contrib rules report (TFM201)
        for node, message in rewriter.warnings:
            ctx.report(node, CODE, Severity.WARNING, message, fixed=False)
        new = rewriter.add_helpers(new)
        if ctx.codemod.scratch.get(AddImportsVisitor.CONTEXT_KEY):
            new = AddImportsVisitor(ctx.codemod).transform_module(new)
        ctx.report(module, CODE, Severity.INFO, "TF1 eager API converted to TF2: " + ", ".join(sorted(rewriter.done)),
                   fixed=True)
        return new


def _module_aliases(module: cst.Module, ctx) -> dict[int, cst.SimpleStatementLine]:
    """``tfe = tf.contrib.eager`` at module level, when that is the name's only binding: id(target name) -> line."""
    found = {}
    for line in module.body:
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
            continue
        small = line.body[0]
        if (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
                and ctx.symbol(small.value) == "contrib.eager"):
            name = small.targets[0].target.value
            if ctx.global_bindings(name) == [small.targets[0].target]:
                found[id(small.targets[0].target)] = line
    return found


def _is_contrib_eager_import(line: cst.SimpleStatementLine) -> bool:
    """``import tensorflow.contrib.eager as tfe`` / ``from tensorflow.contrib import eager as tfe``."""
    if len(line.body) != 1:
        return False
    small = line.body[0]
    code = cst.Module([]).code_for_node
    if isinstance(small, cst.Import):
        return all(code(a.name) == "tensorflow.contrib.eager" and a.asname for a in small.names)
    if isinstance(small, cst.ImportFrom) and small.module is not None and not isinstance(small.names, cst.ImportStar):
        return code(small.module) == "tensorflow.contrib" and all(a.name.value == "eager" for a in small.names)
    return False


class _Rewriter(cst.CSTTransformer):
    """One pass over the original module: every decision reads original nodes through ``ctx``."""

    def __init__(self, module, ctx, aliases):
        super().__init__()
        self.ctx, self.aliases = ctx, aliases
        self.alias_lines = {id(line) for line in aliases.values()}
        self.removed: set[int] = set()  # statements removed: their leading blank lines go to the next one
        self.changed = False
        self.done: set[str] = set()
        self.warnings: list[tuple[cst.CSTNode, str]] = []  # reported when the pass changes the file
        self.helpers: dict[str, str] = {}  # TF1 symbol -> helper name in the file
        self.taken = {r.base for r in ctx.names.references.values()} | set(ctx.names.module_scope.bindings)
        self.alias_symbols = self._alias_symbols()
        self.statements = self._expression_statements(module)
        self.optimizers = self._optimizers(module)
        self.metrics = self._metrics(module)
        # names bound to tfe.Iterator(ds) (iter(ds) after the contrib rename): it.next() -> next(it)
        self.iterators = {self._target_of(module, c) for c in self._calls(module)
                          if self.sym(c.func) == "contrib.eager.Iterator"} - {None}
        steps = [c for c in self._calls(module) if self.sym(c.func) == E.GLOBAL_STEP]
        self.one_step = len(steps) == 1

    @property
    def tf(self) -> str:
        """``tf`` as valid in this file (asking schedules ``import tensorflow as tf`` when the file only has tfe)."""
        return _calls.dotted_name(self.ctx.ref("Variable").value)

    # -- what the original module is -------------------------------------------------------------

    def _alias_symbols(self) -> dict[int, str]:
        """References through a ``tfe = tf.contrib.eager`` alias: id(node) -> their symbol."""
        out = {}
        for key, ref in self.ctx.names.references.items():
            bound = self.ctx.names.lookup(ref.base, ref.scope)
            if len(bound) == 1 and id(bound[0][1]) in self.aliases:
                out[key] = "contrib.eager" + ref.rest
        return out

    def sym(self, node) -> str | None:
        return self.ctx.symbol(node) or self.alias_symbols.get(id(node))

    @staticmethod
    def _calls(module):
        found = []

        class _Visit(cst.CSTVisitor):
            def visit_Call(self, node):
                found.append(node)

        module.visit(_Visit())
        return found

    @staticmethod
    def _expression_statements(module) -> dict[int, cst.SimpleStatementLine]:
        """Calls that are a whole statement line (their value unused): id(call) -> line."""
        out = {}

        class _Visit(cst.CSTVisitor):
            def visit_SimpleStatementLine(self, node):
                if len(node.body) == 1 and isinstance(node.body[0], cst.Expr) and isinstance(node.body[0].value, cst.Call):
                    out[id(node.body[0].value)] = node

        module.visit(_Visit())
        return out

    def _uses(self, name: str) -> list[cst.CSTNode]:
        """Whole references whose base is ``name`` (in any scope: a name used for two things refuses)."""
        return [r.node for r in self.ctx.names.references.values() if r.base == name]

    def _optimizers(self, module) -> dict[str, object]:
        """Names bound to a v1 optimizer whose every use a Keras optimizer serves: name -> OptimizerCall | reason."""
        assigned: dict[str, list[cst.Call]] = {}
        for call in self._calls(module):
            if self.sym(call.func) in keras_calls.OPTIMIZERS:
                target = self._target_of(module, call)
                assigned.setdefault(target or "", []).append(call)
        self.optimizer_calls: dict[int, object] = {}
        allowed_calls = self._allowed_optimizer_uses(module)
        out = {}
        for name, calls in assigned.items():
            for call in calls:
                built = keras_calls.optimizer(call, self.sym(call.func), self.ctx)
                reason = built if isinstance(built, str) else None
                if name:
                    bad = [n for n in self._uses(name) if id(n) not in allowed_calls]
                    if bad:
                        reason = reason or (f"{name} is used other than through apply_gradients / minimize statements "
                                            f"or a checkpoint (line {self.ctx.position(bad[0])[0]})")
                    out[name] = reason or built
                elif id(call) not in self.compile_args:
                    reason = reason or "the optimizer is not bound to a name (its uses can't be followed)"
                self.optimizer_calls[id(call)] = reason or built
        return out

    def _allowed_optimizer_uses(self, module) -> set[int]:
        """Nodes an optimizer name may appear as: ``opt.apply_gradients``/``opt.minimize`` callees of statement calls
        with arguments this rule converts, keyword values of a checkpoint."""
        allowed: set[int] = set()
        self.compile_args: set[int] = set()
        for call in self._calls(module):
            func = call.func
            if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and id(call) in self.statements:
                if func.attr.value == "apply_gradients" and _args_ok(call, E.DROPPED_KEYWORDS | {"global_step"}):
                    allowed.add(id(func))
                elif func.attr.value == "minimize" and _args_ok(call, E.MINIMIZE_KEYWORDS):
                    allowed.add(id(func))
            if self.sym(func) in ("train.Checkpoint", "contrib.eager.Checkpoint"):
                allowed |= {id(a.value) for a in call.args if a.keyword and isinstance(a.value, cst.Name)}
            if isinstance(func, cst.Attribute) and func.attr.value == "compile":
                self.compile_args |= {id(a.value) for a in call.args}
        return allowed

    @staticmethod
    def _target_of(module, call) -> str | None:
        found = []

        class _Visit(cst.CSTVisitor):
            def visit_Assign(self, node):
                if node.value is call and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
                    found.append(node.targets[0].target.value)

        module.visit(_Visit())
        return found[0] if found else None

    def _metrics(self, module) -> dict[int, str | None]:
        """id(metric constructor call) -> None when every call of the metric discards its value, else a reason."""
        out = {}
        self.metric_names: set[str] = set()
        for call in self._calls(module):
            if self.sym(call.func) in E.METRICS:
                name = self._target_of(module, call)
                if name is None:
                    out[id(call)] = "the metric is not bound to a name (its calls can't be followed)"
                    continue
                used = [c for c in self._calls(module) if isinstance(c.func, cst.Name) and c.func.value == name
                        and id(c) not in self.statements]
                out[id(call)] = (f"the value of {name}(...) is used (line {self.ctx.position(used[0])[0]}): TF1 returned "
                                 "the values' sum or the inputs, a Keras metric returns its result") if used else None
                if not used:
                    self.metric_names.add(name)
        return out

    # -- rewrites -------------------------------------------------------------------------------------

    def _fix(self, what: str):
        self.changed = True
        self.done.add(what)

    def _warn(self, node, message: str):
        self.warnings.append((node, message))

    def leave_Attribute(self, original, updated):
        return self._through_alias(original, updated)

    def leave_Name(self, original, updated):
        return self._through_alias(original, updated)

    def _through_alias(self, original, updated):
        """``tfe.X`` (alias or ``import ... as tfe``) -> ``tf.contrib.eager.X``, which the contrib rules then rename."""
        symbol = self.sym(original)
        if symbol is None or not symbol.startswith("contrib.eager") or self.ctx.names.references.get(id(original)) is None:
            return updated
        if self.ctx.names.references[id(original)].base == self.tf.split(".")[0]:
            return updated  # already spelled through the TensorFlow alias
        self._fix("tfe.X spelled tf.contrib.eager.X")
        return self.ctx.ref(symbol)

    def leave_Call(self, original, updated):
        symbol = self.sym(original.func)
        if symbol in E.GRADIENT_HELPERS:
            return self._gradient_helper(original, updated, symbol)
        if symbol in E.METRICS:
            return self._metric(original, updated, symbol)
        func = original.func
        if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in self.iterators
                and func.attr.value == "next" and not original.args):
            self._fix("iterator.next() -> next(iterator)")
            return cst.Call(cst.Name("next"), [cst.Arg(updated.func.value)])
        if symbol == "contrib.eager.num_gpus" and not original.args:
            self._fix("num_gpus")
            return cst.parse_expression(f'len({self.tf}.config.list_physical_devices("GPU"))')
        if symbol in keras_calls.OPTIMIZERS and id(original) in self.optimizer_calls:
            built = self.optimizer_calls[id(original)]
            if isinstance(built, str):
                self._warn(original, f"tf.{symbol} kept as tf.compat.v1.{symbol} (runs eagerly on TF2): {built}")
                self._fix("v1 optimizer kept through tf.compat.v1")
                return updated.with_changes(func=self.ctx.ref(f"compat.v1.{symbol}"))
            for note in built.notes:
                self.ctx.report(original, CODE, Severity.INFO if built.exact else Severity.WARNING, note, fixed=True)
            self._fix("v1 optimizer -> Keras")
            return built.ctor
        if symbol == E.GLOBAL_STEP and not original.args:
            if not self.one_step:
                self._warn(original, "get_or_create_global_step() is called more than once: kept through tf.compat.v1")
                return updated.with_changes(func=self.ctx.ref(f"compat.v1.{symbol}"))
            self._fix("global step")
            return cst.parse_expression(f'{self.tf}.Variable(0, dtype={self.tf}.int64, trainable=False, name="global_step")')
        return updated

    def _gradient_helper(self, original, updated, symbol):
        params = _calls.bind(original, ("f", "params"))
        if params is None or "f" not in params or (symbol.startswith("contrib.eager.implicit") and "params" in params):
            self._warn(original, f"tf.{symbol} with these arguments is not converted")
            return updated
        if "params" in params and not _int_list(params["params"].value):
            self._warn(original, f"tf.{symbol}: params= must be a literal list of argument indices to convert")
            return updated
        if symbol not in self.helpers:
            self.helpers[symbol] = self._fresh(E.GRADIENT_HELPERS[symbol][0])
        self._fix(symbol.rsplit(".", 1)[1] + " -> GradientTape helper")
        return updated.with_changes(func=cst.Name(self.helpers[symbol]))

    def _metric(self, original, updated, symbol):
        reason = self.metrics.get(id(original))
        bound = _calls.bind(original, E.METRIC_PARAMS)
        if reason or bound is None:
            self._warn(original, f"tf.{symbol} not converted: {reason or 'unexpected arguments'}")
            return updated
        self._fix(f"{symbol.rsplit('.', 1)[1]} metric -> Keras")
        args = list(updated.args)
        if "dtype" not in bound:
            args.append(_calls.keyword(cst.Arg(cst.parse_expression(f"{self.tf}.{E.METRIC_DTYPE}")), "dtype"))
        return _calls.rebuild(updated.with_changes(func=self.ctx.ref(E.METRICS[symbol])), args)

    def leave_SimpleStatementLine(self, original, updated):
        if len(original.body) != 1:
            return updated
        small = original.body[0]
        # every reference through the alias or import is spelled through ``tf`` by this pass
        if id(original) in self.alias_lines or _is_contrib_eager_import(original):
            self._fix("tfe import")
            return self._remove(updated)
        if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)):
            return updated
        call, new = small.value, updated.body[0].value
        symbol = self.sym(call.func)
        if symbol in E.ENABLE:
            return self._enable(original, updated, call)
        if isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name):
            built = self.optimizers.get(call.func.value.value)
            if built is not None and not isinstance(built, str) and isinstance(new, cst.Call):
                if call.func.attr.value == "apply_gradients":
                    return self._apply_gradients(updated, new)
                if call.func.attr.value == "minimize":
                    return self._minimize(updated, new)
            if call.func.attr.value == "init_variables" and not call.args and call.func.value.value in self.metric_names:
                self._fix("metric init_variables removed (eager: nothing to initialize)")
                return self._remove(updated)
        return updated

    def _enable(self, original, updated, call):
        bound = _calls.bind(call, ("config", "device_policy", "execution_mode"))
        if bound is None:
            self._warn(call, "enable_eager_execution with these arguments is not converted")
            return updated
        lines = []
        for key, arg in bound.items():
            value = self.sym(arg.value)
            if key == "device_policy" and value in E.DEVICE_POLICIES:
                lines.append(f'{self.tf}.config.experimental.set_device_policy("{E.DEVICE_POLICIES[value]}")')
            elif key == "execution_mode" and value in E.EXECUTION_MODES:
                lines.append(f"{self.tf}.config.experimental.set_synchronous_execution({E.EXECUTION_MODES[value]})")
            elif not (isinstance(arg.value, cst.Name) and arg.value.value == "None"):
                if self.ctx.spelled_compat(call.func):
                    return updated  # kept on purpose by an earlier run
                self._warn(call, E.RECIPES["config"] if key == "config" else
                           f"enable_eager_execution({key}=...) is not converted; kept through tf.compat.v1")
                self._fix("enable_eager_execution kept through tf.compat.v1")
                return updated.with_changes(body=[updated.body[0].with_changes(
                    value=updated.body[0].value.with_changes(func=self.ctx.ref("compat.v1.enable_eager_execution")))])
        self._fix("enable_eager_execution removed")
        if not lines:
            return self._remove(updated)
        return cst.FlattenSentinel([updated.with_changes(body=[cst.Expr(cst.parse_expression(t))]) for t in lines])

    def _apply_gradients(self, updated, call):
        step = next((a.value for a in call.args if a.keyword and a.keyword.value == "global_step"), None)
        args = [a for a in call.args if not (a.keyword and a.keyword.value in E.DROPPED_KEYWORDS | {"global_step"})]
        self._fix("apply_gradients on a Keras optimizer")
        first = updated.with_changes(body=[cst.Expr(_calls.rebuild(call, args))])
        if step is None or (isinstance(step, cst.Name) and step.value == "None"):
            return first
        self._fix("global_step incremented after the update")
        increment = cst.Expr(cst.Call(cst.Attribute(step, cst.Name("assign_add")), [cst.Arg(cst.Integer("1"))]))
        return cst.FlattenSentinel([first, cst.SimpleStatementLine([increment])])

    def _minimize(self, updated, call):
        """``opt.minimize(loss_fn, var_list=vs, global_step=s)`` -> a tape step (Keras 3 optimizers have no minimize)."""
        loss = call.args[0].value
        keywords = {a.keyword.value: a.value for a in call.args[1:]}
        code = cst.Module([]).code_for_node
        tape, value, variables = self._fresh("tape"), self._fresh("loss_value"), self._fresh("variables")
        body = code(loss.body) if isinstance(loss, cst.Lambda) and not loss.params.params else f"{code(loss)}()"
        varlist = code(keywords["var_list"]) if "var_list" in keywords else f"{tape}.watched_variables()"
        text = (f"with {self.tf}.GradientTape() as {tape}:\n    {value} = {body}\n{variables} = {varlist}\n"
                f"{code(call.func.value)}.apply_gradients(zip({tape}.gradient({value}, {variables}), {variables}))\n")
        if "global_step" in keywords and code(keywords["global_step"]) != "None":
            text += f"{code(keywords['global_step'])}.assign_add(1)\n"
        statements = list(cst.parse_module(text).body)
        statements[0] = statements[0].with_changes(leading_lines=updated.leading_lines)
        self._fix("minimize -> GradientTape step")
        return cst.FlattenSentinel(statements)

    def _remove(self, line):
        self.removed.add(id(line))
        return line

    def _drop_removed(self, body):
        out, pending = [], None
        for statement in body:
            if id(statement) in self.removed:
                if pending is None or len(statement.leading_lines) > len(pending):
                    pending = statement.leading_lines
                continue
            if pending is not None and len(pending) > len(statement.leading_lines):
                statement = statement.with_changes(leading_lines=pending)
            out.append(statement)
            pending = None
        return out

    def leave_IndentedBlock(self, original, updated):
        body = self._drop_removed(updated.body)
        return updated.with_changes(body=body or [cst.SimpleStatementLine([cst.Pass()])])

    def leave_Module(self, original, updated):
        return updated.with_changes(body=self._drop_removed(updated.body))

    # -- helpers written into the file ------------------------------------------------------------------

    def _fresh(self, stem: str) -> str:
        name, i = stem, 1
        while name in self.taken:
            name, i = f"{stem}_{i}", i + 1
        self.taken.add(name)
        return name

    def add_helpers(self, module: cst.Module) -> cst.Module:
        if not self.helpers:
            return module
        at = code_start(module.body)
        defs = []
        for symbol, name in self.helpers.items():
            text = E.GRADIENT_HELPERS[symbol][1].format(tf=self.tf, name=name)
            (function,) = cst.parse_module(text.lstrip("\n")).body
            defs.append(function.with_changes(leading_lines=[cst.EmptyLine()] * 2))
        rest = list(module.body[at:])
        if rest:
            rest[0] = rest[0].with_changes(leading_lines=[cst.EmptyLine()] * 2)
        return module.with_changes(body=[*module.body[:at], *defs, *rest])


def _args_ok(call: cst.Call, keywords: frozenset) -> bool:
    """One positional argument (the gradients, or the loss), then only keywords this rule converts."""
    if not call.args or call.args[0].keyword or call.args[0].star:
        return False
    return all(a.keyword is not None and a.keyword.value in keywords and not a.star for a in call.args[1:])


def _int_list(node) -> bool:
    return isinstance(node, (cst.List, cst.Tuple)) and all(isinstance(e.value, cst.Integer) for e in node.elements)
