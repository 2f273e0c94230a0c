"""A model class that owns its placeholders and ops; the training loop fetches its attributes.

Imitates: the "class Model: def __init__(self)" layout of small GitHub projects and course
repositories (a model.py whose constructor builds the whole graph, a train loop outside it).
Constructs: `self.X = tf.placeholder(...)` / `self.Y` / `self.keep_prob` in `__init__`, hidden
layers built with `tf.Variable(tf.truncated_normal)` in a `_layer` method, `self.cost`,
`self.train_op`, `self.accuracy`; the caller runs `sess.run([model.train_op, model.cost],
{model.X: ..., model.Y: ..., model.keep_prob: 0.8})` and `sess.run(model.accuracy, {...})`.
Data: digits (64 features, one-hot labels). Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)


class Model:
    def __init__(self, n_input=64, n_hidden=128, n_class=10, learning_rate=0.002):
        self.X = tf.placeholder(tf.float32, [None, n_input])
        self.Y = tf.placeholder(tf.float32, [None, n_class])
        self.keep_prob = tf.placeholder(tf.float32)

        hidden = tf.nn.relu(self._layer(self.X, n_input, n_hidden))
        hidden = tf.nn.dropout(hidden, self.keep_prob)
        self.logits = self._layer(hidden, n_hidden, n_class)

        self.cost = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits_v2(labels=self.Y, logits=self.logits))
        self.train_op = tf.train.AdamOptimizer(learning_rate).minimize(self.cost)
        correct = tf.equal(tf.argmax(self.logits, 1), tf.argmax(self.Y, 1))
        self.accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

    def _layer(self, inputs, n_in, n_out):
        W = tf.Variable(tf.truncated_normal([n_in, n_out], stddev=0.1))
        b = tf.Variable(tf.zeros([n_out]))
        return tf.matmul(inputs, W) + b


digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

model = Model()
batch_size = 64
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(30):
    perm = np.random.permutation(len(x_train))
    total_cost = 0.0
    for i in range(0, len(x_train), batch_size):
        idx = perm[i:i + batch_size]
        _, c = sess.run([model.train_op, model.cost],
                        {model.X: x_train[idx], model.Y: y_train[idx], model.keep_prob: 0.8})
        total_cost += c
    if epoch % 10 == 0:
        print("Epoch: %04d cost = %.4f" % (epoch + 1, total_cost))

acc = sess.run(model.accuracy, {model.X: x_test, model.Y: y_test, model.keep_prob: 1.0})
print("final accuracy: %.4f" % acc)
