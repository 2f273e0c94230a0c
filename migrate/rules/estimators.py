"""``tf.estimator``: canned estimators become Keras models; the rest is reported with the TF2 recipe.

Estimators are gone from TF >= 2.16. A canned estimator fed by
``numpy_input_fn`` is a multi-statement pattern (constructor, input functions,
``train`` / ``evaluate`` calls), so its conversion is a module-level pass
(`CannedEstimator.on_module`, planned by `plan_module`) that the engine runs
after the reference/call pass; see `CannedEstimator` for what maps to what.
Everything it can't prove is left with a finding that says why.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from migrate.data.ecosystem_map import ESTIMATOR_DEFAULTS, NUMPY_INPUT_DEFAULTS, NUMPY_INPUT_FN
from migrate.engine.names import NameResolver
from migrate.engine.rule import Example, Rule, Safety
from migrate.engine.transformer import tf_symbol
from migrate.findings import Severity
from migrate.rules import _calls, _feature_columns

CANNED = {  # symbol -> (model kind, task)
    "estimator.DNNClassifier": ("dnn", "classifier"),
    "estimator.DNNRegressor": ("dnn", "regressor"),
    "estimator.LinearClassifier": ("linear", "classifier"),
    "estimator.LinearRegressor": ("linear", "regressor"),
}
INPUT_FNS = frozenset({"estimator.inputs.numpy_input_fn"})
TO_ESTIMATOR = "keras.estimator.model_to_estimator"
# evaluate() keys a converted model_to_estimator can't give: Keras has no global step, and TF 1.x Keras called
# the accuracy metric "acc" where TF2 Keras says "accuracy".
_KERAS_MISSING_KEYS = frozenset({"global_step", "acc"})
# Constructor parameters the conversion understands; the first ones may be positional (same order in v1 and v2).
_DNN_PARAMS = ("hidden_units", "feature_columns", "model_dir")
_LINEAR_PARAMS = ("feature_columns", "model_dir")
_UNDERSTOOD = frozenset({"hidden_units", "feature_columns", "model_dir", "n_classes", "label_dimension",
                         "optimizer", "activation_fn", "dropout", "config"})
# RunConfig settings that only say where/how often to checkpoint and log: dropped with the model_dir note.
# tf_random_seed becomes tf.random.set_seed (same intent; the random streams differ anyway).
_RUN_CONFIG = ("model_dir", "tf_random_seed", "save_summary_steps", "save_checkpoints_steps", "save_checkpoints_secs",
               "keep_checkpoint_max", "keep_checkpoint_every_n_hours", "log_step_count_steps")
# Optimizer names the estimators accept, with their Keras class and the v1 extras that keep v1 numerics.
# (v1 Adagrad divides by sqrt(accum), Keras by sqrt(accum + epsilon): epsilon=0.0 keeps the TF1 step exactly.)
_OPTIMIZERS = {"Adagrad": ("Adagrad", "epsilon=0.0"), "Adam": ("Adam", "epsilon=1e-08"), "Ftrl": ("Ftrl", ""),
               "SGD": ("SGD", "")}
# Keras' own default learning rates (what v2 DNN estimators use for an optimizer given by name).
_KERAS_DEFAULT_LR = {"Adagrad": "0.001", "Adam": "0.001", "Ftrl": "0.001", "SGD": "0.01"}
_KEYS = {"classifier": ("accuracy", "loss", "average_loss"), "regressor": ("loss", "average_loss")}
# The binary head's extra evaluate() keys that a Keras metric computes the same way (tests/ecosystem checks
# AUC and the thresholded precision/recall against tf.compat.v1.metrics): auc on the sigmoid with 200
# thresholds, precision/recall of the class ids (logit > 0).
_BINARY_KEYS = ("auc", "precision", "recall")


_MINUS_ONE = cst.UnaryOperation(cst.Minus(), cst.Integer("1"))


class Refused(Exception):
    """The pattern can't be converted exactly; the message says why (and goes into the finding)."""


def _number(expr) -> float | None:
    return float(expr.evaluated_value) if isinstance(expr, (cst.Integer, cst.Float)) else None


def _string(expr) -> str | None:
    return expr.evaluated_value if isinstance(expr, cst.SimpleString) else None


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def _width(shape) -> int:
    """Elements per example of a ``numeric_column`` shape: ``4``, ``[4]``, ``(2, 3)``."""
    if shape is None:
        return 1
    if isinstance(shape, cst.Integer):
        return int(shape.value)
    if isinstance(shape, (cst.List, cst.Tuple)) and all(isinstance(e.value, cst.Integer) for e in shape.elements):
        width = 1
        for element in shape.elements:
            width *= int(element.value.value)
        return width
    raise Refused(f"numeric_column shape {_code(shape)} is not a literal")


@dataclass
class Estimator:
    name: str  # the variable bound to it
    symbol: str
    statement: cst.SimpleStatementLine
    call: cst.Call
    v1: bool
    columns: dict[str, int] = field(default_factory=dict)  # feature key -> width
    dense: list = field(default_factory=list)  # every column's dense form (_feature_columns.Column)
    columns_name: cst.Name | None = None  # the variable holding the feature-column list, if any
    uses: list = field(default_factory=list)  # (kind, call node, parent info)
    read_keys: set[str] = field(default_factory=set)
    binary: bool = False  # a classifier with one logit (n_classes=2)
    keras: bool = False  # model_to_estimator: the Keras model is already built and compiled

    @property
    def task(self) -> str:
        return "keras" if self.keras else CANNED[self.symbol][1]


