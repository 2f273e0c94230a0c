"""LSTM reading each 8x8 digit row by row with `tf.nn.dynamic_rnn`.

Imitates: aymericdamien/TensorFlow-Examples `dynamic_rnn.py` / the "RNN on MNIST rows" blog posts
(28 steps of 28 pixels; here 8 steps of 8).
Constructs: `tf.nn.rnn_cell.BasicLSTMCell(num_hidden)`, `tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)`,
the last output via `tf.transpose(outputs, [1, 0, 2])[-1]`, `tf.Variable(tf.random_normal(...))`
output weights dict, `tf.reshape(batch_x, (batch_size, timesteps, num_input))` done in numpy,
AdamOptimizer, `display_step` printing with "Minibatch Loss"/"Training Accuracy".
Expected accuracy: about 0.94.
"""
from __future__ import print_function

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
X_train, X_test, Y_train, Y_test = train_test_split(
    digits.data.astype(np.float32) / 16.0, np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

# Training Parameters
learning_rate = 0.01
training_steps = 300
batch_size = 64
display_step = 100

# Network Parameters
num_input = 8  # data input (img shape: 8*8)
timesteps = 8  # timesteps
num_hidden = 64  # hidden layer num of features
num_classes = 10  # total classes (0-9 digits)

# tf Graph input
X = tf.placeholder("float", [None, timesteps, num_input])
Y = tf.placeholder("float", [None, num_classes])

# Define weights
weights = {
    'out': tf.Variable(tf.random_normal([num_hidden, num_classes], stddev=0.1))
}
biases = {
    'out': tf.Variable(tf.random_normal([num_classes], stddev=0.1))
}


def RNN(x, weights, biases):
    # Define a lstm cell with tensorflow
    lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(num_hidden, forget_bias=1.0)
    # Get lstm cell output, x has shape (batch_size, timesteps, n_input)
    outputs, states = tf.nn.dynamic_rnn(lstm_cell, x, dtype=tf.float32)
    # Linear activation, using rnn inner loop last output
    last = tf.transpose(outputs, [1, 0, 2])[-1]
    return tf.matmul(last, weights['out']) + biases['out']


logits = RNN(X, weights, biases)
prediction = tf.nn.softmax(logits)

# Define loss and optimizer
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)

# Evaluate model (with test logits, for dropout to be disabled)
correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

# Initialize the variables (i.e. assign their default value)
init = tf.global_variables_initializer()

# Start training
with tf.Session() as sess:
    # Run the initializer
    sess.run(init)
    for step in range(1, training_steps + 1):
        idx = np.random.randint(0, len(X_train), batch_size)
        batch_x = X_train[idx].reshape((batch_size, timesteps, num_input))
        batch_y = Y_train[idx]
        # Run optimization op (backprop)
        sess.run(train_op, feed_dict={X: batch_x, Y: batch_y})
        if step % display_step == 0 or step == 1:
            # Calculate batch loss and accuracy
            loss, acc = sess.run([loss_op, accuracy], feed_dict={X: batch_x, Y: batch_y})
            print("Step " + str(step) + ", Minibatch Loss= " + "{:.4f}".format(loss) +
                  ", Training Accuracy= " + "{:.3f}".format(acc))
    print("Optimization Finished!")

    test_data = X_test.reshape((-1, timesteps, num_input))
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={X: test_data, Y: Y_test}))
