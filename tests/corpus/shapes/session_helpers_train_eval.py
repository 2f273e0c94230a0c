"""The session handed to helper functions: `train_epoch(sess, ...)`, `evaluate(sess, ...)`, `run(sess)`.

Imitates: mid-size scripts that keep the graph at module level and pass the session down
(`def run_epoch(session, ...)` in the PTB tutorial, `def evaluate(sess, X_data, y_data)` in
Udacity's traffic-sign project).
Constructs: `def evaluate(sess, X_data, y_data)` looping batches with `sess.run(accuracy_operation,
feed_dict=...)` weighted by batch size, `def train_epoch(sess, epoch)`, `def run(sess)` called
as `with tf.Session() as sess: acc = run(sess)`, `sklearn.utils.shuffle`, `tf.layers.dense`,
`tf.nn.softmax_cross_entropy_with_logits` (v1, deprecated), Adam.
Data: digits, one-hot. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.utils import shuffle

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
X_train, X_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)
EPOCHS = 20
BATCH_SIZE = 64

x = tf.placeholder(tf.float32, (None, 64))
y = tf.placeholder(tf.float32, (None, 10))
fc1 = tf.layers.dense(x, 96, activation=tf.nn.relu)
logits = tf.layers.dense(fc1, 10)
cross_entropy = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits)
loss_operation = tf.reduce_mean(cross_entropy)
training_operation = tf.train.AdamOptimizer(learning_rate=0.002).minimize(loss_operation)
correct_prediction = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
accuracy_operation = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))


def evaluate(sess, X_data, y_data):
    num_examples = len(X_data)
    total_accuracy = 0
    for offset in range(0, num_examples, BATCH_SIZE):
        batch_x, batch_y = X_data[offset:offset + BATCH_SIZE], y_data[offset:offset + BATCH_SIZE]
        accuracy = sess.run(accuracy_operation, feed_dict={x: batch_x, y: batch_y})
        total_accuracy += (accuracy * len(batch_x))
    return total_accuracy / num_examples


def train_epoch(sess, X_data, y_data):
    X_data, y_data = shuffle(X_data, y_data, random_state=np.random.randint(1 << 30))
    for offset in range(0, len(X_data), BATCH_SIZE):
        end = offset + BATCH_SIZE
        sess.run(training_operation, feed_dict={x: X_data[offset:end], y: y_data[offset:end]})


def run(sess):
    sess.run(tf.global_variables_initializer())
    for i in range(EPOCHS):
        train_epoch(sess, X_train, y_train)
        if i % 5 == 0:
            print("EPOCH {} ... Train Accuracy = {:.3f}".format(i + 1, evaluate(sess, X_train, y_train)))
    return evaluate(sess, X_test, y_test)


with tf.Session() as sess:
    test_accuracy = run(sess)
print("final accuracy: %.4f" % test_accuracy)
