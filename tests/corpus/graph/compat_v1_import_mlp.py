"""A TF1 MLP already half-ported: `import tensorflow.compat.v1 as tf` + `tf.disable_v2_behavior()`.

Imitates: code bases that took the first migration step from the TF 2.0 guide (swap the import,
disable v2 behaviour) and otherwise still use sessions and placeholders.
Constructs: `import tensorflow.compat.v1 as tf`, `tf.disable_v2_behavior()`, `tf.layers.dense`,
`tf.nn.softmax_cross_entropy_with_logits_v2`, `tf.train.AdamOptimizer`, `with tf.Session() as sess:`,
`tf.random_normal_initializer`, dict literal feeds, breast-cancer data with one-hot labels.
Expected accuracy: about 0.96 (143 test samples).
"""
import numpy as np
import tensorflow.compat.v1 as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

tf.disable_v2_behavior()

np.random.seed(0)
tf.set_random_seed(0)

data = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(data.data, data.target, random_state=0)
scale_mean, scale_std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = (x_train - scale_mean) / scale_std
x_test = (x_test - scale_mean) / scale_std
y_train_1h = np.eye(2)[y_train]
y_test_1h = np.eye(2)[y_test]

x = tf.placeholder(tf.float32, [None, 30])
y = tf.placeholder(tf.float32, [None, 2])
init = tf.random_normal_initializer(stddev=0.1)
h = tf.layers.dense(x, 32, activation=tf.nn.relu, kernel_initializer=init)
logits = tf.layers.dense(h, 2, kernel_initializer=init)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train = tf.train.AdamOptimizer(0.001).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(30):
        order = np.random.permutation(len(x_train))
        for i in range(0, len(order), 32):
            batch = order[i:i + 32]
            sess.run(train, feed_dict={x: x_train[batch], y: y_train_1h[batch]})
        if epoch % 10 == 9:
            print("epoch %d loss %.4f" % (epoch + 1, sess.run(loss, feed_dict={x: x_train, y: y_train_1h})))
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={x: x_test, y: y_test_1h}))
