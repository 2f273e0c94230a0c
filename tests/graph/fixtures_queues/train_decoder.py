"""Queue runners through a decoder function (the reading_data / docker mnist shape), a linear model, 40 GD steps."""
import sys

import tensorflow as tf


def read_and_decode(filename_queue):
    reader = tf.TFRecordReader()
    _, serialized_example = reader.read(filename_queue)
    features = tf.parse_single_example(serialized_example, features={
        "index": tf.FixedLenFeature([], tf.int64),
        "value": tf.FixedLenFeature([2], tf.float32),
    })
    x = features["value"]
    y = tf.cast(features["index"] % 7, tf.float32)
    return x, y


def inputs(files, batch_size):
    with tf.name_scope("input"):
        filename_queue = tf.train.string_input_producer(files, shuffle=False)
        x, y = read_and_decode(filename_queue)
        xs, ys = tf.train.batch([x, y], batch_size=batch_size, num_threads=1, capacity=64)
        return xs, ys


xs, ys = inputs(sys.argv[1:], 4)
w = tf.Variable(tf.zeros([2, 1]))
b = tf.Variable(0.0)
pred = tf.squeeze(tf.matmul(xs, w), 1) + b
loss = tf.reduce_mean(tf.square(pred - ys))
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    for step in range(40):
        _, value = sess.run([train_op, loss])
    print("loss %.5f" % value)
    coord.request_stop()
    coord.join(threads)