class _Planner:
    """Decide, for one module, which canned estimators convert and what replaces which node."""

    def __init__(self, module: cst.Module, dialect_v1: bool, ref, ctx=None) -> None:
        self.module = module
        self.ctx = ctx  # the engine's context for this (original) module: v1 optimizers are converted through it
        self.wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self.parents = self.wrapper.resolve(ParentNodeProvider)
        self.resolver = NameResolver()
        module.visit(self.resolver)
        self.ref = ref  # name -> expression for tensorflow.<name> valid in this file
        self.symbols: dict[int, str] = {}
        self.raw: dict[int, set[str]] = {}
        for key, reference in self.resolver.references.items():
            qualified = self.resolver.qualified_names(reference.node)
            symbol = tf_symbol(qualified) if qualified else None
            if symbol is not None:
                self.symbols[key], self.raw[key] = symbol, qualified
        # TF1 code: the engine says so, or it uses tf.estimator.inputs (a TF1-only name; TF2 spells it
        # tf.compat.v1.estimator.inputs). Then tf.estimator.X is the TF1 class, with TF1 defaults.
        self.dialect_v1 = dialect_v1 or any(
            q.startswith("tensorflow.estimator.inputs.") for names in self.raw.values() for q in names)
        self.strings = _StringLiterals.of(module)
        self.helper_needed = self.uses_helper = False
        self.helper_name = next(name for name in (f"feature_matrix{i or ''}" for i in range(100))
                                if name not in self.resolver.module_scope.bindings)
        self.header = 0  # leading docstring/import statements: the helper goes after them
        for statement in module.body:
            small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
            if not isinstance(small, (cst.Import, cst.ImportFrom)) and not (
                    self.header == 0 and isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString)):
                break
            self.header += 1
        self.replacements: dict[int, object] = {}
        self.outcomes: list[tuple[cst.CSTNode, str, bool, str]] = []  # (node, symbol, converted, message)

    # -- helpers ------------------------------------------------------------------------------

    def symbol_of_call(self, expr) -> str | None:
        return self.symbols.get(id(expr.func)) if isinstance(expr, cst.Call) else None

    def single_binding(self, name: cst.Name):
        """The value assigned to ``name`` by its only binding (``x = value``), else Refused."""
        reference = self.resolver.references.get(id(name))
        bindings = self.resolver.lookup(name.value, reference.scope) if reference else []
        if len(bindings) != 1 or id(bindings[0][1]) not in self.resolver.assigned:
            raise Refused(f"{name.value} is not assigned exactly once")
        target = bindings[0][1]
        return target, self.resolver.assigned[id(target)]

    def references_to(self, target: cst.Name) -> list[cst.CSTNode]:
        found = []
        for reference in self.resolver.references.values():
            if reference.base == target.value and any(
                node is target for _, node in self.resolver.lookup(reference.base, reference.scope)
            ):
                found.append(reference.node)
        return found

    def statement_of(self, node) -> cst.SimpleStatementLine | None:
        while node is not None and not isinstance(node, cst.SimpleStatementLine):
            node = self.parents.get(node)
        return node

    # -- the pattern ------------------------------------------------------------------------------

    def plan(self) -> None:
        for key, symbol in self.symbols.items():
            if symbol not in CANNED and symbol != TO_ESTIMATOR:
                continue
            node = self.resolver.references[key].node
            call = self.resolver.calls.get(key)
            self.uses_helper = self.dropped_checkpoints = False
            self.notes: list[str] = []
            try:
                if call is None:
                    raise Refused("it is not called where it is named")
                estimator = self.estimator(node, call, symbol)
                edits = self.convert_keras(estimator) if symbol == TO_ESTIMATOR else self.convert(estimator)
            except Refused as why:
                self.outcomes.append((node, symbol, False, str(why)))
                continue
            self.replacements.update(edits)
            self.outcomes.append((node, symbol, True, self.summary))
            self.helper_needed = self.helper_needed or self.uses_helper
        if self.helper_needed:
            last = self.module.body[self.header - 1]
            self.replacements[id(last)] = [last, *self.helper_definition()]

    def estimator(self, node, call: cst.Call, symbol: str) -> Estimator:
        statement = self.statement_of(call)
        assign = statement.body[0] if statement is not None and len(statement.body) == 1 else None
        if not (isinstance(assign, cst.Assign) and assign.value is call and len(assign.targets) == 1
                and isinstance(assign.targets[0].target, cst.Name)):
            raise Refused("the estimator is not assigned to a plain name in its own statement")
        qualified = self.raw[id(node)]
        v1 = self.dialect_v1 or any(q.startswith("tensorflow.compat.v1.") for q in qualified)
        return Estimator(assign.targets[0].target.value, symbol, statement, call, v1)

    def convert(self, est: Estimator) -> dict[int, object]:
        kind, task = CANNED[est.symbol]
        params = _DNN_PARAMS if kind == "dnn" else _LINEAR_PARAMS
        args = {}
        for i, arg in enumerate(est.call.args):
            if arg.star:
                raise Refused("*args/**kwargs")
            if arg.keyword is None and i >= len(params):
                raise Refused("positional arguments past feature_columns/model_dir")
            args[arg.keyword.value if arg.keyword else params[i]] = arg.value
        unknown = sorted(set(args) - _UNDERSTOOD)
        if unknown:
            raise Refused(f"it passes {', '.join(unknown)}, which the Keras model would not reproduce")
        edits: dict[int, object] = {}
        seed = self.run_config(args["config"]) if "config" in args else None
        self.columns(est, args.get("feature_columns"), edits)
        outputs = self.outputs(task, args)
        est.binary = task == "classifier" and outputs == 1
        layers = []
        if kind == "dnn":
            units = args.get("hidden_units")
            if not isinstance(units, (cst.List, cst.Tuple)):
                raise Refused("hidden_units is not a list literal")
            activation = args.get("activation_fn")
            if isinstance(activation, cst.Name) and activation.value == "None":
                raise Refused("activation_fn=None")
            act = activation or cst.SimpleString('"relu"')
            dropout = args.get("dropout")
            if dropout is not None and not (isinstance(dropout, cst.Name) and dropout.value == "None"):
                if _number(dropout) is None:
                    raise Refused("dropout is not a number")
            else:
                dropout = None
            for element in units.elements:
                layers.append(self.call("keras.layers.Dense", [element.value], {"activation": act}))
                if dropout is not None:
                    layers.append(self.call("keras.layers.Dropout", [dropout], {}))
            layers.append(self.call("keras.layers.Dense", [cst.Integer(str(outputs))], {}))
        else:
            layers.append(self.call("keras.layers.Dense", [cst.Integer(str(outputs))],
                                    {"kernel_initializer": cst.SimpleString('"zeros"')}))
        self.uses(est, task)
        model = self.call("keras.Sequential", [_one_per_line_list(layers)], {})
        assign = est.statement.body[0]
        setup = {"optimizer": self.optimizer(est, kind, args.get("optimizer")), "loss": self.loss(est, task, outputs)}
        metrics = self.metrics(est, task, outputs)
        if metrics:
            setup["metrics"] = cst.List([cst.Element(m) for m in metrics])
        compile_call = self.call(f"{est.name}.compile", [], setup, local=True)
        seeding = [cst.SimpleStatementLine([cst.Expr(self.call("random.set_seed", [seed], {}))])] if seed else []
        built = est.statement.with_changes(body=[assign.with_changes(value=model)])
        body = list(getattr(self.parents.get(est.statement), "body", ()))
        index = next((i for i, s in enumerate(body) if s is est.statement), 0)
        if index and isinstance(edits.get(id(body[index - 1])), cst.RemovalSentinel):
            # the removed feature-column statement's comment ("## Model") now heads the model
            built = built.with_changes(leading_lines=[*body[index - 1].leading_lines, *est.statement.leading_lines])
        edits[id(est.statement)] = [
            *seeding,
            built,
            cst.SimpleStatementLine([cst.Expr(_one_per_line_call(compile_call))]),
        ]

        for use in est.uses:
            edits.update(self.use_edit(est, use))
        reduction = "summed over the batch (TF1 estimator)" if est.v1 else "mean over the batch"
        self.summary = (f"tf.{est.symbol} -> tf.keras.Sequential + compile/fit/evaluate "
                        f"(optimizer {_code(compile_call.args[0].value)}, loss {reduction}, features in sorted key order"
                        + (", model_dir checkpoints are no longer written or restored"
                           if "model_dir" in args or self.dropped_checkpoints else "")
                        + (", RunConfig's tf_random_seed -> tf.random.set_seed (other random streams)" if seed else "")
                        + "".join(f"; {note}" for note in self.notes)
                        + ("; evaluate()['loss'] averages batches weighted by their size" if "loss" in est.read_keys else "")
                        + ("; predict() dicts carry the head's keys except all_class_ids/all_classes"
                           if any(use[0] == "predict" for use in est.uses) else "")
                        + ")")
        return edits

    def convert_keras(self, est: Estimator) -> dict[int, object]:
        """``est = model_to_estimator(keras_model=model)`` -> ``est = model``; train/evaluate -> fit/evaluate."""
        bound = _calls.bind(est.call, ("keras_model", "keras_model_path", "custom_objects", "model_dir", "config",
                                       "checkpoint_format", "metric_names_map", "export_outputs"))
        if bound is None or "keras_model" not in bound or set(bound) - {"keras_model", "model_dir", "config"}:
            raise Refused("it passes more than keras_model, model_dir and config")
        model = bound["keras_model"].value
        if not isinstance(model, cst.Name):
            raise Refused("keras_model is not a variable")
        est.keras = True
        seed = self.run_config(bound["config"].value) if "config" in bound else None
        self.uses(est, est.task)
        assign = est.statement.body[0]
        seeding = [cst.SimpleStatementLine([cst.Expr(self.call("random.set_seed", [seed], {}))])] if seed else []
        edits: dict[int, object] = {id(est.statement): [*seeding, est.statement.with_changes(
            body=[assign.with_changes(value=model)])]}
        for use in est.uses:
            edits.update(self.use_edit(est, use))
        self.summary = (f"tf.{est.symbol}: {est.name} is the Keras model {model.value} itself; train/evaluate -> "
                        "fit/evaluate on tf.data (steps -> Dataset.take)"
                        + (", model_dir checkpoints are no longer written or restored"
                           if "model_dir" in bound or self.dropped_checkpoints else "")
                        + (", RunConfig's tf_random_seed -> tf.random.set_seed" if seed else "") + "")
        return edits

    def call(self, func: str, args, kwargs, local: bool = False) -> cst.Call:
        callee = _calls.dotted(func) if local else self.ref(func)
        built = [cst.Arg(a) for a in args] + [_calls.keyword(cst.Arg(v), k) for k, v in kwargs.items()]
        return _calls.rebuild(cst.Call(callee, []), built)

    def outputs(self, task: str, args) -> int:
        if task == "classifier":
            n = args.get("n_classes", cst.Integer("2"))
            if not isinstance(n, cst.Integer):
                raise Refused("n_classes is not an integer literal")
            return 1 if int(n.value) == 2 else int(n.value)
        d = args.get("label_dimension", cst.Integer("1"))
        if not isinstance(d, cst.Integer) or int(d.value) != 1:
            raise Refused("label_dimension is not 1")
        return 1

    def columns(self, est: Estimator, expr, edits) -> None:
        if isinstance(expr, cst.Name):
            target, value = self.single_binding(expr)
            others = [r for r in self.references_to(target) if r is not expr]
            if all(self.is_estimator_argument(r) for r in others):
                statement = self.statement_of(target)
                if statement is not None and len(statement.body) == 1:
                    edits[id(statement)] = cst.RemoveFromParent()  # only the estimators read it
            expr = value
        expr = self.column_list(expr)
        if not isinstance(expr, (cst.List, cst.Tuple)) or not expr.elements:
            raise Refused("feature_columns is not a list of numeric_column calls")
        for element in expr.elements:
            try:
                column = _feature_columns.parse(element.value, self.symbol_of_call, self.ref, self.numeric_column)
            except _feature_columns.Unsupported as why:
                raise Refused(str(why)) from None
            est.dense.append(column)
            if self.symbol_of_call(element.value) == _feature_columns.NUMERIC:
                est.columns[column.key] = column.width

    def numeric_column(self, column) -> tuple[str, int]:
        """``numeric_column(key, shape)``: (key, elements per example)."""
        bound = _calls.bind(column, ("key", "shape", "default_value", "dtype", "normalizer_fn"))
        if bound is None or set(bound) - {"key", "shape"} or _string(bound["key"].value) is None:
            raise Refused("a numeric_column has a non-literal key, a dtype, a default or a normalizer_fn")
        return _string(bound["key"].value), _width(bound["shape"].value if "shape" in bound else None)

    def helper_definition(self) -> list[cst.BaseStatement]:
        tf = _code(self.ref("float32")).rsplit(".", 1)[0]
        (helper,) = cst.parse_module(
            f"def {self.helper_name}(features, columns):\n"
            '    """Numeric feature columns as tf.estimator read them: float32, [-1, width], sorted by key."""\n'
            f"    return {tf}.concat([{tf}.reshape({tf}.cast(features[key], {tf}.float32), [-1, columns[key]])\n"
            f"                      for key in sorted(columns)], axis=1)\n"
        ).body
        return [helper.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])]

    def run_config(self, expr) -> cst.BaseExpression | None:
        """``config=tf.estimator.RunConfig(...)``: its seed, when all else is checkpoint/log cadence."""
        if self.symbol_of_call(expr) != "estimator.RunConfig":
            raise Refused(f"config={_code(expr)} is not a RunConfig call")
        bound = _calls.bind(expr, ())
        if any(a.keyword is None or a.star for a in expr.args) or any(
                a.keyword.value not in _RUN_CONFIG for a in expr.args):
            raise Refused("its RunConfig sets more than seeds and checkpoint/log cadence "
                          "(devices, distribution, session config)")
        del bound
        seed = next((a.value for a in expr.args if a.keyword.value == "tf_random_seed"), None)
        self.dropped_checkpoints = True
        return seed

    def column_list(self, expr):
        """``[numeric_column(k) for k in KEYS]`` with KEYS a literal list of strings: the columns it builds."""
        if not (isinstance(expr, cst.ListComp) and isinstance(expr.for_in.target, cst.Name)
                and expr.for_in.inner_for_in is None and not expr.for_in.ifs):
            return expr
        keys = expr.for_in.iter
        if isinstance(keys, cst.Name):
            keys = self.single_binding(keys)[1]
        if not isinstance(keys, (cst.List, cst.Tuple)) or any(_string(e.value) is None for e in keys.elements):
            raise Refused("feature_columns is a comprehension over something other than a list of strings")
        column = expr.elt
        loop = expr.for_in.target.value
        bound = _calls.bind(column, ("key", "shape", "default_value", "dtype", "normalizer_fn")) \
            if self.symbol_of_call(column) == "feature_column.numeric_column" else None
        if not bound or not isinstance(bound.get("key", cst.Arg(cst.Name("_"))).value, cst.Name) \
                or bound["key"].value.value != loop:
            raise Refused("feature_columns is a comprehension that isn't numeric_column(key) per key")
        rest = [a for a in column.args if a is not bound["key"]]
        return cst.List([cst.Element(column.with_changes(args=[cst.Arg(e.value), *rest])) for e in keys.elements])

    def is_estimator_argument(self, node) -> bool:
        arg = self.parents.get(node)
        call = self.parents.get(arg)
        return isinstance(arg, cst.Arg) and isinstance(call, cst.Call) and self.symbol_of_call(call) in CANNED

    def uses(self, est: Estimator, task: str) -> None:
        target = est.statement.body[0].targets[0].target
        references = self.references_to(target)
        if not references:
            raise Refused("the estimator is never trained or evaluated")
        datasets: dict[int, set[str]] = {}  # input_fn statement -> the methods reading it
        for ref in references:
            if not (isinstance(ref, cst.Attribute) and ref.attr.value in ("train", "evaluate", "predict")):
                what = f"{est.name}.{ref.attr.value}" if isinstance(ref, cst.Attribute) else f"{est.name} as a value"
                raise Refused(f"it uses {what} (only train, evaluate and predict convert)")
            method = ref.attr.value
            call = self.parents.get(ref)
            if not isinstance(call, cst.Call) or call.func is not ref:
                raise Refused(f"{est.name}.{method} is not called directly")
            names = {"train": ("input_fn", "hooks", "steps", "max_steps", "saving_listeners"),
                     "evaluate": ("input_fn", "steps", "hooks", "checkpoint_path", "name"),
                     "predict": ("input_fn", "predict_keys", "hooks", "checkpoint_path", "yield_single_examples")}
            bound = _calls.bind(call, names[method])
            allowed = {"input_fn"} if method == "predict" else {"input_fn", "steps"}
            if bound is None or "input_fn" not in bound or set(bound) - allowed:
                raise Refused(f"{est.name}.{method} passes arguments other than {' and '.join(sorted(allowed))}")
            data = self.input_fn(est, bound["input_fn"].value)
            if data["statement"] is not None:
                datasets.setdefault(id(data["statement"]), set()).add("predict" if method == "predict" else "fit")
            parent = self.parents.get(call)
            if method == "train":
                if not isinstance(parent, cst.Expr):
                    raise Refused("the result of train() is used")
                if data["repeat"] == "forever" and "steps" not in bound:
                    raise Refused("train() without steps on an input_fn with num_epochs=None never ends")
            elif method == "evaluate":
                self.read_keys(est, task, call, parent)
            elif est.keras:
                raise Refused(f"{est.name}.predict yields dicts keyed by the model's output names: use "
                              "model.predict(dataset), which returns the outputs as arrays")
            else:
                self.check_predict(est, data)
            if method != "predict" and data["y"] is None:
                raise Refused(f"{est.name}.{method}: its numpy_input_fn has no y")
            est.uses.append((method, call, bound, data))
        if any(len(methods) > 1 for methods in datasets.values()):
            raise Refused("one input_fn feeds both predict and train/evaluate")

    def check_predict(self, est: Estimator, data: dict) -> None:
        if data["repeat"] != 1 or data["shuffle"]:
            raise Refused("predict's numpy_input_fn repeats or shuffles (the estimator's output order would change)")
        others = {"all_class_ids", "all_classes"} & self.strings
        if others:
            raise Refused(f"the file reads the prediction key {sorted(others)[0]!r}, which the conversion doesn't build")

    def read_keys(self, est: Estimator, task: str, call, parent) -> None:
        """The evaluate() keys the program reads: literal keys, keys a for loop names, format fields."""
        keys = _KEYS.get(task, ()) + (_BINARY_KEYS if est.binary else ())

        def read(found: set[str] | None, what: str) -> None:
            wrong = (found & _KERAS_MISSING_KEYS if est.keras else found - set(keys)) if found is not None else None
            if found is None or wrong:
                shown = sorted(wrong)[0] if wrong else what
                reports = "its compiled loss and metrics under TF2 names" if est.keras else ", ".join(keys)
                raise Refused(f"evaluate()[{shown!r}]: the Keras model reports only {reports}")
            est.read_keys.update(found)

        def use(node) -> None:
            holder = self.parents.get(node)
            if isinstance(holder, cst.Subscript) and holder.value is node and len(holder.slice) == 1 \
                    and isinstance(holder.slice[0].slice, cst.Index):
                read(self.key_values(holder.slice[0].slice.value), _code(holder.slice[0].slice.value))
            elif isinstance(holder, cst.Arg) and holder.star == "**" and self.format_fields(holder) is not None:
                read(self.format_fields(holder), "**")
            elif not self.printed(node):
                raise Refused("the evaluate() result is used other than by its keys or print()")

        if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
            for ref in self.references_to(parent.targets[0].target):
                use(ref)
        elif not isinstance(parent, cst.Expr):
            use(call)

    def key_values(self, expr) -> set[str] | None:
        """``"accuracy"`` -> {"accuracy"}; ``key`` from ``for key in ("loss", "auc")`` -> both; else None."""
        if _string(expr) is not None:
            return {_string(expr)}
        if isinstance(expr, cst.Name):
            reference = self.resolver.references.get(id(expr))
            bindings = self.resolver.lookup(expr.value, reference.scope) if reference else []
            loop = self.parents.get(bindings[0][1]) if len(bindings) == 1 else None
            if isinstance(loop, cst.For) and loop.target is bindings[0][1] and isinstance(loop.iter, (cst.List, cst.Tuple)):
                values = {_string(e.value) for e in loop.iter.elements}
                return None if None in values else values
        return None

    def format_fields(self, arg: cst.Arg) -> set[str] | None:
        """``"{loss:.4f}".format(**result)``: the fields the literal format string reads."""
        call = self.parents.get(arg)
        func = call.func if isinstance(call, cst.Call) else None
        if not (isinstance(func, cst.Attribute) and func.attr.value == "format" and _string(func.value) is not None):
            return None
        try:
            return {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(_string(func.value)) if f}
        except ValueError:
            return None

    def printed(self, node) -> bool:
        arg = self.parents.get(node)
        call = self.parents.get(arg)
        return isinstance(arg, cst.Arg) and isinstance(call, cst.Call) and isinstance(call.func, cst.Name) \
            and call.func.value == "print"

    def input_fn(self, est: Estimator, expr) -> dict:
        statement = None
        if isinstance(expr, cst.Name):
            target, value = self.single_binding(expr)
            for ref in self.references_to(target):
                arg = self.parents.get(ref)
                if not (isinstance(arg, cst.Arg) and arg.keyword and arg.keyword.value == "input_fn"):
                    raise Refused(f"{expr.value} is used other than as input_fn=")
            statement = self.statement_of(target)
            if statement is None or len(statement.body) != 1:
                raise Refused(f"{expr.value} is not assigned in a statement of its own")
            expr = value
        if self.symbol_of_call(expr) not in INPUT_FNS:
            raise Refused("the input_fn is not a numpy_input_fn (write a tf.data.Dataset and pass it to fit)")
        bound = _calls.bind(expr, NUMPY_INPUT_FN)
        if bound is None or "x" not in bound or "shuffle" not in bound:
            raise Refused("numpy_input_fn arguments can't be matched (x and shuffle are needed)")
        x, shuffle = bound["x"].value, bound["shuffle"].value
        if isinstance(x, cst.Dict):
            if any(_string(getattr(e, "key", None)) is None for e in x.elements):
                raise Refused("numpy_input_fn x is a dict literal with non-literal keys")
            given = {_string(e.key): e.value for e in x.elements}
            missing = sorted({c.key for c in est.dense} - set(given))
            if missing:
                raise Refused(f"numpy_input_fn x has no {', '.join(missing)}")
        elif isinstance(x, (cst.Call, cst.Name, cst.Attribute, cst.Subscript)):
            given = x  # a dict at run time (numpy_input_fn accepts nothing else with feature columns)
        else:
            raise Refused(f"numpy_input_fn x is {_code(x)}")
        if not (isinstance(shuffle, cst.Name) and shuffle.value in ("True", "False")):
            raise Refused("shuffle is not True/False")
        epochs = bound["num_epochs"].value if "num_epochs" in bound else cst.Integer("1")
        if isinstance(epochs, cst.Name) and epochs.value == "None":
            repeat = "forever"
        elif isinstance(epochs, cst.Integer):
            repeat = int(epochs.value)
        else:
            raise Refused("num_epochs is not None or an integer literal")
        return {"x": given, "call_x": x, "y": bound["y"].value if "y" in bound else None, "shuffle": shuffle.value == "True", "repeat": repeat,
                "batch": bound["batch_size"].value if "batch_size" in bound else cst.Integer(NUMPY_INPUT_DEFAULTS["batch_size"]),
                "capacity": bound["queue_capacity"].value if "queue_capacity" in bound
                else cst.Integer(NUMPY_INPUT_DEFAULTS["queue_capacity"]),
                "statement": statement, "call": expr}

    def optimizer(self, est: Estimator, kind: str, given) -> cst.BaseExpression:
        name = "Adagrad" if kind == "dnn" else "Ftrl"
        if given is not None:
            symbol = self.symbol_of_call(given) or ""
            if symbol.startswith("keras.optimizers."):
                return given
            if symbol.startswith("train.") and symbol.endswith("Optimizer") and self.ctx is not None:
                from migrate.graph import keras_calls  # the graph pass's optimizer table (data/keras_map)

                converted = keras_calls.optimizer(given, symbol, self.ctx)
                if isinstance(converted, str):
                    raise Refused(converted)
                self.notes.extend(converted.notes)
                return converted.ctor
            if _string(given) not in _OPTIMIZERS:
                raise Refused(f"optimizer {_code(given)} is not a Keras optimizer or one of "
                              f"{', '.join(_OPTIMIZERS)} (RMSProp: v1 starts its mean square at 1, Keras at 0)")
            name = _string(given)
        cls, extra = _OPTIMIZERS[name]
        if est.v1 or kind == "linear":
            lr = str(ESTIMATOR_DEFAULTS[est.symbol.split(".")[-1]]["v1"][1])
        else:
            lr = _KERAS_DEFAULT_LR[name]
        kwargs = {"learning_rate": cst.Float(lr) if "." in lr else cst.Integer(lr)}
        if est.v1 and extra:
            key, _, value = extra.partition("=")
            kwargs[key] = cst.Float(value)
        return self.call(f"keras.optimizers.{cls}", [], kwargs)

    def loss(self, est: Estimator, task: str, outputs: int) -> cst.BaseExpression:
        kwargs = {}
        if task == "classifier":
            cls = "BinaryCrossentropy" if outputs == 1 else "SparseCategoricalCrossentropy"
            kwargs["from_logits"] = cst.Name("True")
        else:
            cls = "MeanSquaredError"
        if est.v1:
            kwargs["reduction"] = cst.SimpleString('"sum"')
        return self.call(f"keras.losses.{cls}", [], kwargs)

    def metrics(self, est: Estimator, task: str, outputs: int) -> list[cst.BaseExpression]:
        found = []
        name = {"name": cst.SimpleString('"accuracy"')}
        if task == "classifier":
            if outputs == 1:  # one logit: the estimator thresholds the logit at 0 (probability 0.5)
                found.append(self.call("keras.metrics.BinaryAccuracy", [], {**name, "threshold": cst.Float("0.0")}))
            else:
                found.append(self.call("keras.metrics.SparseCategoricalAccuracy", [], name))
        if est.binary and "auc" in est.read_keys:
            found.append(self.call("keras.metrics.AUC", [], {"from_logits": cst.Name("True"),
                                                             "name": cst.SimpleString('"auc"')}))
        for key, cls in (("precision", "Precision"), ("recall", "Recall")):
            if est.binary and key in est.read_keys:
                found.append(self.call(f"keras.metrics.{cls}", [], {"thresholds": cst.Float("0.0"),
                                                                     "name": cst.SimpleString(f'"{key}"')}))
        if "average_loss" in est.read_keys:
            average = {"name": cst.SimpleString('"average_loss"')}
            if task == "regressor":
                found.append(self.call("keras.metrics.MeanSquaredError", [], average))
            else:
                cls = "BinaryCrossentropy" if outputs == 1 else "SparseCategoricalCrossentropy"
                found.append(self.call(f"keras.metrics.{cls}", [], {"from_logits": cst.Name("True"), **average}))
        return found

    def dataset(self, est: Estimator, data: dict, task: str, with_labels: bool = True) -> cst.BaseExpression:
        if est.keras:  # the model's own inputs: one array, or the dict keyed by input names
            x = data["x"]
            features = next(iter(x.values())) if isinstance(x, dict) and len(x) == 1 else (
                data["call_x"] if isinstance(x, dict) else x)
        elif isinstance(data["x"], dict):
            # DenseFeatures concatenates the columns sorted by name (a numeric column's name is its key)
            parts = [c.dense(data["x"][c.key]) for c in sorted(est.dense, key=lambda c: c.name)]
            features = parts[0] if len(parts) == 1 else self.call(
                "concat", [cst.List([cst.Element(p) for p in parts])], {"axis": cst.Integer("1")})
        else:  # a dict computed at run time: the helper reads the columns out of it
            if len(est.columns) != len(est.dense):
                raise Refused("bucketized/indicator columns read from a feature dict computed at run time")
            self.uses_helper = True
            widths = cst.Dict([cst.DictElement(cst.SimpleString(f'"{k}"'), cst.Integer(str(w)))
                               for k, w in sorted(est.columns.items())])
            features = cst.Call(cst.Name(self.helper_name), [cst.Arg(data["x"]), cst.Arg(widths)])
        labels = data["y"]
        column = cst.List([cst.Element(_MINUS_ONE), cst.Element(cst.Integer("1"))])
        if not with_labels:
            pass
        elif task == "regressor":  # the regression head casts labels to float32, shaped [batch, 1]
            labels = self.call("reshape", [self.call("cast", [labels, self.ref("float32")], {}), column], {})
        elif est.binary:  # one logit per example: Keras 3 wants labels of the same rank, as the head made them
            labels = self.call("reshape", [labels, column], {})
        slices = cst.Tuple([cst.Element(features), cst.Element(labels)]) if with_labels else features
        dataset = self.call("data.Dataset.from_tensor_slices", [slices], {})
        if data["shuffle"]:
            dataset = cst.Call(cst.Attribute(dataset, cst.Name("shuffle")), [cst.Arg(data["capacity"])])
        if data["repeat"] == "forever":
            dataset = cst.Call(cst.Attribute(dataset, cst.Name("repeat")), [])
        elif data["repeat"] != 1:
            dataset = cst.Call(cst.Attribute(dataset, cst.Name("repeat")), [cst.Arg(cst.Integer(str(data["repeat"])))])
        return cst.Call(cst.Attribute(dataset, cst.Name("batch")), [cst.Arg(data["batch"])])

    def use_edit(self, est: Estimator, use) -> dict[int, object]:
        method, call, bound, data = use
        task = est.task
        edits = {}
        dataset = self.dataset(est, data, task, with_labels=method != "predict")
        if data["statement"] is not None:
            statement = data["statement"]
            assign = statement.body[0]
            edits[id(statement)] = statement.with_changes(body=[assign.with_changes(value=dataset)])
            source = bound["input_fn"].value
        else:
            source = dataset
        if "steps" in bound:
            source = cst.Call(cst.Attribute(source, cst.Name("take")), [cst.Arg(bound["steps"].value)])
        func = call.func.with_changes(attr=cst.Name({"train": "fit"}.get(method, method)))
        args = [cst.Arg(source)]
        if method == "evaluate":
            args.append(_calls.keyword(cst.Arg(cst.Name("True")), "return_dict"))
        # Estimators logged through tf.logging (quiet by default); Keras would draw progress bars.
        args.append(_calls.keyword(cst.Arg(cst.Integer("0")), "verbose"))
        new_call = _calls.rebuild(call.with_changes(func=func, args=[]), args)
        edits[id(call)] = self.predictions(est, task, new_call) if method == "predict" else new_call
        return edits

    def predictions(self, est: Estimator, task: str, outputs: cst.Call) -> cst.GeneratorExp:
        """``est.predict(input_fn)`` yields one dict per example: the head's keys, from the model's logits."""
        row = cst.Name("logits")
        numpy = lambda expr: cst.Call(cst.Attribute(expr, cst.Name("numpy")), [])  # noqa: E731
        column = cst.List([cst.Element(cst.Integer("1"))])
        if task == "regressor":
            keys = {"predictions": row}
        elif est.binary:  # the binary head: class 1 when the logit is > 0, probabilities [1 - p, p]
            logistic = self.call("math.sigmoid", [row], {})
            ids = self.call("cast", [cst.Comparison(row, [cst.ComparisonTarget(cst.GreaterThan(), cst.Integer("0"))]),
                                     self.ref("int64")], {})
            keys = {"logits": row, "logistic": numpy(logistic),
                    "probabilities": numpy(self.call("concat", [cst.List([
                        cst.Element(cst.BinaryOperation(cst.Integer("1"), cst.Subtract(), logistic)),
                        cst.Element(logistic)])], {"axis": cst.Integer("0")})),
                    "class_ids": numpy(ids), "classes": numpy(self.call("strings.as_string", [ids], {}))}
        else:
            ids = self.call("reshape", [self.call("argmax", [row], {}), column], {})
            keys = {"logits": row, "probabilities": numpy(self.call("nn.softmax", [row], {})),
                    "class_ids": numpy(ids), "classes": numpy(self.call("strings.as_string", [ids], {}))}
        elements = [cst.DictElement(cst.SimpleString(f'"{k}"'), v) for k, v in keys.items()]
        return cst.GeneratorExp(cst.Dict(elements), cst.CompFor(target=row, iter=outputs))


