"""Input queues: `tf.train.slice_input_producer`, `tf.train.batch` and queue runners.

TF1 input pipelines ran queues fed by background threads (`tf.train.start_queue_runners`,
`tf.train.Coordinator`). TF2 has no queues: the pipeline becomes `tf.data`
(`Dataset.from_tensor_slices(...)`, `.repeat()` for the producer's endless epochs, `.batch(n,
drop_remainder=True)` as `tf.train.batch` never gave a short batch), iterated in Python, and
the session runs become `tf.function` calls on the next batch. Shuffling queues become
`.shuffle(...)`: the same records per epoch, not the same order as TF1's threads.
"""
import numpy as np
import tensorflow as tf

features = np.arange(40, dtype=np.float32).reshape(20, 2)
labels = np.arange(20, dtype=np.int64)

feature, label = tf.train.slice_input_producer([features, labels], shuffle=False)
batch_x, batch_y = tf.train.batch([feature, label], batch_size=5)
total = tf.reduce_sum(batch_x)

with tf.Session() as sess:
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    sums = [sess.run(total) for _ in range(4)]
    coord.request_stop()
    coord.join(threads)
print("batch sums", sums)
