"""An estimator-like model class whose fit(sess, ...) and score(sess, ...) take the session."""
import numpy as np
import tensorflow as tf


class Regressor(object):
    def __init__(self, n_features, lr=0.2):
        self.x = tf.placeholder(tf.float32, [None, n_features])
        self.y = tf.placeholder(tf.float32, [None])
        self.w = tf.Variable(tf.zeros([n_features, 1]))
        self.pred = tf.squeeze(tf.matmul(self.x, self.w), 1)
        self.loss = tf.reduce_mean(tf.square(self.pred - self.y))
        self.step = tf.train.GradientDescentOptimizer(lr).minimize(self.loss)

    def fit(self, sess, x, y, epochs=30):
        for epoch in range(epochs):
            sess.run(self.step, feed_dict={self.x: x, self.y: y})
            if epoch % 10 == 0:
                print("epoch %d loss %.6f" % (epoch, sess.run(self.loss, feed_dict={self.x: x, self.y: y})))
        return self

    def score(self, sess, x, y):
        return sess.run(self.loss, feed_dict={self.x: x, self.y: y})


rng = np.random.RandomState(2)
x_data = rng.randn(64, 3).astype(np.float32)
y_data = x_data @ np.array([1.0, -2.0, 0.5], np.float32)

model = Regressor(3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    model.fit(sess, x_data, y_data)
    print("final loss %.6f" % model.score(sess, x_data, y_data))
