"""The TF1 eager API (``tf.enable_eager_execution``, ``tf.contrib.eager``) in TF2: read by ``migrate/rules/tf1_eager.py``.

Provenance: TensorFlow 1.15 sources, read by hand —
``tensorflow/python/eager/backprop.py`` (``implicit_val_and_grad``, ``implicit_grad``,
``val_and_grad_function``, ``gradients_function``, ``make_vjp``),
``tensorflow/contrib/eager/python/metrics_impl.py`` (``Mean`` and ``Accuracy`` default to
``dtype=tf.float64``; calling ``Mean`` returns the sum of the values given, ``Accuracy`` its inputs,
a Keras metric returns its result),
``tensorflow/python/framework/ops.py`` (``enable_eager_execution(config, device_policy,
execution_mode)``) and ``tensorflow/python/training/training_util.py``
(``get_or_create_global_step``: a non-trainable int64 variable named ``global_step``).
Checked against both installed profiles by ``tests/test_tf1_eager.py`` (the helpers run and
give TF1's list shapes on TF 2.15 and on the newest TF). Plain renames of ``tf.contrib.eager``
(``Variable``, ``Iterator``, ``defun``, ``Checkpoint``, ``py_func``...) are rows of
``contrib_map`` and done by the contrib rules; this table holds what needs more than a rename.

To extend: a gradient helper is a template here (``{tf}`` is the file's TensorFlow alias,
``{name}`` the helper's name in the file); a metric is a row of ``METRICS``.
"""

from __future__ import annotations

# tfe.<function>(f, ...) -> (helper stem, template). Each helper is plain TF2 written into the file:
# a GradientTape reproducing TF1's return value (the (gradient, variable) pair list of every trainable
# variable f read, in creation order, or the gradient list of f's chosen positional arguments).
GRADIENT_HELPERS: dict[str, tuple[str, str]] = {
    "contrib.eager.implicit_gradients": ("variable_gradients", '''
def {name}(f):
    """TF1's tf.contrib.eager.implicit_gradients on a tape: f's arguments -> [(gradient, variable), ...]
    for every trainable variable f read, in creation order."""
    def gradients(*args, **kwargs):
        with {tf}.GradientTape() as tape:
            value = f(*args, **kwargs)
        variables = tape.watched_variables()
        if not variables:
            raise ValueError("No trainable variables were accessed while the function was being computed.")
        return list(zip(tape.gradient(value, variables), variables))
    return gradients
'''),
    "contrib.eager.implicit_value_and_gradients": ("value_and_variable_gradients", '''
def {name}(f):
    """TF1's tf.contrib.eager.implicit_value_and_gradients on a tape: f's arguments -> (f's value,
    [(gradient, variable), ...] for every trainable variable f read, in creation order)."""
    def value_and_gradients(*args, **kwargs):
        with {tf}.GradientTape() as tape:
            value = f(*args, **kwargs)
        variables = tape.watched_variables()
        if not variables:
            raise ValueError("No trainable variables were accessed while the function was being computed.")
        return value, list(zip(tape.gradient(value, variables), variables))
    return value_and_gradients
'''),
    "contrib.eager.gradients_function": ("argument_gradients", '''
def {name}(f, params=None):
    """TF1's tf.contrib.eager.gradients_function on a tape: f's arguments -> the list of gradients of f
    with respect to its positional arguments (those at the indices in params, when given)."""
    def gradients(*args, dy=None):
        args = list(args)
        chosen = range(len(args)) if params is None else params
        with {tf}.GradientTape() as tape:
            for i in chosen:
                args[i] = {tf}.convert_to_tensor(args[i])
                tape.watch(args[i])
            value = f(*args)
        return tape.gradient(value, [args[i] for i in chosen], output_gradients=dy)
    return gradients
'''),
    "contrib.eager.value_and_gradients_function": ("value_and_argument_gradients", '''
def {name}(f, params=None):
    """TF1's tf.contrib.eager.value_and_gradients_function on a tape: f's arguments -> (f's value, the
    list of gradients of f with respect to its positional arguments, or those at the indices in params)."""
    def value_and_gradients(*args, dy=None):
        args = list(args)
        chosen = range(len(args)) if params is None else params
        with {tf}.GradientTape() as tape:
            for i in chosen:
                args[i] = {tf}.convert_to_tensor(args[i])
                tape.watch(args[i])
            value = f(*args)
        return value, tape.gradient(value, [args[i] for i in chosen], output_gradients=dy)
    return value_and_gradients
'''),
}

# tfe.metrics.<Class> -> the Keras metric; TF1's parameters are (name=None, dtype=tf.float64) for each.
# Refused when a call's return value is used (TF1 returned the values' sum or the inputs, Keras the result).
METRICS: dict[str, str] = {
    "contrib.eager.metrics.Mean": "keras.metrics.Mean",
    "contrib.eager.metrics.Accuracy": "keras.metrics.Accuracy",
}
METRIC_PARAMS = ("name", "dtype")
METRIC_DTYPE = "float64"  # TF1's default; Keras defaults to float32

# enable_eager_execution(device_policy=tfe.<X>) -> tf.config.experimental.set_device_policy("<x>")
DEVICE_POLICIES: dict[str, str] = {
    "contrib.eager.DEVICE_PLACEMENT_EXPLICIT": "explicit",
    "contrib.eager.DEVICE_PLACEMENT_WARN": "warn",
    "contrib.eager.DEVICE_PLACEMENT_SILENT": "silent",
    "contrib.eager.DEVICE_PLACEMENT_SILENT_FOR_INT32": "silent_for_int32",
}
# enable_eager_execution(execution_mode=tfe.<X>) -> tf.config.experimental.set_synchronous_execution(<bool>)
EXECUTION_MODES: dict[str, bool] = {"contrib.eager.SYNC": True, "contrib.eager.ASYNC": False}

ENABLE = frozenset({"enable_eager_execution", "contrib.eager.enable_eager_execution"})
GLOBAL_STEP = "train.get_or_create_global_step"
# apply_gradients / minimize keywords TF2 has no use for: an op name.
DROPPED_KEYWORDS = frozenset({"name"})
MINIMIZE_KEYWORDS = frozenset({"var_list", "global_step", "name"})

RECIPES = {
    "config": "TF2 has no session config: set threads with tf.config.threading.set_intra_op_parallelism_threads / "
              "set_inter_op_parallelism_threads, GPU memory with tf.config.experimental.set_memory_growth, soft "
              "placement with tf.config.set_soft_device_placement; kept as tf.compat.v1.enable_eager_execution",
}
