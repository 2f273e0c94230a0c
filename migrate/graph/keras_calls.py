"""Build the Keras objects that replace TF1 layer calls, RNN cells, optimizers and decays.

The graph -> eager pass hoists ``tf.layers.dense(x, 32)`` to a Keras layer
created once and called where the old call stood, turns
``tf.train.AdamOptimizer(...)`` into a Keras optimizer and a decay into a
Keras schedule. The pure functions here build those constructor calls; the
pass decides where they go. Each reads its row in ``migrate.data.keras_map``:
argument *expressions* are copied from the TF1 call (they are user code), names
are mapped, TF1 defaults that differ from Keras's are written out, and a TF1
argument the table does not classify makes the function refuse — it returns the
reason (a user-facing string) instead of a result. Nothing is dropped silently:
what changes is in ``notes``; ``exact=False`` marks a result that is the
idiomatic counterpart but not numerically identical.

``call`` must be the *original* node (symbols of nested calls, such as the
cells in a ``MultiRNNCell`` list or the ``tf.unstack`` fed to ``static_rnn``,
are resolved through ``ctx``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import libcst as cst

from migrate.data import keras_map
from migrate.data.keras_map import Spec
from migrate.engine.context import RuleContext, dotted


class _CallHelpers:
    """``migrate.rules._calls``, imported on first use: importing it at module level runs ``migrate.rules``'
    package init, whose ``eager`` -> ``graph.classes`` chain reads this module's tables before they exist
    (the import cycle broke ``from migrate.graph import keras_calls`` as a first import)."""

    def __getattr__(self, name):
        from migrate.rules import _calls as module

        return getattr(module, name)


_calls = _CallHelpers()


@dataclass(frozen=True)
class LayerCall:
    ctor: cst.Call  # e.g. tf.keras.layers.Dense(32, activation=tf.nn.relu, name="fc1")
    inputs: cst.BaseExpression | None  # the tensor the TF1 call applied the layer to (None: a class form)
    call_args: tuple[cst.Arg, ...] = ()  # call-time arguments, e.g. training=False where TF1 defaulted to inference
    notes: tuple[str, ...] = ()
    stem: str = "layer"  # suggested variable-name stem for the hoisted object
    exact: bool = True  # False: the idiomatic counterpart, not numerically identical (see notes)


@dataclass(frozen=True)
class OptimizerCall:
    ctor: cst.Call
    notes: tuple[str, ...] = ()
    exact: bool = True


@dataclass(frozen=True)
class ScheduleCall:
    ctor: cst.Call
    step: cst.BaseExpression | None  # the TF1 global_step argument (becomes optimizer.iterations)
    notes: tuple[str, ...] = ()
    exact: bool = True


@dataclass(frozen=True)
class CellCall:
    ctor: cst.Call
    notes: tuple[str, ...] = ()
    exact: bool = True


@dataclass(frozen=True)
class RnnCall:
    ctor: cst.Call  # tf.keras.layers.RNN(cell, return_sequences=True, return_state=True) or a Bidirectional
    inputs: cst.BaseExpression  # the batch-major [B, T, F] tensor
    # What the layer returns, for the caller to adapt to TF1's structure:
    #   "dynamic": [outputs [B, T, H], *state]            (TF1: outputs, state)
    #   "static": the same; TF1's list is tf.unstack(outputs, axis=1)
    #   "bidirectional_dynamic": [out_fw, out_bw, *state_fw, *state_bw]  (TF1: (out_fw, out_bw), (st_fw, st_bw))
    #   "static_bidirectional": [outputs [B, T, 2H], *state_fw, *state_bw]  (TF1: list of T, st_fw, st_bw)
    # A state is [h, c] for an LSTM cell (TF1: LSTMStateTuple(c, h)), one list per cell for a stack.
    outputs: str
    notes: tuple[str, ...] = ()
    exact: bool = True


LAYERS: frozenset[str] = frozenset(keras_map.LAYER_SPECS)
OPTIMIZERS: frozenset[str] = frozenset(keras_map.OPTIMIZER_SPECS) | frozenset(keras_map.OPTIMIZER_REFUSALS)
SCHEDULES: frozenset[str] = frozenset(keras_map.SCHEDULE_SPECS) | frozenset(keras_map.SCHEDULE_REFUSALS)
CELLS: frozenset[str] = (frozenset(keras_map.CELL_SPECS) | frozenset(keras_map.CELL_REFUSALS)
                         | {keras_map.STACK, "contrib.rnn.MultiRNNCell"})
RNNS: frozenset[str] = frozenset(keras_map.RNN_FUNCTIONS)

# Keras keywords where TF1's ``None`` means what Keras does by default: a literal None is left out.
_NONE_IS_DEFAULT = frozenset({
    "activation", "name", "kernel_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
    "kernel_constraint", "bias_constraint", "noise_shape", "seed", "embeddings_regularizer", "depthwise_initializer",
    "pointwise_initializer", "depthwise_regularizer", "pointwise_regularizer", "depthwise_constraint",
    "pointwise_constraint", "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint",
})
_WHY = {
    "reuse": "reuse= shares variables between calls; share one Keras layer object instead",
    "variables_collections": "variables_collections= files variables in graph collections, which Keras does not have",
    "outputs_collections": "outputs_collections= files outputs in graph collections, which Keras does not have",
    "normalizer_fn": "normalizer_fn= replaces the bias with a normalizer; apply that layer separately",
    "normalizer_params": "normalizer_params= belongs to normalizer_fn; apply that layer separately",
    "activation_fn": "activation_fn= after this layer: apply the activation separately",
    "state_is_tuple": "state_is_tuple=False (concatenated state) has no Keras form",
    "trainable": "Keras runs a BatchNormalization layer that is not trainable in inference mode (moving statistics), "
                 "where TF1 still normalized with batch statistics when training",
}


def display(symbol: str) -> str:
    return f"tf.{symbol}"


def source(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def literal(node: cst.BaseExpression):
    """The Python value of a literal expression (numbers, strings, None, tuples); ``...`` when not a literal."""
    try:
        return ast.literal_eval(source(node).strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return ...


def updates_in_place(args) -> bool:
    """``updates_collections=None``: contrib batch_norm updated its moving mean/variance in place, not in UPDATE_OPS."""
    return any(a.keyword is not None and a.keyword.value == "updates_collections" and literal(a.value) is None
               for a in args)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _kw(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value, keyword=cst.Name(name), equal=cst.AssignEqual(
        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))


def _expr(text: str, ctx: RuleContext) -> cst.BaseExpression:
    if text.startswith(keras_map.DEFAULT_ON):
        return ctx.ref(text[len(keras_map.DEFAULT_ON):])
    return cst.parse_expression(text)


def _float(value: float) -> cst.BaseExpression:
    text = repr(round(value, 12))
    return cst.parse_expression(text)


def _difference(one: cst.BaseExpression) -> cst.BaseExpression:
    """``1 - x``, folded when ``x`` is a number literal (``keep_prob=0.8`` -> ``0.2``)."""
    value = literal(one)
    if _number(value):
        return _float(1 - value)
    return cst.BinaryOperation(cst.Integer("1"), cst.Subtract(), _calls.parenthesize(one))


# dropout functions whose rate may be a tensor: (parameters, rate parameter, training parameter, its default)
DROPOUTS = {
    "contrib.layers.dropout": (("inputs", "keep_prob", "noise_shape", "is_training", "outputs_collections", "scope",
                                "seed"), "keep_prob", "is_training", "True"),
    "layers.dropout": (("inputs", "rate", "noise_shape", "seed", "training", "name"), "rate", "training", "False"),
}


def functional_dropout(call: cst.Call, symbol: str, tf: str) -> cst.BaseExpression | None:
    """A TF1 dropout layer call whose rate is computed (a model function's argument) -> ``tf.nn.dropout``.

    A Keras ``Dropout`` needs its rate when it is created; ``tf.nn.dropout`` takes a
    tensor rate. The TF1 layer ran ``nn.dropout`` when ``training`` held and passed
    the input through otherwise (``smart_cond``); the conditional expression does
    the same (AutoGraph makes it a ``tf.cond`` when the flag is a tensor).
    None when the call has arguments this does not map.
    """
    params, rate_param, training_param, default = DROPOUTS[symbol]
    bound = _calls.bind(call, params)
    if bound is None or "inputs" not in bound or rate_param not in bound:
        return None
    if set(bound) - {"inputs", rate_param, training_param, "noise_shape", "seed", "name", "scope"}:
        return None
    inputs = _calls.parenthesize(bound["inputs"].value)
    rate = bound[rate_param].value
    rate = _difference(rate) if rate_param == "keep_prob" else rate
    extra = "".join(f", {k}={source(bound[k].value).strip()}" for k in ("noise_shape", "seed") if k in bound)
    dropped = f"{tf}.nn.dropout({source(bound['inputs'].value).strip()}, rate={source(rate).strip()}{extra})"
    training = source(bound[training_param].value).strip() if training_param in bound else default
    if training == "True":
        return cst.parse_expression(dropped)
    if training == "False":
        return inputs
    return cst.parse_expression(f"({dropped} if {training} else {source(inputs).strip()})")


@dataclass
class _Build:
    """The Keras constructor being assembled: positional values, then keywords, in order."""

    positional: list[tuple[str, cst.BaseExpression]] = field(default_factory=list)
    keywords: dict[str, cst.BaseExpression | None] = field(default_factory=dict)  # None: given, left out
    inputs: cst.BaseExpression | None = None
    call_args: list[cst.Arg] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exact: bool = True

    def has(self, keyword: str) -> bool:
        return keyword in self.keywords or any(k == keyword for k, _ in self.positional)

    def args(self) -> list[cst.Arg]:
        args = [cst.Arg(value) for _, value in self.positional]
        return args + [_kw(k, v) for k, v in self.keywords.items() if v is not None]


def _bind(call: cst.Call, symbol: str, spec: Spec) -> dict[str, cst.Arg] | str:
    bound = _calls.bind(call, spec.params)
    if bound is not None:
        return bound
    if any(arg.star for arg in call.args):
        return f"{display(symbol)}: *args / **kwargs can't be mapped to Keras arguments statically"
    unknown = [a.keyword.value for a in call.args if a.keyword is not None and a.keyword.value not in spec.params]
    if unknown:
        return f"{display(symbol)}: unknown argument {unknown[0]}= (not in the TF1 signature this mapping knows)"
    return f"{display(symbol)}: more positional arguments than the TF1 signature has"


def _convert(call: cst.Call, symbol: str, spec: Spec, ctx: RuleContext) -> _Build | str:
    bound = _bind(call, symbol, spec)
    if isinstance(bound, str):
        return bound
    build = _Build(notes=list(spec.notes))
    hook = _HOOKS.get(spec.hook)
    handled = hook.params if hook else frozenset()
    mapped: dict[str, cst.BaseExpression] = {}  # Keras keyword -> value, in the TF1 call's order
    for param, arg in bound.items():
        value = arg.value
        if param == spec.inputs:
            build.inputs = value
        elif param in spec.call:
            build.call_args.append(_kw(spec.call[param][0], value))
        elif param in handled or param in spec.drop:
            continue
        elif param in spec.inert:
            if source(value).strip() not in spec.inert[param]:
                why = _WHY.get(param, "it has no Keras counterpart that is provably the same")
                return f"{display(symbol)}({param}={source(value).strip()}): {why}"
        elif param in spec.rename:
            mapped[spec.rename[param]] = value
        else:
            return f"{display(symbol)}({param}=...): no Keras counterpart that is provably the same"
    for param, (keyword, default) in spec.call.items():
        if param not in bound and spec.inputs is not None:
            build.call_args.append(_kw(keyword, _expr(default, ctx)))
    if spec.inputs is not None and build.inputs is None:
        return f"{display(symbol)}: the input tensor is missing"
    for keyword, value in mapped.items():
        build.keywords[keyword] = None if keyword in _NONE_IS_DEFAULT and literal(value) is None else value
    if hook:
        refusal = hook.fn(bound, build, symbol, ctx)
        if refusal:
            return refusal
    for keyword, text in spec.explicit.items():
        if not build.has(keyword):
            build.keywords[keyword] = _expr(text, ctx)
    _name_check(build)
    scope = bound.get("scope")
    if scope is not None and spec.rename.get("scope") == "name" and not isinstance(literal(scope.value), (str, type(None))):
        # a computed scope (a helper's parameter): the Keras name only labels the variables, and a constructor
        # created once can't read what the function computes
        build.keywords["name"] = None
        build.notes.append(f"scope={source(scope.value).strip()} dropped: a computed scope only named the variables "
                           "(Keras names its own)")
    positional = [spec.rename.get(p, p) for p in spec.positional]
    for keyword in positional:  # leading Keras parameters go first, positionally, as long as none is missing
        if keyword not in build.keywords or build.keywords[keyword] is None:
            break
        build.positional.append((keyword, build.keywords.pop(keyword)))
    return build


def _name_check(build: _Build) -> None:
    name = build.keywords.get("name")
    text = literal(name) if name is not None else None
    if isinstance(text, str) and "/" in text:
        build.keywords["name"] = None
        build.notes.append(f"name {text!r} dropped: Keras layer names can't contain '/'")


def _ctor(keras: str, build: _Build, ctx: RuleContext) -> cst.Call:
    if keras.startswith("tfa:"):
        ctx.add_import("tensorflow_addons", asname="tfa")
        func = dotted("tfa." + keras[4:])
    else:
        func = ctx.ref(keras)
    return cst.Call(func, build.args())


# --- value-level adjustments (``Spec.hook``) -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Hook:
    params: frozenset[str]  # TF1 params the hook maps itself
    fn: object


def _biases(bound, build, symbol, ctx):
    init = bound.get("biases_initializer")
    if init is not None:
        value = literal(init.value)
        if value is None:
            build.keywords["use_bias"] = cst.Name("False")
        elif isinstance(init.value, (cst.Call, cst.Attribute)):
            build.keywords["bias_initializer"] = init.value
        else:
            return (f"{display(symbol)}(biases_initializer={source(init.value).strip()}): when this is None TF1 "
                    "adds no bias at all; it can't be told statically whether it is")
    if "biases_regularizer" in bound:
        build.keywords["bias_regularizer"] = bound["biases_regularizer"].value
    return _data_format(bound, build, symbol)


def _data_format(bound, build, symbol):
    fmt = bound.get("data_format")
    if fmt is None:
        return None
    value = literal(fmt.value)
    if value in (None, "NHWC"):
        build.keywords["data_format"] = None
    elif value == "NCHW":
        build.keywords["data_format"] = cst.SimpleString('"channels_first"')
    else:
        return f"{display(symbol)}(data_format={source(fmt.value).strip()}): only the literals 'NHWC' and 'NCHW' map"
    return None


def _keep_prob(bound, build, symbol, ctx):
    keep = bound.get("keep_prob")
    if keep is not None:
        build.keywords["rate"] = _difference(keep.value)
        if not _number(literal(keep.value)):
            build.notes.append("keep_prob is not a number: Keras Dropout needs a Python float rate (a keep_prob "
                               "placeholder becomes the training= argument instead)")
    return None


def _batch_norm(bound, build, symbol, ctx):
    fmt = bound.get("data_format")
    if fmt is not None:
        value = literal(fmt.value)
        if value == "NCHW":
            build.keywords["axis"] = cst.Integer("1")
        elif value == "NHWC":
            build.keywords["axis"] = None
        else:
            return f"{display(symbol)}(data_format={source(fmt.value).strip()}): only the literals 'NHWC' and 'NCHW' map"
    for param, suffix in (("param_initializers", "_initializer"), ("param_regularizers", "_regularizer")):
        if param not in bound or literal(bound[param].value) is None:
            continue
        table = bound[param].value
        if not isinstance(table, cst.Dict) or not all(
            isinstance(e, cst.DictElement) and literal(e.key) in ("beta", "gamma", "moving_mean", "moving_variance")
            for e in table.elements
        ):
            return f"{display(symbol)}({param}=...): only a dict literal with beta/gamma/moving_mean/moving_variance keys maps"
        for element in table.elements:
            build.keywords[literal(element.key) + suffix] = element.value
    if "updates_collections" in bound and literal(bound["updates_collections"].value) is not None:
        build.notes.append("updates_collections: the moving averages are updated by the layer call itself")
    return None


def _layer_norm(bound, build, symbol, ctx):
    norm = literal(bound["begin_norm_axis"].value) if "begin_norm_axis" in bound else 1
    params = literal(bound["begin_params_axis"].value) if "begin_params_axis" in bound else -1
    if norm == -1 and params == -1:
        build.keywords["axis"] = cst.UnaryOperation(cst.Minus(), cst.Integer("1"))
        return None
    return (f"{display(symbol)}: TF1 normalizes over every axis from begin_norm_axis={norm} on, with parameters over "
            f"the axes from begin_params_axis={params}; Keras LayerNormalization(axis=-1, epsilon=1e-12) is the same "
            "only for 2-D inputs, and the input rank is not known here (pass begin_norm_axis=-1 to migrate)")


def _embed(bound, build, symbol, ctx):
    if "initializer" in bound and literal(bound["initializer"].value) is None:
        build.keywords.pop("embeddings_initializer", None)  # None: the explicit glorot_uniform default applies
    if "vocab_size" not in bound or "embed_dim" not in bound:
        return f"{display(symbol)}: vocab_size and embed_dim must be given"
    return None


def _momentum(bound, build, symbol, ctx):
    rate = bound.get("learning_rate")
    if rate is not None and not _number(literal(rate.value)):
        build.notes.append("exact for a constant learning rate; with a decaying one Keras SGD's velocity holds "
                           "already-scaled steps (v = m*v - lr_t*g) while TF1 scaled the whole accumulator by lr_t")
    return None


def _rmsprop(bound, build, symbol, ctx):
    build.exact = False  # the accumulator's start (see the notes)
    return None


def _weight_decay(bound, build, symbol, ctx):
    decay = bound.get("weight_decay")
    rate = bound["learning_rate"].value if "learning_rate" in bound else None
    if decay is None:
        return f"{display(symbol)}: weight_decay must be given"
    if rate is None:
        rate = cst.Float("0.001")  # contrib AdamW's default
        build.keywords["learning_rate"] = rate
    if not (_number(literal(rate)) or isinstance(rate, cst.Name)):
        return (f"{display(symbol)}(learning_rate={source(rate).strip()}): contrib decays w by weight_decay*w, Keras "
                "by learning_rate*weight_decay*w; the two agree only for a constant learning rate")
    if isinstance(rate, cst.Name):
        build.notes.append(f"exact while {rate.value} is a constant number (a schedule would scale the decay)")
    ratio = cst.BinaryOperation(_calls.parenthesize(decay.value), cst.Divide(), _calls.parenthesize(rate))
    build.keywords["weight_decay"] = ratio
    return None


def _addons_only(bound, build, symbol, ctx):
    if ctx.options.target == "latest":
        return (f"{display(symbol)}: only tensorflow-addons has LazyAdam (row-wise sparse updates); core Keras Adam "
                "also moves and decays rows absent from a sparse gradient, and --target latest has no addons")
    return None


def _natural_exp(bound, build, symbol, ctx):
    rate = bound.get("decay_rate")
    if rate is None:
        return f"{display(symbol)}: decay_rate must be given"
    ctx.add_import("math")
    build.keywords["decay_rate"] = cst.Call(dotted("math.exp"), [cst.Arg(
        cst.UnaryOperation(cst.Minus(), _calls.parenthesize(rate.value)))])
    return None


def _forget_bias(bound, build, symbol, ctx):
    bias = literal(bound["forget_bias"].value) if "forget_bias" in bound else 1.0
    if bias == 1:
        build.keywords["unit_forget_bias"] = cst.Name("True")
    elif bias == 0:
        build.keywords["unit_forget_bias"] = cst.Name("False")
    else:
        return (f"{display(symbol)}(forget_bias={source(bound['forget_bias'].value).strip()}): Keras can only start "
                "the forget bias at 1.0 (unit_forget_bias=True) or 0.0")
    return None


_HOOKS = {
    "biases": _Hook(frozenset({"biases_initializer", "biases_regularizer", "data_format"}), _biases),
    "data_format": _Hook(frozenset({"data_format"}), lambda bound, build, symbol, ctx: _data_format(bound, build, symbol)),
    "keep_prob": _Hook(frozenset({"keep_prob"}), _keep_prob),
    "batch_norm": _Hook(frozenset({"data_format", "param_initializers", "param_regularizers"}), _batch_norm),
    "layer_norm": _Hook(frozenset(), _layer_norm),
    "embed": _Hook(frozenset(), _embed),
    "momentum_note": _Hook(frozenset(), _momentum),
    "rmsprop": _Hook(frozenset(), _rmsprop),
    "weight_decay": _Hook(frozenset({"weight_decay"}), _weight_decay),
    "addons_only": _Hook(frozenset(), _addons_only),
    "natural_exp": _Hook(frozenset({"decay_rate"}), _natural_exp),
    "forget_bias": _Hook(frozenset({"forget_bias"}), _forget_bias),
}


# --- the API the graph pass calls ------------------------------------------------------------------------------------


def layer(call: cst.Call, symbol: str, ctx: RuleContext) -> LayerCall | str:
    """A TF1 layer function (or ``tf.layers`` class) call -> the Keras layer constructor and how to call it."""
    spec = keras_map.LAYER_SPECS.get(symbol)
    if spec is None:
        return f"{display(symbol)} is not a layer this table maps"
    call = _spread(call, symbol, ctx)
    if isinstance(call, str):
        return call
    call, unread = _unread_collections(call, spec, ctx)
    activated = _then_activation(call, symbol, spec, ctx)
    if activated is not None:
        return activated if isinstance(activated, str) else _noted(activated, unread)
    if "normalizer_fn" in spec.params:
        bound = _calls.bind(call, spec.params)
        if bound and "normalizer_fn" in bound and literal(bound["normalizer_fn"].value) is not None:
            result = _normalized(call, symbol, spec, bound, ctx)
            return result if isinstance(result, str) else _noted(result, unread)
    build = _convert(call, symbol, spec, ctx)
    if isinstance(build, str):
        return build
    build.notes += unread
    return _layer_result(build, symbol, spec, ctx)


def _then_activation(call: cst.Call, symbol: str, spec: Spec, ctx: RuleContext) -> LayerCall | str | None:
    """contrib ``batch_norm`` / ``layer_norm(..., activation_fn=f)`` -> ``Sequential([the normalizer, Activation(f)])``
    (contrib applied ``activation_fn`` to the normalized output); None when there is no activation to apply."""
    if symbol.rpartition(".")[2] not in _NORMALIZERS or symbol not in keras_map.CONTRIB_LAYERS:
        return None
    bound = _calls.bind(call, spec.params)
    if not bound or "activation_fn" not in bound or literal(bound["activation_fn"].value) is None:
        return None
    activation = bound["activation_fn"].value
    plain = layer(cst.Call(call.func, [_kw(p, a.value) for p, a in bound.items() if p != "activation_fn"]), symbol, ctx)
    if isinstance(plain, str):
        return plain
    ctor = cst.Call(ctx.ref("keras.Sequential"), [cst.Arg(cst.List([
        cst.Element(plain.ctor), cst.Element(cst.Call(ctx.ref("keras.layers.Activation"), [cst.Arg(activation)]))]))])
    notes = (f"activation_fn={source(activation).strip()}: applied after the normalizer, in one Sequential",
             *plain.notes)
    return LayerCall(ctor, plain.inputs, plain.call_args, notes, plain.stem, plain.exact)


def _noted(result: LayerCall, notes: list[str]) -> LayerCall:
    return LayerCall(result.ctor, result.inputs, result.call_args, result.notes + tuple(notes), result.stem,
                     result.exact)


# reading a graph collection back: where outputs_collections= could matter
_COLLECTION_READERS = frozenset({"get_collection", "get_collection_ref", "contrib.layers.summarize_activations",
                                 "contrib.layers.summarize_collection", "contrib.layers.summarize_tensors",
                                 "contrib.layers.summaries.summarize_activations",
                                 "contrib.framework.get_variables_by_name", "contrib.slim.get_variables",
                                 "contrib.framework.get_variables", "contrib.slim.get_model_variables",
                                 "contrib.framework.get_model_variables", "Graph.get_collection",
                                 "contrib.layers.utils.convert_collection_to_dict"})


def _unread_collections(call: cst.Call, spec: Spec, ctx: RuleContext) -> tuple[cst.Call, list[str]]:
    """``outputs_collections=`` / ``variables_collections=`` dropped when the file never reads a collection back
    (no ``get_collection`` or contrib summarize/get-variables call): filing into a collection nobody reads changes
    nothing. Unchanged otherwise (the spec then refuses a value other than None)."""
    params = {"outputs_collections", "variables_collections"} & set(spec.params)
    bound = _calls.bind(call, spec.params) if params else None
    given = [p for p in params if bound and p in bound and literal(bound[p].value) is not None]
    if not given or set(ctx.symbols.values()) & _COLLECTION_READERS or any(
            s.endswith(".get_collection") for s in ctx.symbols.values()):
        return call, []
    args = [arg for arg in call.args if not any(bound[p] is arg for p in given)]
    notes = [f"{p}= dropped: this file never reads a graph collection back (Keras has none)" for p in sorted(given)]
    return call.with_changes(args=args), notes


def _layer_result(build: _Build, symbol: str, spec: Spec, ctx: RuleContext) -> LayerCall:
    if spec.inputs is None and symbol.endswith(("Dropout", "BatchNormalization")):
        build.notes.append("TF1's layer object defaults to training=False when called; pass training= explicitly")
    return LayerCall(_ctor(spec.keras, build, ctx), build.inputs, tuple(build.call_args), tuple(build.notes),
                     spec.stem, build.exact)


def _normalizer_params(value: cst.BaseExpression | None, ctx: RuleContext) -> list[cst.Arg] | str:
    """The keyword arguments a ``normalizer_params=`` dict stands for: a dict literal with string keys, ``dict(k=v)``,
    or a module-level name bound once to one of those; a reason otherwise."""
    if value is None or literal(value) is None:
        return []
    if isinstance(value, cst.Name):
        bindings = {id(node): node for ref in _same_references(value, ctx)
                    for node in [b for _, b in ctx.names.base_bindings(ref)] or [None]}
        only = next(iter(bindings.values())) if len(bindings) == 1 else None
        bound = ctx.assigned.get(id(only)) if only is not None else None
        if bound is None:
            return (f"normalizer_params={value.value}: the name is not bound once to a dict the conversion can read")
        from migrate.graph import idiom  # what counts as TF1-only is the idiomatic check's judgement

        tf_refs: set[str] = set()
        for node in _references_in(bound):
            if ctx.symbol(node):
                idiom._judge("tensorflow." + ctx.symbol(node), tf_refs)
        tf_refs = sorted(tf_refs)
        if tf_refs:  # the statement binding the dict stays in the program, where TF1 names would not run
            return (f"normalizer_params={value.value}: its dict reads {', '.join(tf_refs)}; the statement that binds "
                    "it would be left in the converted code (write the dict in the call to migrate)")
        value = bound
    if isinstance(value, cst.Dict):
        args = []
        for element in value.elements:
            key = literal(element.key) if isinstance(element, cst.DictElement) else None
            if not isinstance(key, str) or not key.isidentifier():
                return "normalizer_params: only a dict of string keys (or dict(k=v)) can be read statically"
            args.append(_kw(key, element.value))
        return args
    if (isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict"
            and all(a.keyword is not None and not a.star for a in value.args)):
        return [_kw(a.keyword.value, a.value) for a in value.args]
    return f"normalizer_params={source(value).strip()}: not a dict the conversion can read statically"


_NORMALIZERS = ("batch_norm", "layer_norm")


def _spread(call: cst.Call, symbol: str, ctx: RuleContext) -> cst.Call | str:
    """``layer(x, 10, **kw)`` with ``kw`` a dict the conversion can read (see ``_normalizer_params``) -> the same
    call with its keywords written out; unchanged without ``**``; a reason when the dict can't be read."""
    if not any(arg.star == "**" for arg in call.args):
        return call
    args: list[cst.Arg] = []
    for arg in call.args:
        if arg.star != "**":
            args.append(arg)
            continue
        spread = _normalizer_params(arg.value, ctx)
        if isinstance(spread, str):
            return (f"{display(symbol)}: **{source(arg.value).strip()} can't be mapped to Keras arguments statically "
                    f"({spread.partition(': ')[2] or spread})")
        given = {a.keyword.value for a in args if a.keyword is not None}
        twice = [a.keyword.value for a in spread if a.keyword.value in given]
        if twice:
            return f"{display(symbol)}: {twice[0]}= is given twice (in the call and in **{source(arg.value).strip()})"
        args += spread
    return call.with_changes(args=args)


def _same_references(node: cst.BaseExpression, ctx: RuleContext) -> list[cst.CSTNode]:
    """The original references of the file spelled like ``node`` (a Name or dotted Attribute).

    The graph pass hands ``layer`` a call rebuilt by its transformer, whose argument nodes are copies unknown to
    ``ctx``; what such an argument refers to is what *every* reference spelled the same way in the file refers
    to (callers check that they agree, so a shadowed spelling refuses instead of resolving wrongly).
    """
    if ctx.names is None:
        return []
    if id(node) in ctx.names.references:
        return [node]
    text = _calls.dotted_name(node)
    return [ref.node for ref in ctx.names.references.values() if text and _calls.dotted_name(ref.node) == text]


def _references_in(node: cst.CSTNode) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []

    class _Refs(cst.CSTVisitor):
        def visit_Name(self, name):
            found.append(name)

        def visit_Attribute(self, attribute):
            found.append(attribute)

    node.visit(_Refs())
    return found


def _symbol_of(node: cst.BaseExpression, ctx: RuleContext) -> str | None:
    """The TensorFlow symbol ``node`` refers to, when every reference spelled like it agrees."""
    if ctx.symbol(node) is not None:
        return ctx.symbol(node)
    symbols = {ctx.symbol(ref) for ref in _same_references(node, ctx)}
    return symbols.pop() if len(symbols) == 1 else None


def _normalized(call: cst.Call, symbol: str, spec: Spec, bound: dict[str, cst.Arg], ctx: RuleContext) -> LayerCall | str:
    """``fully_connected(x, n, normalizer_fn=batch_norm, normalizer_params=p)`` (also conv2d / conv2d_transpose) ->
    ``tf.keras.Sequential([Dense(n, use_bias=False), BatchNormalization(**p), Activation(relu)])``.

    contrib builds the layer without a bias when a normalizer is given (``use_bias=not normalizer_fn``), applies
    ``normalizer_fn(outputs, **normalizer_params)`` and then ``activation_fn``: the same three steps, in order.
    The call-time arguments (``is_training`` -> ``training=``) are the normalizer's; a Sequential hands them on.
    """
    norm = bound["normalizer_fn"].value
    norm_symbol = _symbol_of(norm, ctx)
    if (norm_symbol not in keras_map.CONTRIB_LAYERS or norm_symbol.rpartition(".")[2] not in _NORMALIZERS):
        return (f"{display(symbol)}(normalizer_fn={source(norm).strip()}): only tf.contrib.layers.batch_norm / "
                "layer_norm (or slim's) written in the call map to a Keras layer")
    params = _normalizer_params(bound["normalizer_params"].value if "normalizer_params" in bound else None, ctx)
    if isinstance(params, str):
        return f"{display(symbol)}({params})"
    if any(a.keyword.value in ("inputs", "reuse", "activation_fn") for a in params):
        return f"{display(symbol)}: normalizer_params with inputs/reuse/activation_fn can't be mapped"
    inner = layer(cst.Call(norm, [cst.Arg(cst.Name("_")), *params]), norm_symbol, ctx)
    if isinstance(inner, str):
        return inner
    skip = {"normalizer_fn", "normalizer_params", "activation_fn", "biases_initializer", "biases_regularizer"}
    plain = [_kw(p, a.value) for p, a in bound.items() if p not in skip]
    plain += [_kw("activation_fn", cst.Name("None")), _kw("biases_initializer", cst.Name("None"))]
    main = layer(cst.Call(call.func, plain), symbol, ctx)
    if isinstance(main, str):
        return main
    layers = [main.ctor, inner.ctor]
    activation = bound["activation_fn"].value if "activation_fn" in bound else ctx.ref("nn.relu")
    if literal(activation) is not None:
        layers.append(cst.Call(ctx.ref("keras.layers.Activation"), [cst.Arg(activation)]))
    ctor = cst.Call(ctx.ref("keras.Sequential"), [cst.Arg(cst.List([cst.Element(c) for c in layers]))])
    relu = [] if "activation_fn" in bound else [f"{display(symbol)} defaults to activation_fn=relu: kept explicitly"]
    notes = [f"normalizer_fn={source(norm).strip()}: no bias (contrib adds none when a normalizer is given), then "
             f"the {norm_symbol.rpartition('.')[2]} layer, then the activation, in one Sequential", *relu]
    notes += [n for n in (*main.notes, *inner.notes) if n not in notes and "activation_fn=relu" not in n]
    exact = main.exact and inner.exact
    if (norm_symbol.endswith("batch_norm") and not updates_in_place(params)
            and "GraphKeys.UPDATE_OPS" not in set(ctx.symbols.values())):  # the test the graph pass makes for a BN call
        notes.append("NOT EXACT: this TF1 program never ran the UPDATE_OPS, so its moving mean/variance stayed at "
                     "their initial values; Keras updates them when training=True, so inference results differ "
                     "(for the better)")
        exact = False
    return LayerCall(ctor, main.inputs, inner.call_args, tuple(notes), main.stem, exact)


def optimizer(call: cst.Call, symbol: str, ctx: RuleContext) -> OptimizerCall | str:
    """``tf.train.XOptimizer(...)`` -> the Keras optimizer with the same update rule."""
    if symbol in keras_map.OPTIMIZER_REFUSALS:
        return keras_map.OPTIMIZER_REFUSALS[symbol]
    spec = keras_map.OPTIMIZER_SPECS.get(symbol)
    if spec is None:
        return f"{display(symbol)} is not an optimizer this table maps"
    build = _convert(call, symbol, spec, ctx)
    if isinstance(build, str):
        return build
    if "learning_rate" in build.keywords:  # keyword first: the optimizers' first parameter
        build.keywords = {"learning_rate": build.keywords.pop("learning_rate"), **build.keywords}
    return OptimizerCall(_ctor(spec.keras, build, ctx), tuple(build.notes), build.exact)


def schedule(call: cst.Call, symbol: str, ctx: RuleContext) -> ScheduleCall | str:
    """``tf.train.exponential_decay(lr, global_step, ...)`` -> a Keras schedule and the step it was evaluated at."""
    if symbol in keras_map.SCHEDULE_REFUSALS:
        return keras_map.SCHEDULE_REFUSALS[symbol]
    spec = keras_map.SCHEDULE_SPECS.get(symbol)
    if spec is None:
        return f"{display(symbol)} is not a decay this table maps"
    bound = _bind(call, symbol, spec)
    if isinstance(bound, str):
        return bound
    step_param = keras_map.SCHEDULE_STEP[symbol]
    step = bound[step_param].value if step_param in bound else None
    if step is None:
        return f"{display(symbol)}: {step_param} must be given"
    stepless = spec.__class__(**{**spec.__dict__, "drop": spec.drop | {step_param}})
    build = _convert(call, symbol, stepless, ctx)
    if isinstance(build, str):
        return build
    return ScheduleCall(_ctor(spec.keras, build, ctx), step, tuple(build.notes), build.exact)


def cell(call: cst.Call, symbol: str, ctx: RuleContext) -> CellCall | str:
    """A TF1 RNN cell constructor -> the Keras cell (``MultiRNNCell`` -> ``StackedRNNCells`` of converted cells)."""
    if symbol in keras_map.CELL_REFUSALS:
        return keras_map.CELL_REFUSALS[symbol]
    if symbol in (keras_map.STACK, "contrib.rnn.MultiRNNCell"):
        return _stack(call, symbol, ctx)
    spec = keras_map.CELL_SPECS.get(symbol)
    if spec is None:
        return f"{display(symbol)} is not an RNN cell this table maps"
    build = _convert(call, symbol, spec, ctx)
    if isinstance(build, str):
        return build
    return CellCall(_ctor(spec.keras, build, ctx), tuple(build.notes), build.exact)


def _inner_cell(node: cst.BaseExpression, ctx: RuleContext) -> CellCall | str:
    symbol = ctx.symbol(node.func) if isinstance(node, cst.Call) else None
    if symbol is None:
        return (f"MultiRNNCell: the cell {source(node).strip()!r} is not a TF1 cell constructor written in the list "
                "(a helper function or a shared cell object can't be converted here)")
    return cell(node, symbol, ctx)


def _stack(call: cst.Call, symbol: str, ctx: RuleContext) -> CellCall | str:
    bound = _bind(call, symbol, Spec("", ("cells", "state_is_tuple")))
    if isinstance(bound, str):
        return bound
    if "state_is_tuple" in bound and literal(bound["state_is_tuple"].value) is not True:
        return f"{display(symbol)}(state_is_tuple=...): {_WHY['state_is_tuple']}"
    cells = bound["cells"].value if "cells" in bound else None
    notes: list[str] = ["the stacked state is a list with one state per cell"]
    exact = True
    if isinstance(cells, cst.List):
        elements = []
        for element in cells.elements:
            if isinstance(element, cst.StarredElement):
                return f"{display(symbol)}: a starred element in the cell list can't be converted"
            inner = _inner_cell(element.value, ctx)
            if isinstance(inner, str):
                return inner
            elements.append(element.with_changes(value=inner.ctor))
            notes += [n for n in inner.notes if n not in notes]
            exact = exact and inner.exact
        new = cells.with_changes(elements=elements)
    elif isinstance(cells, cst.ListComp):
        inner = _inner_cell(cells.elt, ctx)
        if isinstance(inner, str):
            return inner
        new = cells.with_changes(elt=inner.ctor)
        notes += list(inner.notes)
        exact = inner.exact
    else:
        return (f"{display(symbol)}: the cells must be a list literal or a list comprehension of cell constructors "
                "(the same cell object repeated would share its weights in Keras)")
    return CellCall(cst.Call(ctx.ref("keras.layers.StackedRNNCells"), [cst.Arg(new)]), tuple(notes), exact)


_RNN_PARAMS = {
    "dynamic": ("cell", "inputs", "sequence_length", "initial_state", "dtype", "parallel_iterations", "swap_memory",
                "time_major", "scope"),
    "static": ("cell", "inputs", "initial_state", "dtype", "sequence_length", "scope"),
    "bidirectional_dynamic": ("cell_fw", "cell_bw", "inputs", "sequence_length", "initial_state_fw",
                              "initial_state_bw", "dtype", "parallel_iterations", "swap_memory", "time_major", "scope"),
    "static_bidirectional": ("cell_fw", "cell_bw", "inputs", "initial_state_fw", "initial_state_bw", "dtype",
                             "sequence_length", "scope"),
}
_RNN_INERT = {"sequence_length": "None", "initial_state": "None", "initial_state_fw": "None",
              "initial_state_bw": "None", "time_major": "False"}
_RNN_WHY = {
    "sequence_length": "TF1 zeroes outputs past each length and freezes the state; a Keras mask repeats the last "
                       "output instead",
    "initial_state": "the state structures differ (LSTMStateTuple(c, h) vs [h, c]): pass initial_state= by hand",
    "time_major": "Keras RNN layers take batch-major inputs: transpose the inputs by hand",
}


def unstacked(inputs: cst.BaseExpression, ctx: RuleContext) -> cst.BaseExpression | str:
    """``x`` for ``tf.unstack(x, T, 1)`` / ``tf.unstack(x, axis=1)`` (an original node); a reason otherwise.

    ``rnn`` applies it to ``static_rnn``'s inputs written in the call; a caller that
    follows ``xs = tf.unstack(x, T, 1)`` to its assignment can apply it to the value.
    """
    symbol = ctx.symbol(inputs.func) if isinstance(inputs, cst.Call) else None
    if symbol == "unstack":
        bound = _calls.bind(inputs, ("value", "num", "axis", "name"))
        if bound and "value" in bound and "axis" in bound and literal(bound["axis"].value) == 1:
            return bound["value"].value
    return ("static_rnn: the inputs must be written as tf.unstack(x, axis=1) in the call so the Keras layer can run "
            f"on the batch-major tensor x; got {source(inputs).strip()!r}")


def rnn(call: cst.Call, symbol: str, cell_ctor, ctx: RuleContext) -> RnnCall | str:
    """A TF1 RNN driver -> the Keras layer that runs ``cell_ctor`` over time.

    ``cell_ctor`` is the converted cell (``cell(...).ctor``); for the two
    bidirectional drivers a pair ``(fw_ctor, bw_ctor)``.
    """
    kind = keras_map.RNN_FUNCTIONS.get(symbol)
    if kind is None:
        return f"{display(symbol)} is not an RNN function this table maps"
    bound = _bind(call, symbol, Spec("", _RNN_PARAMS[kind]))
    if isinstance(bound, str):
        return bound
    for param, harmless in _RNN_INERT.items():
        if param in bound and source(bound[param].value).strip() != harmless:
            why = _RNN_WHY[param.replace("_fw", "").replace("_bw", "")]
            return f"{display(symbol)}({param}={source(bound[param].value).strip()}): {why}"
    if "inputs" not in bound:
        return f"{display(symbol)}: the inputs are missing"
    inputs = bound["inputs"].value
    if kind.startswith("static"):
        inputs = unstacked(inputs, ctx)
        if isinstance(inputs, str):
            return inputs
    notes = ["dtype=/scope= dropped: the layer infers the dtype and names its own variables"] if (
        "dtype" in bound or "scope" in bound) else []
    seq = [_kw("return_sequences", cst.Name("True")), _kw("return_state", cst.Name("True"))]
    if kind in ("dynamic", "static"):
        ctor = cst.Call(ctx.ref("keras.layers.RNN"), [cst.Arg(cell_ctor), *seq])
    else:
        fw, bw = cell_ctor
        forward = cst.Call(ctx.ref("keras.layers.RNN"), [cst.Arg(fw), *seq])
        backward = cst.Call(ctx.ref("keras.layers.RNN"), [cst.Arg(bw), *seq, _kw("go_backwards", cst.Name("True"))])
        merge = cst.Name("None") if kind == "bidirectional_dynamic" else cst.SimpleString('"concat"')
        ctor = cst.Call(ctx.ref("keras.layers.Bidirectional"),
                        [cst.Arg(forward), _kw("backward_layer", backward), _kw("merge_mode", merge)])
        notes.append("the backward outputs are re-aligned in time, as TF1 did")
    return RnnCall(ctor, inputs, kind, tuple(notes))
