"""The network, written with tf.contrib.layers."""
import tensorflow as tf

layers = tf.contrib.layers


def build_network(images, num_classes, hidden=(128, 64)):
    net = layers.flatten(images)
    for units in hidden:
        net = layers.fully_connected(net, units,
                                     weights_initializer=layers.xavier_initializer(),
                                     weights_regularizer=layers.l2_regularizer(1e-4))
    return layers.fully_connected(net, num_classes, activation_fn=None)
