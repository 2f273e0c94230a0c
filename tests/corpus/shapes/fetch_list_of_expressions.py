"""A list fetch mixing names and expressions, and `tf.nn.softmax(logits)` built inside the call.

Imitates: notebook code that asks the session for several derived values at once:
`loss_v, acc_v, probs = sess.run([loss, tf.reduce_mean(correct) * 100.0, tf.nn.softmax(logits)], ...)`.
Constructs: a list fetch whose elements are `tf.reduce_mean(...) * 100.0` and
`tf.nn.softmax(logits)` created at run time, `tf.norm(W1)` fetched to monitor the weights,
`tf.layers.dense` network, Adam, `np.argmax(probs, 1)` on the fetched probabilities.
Data: wine, standardized, int labels. Expected accuracy: about 0.98.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

wine = load_wine()
x_train, x_test, y_train, y_test = train_test_split(
    wine.data.astype(np.float32), wine.target.astype(np.int64), test_size=0.3, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

features = tf.placeholder(tf.float32, [None, 13])
labels = tf.placeholder(tf.int64, [None])
hidden = tf.layers.dense(features, 24, activation=tf.nn.relu, name="hidden")
logits = tf.layers.dense(hidden, 3, name="out")
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
correct = tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.float32)
W1 = tf.get_default_graph().get_tensor_by_name("hidden/kernel:0")

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(200):
        sess.run(train_op, feed_dict={features: x_train, labels: y_train})
        if step % 50 == 0:
            loss_v, acc_v, w_norm = sess.run([loss, tf.reduce_mean(correct) * 100.0, tf.norm(W1)],
                                             feed_dict={features: x_train, labels: y_train})
            print("step %3d loss %.4f train acc %.1f%% |W1| %.2f" % (step, loss_v, acc_v, w_norm))
    loss_v, acc_v, probs = sess.run([loss, tf.reduce_mean(correct) * 100.0, tf.nn.softmax(logits)],
                                    feed_dict={features: x_test, labels: y_test})
    assert np.isclose(np.mean(np.argmax(probs, 1) == y_test) * 100.0, acc_v)
    print("final accuracy: %.4f" % (acc_v / 100.0))
