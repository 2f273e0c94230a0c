"""``tf.contrib.learn``: DNN estimators become compiled Keras models, the bundled iris data scikit-learn's.

contrib.learn is gone from TF 2 altogether (no ``tf.compat.v1`` form runs), so a
program using it runs only once it is converted. Defaults and data-feeding
semantics come from TF 1.15's sources (``migrate.data.ecosystem_map``,
``CONTRIB_LEARN_*``); anything the conversion can't prove stays with a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import ParentNodeProvider

from migrate.data.ecosystem_map import (CONTRIB_LEARN_DNN, CONTRIB_LEARN_IRIS_FIXES, CONTRIB_LEARN_KEYS,
                                        CONTRIB_LEARN_LR, CONTRIB_LEARN_OPTIMIZERS)
from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules.estimators import Refused, _Apply, _code, _number, _one_per_line_call, _one_per_line_list, _string

_COLUMN = "contrib.layers.real_valued_column"
_INFER = "contrib.learn.infer_real_valued_columns_from_input"
# Constructor parameters in TF 1.15's order (dnn.py); the ones past feature_columns are taken by keyword only.
_PARAMS = ("hidden_units", "feature_columns", "model_dir")
_UNDERSTOOD = frozenset({"hidden_units", "feature_columns", "model_dir", "n_classes", "optimizer",
                         "activation_fn", "dropout"})
_METHODS = {"fit": ("x", "y", "input_fn", "steps", "batch_size", "monitors", "max_steps"),
            "evaluate": ("x", "y", "input_fn", "feed_fn", "batch_size", "steps", "metrics", "name"),
            "predict": ("x", "input_fn", "batch_size", "outputs", "as_iterable")}
_ALLOWED = {"fit": {"x", "y", "input_fn", "steps", "batch_size"}, "evaluate": {"x", "y", "input_fn", "steps"},
            "predict": {"x", "input_fn", "as_iterable"}}
# TF names an input function may call: it then builds the same tensors eagerly in TF2.
_PLAIN_INPUT_TF = frozenset({"constant", "convert_to_tensor", "cast", "reshape", "stack", "concat", "expand_dims",
                             "float32", "float64", "int32", "int64"})
_HELPER = "input_fn_batch"


@dataclass
class _Estimator:
    name: str
    task: str  # "classifier" | "regressor"
    statement: cst.SimpleStatementLine
    call: cst.Call
    columns: str | None = None  # the variable now holding {key: width}; None: the features are one array
    outputs: int = 1
    notes: list[str] = field(default_factory=list)

    @property
    def label_column(self) -> bool:  # the regression / binary heads expand labels to [batch, 1]
        return self.outputs == 1


class _Planner:
    """Which contrib.learn DNN estimators of one module convert, and the node replacements that do it."""

    def __init__(self, module: cst.Module, ctx) -> None:
        self.ctx, self.module = ctx, module
        self.parents = ctx.metadata.resolve(ParentNodeProvider)
        self.names = ctx.names
        self.replacements: dict[int, object] = {}
        self.outcomes: list[tuple[cst.CSTNode, bool, str]] = []
        self.helper = False

    # -- name helpers --------------------------------------------------------------------------

    def symbol(self, expr) -> str | None:
        return self.ctx.symbols.get(id(expr.func)) if isinstance(expr, cst.Call) else None

    def binding(self, name: cst.Name):
        reference = self.names.references.get(id(name))
        bindings = self.names.lookup(name.value, reference.scope) if reference else []
        if len(bindings) != 1 or id(bindings[0][1]) not in self.names.assigned:
            raise Refused(f"{name.value} is not assigned exactly once")
        return bindings[0][1], self.names.assigned[id(bindings[0][1])]

    def references_to(self, target: cst.Name) -> list[cst.CSTNode]:
        return [r.node for r in self.names.references.values() if r.base == target.value
                and any(node is target for _, node in self.names.lookup(r.base, r.scope))]

    def statement_of(self, node):
        while node is not None and not isinstance(node, cst.SimpleStatementLine):
            node = self.parents.get(node)
        return node

    def own_statement(self, target: cst.Name) -> cst.SimpleStatementLine:
        statement = self.statement_of(target)
        if statement is None or len(statement.body) != 1 or not isinstance(statement.body[0], cst.Assign) \
                or len(statement.body[0].targets) != 1:
            raise Refused(f"{target.value} is not assigned in a statement of its own")
        return statement

    def call(self, func: str, args=(), **kwargs) -> cst.Call:
        built = [cst.Arg(a) for a in args] + [_calls.keyword(cst.Arg(v), k) for k, v in kwargs.items()]
        return _calls.rebuild(cst.Call(self.ctx.ref(func), []), built)

    # -- the pattern -----------------------------------------------------------------------------

    def plan(self) -> None:
        for key, symbol in self.ctx.symbols.items():
            if symbol not in CONTRIB_LEARN_DNN:
                continue
            node = self.names.references[key].node
            try:
                call = self.ctx.calls.get(key)
                if call is None:
                    raise Refused("it is not called where it is named")
                edits, summary = self.convert(call, CONTRIB_LEARN_DNN[symbol], symbol)
            except Refused as why:
                self.outcomes.append((node, False, f"tf.{symbol} left as is: {why}"))
                continue
            self.replacements.update(edits)
            self.outcomes.append((node, True, summary))

    def convert(self, call: cst.Call, task: str, symbol: str):
        statement = self.statement_of(call)
        assign = statement.body[0] if statement is not None and len(statement.body) == 1 else None
        if not (isinstance(assign, cst.Assign) and assign.value is call and len(assign.targets) == 1
                and isinstance(assign.targets[0].target, cst.Name)):
            raise Refused("the estimator is not assigned to a plain name in its own statement")
        est = _Estimator(assign.targets[0].target.value, task, statement, call)
        args = {}
        for i, arg in enumerate(call.args):
            if arg.star or (arg.keyword is None and i >= len(_PARAMS)):
                raise Refused("*args, or positional arguments past model_dir")
            args[arg.keyword.value if arg.keyword else _PARAMS[i]] = arg.value
        unknown = sorted(set(args) - _UNDERSTOOD)
        if unknown:
            raise Refused(f"it passes {', '.join(unknown)}, which the Keras model would not reproduce")
        if "feature_columns" not in args or "hidden_units" not in args:
            raise Refused("hidden_units and feature_columns are needed")
        edits: dict[int, object] = {}
        self.columns(est, args["feature_columns"], edits)
        if task == "classifier":
            n = args.get("n_classes", cst.Integer("2"))
            if not isinstance(n, cst.Integer) or int(n.value) < 2:
                raise Refused("n_classes is not an integer literal >= 2")
            est.outputs = 1 if int(n.value) == 2 else int(n.value)
        model = self.model(est, args)
        compile_call = _calls.rebuild(cst.Call(_calls.dotted(f"{est.name}.compile"), []), [
            _calls.keyword(cst.Arg(self.optimizer(args.get("optimizer"))), "optimizer"),
            _calls.keyword(cst.Arg(self.loss(est)), "loss"),
            *([_calls.keyword(cst.Arg(cst.List([cst.Element(self.accuracy(est))])), "metrics")]
              if task == "classifier" else [])])
        first = statement.with_changes(body=[assign.with_changes(value=model)])
        removed = self.removed_before(statement, edits)
        if removed is not None:  # the columns' comment ("# Build 3 layer DNN...") now heads the model
            first = first.with_changes(leading_lines=[*removed.leading_lines, *statement.leading_lines])
        edits[id(statement)] = [first,
                                cst.SimpleStatementLine([cst.Expr(_one_per_line_call(compile_call))])]
        self.uses(est, edits)
        if "model_dir" in args:
            est.notes.append("model_dir checkpoints are no longer written or restored")
        summary = (f"tf.{symbol} -> tf.keras.Sequential + compile/fit/evaluate/predict (Adagrad lr "
                   f"{CONTRIB_LEARN_LR} unless given, loss averaged over the batch, as contrib.learn did"
                   + "".join(f"; {note}" for note in est.notes) + ")")
        return edits, summary

    def removed_before(self, statement, edits):
        """The statement right before ``statement`` in its block, when this conversion removes it."""
        body = list(getattr(self.parents.get(statement), "body", ()))
        index = next((i for i, s in enumerate(body) if s is statement), 0)
        before = body[index - 1] if index > 0 else None
        return before if before is not None and isinstance(edits.get(id(before)), cst.RemovalSentinel) else None

    def columns(self, est: _Estimator, expr, edits) -> None:
        """``infer_real_valued_columns_from_input(x)`` / ``real_valued_column("", ...)``: the features are one
        array. Named ``real_valued_column(key, dimension)`` columns: the variable holding them becomes
        ``{key: width}`` (what the Keras side reads out of the feature dict)."""
        holder = None
        if isinstance(expr, cst.Name):
            holder, expr = self.binding(expr)
            for ref in self.references_to(holder):
                arg = self.parents.get(ref)
                if ref is not holder and not (isinstance(arg, cst.Arg) and arg.keyword
                                              and arg.keyword.value == "feature_columns"):
                    raise Refused(f"{holder.value} is used other than as feature_columns=")
        if self.symbol(expr) == _INFER:
            widths = None
        elif isinstance(expr, cst.ListComp) and self.symbol(expr.elt) == _COLUMN:
            key, width = self.column(expr.elt)
            loop = expr.for_in
            if not (isinstance(key, cst.Name) and isinstance(loop.target, cst.Name) and key.value == loop.target.value
                    and loop.inner_for_in is None and not loop.ifs):
                raise Refused("feature_columns is a comprehension that isn't real_valued_column(key) per key")
            widths = cst.DictComp(key, width, loop)
        elif isinstance(expr, (cst.List, cst.Tuple)) and expr.elements \
                and all(self.symbol(e.value) == _COLUMN for e in expr.elements):
            pairs = [self.column(e.value) for e in expr.elements]
            if len(pairs) == 1 and _string(pairs[0][0]) == "":
                widths = None  # contrib.learn reads non-dict features as the column with key ""
            elif any(_string(k) is None for k, _ in pairs):
                raise Refused("a real_valued_column key is not a string literal")
            else:
                widths = cst.Dict([cst.DictElement(k, w) for k, w in pairs])
        else:
            raise Refused("feature_columns are not real_valued_column / infer_real_valued_columns_from_input "
                          "(sparse, bucketized and embedding columns need Keras preprocessing layers)")
        statement = self.own_statement(holder) if holder is not None else None
        if widths is None:
            if statement is not None:
                edits[id(statement)] = cst.RemoveFromParent()
            return
        if statement is None:
            raise Refused("named feature columns are not bound to a variable")
        est.columns = holder.value
        edits[id(statement)] = statement.with_changes(body=[statement.body[0].with_changes(value=widths)])

    def column(self, call: cst.Call):
        bound = _calls.bind(call, ("column_name", "dimension", "default_value", "dtype", "normalizer"))
        if bound is None or "column_name" not in bound or set(bound) - {"column_name", "dimension"}:
            raise Refused("a real_valued_column sets a default, a dtype or a normalizer")
        width = bound["dimension"].value if "dimension" in bound else cst.Integer("1")
        if not isinstance(width, cst.Integer):
            raise Refused("a real_valued_column dimension is not an integer literal")
        return bound["column_name"].value, width

    def model(self, est: _Estimator, args) -> cst.Call:
        units = args["hidden_units"]
        if not isinstance(units, (cst.List, cst.Tuple)) or not units.elements:
            raise Refused("hidden_units is not a list literal")
        activation = args.get("activation_fn")
        if activation is None:
            activation = cst.SimpleString('"relu"')
        elif self.ctx.symbols.get(id(activation)) not in ("nn.relu", "nn.tanh", "nn.sigmoid"):
            raise Refused(f"activation_fn={_code(activation)} is not tf.nn.relu/tanh/sigmoid")
        dropout = args.get("dropout")
        if dropout is not None and _number(dropout) is None:
            raise Refused("dropout is not a number")
        layers = []
        for element in units.elements:
            layers.append(self.call("keras.layers.Dense", [element.value], activation=activation))
            if dropout is not None:  # contrib.layers.dropout(keep_prob=1 - dropout), in training only
                layers.append(self.call("keras.layers.Dropout", [dropout]))
        layers.append(self.call("keras.layers.Dense", [cst.Integer(str(est.outputs))]))
        return self.call("keras.Sequential", [_one_per_line_list(layers)])

    def optimizer(self, given) -> cst.Call:
        name = "Adagrad" if given is None else _string(given)
        if name not in CONTRIB_LEARN_OPTIMIZERS:
            raise Refused(f"optimizer {_code(given)} is not one of {', '.join(CONTRIB_LEARN_OPTIMIZERS)}")
        cls, extra = CONTRIB_LEARN_OPTIMIZERS[name]
        kwargs = {"learning_rate": cst.Float(str(CONTRIB_LEARN_LR))}
        if extra:
            key, _, value = extra.partition("=")
            kwargs[key] = cst.Float(value)
        return self.call(f"keras.optimizers.{cls}", **kwargs)

    def loss(self, est: _Estimator) -> cst.Call:
        if est.task == "regressor":
            return self.call("keras.losses.MeanSquaredError")
        cls = "BinaryCrossentropy" if est.outputs == 1 else "SparseCategoricalCrossentropy"
        return self.call(f"keras.losses.{cls}", from_logits=cst.Name("True"))

    def accuracy(self, est: _Estimator) -> cst.Call:
        name = cst.SimpleString('"accuracy"')
        if est.outputs == 1:  # the logistic head: class 1 when the logit is > 0
            return self.call("keras.metrics.BinaryAccuracy", name=name, threshold=cst.Float("0.0"))
        return self.call("keras.metrics.SparseCategoricalAccuracy", name=name)

    # -- fit / evaluate / predict ---------------------------------------------------------------

    def uses(self, est: _Estimator, edits) -> None:
        target = est.statement.body[0].targets[0].target
        references = [r for r in self.references_to(target) if r is not target]
        if not references:
            raise Refused("the estimator is never trained")
        for ref in references:
            method = ref.attr.value if isinstance(ref, cst.Attribute) else None
            call = self.parents.get(ref)
            if method not in _METHODS or not isinstance(call, cst.Call) or call.func is not ref:
                raise Refused(f"it uses {_code(ref)} (only fit, evaluate and predict calls convert)")
            bound = _calls.bind(call, _METHODS[method])
            if bound is None or set(bound) - _ALLOWED[method]:
                raise Refused(f"{est.name}.{method} passes arguments other than {', '.join(sorted(_ALLOWED[method]))}")
            edits[id(call)] = getattr(self, method)(est, call, {k: a.value for k, a in bound.items()})

    def fit(self, est: _Estimator, call: cst.Call, args) -> cst.Call:
        if not isinstance(self.parents.get(call), cst.Expr):
            raise Refused("the result of fit() is used")
        if "steps" not in args:
            raise Refused("fit() without steps trains until the input ends (never for these inputs)")
        steps = args["steps"]
        if "input_fn" in args:
            return self.keras_call(call, "fit", [self.taken(self.batches(est, args["input_fn"]), steps)])
        x, y = self.arrays(est, args)
        if "batch_size" in args:  # random batches of that size, a fresh permutation per epoch
            est.notes.append("fit(batch_size=...) -> shuffled tf.data batches (contrib's feeder drew them "
                             "with its own random stream)")
            data = self.call("data.Dataset.from_tensor_slices", [cst.Tuple([cst.Element(x), cst.Element(y)])])
            data = _method(_method(_method(data, "shuffle", cst.Call(cst.Name("len"), [cst.Arg(args["x"])])),
                                   "repeat"), "batch", args["batch_size"])
            return self.keras_call(call, "fit", [self.taken(data, steps)])
        # no batch_size: contrib.learn fed the whole array as the batch of every step
        return self.keras_call(call, "fit", [x, y], batch_size=cst.Call(cst.Name("len"), [cst.Arg(args["x"])]),
                               epochs=steps)

    def evaluate(self, est: _Estimator, call: cst.Call, args) -> cst.BaseExpression:
        self.check_keys(est, call)
        if "input_fn" in args:
            if "steps" not in args:
                raise Refused("evaluate() without steps on an input_fn of tensors never ends in TF1")
            return self.keras_call(call, "evaluate", [self.taken(self.batches(est, args["input_fn"]), args["steps"])],
                                   return_dict=cst.Name("True"))
        if "steps" in args:
            raise Refused("evaluate(x, y, steps=...)")
        x, y = self.arrays(est, args)
        return self.keras_call(call, "evaluate", [x, y], batch_size=cst.Call(cst.Name("len"), [cst.Arg(args["x"])]),
                               return_dict=cst.Name("True"))

    def predict(self, est: _Estimator, call: cst.Call, args) -> cst.BaseExpression:
        iterable = args.get("as_iterable", cst.Name("True"))
        if not (isinstance(iterable, cst.Name) and iterable.value in ("True", "False")):
            raise Refused("as_iterable is not True/False")
        if "input_fn" in args:
            est.notes.append("predict(input_fn) of constant tensors: one pass (TF1 yielded them again forever)")
            source = self.batches(est, args["input_fn"], labels=False)
        else:
            source = self.features(est, args["x"])
        outputs = self.keras_call(call, "predict", [source])
        if est.task == "regressor":
            values = _method(outputs, "reshape", _MINUS_ONE)
        elif est.outputs == 1:
            values = _method(self.call("cast", [cst.Comparison(outputs, [cst.ComparisonTarget(
                cst.GreaterThan(), cst.Integer("0"))]), self.ctx.ref("int64")]), "numpy")
            values = _method(values, "reshape", _MINUS_ONE)
        else:
            values = _method(self.call("argmax", [outputs], axis=cst.Integer("1")), "numpy")
        return cst.Call(cst.Name("iter"), [cst.Arg(values)]) if iterable.value == "True" else values

    def keras_call(self, call: cst.Call, method: str, args, **kwargs) -> cst.Call:
        # contrib.learn logged through tf.logging (quiet by default); Keras would draw progress bars.
        kwargs["verbose"] = cst.Integer("0")
        built = [cst.Arg(a) for a in args] + [_calls.keyword(cst.Arg(v), k) for k, v in kwargs.items()]
        return _calls.rebuild(call.with_changes(func=call.func.with_changes(attr=cst.Name(method)), args=[]), built)

    def taken(self, data, steps) -> cst.Call:
        return _method(_method(data, "repeat"), "take", steps)

    def arrays(self, est: _Estimator, args):
        if "x" not in args or "y" not in args:
            raise Refused("x without y (or an input_fn)")
        if est.columns is not None:
            raise Refused("x arrays with named feature columns")
        y = args["y"]
        if est.label_column:
            y = self.call("reshape", [y, cst.List([cst.Element(_MINUS_ONE), cst.Element(cst.Integer("1"))])])
        return self.features(est, args["x"]), y

    def features(self, est: _Estimator, x):
        if est.columns is not None:
            raise Refused("x arrays with named feature columns")
        return self.call("cast", [x, self.ctx.ref("float32")])

    def batches(self, est: _Estimator, input_fn, labels: bool = True) -> cst.Call:
        """``input_fn=lambda: f(a)`` / ``input_fn=f``: the tensors ``f`` returns, as one repeated batch."""
        if isinstance(input_fn, cst.Lambda) and not input_fn.params.params and not input_fn.params.kwonly_params \
                and not isinstance(input_fn.params.star_arg, cst.Param) and input_fn.params.star_kwarg is None:
            inputs = input_fn.body
        elif isinstance(input_fn, cst.Name):
            inputs = cst.Call(input_fn, [])
        else:
            raise Refused(f"input_fn={_code(input_fn)} is not a function or a lambda calling one")
        if not (isinstance(inputs, cst.Call) and isinstance(inputs.func, cst.Name)):
            raise Refused("the input_fn does not call a function of this file")
        self.check_plain(inputs.func)
        self.helper = True
        columns = cst.Name(est.columns) if est.columns is not None else cst.Name("None")
        kwargs = {"label_column": cst.Name("True")} if labels and est.label_column else {}
        built = [cst.Arg(inputs), cst.Arg(columns)] + [_calls.keyword(cst.Arg(v), k) for k, v in kwargs.items()]
        return cst.Call(cst.Name(_HELPER), built)

    def check_plain(self, func: cst.Name) -> None:
        """The input function builds tensors only from TF names that run the same eagerly."""
        target = next((node for _, node in self.names.lookup(func.value, self.names.references[id(func)].scope)), None) \
            if id(func) in self.names.references else None
        definition = self.parents.get(target) if isinstance(target, cst.Name) else target
        if not isinstance(definition, cst.FunctionDef):
            raise Refused(f"{func.value} is not a function defined in this file")
        for key, symbol in self.ctx.symbols.items():
            node = self.names.references[key].node
            if symbol not in _PLAIN_INPUT_TF and _inside(node, definition, self.parents):
                raise Refused(f"the input_fn {func.value} uses tf.{symbol} (queues and readers need tf.data)")

    def check_keys(self, est: _Estimator, call: cst.Call) -> None:
        keys = CONTRIB_LEARN_KEYS[est.task]
        parent = self.parents.get(call)
        if isinstance(parent, cst.Expr):
            return
        if not (isinstance(parent, cst.Assign) and len(parent.targets) == 1
                and isinstance(parent.targets[0].target, cst.Name)):
            raise Refused("the evaluate() result is used other than through a variable")
        for ref in self.references_to(parent.targets[0].target):
            holder = self.parents.get(ref)
            if ref is parent.targets[0].target:
                continue
            key = (_string(holder.slice[0].slice.value) if isinstance(holder, cst.Subscript) and len(holder.slice) == 1
                   and isinstance(holder.slice[0].slice, cst.Index) else None)
            if key not in keys:
                raise Refused(f"the evaluate() result is read other than by the keys {', '.join(keys)}")

    def helper_definition(self) -> cst.BaseStatement:
        tf = _code(self.ctx.ref("float32")).rsplit(".", 1)[0]
        (helper,) = cst.parse_module(
            f"def {_HELPER}(inputs, columns, label_column=False):\n"
            '    """The batch tf.contrib.learn read at every step: columns ({key: width}) as one matrix, sorted by key."""\n'
            "    features, labels = inputs if isinstance(inputs, tuple) else (inputs, None)\n"
            "    if columns is not None:\n"
            f"        features = {tf}.concat([{tf}.reshape({tf}.cast(features[key], {tf}.float32), [-1, columns[key]])\n"
            f"                              for key in sorted(columns)], axis=1)\n"
            "    if labels is None:\n"
            f"        return {tf}.data.Dataset.from_tensors(features)\n"
            "    if label_column:\n"
            f"        labels = {tf}.reshape(labels, [-1, 1])\n"
            f"    return {tf}.data.Dataset.from_tensors((features, labels))\n"
        ).body
        return helper.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])


_MINUS_ONE = cst.UnaryOperation(cst.Minus(), cst.Integer("1"))


def _method(expr, name: str, *args) -> cst.Call:
    return cst.Call(cst.Attribute(expr, cst.Name(name)), [cst.Arg(a) for a in args])


def _inside(node, ancestor, parents) -> bool:
    while node is not None:
        if node is ancestor:
            return True
        node = parents.get(node)
    return False


def _after_header(module: cst.Module, replacements: dict, statements: list) -> None:
    """Put ``statements`` after the leading docstring and imports."""
    count = 0
    for statement in module.body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        if not isinstance(small, (cst.Import, cst.ImportFrom)) and not (
                count == 0 and isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString)):
            break
        count += 1
    anchor = module.body[max(count - 1, 0)]
    replacements[id(anchor)] = [anchor, *statements] if count else [*statements, anchor]


class ContribLearnDNN(Rule):
    """``tf.contrib.learn.DNNClassifier`` / ``DNNRegressor`` -> a compiled ``tf.keras.Sequential``.

    TF1 (1.15's contrib.learn): Dense layers from ``hidden_units`` (ReLU), a
    logits layer (one logit when n_classes=2), Adagrad at lr 0.05, the loss
    averaged over the batch. ``fit(x, y, steps)`` fed the whole array as every
    step's batch -> ``fit(x, y, batch_size=len(x), epochs=steps)``;
    ``fit(input_fn=lambda: f(data), steps)`` read the tensors ``f`` returns at
    every step -> a one-batch ``tf.data.Dataset`` repeated ``steps`` times
    (``input_fn_batch``, written into the file); ``evaluate`` alike with
    ``return_dict=True`` ('loss', 'accuracy'); ``predict`` yields class ids /
    scores -> ``iter(...)`` over the Keras predictions. Feature columns:
    ``infer_real_valued_columns_from_input(x)`` (the array itself) or named
    ``real_valued_column(key, dimension)`` (their variable becomes
    ``{key: width}``, read in sorted key order). Refuses (finding, code left;
    contrib is gone from TF2, so it then fails there) other columns, config,
    monitors, max_steps, other evaluate keys, input functions that use queues.
    """

    code = "TFM250"
    family = "contrib"
    description = "tf.contrib.learn DNN estimators -> compiled Keras Sequential with fit/evaluate/predict"
    safety = Safety.REVIEW  # same model, loss, optimizer and batches; other random initial draws
    program = True
    symbols = frozenset(CONTRIB_LEARN_DNN)
    examples = (
        Example(
            "import tensorflow as tf\ncols = tf.contrib.learn.infer_real_valued_columns_from_input(x)\n"
            "est = tf.contrib.learn.DNNClassifier(feature_columns=cols, hidden_units=[10], n_classes=3)\n"
            "est.fit(x, y, steps=200)\np = list(est.predict(x_test, as_iterable=True))\n",
            "import tensorflow as tf\nest = tf.keras.Sequential([\n    tf.keras.layers.Dense(10, activation=\"relu\"),\n"
            "    tf.keras.layers.Dense(3),\n])\nest.compile(\n    optimizer=tf.keras.optimizers.Adagrad(learning_rate=0.05, "
            "epsilon=0.0),\n    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
            "    metrics=[tf.keras.metrics.SparseCategoricalAccuracy(name=\"accuracy\")],\n)\n"
            "est.fit(tf.cast(x, tf.float32), y, batch_size=len(x), epochs=200, verbose=0)\n"
            "p = list(iter(tf.argmax(est.predict(tf.cast(x_test, tf.float32), verbose=0), axis=1).numpy()))\n",
            "the iris tutorial: whole-array batches, class ids from predict",
        ),
        Example("import tensorflow as tf\ncols = [tf.contrib.layers.sparse_column_with_keys('c', ['a'])]\n"
                "est = tf.contrib.learn.DNNClassifier(feature_columns=cols, hidden_units=[10])\n"
                "est.fit(x, y, steps=10)\n", None, "sparse columns: reported"),
        Example("import tensorflow as tf\nest = tf.contrib.learn.DNNClassifier(feature_columns=c, hidden_units=[10])\n"
                "est.fit(x, y, steps=10, monitors=[m])\n", None, "monitors: reported"),
        Example("from mylib import learn\nest = learn.DNNClassifier(feature_columns=c, hidden_units=[10])\n", None,
                "not TensorFlow"),
        Example("import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n", None,
                "already TF2"),
    )

    def on_module(self, module: cst.Module, ctx) -> cst.Module | None:
        if not set(ctx.symbols.values()) & set(CONTRIB_LEARN_DNN):
            return None
        planner = _Planner(module, ctx)
        planner.plan()
        for node, converted, message in planner.outcomes:
            ctx.report(node, self.code, Severity.WARNING if converted else Severity.ERROR,
                       message if converted else f"{message}; TF2: a tf.keras.Sequential of Dense layers, "
                       "compile(optimizer, loss, metrics), fit/evaluate/predict", fixed=converted)
        if not planner.replacements:
            return None
        if planner.helper:
            _after_header(module, planner.replacements, [planner.helper_definition()])
        return module.visit(_Apply(planner.replacements))


class ContribLearnIris(Rule):
    """``tf.contrib.learn.datasets.load_dataset('iris')`` / ``load_iris()`` -> scikit-learn's iris, as TF1 had it.

    TF 1.x read a CSV bundled with TensorFlow; TF2 has none. scikit-learn
    ships the same 150 examples in the same order (``.data`` float64,
    ``.target`` int64, as TF1 gave), except two values it corrected from the
    UCI errata: ``load_iris()``, a short function written into the file, puts
    TF1's back. Other datasets (boston: scikit-learn removed it; mnist: TFM117)
    are left to their findings.
    """

    code = "TFM251"
    family = "contrib"
    description = "contrib.learn's bundled iris -> scikit-learn's, with TF1's two values"
    safety = Safety.SAFE
    program = True
    symbols = frozenset({"contrib.learn.datasets.load_dataset", "contrib.learn.datasets.load_iris",
                         "contrib.learn.datasets.base.load_iris"})
    examples = (
        Example("import tensorflow as tf\niris = tf.contrib.learn.datasets.load_dataset('iris')\n",
                "import tensorflow as tf\nimport sklearn.datasets\n\n\ndef load_iris():\n"
                '    """Iris as tf.contrib.learn.datasets bundled it: scikit-learn\'s, with two values as TF 1.x had them."""\n'
                "    iris = sklearn.datasets.load_iris()\n    iris.data[34, 3] = 0.1\n    iris.data[37, 1:3] = (3.1, 1.5)\n"
                "    return iris\niris = load_iris()\n"),
        Example("import tensorflow as tf\nd = tf.contrib.learn.datasets.load_dataset('boston')\n", None,
                "boston: scikit-learn no longer ships it (reported by TFM201)"),
        Example("from sklearn import datasets\niris = datasets.load_iris()\n", None, "already scikit-learn"),
    )

    def on_module(self, module: cst.Module, ctx) -> cst.Module | None:
        calls = []
        for key, symbol in ctx.symbols.items():
            call = ctx.calls.get(key)
            if symbol not in self.symbols or call is None:
                continue
            if symbol.endswith("load_dataset"):
                bound = _calls.bind(call, ("name", "size", "test_with_fake_data"))
                if bound is None or set(bound) != {"name"} or _string(bound["name"].value) != "iris":
                    continue
            elif call.args:
                continue
            calls.append(call)
        if not calls:
            return None
        name = "load_iris"
        if name in ctx.names.module_scope.bindings:
            for call in calls:
                ctx.report(call, self.code, Severity.ERROR, "the file binds load_iris already", fixed=False)
            return None
        for call in calls:
            ctx.report(call, self.code, Severity.INFO, "iris from scikit-learn, with the two values TF 1.x's "
                       "bundled iris.csv had (load_iris() written into the file)", fixed=True)
        fixes = "".join(f"    iris.data[{where}] = {value}\n" for where, value in CONTRIB_LEARN_IRIS_FIXES)
        (helper,) = cst.parse_module(
            f"def {name}():\n"
            '    """Iris as tf.contrib.learn.datasets bundled it: scikit-learn\'s, with two values as TF 1.x had them."""\n'
            f"    iris = sklearn.datasets.load_iris()\n{fixes}    return iris\n").body
        helper = helper.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
        replacements: dict[int, object] = {id(call): cst.Call(cst.Name(name), []) for call in calls}
        _after_header(module, replacements, [cst.SimpleStatementLine([cst.Import([cst.ImportAlias(
            _calls.dotted("sklearn.datasets"))])]), helper])
        return module.visit(_Apply(replacements))