class _StringLiterals(cst.CSTVisitor):
    """Every plain string literal's value in a module."""

    def __init__(self) -> None:
        self.found: set[str] = set()

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        try:
            self.found.add(node.evaluated_value)
        except Exception:  # bytes or odd prefixes: not a key anyone reads here
            pass

    @classmethod
    def of(cls, module: cst.Module) -> set[str]:
        visitor = cls()
        module.visit(visitor)
        return visitor.found


def _newline(extra: str) -> cst.ParenthesizedWhitespace:
    """A line break inside brackets, indented ``extra`` past the enclosing statement."""
    return cst.ParenthesizedWhitespace(first_line=cst.TrailingWhitespace(), indent=True,
                                       last_line=cst.SimpleWhitespace(extra))


def _one_per_line_list(items) -> cst.List:
    elements = [cst.Element(item, comma=cst.Comma(whitespace_after=_newline("    " if i < len(items) - 1 else "")))
                for i, item in enumerate(items)]
    return cst.List(elements, lbracket=cst.LeftSquareBracket(whitespace_after=_newline("    ")))


def _one_per_line_call(call: cst.Call) -> cst.Call:
    args = [arg.with_changes(comma=cst.Comma(whitespace_after=_newline("    " if i < len(call.args) - 1 else "")))
            for i, arg in enumerate(call.args)]
    return call.with_changes(args=args, whitespace_before_args=_newline("    "))


