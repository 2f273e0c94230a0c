"""``tf.contrib.layers`` / ``tf.contrib.framework`` / TF-Slim layers, rebuilt on ``tf.compat.v1``.

Each function follows the TF 1.15 contrib source: same defaults (notably
``activation_fn=relu`` for ``fully_connected`` and ``conv2d``), the same
variable names (``fully_connected/weights``, ``Conv/biases``,
``BatchNorm/moving_mean`` ...) so TF1 checkpoints still load, the same
collections (GLOBAL_VARIABLES + MODEL_VARIABLES, REGULARIZATION_LOSSES via
``get_variable(regularizer=...)``) and the same numerics. The public layers are
decorated with :func:`add_arg_scope`, so ``slim.arg_scope`` works with them.
"""

from __future__ import annotations

import contextlib
import functools
import math
import numbers
import threading

import tensorflow.compat.v1 as tf1

__all__ = [
    "add_arg_scope",
    "arg_scope",
    "arg_scoped_arguments",
    "has_arg_scope",
    "current_arg_scope",
    "variance_scaling_initializer",
    "xavier_initializer",
    "l1_regularizer",
    "l2_regularizer",
    "l1_l2_regularizer",
    "sum_regularizer",
    "apply_regularization",
    "fully_connected",
    "linear",
    "conv2d",
    "conv2d_transpose",
    "max_pool2d",
    "avg_pool2d",
    "flatten",
    "dropout",
    "batch_norm",
    "layer_norm",
    "embed_sequence",
    "repeat",
    "stack",
    "get_variables",
    "get_model_variables",
    "get_variables_to_restore",
    "assign_from_checkpoint_fn",
]

# --- arg_scope ---------------------------------------------------------------

_STATE = threading.local()
_DECORATED = {}


def _scope_stack():
    if not hasattr(_STATE, "stack"):
        _STATE.stack = [{}]
    return _STATE.stack


def _key(op):
    return getattr(op, "_key_op", str(op))


def current_arg_scope():
    return _scope_stack()[-1]


def has_arg_scope(func):
    return _key(func) in _DECORATED


def arg_scoped_arguments(func):
    return _DECORATED[_key(func)]


def add_arg_scope(func):
    """Let ``arg_scope`` supply default keyword arguments to ``func``."""
    key = (func.__module__, func.__name__)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        merged = dict(current_arg_scope().get(key, {}))
        merged.update(kwargs)  # explicit arguments win, as in contrib
        return func(*args, **merged)

    wrapper._key_op = key
    _DECORATED[key] = func.__code__.co_varnames[: func.__code__.co_argcount]
    return wrapper


@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
    """Set default keyword arguments for the listed ops; reusable by passing the yielded dict."""
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a dictionary, kwargs must be empty.")
        current = list_ops_or_scope.copy()
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused scope (i.e. dict)")
        current = {k: dict(v) for k, v in current_arg_scope().items()}
        for op in list_ops_or_scope:
            if not has_arg_scope(op):
                raise ValueError(f"{getattr(op, '__name__', op)} is not decorated with @add_arg_scope")
            current.setdefault(_key(op), {}).update(kwargs)
    _scope_stack().append(current)
    try:
        yield current
    finally:
        _scope_stack().pop()


# --- initializers and regularizers ------------------------------------------


def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None, dtype=tf1.float32):
    """He-style initializer with contrib's constants (truncated normal stddev sqrt(1.3 * factor / n)).

    ``tf.compat.v1.variance_scaling_initializer`` corrects the truncation with
    0.8796 instead of contrib's 1.3, so it is not a bit-for-bit twin.
    """
    if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
        raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")
    if not tf1.as_dtype(dtype).is_floating:
        raise TypeError("Cannot create initializer for non-floating point type.")

    def _initializer(shape, dtype=dtype, partition_info=None):
        if partition_info is not None:
            shape = partition_info.full_shape
        shape = [int(d) for d in shape]
        fan_in = float(shape[-2] if len(shape) > 1 else shape[-1]) if shape else 1.0
        fan_out = float(shape[-1]) if shape else 1.0
        for dim in shape[:-2]:
            fan_in *= dim
            fan_out *= dim
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[mode]
        if uniform:
            limit = math.sqrt(3.0 * factor / n)
            return tf1.random_uniform(shape, -limit, limit, dtype, seed=seed)
        return tf1.truncated_normal(shape, 0.0, math.sqrt(1.3 * factor / n), dtype, seed=seed)

    return _initializer


