"""Softmax regression on the 8x8 digits, "MNIST for ML beginners" style.

Imitates: the official TF1 "MNIST For ML Beginners" tutorial (mnist_softmax.py).
Constructs: module-level graph, `tf.placeholder`, `tf.Variable(tf.zeros(...))`,
`tf.nn.softmax_cross_entropy_with_logits`, `tf.train.GradientDescentOptimizer(...).minimize`,
`with tf.Session() as sess:`, inline `tf.global_variables_initializer()`, feed as a dict literal,
single fetch by name.
Expected accuracy: about 0.95 (test split of 450 digits).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
images = digits.data.astype(np.float32) / 16.0
labels = np.eye(10, dtype=np.float32)[digits.target]
x_train, x_test, y_train, y_test = train_test_split(images, labels, test_size=0.25, random_state=0)

# Create the model
x = tf.placeholder(tf.float32, [None, 64])
W = tf.Variable(tf.zeros([64, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.matmul(x, W) + b

# Define loss and optimizer
y_ = tf.placeholder(tf.float32, [None, 10])
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    # Train
    for i in range(300):
        idx = np.random.choice(len(x_train), 100, replace=False)
        batch_xs, batch_ys = x_train[idx], y_train[idx]
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
    # Test trained model
    acc = sess.run(accuracy, feed_dict={x: x_test, y_: y_test})
    print("final accuracy: %.4f" % acc)
