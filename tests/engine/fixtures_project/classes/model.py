"""The model: a class that builds its graph in __init__."""
import tensorflow as tf


class Classifier:
    def __init__(self, n_features, n_classes, hidden=8, learning_rate=0.5):
        self.inputs = tf.placeholder(tf.float32, [None, n_features], name="inputs")
        self.labels = tf.placeholder(tf.float32, [None, n_classes], name="labels")
        w1 = tf.Variable(tf.truncated_normal([n_features, hidden], stddev=0.1, seed=3))
        b1 = tf.Variable(tf.zeros([hidden]))
        w2 = tf.Variable(tf.truncated_normal([hidden, n_classes], stddev=0.1, seed=4))
        b2 = tf.Variable(tf.zeros([n_classes]))
        h = tf.nn.relu(tf.matmul(self.inputs, w1) + b1)
        self.logits = tf.matmul(h, w2) + b2
        self.loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=self.labels, logits=self.logits))
        self.train_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(self.loss)
        hits = tf.equal(tf.argmax(self.logits, 1), tf.argmax(self.labels, 1))
        self.accuracy = tf.reduce_mean(tf.cast(hits, tf.float32))