def xavier_initializer(uniform=True, seed=None, dtype=tf1.float32):
    """Glorot: variance scaling with factor 1 over the average fan."""
    return variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=uniform, seed=seed, dtype=dtype)


def _check_scale(scale):
    if isinstance(scale, numbers.Integral):
        raise ValueError(f"scale cannot be an integer: {scale}")
    if isinstance(scale, numbers.Real):
        if scale < 0.0:
            raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale}")
        return scale != 0.0
    return True


def l1_regularizer(scale, scope=None):
    """``scale * sum(|w|)``."""
    if not _check_scale(scale):
        return lambda _: None

    def l1(weights):
        with tf1.name_scope(scope, "l1_regularizer", [weights]) as name:
            my_scale = tf1.convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return tf1.multiply(my_scale, tf1.reduce_sum(tf1.abs(weights)), name=name)

    return l1


def l2_regularizer(scale, scope=None):
    """``scale * sum(w**2) / 2`` (``tf.nn.l2_loss``) -- half of Keras' ``L2(scale)``."""
    if not _check_scale(scale):
        return lambda _: None

    def l2(weights):
        with tf1.name_scope(scope, "l2_regularizer", [weights]) as name:
            my_scale = tf1.convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return tf1.multiply(my_scale, tf1.nn.l2_loss(weights), name=name)

    return l2


def sum_regularizer(regularizer_list, scope=None):
    regularizer_list = [r for r in regularizer_list if r]
    if not regularizer_list:
        return None

    def sum_reg(weights):
        with tf1.name_scope(scope, "sum_regularizer", [weights]) as name:
            penalties = [p for p in (r(weights) for r in regularizer_list) if p is not None]
            return tf1.add_n(penalties, name=name)

    return sum_reg


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


