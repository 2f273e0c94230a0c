"""``tf.contrib.opt`` optimizers and ``tf.contrib.seq2seq`` / ``legacy_seq2seq`` losses on ``tf.compat.v1``.

Written out rather than borrowed from tensorflow-addons: tfa's AdamW and
sequence loss are Keras / TF2 objects (``tfa.optimizers.AdamW`` has no
``minimize(loss)`` that builds a v1 graph op), and tfa is end-of-life. The
code follows the TF 1.15 contrib sources.
"""

from __future__ import annotations

import tensorflow.compat.v1 as tf1

__all__ = [
    "extend_with_decoupled_weight_decay",
    "AdamWOptimizer",
    "MomentumWOptimizer",
    "LazyAdamOptimizer",
    "sequence_loss",
    "sequence_loss_by_example",
    "legacy_sequence_loss",
    "rnn_decoder",
]


def extend_with_decoupled_weight_decay(base_optimizer):
    """Return a subclass of a v1 optimizer that first shrinks each variable by ``weight_decay * var``.

    As in contrib (Loshchilov & Hutter), the decay is *not* scaled by the
    learning rate and runs before the base update; ``decay_var_list``
    restricts it to some variables.
    """

    class DecoupledWeightDecay(base_optimizer):
        def __init__(self, weight_decay, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._weight_decay = weight_decay
            self._decay_var_list = None

        def minimize(self, loss, global_step=None, var_list=None, decay_var_list=None, **kwargs):
            self._decay_var_list = set(decay_var_list) if decay_var_list else None
            return super().minimize(loss, global_step=global_step, var_list=var_list, **kwargs)

        def apply_gradients(self, grads_and_vars, global_step=None, name=None, decay_var_list=None):
            if decay_var_list is not None:
                self._decay_var_list = set(decay_var_list)
            return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

        def _prepare(self):
            weight_decay = self._weight_decay() if callable(self._weight_decay) else self._weight_decay
            self._weight_decay_tensor = tf1.convert_to_tensor(weight_decay, name="weight_decay")
            super()._prepare()

        def _decay(self, var):
            if self._decay_var_list and var not in self._decay_var_list:
                return tf1.no_op()
            decay = tf1.cast(self._weight_decay_tensor, var.dtype.base_dtype)
            return var.assign_sub(decay * var, self._use_locking)

        def _apply_dense(self, grad, var):
            with tf1.control_dependencies([self._decay(var)]):
                return super()._apply_dense(grad, var)

        def _resource_apply_dense(self, grad, var):
            with tf1.control_dependencies([self._decay(var)]):
                return super()._resource_apply_dense(grad, var)

        def _apply_sparse(self, grad, var):
            with tf1.control_dependencies([self._decay(var)]):
                return super()._apply_sparse(grad, var)

        def _resource_apply_sparse(self, grad, var, indices):
            with tf1.control_dependencies([self._decay(var)]):
                return super()._resource_apply_sparse(grad, var, indices)

    DecoupledWeightDecay.__name__ = f"{base_optimizer.__name__}WithDecoupledWeightDecay"
    return DecoupledWeightDecay


class AdamWOptimizer(extend_with_decoupled_weight_decay(tf1.train.AdamOptimizer)):
    """contrib.opt.AdamWOptimizer(weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8)."""

    def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False, name="AdamW"):
        super().__init__(weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2, epsilon=epsilon, use_locking=use_locking, name=name)


class MomentumWOptimizer(extend_with_decoupled_weight_decay(tf1.train.MomentumOptimizer)):
    """contrib.opt.MomentumWOptimizer(weight_decay, learning_rate, momentum, ...)."""

    def __init__(self, weight_decay, learning_rate, momentum, use_locking=False, name="MomentumW", use_nesterov=False):
        super().__init__(weight_decay, learning_rate=learning_rate, momentum=momentum, use_locking=use_locking, name=name, use_nesterov=use_nesterov)


