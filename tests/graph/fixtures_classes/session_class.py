"""Two models that each hold the session (Model(sess, name)) and run it in their methods."""
import numpy as np
import tensorflow as tf


class Model:
    def __init__(self, sess, name, learning_rate=0.3):
        self.sess = sess
        self.name = name
        self.X = tf.placeholder(tf.float32, [None, 4])
        self.Y = tf.placeholder(tf.float32, [None, 2])
        self.keep_prob = tf.placeholder(tf.float32)
        W = tf.Variable(tf.zeros([4, 2]))
        b = tf.Variable(tf.zeros([2]))
        hidden = tf.nn.dropout(self.X, keep_prob=self.keep_prob, seed=1)
        self.logits = tf.matmul(hidden, W) + b
        self.cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=self.Y, logits=self.logits))
        self.optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(self.cost)
        correct = tf.equal(tf.argmax(self.logits, 1), tf.argmax(self.Y, 1))
        self.accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

    def predict(self, x_test, keep_prob=1.0):
        return self.sess.run(self.logits, feed_dict={self.X: x_test, self.keep_prob: keep_prob})

    def get_accuracy(self, x_test, y_test, keep_prob=1.0):
        return self.sess.run(self.accuracy, feed_dict={self.X: x_test, self.Y: y_test, self.keep_prob: keep_prob})

    def train(self, x_data, y_data, keep_prob=1.0):
        return self.sess.run([self.cost, self.optimizer], feed_dict={
            self.X: x_data, self.Y: y_data, self.keep_prob: keep_prob})


rng = np.random.RandomState(0)
x_data = rng.randn(200, 4).astype(np.float32)
y_data = np.eye(2, dtype=np.float32)[(x_data[:, 0] - x_data[:, 2] > 0).astype(int)]

sess = tf.Session()
m1 = Model(sess, "m1")
sess.run(tf.global_variables_initializer())
for step in range(20):
    c, _ = m1.train(x_data, y_data)
    if step % 5 == 0:
        print("step %d cost %.6f" % (step, c))
print("accuracy %.6f" % m1.get_accuracy(x_data, y_data))
print("first logits %.6f" % m1.predict(x_data[:1])[0, 0])
