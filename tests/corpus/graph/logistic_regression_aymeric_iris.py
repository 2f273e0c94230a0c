"""Multinomial logistic regression on iris, aymericdamien TensorFlow-Examples style.

Imitates: aymericdamien/TensorFlow-Examples `logistic_regression.py` (softmax + hand-written
cross-entropy with `tf.log` and `reduction_indices`, `display_step`, epoch cost printout).
Constructs: `tf.nn.softmax`, `-tf.reduce_sum(y * tf.log(pred), reduction_indices=1)`,
GradientDescent, named `init`, `with tf.Session() as sess:`, `_, c = sess.run([...], feed_dict=...)`,
`accuracy.eval({x: ..., y: ...})` on the `with` session, the
`print("Epoch:", '%04d' % (epoch+1), "cost=", "{:.9f}".format(avg_cost))` line.
Expected accuracy: about 0.97 (38 test flowers).
"""
from __future__ import print_function

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

iris = load_iris()
features = iris.data.astype(np.float32)
features = (features - features.mean(axis=0)) / features.std(axis=0)
onehot = np.eye(3, dtype=np.float32)[iris.target]
train_X, test_X, train_Y, test_Y = train_test_split(features, onehot, random_state=0)

# Parameters
learning_rate = 0.1
training_epochs = 100
batch_size = 16
display_step = 20

# tf Graph Input
x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 3])

# Set model weights
W = tf.Variable(tf.zeros([4, 3]))
b = tf.Variable(tf.zeros([3]))

# Construct model
pred = tf.nn.softmax(tf.matmul(x, W) + b)  # Softmax

# Minimize error using cross entropy
cost = tf.reduce_mean(-tf.reduce_sum(y * tf.log(pred), reduction_indices=1))
# Gradient Descent
optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)

# Initialize the variables (i.e. assign their default value)
init = tf.global_variables_initializer()

# Start training
with tf.Session() as sess:

    # Run the initializer
    sess.run(init)

    # Training cycle
    for epoch in range(training_epochs):
        avg_cost = 0.
        total_batch = int(np.ceil(len(train_X) / batch_size))
        perm = np.random.permutation(len(train_X))
        # Loop over all batches
        for i in range(total_batch):
            idx = perm[i * batch_size:(i + 1) * batch_size]
            batch_xs, batch_ys = train_X[idx], train_Y[idx]
            # Run optimization op (backprop) and cost op (to get loss value)
            _, c = sess.run([optimizer, cost], feed_dict={x: batch_xs, y: batch_ys})
            # Compute average loss
            avg_cost += c / total_batch
        # Display logs per epoch step
        if (epoch + 1) % display_step == 0:
            print("Epoch:", '%04d' % (epoch + 1), "cost=", "{:.9f}".format(avg_cost))

    print("Optimization Finished!")

    # Test model
    correct_prediction = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
    # Calculate accuracy
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    print("final accuracy: %.4f" % accuracy.eval({x: test_X, y: test_Y}))
