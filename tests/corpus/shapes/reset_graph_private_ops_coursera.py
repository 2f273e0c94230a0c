"""deeplearning.ai (Coursera) style: `from tensorflow.python.framework import ops`, `ops.reset_default_graph()` inside `model()`.

Imitates: the Coursera "Improving Deep Neural Networks" TensorFlow assignment layout:
`create_placeholders(n_x, n_y)`, `initialize_parameters()` with `tf.get_variable(...,
initializer=tf.contrib.layers.xavier_initializer(seed=1))`, `forward_propagation(X, parameters)`
on column-major `[n_x, m]` data, `compute_cost(Z3, Y)` transposing to
`softmax_cross_entropy_with_logits`, `random_mini_batches`, and `model(...)` starting with
`ops.reset_default_graph()` and returning the trained parameters fetched with `sess.run(parameters)`.
Constructs: the private `tensorflow.python.framework.ops` module, `ops.reset_default_graph()`,
`tf.set_random_seed(1)` inside `model`, `tf.transpose`, `accuracy.eval({X: ..., Y: ...})`,
`sess.run(parameters)` (dict fetch) after training.
Data: digits, features as rows of `[64, m]`. Expected accuracy: about 0.96.
"""
import math

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.python.framework import ops

np.random.seed(0)
tf.set_random_seed(0)


def create_placeholders(n_x, n_y):
    X = tf.placeholder(tf.float32, [n_x, None], name="X")
    Y = tf.placeholder(tf.float32, [n_y, None], name="Y")
    return X, Y


def initialize_parameters():
    tf.set_random_seed(1)
    W1 = tf.get_variable("W1", [25, 64], initializer=tf.contrib.layers.xavier_initializer(seed=1))
    b1 = tf.get_variable("b1", [25, 1], initializer=tf.zeros_initializer())
    W2 = tf.get_variable("W2", [12, 25], initializer=tf.contrib.layers.xavier_initializer(seed=1))
    b2 = tf.get_variable("b2", [12, 1], initializer=tf.zeros_initializer())
    W3 = tf.get_variable("W3", [10, 12], initializer=tf.contrib.layers.xavier_initializer(seed=1))
    b3 = tf.get_variable("b3", [10, 1], initializer=tf.zeros_initializer())
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def forward_propagation(X, parameters):
    Z1 = tf.add(tf.matmul(parameters['W1'], X), parameters['b1'])
    A1 = tf.nn.relu(Z1)
    Z2 = tf.add(tf.matmul(parameters['W2'], A1), parameters['b2'])
    A2 = tf.nn.relu(Z2)
    Z3 = tf.add(tf.matmul(parameters['W3'], A2), parameters['b3'])
    return Z3


def compute_cost(Z3, Y):
    logits = tf.transpose(Z3)
    labels = tf.transpose(Y)
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=labels))


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    m = X.shape[1]
    np.random.seed(seed)
    permutation = list(np.random.permutation(m))
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation]
    mini_batches = []
    for k in range(int(math.ceil(m / float(mini_batch_size)))):
        mini_batches.append((shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                             shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
    return mini_batches


def model(X_train, Y_train, X_test, Y_test, learning_rate=0.003, num_epochs=40, minibatch_size=64,
          print_cost=True):
    ops.reset_default_graph()
    tf.set_random_seed(1)
    seed = 3
    (n_x, m) = X_train.shape
    n_y = Y_train.shape[0]
    X, Y = create_placeholders(n_x, n_y)
    parameters = initialize_parameters()
    Z3 = forward_propagation(X, parameters)
    cost = compute_cost(Z3, Y)
    optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(cost)
    init = tf.global_variables_initializer()
    with tf.Session() as sess:
        sess.run(init)
        for epoch in range(num_epochs):
            epoch_cost = 0.
            seed = seed + 1
            minibatches = random_mini_batches(X_train, Y_train, minibatch_size, seed)
            for minibatch_X, minibatch_Y in minibatches:
                _, minibatch_cost = sess.run([optimizer, cost], feed_dict={X: minibatch_X, Y: minibatch_Y})
                epoch_cost += minibatch_cost / len(minibatches)
            if print_cost and epoch % 20 == 0:
                print("Cost after epoch %i: %f" % (epoch, epoch_cost))
        parameters = sess.run(parameters)
        print("Parameters have been trained!")
        correct_prediction = tf.equal(tf.argmax(Z3), tf.argmax(Y))
        accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))
        print("Train Accuracy:", accuracy.eval({X: X_train, Y: Y_train}))
        test_accuracy = accuracy.eval({X: X_test, Y: Y_test})
        return parameters, test_accuracy


digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)
parameters, test_accuracy = model(x_train.T, y_train.T, x_test.T, y_test.T)
print("W1 shape:", parameters["W1"].shape)
print("final accuracy: %.4f" % test_accuracy)
