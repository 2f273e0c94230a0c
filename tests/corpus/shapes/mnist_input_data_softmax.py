"""The "MNIST for ML beginners" program: `input_data.read_data_sets(..., one_hot=True)`, `mnist.train.next_batch(100)`.

Imitates: the official TF 1.x beginners tutorial (mnist_softmax.py) as thousands of blog posts
retyped it: a 784x10 softmax regression, `-tf.reduce_sum(y_ * tf.log(y), reduction_indices=[1])`,
GradientDescent 0.5, test on `mnist.test.images`/`mnist.test.labels`.
Constructs: `from tensorflow.examples.tutorials.mnist import input_data`,
`mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)`, `mnist.train.next_batch(100)`,
`mnist.test.images`, `mnist.test.labels`, `mnist.train.num_examples`, `tf.InteractiveSession()`,
`tf.global_variables_initializer().run()`, `sess.run(train_step, feed_dict=...)`.
Data: MNIST, offline: `tools/corpus.py` serves the stand-in `mnist.npz` of tests/mnist_standin.py
(without it the runtime falls back to digits28). Expected accuracy: about 0.92 on MNIST, about 0.99 on
the stand-in.
"""
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

np.random.seed(0)
tf.set_random_seed(0)

mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)
print("training examples:", mnist.train.num_examples)

x = tf.placeholder(tf.float32, [None, 784])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.nn.softmax(tf.matmul(x, W) + b)
y_ = tf.placeholder(tf.float32, [None, 10])
cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y + 1e-10), reduction_indices=[1]))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
for _ in range(500):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))
