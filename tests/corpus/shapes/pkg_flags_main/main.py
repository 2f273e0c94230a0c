"""`tf.app.flags` + `tf.app.run(main)` entry point over a `model.py` and a `data.py`.

Imitates: the official TF 1.x model-garden / research scripts: flags defined at module level,
`FLAGS = tf.app.flags.FLAGS`, `def main(_):` building the graph from `model.inference`,
`model.loss`, `model.training`, `model.evaluation` (the mnist.py four-function layout of the
"TensorFlow Mechanics 101" tutorial) and `tf.app.run()`.
Constructs: `tf.app.flags.DEFINE_float/DEFINE_integer/DEFINE_string`, `FLAGS.max_steps`,
`tf.app.run()`, `None`-batch placeholders,
`tf.nn.in_top_k` evaluation counting correct examples, `tf.summary.scalar` on the loss,
`tf.Graph().as_default()`, `sess.run(eval_correct, feed_dict=...)` summed in `do_eval(sess, ...)`.
Entry: `main.py`. Data: breast cancer. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf

import data
import model

flags = tf.app.flags
FLAGS = flags.FLAGS
flags.DEFINE_float('learning_rate', 0.05, 'Initial learning rate.')
flags.DEFINE_integer('max_steps', 800, 'Number of steps to run trainer.')
flags.DEFINE_integer('hidden1', 24, 'Number of units in hidden layer 1.')
flags.DEFINE_integer('batch_size', 32, 'Batch size.')
flags.DEFINE_string('train_dir', '/tmp/pkg_flags_main', 'Directory to put the training data.')


def do_eval(sess, eval_correct, images_placeholder, labels_placeholder, data_set):
    true_count = 0
    images, labels = data_set
    for start in range(0, len(images), FLAGS.batch_size):
        feed_dict = {images_placeholder: images[start:start + FLAGS.batch_size],
                     labels_placeholder: labels[start:start + FLAGS.batch_size]}
        true_count += sess.run(eval_correct, feed_dict=feed_dict)
    precision = float(true_count) / len(images)
    print('  Num examples: %d  Num correct: %d  Precision @ 1: %0.04f' % (len(images), true_count, precision))
    return precision


def run_training():
    train_set, test_set = data.read_data_sets()
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        images_placeholder = tf.placeholder(tf.float32, shape=(None, data.NUM_FEATURES))
        labels_placeholder = tf.placeholder(tf.int32, shape=(None,))
        logits = model.inference(images_placeholder, data.NUM_FEATURES, FLAGS.hidden1)
        loss = model.loss(logits, labels_placeholder)
        train_op = model.training(loss, FLAGS.learning_rate)
        eval_correct = model.evaluation(logits, labels_placeholder)
        init = tf.global_variables_initializer()
        sess = tf.Session()
        sess.run(init)
        for step in range(FLAGS.max_steps):
            idx = np.random.randint(0, len(train_set[0]), FLAGS.batch_size)
            feed_dict = {images_placeholder: train_set[0][idx], labels_placeholder: train_set[1][idx]}
            _, loss_value = sess.run([train_op, loss], feed_dict=feed_dict)
            if step % 200 == 0:
                print('Step %d: loss = %.2f' % (step, loss_value))
        print('Test Data Eval:')
        return do_eval(sess, eval_correct, images_placeholder, labels_placeholder, test_set)


def main(_):
    np.random.seed(0)
    precision = run_training()
    print("final accuracy: %.4f" % precision)


if __name__ == '__main__':
    tf.app.run()