class _Apply(cst.CSTTransformer):
    """Replace nodes by identity of the nodes the planner saw."""

    def __init__(self, replacements: dict[int, object]) -> None:
        self.replacements = replacements

    def _swap(self, original, updated):
        new = self.replacements.get(id(original))
        if new is None:
            return updated
        if isinstance(new, list):
            return cst.FlattenSentinel(new)
        return new

    def on_leave(self, original_node, updated_node):
        return self._swap(original_node, updated_node)


def plan_module(module: cst.Module, dialect_v1: bool, ref, ctx=None) -> _Planner:
    planner = _Planner(module, dialect_v1, ref, ctx)
    planner.plan()
    return planner


class CannedEstimator(Rule):
    """``tf.estimator.DNNClassifier`` & co. fed by ``numpy_input_fn`` -> a compiled ``tf.keras.Sequential``.

    What maps to what (tensorflow-estimator 2.15 sources, measured in
    tests/ecosystem/test_numerics.py):

    - hidden_units -> ``Dense(u, activation="relu")`` (+ ``Dropout(rate)`` when
      ``dropout``), logits ``Dense(n_classes)`` — one logit when n_classes=2
      (sigmoid head); linear models: one ``Dense`` with zero-initialized kernel.
    - numeric feature columns -> the dict values cast to float32, reshaped to
      [-1, width] and concatenated in sorted key order (what DenseFeatures does).
    - TF1 class (TF1 file or ``tf.compat.v1.estimator``): Adagrad lr 0.05 / Ftrl
      lr 0.2, loss summed over the batch (``reduction="sum"``); the TF2 class:
      Adagrad at Keras' lr 0.001, loss averaged.
    - ``numpy_input_fn(x, y, batch_size=128, num_epochs=1, shuffle)`` ->
      ``Dataset.from_tensor_slices((x, y)).shuffle(queue_capacity).repeat(num_epochs).batch(batch_size)``;
      ``train(input_fn, steps)`` -> ``fit(ds.take(steps))`` (estimator steps are
      batches); ``evaluate`` -> ``evaluate(ds, return_dict=True)`` whose
      'accuracy' / 'loss' / 'average_loss' keys are the estimator's;
      ``predict`` -> a generator of per-example dicts built from
      ``model.predict(ds)`` (logits, probabilities, class_ids, classes as
      bytes; logistic for binary; predictions for regressors).

    A whole-program rule: it runs on the module before the reference rules.
    Refuses (finding, code left) anything else: other feature columns, input
    functions that aren't numpy_input_fn, export, config, weight columns,
    vocabularies, batch norm, RMSProp, other evaluate keys, shuffled predict
    inputs, reads of all_class_ids/all_classes.
    """

    code = "TFM260"
    family = "estimator"
    description = "Canned estimator + numpy_input_fn -> compiled Keras Sequential with fit/evaluate"
    safety = Safety.REVIEW  # same model, loss, optimizer and data stream; other random draws, no checkpoints
    program = True
    symbols = frozenset(CANNED)
    examples = (
        Example(
            'import tensorflow as tf\ncols = [tf.feature_column.numeric_column("x", shape=[4])]\n'
            'est = tf.estimator.DNNClassifier(hidden_units=[10], feature_columns=cols, n_classes=3)\n'
            'train_fn = tf.estimator.inputs.numpy_input_fn(x={"x": X}, y=Y, num_epochs=None, shuffle=True)\n'
            'est.train(input_fn=train_fn, steps=100)\n',
            'import tensorflow as tf\nest = tf.keras.Sequential([\n    tf.keras.layers.Dense(10, activation="relu"),\n'
            '    tf.keras.layers.Dense(3),\n])\nest.compile(\n    optimizer=tf.keras.optimizers.Adagrad(learning_rate=0.05, epsilon=0.0),\n'
            '    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum"),\n'
            '    metrics=[tf.keras.metrics.SparseCategoricalAccuracy(name="accuracy")],\n)\n'
            'train_fn = tf.data.Dataset.from_tensor_slices((tf.reshape(tf.cast(X, tf.float32), [-1, 4]), Y))'
            '.shuffle(1000).repeat().batch(128)\nest.fit(train_fn.take(100), verbose=0)\n',
            "TF1 iris tutorial: v1 defaults (Adagrad 0.05, summed loss)",
        ),
        Example(
            'import tensorflow as tf\nest = tf.estimator.LinearRegressor(feature_columns=[tf.feature_column.numeric_column("b"), '
            'tf.feature_column.numeric_column("a")])\n'
            'est.train(input_fn=tf.compat.v1.estimator.inputs.numpy_input_fn(x={"a": A, "b": B}, y=Y, shuffle=False))\n',
            'import tensorflow as tf\nest = tf.keras.Sequential([\n    tf.keras.layers.Dense(1, kernel_initializer="zeros"),\n])\n'
            'est.compile(\n    optimizer=tf.keras.optimizers.Ftrl(learning_rate=0.2),\n    loss=tf.keras.losses.MeanSquaredError(),\n)\n'
            'est.fit(tf.data.Dataset.from_tensor_slices((tf.concat([tf.reshape(tf.cast(A, tf.float32), [-1, 1]), '
            'tf.reshape(tf.cast(B, tf.float32), [-1, 1])], axis=1), tf.reshape(tf.cast(Y, tf.float32), [-1, 1]))).batch(128), verbose=0)\n',
            "TF2 code on the TF2 class: mean loss; columns concatenated in sorted key order",
        ),
        Example('import tensorflow as tf\nest = tf.estimator.DNNClassifier(hidden_units=[10], feature_columns=cols)\n'
                'est.train(input_fn=lambda: make_dataset(), steps=10)\n', None, "an input_fn that isn't numpy_input_fn"),
        Example('import tensorflow as tf\ncols = [tf.feature_column.numeric_column("x")]\n'
                'est = tf.estimator.DNNClassifier(hidden_units=[10], feature_columns=cols)\n'
                'p = est.predict(input_fn=tf.compat.v1.estimator.inputs.numpy_input_fn(x={"x": X}, shuffle=True))\n',
                None, "predict on shuffled input: reported"),
        Example('import tensorflow as tf\ncols = [tf.feature_column.categorical_column_with_identity("c", 3)]\n'
                'est = tf.estimator.LinearClassifier(feature_columns=cols)\n', None, "categorical columns: reported"),
        Example('from mylib import estimator\nest = estimator.DNNClassifier(hidden_units=[3])\n', None, "not TensorFlow"),
        Example("import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n", None,
                "already TF2"),
    )

    def on_module(self, module: cst.Module, ctx) -> cst.Module | None:
        if not any(symbol in CANNED or symbol == TO_ESTIMATOR for symbol in ctx.symbols.values()):
            return None
        planner = plan_module(module, ctx.dialect == "v1", ctx.ref, ctx)
        for node, symbol, converted, message in planner.outcomes:
            severity, text = _finding(symbol, converted, message, ctx.options.target)
            ctx.report(node, ModelToEstimator.code if symbol == TO_ESTIMATOR else self.code, severity, text,
                       fixed=converted)
        if not planner.replacements:
            return None
        module = module.visit(_Apply(planner.replacements))
        if ctx.codemod.scratch.get(AddImportsVisitor.CONTEXT_KEY):  # the reference pass re-parses: imports now
            module = AddImportsVisitor(ctx.codemod).transform_module(module)
        return module


