"""An ensemble of two instances of one model class sharing a session.

Imitates: hunkim's lab-11 "ensemble" script (`models.append(Model(sess, "model" + str(m)))`,
per-model training, then the softmax outputs summed in numpy).
Constructs: a list of `Model(sess, name)` instances, each under its own `tf.variable_scope`,
weights from `tf.get_variable(initializer=tf.contrib.layers.xavier_initializer())`, methods
calling `self.sess.run`, `predictions += m.predict(x_test)` in numpy, the ensemble accuracy from
`sess.run(tf.reduce_mean(tf.cast(tf.equal(tf.argmax(predictions, 1), tf.argmax(y_test, 1)), tf.float32)))`
(a graph op built from numpy arrays after training).
Data: wine (13 features, 3 classes), standardized. Expected accuracy: about 0.98.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

wine = load_wine()
x_train, x_test, y_train, y_test = train_test_split(
    wine.data.astype(np.float32), np.eye(3, dtype=np.float32)[wine.target], test_size=0.3, random_state=0)
mu, sigma = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sigma, (x_test - mu) / sigma


class Model:
    def __init__(self, sess, name, hidden=32):
        self.sess = sess
        self.name = name
        with tf.variable_scope(name):
            self.X = tf.placeholder(tf.float32, [None, 13])
            self.Y = tf.placeholder(tf.float32, [None, 3])
            W1 = tf.get_variable("W1", shape=[13, hidden], initializer=tf.contrib.layers.xavier_initializer())
            b1 = tf.Variable(tf.zeros([hidden]))
            W2 = tf.get_variable("W2", shape=[hidden, 3], initializer=tf.contrib.layers.xavier_initializer())
            b2 = tf.Variable(tf.zeros([3]))
            L1 = tf.nn.relu(tf.matmul(self.X, W1) + b1)
            self.logits = tf.matmul(L1, W2) + b2
            self.prob = tf.nn.softmax(self.logits)
            self.cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(
                logits=self.logits, labels=self.Y))
            self.optimizer = tf.train.AdamOptimizer(0.01).minimize(self.cost)
            self.accuracy = tf.reduce_mean(tf.cast(
                tf.equal(tf.argmax(self.logits, 1), tf.argmax(self.Y, 1)), tf.float32))

    def predict(self, x):
        return self.sess.run(self.prob, feed_dict={self.X: x})

    def get_accuracy(self, x, y):
        return self.sess.run(self.accuracy, feed_dict={self.X: x, self.Y: y})

    def train(self, x, y):
        return self.sess.run([self.cost, self.optimizer], feed_dict={self.X: x, self.Y: y})


sess = tf.Session()
models = []
num_models = 2
for m in range(num_models):
    models.append(Model(sess, "model" + str(m)))
sess.run(tf.global_variables_initializer())

for epoch in range(40):
    perm = np.random.permutation(len(x_train))
    avg_cost = np.zeros(len(models))
    for i in range(0, len(x_train), 16):
        idx = perm[i:i + 16]
        for m_idx, m in enumerate(models):
            c, _ = m.train(x_train[idx], y_train[idx])
            avg_cost[m_idx] += c
    if epoch % 10 == 0:
        print("Epoch:", "%04d" % (epoch + 1), "cost =", avg_cost)

predictions = np.zeros([len(x_test), 3])
for m_idx, m in enumerate(models):
    print(m_idx, "Accuracy:", m.get_accuracy(x_test, y_test))
    predictions += m.predict(x_test)

ensemble_correct_prediction = tf.equal(tf.argmax(predictions, 1), tf.argmax(y_test, 1))
ensemble_accuracy = tf.reduce_mean(tf.cast(ensemble_correct_prediction, tf.float32))
print("final accuracy: %.4f" % sess.run(ensemble_accuracy))
