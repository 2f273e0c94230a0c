"""TensorBoard summaries written while training, aymericdamien `tensorboard_basic.py` style.

Imitates: aymericdamien/TensorFlow-Examples `tensorboard_basic.py` / `tensorboard_advanced.py`.
Constructs: `tf.name_scope('Model'|'Loss'|'SGD'|'Accuracy')`, `tf.summary.scalar`,
`tf.summary.histogram` over weights, `tf.summary.merge_all()`,
`tf.summary.FileWriter(logs_path, graph=tf.get_default_graph())`, `summary_writer.add_summary(summary, step)`,
`_, c, summary = sess.run([...])`, logdir under `tempfile.mkdtemp()`, epoch printout.
Expected accuracy: about 0.96.
"""
from __future__ import print_function

import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_all = digits.data.astype(np.float32) / 16.0
y_all = np.eye(10, dtype=np.float32)[digits.target]
train_x, test_x, train_y, test_y = train_test_split(x_all, y_all, test_size=0.25, random_state=0)

# Parameters
learning_rate = 0.5
training_epochs = 25
batch_size = 50
display_step = 5
logs_path = tempfile.mkdtemp(prefix="tensorflow_logs_")

# tf Graph Input
x = tf.placeholder(tf.float32, [None, 64], name='InputData')
y = tf.placeholder(tf.float32, [None, 10], name='LabelData')

# Set model weights
W1 = tf.Variable(tf.random_normal([64, 64], stddev=0.1), name='Weights1')
b1 = tf.Variable(tf.zeros([64]), name='Bias1')
W2 = tf.Variable(tf.random_normal([64, 10], stddev=0.1), name='Weights2')
b2 = tf.Variable(tf.zeros([10]), name='Bias2')

with tf.name_scope('Model'):
    hidden = tf.nn.relu(tf.matmul(x, W1) + b1)
    logits = tf.matmul(hidden, W2) + b2
with tf.name_scope('Loss'):
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
with tf.name_scope('SGD'):
    optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)
with tf.name_scope('Accuracy'):
    acc = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
    acc = tf.reduce_mean(tf.cast(acc, tf.float32))

init = tf.global_variables_initializer()

# Create a summary to monitor cost tensor
tf.summary.scalar("loss", cost)
# Create a summary to monitor accuracy tensor
tf.summary.scalar("accuracy", acc)
# Create summaries to visualize weights
tf.summary.histogram("weights1", W1)
tf.summary.histogram("weights2", W2)
# Merge all summaries into a single op
merged_summary_op = tf.summary.merge_all()

with tf.Session() as sess:
    sess.run(init)
    # op to write logs to Tensorboard
    summary_writer = tf.summary.FileWriter(logs_path, graph=tf.get_default_graph())

    for epoch in range(training_epochs):
        avg_cost = 0.
        total_batch = int(len(train_x) / batch_size)
        perm = np.random.permutation(len(train_x))
        for i in range(total_batch):
            idx = perm[i * batch_size:(i + 1) * batch_size]
            batch_xs, batch_ys = train_x[idx], train_y[idx]
            # Run optimization op (backprop), cost op (to get loss value) and summary nodes
            _, c, summary = sess.run([optimizer, cost, merged_summary_op],
                                     feed_dict={x: batch_xs, y: batch_ys})
            # Write logs at every iteration
            summary_writer.add_summary(summary, epoch * total_batch + i)
            avg_cost += c / total_batch
        if (epoch + 1) % display_step == 0:
            print("Epoch:", '%04d' % (epoch + 1), "cost=", "{:.9f}".format(avg_cost))
    summary_writer.close()

    print("Optimization Finished!")
    print("Run the command line:\n--> tensorboard --logdir=%s" % logs_path)
    print("final accuracy: %.4f" % acc.eval({x: test_x, y: test_y}))
