"""TF1 layers, RNN cells, optimizers and learning-rate decays -> their Keras objects.

Provenance: the TF1 signatures and defaults are those of TensorFlow 1.15
(``tf.compat.v1.layers``, ``tf.compat.v1.train``, ``tf.compat.v1.nn.rnn_cell``
as shipped in TF 2.15, and the contrib sources as rebuilt in
``migrate.runtime.contrib_layers`` / ``contrib_training``); the Keras sides are
Keras 2.15 (``tf.keras`` in TF 2.15) and Keras 3 (TF >= 2.16). Written by hand;
``tests/graph/test_keras_calls.py`` checks every ``params`` tuple against the
installed TF1 signature, ``tests/graph/test_keras_numerics.py`` checks that the
Keras object computes what the TF1 one computed (same weights, same data).

``SPECS`` is what ``migrate.graph.keras_calls`` reads: for each TF1 symbol the
Keras class and how every TF1 parameter maps. A TF1 parameter the spec does not
classify makes the converter refuse, so a parameter is never dropped by accident.
``MAPPINGS`` is the documentation (``tf-migrate explain``, ``docs/api_map.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.data.mapping import SAME, Mapping

FAMILY = "keras"
DEFAULT_ON = "tf:"  # an ``explicit`` value starting with this is a TensorFlow reference (built with ctx.ref)


@dataclass(frozen=True)
class Spec:
    keras: str  # the Keras class, relative to ``tensorflow`` ("keras.layers.Dense")
    params: tuple[str, ...]  # the TF1 signature in order (positional arguments bind through it)
    positional: tuple[str, ...] = ()  # TF1 params passed positionally, in this order, to the Keras constructor
    rename: dict[str, str] = field(default_factory=dict)  # TF1 param -> Keras keyword (same name: listed too)
    explicit: dict[str, str] = field(default_factory=dict)  # Keras keyword -> TF1 default, written when omitted
    drop: frozenset[str] = frozenset()  # TF1 params that do nothing in TF2 (use_locking, dtype)
    inert: dict[str, tuple[str, ...]] = field(default_factory=dict)  # param -> values (source) that change nothing
    inputs: str | None = None  # the TF1 param holding the tensor the layer is applied to (None: a class form)
    call: dict[str, tuple[str, str]] = field(default_factory=dict)  # TF1 param -> (call keyword, TF1 default)
    hook: str = ""  # name of a value-level adjustment in keras_calls (keep_prob -> rate, ...)
    stem: str = "layer"
    notes: tuple[str, ...] = ()


def same(*names: str) -> dict[str, str]:
    return {n: n for n in names}


_INITS = ("kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
          "activity_regularizer", "kernel_constraint", "bias_constraint")
_REUSE = {"reuse": ("None", "False")}
_KERNEL_LAYER = same("activation", "use_bias", *_INITS, "trainable", "name")
_CONV = same("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate") | _KERNEL_LAYER
_CONV_PARAMS = ("inputs", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                "activation", "use_bias", *_INITS, "trainable", "name", "reuse")
_POOL_PARAMS = ("inputs", "pool_size", "strides", "padding", "data_format", "name")
_POOL = same("pool_size", "strides", "padding", "data_format", "name")
_VARS_NOTE = ("variables are created by the Keras layer (names like dense/kernel:0); regularization losses are in "
              "layer.losses, not in the REGULARIZATION_LOSSES collection")


def _tf_layer(keras: str, params: tuple[str, ...], positional: tuple[str, ...], rename: dict[str, str],
              stem: str, **kw) -> Spec:
    return Spec(keras, params, positional, rename, inert=_REUSE, inputs="inputs", stem=stem, **kw)


# Where a class's constructor orders its parameters differently from the function.
_CLASS_PARAMS = {
    "keras.layers.Flatten": ("data_format", "name"),
    "keras.layers.BatchNormalization": (
        "axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
        "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
        "beta_constraint", "gamma_constraint", "renorm", "renorm_clipping", "renorm_momentum", "fused", "trainable",
        "virtual_batch_size", "adjustment", "name"),
}


def _class_form(spec: Spec) -> Spec:
    """``tf.layers.Dense(units)`` constructs what ``tf.layers.dense(x, units)`` applies."""
    params = _CLASS_PARAMS.get(spec.keras) or tuple(p for p in spec.params if p != "inputs" and p not in spec.call)
    return Spec(spec.keras, params, spec.positional, spec.rename, spec.explicit, spec.drop,
                {k: v for k, v in spec.inert.items() if k != "reuse"}, None, {}, spec.hook, spec.stem, spec.notes)


# --- tf.layers (functions; the class forms are derived below) ----------------------------------------------------

_BN_PARAMS = ("inputs", "axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
              "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
              "beta_constraint", "gamma_constraint", "training", "trainable", "name", "reuse", "renorm",
              "renorm_clipping", "renorm_momentum", "fused", "virtual_batch_size", "adjustment")
_FUSED_NOTE = ("on Keras 3 (--target latest) the moving variance of 4-D inputs is updated with the biased batch "
               "variance; TF1's fused kernel (and Keras 2) used the unbiased one, n/(n-1) larger for n = B*H*W values "
               "per channel")
_BN_NOTE = ("Keras updates the moving mean/variance during the call with training=True; TF1 left the updates in "
            "UPDATE_OPS (they must have run with the train op for the two to agree)")

TF_LAYERS: dict[str, Spec] = {
    "layers.dense": _tf_layer("keras.layers.Dense", ("inputs", "units", "activation", "use_bias", *_INITS,
                              "trainable", "name", "reuse"), ("units",), same("units") | _KERNEL_LAYER, "dense",
                              notes=(_VARS_NOTE,)),
    "layers.conv1d": _tf_layer("keras.layers.Conv1D", _CONV_PARAMS, ("filters", "kernel_size"), _CONV, "conv"),
    "layers.conv2d": _tf_layer("keras.layers.Conv2D", _CONV_PARAMS, ("filters", "kernel_size"), _CONV, "conv"),
    "layers.conv3d": _tf_layer("keras.layers.Conv3D", _CONV_PARAMS, ("filters", "kernel_size"), _CONV, "conv"),
    "layers.conv2d_transpose": _tf_layer(
        "keras.layers.Conv2DTranspose",
        tuple(p for p in _CONV_PARAMS if p != "dilation_rate"), ("filters", "kernel_size"), _CONV, "deconv"),
    "layers.separable_conv2d": _tf_layer(
        "keras.layers.SeparableConv2D",
        ("inputs", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier",
         "activation", "use_bias", "depthwise_initializer", "pointwise_initializer", "bias_initializer",
         "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
         "depthwise_constraint", "pointwise_constraint", "bias_constraint", "trainable", "name", "reuse"),
        ("filters", "kernel_size"),
        same("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier",
             "activation", "use_bias", "depthwise_initializer", "pointwise_initializer", "bias_initializer",
             "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
             "depthwise_constraint", "pointwise_constraint", "bias_constraint", "trainable", "name"), "sep_conv"),
    "layers.max_pooling1d": _tf_layer("keras.layers.MaxPooling1D", _POOL_PARAMS, ("pool_size",), _POOL, "pool"),
    "layers.max_pooling2d": _tf_layer("keras.layers.MaxPooling2D", _POOL_PARAMS, ("pool_size",), _POOL, "pool"),
    "layers.max_pooling3d": _tf_layer("keras.layers.MaxPooling3D", _POOL_PARAMS, ("pool_size",), _POOL, "pool"),
    "layers.average_pooling1d": _tf_layer("keras.layers.AveragePooling1D", _POOL_PARAMS, ("pool_size",), _POOL, "pool"),
    "layers.average_pooling2d": _tf_layer("keras.layers.AveragePooling2D", _POOL_PARAMS, ("pool_size",), _POOL, "pool"),
    "layers.average_pooling3d": _tf_layer("keras.layers.AveragePooling3D", _POOL_PARAMS, ("pool_size",), _POOL, "pool"),
    "layers.flatten": _tf_layer("keras.layers.Flatten", ("inputs", "name", "data_format"), (),
                                same("name", "data_format"), "flatten"),
    "layers.dropout": Spec(
        "keras.layers.Dropout", ("inputs", "rate", "noise_shape", "seed", "training", "name"), ("rate",),
        same("rate", "noise_shape", "seed", "name"), explicit={"rate": "0.5"}, inputs="inputs",
        call={"training": ("training", "False")}, stem="dropout",
        notes=("tf.layers.dropout defaults to training=False (no dropout): kept as an explicit call argument",)),
    "layers.batch_normalization": Spec(
        "keras.layers.BatchNormalization", _BN_PARAMS, (),
        same("axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
             "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
             "beta_constraint", "gamma_constraint", "name"),
        drop=frozenset({"fused"}),
        inert={**_REUSE, "trainable": ("True",), "renorm": ("False",), "renorm_clipping": ("None",), "virtual_batch_size": ("None",),
               "adjustment": ("None",), "renorm_momentum": ("0.99",)},
        inputs="inputs", call={"training": ("training", "False")}, stem="batch_norm",
        notes=("tf.layers.batch_normalization defaults to training=False (moving statistics): kept as an explicit "
               "call argument", _BN_NOTE, "fused= dropped: Keras picks the kernel", _FUSED_NOTE)),
}

_CLASSES = {
    "Dense": "dense", "Conv1D": "conv1d", "Conv2D": "conv2d", "Conv3D": "conv3d", "Conv2DTranspose": "conv2d_transpose",
    "SeparableConv2D": "separable_conv2d", "MaxPooling1D": "max_pooling1d", "MaxPooling2D": "max_pooling2d",
    "MaxPooling3D": "max_pooling3d", "AveragePooling1D": "average_pooling1d", "AveragePooling2D": "average_pooling2d",
    "AveragePooling3D": "average_pooling3d", "Flatten": "flatten", "Dropout": "dropout",
    "BatchNormalization": "batch_normalization",
}
TF_LAYER_CLASSES: dict[str, Spec] = {f"layers.{cls}": _class_form(TF_LAYERS[f"layers.{fn}"]) for cls, fn in _CLASSES.items()}

# --- tf.contrib.layers / TF-Slim ------------------------------------------------------------------------------------

_CONTRIB_COMMON = {"reuse": ("None", "False"), "variables_collections": ("None",), "outputs_collections": ("None",),
                   "normalizer_fn": ("None",), "normalizer_params": ("None",)}
_CONTRIB_KERNEL = {"activation_fn": "activation", "weights_initializer": "kernel_initializer",
                   "weights_regularizer": "kernel_regularizer", "biases_initializer": "bias_initializer",
                   "biases_regularizer": "bias_regularizer", "trainable": "trainable", "scope": "name"}
_RELU_NOTE = "{} defaults to activation_fn=relu (Keras: no activation): kept explicitly"
_SAME_NOTE = "{} defaults to padding='SAME' (Keras: 'valid'): kept explicitly"

CONTRIB_LAYERS: dict[str, Spec] = {
    "contrib.layers.fully_connected": Spec(
        "keras.layers.Dense",
        ("inputs", "num_outputs", "activation_fn", "normalizer_fn", "normalizer_params", "weights_initializer",
         "weights_regularizer", "biases_initializer", "biases_regularizer", "reuse", "variables_collections",
         "outputs_collections", "trainable", "scope"),
        ("num_outputs",), {"num_outputs": "units", **_CONTRIB_KERNEL}, explicit={"activation": "tf:nn.relu"}, inert=_CONTRIB_COMMON,
        inputs="inputs", hook="biases", stem="dense",
        notes=(_RELU_NOTE.format("fully_connected"), _VARS_NOTE)),
    "contrib.layers.conv2d": Spec(
        "keras.layers.Conv2D",
        ("inputs", "num_outputs", "kernel_size", "stride", "padding", "data_format", "rate", "activation_fn",
         "normalizer_fn", "normalizer_params", "weights_initializer", "weights_regularizer", "biases_initializer",
         "biases_regularizer", "reuse", "variables_collections", "outputs_collections", "trainable", "scope"),
        ("num_outputs", "kernel_size"),
        {"num_outputs": "filters", "kernel_size": "kernel_size", "stride": "strides", "padding": "padding",
         "data_format": "data_format", "rate": "dilation_rate", **_CONTRIB_KERNEL},
        explicit={"padding": '"same"', "activation": "tf:nn.relu"}, inert=_CONTRIB_COMMON, inputs="inputs",
        hook="biases", stem="conv",
        notes=(_RELU_NOTE.format("contrib conv2d"), _SAME_NOTE.format("contrib conv2d"), _VARS_NOTE)),
    "contrib.layers.conv2d_transpose": Spec(
        "keras.layers.Conv2DTranspose",
        ("inputs", "num_outputs", "kernel_size", "stride", "padding", "data_format", "activation_fn", "normalizer_fn",
         "normalizer_params", "weights_initializer", "weights_regularizer", "biases_initializer",
         "biases_regularizer", "reuse", "variables_collections", "outputs_collections", "trainable", "scope"),
        ("num_outputs", "kernel_size"),
        {"num_outputs": "filters", "kernel_size": "kernel_size", "stride": "strides", "padding": "padding",
         "data_format": "data_format", **_CONTRIB_KERNEL},
        explicit={"padding": '"same"', "activation": "tf:nn.relu"}, inert=_CONTRIB_COMMON, inputs="inputs",
        hook="biases", stem="deconv",
        notes=(_RELU_NOTE.format("contrib conv2d_transpose"), _SAME_NOTE.format("contrib conv2d_transpose"))),
    "contrib.layers.max_pool2d": Spec(
        "keras.layers.MaxPooling2D", ("inputs", "kernel_size", "stride", "padding", "data_format",
                                      "outputs_collections", "scope"),
        ("kernel_size",), {"kernel_size": "pool_size", "stride": "strides", "padding": "padding",
                           "data_format": "data_format", "scope": "name"},
        explicit={"strides": "2"}, inert={"outputs_collections": ("None",)}, inputs="inputs", hook="data_format",
        stem="pool",
        notes=("contrib max_pool2d defaults to stride=2 (Keras: the pool size): kept explicitly",)),
    "contrib.layers.avg_pool2d": Spec(
        "keras.layers.AveragePooling2D", ("inputs", "kernel_size", "stride", "padding", "data_format",
                                          "outputs_collections", "scope"),
        ("kernel_size",), {"kernel_size": "pool_size", "stride": "strides", "padding": "padding",
                           "data_format": "data_format", "scope": "name"},
        explicit={"strides": "2"}, inert={"outputs_collections": ("None",)}, inputs="inputs", hook="data_format",
        stem="pool",
        notes=("contrib avg_pool2d defaults to stride=2 (Keras: the pool size): kept explicitly",)),
    "contrib.layers.flatten": Spec(
        "keras.layers.Flatten", ("inputs", "outputs_collections", "scope"), (), {"scope": "name"},
        inert={"outputs_collections": ("None",)}, inputs="inputs", stem="flatten"),
    "contrib.layers.dropout": Spec(
        "keras.layers.Dropout", ("inputs", "keep_prob", "noise_shape", "is_training", "outputs_collections", "scope",
                                 "seed"),
        (), {"noise_shape": "noise_shape", "seed": "seed", "scope": "name"}, explicit={"rate": "0.5"},
        inert={"outputs_collections": ("None",)}, inputs="inputs", call={"is_training": ("training", "True")},
        hook="keep_prob", stem="dropout",
        notes=("contrib dropout takes keep_prob (default 0.5): rate = 1 - keep_prob",
               "contrib dropout defaults to is_training=True (dropout on): kept as an explicit call argument")),
    "contrib.layers.batch_norm": Spec(
        "keras.layers.BatchNormalization",
        ("inputs", "decay", "center", "scale", "epsilon", "activation_fn", "param_initializers", "param_regularizers",
         "updates_collections", "is_training", "reuse", "variables_collections", "outputs_collections", "trainable",
         "batch_weights", "fused", "data_format", "zero_debias_moving_mean", "scope", "renorm", "renorm_clipping",
         "renorm_decay", "adjustment"),
        (), {"decay": "momentum", "center": "center", "scale": "scale", "epsilon": "epsilon", "data_format": "axis",
             "scope": "name"},
        explicit={"momentum": "0.999", "scale": "False"},
        drop=frozenset({"fused", "updates_collections"}),
        inert={**_CONTRIB_COMMON, "trainable": ("True",), "activation_fn": ("None",), "batch_weights": ("None",),
               "zero_debias_moving_mean": ("False",), "renorm": ("False",), "renorm_clipping": ("None",),
               "renorm_decay": ("0.99",), "adjustment": ("None",)},
        inputs="inputs", call={"is_training": ("training", "True")}, hook="batch_norm", stem="batch_norm",
        notes=("contrib batch_norm: decay=0.999 -> momentum, scale=False (no gamma) by default: both kept explicitly",
               "contrib batch_norm defaults to is_training=True (batch statistics): kept as an explicit call argument",
               _BN_NOTE + "; updates_collections=None (in-place updates) is exactly what Keras does",
               _FUSED_NOTE)),
    "contrib.layers.layer_norm": Spec(
        "keras.layers.LayerNormalization",
        ("inputs", "center", "scale", "activation_fn", "reuse", "variables_collections", "outputs_collections",
         "trainable", "begin_norm_axis", "begin_params_axis", "scope"),
        (), same("center", "scale", "trainable") | {"scope": "name"}, explicit={"epsilon": "1e-12"},
        inert={**_CONTRIB_COMMON, "activation_fn": ("None",)}, drop=frozenset({"begin_norm_axis", "begin_params_axis"}),
        inputs="inputs", hook="layer_norm", stem="layer_norm",
        notes=("contrib layer_norm uses epsilon=1e-12 (Keras: 1e-3): kept explicitly",)),
    "contrib.layers.embed_sequence": Spec(
        "keras.layers.Embedding",
        ("ids", "vocab_size", "embed_dim", "unique", "initializer", "regularizer", "trainable", "scope", "reuse"),
        ("vocab_size", "embed_dim"), {"vocab_size": "input_dim", "embed_dim": "output_dim",
                                      "initializer": "embeddings_initializer", "regularizer": "embeddings_regularizer",
                                      "trainable": "trainable", "scope": "name"},
        explicit={"embeddings_initializer": '"glorot_uniform"'}, drop=frozenset({"unique"}),
        inert={"reuse": ("None", "False")}, inputs="ids", hook="embed", stem="embedding",
        notes=("embed_sequence's default initializer is get_variable's glorot_uniform (Keras Embedding: "
               "uniform(-0.05, 0.05)): kept explicitly", "unique= only changed how the lookup was computed: dropped")),
}
CONTRIB_LAYERS["contrib.layers.linear"] = Spec(
    **{**CONTRIB_LAYERS["contrib.layers.fully_connected"].__dict__, "explicit": {},
       "params": ("inputs", "num_outputs", "scope"), "notes": ("contrib linear is fully_connected(activation_fn=None)",)})
CONTRIB_LAYERS["contrib.layers.convolution2d"] = CONTRIB_LAYERS["contrib.layers.conv2d"]  # contrib's own aliases
CONTRIB_LAYERS["contrib.layers.convolution2d_transpose"] = CONTRIB_LAYERS["contrib.layers.conv2d_transpose"]
# TF-Slim re-exported contrib.layers under slim.* and slim.layers.*
for _name in list(CONTRIB_LAYERS):
    _short = _name.rpartition(".")[2]
    CONTRIB_LAYERS[f"contrib.slim.{_short}"] = CONTRIB_LAYERS[_name]
    CONTRIB_LAYERS[f"contrib.slim.layers.{_short}"] = CONTRIB_LAYERS[_name]

LAYER_SPECS: dict[str, Spec] = {**TF_LAYERS, **TF_LAYER_CLASSES, **CONTRIB_LAYERS}

# --- optimizers ---------------------------------------------------------------------------------------------------

_OPT_DROP = frozenset({"use_locking"})
_EPS_NOTE = "v1 {} uses epsilon={} (Keras: 1e-7): kept explicitly"

OPTIMIZER_SPECS: dict[str, Spec] = {
    "train.GradientDescentOptimizer": Spec(
        "keras.optimizers.SGD", ("learning_rate", "use_locking", "name"), (), same("learning_rate", "name"),
        drop=_OPT_DROP),
    "train.MomentumOptimizer": Spec(
        "keras.optimizers.SGD", ("learning_rate", "momentum", "use_locking", "name", "use_nesterov"), (),
        same("learning_rate", "momentum", "name") | {"use_nesterov": "nesterov"}, drop=_OPT_DROP,
        hook="momentum_note",
        notes=("v1 Momentum keeps accum = m*accum + g and steps lr*accum; Keras SGD keeps v = m*v - lr*g: "
               "the same while the learning rate is constant",)),
    "train.AdamOptimizer": Spec(
        "keras.optimizers.Adam", ("learning_rate", "beta1", "beta2", "epsilon", "use_locking", "name"), (),
        {"learning_rate": "learning_rate", "beta1": "beta_1", "beta2": "beta_2", "epsilon": "epsilon", "name": "name"},
        explicit={"epsilon": "1e-08"}, drop=_OPT_DROP, notes=(_EPS_NOTE.format("Adam", "1e-8"),)),
    "train.AdagradOptimizer": Spec(
        "keras.optimizers.Adagrad", ("learning_rate", "initial_accumulator_value", "use_locking", "name"), (),
        same("learning_rate", "initial_accumulator_value", "name"), explicit={"epsilon": "0.0"}, drop=_OPT_DROP,
        notes=("v1 Adagrad divides by sqrt(accum), Keras by sqrt(accum + epsilon): epsilon=0.0 keeps TF1's step",)),
    "train.AdadeltaOptimizer": Spec(
        "keras.optimizers.Adadelta", ("learning_rate", "rho", "epsilon", "use_locking", "name"), (),
        same("learning_rate", "rho", "epsilon", "name"), explicit={"epsilon": "1e-08"}, drop=_OPT_DROP,
        notes=(_EPS_NOTE.format("Adadelta", "1e-8"),
               "v1 Adadelta's learning_rate defaults to 0.001 like Keras (the paper's 1.0 is not the default)")),
    "train.RMSPropOptimizer": Spec(
        "keras.optimizers.RMSprop",
        ("learning_rate", "decay", "momentum", "epsilon", "use_locking", "centered", "name"), (),
        {"learning_rate": "learning_rate", "decay": "rho", "momentum": "momentum", "epsilon": "epsilon",
         "centered": "centered", "name": "name"},
        explicit={"epsilon": "1e-10"}, drop=_OPT_DROP, hook="rmsprop",
        notes=("NOT EXACT: v1 RMSProp starts its mean-square accumulator at 1.0, Keras RMSprop at 0.0, so Keras takes "
               "larger steps early on (about 3x at the first step; the difference decays like rho**t)",
               "decay -> rho; v1 RMSProp uses epsilon=1e-10 (Keras: 1e-7): kept explicitly")),
    "train.FtrlOptimizer": Spec(
        "keras.optimizers.Ftrl",
        ("learning_rate", "learning_rate_power", "initial_accumulator_value", "l1_regularization_strength",
         "l2_regularization_strength", "use_locking", "name", "accum_name", "linear_name",
         "l2_shrinkage_regularization_strength", "beta"), (),
        same("learning_rate", "learning_rate_power", "initial_accumulator_value", "l1_regularization_strength",
             "l2_regularization_strength", "name", "l2_shrinkage_regularization_strength", "beta"),
        drop=_OPT_DROP | {"accum_name", "linear_name"}),
    "contrib.opt.AdamWOptimizer": Spec(
        "keras.optimizers.AdamW", ("weight_decay", "learning_rate", "beta1", "beta2", "epsilon", "use_locking", "name"),
        (), {"learning_rate": "learning_rate", "beta1": "beta_1", "beta2": "beta_2", "epsilon": "epsilon",
             "name": "name"},
        explicit={"epsilon": "1e-08"}, drop=_OPT_DROP, hook="weight_decay",
        notes=("contrib AdamW shrinks w by weight_decay*w each step; Keras AdamW by learning_rate*weight_decay*w: "
               "weight_decay = wd / learning_rate (exact for a constant learning rate)",
               _EPS_NOTE.format("AdamW", "1e-8"),
               "minimize(decay_var_list=...) has no Keras counterpart (use exclude_from_weight_decay)")),
    "contrib.opt.MomentumWOptimizer": Spec(
        "keras.optimizers.SGD", ("weight_decay", "learning_rate", "momentum", "use_locking", "name", "use_nesterov"),
        (), same("learning_rate", "momentum", "name") | {"use_nesterov": "nesterov"}, drop=_OPT_DROP,
        hook="weight_decay",
        notes=("contrib MomentumW shrinks w by weight_decay*w each step; Keras SGD(weight_decay=) by "
               "learning_rate*weight_decay*w: weight_decay = wd / learning_rate (exact for a constant learning rate)",)),
    "contrib.opt.LazyAdamOptimizer": Spec(
        "tfa:optimizers.LazyAdam", ("learning_rate", "beta1", "beta2", "epsilon", "use_locking", "name"), (),
        {"learning_rate": "learning_rate", "beta1": "beta_1", "beta2": "beta_2", "epsilon": "epsilon", "name": "name"},
        explicit={"epsilon": "1e-08"}, drop=_OPT_DROP, hook="addons_only",
        notes=("tensorflow-addons LazyAdam: the same sparse (row-wise) updates as contrib",
               _EPS_NOTE.format("LazyAdam", "1e-8"))),
}
OPTIMIZER_REFUSALS: dict[str, str] = {
    "train.ProximalAdagradOptimizer": "tf.train.ProximalAdagradOptimizer has no Keras or tensorflow-addons "
                                      "counterpart (its L1/L2 proximal step is not a Keras optimizer option)",
    "train.ProximalGradientDescentOptimizer": "tf.train.ProximalGradientDescentOptimizer has no Keras counterpart "
                                              "(its L1/L2 proximal step is not a Keras optimizer option)",
    "train.AdagradDAOptimizer": "tf.train.AdagradDAOptimizer (dual averaging) has no Keras counterpart",
    "train.Optimizer": "a subclass of tf.train.Optimizer implements _apply_dense/_create_slots, which Keras "
                       "optimizers do not call: port it to a tf.keras.optimizers.Optimizer subclass by hand",
    "train.SyncReplicasOptimizer": "SyncReplicasOptimizer belongs to parameter-server training; use a "
                                   "tf.distribute strategy",
}

# --- learning-rate decays -----------------------------------------------------------------------------------------

_SCHED = "keras.optimizers.schedules."
_LR = {"learning_rate": "initial_learning_rate"}
SCHEDULE_SPECS: dict[str, Spec] = {
    "train.exponential_decay": Spec(
        _SCHED + "ExponentialDecay",
        ("learning_rate", "global_step", "decay_steps", "decay_rate", "staircase", "name"),
        ("learning_rate", "decay_steps", "decay_rate"), _LR | same("decay_steps", "decay_rate", "staircase", "name")),
    "train.natural_exp_decay": Spec(
        _SCHED + "ExponentialDecay",
        ("learning_rate", "global_step", "decay_steps", "decay_rate", "staircase", "name"),
        ("learning_rate", "decay_steps", "decay_rate"), _LR | same("decay_steps", "decay_rate", "staircase", "name"), hook="natural_exp",
        notes=("natural_exp_decay is lr * exp(-decay_rate * p): ExponentialDecay with decay_rate=exp(-decay_rate), "
               "which is how TF 1.15 itself computes it",)),
    "train.inverse_time_decay": Spec(
        _SCHED + "InverseTimeDecay",
        ("learning_rate", "global_step", "decay_steps", "decay_rate", "staircase", "name"),
        ("learning_rate", "decay_steps", "decay_rate"), _LR | same("decay_steps", "decay_rate", "staircase", "name")),
    "train.piecewise_constant": Spec(
        _SCHED + "PiecewiseConstantDecay", ("x", "boundaries", "values", "name"), ("boundaries", "values"),
        same("boundaries", "values", "name")),
    "train.polynomial_decay": Spec(
        _SCHED + "PolynomialDecay",
        ("learning_rate", "global_step", "decay_steps", "end_learning_rate", "power", "cycle", "name"),
        ("learning_rate", "decay_steps"), _LR | same("decay_steps", "end_learning_rate", "power", "cycle", "name")),
    "train.cosine_decay": Spec(
        _SCHED + "CosineDecay", ("learning_rate", "global_step", "decay_steps", "alpha", "name"),
        ("learning_rate", "decay_steps"), _LR | same("decay_steps", "alpha", "name")),
    "train.cosine_decay_restarts": Spec(
        _SCHED + "CosineDecayRestarts",
        ("learning_rate", "global_step", "first_decay_steps", "t_mul", "m_mul", "alpha", "name"),
        ("learning_rate", "first_decay_steps"), _LR | same("first_decay_steps", "t_mul", "m_mul", "alpha", "name")),
}
SCHEDULE_STEP = {name: "x" if name == "train.piecewise_constant" else "global_step" for name in SCHEDULE_SPECS}
SCHEDULE_REFUSALS: dict[str, str] = {
    "train.linear_cosine_decay": "tf.train.linear_cosine_decay has no schedule in Keras 3 (tf.keras.experimental."
                                 "LinearCosineDecay was removed)",
    "train.noisy_linear_cosine_decay": "tf.train.noisy_linear_cosine_decay has no schedule in Keras 3",
}

# --- RNN cells ----------------------------------------------------------------------------------------------------

_CELL_INIT_NOTE = ("weights are initialised differently (TF1: one glorot_uniform kernel over [inputs, state]; Keras: "
                   "glorot_uniform input kernel, orthogonal recurrent kernel) and TF1 checkpoints do not map")
_GATES_NOTE = "gate order differs (TF1 i, j, f, o; Keras i, f, c, o): behaviour is the same, weights are not transferable"
_STATE_NOTE = "the LSTM state is [h, c] in Keras, LSTMStateTuple(c, h) in TF1"
_FORGET_NOTE = ("forget_bias=1.0 -> unit_forget_bias=True: TF1 adds 1.0 to the forget gate at run time, Keras starts "
                "the forget bias at 1.0: the same function at the start, and the same training trajectory for "
                "optimizers that only see gradients (the Keras bias reads 1.0 higher); not with weight decay or a "
                "regularizer on the bias. forget_bias=0.0 -> unit_forget_bias=False; other values are refused")
_CELL_DROP = frozenset({"dtype"})
_UNITS = {"num_units": "units"}
_CELL_INERT = {"reuse": ("None", "False"), "state_is_tuple": ("True",)}

CELL_SPECS: dict[str, Spec] = {
    "nn.rnn_cell.BasicRNNCell": Spec(
        "keras.layers.SimpleRNNCell", ("num_units", "activation", "reuse", "name", "dtype"), ("num_units",),
        _UNITS | same("activation", "name"), drop=_CELL_DROP, inert=_CELL_INERT, stem="cell", notes=(_CELL_INIT_NOTE,)),
    "nn.rnn_cell.BasicLSTMCell": Spec(
        "keras.layers.LSTMCell", ("num_units", "forget_bias", "state_is_tuple", "activation", "reuse", "name", "dtype"),
        ("num_units",), _UNITS | same("activation", "name"), drop=_CELL_DROP, inert=_CELL_INERT, hook="forget_bias",
        stem="cell", notes=(_FORGET_NOTE, _GATES_NOTE, _STATE_NOTE, _CELL_INIT_NOTE)),
    "nn.rnn_cell.LSTMCell": Spec(
        "keras.layers.LSTMCell",
        ("num_units", "use_peepholes", "cell_clip", "initializer", "num_proj", "proj_clip", "num_unit_shards",
         "num_proj_shards", "forget_bias", "state_is_tuple", "activation", "reuse", "name", "dtype"),
        ("num_units",), _UNITS | same("activation", "name"), drop=_CELL_DROP,
        inert={**_CELL_INERT, "use_peepholes": ("False",), "cell_clip": ("None",), "num_proj": ("None",),
               "proj_clip": ("None",), "num_unit_shards": ("None",), "num_proj_shards": ("None",),
               "initializer": ("None",)},
        hook="forget_bias", stem="cell", notes=(_FORGET_NOTE, _GATES_NOTE, _STATE_NOTE, _CELL_INIT_NOTE)),
    "nn.rnn_cell.GRUCell": Spec(
        "keras.layers.GRUCell",
        ("num_units", "activation", "reuse", "kernel_initializer", "bias_initializer", "name", "dtype"),
        ("num_units",), _UNITS | same("activation", "kernel_initializer", "name"), explicit={"reset_after": "False"},
        drop=_CELL_DROP, inert={**_CELL_INERT, "bias_initializer": ("None",)}, stem="cell",
        notes=("reset_after=False is TF1's GRU (reset gate applied before the recurrent matmul; Keras defaults to "
               "the cuDNN variant)", "TF1 initialised the gate biases to 1.0, Keras to 0.0", _CELL_INIT_NOTE)),
}
CELL_REFUSALS: dict[str, str] = {
    "nn.rnn_cell.DropoutWrapper": (
        "DropoutWrapper draws a new mask at every time step (variational_recurrent=False), and drops the cell's "
        "output; Keras cells' dropout= reuses one mask for the whole sequence and drops the inputs: not the same "
        "regularizer. Apply tf.keras.layers.Dropout to the RNN's inputs/outputs by hand"),
    "nn.rnn_cell.ResidualWrapper": "ResidualWrapper has no Keras cell wrapper: add the input to the RNN output by hand",
    "nn.rnn_cell.DeviceWrapper": "DeviceWrapper: use tf.device around the Keras RNN layer instead",
    "nn.rnn_cell.RNNCell": "a subclass of tf.nn.rnn_cell.RNNCell must be ported to a Keras layer with state_size by hand",
    "contrib.rnn.LayerNormBasicLSTMCell": "LayerNormBasicLSTMCell has no Keras core cell (tfa.rnn.LayerNormLSTMCell "
                                          "normalizes differently)",
}
STACK = "nn.rnn_cell.MultiRNNCell"
# contrib.rnn re-exported the core cells
for _table in (CELL_SPECS, CELL_REFUSALS):
    for _name in list(_table):
        _table.setdefault("contrib.rnn." + _name.rpartition(".")[2], _table[_name])
        _table.setdefault("nn.rnn_cell." + _name.rpartition(".")[2], _table[_name])
        _table.setdefault("contrib.rnn.core_rnn_cell." + _name.rpartition(".")[2], _table[_name])

RNN_FUNCTIONS: dict[str, str] = {  # symbol -> the result structure the caller must adapt
    "nn.dynamic_rnn": "dynamic",
    "nn.static_rnn": "static",
    "contrib.rnn.static_rnn": "static",
    "nn.bidirectional_dynamic_rnn": "bidirectional_dynamic",
    "nn.static_bidirectional_rnn": "static_bidirectional",
    "contrib.rnn.static_bidirectional_rnn": "static_bidirectional",
}


# --- documentation rows ---------------------------------------------------------------------------------------------

def _row(tf1: str, tf2: str | None, latest: str | None = SAME, notes: str = "", before: str = "", after: str = "") -> Mapping:
    return Mapping(tf1, tf2, latest, notes, before, after, FAMILY)


def _spec_rows() -> list[Mapping]:
    rows = []
    for table in (LAYER_SPECS, OPTIMIZER_SPECS, SCHEDULE_SPECS, CELL_SPECS):
        for symbol, spec in table.items():
            if symbol in _EXAMPLES:
                continue
            keras = spec.keras.replace("tfa:", "tfa.") if spec.keras.startswith("tfa:") else "tf." + spec.keras
            latest = None if spec.hook == "addons_only" else SAME
            rows.append(_row(symbol, keras, latest, "; ".join(spec.notes)))
    return rows


_EXAMPLES = {
    "layers.dense": ("h = tf.layers.dense(x, 32, activation=tf.nn.relu, name='fc1')",
                     "dense = tf.keras.layers.Dense(32, activation=tf.nn.relu, name='fc1')\nh = dense(x)"),
    "layers.dropout": ("h = tf.layers.dropout(x, 0.3)",
                       "dropout = tf.keras.layers.Dropout(0.3)\nh = dropout(x, training=False)"),
    "contrib.layers.fully_connected": ("h = tf.contrib.layers.fully_connected(x, 32)",
                                       "dense = tf.keras.layers.Dense(32, activation=tf.nn.relu)\nh = dense(x)"),
    "contrib.layers.dropout": ("h = tf.contrib.layers.dropout(x, keep_prob=0.8)",
                               "dropout = tf.keras.layers.Dropout(rate=0.2)\nh = dropout(x, training=True)"),
    "contrib.layers.batch_norm": (
        "h = tf.contrib.layers.batch_norm(x, is_training=train)",
        "batch_norm = tf.keras.layers.BatchNormalization(momentum=0.999, scale=False)\nh = batch_norm(x, training=train)"),
    "train.AdamOptimizer": ("opt = tf.train.AdamOptimizer(0.01, beta1=0.8)",
                            "opt = tf.keras.optimizers.Adam(learning_rate=0.01, beta_1=0.8, epsilon=1e-08)"),
    "train.RMSPropOptimizer": ("opt = tf.train.RMSPropOptimizer(0.01, decay=0.95)",
                               "opt = tf.keras.optimizers.RMSprop(learning_rate=0.01, rho=0.95, epsilon=1e-10)"),
    "train.exponential_decay": (
        "lr = tf.train.exponential_decay(0.1, global_step, 100, 0.96, staircase=True)",
        "lr = tf.keras.optimizers.schedules.ExponentialDecay(0.1, 100, 0.96, staircase=True)  # step: opt.iterations"),
    "nn.rnn_cell.BasicLSTMCell": ("cell = tf.nn.rnn_cell.BasicLSTMCell(64)",
                                  "cell = tf.keras.layers.LSTMCell(64, unit_forget_bias=True)"),
}


def _example_rows() -> list[Mapping]:
    rows = []
    for symbol, (before, after) in _EXAMPLES.items():
        spec = {**LAYER_SPECS, **OPTIMIZER_SPECS, **SCHEDULE_SPECS, **CELL_SPECS}[symbol]
        rows.append(_row(symbol, "tf." + spec.keras, SAME, "; ".join(spec.notes), before, after))
    return rows


def _refusal_rows() -> list[Mapping]:
    return [_row(symbol, None, None, reason) for table in (OPTIMIZER_REFUSALS, SCHEDULE_REFUSALS, CELL_REFUSALS)
            for symbol, reason in table.items()]


_RNN_ROWS = {
    "dynamic": ("tf.keras.layers.RNN(cell, return_sequences=True, return_state=True)", SAME,
                "sequence_length= / initial_state= / time_major=True are refused; returns outputs [B, T, H] then the "
                "state (LSTM: h, c, not LSTMStateTuple(c, h))"),
    "static": ("tf.keras.layers.RNN(cell, return_sequences=True, return_state=True)", SAME,
               "the inputs must be tf.unstack(x, axis=1): the layer runs on x, TF1's list of outputs is "
               "tf.unstack(outputs, axis=1)"),
    "bidirectional_dynamic": (
        "tf.keras.layers.Bidirectional(RNN(fw), backward_layer=RNN(bw, go_backwards=True), merge_mode=None)", SAME,
        "returns out_fw, out_bw (re-aligned in time, as in TF1), then the fw and bw states"),
    "static_bidirectional": (
        "tf.keras.layers.Bidirectional(RNN(fw), backward_layer=RNN(bw, go_backwards=True), merge_mode='concat')",
        SAME, "returns the per-step concatenation of fw and bw outputs (as TF1's list), then the fw and bw states"),
}

MAPPINGS: tuple[Mapping, ...] = (
    *_example_rows(),
    *_spec_rows(),
    *_refusal_rows(),
    _row(STACK, "tf.keras.layers.StackedRNNCells", notes="each cell is converted; state is a list per cell"),
    _row("contrib.rnn.MultiRNNCell", "tf.keras.layers.StackedRNNCells", notes="each cell is converted"),
    *(_row(symbol, *_RNN_ROWS[kind]) for symbol, kind in RNN_FUNCTIONS.items()),
)
