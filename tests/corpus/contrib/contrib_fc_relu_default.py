"""Digits MLP with tf.contrib.layers.fully_connected, in the style of the TF 1.x "layers" tutorials.

Style: aymericdamien TensorFlow-Examples `neural_network.py`, rewritten with
contrib layers the way 2017 blog posts did (placeholders, a Session loop over
mini-batches, accuracy from `tf.equal(tf.argmax(...))`).

Constructs exercised:
- `tf.contrib.layers.fully_connected` with its *default* ReLU activation (no
  `activation_fn` given) for the hidden layers, and `activation_fn=None` for
  the logits layer;
- `tf.contrib.layers.xavier_initializer()` passed as `weights_initializer`;
- `tf.losses.sparse_softmax_cross_entropy` (v1 loss, integer labels);
- `tf.train.AdamOptimizer`, `tf.set_random_seed`.

Data: sklearn `load_digits` (8x8, 10 classes), standardized, 75/25 split.
Expected: final accuracy about 0.97 (>= 0.94).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

# Data
digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data.astype(np.float32), digits.target.astype(np.int64), random_state=0)
mean, std = x_train.mean(axis=0), x_train.std(axis=0) + 1e-6
x_train = (x_train - mean) / std
x_test = (x_test - mean) / std

# Parameters
learning_rate = 0.001
training_epochs = 30
batch_size = 64
n_hidden_1 = 128
n_hidden_2 = 64
num_input = 64
num_classes = 10

# tf Graph input
X = tf.placeholder(tf.float32, [None, num_input])
Y = tf.placeholder(tf.int64, [None])


def neural_net(x):
    # fully_connected applies ReLU unless told otherwise
    layer_1 = tf.contrib.layers.fully_connected(
        x, n_hidden_1, weights_initializer=tf.contrib.layers.xavier_initializer())
    layer_2 = tf.contrib.layers.fully_connected(
        layer_1, n_hidden_2, weights_initializer=tf.contrib.layers.xavier_initializer())
    out_layer = tf.contrib.layers.fully_connected(layer_2, num_classes, activation_fn=None)
    return out_layer


logits = neural_net(X)
prediction = tf.nn.softmax(logits)
loss_op = tf.losses.sparse_softmax_cross_entropy(labels=Y, logits=logits)
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)

correct_pred = tf.equal(tf.argmax(prediction, 1), Y)
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    total_batch = int(np.ceil(len(x_train) / float(batch_size)))
    for epoch in range(training_epochs):
        perm = np.random.permutation(len(x_train))
        avg_cost = 0.
        for i in range(total_batch):
            idx = perm[i * batch_size:(i + 1) * batch_size]
            _, c = sess.run([train_op, loss_op], feed_dict={X: x_train[idx], Y: y_train[idx]})
            avg_cost += c / total_batch
        if (epoch + 1) % 10 == 0:
            print("Epoch:", '%04d' % (epoch + 1), "cost={:.9f}".format(avg_cost))
    print("Optimization Finished!")
    acc = sess.run(accuracy, feed_dict={X: x_test, Y: y_test})
    print("final accuracy: %.4f" % acc)
