"""Queue input (2 epochs, unshuffled) + MonitoredTrainingSession: trains until the input ends (OutOfRangeError)."""
import sys

import tensorflow as tf

checkpoint_dir, files = sys.argv[1], sys.argv[2:]
filename_queue = tf.train.string_input_producer(files, num_epochs=2, shuffle=False)
reader = tf.TFRecordReader()
_, serialized = reader.read(filename_queue)
features = tf.parse_single_example(serialized, features={
    "index": tf.FixedLenFeature([], tf.int64),
    "value": tf.FixedLenFeature([2], tf.float32),
})
x = features["value"]
y = tf.cast(features["index"] % 7, tf.float32)
xs, ys = tf.train.batch([x, y], batch_size=2)

w = tf.Variable(tf.zeros([2, 1]))
b = tf.Variable(0.0)
loss = tf.reduce_mean(tf.square(tf.squeeze(tf.matmul(xs, w), 1) + b - ys))
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss, global_step=global_step)

losses = []
with tf.train.MonitoredTrainingSession(checkpoint_dir=checkpoint_dir, save_checkpoint_steps=3,
                                       save_summaries_steps=None) as sess:
    while not sess.should_stop():
        _, value = sess.run([train_op, loss])
        losses.append(value)
print("steps %d loss %.5f" % (len(losses), losses[-1]))
