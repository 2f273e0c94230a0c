"""The "TensorFlow Mechanics 101" trainer, `fully_connected_feed.py`, over its model module.

Imitates: TF 1.x's tutorial program and the many repositories that copied it: `placeholder_inputs()`,
`fill_feed_dict(data_set, images_pl, labels_pl)` returning the feed, `do_eval(sess, eval_correct,
images_placeholder, labels_placeholder, data_set)` run on the train, validation and test splits, the graph
built in `run_training()` under `tf.Graph().as_default()`, argparse flags in a global `FLAGS`.
Constructs: `model.inference/loss/training/evaluation` from a sibling module (`training` makes the
optimizer, a `global_step` variable and a summary), `tf.summary.merge_all()` written with
`FileWriter(log_dir, sess.graph)` and `add_summary(summary_str, step)`, `tf.train.Saver().save(sess, path,
global_step=step)`, `input_data.read_data_sets(dir, FLAGS.fake_data)` and `next_batch(n, FLAGS.fake_data)`,
`tf.gfile`, `tf.app.run(main=main, argv=...)`.
Entry: `main.py`. Data: MNIST (the stand-in offline). Expected accuracy: about 0.99 on the stand-in.
"""
import argparse
import os
import sys
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

import mnist_model

FLAGS = None


def placeholder_inputs(batch_size):
    images_placeholder = tf.placeholder(tf.float32, shape=(batch_size, mnist_model.IMAGE_PIXELS))
    labels_placeholder = tf.placeholder(tf.int32, shape=(batch_size,))
    return images_placeholder, labels_placeholder


def fill_feed_dict(data_set, images_pl, labels_pl):
    images_feed, labels_feed = data_set.next_batch(FLAGS.batch_size, FLAGS.fake_data)
    feed_dict = {
        images_pl: images_feed,
        labels_pl: labels_feed,
    }
    return feed_dict


def do_eval(sess, eval_correct, images_placeholder, labels_placeholder, data_set):
    true_count = 0
    steps_per_epoch = data_set.num_examples // FLAGS.batch_size
    num_examples = steps_per_epoch * FLAGS.batch_size
    for _ in range(steps_per_epoch):
        feed_dict = fill_feed_dict(data_set, images_placeholder, labels_placeholder)
        true_count += sess.run(eval_correct, feed_dict=feed_dict)
    precision = float(true_count) / num_examples
    print('  Num examples: %d  Num correct: %d  Precision @ 1: %0.04f' % (num_examples, true_count, precision))
    return precision


def run_training():
    data_sets = input_data.read_data_sets(FLAGS.input_data_dir, FLAGS.fake_data)
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        images_placeholder, labels_placeholder = placeholder_inputs(FLAGS.batch_size)
        logits = mnist_model.inference(images_placeholder, FLAGS.hidden1, FLAGS.hidden2)
        loss = mnist_model.loss(logits, labels_placeholder)
        train_op = mnist_model.training(loss, FLAGS.learning_rate)
        eval_correct = mnist_model.evaluation(logits, labels_placeholder)
        summary = tf.summary.merge_all()
        init = tf.global_variables_initializer()
        saver = tf.train.Saver()
        sess = tf.Session()
        summary_writer = tf.summary.FileWriter(FLAGS.log_dir, sess.graph)
        sess.run(init)
        precision = None
        for step in range(FLAGS.max_steps):
            feed_dict = fill_feed_dict(data_sets.train, images_placeholder, labels_placeholder)
            _, loss_value = sess.run([train_op, loss], feed_dict=feed_dict)
            if step % 100 == 0:
                print('Step %d: loss = %.2f' % (step, loss_value))
                summary_str = sess.run(summary, feed_dict=feed_dict)
                summary_writer.add_summary(summary_str, step)
                summary_writer.flush()
            if (step + 1) == FLAGS.max_steps:
                checkpoint_file = os.path.join(FLAGS.log_dir, 'model.ckpt')
                saver.save(sess, checkpoint_file, global_step=step)
                print('Validation Data Eval:')
                do_eval(sess, eval_correct, images_placeholder, labels_placeholder, data_sets.validation)
                print('Test Data Eval:')
                precision = do_eval(sess, eval_correct, images_placeholder, labels_placeholder, data_sets.test)
        return precision


def main(_):
    np.random.seed(0)
    if tf.gfile.Exists(FLAGS.log_dir):
        tf.gfile.DeleteRecursively(FLAGS.log_dir)
    tf.gfile.MakeDirs(FLAGS.log_dir)
    print("final accuracy: %.4f" % run_training())


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--learning_rate', type=float, default=0.3)
    parser.add_argument('--max_steps', type=int, default=800)
    parser.add_argument('--hidden1', type=int, default=64)
    parser.add_argument('--hidden2', type=int, default=32)
    parser.add_argument('--batch_size', type=int, default=100)
    parser.add_argument('--input_data_dir', type=str, default='MNIST_data')
    parser.add_argument('--log_dir', type=str, default=os.path.join(tempfile.gettempdir(), 'fully_connected_feed_logs'))
    parser.add_argument('--fake_data', default=False, action='store_true')
    FLAGS, unparsed = parser.parse_known_args()
    tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)