def _finding(symbol: str, converted: bool, message: str, target: str) -> tuple[Severity, str]:
    if converted:
        return Severity.WARNING, message  # a new training setup: worth a look, as the notes say
    gone = target == "latest"
    recipe = ("use the Keras model itself: est.train(input_fn) -> model.fit(dataset), est.evaluate(input_fn) -> "
              "model.evaluate(dataset, return_dict=True), with the input_fn written as a tf.data.Dataset"
              if symbol == TO_ESTIMATOR else
              "a tf.keras.Sequential of Dense layers, compile(optimizer, loss, metrics), fit/evaluate on a tf.data.Dataset")
    return (Severity.ERROR if gone else Severity.WARNING,
            f"tf.{symbol} left as is ({'gone in TF >= 2.16' if gone else 'removed from TF >= 2.16'}): {message}; "
            f"TF2: {recipe}")




class InputFunction(Rule):
    """``tf.estimator.inputs.numpy_input_fn`` / ``pandas_input_fn`` that no conversion consumed.

    TF2: ``tf.data.Dataset.from_tensor_slices((features, labels))`` with
    ``.shuffle(queue_capacity)`` when shuffle=True, ``.repeat(num_epochs)``
    (``.repeat()`` for None) and ``.batch(batch_size)`` (defaults 128 / 1 / 1000),
    passed to ``model.fit``. Converted together with the canned estimator that
    reads it (TFM260); reported otherwise, with the recipe. On tf2.15 (which
    still has estimators but no ``tf.estimator.inputs``) with fallback on, the
    estimator that reads it keeps running: the call becomes
    ``tf.compat.v1.estimator.inputs.numpy_input_fn``, the same function.
    """

    code = "TFM261"
    family = "estimator"
    description = "Report estimator input functions with the tf.data recipe"
    symbols = frozenset({"estimator.inputs.numpy_input_fn", "estimator.inputs.pandas_input_fn"})
    examples = (
        Example("import tensorflow as tf\nfn = tf.estimator.inputs.numpy_input_fn(x={'x': X}, y=Y, shuffle=True)\n",
                "import tensorflow as tf\nfn = tf.compat.v1.estimator.inputs.numpy_input_fn(x={'x': X}, y=Y, shuffle=True)\n",
                "kept running on tf2.15 through tf.compat.v1, reported with the tf.data recipe"),
        Example("import tensorflow as tf\nfn = tf.compat.v1.estimator.inputs.numpy_input_fn(x={'x': X}, y=Y, shuffle=True)\n",
                None, "already spelled through tf.compat.v1"),
    )

    def on_call(self, original, updated, symbol, ctx):
        gone = ctx.options.target == "latest"
        kept = not gone and ctx.options.fallback and not ctx.compat_alias and not ctx.spelled_compat(original.func)
        recipe = ("TF2: tf.data.Dataset.from_tensor_slices((x, y)).shuffle(queue_capacity).repeat(num_epochs)"
                  ".batch(batch_size) passed to model.fit (defaults: batch_size 128, num_epochs 1 (None repeats "
                  "forever), queue_capacity 1000)")
        if kept:
            ctx.report(original, self.code, Severity.WARNING,
                       f"tf.{symbol} -> tf.compat.v1.{symbol} (TF 2.15 has estimators but no tf.estimator.inputs; "
                       f"both are gone in TF >= 2.16); {recipe}", fixed=True)
            return updated.with_changes(func=ctx.replace(original.func, ctx.ref(f"compat.v1.{symbol}")))
        if ctx.spelled_compat(original.func) and not gone:
            return None  # kept on purpose (by the line above, in an earlier run)
        ctx.report(original, self.code, Severity.ERROR if gone else Severity.WARNING,
                   f"tf.{symbol} feeds an estimator (gone in TF >= 2.16); {recipe}", fixed=False)
        return None


