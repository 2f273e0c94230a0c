"""Layer helpers: each layer owns a variable scope and creates its weights with get_variable."""
import tensorflow as tf


def fc_layer(input_, output_size, name, stddev=0.05, bias_start=0.0):
    shape = input_.get_shape().as_list()
    with tf.variable_scope(name):
        w = tf.get_variable("w", [shape[1], output_size], tf.float32,
                            tf.truncated_normal_initializer(stddev=stddev))
        b = tf.get_variable("b", [output_size], initializer=tf.constant_initializer(bias_start))
        return tf.matmul(input_, w) + b


def accuracy(logits, labels):
    with tf.name_scope("accuracy"):
        correct = tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1))
        return tf.reduce_mean(tf.cast(correct, tf.float32))
