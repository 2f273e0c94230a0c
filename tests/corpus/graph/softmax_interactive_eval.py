"""Softmax regression with an InteractiveSession, the "Deep MNIST for experts" opening section.

Imitates: the first half of the official TF1 "Deep MNIST for Experts" tutorial, which trains a
softmax model in an `InteractiveSession` before building the CNN.
Constructs: `tf.InteractiveSession()`, `tf.global_variables_initializer().run()`,
`train_step.run(feed_dict=...)`, `accuracy.eval(feed_dict=...)`, `sess.close()`, batches from a
`next_batch` helper, GradientDescent.
Expected accuracy: about 0.95.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
X = digits.data.astype(np.float32) / 16.0
Y = np.eye(10, dtype=np.float32)[digits.target]
train_x, test_x, train_y, test_y = train_test_split(X, Y, test_size=0.25, random_state=0)

_cursor = [0]


def next_batch(batch_size):
    """Sequential minibatches that reshuffle at the end of each epoch, like DataSet.next_batch."""
    global train_x, train_y
    start = _cursor[0]
    if start + batch_size > len(train_x):
        perm = np.random.permutation(len(train_x))
        train_x, train_y = train_x[perm], train_y[perm]
        start = 0
    _cursor[0] = start + batch_size
    return train_x[start:start + batch_size], train_y[start:start + batch_size]


sess = tf.InteractiveSession()

x = tf.placeholder(tf.float32, shape=[None, 64])
y_ = tf.placeholder(tf.float32, shape=[None, 10])
W = tf.Variable(tf.zeros([64, 10]))
b = tf.Variable(tf.zeros([10]))

tf.global_variables_initializer().run()

y = tf.matmul(x, W) + b
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

for _ in range(400):
    batch = next_batch(50)
    train_step.run(feed_dict={x: batch[0], y_: batch[1]})

correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
acc = accuracy.eval(feed_dict={x: test_x, y_: test_y})
print("final accuracy: %.4f" % acc)
sess.close()
