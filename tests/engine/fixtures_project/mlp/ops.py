"""Layers for the MLP, TF1 style: variables under a scope, created with get_variable."""
import tensorflow as tf


def fc_layer(x, n_in, n_out, name, activation=None):
    with tf.variable_scope(name):
        w = tf.get_variable("weights", [n_in, n_out],
                            initializer=tf.truncated_normal_initializer(stddev=0.1, seed=1))
        b = tf.get_variable("biases", [n_out], initializer=tf.constant_initializer(0.1))
        out = tf.matmul(x, w) + b
        if activation is not None:
            out = activation(out)
        return out


def loss_fn(logits, labels):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits))