class EstimatorModelFn(Rule):
    """A custom ``tf.estimator.Estimator(model_fn=...)`` on tf2.15: its graph code keeps TF1-only symbols via ``tf.compat.v1``.

    TF1 pattern: a file that builds a custom estimator; its ``model_fn`` (and
    the input functions) run inside the graph the estimator builds, as in TF1.
    TF 2.15 still has ``tf.estimator``, so with fallback on (and
    ``--target tf2.15``) the file is treated like one kept in graph mode:
    TF1-only symbols (``tf.feature_column.input_layer``,
    ``tf.train.AdamOptimizer``, ``tf.metrics.accuracy``...) become their
    ``tf.compat.v1`` forms (TFM900 and the rules watching them), which are the
    same functions. Nothing is converted to Keras: TFM262 still reports the
    recipe, and on ``--target latest`` (no estimators) nothing changes. Leaves
    files without ``tf.estimator.Estimator``, files already in graph mode and
    ``--no-fallback`` alone.
    """

    code = "TFM272"
    family = "estimator"
    description = "Custom tf.estimator.Estimator files on tf2.15: TF1-only symbols in model_fn code -> tf.compat.v1"
    program = True
    symbols = frozenset({"estimator.Estimator"})
    examples = (
        Example("import tensorflow as tf\n\ndef model_fn(features, labels, mode):\n"
                "    net = tf.feature_column.input_layer(features, columns)\n    ...\n\n"
                "est = tf.estimator.Estimator(model_fn=model_fn)\n",
                "import tensorflow as tf\n\ndef model_fn(features, labels, mode):\n"
                "    net = tf.compat.v1.feature_column.input_layer(features, columns)\n    ...\n\n"
                "est = tf.estimator.Estimator(model_fn=model_fn)\n",
                "model_fn code runs in the estimator's graph"),
        Example("import tensorflow as tf\nnet = tf.feature_column.input_layer(features, columns)\n", None,
                "no custom estimator: reported by TFM900, not renamed"),
        Example("import tensorflow as tf\nmodel = tf.keras.Model(inputs, outputs)\n", None, "already TF2"),
    )

    def on_module(self, module, ctx):
        if (ctx.options.target == "latest" or not ctx.options.fallback or ctx.graph_mode or ctx.compat_alias
                or "estimator.Estimator" not in set(ctx.symbols.values())):
            return None
        ctx.graph_mode = True  # read by TFM900 and the rules that keep TF1-only symbols as tf.compat.v1
        ctx.report(module, self.code, Severity.INFO,
                   "a custom tf.estimator.Estimator runs its model_fn in a TF1 graph: TF1-only symbols are kept as "
                   "their tf.compat.v1 forms, so the file runs on TF 2.15 (estimators are gone in TF >= 2.16: "
                   "see TFM262 for the Keras recipe)", fixed=True)
        return None


