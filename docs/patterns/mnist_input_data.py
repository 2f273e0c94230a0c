"""The MNIST tutorials' `input_data.read_data_sets` and `next_batch`.

TF1's tutorials read MNIST with `tensorflow.examples.tutorials.mnist.input_data`, which
TF2 no longer ships. The conversion writes a short numpy reader (`read_mnist`) into the file:
`tf.keras.datasets.mnist.load_data()` with TF1's splits (validation = the first 5,000
training images), float32 images in [0, 1] flattened to 784 values, one-hot labels when asked,
and `next_batch`'s shuffled epochs. The softmax regression itself becomes a `tf.function`.
"""
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("/tmp/mnist", one_hot=True)

x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.matmul(x, W) + b
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(100):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
    print("accuracy", sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))
