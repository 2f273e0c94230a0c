"""Fetches given as a dict and feeds prepared ahead of `sess.run`.

Imitates: TF1 training loops that collect several tensors at once with
`sess.run({"loss": loss, "acc": accuracy, "train": train_op}, feed_dict=feed)` and log them,
a style common in later TF1 projects (and in Stanford CS20 course code).
Constructs: dict fetches, a `make_feed(xb, yb)` helper returning a prepared dict, list fetch of
two metrics for evaluation, `tf.train.GradientDescentOptimizer(...).minimize(loss, var_list=[...])`
with an explicit var_list, breast-cancer data with a 2-class softmax head, `tf.global_variables_initializer()`
as `init`.
Expected accuracy: about 0.96 (143 test samples).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

bc = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(bc.data, bc.target, random_state=0)
mean, std = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

inputs = tf.placeholder(tf.float32, [None, 30], name="inputs")
targets = tf.placeholder(tf.int32, [None], name="targets")

W_hidden = tf.Variable(tf.truncated_normal([30, 16], stddev=0.1), name="W_hidden")
b_hidden = tf.Variable(tf.zeros([16]), name="b_hidden")
W_out = tf.Variable(tf.truncated_normal([16, 2], stddev=0.1), name="W_out")
b_out = tf.Variable(tf.zeros([2]), name="b_out")

hidden = tf.nn.tanh(tf.matmul(inputs, W_hidden) + b_hidden)
logits = tf.matmul(hidden, W_out) + b_out
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits))
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1, output_type=tf.int32), targets), tf.float32))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[W_hidden, b_hidden, W_out, b_out])
init = tf.global_variables_initializer()


def make_feed(xb, yb):
    return {inputs: xb, targets: yb}


with tf.Session() as sess:
    sess.run(init)
    for epoch in range(1, 31):
        perm = np.random.permutation(len(x_train))
        for start in range(0, len(x_train), 32):
            idx = perm[start:start + 32]
            feed = make_feed(x_train[idx], y_train[idx])
            out = sess.run({"loss": loss, "acc": accuracy, "train": train_op}, feed_dict=feed)
        if epoch % 10 == 0:
            print("epoch %d: batch loss %.4f batch acc %.3f" % (epoch, out["loss"], out["acc"]))
    test_loss, test_acc = sess.run([loss, accuracy], feed_dict=make_feed(x_test, y_test))
    print("test loss %.4f" % test_loss)
    print("final accuracy: %.4f" % test_acc)
