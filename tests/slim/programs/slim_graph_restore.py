"""slim in a program that stays in graph mode: normalizer_fn=slim.batch_norm, get_variables_to_restore +
assign_from_checkpoint_fn, get_variables(scope, suffix). Deterministic; prints the losses and what was restored.
"""
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf
import tensorflow.contrib.slim as slim

rng = np.random.RandomState(0)
x_np = rng.normal(size=(32, 6)).astype(np.float32)
y_np = rng.randint(0, 3, size=32).astype(np.int64)
path = os.path.join(tempfile.mkdtemp(prefix="slim_graph_"), "model.ckpt")
bn_params = {'decay': 0.9, 'epsilon': 1e-5, 'is_training': True}


def build(classes):
    inputs = tf.placeholder(tf.float32, [None, 6])
    labels = tf.placeholder(tf.int64, [None])
    with slim.arg_scope([slim.fully_connected], weights_initializer=tf.constant_initializer(0.05)):
        with tf.variable_scope('body'):
            net = slim.fully_connected(inputs, 8, normalizer_fn=slim.batch_norm, normalizer_params=bn_params,
                                       scope='fc1')
        logits = slim.fully_connected(net, classes, activation_fn=None, scope='logits')
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = tf.train.GradientDescentOptimizer(0.3).minimize(loss)
    return inputs, labels, loss, train_op


inputs, labels, loss, train_op = build(3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = [sess.run([train_op, loss], {inputs: x_np, labels: y_np})[1] for _ in range(4)]
    tf.train.Saver().save(sess, path)

tf.reset_default_graph()
inputs, labels, loss, train_op = build(3)
restore = slim.get_variables_to_restore(exclude=['logits'])
init_fn = slim.assign_from_checkpoint_fn(path, restore)
moving = slim.get_variables(scope='body', suffix='moving_mean')
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    init_fn(sess)
    print("restored: %d, moving means: %d, mean %.6f" % (len(restore), len(moving), sess.run(moving[0]).sum()))
    second = [sess.run([train_op, loss], {inputs: x_np, labels: y_np})[1] for _ in range(4)]
shutil.rmtree(os.path.dirname(path), ignore_errors=True)
print("losses: " + " ".join("%.6f" % v for v in first + second))
