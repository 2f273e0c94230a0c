"""``tf.contrib.layers.optimize_loss`` and the ``create_train_op`` of contrib.training / TF-Slim, on ``tf.compat.v1``.

Ported from the TF 1.15 sources (``contrib/layers/python/layers/optimizers.py``,
``contrib/training/python/training/training.py``,
``contrib/slim/python/slim/learning.py``). All three return the *loss* tensor
with the gradient update as a control dependency, so ``sess.run(train_op)``
both trains and yields the loss -- the reason TF1 code prints its result.

Kept as contrib had them: ``optimize_loss`` creates a non-trainable
``OptimizeLoss/learning_rate`` variable for a float learning rate, runs
UPDATE_OPS before the loss, clips by *global* norm, and adds the
``loss`` / ``learning_rate`` / ``global_norm/gradient_norm`` summaries by
default. Slim's ``create_train_op`` clips each gradient by *its own* norm
(``clip_gradient_norm``) and wraps the loss in ``check_numerics``.
"""

from __future__ import annotations

import tensorflow.compat.v1 as tf1

__all__ = ["OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES", "optimize_loss", "create_train_op", "slim_create_train_op"]

OPTIMIZER_CLS_NAMES = {
    "Adagrad": tf1.train.AdagradOptimizer,
    "Adam": tf1.train.AdamOptimizer,
    "Ftrl": tf1.train.FtrlOptimizer,
    "Momentum": lambda learning_rate: tf1.train.MomentumOptimizer(learning_rate, momentum=0.9),
    "RMSProp": tf1.train.RMSPropOptimizer,
    "SGD": tf1.train.GradientDescentOptimizer,
}

OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm", "global_gradient_norm"]

_USE_GLOBAL_STEP = 0


def _values(gradient):
    return gradient.values if isinstance(gradient, tf1.IndexedSlices) else gradient


def _scale(gradient, factor):
    if isinstance(gradient, tf1.IndexedSlices):
        return tf1.IndexedSlices(gradient.values * factor, gradient.indices, dense_shape=gradient.dense_shape)
    return gradient * factor


def _multiply_gradients(grads_and_vars, gradient_multipliers, key_of=lambda var: var.name):
    """Scale the gradients of the variables given (or named, ``key_of(var)``) in ``gradient_multipliers``.

    optimize_loss names variables by ``var.name`` ("w:0"), slim by ``var.op.name`` ("w").
    """
    multiplied = []
    for grad, var in grads_and_vars:
        if grad is not None and (var in gradient_multipliers or key_of(var) in gradient_multipliers):
            key = var if var in gradient_multipliers else key_of(var)
            grad = _scale(grad, tf1.cast(gradient_multipliers[key], grad.dtype))
        multiplied.append((grad, var))
    return multiplied


def _add_scaled_noise_to_gradients(grads_and_vars, gradient_noise_scale):
    gradients, variables = zip(*grads_and_vars)
    noisy = []
    for gradient in gradients:
        if gradient is None:
            noisy.append(None)
            continue
        shape = gradient.dense_shape if isinstance(gradient, tf1.IndexedSlices) else gradient.get_shape()
        noisy.append(gradient + tf1.truncated_normal(shape) * gradient_noise_scale)
    return list(zip(noisy, variables))


def _clip_by_global_norm(grads_and_vars, clip_gradients):
    gradients, variables = zip(*grads_and_vars)
    clipped, _ = tf1.clip_by_global_norm(gradients, clip_gradients)
    return list(zip(clipped, variables))


