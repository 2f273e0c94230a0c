"""A model holding its session that builds its graph in a _build_net() method called from __init__."""
import numpy as np
import tensorflow as tf

learning_rate = 0.1


class Model:
    def __init__(self, sess, name):
        self.sess = sess
        self.name = name
        self._build_net()

    def _build_net(self):
        with tf.variable_scope(self.name):
            self.training = tf.placeholder(tf.bool)
            self.X = tf.placeholder(tf.float32, [None, 4])
            self.Y = tf.placeholder(tf.float32, [None, 2])
            dense1 = tf.layers.dense(inputs=self.X, units=8, activation=tf.nn.relu)
            dropout1 = tf.layers.dropout(inputs=dense1, rate=0.3, training=self.training)
            self.logits = tf.layers.dense(inputs=dropout1, units=2)
        self.cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=self.logits, labels=self.Y))
        self.optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(self.cost)
        correct_prediction = tf.equal(tf.argmax(self.logits, 1), tf.argmax(self.Y, 1))
        self.accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

    def predict(self, x_test, training=False):
        return self.sess.run(self.logits, feed_dict={self.X: x_test, self.training: training})

    def get_accuracy(self, x_test, y_test, training=False):
        return self.sess.run(self.accuracy, feed_dict={self.X: x_test, self.Y: y_test, self.training: training})

    def train(self, x_data, y_data, training=True):
        return self.sess.run([self.cost, self.optimizer], feed_dict={
            self.X: x_data, self.Y: y_data, self.training: training})


rng = np.random.RandomState(0)
x_data = rng.randn(100, 4).astype(np.float32)
y_data = np.eye(2, dtype=np.float32)[(x_data[:, 0] > 0).astype(int)]
sess = tf.Session()
m1 = Model(sess, "m1")
sess.run(tf.global_variables_initializer())
for epoch in range(3):
    c, _ = m1.train(x_data, y_data)
    print('Epoch:', '%04d' % (epoch + 1), 'cost =', '{:.9f}'.format(c))
print('Accuracy:', m1.get_accuracy(x_data, y_data))
