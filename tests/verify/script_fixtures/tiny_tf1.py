"""A tiny TF1 program for `tf-migrate verify SCRIPT`: softmax regression on scikit-learn's digits.

Seeds come from outside (the verify launcher); the batches are drawn with numpy's global RNG.
Expected accuracy: about 0.9 after 60 steps.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

digits = load_digits()
images = (digits.data / 16.0).astype(np.float32)
labels = np.eye(10, dtype=np.float32)[digits.target]
x_train, y_train, x_test, y_test = images[:1400], labels[:1400], images[1400:], labels[1400:]

x = tf.placeholder(tf.float32, [None, 64])
y_ = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.truncated_normal([64, 10], stddev=0.1))
b = tf.Variable(tf.zeros([10]))
logits = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1)), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(60):
        idx = np.random.choice(len(x_train), 50, replace=False)
        _, value = sess.run([train_step, loss], feed_dict={x: x_train[idx], y_: y_train[idx]})
        if step % 20 == 0:
            print("step %d, loss %.4f" % (step, value))
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={x: x_test, y_: y_test}))
