"""A single-file script driven by `tf.app.flags` with `def main(argv)` and `tf.app.run(main=main)`.

Imitates: research/tutorial scripts (word2vec_basic's siblings, the TF 1.x "fully_connected_feed"
main block) that define flags, read `FLAGS.*` in `main`, and also use `tf.logging`.
Constructs: `FLAGS = tf.app.flags.FLAGS`, `tf.app.flags.DEFINE_integer/DEFINE_float/DEFINE_boolean`,
`tf.logging.set_verbosity(tf.logging.INFO)`, `tf.logging.info`, `def main(argv): del argv`,
`tf.app.run(main=main)`, `tf.train.GradientDescentOptimizer` with `tf.train.inverse_time_decay`,
`tf.train.get_or_create_global_step()`, a bool flag switching a hidden layer on.
Data: iris. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

FLAGS = tf.app.flags.FLAGS
tf.app.flags.DEFINE_integer("train_steps", 400, "Number of training steps.")
tf.app.flags.DEFINE_float("learning_rate", 0.5, "Initial learning rate.")
tf.app.flags.DEFINE_integer("hidden_units", 12, "Hidden layer width.")
tf.app.flags.DEFINE_boolean("use_hidden", True, "Whether to add a hidden layer.")


def main(argv):
    del argv
    tf.logging.set_verbosity(tf.logging.INFO)
    np.random.seed(0)
    tf.set_random_seed(0)
    iris = load_iris()
    x_train, x_test, y_train, y_test = train_test_split(
        iris.data.astype(np.float32), iris.target.astype(np.int64), test_size=0.25, random_state=0)
    mu, sd = x_train.mean(0), x_train.std(0)
    x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.int64, [None])
    net = x
    if FLAGS.use_hidden:
        net = tf.layers.dense(net, FLAGS.hidden_units, activation=tf.nn.tanh)
    logits = tf.layers.dense(net, 3)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    global_step = tf.train.get_or_create_global_step()
    lr = tf.train.inverse_time_decay(FLAGS.learning_rate, global_step, decay_steps=100, decay_rate=0.5)
    train_op = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=global_step)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(FLAGS.train_steps):
            _, step, loss_value = sess.run([train_op, global_step, loss], {x: x_train, y: y_train})
            if step % 100 == 0:
                tf.logging.info("step %d loss %.4f lr %.4f", step, loss_value, sess.run(lr))
        acc = sess.run(accuracy, {x: x_test, y: y_test})
    print("final accuracy: %.4f" % acc)


if __name__ == "__main__":
    tf.app.run(main=main)
