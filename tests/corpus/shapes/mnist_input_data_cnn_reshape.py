"""Deep-MNIST-style CNN over `input_data` with `tf.reshape(x, [-1, 28, 28, 1])` and integer labels.

Imitates: the "Deep MNIST for experts" / golbin CNN chapter: `one_hot=False` labels fed to
`sparse_softmax_cross_entropy_with_logits`, images reshaped in the graph, two conv+pool blocks,
`keep_prob` dropout, progress every 100 steps with `train_accuracy = accuracy.eval(feed_dict=...)`.
Constructs: `input_data.read_data_sets("./mnist/data/", one_hot=False)`, uint8 labels cast with
`tf.cast(y, tf.int64)`, `tf.reshape(x, [-1, 28, 28, 1])`, `tf.layers.conv2d(..., 5, padding="same")`,
`tf.layers.max_pooling2d`, `tf.nn.dropout(keep_prob)`, `train_step.run(feed_dict=...)`,
the test set evaluated in batches of 1000 (`mnist.test.images[i:i + 1000]`).
Data: MNIST, offline: `tools/corpus.py` serves the stand-in `mnist.npz` of tests/mnist_standin.py
(without it the runtime falls back to digits28). Expected accuracy: about 0.96 on MNIST, about 0.95 on
the stand-in.
"""
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

np.random.seed(0)
tf.set_random_seed(0)

mnist = input_data.read_data_sets("./mnist/data/", one_hot=False)

x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.uint8, [None])
keep_prob = tf.placeholder(tf.float32)
x_image = tf.reshape(x, [-1, 28, 28, 1])
conv1 = tf.layers.conv2d(x_image, 8, 5, padding="same", activation=tf.nn.relu)
pool1 = tf.layers.max_pooling2d(conv1, 2, 2)
conv2 = tf.layers.conv2d(pool1, 16, 5, padding="same", activation=tf.nn.relu)
pool2 = tf.layers.max_pooling2d(conv2, 2, 2)
flat = tf.reshape(pool2, [-1, 7 * 7 * 16])
fc = tf.nn.dropout(tf.layers.dense(flat, 64, activation=tf.nn.relu), keep_prob)
logits = tf.layers.dense(fc, 10)
labels = tf.cast(y, tf.int64)
cross_entropy = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
train_step = tf.train.AdamOptimizer(1e-3).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(logits, 1), labels)
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(300):
        batch = mnist.train.next_batch(50)
        if i % 100 == 0:
            train_accuracy = accuracy.eval(feed_dict={x: batch[0], y: batch[1], keep_prob: 1.0})
            print("step %d, training accuracy %g" % (i, train_accuracy))
        train_step.run(feed_dict={x: batch[0], y: batch[1], keep_prob: 0.5})
    correct = 0.0
    for i in range(0, len(mnist.test.images), 1000):
        batch_acc = accuracy.eval(feed_dict={x: mnist.test.images[i:i + 1000], y: mnist.test.labels[i:i + 1000],
                                             keep_prob: 1.0})
        correct += batch_acc * len(mnist.test.images[i:i + 1000])
    print("final accuracy: %.4f" % (correct / len(mnist.test.images)))
