"""A custom ``tf.estimator.Estimator(model_fn=...)`` of the canonical shape -> a functional Keras model.

The model_fn is read as the three parts every TF1 tutorial gives it: the forward
pass up to the tensor the loss reads (-> a function of Keras layers, called once on
``tf.keras.Input``s shaped like the training data), the predictions computed from
that tensor (-> a function applied to ``model.predict``'s outputs), and the loss,
optimizer and ``eval_metric_ops`` of the TRAIN / EVAL branches (-> ``compile``).
Anything else refuses with the reason; TFM272/TFM262 then keep the estimator
running on tf2.15 and report the recipe.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import ParentNodeProvider

from migrate.data.ecosystem_map import FROM_LOGITS, LOSSES, NUMPY_INPUT_DEFAULTS, NUMPY_INPUT_FN
from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules.estimators import Refused, _Apply, _code, _one_per_line_call, _string

_ESTIMATOR = "estimator.Estimator"
_SPEC = "estimator.EstimatorSpec"
_GLOBAL_STEP = frozenset({"train.get_global_step", "train.get_or_create_global_step"})
_INPUT_FN = "estimator.inputs.numpy_input_fn"
# eval_metric_ops entries with a Keras metric of the same value: v1 metric -> (Keras class, what
# ``predictions`` must be: "class ids" = argmax of the model output over its last axis, "output" = the output).
_METRICS = {"metrics.accuracy": ("keras.metrics.SparseCategoricalAccuracy", "class ids"),
            "metrics.mean_squared_error": ("keras.metrics.MeanSquaredError", "output"),
            "metrics.root_mean_squared_error": ("keras.metrics.RootMeanSquaredError", "output"),
            "metrics.mean_absolute_error": ("keras.metrics.MeanAbsoluteError", "output")}
_MODEL_HELPER, _PREDICTIONS_HELPER = "keras_model_of", "estimator_predictions"


@dataclass
class _Plan:
    """What one model_fn becomes."""

    name: str  # the model_fn
    features: str  # its features parameter
    output: str  # the tensor the loss reads
    forward: list  # statements up to the output, layers converted
    predict: list  # statements computing the predictions from the output
    predictions: cst.BaseExpression  # what the PREDICT branch returned
    loss: cst.Call
    optimizer: cst.Call
    metrics: list[cst.Call] = field(default_factory=list)
    metric_names: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def _names_read(node: cst.CSTNode) -> set[str]:
    """Every plain name a node mentions, except attribute members and keyword names (conservative)."""
    found: set[str] = set()

    class _Visitor(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)
            return False

        def visit_Arg(self, node: cst.Arg) -> bool:
            node.value.visit(self)
            return False

        def visit_Name(self, node: cst.Name) -> None:
            found.add(node.value)

    node.visit(_Visitor())
    return found


def _bound(statement) -> set[str]:
    """Names a forward-pass statement binds (plain assignments and for-loop targets)."""
    names: set[str] = set()
    if isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    names |= _names_read(target.target)
    elif isinstance(statement, cst.For):
        names |= _names_read(statement.target)
        for inner in statement.body.body:
            names |= _bound(inner)
    return names


def _return_value(statement) -> cst.BaseExpression | None:
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    return small.value if isinstance(small, cst.Return) else None


def _assignment(statement) -> tuple[str, cst.BaseExpression] | None:
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        return small.targets[0].target.value, small.value
    return None


class _Planner:
    def __init__(self, module: cst.Module, ctx) -> None:
        self.ctx, self.module, self.names = ctx, module, ctx.names
        self.parents = ctx.metadata.resolve(ParentNodeProvider)
        self.replacements: dict[int, object] = {}
        self.outcomes: list[tuple[cst.CSTNode, bool, str]] = []
        self.helpers: set[str] = set()

    def symbol(self, node) -> str | None:
        if isinstance(node, cst.Call):
            node = node.func
        return self.ctx.symbols.get(id(node))

    def call(self, func: str, args=(), **kwargs) -> cst.Call:
        built = [cst.Arg(a) for a in args] + [_calls.keyword(cst.Arg(v), k) for k, v in kwargs.items()]
        return _calls.rebuild(cst.Call(self.ctx.ref(func), []), built)

    def statement_of(self, node):
        while node is not None and not isinstance(node, cst.SimpleStatementLine):
            node = self.parents.get(node)
        return node

    def definition(self, name: cst.Name):
        reference = self.names.references.get(id(name))
        bindings = self.names.lookup(name.value, reference.scope) if reference else []
        if len(bindings) != 1:
            raise Refused(f"{name.value} is not bound exactly once")
        return bindings[0][1]

    def references_to(self, target, name: str | None = None) -> list[cst.CSTNode]:
        """References (not the binding itself) that resolve to ``target``, a binding of ``name``."""
        name = name or target.value
        return [r.node for r in self.names.references.values() if r.base == name and r.node is not target
                and any(node is target for _, node in self.names.lookup(r.base, r.scope))]

    # -- the estimator -----------------------------------------------------------------------------

    def plan(self) -> None:
        for key, symbol in self.ctx.symbols.items():
            if symbol != _ESTIMATOR:
                continue
            node = self.names.references[key].node
            try:
                edits, summary = self.convert(self.ctx.calls.get(key))
            except Refused as why:
                self.outcomes.append((node, False, str(why)))
                continue
            self.replacements.update(edits)
            self.outcomes.append((node, True, summary))

    def convert(self, call: cst.Call | None):
        if call is None:
            raise Refused("tf.estimator.Estimator is not called where it is named")
        statement = self.statement_of(call)
        assign = _assignment(statement) if statement is not None else None
        if assign is None or assign[1] is not call:
            raise Refused("the estimator is not assigned to a plain name in its own statement")
        bound = _calls.bind(call, ("model_fn", "model_dir", "config", "params", "warm_start_from"))
        if bound is None or "model_fn" not in bound or set(bound) - {"model_fn", "model_dir"}:
            raise Refused("it passes more than model_fn and model_dir (config, params, warm starts)")
        fn = bound["model_fn"].value
        if not isinstance(fn, cst.Name):
            raise Refused("model_fn is not a function name")
        definition = self.definition(fn)
        definition = definition if isinstance(definition, cst.FunctionDef) else self.parents.get(definition)
        if not isinstance(definition, cst.FunctionDef) or not isinstance(self.parents.get(definition), cst.Module):
            raise Refused(f"{fn.value} is not a function defined at the top of this file")
        plan = self.model_fn(definition)
        if len(self.references_to(self.definition(fn), fn.value)) != 1:
            raise Refused(f"{fn.value} is used other than as this estimator's model_fn")
        edits: dict[int, object] = {id(statement): cst.RemoveFromParent()}
        predicts = self.uses(assign[0], statement, plan, edits)
        edits[id(definition)] = self.definitions(definition, plan, predicts)
        if "model_dir" in bound:
            plan.notes.append("model_dir checkpoints are no longer written or restored")
        summary = (f"tf.estimator.Estimator(model_fn={fn.value}) -> a functional tf.keras.Model of its forward pass "
                   f"({fn.value}), {fn.value}_predictions for its PREDICT outputs, compile(loss, optimizer, metrics) "
                   "from its TRAIN/EVAL branches, numpy_input_fn -> tf.data"
                   + "".join(f"; {note}" for note in plan.notes))
        return edits, summary

    # -- the model_fn ------------------------------------------------------------------------------

    def model_fn(self, fn: cst.FunctionDef) -> _Plan:
        params = fn.params
        if len(params.params) != 3 or params.star_arg is not cst.MaybeSentinel.DEFAULT and params.star_arg is not None \
                or params.kwonly_params or params.star_kwarg is not None:
            raise Refused(f"{fn.name.value} does not take exactly (features, labels, mode)")
        features, labels, mode = (p.name.value for p in params.params)
        body = list(fn.body.body)
        doc = body[:1] if body and isinstance(body[0], cst.SimpleStatementLine) and isinstance(
            body[0].body[0], cst.Expr) and isinstance(body[0].body[0].value, cst.SimpleString) else []
        body = body[len(doc):]
        branch = {self.mode_test(s, mode): i for i, s in enumerate(body) if isinstance(s, cst.If)}
        if set(branch) - {"PREDICT", "TRAIN", None} or "PREDICT" not in branch or "TRAIN" not in branch:
            raise Refused("the model_fn is not: forward pass, if PREDICT: return, loss, if TRAIN: return, "
                          "EVAL return")
        p, t = branch["PREDICT"], branch["TRAIN"]
        if None in branch or not p < t:
            raise Refused("the model_fn branches on something other than mode == PREDICT / TRAIN, in that order")
        predict_body = list(body[p].body.body)
        predictions = self.spec(predict_body[-1], {"predictions"}, mode)["predictions"]
        between = body[p + 1:t]
        loss_assign = _assignment(between[-1]) if between else None
        if len(between) != 1 or loss_assign is None:
            raise Refused("the loss is not one assignment between the PREDICT and TRAIN branches")
        loss_name, loss_call = loss_assign
        loss, output = self.loss(loss_call, labels)
        where = next((i for i in range(p - 1, -1, -1) if output in _bound(body[i])), None)
        if where is None:
            raise Refused(f"{output} is not computed before the PREDICT branch")
        forward, predict = body[:where + 1], body[where + 1:p] + predict_body[:-1]
        forward_names = set().union(*(_bound(s) for s in forward))
        for statement in forward:
            if {labels, loss_name} & _names_read(statement):
                raise Refused("the forward pass reads the labels")
        for statement in predict:
            if (_names_read(statement) & forward_names) - {output} or {labels, mode} & _names_read(statement):
                raise Refused(f"a prediction reads forward-pass values other than {output} (or labels/mode)")
        if (_names_read(predictions) & forward_names) - {output} - set().union(*(_bound(s) for s in predict)):
            raise Refused(f"the predictions read forward-pass values other than {output}")
        optimizer = self.train_branch(body[t], loss_name, mode)
        plan = _Plan(fn.name.value, features, output, [self.layers(s, mode, output) for s in forward], predict,
                     predictions, loss, optimizer)
        self.eval_branch(body[t + 1:], plan, labels, loss_name, mode, predict)
        for statement in plan.forward:
            if mode in _names_read(statement):
                raise Refused("the forward pass reads mode other than as a dropout/batch-norm training= flag")
        return plan

    def mode_test(self, statement: cst.If, mode: str) -> str | None:
        test = statement.test
        if statement.orelse is None and isinstance(test, cst.Comparison) and len(test.comparisons) == 1 \
                and isinstance(test.comparisons[0].operator, cst.Equal) and isinstance(test.left, cst.Name) \
                and test.left.value == mode:
            symbol = self.symbol(test.comparisons[0].comparator) or ""
            if symbol.startswith("estimator.ModeKeys."):
                return symbol.rsplit(".", 1)[1]
        return None

    def spec(self, statement, allowed: set[str], mode: str) -> dict[str, cst.BaseExpression]:
        value = _return_value(statement)
        bound = _calls.bind(value, ("mode", "predictions", "loss", "train_op", "eval_metric_ops", "export_outputs",
                                    "training_chief_hooks", "training_hooks", "scaffold", "evaluation_hooks",
                                    "prediction_hooks")) if self.symbol(value) == _SPEC else None
        if bound is None or not isinstance(bound.get("mode", cst.Arg(cst.Name("_"))).value, cst.Name) \
                or bound["mode"].value.value != mode or set(bound) - allowed - {"mode"}:
            raise Refused(f"a branch does not end in return tf.estimator.EstimatorSpec(mode, {', '.join(sorted(allowed))})")
        return {k: a.value for k, a in bound.items()}

    def loss(self, call, labels: str):
        symbol = self.symbol(call)
        if symbol not in LOSSES:
            raise Refused(f"the loss is {_code(call)}, not a tf.losses function with a Keras twin")
        keras, params, carried = LOSSES[symbol]
        bound = _calls.bind(call, params)
        if bound is None or set(bound) - set(params[:2]):
            raise Refused("the loss passes weights, a reduction or other arguments")
        target, output = (bound.get(params[0]), bound.get(params[1]))
        if not (target and isinstance(target.value, cst.Name) and target.value.value == labels
                and output and isinstance(output.value, cst.Name)):
            raise Refused(f"the loss is not {symbol}(labels, <forward-pass tensor>)")
        kwargs = {"from_logits": cst.Name("True")} if symbol in FROM_LOGITS else {}
        return self.call(keras, **kwargs), output.value.value

    def layers(self, statement, mode: str, output: str):
        """tf.layers calls -> Keras layers called on their inputs; ``training=mode == TRAIN`` -> Keras' own phase."""
        from migrate.graph import keras_calls  # the graph pass's layer table (data/keras_map)

        planner = self

        class _Layers(cst.CSTTransformer):
            def leave_Call(self, original, updated):
                symbol = planner.symbol(original) or ""
                if symbol == "reshape":
                    return planner.reshape(original, updated)
                if not symbol.startswith("layers."):
                    return updated
                phase = [a for a in original.args if a.keyword and a.keyword.value == "training"
                         and planner.is_training(a.value, mode)]
                converted = keras_calls.layer(original.with_changes(
                    args=[a for a in original.args if not any(a is p for p in phase)]), symbol, planner.ctx)
                if isinstance(converted, str) or converted.inputs is None:
                    raise Refused(converted if isinstance(converted, str) else f"tf.{symbol} is not applied to a tensor")
                if phase:  # training=mode == TRAIN: what Keras does itself in fit vs evaluate/predict
                    return cst.Call(converted.ctor, [cst.Arg(converted.inputs)])
                if any(not (isinstance(a.value, cst.Name) and a.value.value in ("True", "False"))
                       for a in converted.call_args):
                    raise Refused(f"tf.{symbol}'s training= is neither mode == ModeKeys.TRAIN nor a literal")
                return cst.Call(converted.ctor, [cst.Arg(converted.inputs), *converted.call_args])

        return statement.visit(_Layers())

    def reshape(self, original: cst.Call, updated: cst.Call):
        """``tf.reshape(x, [-1, ...])`` in the forward pass -> a Reshape layer (Keras 3 takes no TF ops on Inputs)."""
        bound = _calls.bind(updated, ("tensor", "shape", "name"))
        shape = bound.get("shape").value if bound and "shape" in bound and set(bound) <= {"tensor", "shape"} else None
        if not isinstance(shape, (cst.List, cst.Tuple)) or not shape.elements or _code(shape.elements[0].value) != "-1":
            raise Refused("a tf.reshape in the forward pass does not keep the batch dimension as -1")
        rest = cst.Tuple([cst.Element(e.value) for e in shape.elements[1:]]) if len(shape.elements) > 2 else \
            cst.Tuple([cst.Element(shape.elements[1].value, comma=cst.Comma())])
        return cst.Call(self.call("keras.layers.Reshape", [rest]), [cst.Arg(bound["tensor"].value)])

    def is_training(self, expr, mode: str) -> bool:
        return isinstance(expr, cst.Comparison) and len(expr.comparisons) == 1 and isinstance(expr.left, cst.Name) \
            and expr.left.value == mode and isinstance(expr.comparisons[0].operator, cst.Equal) \
            and self.symbol(expr.comparisons[0].comparator) == "estimator.ModeKeys.TRAIN"

    def train_branch(self, branch: cst.If, loss: str, mode: str) -> cst.Call:
        """global_step, an optional decay, a tf.train optimizer, minimize(loss) -> the Keras optimizer."""
        from migrate.graph import keras_calls

        statements = list(branch.body.body)
        self.spec(statements[-1], {"loss", "train_op"}, mode)
        values: dict[str, cst.BaseExpression] = {}
        for statement in statements[:-1]:
            assign = _assignment(statement)
            if assign is None:
                raise Refused("the TRAIN branch has a statement that is not an assignment")
            values[assign[0]] = assign[1]
        steps = {n for n, v in values.items() if self.symbol(v) in _GLOBAL_STEP}
        minimize = [v for v in values.values() if isinstance(v, cst.Call) and isinstance(v.func, cst.Attribute)
                    and v.func.attr.value == "minimize"]
        if len(minimize) != 1 or not isinstance(minimize[0].func.value, (cst.Name, cst.Call)):
            raise Refused("the TRAIN branch does not make its train_op with one optimizer.minimize(loss)")
        bound = _calls.bind(minimize[0], ("loss", "global_step", "var_list"))
        step = bound.get("global_step") if bound else None
        if bound is None or _code(bound["loss"].value) != loss or set(bound) - {"loss", "global_step"} or (
                step is not None and not (self.symbol(step.value) in _GLOBAL_STEP or _code(step.value) in steps)):
            raise Refused("minimize() is not minimize(loss, global_step=the global step)")
        made = minimize[0].func.value  # the optimizer's variable, or its constructor called in place
        given = values.get(made.value) if isinstance(made, cst.Name) else made
        symbol = self.symbol(given) or ""
        if not symbol.startswith("train.") or not isinstance(given, cst.Call):
            raise Refused("the optimizer is not a tf.train optimizer made in the TRAIN branch")
        args = []
        for arg in given.args:  # a learning rate computed in the branch: its decay becomes a Keras schedule
            value = values.get(arg.value.value) if isinstance(arg.value, cst.Name) else None
            if value is not None:
                schedule = keras_calls.schedule(value, self.symbol(value) or "", self.ctx)
                if isinstance(schedule, str):
                    raise Refused(schedule)
                if _code(schedule.step) not in steps and self.symbol(schedule.step) not in _GLOBAL_STEP:
                    raise Refused("the learning-rate decay does not read the global step")
                arg = arg.with_changes(value=schedule.ctor)
            args.append(arg)
        converted = keras_calls.optimizer(given.with_changes(args=args), symbol, self.ctx)
        if isinstance(converted, str):
            raise Refused(converted)
        return converted.ctor

    def eval_branch(self, rest: list, plan: _Plan, labels: str, loss: str, mode: str, predict: list) -> None:
        if not rest:
            raise Refused("the model_fn has no EVAL return")
        values = {}
        for statement in rest[:-1]:
            assign = _assignment(statement)
            if assign is None:
                raise Refused("the EVAL part has a statement that is not an assignment")
            values[assign[0]] = assign[1]
        spec = self.spec(rest[-1], {"loss", "eval_metric_ops"}, mode)
        metrics = spec.get("eval_metric_ops")
        if isinstance(metrics, cst.Name):
            metrics = values.get(metrics.value)
        if metrics is None:
            return
        if not isinstance(metrics, cst.Dict):
            raise Refused("eval_metric_ops is not a dict literal")
        known = {}
        for statement in predict:
            assign = _assignment(statement)
            if assign is not None:
                known[assign[0]] = assign[1]
        for element in metrics.elements:
            key, value = _string(getattr(element, "key", None)), getattr(element, "value", None)
            symbol = self.symbol(value)
            if key is None or symbol not in _METRICS:
                raise Refused(f"eval_metric_ops[{_code(element.key) if hasattr(element, 'key') else '**'}] has no "
                              "Keras metric of the same value")
            bound = _calls.bind(value, ("labels", "predictions", "weights"))
            keras, wants = _METRICS[symbol]
            if bound is None or set(bound) != {"labels", "predictions"} or _code(bound["labels"].value) != labels \
                    or self.predicted(bound["predictions"].value, known, plan.output) != wants:
                raise Refused(f"eval_metric_ops[{key!r}] is not {symbol}(labels, <{wants} of {plan.output}>)")
            plan.metrics.append(self.call(keras, name=cst.SimpleString(repr(key))))
            plan.metric_names.add(key)

    def predicted(self, expr, known: dict, output: str) -> str | None:
        """What a metric's predictions are: "output", "class ids" (argmax over the last axis), or None."""
        for _ in range(3):  # predicted_classes = argmax(...); predictions = {"classes": predicted_classes}
            if isinstance(expr, cst.Name) and expr.value in known:
                expr = known[expr.value]
            elif isinstance(expr, cst.Subscript) and isinstance(expr.value, cst.Name) \
                    and isinstance(known.get(expr.value.value), cst.Dict) and len(expr.slice) == 1:
                key = _string(expr.slice[0].slice.value) if isinstance(expr.slice[0].slice, cst.Index) else None
                expr = next((e.value for e in known[expr.value.value].elements
                             if _string(getattr(e, "key", None)) == key and key is not None), None)
        if isinstance(expr, cst.Name) and expr.value == output:
            return "output"
        if self.symbol(expr) == "argmax":
            bound = _calls.bind(expr, ("input", "axis", "name", "dimension", "output_type"))
            if bound and _code(bound["input"].value) == output and set(bound) <= {"input", "axis"} \
                    and _code(bound.get("axis", cst.Arg(cst.Integer("0"))).value) in ("1", "-1"):
                return "class ids"
        return None

    # -- the program around it ---------------------------------------------------------------------

    def definitions(self, fn: cst.FunctionDef, plan: _Plan, predicts: bool) -> list[cst.FunctionDef]:
        body = list(fn.body.body)
        doc = body[:1] if body and isinstance(body[0], cst.SimpleStatementLine) and isinstance(
            body[0].body[0], cst.Expr) and isinstance(body[0].body[0].value, cst.SimpleString) else []
        ret = lambda expr: cst.SimpleStatementLine([cst.Return(expr)])  # noqa: E731
        params = lambda name: cst.Parameters([cst.Param(cst.Name(name))])  # noqa: E731
        forward = fn.with_changes(params=params(plan.features),
                                  body=fn.body.with_changes(body=[*doc, *plan.forward, ret(cst.Name(plan.output))]))
        predictions = cst.FunctionDef(
            cst.Name(f"{plan.name}_predictions"), params(plan.output),
            fn.body.with_changes(body=[*plan.predict, ret(plan.predictions)]),
            leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
        return [forward, predictions] if predicts else [forward]

    def uses(self, name: str, statement, plan: _Plan, edits) -> bool:
        target = statement.body[0].targets[0].target
        block = self.parents.get(statement)
        body = list(getattr(block, "body", ()))
        order = {id(s): i for i, s in enumerate(body)}
        trained = None
        for ref in self.references_to(target):
            method = ref.attr.value if isinstance(ref, cst.Attribute) else None
            call = self.parents.get(ref)
            if method not in ("train", "evaluate", "predict") or not isinstance(call, cst.Call) or call.func is not ref:
                raise Refused(f"it uses {_code(ref)} (only train, evaluate and predict convert)")
            holder = self.statement_of(call)
            if id(holder) not in order or order[id(holder)] < order[id(statement)]:
                raise Refused(f"{name}.{method} is not in the estimator's own block, after it")
            params = {"train": ("input_fn", "hooks", "steps", "max_steps", "saving_listeners"),
                      "evaluate": ("input_fn", "steps", "hooks", "checkpoint_path", "name"),
                      "predict": ("input_fn", "predict_keys", "hooks", "checkpoint_path", "yield_single_examples")}
            bound = _calls.bind(call, params[method])
            if bound is not None and "hooks" in bound:
                self.drop_logging_hooks(bound.pop("hooks").value, edits, plan)
            if bound is None or "input_fn" not in bound or set(bound) - {"input_fn", "steps"} \
                    or (method == "predict" and "steps" in bound):
                raise Refused(f"{name}.{method} passes arguments other than input_fn and steps (hooks, max_steps...)")
            data = self.dataset(bound["input_fn"].value, edits, labels=method != "predict")
            if "steps" in bound:
                data = cst.Call(cst.Attribute(data, cst.Name("take")), [cst.Arg(bound["steps"].value)])
            if method == "train":
                if trained is not None or not isinstance(self.parents.get(call), cst.Expr):
                    raise Refused("the estimator is trained more than once, or train()'s result is used")
                trained = holder
                edits[id(holder)] = self.build(name, plan, bound["input_fn"].value, holder,
                                               self.keras(call, "fit", [data]))
            elif method == "evaluate":
                self.check_keys(call, plan)
                edits[id(call)] = self.keras(call, "evaluate", [data], return_dict=cst.Name("True"))
            else:
                self.helpers.add(_PREDICTIONS_HELPER)
                outputs = cst.Call(cst.Name(f"{plan.name}_predictions"), [cst.Arg(self.keras(call, "predict", [data]))])
                edits[id(call)] = cst.Call(cst.Name(_PREDICTIONS_HELPER), [cst.Arg(outputs)])
        if trained is None or any(order[id(self.statement_of(self.parents.get(r)))] < order[id(trained)]
                                  for r in self.references_to(target)):
            raise Refused("the estimator is not trained before it is evaluated or used to predict")
        return _PREDICTIONS_HELPER in self.helpers

    def drop_logging_hooks(self, hooks, edits, plan: _Plan) -> None:
        """``hooks=[h]`` with ``h = tf.train.LoggingTensorHook(tensors=d, ...)`` read nowhere else: the hook
        only wrote tensors to tf.logging at INFO, so it goes (with ``d`` when only the hook reads it)."""
        if not isinstance(hooks, (cst.List, cst.Tuple)):
            raise Refused("hooks= is not a list")
        for element in hooks.elements:
            if not isinstance(element.value, cst.Name):
                raise Refused("a hook is not a variable")
            target = self.definition(element.value)
            statement = self.statement_of(target)
            assign = _assignment(statement) if statement is not None else None
            if assign is None or self.symbol(assign[1]) != "train.LoggingTensorHook" \
                    or len(self.references_to(target)) != 1:
                raise Refused(f"hook {element.value.value} is not a LoggingTensorHook used only here")
            edits[id(statement)] = cst.RemoveFromParent()
            bound = _calls.bind(assign[1], ("tensors", "every_n_iter", "every_n_secs", "at_end", "formatter"))
            tensors = bound.get("tensors").value if bound and "tensors" in bound else None
            if isinstance(tensors, cst.Name):
                holder = self.definition(tensors)
                if len(self.references_to(holder)) == 1 and _assignment(self.statement_of(holder)) is not None:
                    edits[id(self.statement_of(holder))] = cst.RemoveFromParent()
        plan.notes.append("LoggingTensorHook dropped (it only logged tensors at INFO; a Keras callback can)")

    def build(self, name: str, plan: _Plan, data, holder, fit: cst.Call) -> list:
        self.helpers.add(_MODEL_HELPER)
        model = cst.Call(cst.Name(_MODEL_HELPER), [cst.Arg(cst.Name(plan.name)), cst.Arg(data)])
        compile_args = [_calls.keyword(cst.Arg(plan.optimizer), "optimizer"), _calls.keyword(cst.Arg(plan.loss), "loss")]
        if plan.metrics:
            compile_args.append(_calls.keyword(cst.Arg(cst.List([cst.Element(m) for m in plan.metrics])), "metrics"))
        compile_call = _calls.rebuild(cst.Call(_calls.dotted(f"{name}.compile"), []), compile_args)
        return [holder.with_changes(body=[cst.Assign([cst.AssignTarget(cst.Name(name))], model)]),
                cst.SimpleStatementLine([cst.Expr(_one_per_line_call(compile_call))]),
                cst.SimpleStatementLine([cst.Expr(fit)])]

    def keras(self, call: cst.Call, method: str, args, **kwargs) -> cst.Call:
        kwargs["verbose"] = cst.Integer("0")  # estimators logged through tf.logging; Keras would draw progress bars
        built = [cst.Arg(a) for a in args] + [_calls.keyword(cst.Arg(v), k) for k, v in kwargs.items()]
        return _calls.rebuild(call.with_changes(func=call.func.with_changes(attr=cst.Name(method)), args=[]), built)

    def dataset(self, expr, edits, labels: bool) -> cst.BaseExpression:
        """``name = numpy_input_fn(x={...}, y, batch_size, num_epochs, shuffle)`` -> ``name = tf.data`` pipeline."""
        if not isinstance(expr, cst.Name):
            raise Refused("input_fn is not a variable bound to numpy_input_fn(...)")
        target = self.definition(expr)
        statement = self.statement_of(target)
        assign = _assignment(statement) if statement is not None else None
        call = assign[1] if assign else None
        if self.symbol(call) != _INPUT_FN:
            raise Refused(f"{expr.value} is not a numpy_input_fn (write a tf.data.Dataset and pass it to fit)")
        for ref in self.references_to(target):
            arg = self.parents.get(ref)
            if not (isinstance(arg, cst.Arg) and arg.keyword and arg.keyword.value == "input_fn"):
                raise Refused(f"{expr.value} is used other than as input_fn=")
        bound = _calls.bind(call, NUMPY_INPUT_FN)
        if bound is None or set(bound) - {"x", "y", "batch_size", "num_epochs", "shuffle", "queue_capacity"} \
                or not isinstance(bound.get("x", cst.Arg(cst.Name("_"))).value, cst.Dict) or "shuffle" not in bound:
            raise Refused("numpy_input_fn is not numpy_input_fn(x={...}, y, batch_size, num_epochs, shuffle)")
        if labels and "y" not in bound:
            raise Refused(f"{expr.value} has no y")
        x = bound["x"].value
        slices = cst.Tuple([cst.Element(x), cst.Element(bound["y"].value)]) if "y" in bound else x
        data = self.call("data.Dataset.from_tensor_slices", [slices])
        method = lambda d, n, *a: cst.Call(cst.Attribute(d, cst.Name(n)), [cst.Arg(v) for v in a])  # noqa: E731
        shuffle = bound["shuffle"].value
        if not (isinstance(shuffle, cst.Name) and shuffle.value in ("True", "False")):
            raise Refused("shuffle is not True/False")
        if shuffle.value == "True":
            data = method(data, "shuffle", bound["queue_capacity"].value if "queue_capacity" in bound
                          else cst.Integer(NUMPY_INPUT_DEFAULTS["queue_capacity"]))
        epochs = bound["num_epochs"].value if "num_epochs" in bound else cst.Integer("1")
        if isinstance(epochs, cst.Name) and epochs.value == "None":
            data = method(data, "repeat")
        elif not isinstance(epochs, cst.Integer):
            raise Refused("num_epochs is not None or an integer literal")
        elif epochs.value != "1":
            data = method(data, "repeat", epochs)
        data = method(data, "batch", bound["batch_size"].value if "batch_size" in bound
                      else cst.Integer(NUMPY_INPUT_DEFAULTS["batch_size"]))
        edits[id(statement)] = statement.with_changes(body=[statement.body[0].with_changes(value=data)])
        return expr

    def check_keys(self, call: cst.Call, plan: _Plan) -> None:
        """evaluate()'s keys: Keras reports 'loss' and the metrics, not 'global_step'."""
        parent = self.parents.get(call)
        if isinstance(parent, cst.Expr):
            return
        if not (isinstance(parent, cst.Assign) and len(parent.targets) == 1
                and isinstance(parent.targets[0].target, cst.Name)):
            raise Refused("the evaluate() result is used other than through a variable")
        for ref in self.references_to(parent.targets[0].target):
            holder = self.parents.get(ref)
            key = (_string(holder.slice[0].slice.value) if isinstance(holder, cst.Subscript) and len(holder.slice) == 1
                   and isinstance(holder.slice[0].slice, cst.Index) else None)
            if key is None:
                plan.notes.append("evaluate()'s dict has no 'global_step' (Keras: optimizer.iterations)")
            elif key not in plan.metric_names | {"loss"}:
                raise Refused(f"evaluate()[{key!r}]: the Keras model reports only loss and the eval_metric_ops")

    def helper_definitions(self) -> list[cst.BaseStatement]:
        tf = _code(self.ctx.ref("keras")).rsplit(".", 1)[0]
        text = ""
        if _MODEL_HELPER in self.helpers:
            text += (f"def {_MODEL_HELPER}(forward, dataset):\n"
                     '    """A model_fn\'s forward pass as a Keras model on Inputs shaped like the dataset\'s features."""\n'
                     f"    inputs = {{key: {tf}.keras.Input(spec.shape[1:], dtype=spec.dtype, name=key)\n"
                     "              for key, spec in dataset.element_spec[0].items()}\n"
                     f"    return {tf}.keras.Model(inputs, forward(inputs))\n\n\n")
        if _PREDICTIONS_HELPER in self.helpers:
            text += (f"def {_PREDICTIONS_HELPER}(predictions):\n"
                     '    """One dict of numpy values per example, as Estimator.predict yielded them."""\n'
                     f"    arrays = {{key: {tf}.convert_to_tensor(value).numpy() for key, value in predictions.items()}}\n"
                     "    return (dict(zip(arrays, row)) for row in zip(*arrays.values()))\n")
        statements = list(cst.parse_module(text).body)
        statements[0] = statements[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
        return statements


class ModelFnEstimator(Rule):
    """``tf.estimator.Estimator(model_fn=f)`` with the tutorials' model_fn -> a compiled functional Keras model.

    TF1 pattern: ``f(features, labels, mode)`` = forward pass (``tf.layers``),
    ``if mode == PREDICT: return EstimatorSpec(mode, predictions=...)``,
    ``loss = tf.losses.X(labels, out)``, ``if mode == TRAIN:`` a tf.train
    optimizer (optionally a decayed learning rate) ``.minimize(loss,
    global_step)``, then ``EstimatorSpec(mode, loss, eval_metric_ops={...})``;
    data from ``numpy_input_fn``. TF2: ``f(features)`` of Keras layers
    (``training=mode == TRAIN`` is Keras' own training phase), built on
    ``tf.keras.Input``s shaped like the training dataset (``keras_model_of``),
    ``compile`` with the Keras loss (same mean reduction), the Keras optimizer
    (decay -> schedule on ``optimizer.iterations``, the global step) and metrics
    named as the ``eval_metric_ops`` keys; ``train(steps)`` -> ``fit(ds.take(steps))``,
    ``predict`` -> per-example dicts from ``f_predictions`` of the outputs.
    Refuses anything else (hooks, params, config, other metrics or losses,
    predictions reading more than the loss's tensor, several train calls).
    """

    code = "TFM274"
    family = "estimator"
    description = "Custom tf.estimator model_fn -> functional Keras model + compile/fit/evaluate/predict"
    safety = Safety.REVIEW  # same layers, loss, optimizer, schedule and batches; other random streams
    program = True
    symbols = frozenset({_ESTIMATOR})
    examples = (
        Example("import tensorflow as tf\nest = tf.estimator.Estimator(model_fn=model_fn, config=cfg)\n", None,
                "config: reported"),
        Example("from mylib import estimator\nest = estimator.Estimator(model_fn=f)\n", None, "not TensorFlow"),
        Example("import tensorflow as tf\nmodel = tf.keras.Model(inputs, outputs)\n", None, "already TF2"),
    )

    def on_module(self, module: cst.Module, ctx) -> cst.Module | None:
        if _ESTIMATOR not in set(ctx.symbols.values()):
            return None
        planner = _Planner(module, ctx)
        planner.plan()
        for node, converted, message in planner.outcomes:
            if converted:
                ctx.report(node, self.code, Severity.WARNING, message, fixed=True)
            else:
                gone = ctx.options.target == "latest"
                ctx.report(node, self.code, Severity.ERROR if gone else Severity.WARNING,
                           f"tf.estimator.Estimator left as is: {message}"
                           + ("; tf.estimator is gone in TF >= 2.16" if gone else ""), fixed=False)
        if not planner.replacements:
            return None
        if planner.helpers:
            from migrate.rules.contrib_learn import _after_header

            _after_header(module, planner.replacements, planner.helper_definitions())
        return module.visit(_Apply(planner.replacements))