def apply_regularization(regularizer, weights_list=None):
    """Sum ``regularizer`` over the weights and add the total to REGULARIZATION_LOSSES."""
    if not weights_list:
        weights_list = tf1.get_collection(tf1.GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with tf1.name_scope("get_regularization_penalty", values=weights_list) as scope:
        penalties = [p for p in (regularizer(w) for w in weights_list) if p is not None]
        summed = tf1.add_n(penalties, name=scope) if penalties else tf1.constant(0.0)
        tf1.add_to_collection(tf1.GraphKeys.REGULARIZATION_LOSSES, summed)
        return summed


# --- layers ------------------------------------------------------------------


def _collections(variables_collections, name):
    if isinstance(variables_collections, dict):
        extra = variables_collections.get(name, None)
    else:
        extra = variables_collections
    extra = [extra] if isinstance(extra, str) else list(extra or [])
    return [tf1.GraphKeys.GLOBAL_VARIABLES, tf1.GraphKeys.MODEL_VARIABLES] + extra


def _model_variable(name, shape, dtype, initializer, regularizer, variables_collections, trainable):
    return tf1.get_variable(
        name,
        shape=shape,
        dtype=dtype,
        initializer=initializer,
        regularizer=regularizer,
        trainable=trainable,
        collections=_collections(variables_collections, name),
    )


def _collect_outputs(outputs_collections, alias, outputs):
    if outputs_collections:
        if isinstance(alias, str) and alias.endswith("/"):
            alias = alias[:-1]
        outputs.alias = alias
        tf1.add_to_collections(outputs_collections, outputs)
    return outputs


def _pair(value):
    return [int(value)] * 2 if isinstance(value, numbers.Integral) else [int(v) for v in value]


@add_arg_scope
def fully_connected(
    inputs,
    num_outputs,
    activation_fn=tf1.nn.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=None,
    weights_regularizer=None,
    biases_initializer=tf1.zeros_initializer(),
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """Dense layer; note the default ``activation_fn`` is ReLU, unlike Keras ``Dense``."""
    with tf1.variable_scope(scope, "fully_connected", [inputs], reuse=reuse) as sc:
        inputs = tf1.convert_to_tensor(inputs)
        dtype = inputs.dtype.base_dtype
        num_inputs = inputs.shape[-1]
        if num_inputs is None:
            raise ValueError("The last dimension of the inputs to fully_connected must be defined.")
        weights = _model_variable(
            "weights",
            [int(num_inputs), int(num_outputs)],
            dtype,
            weights_initializer or xavier_initializer(),
            weights_regularizer,
            variables_collections,
            trainable,
        )
        if inputs.shape.ndims == 2:
            outputs = tf1.matmul(inputs, weights)
        else:
            outputs = tf1.tensordot(inputs, weights, [[inputs.shape.ndims - 1], [0]])
        if normalizer_fn is None and biases_initializer is not None:
            biases = _model_variable(
                "biases", [int(num_outputs)], dtype, biases_initializer, biases_regularizer, variables_collections, trainable
            )
            outputs = tf1.nn.bias_add(outputs, biases)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_outputs(outputs_collections, sc.name, outputs)


def linear(inputs, num_outputs, scope=None, **kwargs):
    """``fully_connected`` without an activation."""
    return fully_connected(inputs, num_outputs, activation_fn=None, scope=scope, **kwargs)


@add_arg_scope
def conv2d(
    inputs,
    num_outputs,
    kernel_size,
    stride=1,
    padding="SAME",
    data_format=None,
    rate=1,
    activation_fn=tf1.nn.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=None,
    weights_regularizer=None,
    biases_initializer=tf1.zeros_initializer(),
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """2-D convolution with contrib defaults: SAME padding, ReLU, variables ``Conv/weights``."""
    data_format = data_format or "NHWC"
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"data_format has to be either NCHW or NHWC, got {data_format}")
    with tf1.variable_scope(scope, "Conv", [inputs], reuse=reuse) as sc:
        inputs = tf1.convert_to_tensor(inputs)
        dtype = inputs.dtype.base_dtype
        channels = inputs.shape[1 if data_format == "NCHW" else -1]
        kh, kw = _pair(kernel_size)
        weights = _model_variable(
            "weights",
            [kh, kw, int(channels), int(num_outputs)],
            dtype,
            weights_initializer or xavier_initializer(),
            weights_regularizer,
            variables_collections,
            trainable,
        )
        outputs = tf1.nn.convolution(
            inputs,
            weights,
            padding=padding.upper(),
            strides=_pair(stride),
            dilation_rate=_pair(rate),
            data_format=data_format,
        )
        if normalizer_fn is None and biases_initializer is not None:
            biases = _model_variable(
                "biases", [int(num_outputs)], dtype, biases_initializer, biases_regularizer, variables_collections, trainable
            )
            outputs = tf1.nn.bias_add(outputs, biases, data_format=data_format)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def conv2d_transpose(
    inputs,
    num_outputs,
    kernel_size,
    stride=1,
    padding="SAME",
    data_format="NHWC",
    activation_fn=tf1.nn.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=None,
    weights_regularizer=None,
    biases_initializer=tf1.zeros_initializer(),
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """Transposed 2-D convolution with contrib defaults: SAME, ReLU, variables ``Conv2d_transpose/weights``.

    The kernel is ``[kh, kw, num_outputs, in_channels]``; the output size is
    ``in * stride`` (SAME) or ``in * stride + max(k - stride, 0)`` (VALID).
    """
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"data_format has to be either NCHW or NHWC, got {data_format}")
    with tf1.variable_scope(scope, "Conv2d_transpose", [inputs], reuse=reuse) as sc:
        inputs = tf1.convert_to_tensor(inputs)
        dtype = inputs.dtype.base_dtype
        h_axis, w_axis, c_axis = (2, 3, 1) if data_format == "NCHW" else (1, 2, 3)
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(stride)
        weights = _model_variable(
            "weights",
            [kh, kw, int(num_outputs), int(inputs.shape[c_axis])],
            dtype,
            weights_initializer or xavier_initializer(),
            weights_regularizer,
            variables_collections,
            trainable,
        )

        def out_size(size, k, s):
            if padding.upper() == "VALID":
                return size * s + max(k - s, 0)
            return size * s

        dynamic = tf1.shape(inputs)
        height, width = dynamic[h_axis], dynamic[w_axis]
        out_h, out_w = out_size(height, kh, sh), out_size(width, kw, sw)
        if data_format == "NCHW":
            output_shape = tf1.stack([dynamic[0], num_outputs, out_h, out_w])
            strides = [1, 1, sh, sw]
        else:
            output_shape = tf1.stack([dynamic[0], out_h, out_w, num_outputs])
            strides = [1, sh, sw, 1]
        outputs = tf1.nn.conv2d_transpose(
            inputs, weights, output_shape, strides, padding=padding.upper(), data_format=data_format
        )
        static = inputs.shape.as_list()
        static_out = list(static)
        static_out[c_axis] = int(num_outputs)
        for axis, k, s in ((h_axis, kh, sh), (w_axis, kw, sw)):
            static_out[axis] = out_size(static[axis], k, s) if static[axis] is not None else None
        outputs.set_shape(static_out)
        if normalizer_fn is None and biases_initializer is not None:
            biases = _model_variable(
                "biases", [int(num_outputs)], dtype, biases_initializer, biases_regularizer, variables_collections, trainable
            )
            outputs = tf1.nn.bias_add(outputs, biases, data_format=data_format)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_outputs(outputs_collections, sc.name, outputs)


def _pool(pool_fn, default_name, inputs, kernel_size, stride, padding, data_format, outputs_collections, scope):
    with tf1.name_scope(scope, default_name, [inputs]) as sc:
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(stride)
        if data_format == "NCHW":
            ksize, strides = [1, 1, kh, kw], [1, 1, sh, sw]
        else:
            ksize, strides = [1, kh, kw, 1], [1, sh, sw, 1]
        outputs = pool_fn(inputs, ksize, strides, padding.upper(), data_format=data_format)
        return _collect_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def max_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC", outputs_collections=None, scope=None):
    return _pool(tf1.nn.max_pool2d, "MaxPool2D", inputs, kernel_size, stride, padding, data_format, outputs_collections, scope)


@add_arg_scope
def avg_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC", outputs_collections=None, scope=None):
    return _pool(tf1.nn.avg_pool2d, "AvgPool2D", inputs, kernel_size, stride, padding, data_format, outputs_collections, scope)


@add_arg_scope
def flatten(inputs, outputs_collections=None, scope=None):
    """``[batch, ...] -> [batch, k]``, keeping the static size of ``k`` when known."""
    with tf1.name_scope(scope, "Flatten", [inputs]) as sc:
        inputs = tf1.convert_to_tensor(inputs)
        if inputs.shape.ndims is None or inputs.shape.ndims < 2:
            raise ValueError(f"Inputs must have a least 2 dimensions, got {inputs.shape}")
        inner = inputs.shape[1:]
        k = int(math.prod(inner)) if inner.is_fully_defined() else -1
        outputs = tf1.reshape(inputs, tf1.stack([tf1.shape(inputs)[0], k]))
        outputs.set_shape([inputs.shape[0], k if k >= 0 else None])
        return _collect_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True, outputs_collections=None, scope=None, seed=None):
    """Dropout that *keeps* ``keep_prob`` of the units; the identity when not training."""
    with tf1.name_scope(scope, "Dropout", [inputs]) as sc:
        inputs = tf1.convert_to_tensor(inputs)

        def drop():
            return tf1.nn.dropout(inputs, rate=1 - keep_prob, noise_shape=noise_shape, seed=seed)

        if isinstance(is_training, bool):
            outputs = drop() if is_training else tf1.identity(inputs)
        else:
            outputs = tf1.cond(tf1.cast(is_training, tf1.bool), drop, lambda: tf1.identity(inputs))
        return _collect_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def batch_norm(
    inputs,
    decay=0.999,
    center=True,
    scale=False,
    epsilon=0.001,
    activation_fn=None,
    param_initializers=None,
    param_regularizers=None,
    updates_collections=tf1.GraphKeys.UPDATE_OPS,
    is_training=True,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    batch_weights=None,
    fused=None,
    data_format="NHWC",
    zero_debias_moving_mean=False,
    scope=None,
):
    """Batch norm with contrib defaults: no gamma (``scale=False``), momentum ``decay=0.999``.

    Moving-average updates go to UPDATE_OPS (run them with
    ``tf.control_dependencies``) or, with ``updates_collections=None``, run
    with the output.
    """
    if batch_weights is not None or zero_debias_moving_mean:
        raise NotImplementedError(
            "tf.contrib.layers.batch_norm(batch_weights=..., zero_debias_moving_mean=True) is not provided "
            "by the tf-migrate runtime"
        )
    param_initializers = param_initializers or {}
    param_regularizers = param_regularizers or {}
    with tf1.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        inputs = tf1.convert_to_tensor(inputs)
        layer = tf1.layers.BatchNormalization(
            axis=1 if data_format == "NCHW" else -1,
            momentum=decay,
            epsilon=epsilon,
            center=center,
            scale=scale,
            beta_initializer=param_initializers.get("beta", tf1.zeros_initializer()),
            gamma_initializer=param_initializers.get("gamma", tf1.ones_initializer()),
            moving_mean_initializer=param_initializers.get("moving_mean", tf1.zeros_initializer()),
            moving_variance_initializer=param_initializers.get("moving_variance", tf1.ones_initializer()),
            beta_regularizer=param_regularizers.get("beta"),
            gamma_regularizer=param_regularizers.get("gamma"),
            trainable=trainable,
            fused=fused,
            name=sc.name,
            _scope=sc,
            _reuse=reuse,
        )
        outputs = layer.apply(inputs, training=is_training)
        for var, name in ((layer.moving_mean, "moving_mean"), (layer.moving_variance, "moving_variance")):
            for collection in _collections(variables_collections, name)[1:]:
                tf1.add_to_collection(collection, var)
        if updates_collections is not tf1.GraphKeys.UPDATE_OPS:
            # The layer filed its updates under UPDATE_OPS; move or inline them as asked.
            updates = [u for u in layer.updates if not callable(u)]
            registered = tf1.get_collection_ref(tf1.GraphKeys.UPDATE_OPS)
            registered[:] = [u for u in registered if all(u is not v for v in updates)]
            if updates_collections is None:
                with tf1.control_dependencies(updates):
                    outputs = tf1.identity(outputs)
            else:
                for u in updates:
                    tf1.add_to_collections(updates_collections, u)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def layer_norm(
    inputs,
    center=True,
    scale=True,
    activation_fn=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    begin_norm_axis=1,
    begin_params_axis=-1,
    scope=None,
):
    """Layer norm with contrib's epsilon of 1e-12 (Keras uses 1e-3)."""
    with tf1.variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = tf1.convert_to_tensor(inputs)
        rank = inputs.shape.ndims
        if rank is None:
            raise ValueError(f"Inputs {inputs.name} has undefined rank.")
        dtype = inputs.dtype.base_dtype
        if begin_norm_axis < 0:
            begin_norm_axis += rank
        if begin_params_axis >= rank or begin_norm_axis >= rank:
            raise ValueError("begin_params_axis and begin_norm_axis must be < rank")
        params_shape = inputs.shape[begin_params_axis:]
        beta = gamma = None
        if center:
            beta = _model_variable(
                "beta", params_shape, dtype, tf1.zeros_initializer(), None, variables_collections, trainable
            )
        if scale:
            gamma = _model_variable(
                "gamma", params_shape, dtype, tf1.ones_initializer(), None, variables_collections, trainable
            )
        mean, variance = tf1.nn.moments(inputs, list(range(begin_norm_axis, rank)), keep_dims=True)
        epsilon = 1e-12 if dtype != tf1.float16 else 1e-3
        outputs = tf1.nn.batch_normalization(inputs, mean, variance, offset=beta, scale=gamma, variance_epsilon=epsilon)
        outputs.set_shape(inputs.shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def embed_sequence(
    ids,
    vocab_size=None,
    embed_dim=None,
    unique=False,
    initializer=None,
    regularizer=None,
    trainable=True,
    scope=None,
    reuse=None,
):
    """``[batch, time]`` ids -> ``[batch, time, embed_dim]`` through a model variable ``EmbedSequence/embeddings``.

    As contrib: the table's initializer defaults to ``get_variable``'s (Glorot
    uniform), the lookup is ``tf.nn.embedding_lookup`` (a sparse gradient),
    and ``unique=True`` looks each distinct id up once.
    """
    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError(
            "Must specify vocab size and embedding dimension when not reusing. "
            f"Got vocab_size={vocab_size} and embed_dim={embed_dim}"
        )
    with tf1.variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        shape = None if (reuse and vocab_size is None or embed_dim is None) else [vocab_size, embed_dim]
        embeddings = _model_variable("embeddings", shape, tf1.float32, initializer, regularizer, None, trainable)
        if not unique:
            return tf1.nn.embedding_lookup(embeddings, ids)
        ids = tf1.convert_to_tensor(ids)
        unique_ids, positions = tf1.unique(tf1.reshape(ids, [-1]))
        looked_up = tf1.gather(tf1.nn.embedding_lookup(embeddings, unique_ids), positions)
        outputs = tf1.reshape(looked_up, tf1.concat([tf1.shape(ids), tf1.shape(looked_up)[1:]], 0))
        outputs.set_shape(ids.shape.concatenate(looked_up.shape[1:]))
        return outputs


def repeat(inputs, repetitions, layer, *args, **kwargs):
    """``layer`` applied ``repetitions`` times, scopes ``<scope>/<scope>_1``, ``_2`` ... (slim)."""
    scope = kwargs.pop("scope", None)
    with tf1.variable_scope(scope, "Repeat", [inputs]):
        outputs = tf1.convert_to_tensor(inputs)
        if scope is None:
            scope = getattr(layer, "__name__", None) or getattr(getattr(layer, "func", None), "__name__", "repeat")
        for i in range(repetitions):
            kwargs["scope"] = f"{scope}_{i + 1}"
            outputs = layer(outputs, *args, **kwargs)
        return outputs


def stack(inputs, layer, stack_args, **kwargs):
    """``layer`` applied once per element of ``stack_args`` (slim)."""
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, (list, tuple)):
        raise ValueError("stack_args need to be a list or tuple")
    with tf1.variable_scope(scope, "Stack", [inputs]):
        outputs = tf1.convert_to_tensor(inputs)
        if scope is None:
            scope = getattr(layer, "__name__", None) or getattr(getattr(layer, "func", None), "__name__", "stack")
        for i, args in enumerate(stack_args):
            kwargs["scope"] = f"{scope}_{i + 1}"
            args = args if isinstance(args, (list, tuple)) else [args]
            outputs = layer(outputs, *args, **kwargs)
        return outputs


def get_variables(scope=None, suffix=None, collection=tf1.GraphKeys.GLOBAL_VARIABLES):
    """Variables in ``collection`` whose name matches ``scope`` (a regex prefix) and ends in ``suffix``."""
    if isinstance(scope, tf1.VariableScope):
        scope = scope.name
    if suffix is not None:
        if ":" not in suffix:
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    return tf1.get_collection(collection, scope)


def get_model_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, tf1.GraphKeys.MODEL_VARIABLES)


