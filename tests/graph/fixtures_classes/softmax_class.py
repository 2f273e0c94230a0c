"""A softmax classifier written as a model class; the caller feeds the model's placeholders."""
import numpy as np
import tensorflow as tf


class Model:
    def __init__(self, n_in, n_out, learning_rate=0.5):
        self.X = tf.placeholder(tf.float32, [None, n_in])
        self.Y = tf.placeholder(tf.float32, [None, n_out])
        W = tf.Variable(tf.zeros([n_in, n_out]))
        b = tf.Variable(tf.zeros([n_out]))
        self.logits = tf.matmul(self.X, W) + b
        self.cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=self.Y, logits=self.logits))
        self.train_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(self.cost)
        correct = tf.equal(tf.argmax(self.logits, 1), tf.argmax(self.Y, 1))
        self.accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))


rng = np.random.RandomState(0)
x_data = rng.randn(200, 4).astype(np.float32)
y_data = np.eye(2, dtype=np.float32)[(x_data[:, 0] - x_data[:, 2] > 0).astype(int)]

model = Model(4, 2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(20):
        _, c = sess.run([model.train_op, model.cost], feed_dict={model.X: x_data, model.Y: y_data})
        if step % 5 == 0:
            print("step %d cost %.6f" % (step, c))
    print("accuracy %.6f" % sess.run(model.accuracy, feed_dict={model.X: x_data, model.Y: y_data}))