_RECIPES = {
    "Estimator": "write the model_fn as a tf.keras.Model (layers created in __init__, the forward pass in call), "
                 "its TRAIN loss/optimizer as compile(...) or a tf.GradientTape train step, its eval_metric_ops as "
                 "Keras metrics, and the input_fn as a tf.data.Dataset given to fit/evaluate",
    "EstimatorSpec": "a Keras model returns predictions; loss and metrics go to compile(), the train_op is fit() "
                     "or a GradientTape step",
    "ModeKeys": "the mode becomes the training argument of model(x, training=...)",
    "RunConfig": "checkpoints: tf.keras.callbacks.ModelCheckpoint / BackupAndRestore; seeds: "
                 "tf.keras.utils.set_random_seed; devices: tf.distribute strategies",
    "TrainSpec": "model.fit(train_dataset, epochs=..., validation_data=eval_dataset)",
    "EvalSpec": "model.fit(..., validation_data=eval_dataset) or model.evaluate(eval_dataset)",
    "train_and_evaluate": "model.fit(train_dataset, validation_data=eval_dataset)",
    "export": "tf.saved_model.save(model, export_dir) / model.export(export_dir) (Keras 3)",
    "LoggingTensorHook": "a tf.keras.callbacks.LambdaCallback or print in a custom loop",
}
_OTHER_CANNED = "build the Keras model by hand (wide & deep: a functional model adding a linear and a DNN branch; " \
                "boosted trees: TensorFlow Decision Forests)"