def get_variables_to_restore(include=None, exclude=None):
    """Global variables under the ``include`` scopes minus those under ``exclude`` (slim)."""
    for name, value in (("include", include), ("exclude", exclude)):
        if value is not None and not isinstance(value, (list, tuple)):
            raise TypeError(f"{name} is provided but is not a list or a tuple.")
    candidates = get_variables() if include is None else [v for scope in include for v in get_variables(scope)]
    excluded = {id(v) for scope in exclude or [] for v in get_variables(scope)}
    return [v for v in candidates if id(v) not in excluded]


def assign_from_checkpoint_fn(model_path, var_list, ignore_missing_vars=False, reshape_variables=False):
    """A ``callback(session)`` restoring ``var_list`` from ``model_path`` (None if nothing to restore)."""
    if not var_list:
        raise ValueError("var_list cannot be empty")
    if ignore_missing_vars:
        reader = tf1.train.NewCheckpointReader(model_path)
        var_dict = var_list if isinstance(var_list, dict) else {v.op.name: v for v in var_list}
        var_list = {name: v for name, v in var_dict.items() if reader.has_tensor(name)}
        for name in set(var_dict) - set(var_list):
            tf1.logging.warning("Variable %s missing in checkpoint %s", name, model_path)
    if not var_list:
        tf1.logging.warning("No Variables to restore")
        return None
    saver = tf1.train.Saver(var_list, reshape=reshape_variables)

    def callback(session):
        saver.restore(session, model_path)

    return callback
