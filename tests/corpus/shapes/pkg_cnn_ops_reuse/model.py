"""The classifier network, built from ops; call it again with reuse=True to share weights."""
import tensorflow as tf

from ops import *


def classifier(image, reuse=False):
    with tf.variable_scope("classifier", reuse=reuse):
        h0 = lrelu(conv2d(image, 16, d_h=2, d_w=2, name='c_h0_conv'))
        h1 = lrelu(conv2d(h0, 32, d_h=2, d_w=2, name='c_h1_conv'))
        h1 = tf.reshape(h1, [-1, 2 * 2 * 32])
        h2 = lrelu(linear(h1, 64, 'c_h2_lin'))
        return linear(h2, 10, 'c_h3_lin')
