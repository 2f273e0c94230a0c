"""`Model(sess, "m1")`: a model class that keeps the session and runs it inside its methods.

Imitates: hunkim's DeepLearningZeroToAll lab-11 "class Model" CNN (the constructor takes the
session and a name, builds the net under `tf.variable_scope(self.name)`, and `predict`,
`get_accuracy`, `train` each call `self.sess.run`).
Constructs: `self.sess = sess`, `with tf.variable_scope(self.name):`, `self.training` bool
placeholder, `tf.layers.conv2d/max_pooling2d/dropout/dense`, methods returning
`self.sess.run(...)` results, `m1 = Model(sess, "m1")`, `sess.run(tf.global_variables_initializer())`
after the model is built, the loop calling `m1.train(batch_xs, batch_ys)`.
Data: digits as 8x8x1 images, one-hot labels. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

learning_rate = 0.003
training_epochs = 12
batch_size = 50


class Model:

    def __init__(self, sess, name):
        self.sess = sess
        self.name = name
        self._build_net()

    def _build_net(self):
        with tf.variable_scope(self.name):
            self.training = tf.placeholder(tf.bool)
            self.X = tf.placeholder(tf.float32, [None, 64])
            X_img = tf.reshape(self.X, [-1, 8, 8, 1])
            self.Y = tf.placeholder(tf.float32, [None, 10])

            conv1 = tf.layers.conv2d(inputs=X_img, filters=16, kernel_size=[3, 3],
                                     padding="SAME", activation=tf.nn.relu)
            pool1 = tf.layers.max_pooling2d(inputs=conv1, pool_size=[2, 2], padding="SAME", strides=2)
            dropout1 = tf.layers.dropout(inputs=pool1, rate=0.2, training=self.training)

            flat = tf.reshape(dropout1, [-1, 16 * 4 * 4])
            dense = tf.layers.dense(inputs=flat, units=64, activation=tf.nn.relu)
            dropout2 = tf.layers.dropout(inputs=dense, rate=0.3, training=self.training)
            self.logits = tf.layers.dense(inputs=dropout2, units=10)

        self.cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(
            logits=self.logits, labels=self.Y))
        self.optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(self.cost)

        correct_prediction = tf.equal(tf.argmax(self.logits, 1), tf.argmax(self.Y, 1))
        self.accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

    def predict(self, x_test, training=False):
        return self.sess.run(self.logits, feed_dict={self.X: x_test, self.training: training})

    def get_accuracy(self, x_test, y_test, training=False):
        return self.sess.run(self.accuracy,
                             feed_dict={self.X: x_test, self.Y: y_test, self.training: training})

    def train(self, x_data, y_data, training=True):
        return self.sess.run([self.cost, self.optimizer],
                             feed_dict={self.X: x_data, self.Y: y_data, self.training: training})


digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

sess = tf.Session()
m1 = Model(sess, "m1")
sess.run(tf.global_variables_initializer())

print('Learning Started!')
for epoch in range(training_epochs):
    avg_cost = 0
    total_batch = int(len(x_train) / batch_size)
    perm = np.random.permutation(len(x_train))
    for i in range(total_batch):
        idx = perm[i * batch_size:(i + 1) * batch_size]
        c, _ = m1.train(x_train[idx], y_train[idx])
        avg_cost += c / total_batch
    print('Epoch:', '%04d' % (epoch + 1), 'cost =', '{:.9f}'.format(avg_cost))
print('Learning Finished!')

print("final accuracy: %.4f" % m1.get_accuracy(x_test, y_test))
