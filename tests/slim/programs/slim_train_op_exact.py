"""slim model + losses + train op, deterministic: the losses of 6 steps are compared across TF 1.15 and the migrations.

slim.arg_scope with constant initializers and an l2 regularizer, slim.stack and slim.repeat,
a bare slim.losses call with get_total_loss(), create_train_op with clip_gradient_norm.
"""
import numpy as np
import tensorflow as tf
import tensorflow.contrib.slim as slim

rng = np.random.RandomState(0)
x_np = rng.normal(size=(32, 6)).astype(np.float32)
y_np = np.eye(3, dtype=np.float32)[rng.randint(0, 3, size=32)]

inputs = tf.placeholder(tf.float32, [None, 6])
labels = tf.placeholder(tf.float32, [None, 3])

with slim.arg_scope([slim.fully_connected],
                    weights_initializer=tf.constant_initializer(0.05),
                    biases_initializer=tf.constant_initializer(0.01),
                    weights_regularizer=slim.l2_regularizer(0.01)):
    net = slim.stack(inputs, slim.fully_connected, [16, 12], scope='fc')
    net = slim.repeat(net, 2, slim.fully_connected, 12, activation_fn=tf.nn.tanh, scope='rep')
    logits = slim.fully_connected(net, 3, activation_fn=None, scope='logits')

slim.losses.softmax_cross_entropy(logits, labels)
total_loss = slim.losses.get_total_loss()
optimizer = tf.train.GradientDescentOptimizer(0.5)
train_op = slim.learning.create_train_op(total_loss, optimizer, clip_gradient_norm=0.5)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = []
    for step in range(6):
        loss = sess.run(train_op, feed_dict={inputs: x_np, labels: y_np})
        losses.append(loss)
    print("losses: " + " ".join("%.6f" % v for v in losses))
