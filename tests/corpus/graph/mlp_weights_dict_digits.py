"""Two-hidden-layer perceptron with weight dictionaries, aymericdamien TensorFlow-Examples style.

Imitates: aymericdamien/TensorFlow-Examples `multilayer_perceptron.py`.
Constructs: module-level `weights = {...}` / `biases = {...}` dicts of `tf.Variable(tf.random_normal(...))`,
`def multilayer_perceptron(x)` reading them, `tf.nn.softmax_cross_entropy_with_logits`,
`tf.train.AdamOptimizer`, named `init`, epoch cost printout with `display_step`, accuracy through
`accuracy.eval(...)` inside the `with` block.
Expected accuracy: about 0.95.
"""
from __future__ import print_function

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
data = digits.data.astype(np.float32) / 16.0
target = np.eye(10, dtype=np.float32)[digits.target]
X_train, X_test, Y_train, Y_test = train_test_split(data, target, test_size=0.25, random_state=0)

# Parameters
learning_rate = 0.001
training_epochs = 15
batch_size = 64
display_step = 5

# Network Parameters
n_hidden_1 = 64  # 1st layer number of neurons
n_hidden_2 = 64  # 2nd layer number of neurons
n_input = 64  # digits data input (img shape: 8*8)
n_classes = 10  # digits total classes (0-9 digits)

# tf Graph input
X = tf.placeholder("float", [None, n_input])
Y = tf.placeholder("float", [None, n_classes])

# Store layers weight & bias
weights = {
    'h1': tf.Variable(tf.random_normal([n_input, n_hidden_1], stddev=0.1)),
    'h2': tf.Variable(tf.random_normal([n_hidden_1, n_hidden_2], stddev=0.1)),
    'out': tf.Variable(tf.random_normal([n_hidden_2, n_classes], stddev=0.1))
}
biases = {
    'b1': tf.Variable(tf.random_normal([n_hidden_1], stddev=0.1)),
    'b2': tf.Variable(tf.random_normal([n_hidden_2], stddev=0.1)),
    'out': tf.Variable(tf.random_normal([n_classes], stddev=0.1))
}


# Create model
def multilayer_perceptron(x):
    # Hidden fully connected layer with 64 neurons
    layer_1 = tf.nn.relu(tf.add(tf.matmul(x, weights['h1']), biases['b1']))
    # Hidden fully connected layer with 64 neurons
    layer_2 = tf.nn.relu(tf.add(tf.matmul(layer_1, weights['h2']), biases['b2']))
    # Output fully connected layer with a neuron for each class
    out_layer = tf.matmul(layer_2, weights['out']) + biases['out']
    return out_layer


# Construct model
logits = multilayer_perceptron(X)

# Define loss and optimizer
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)
# Initializing the variables
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)

    # Training cycle
    for epoch in range(training_epochs):
        avg_cost = 0.
        total_batch = int(len(X_train) / batch_size)
        perm = np.random.permutation(len(X_train))
        # Loop over all batches
        for i in range(total_batch):
            idx = perm[i * batch_size:(i + 1) * batch_size]
            batch_x, batch_y = X_train[idx], Y_train[idx]
            # Run optimization op (backprop) and cost op (to get loss value)
            _, c = sess.run([train_op, loss_op], feed_dict={X: batch_x, Y: batch_y})
            # Compute average loss
            avg_cost += c / total_batch
        # Display logs per epoch step
        if epoch % display_step == 0:
            print("Epoch:", '%04d' % (epoch + 1), "cost={:.9f}".format(avg_cost))
    print("Optimization Finished!")

    # Test model
    pred = tf.nn.softmax(logits)  # Apply softmax to logits
    correct_prediction = tf.equal(tf.argmax(pred, 1), tf.argmax(Y, 1))
    # Calculate accuracy
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))
    print("final accuracy: %.4f" % accuracy.eval({X: X_test, Y: Y_test}))