class EstimatorAPI(Rule):
    """``tf.estimator.Estimator(model_fn=...)``, ``EstimatorSpec``, ``RunConfig``, ``train_and_evaluate``...

    Custom estimators hold a whole program in a ``model_fn`` (graph code per
    mode); there is no local, provably equal rewrite, so every reference is
    reported with the TF2 recipe: an error on ``--target latest`` (TF >= 2.16
    has no ``tf.estimator``), a warning on tf2.15 (it still runs there).
    Canned estimators and input functions are left to TFM260/TFM261.
    """

    code = "TFM262"
    family = "estimator"
    description = "Report custom-estimator APIs (Estimator, EstimatorSpec, RunConfig...) with the Keras recipe"
    symbols = frozenset({"estimator"})
    prefixes = ("estimator.",)
    examples = (
        Example("import tensorflow as tf\nest = tf.estimator.Estimator(model_fn=model_fn, model_dir=d)\n", None,
                "reported with the Keras recipe"),
        Example("import tensorflow as tf\ndef model_fn(features, labels, mode):\n"
                "    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=op)\n", None, "reported"),
        Example("import tensorflow as tf\nmodel = tf.keras.Model(inputs, outputs)\n", None, "already TF2"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        if symbol in CANNED or symbol.startswith("estimator.inputs."):
            return None
        parts = symbol.split(".")
        name = parts[1] if len(parts) > 1 else "estimator"
        recipe = _RECIPES.get(name) or (_OTHER_CANNED if name[:1].isupper() and name.endswith(
            ("Classifier", "Regressor", "Estimator")) else _RECIPES["Estimator"])
        gone = ctx.options.target == "latest"
        ctx.report(original, self.code, Severity.ERROR if gone else Severity.WARNING,
                   f"tf.{symbol}: estimators are {'gone in TF >= 2.16' if gone else 'removed from TF >= 2.16'}; "
                   f"TF2: {recipe}", fixed=False)
        return None


class ModelToEstimator(Rule):
    """``est = tf.keras.estimator.model_to_estimator(keras_model=model)``: the Keras model already is the TF2 object.

    TF2: ``est = model``; ``est.train(input_fn=numpy_input_fn(...), steps)`` ->
    ``est.fit(dataset.take(steps))``, ``est.evaluate(...)`` ->
    ``est.evaluate(dataset, return_dict=True)`` (the model's compiled loss and
    optimizer are what the estimator trained with). The work is done by the
    estimator module pass (TFM260's ``on_module``), which reports under this
    code: converted, or left with the reason (input functions that aren't
    numpy_input_fn, predict, keys TF2 Keras doesn't report, other arguments).
    """

    code = "TFM263"
    family = "estimator"
    description = "model_to_estimator -> the Keras model itself, train/evaluate -> fit/evaluate"
    safety = Safety.REVIEW
    symbols = frozenset({TO_ESTIMATOR})
    examples = (
        Example(
            "import tensorflow as tf\nest = tf.keras.estimator.model_to_estimator(keras_model=model)\n"
            "est.train(input_fn=tf.estimator.inputs.numpy_input_fn(x={'dense_input': X}, y=Y, num_epochs=2, shuffle=True))\n",
            "import tensorflow as tf\nest = model\n"
            "est.fit(tf.data.Dataset.from_tensor_slices((X, Y)).shuffle(1000).repeat(2).batch(128), verbose=0)\n",
        ),
        Example("import tensorflow as tf\nest = tf.keras.estimator.model_to_estimator(keras_model=model)\n"
                "est.train(input_fn=train_fn)\n", None, "an input_fn that isn't numpy_input_fn: reported"),
        Example("import tensorflow as tf\nmodel.fit(ds)\n", None, "already TF2"),
    )
