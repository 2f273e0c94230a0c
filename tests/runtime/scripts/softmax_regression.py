"""Classic TF1 tutorial: softmax regression on MNIST with placeholders, a Session and feed_dict.

Run under the tf-migrate runtime; reads the digits28 stand-in when MNIST is not cached.
"""
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

flags = tf.app.flags
flags.DEFINE_integer("steps", 300, "training steps")
flags.DEFINE_float("learning_rate", 0.5, "SGD learning rate")
FLAGS = flags.FLAGS


def main(_):
    np.random.seed(0)
    tf.set_random_seed(0)
    mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)
    x = tf.placeholder(tf.float32, [None, 784])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    y = tf.matmul(x, W) + b
    y_ = tf.placeholder(tf.float32, [None, 10])
    cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
    train_step = tf.train.GradientDescentOptimizer(FLAGS.learning_rate).minimize(cross_entropy)
    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    for _ in range(FLAGS.steps):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
    correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    acc = accuracy.eval(feed_dict={x: mnist.test.images, y_: mnist.test.labels})
    print("steps=%d" % FLAGS.steps)
    print("epochs_completed=%d" % mnist.train.epochs_completed)
    print("accuracy=%.4f" % acc)
    return 0 if acc > 0.8 else 3


if __name__ == "__main__":
    tf.app.run()
