"""Gradient clipping by global norm with `compute_gradients` / `apply_gradients`.

Imitates: TF1 RNN/seq2seq training code (PTB tutorial style) that clips gradients before applying
them, here on an MLP so it trains in seconds.
Constructs: `tvars = tf.trainable_variables()`, `optimizer.compute_gradients(loss, tvars)`,
`tf.clip_by_global_norm(grads, max_grad_norm)`, `optimizer.apply_gradients(zip(grads, tvars),
global_step=global_step)`, `tf.train.get_or_create_global_step()`, AdamOptimizer with `epsilon`,
fetching the global norm, `tf.get_variable` weights in `tf.variable_scope`s.
Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data.astype(np.float32) / 16.0, digits.target, test_size=0.25, random_state=0)

max_grad_norm = 1.0
learning_rate = 0.005


def dense(x, n_in, n_out, scope):
    with tf.variable_scope(scope):
        W = tf.get_variable("W", [n_in, n_out], initializer=tf.random_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [n_out], initializer=tf.zeros_initializer())
    return tf.matmul(x, W) + b


x = tf.placeholder(tf.float32, [None, 64])
y = tf.placeholder(tf.int64, [None])
h = tf.nn.relu(dense(x, 64, 128, "layer1"))
logits = dense(h, 128, 10, "layer2")
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))

global_step = tf.train.get_or_create_global_step()
optimizer = tf.train.AdamOptimizer(learning_rate, epsilon=1e-8)
tvars = tf.trainable_variables()
grads_and_vars = optimizer.compute_gradients(loss, tvars)
grads, global_norm = tf.clip_by_global_norm([g for g, _ in grads_and_vars], max_grad_norm)
train_op = optimizer.apply_gradients(zip(grads, tvars), global_step=global_step)

accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(400):
        idx = np.random.randint(0, len(x_train), 64)
        _, l, norm, step = sess.run([train_op, loss, global_norm, global_step],
                                    feed_dict={x: x_train[idx], y: y_train[idx]})
        if step % 100 == 0:
            print("step %d loss %.4f grad norm %.3f" % (step, l, norm))
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={x: x_test, y: y_test}))