def optimize_loss(
    loss,
    global_step,
    learning_rate,
    optimizer,
    gradient_noise_scale=None,
    gradient_multipliers=None,
    clip_gradients=None,
    learning_rate_decay_fn=None,
    update_ops=None,
    variables=None,
    name=None,
    summaries=None,
    colocate_gradients_with_ops=False,
    increment_global_step=True,
):
    """Build the training op for ``loss``: contrib.layers.optimize_loss of TF 1.15.

    ``optimizer`` is a name from :data:`OPTIMIZER_CLS_NAMES` ("Adam", "SGD",
    ...), an Optimizer subclass, an Optimizer instance, or a callable taking
    the learning rate. Returns the loss with the update as a dependency.
    """
    loss = tf1.convert_to_tensor(loss)
    if loss.shape.ndims not in (None, 0):
        raise ValueError(f"Expected scalar loss, got shape {loss.shape}")
    if global_step is None:
        global_step = tf1.train.get_global_step()
    else:
        tf1.train.assert_global_step(global_step)
    with tf1.variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = set(tf1.get_collection(tf1.GraphKeys.UPDATE_OPS))
        if update_ops:
            with tf1.control_dependencies(list(update_ops)):
                loss = tf1.identity(loss)

        lr = None
        if learning_rate is not None:
            if isinstance(learning_rate, tf1.Tensor) and learning_rate.get_shape().ndims == 0:
                lr = learning_rate
            elif isinstance(learning_rate, float):
                if learning_rate < 0.0:
                    raise ValueError(f"Invalid learning_rate {learning_rate}.")
                lr = tf1.get_variable(
                    "learning_rate", [], trainable=False, initializer=tf1.constant_initializer(learning_rate)
                )
            else:
                raise ValueError(
                    f"Learning rate should be 0d Tensor or float. Got {learning_rate} of type {type(learning_rate)}"
                )
        if summaries is None:
            summaries = ["loss", "learning_rate", "global_gradient_norm"]
        for summ in summaries:
            if summ not in OPTIMIZER_SUMMARIES:
                raise ValueError(f"Summaries should be one of [{', '.join(OPTIMIZER_SUMMARIES)}], you provided {summ}.")
        if learning_rate is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            lr = learning_rate_decay_fn(lr, global_step)
        if lr is not None and "learning_rate" in summaries:
            tf1.summary.scalar("learning_rate", lr)

        if isinstance(optimizer, str):
            if lr is None:
                raise ValueError(f"Learning rate is None, but should be specified if optimizer is string ({optimizer}).")
            if optimizer not in OPTIMIZER_CLS_NAMES:
                raise ValueError(
                    f"Optimizer name should be one of [{', '.join(OPTIMIZER_CLS_NAMES)}], you provided {optimizer}."
                )
            opt = OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
        elif isinstance(optimizer, type) and issubclass(optimizer, tf1.train.Optimizer):
            if lr is None:
                raise ValueError(f"Learning rate is None, but should be specified if optimizer is class ({optimizer}).")
            opt = optimizer(learning_rate=lr)
        elif isinstance(optimizer, tf1.train.Optimizer):
            opt = optimizer
        elif callable(optimizer):
            opt = optimizer(lr) if learning_rate is not None else optimizer()
            if not isinstance(opt, tf1.train.Optimizer):
                raise ValueError(f"Unrecognized optimizer: function should return subclass of Optimizer. Got {opt}.")
        else:
            raise ValueError(
                "Unrecognized optimizer: should be string, subclass of Optimizer, instance of subclass of "
                f"Optimizer or function with one argument. Got {optimizer}."
            )

        if variables is None:
            variables = tf1.trainable_variables()
        gradients = opt.compute_gradients(loss, variables, colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gradient_noise_scale is not None:
            gradients = _add_scaled_noise_to_gradients(gradients, gradient_noise_scale)
        if gradient_multipliers is not None:
            gradients = _multiply_gradients(gradients, gradient_multipliers)
            if not gradients:
                raise ValueError("Empty list of (gradient, var) pairs encountered.")
        if "global_gradient_norm" in summaries or "gradient_norm" in summaries:
            tf1.summary.scalar("global_norm/gradient_norm", tf1.global_norm([g for g, _ in gradients if g is not None]))
        if isinstance(clip_gradients, float):
            gradients = _clip_by_global_norm(gradients, clip_gradients)
        elif callable(clip_gradients):
            gradients = clip_gradients(gradients)
        elif clip_gradients is not None:
            raise ValueError(f"Unknown type {type(clip_gradients)} for clip_gradients")
        if "loss" in summaries:
            tf1.summary.scalar("loss", loss)
        for gradient, variable in gradients:
            if gradient is None:
                continue
            var_name = variable.name.replace(":", "_")
            if "gradients" in summaries:
                tf1.summary.histogram(f"gradients/{var_name}", _values(gradient))
            if "gradient_norm" in summaries:
                tf1.summary.scalar(f"gradient_norm/{var_name}", tf1.global_norm([_values(gradient)]))
        if clip_gradients is not None and ("global_gradient_norm" in summaries or "gradient_norm" in summaries):
            tf1.summary.scalar(
                "global_norm/clipped_gradient_norm", tf1.global_norm([g for g, _ in gradients if g is not None])
            )

        grad_updates = opt.apply_gradients(
            gradients, global_step=global_step if increment_global_step else None, name="train"
        )
        with tf1.control_dependencies([grad_updates]):
            return tf1.identity(loss)


def create_train_op(
    total_loss,
    optimizer,
    global_step=_USE_GLOBAL_STEP,
    update_ops=None,
    variables_to_train=None,
    transform_grads_fn=None,
    summarize_gradients=False,
    gate_gradients=tf1.train.Optimizer.GATE_OP,
    aggregation_method=None,
    colocate_gradients_with_ops=False,
    check_numerics=True,
):
    """contrib.training.create_train_op: run UPDATE_OPS, apply the gradients, return the checked loss."""
    if global_step is _USE_GLOBAL_STEP:
        global_step = tf1.train.get_or_create_global_step()
    global_update_ops = set(tf1.get_collection(tf1.GraphKeys.UPDATE_OPS))
    update_ops = global_update_ops if update_ops is None else set(update_ops)
    if not global_update_ops.issubset(update_ops):
        tf1.logging.warning("update_ops in create_train_op does not contain all the update_ops in GraphKeys.UPDATE_OPS")
    if update_ops:
        with tf1.control_dependencies(update_ops):
            barrier = tf1.no_op(name="update_barrier")
        with tf1.control_dependencies([barrier]):
            total_loss = tf1.identity(total_loss)
    if variables_to_train is None:
        variables_to_train = tf1.trainable_variables()
    if not variables_to_train:
        raise ValueError("create_train_op: no variables to train")
    grads = optimizer.compute_gradients(
        total_loss,
        variables_to_train,
        gate_gradients=gate_gradients,
        aggregation_method=aggregation_method,
        colocate_gradients_with_ops=colocate_gradients_with_ops,
    )
    if transform_grads_fn:
        grads = transform_grads_fn(grads)
    if summarize_gradients:
        with tf1.name_scope("summarize_grads"):
            for grad, var in grads:
                if grad is not None:
                    tf1.summary.histogram(var.op.name + "_gradient", _values(grad))
                    tf1.summary.scalar(var.op.name + "_gradient_norm", tf1.global_norm([_values(grad)]))
    grad_updates = optimizer.apply_gradients(grads, global_step=global_step)
    with tf1.name_scope("train_op"):
        if check_numerics:
            total_loss = tf1.check_numerics(total_loss, "LossTensor is inf or nan")
        with tf1.control_dependencies([grad_updates]):
            train_op = tf1.identity(total_loss)
    train_ops = tf1.get_collection_ref(tf1.GraphKeys.TRAIN_OP)
    if train_op not in train_ops:
        train_ops.append(train_op)
    return train_op


def _clip_each_gradient(grads_and_vars, max_norm):
    """slim.learning.clip_gradient_norms: every gradient clipped by its own norm."""
    clipped = []
    for grad, var in grads_and_vars:
        if grad is not None:
            if isinstance(grad, tf1.IndexedSlices):
                grad = tf1.IndexedSlices(tf1.clip_by_norm(grad.values, max_norm), grad.indices, grad.dense_shape)
            else:
                grad = tf1.clip_by_norm(grad, max_norm)
        clipped.append((grad, var))
    return clipped


def slim_create_train_op(
    total_loss,
    optimizer,
    global_step=_USE_GLOBAL_STEP,
    update_ops=None,
    variables_to_train=None,
    clip_gradient_norm=0,
    summarize_gradients=False,
    gate_gradients=tf1.train.Optimizer.GATE_OP,
    aggregation_method=None,
    colocate_gradients_with_ops=False,
    gradient_multipliers=None,
    check_numerics=True,
):
    """slim.learning.create_train_op: contrib.training's, with per-gradient clipping and multipliers."""

    def transform_grads_fn(grads):
        if gradient_multipliers:
            with tf1.name_scope("multiply_grads"):
                grads = _multiply_gradients(grads, gradient_multipliers, key_of=lambda var: var.op.name)
        if clip_gradient_norm > 0:
            with tf1.name_scope("clip_grads"):
                grads = _clip_each_gradient(grads, clip_gradient_norm)
        return grads

    return create_train_op(
        total_loss,
        optimizer,
        global_step=global_step,
        update_ops=update_ops,
        variables_to_train=variables_to_train,
        transform_grads_fn=transform_grads_fn,
        summarize_gradients=summarize_gradients,
        gate_gradients=gate_gradients,
        aggregation_method=aggregation_method,
        colocate_gradients_with_ops=colocate_gradients_with_ops,
        check_numerics=check_numerics,
    )
