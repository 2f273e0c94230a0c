"""Queue runners, unshuffled: every record of the files, two epochs, in batches of 3 (last one smaller)."""
import sys

import tensorflow as tf

files = sys.argv[1:]
filename_queue = tf.train.string_input_producer(files, num_epochs=2, shuffle=False)
reader = tf.TFRecordReader()
_, serialized = reader.read(filename_queue)
features = tf.parse_single_example(serialized, features={
    "index": tf.FixedLenFeature([], tf.int64),
    "value": tf.FixedLenFeature([2], tf.float32),
})
index = features["index"]
value = features["value"] * 2.0
indexes, values = tf.train.batch([index, value], batch_size=3, allow_smaller_final_batch=True)

with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    try:
        while not coord.should_stop():
            i, v = sess.run([indexes, values])
            print("batch", i.tolist(), round(float(v.sum()), 4))
    except tf.errors.OutOfRangeError:
        print("done")
    finally:
        coord.request_stop()
    coord.join(threads)
