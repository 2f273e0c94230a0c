"""Softmax regression on MNIST, the way the TF 1.x tutorials wrote it (flags, logging, manual cross-entropy)."""
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

flags = tf.app.flags
flags.DEFINE_integer("steps", 200, "Training steps.")
flags.DEFINE_float("learning_rate", 0.5, "Learning rate.")
FLAGS = flags.FLAGS


def main(_):
    tf.logging.set_verbosity(tf.logging.INFO)
    tf.set_random_seed(1)
    mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)
    x = tf.placeholder(tf.float32, [None, 784])
    y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.random_normal([784, 10], stddev=0.01, seed=3))
    b = tf.Variable(tf.zeros([10]))
    y = tf.nn.softmax(tf.matmul(x, W) + b, dim=1)
    cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y + 1e-10), reduction_indices=[1]))
    train_step = tf.train.GradientDescentOptimizer(FLAGS.learning_rate).minimize(cross_entropy)
    correct = tf.equal(tf.argmax(y, dimension=1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.to_float(correct))
    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    for step in range(FLAGS.steps):
        batch_xs, batch_ys = mnist.train.next_batch(100, shuffle=False)
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
        if step % 100 == 0:
            tf.logging.info("step %d", step)
    acc = sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels})
    print("accuracy %.6f" % acc)


if __name__ == "__main__":
    tf.app.run()