class LazyAdamOptimizer(tf1.train.AdamOptimizer):
    """contrib.opt.LazyAdamOptimizer: Adam whose sparse updates touch only the rows in the gradient.

    Dense gradients take plain Adam's path (identical results). For sparse
    gradients (embedding lookups) the moments and weights of absent rows stay
    as they are, where Adam would decay their moments and keep moving them.
    """

    def _lazy_slices(self, values, var, indices):
        # Updated rows of m, v and the weight step, computed from the old rows
        # (as contrib does), so no read has to wait for a scatter.
        dtype = var.dtype.base_dtype
        beta1_power, beta2_power = (tf1.cast(p, dtype) for p in self._get_beta_accumulators())
        lr_t, beta1_t, beta2_t, epsilon_t = (
            tf1.cast(t, dtype) for t in (self._lr_t, self._beta1_t, self._beta2_t, self._epsilon_t)
        )
        lr = lr_t * tf1.sqrt(1 - beta2_power) / (1 - beta1_power)
        m_slice = beta1_t * tf1.gather(self.get_slot(var, "m"), indices) + (1 - beta1_t) * values
        v_slice = beta2_t * tf1.gather(self.get_slot(var, "v"), indices) + (1 - beta2_t) * tf1.square(values)
        return m_slice, v_slice, lr * m_slice / (tf1.sqrt(v_slice) + epsilon_t)

    def _apply_sparse(self, grad, var):
        m_slice, v_slice, step = self._lazy_slices(grad.values, var, grad.indices)
        locking = dict(use_locking=self._use_locking)
        return tf1.group(
            tf1.scatter_update(self.get_slot(var, "m"), grad.indices, m_slice, **locking),
            tf1.scatter_update(self.get_slot(var, "v"), grad.indices, v_slice, **locking),
            tf1.scatter_sub(var, grad.indices, step, **locking),
        )

    def _resource_apply_sparse(self, grad, var, indices):
        from tensorflow.python.ops import resource_variable_ops as rv

        m_slice, v_slice, step = self._lazy_slices(grad, var, indices)
        return tf1.group(
            rv.resource_scatter_update(self.get_slot(var, "m").handle, indices, m_slice),
            rv.resource_scatter_update(self.get_slot(var, "v").handle, indices, v_slice),
            rv.resource_scatter_sub(var.handle, indices, step),
        )


def sequence_loss(
    logits,
    targets,
    weights,
    average_across_timesteps=True,
    average_across_batch=True,
    sum_over_timesteps=False,
    sum_over_batch=False,
    softmax_loss_function=None,
    name=None,
):
    """Weighted cross-entropy of ``[batch, time, classes]`` logits (contrib.seq2seq, TF 1.15)."""
    if len(logits.get_shape()) != 3:
        raise ValueError("Logits must be a [batch_size x sequence_length x logits] tensor")
    if len(targets.get_shape()) != 2:
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if len(weights.get_shape()) != 2:
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to True at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at same time.")
    with tf1.name_scope(name, "sequence_loss", [logits, targets, weights]):
        num_classes = tf1.shape(logits)[2]
        logits_flat = tf1.reshape(logits, [-1, num_classes])
        targets = tf1.reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = tf1.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits_flat)
        else:
            crossent = softmax_loss_function(labels=targets, logits=logits_flat)
        crossent *= tf1.reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            return tf1.div_no_nan(tf1.reduce_sum(crossent), tf1.reduce_sum(weights))
        if sum_over_timesteps and sum_over_batch:
            count = tf1.cast(tf1.count_nonzero(weights), tf1.float32)
            return tf1.div_no_nan(tf1.reduce_sum(crossent), count)
        crossent = tf1.reshape(crossent, tf1.shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            axis = [0] if average_across_batch else [1]
            return tf1.div_no_nan(tf1.reduce_sum(crossent, axis=axis), tf1.reduce_sum(weights, axis=axis))
        if sum_over_timesteps or sum_over_batch:
            axis = [0] if sum_over_batch else [1]
            count = tf1.cast(tf1.count_nonzero(weights, axis=axis), tf1.float32)
            return tf1.div_no_nan(tf1.reduce_sum(crossent, axis=axis), count)
        return crossent


def sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True, softmax_loss_function=None, name=None):
    """legacy_seq2seq: per-example loss over lists of per-timestep logits/targets/weights."""
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError(f"Lengths of logits, weights, and targets must be the same {len(logits)}, {len(weights)}, {len(targets)}.")
    with tf1.name_scope(name, "sequence_loss_by_example", list(logits) + list(targets) + list(weights)):
        log_perps = []
        for logit, target, weight in zip(logits, targets, weights):
            if softmax_loss_function is None:
                crossent = tf1.nn.sparse_softmax_cross_entropy_with_logits(labels=tf1.reshape(target, [-1]), logits=logit)
            else:
                crossent = softmax_loss_function(labels=target, logits=logit)
            log_perps.append(crossent * weight)
        total = tf1.add_n(log_perps)
        if average_across_timesteps:
            total /= tf1.add_n(weights) + 1e-12  # contrib: avoids 0/0 for all-zero weights
        return total


def legacy_sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True, softmax_loss_function=None, name=None):
    """legacy_seq2seq.sequence_loss: the summed per-example loss, averaged over the batch."""
    with tf1.name_scope(name, "sequence_loss", list(logits) + list(targets) + list(weights)):
        cost = tf1.reduce_sum(
            sequence_loss_by_example(
                logits, targets, weights, average_across_timesteps=average_across_timesteps, softmax_loss_function=softmax_loss_function
            )
        )
        if average_across_batch:
            return cost / tf1.cast(tf1.shape(targets[0])[0], cost.dtype)
        return cost


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None, scope=None):
    """legacy_seq2seq.rnn_decoder: run ``cell`` over a list of inputs, sharing its variables."""
    with tf1.variable_scope(scope or "rnn_decoder"):
        state = initial_state
        outputs = []
        prev = None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with tf1.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                tf1.get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state
