"""`tf.contrib.rnn.BasicLSTMCell` + `tf.contrib.rnn.static_rnn` over image rows, in a `RNN(x, weights, biases)` helper.

Imitates: aymericdamien's recurrent_network.py written against `tf.contrib.rnn` (the TF 1.0-1.2
spelling), weights and biases dicts, `tf.unstack(x, timesteps, 1)`.
Constructs: `from tensorflow.contrib import rnn`, `rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)`,
`rnn.static_rnn(lstm_cell, x, dtype=tf.float32)`, `tf.unstack`, the last output times a weight
matrix, Adam, `display_step` printing.
Data: digits as 8 timesteps of 8 pixels. Expected accuracy: about 0.95.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.contrib import rnn

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

learning_rate = 0.01
training_steps = 400
batch_size = 64
display_step = 100
num_input = 8
timesteps = 8
num_hidden = 64
num_classes = 10

X = tf.placeholder("float", [None, timesteps, num_input])
Y = tf.placeholder("float", [None, num_classes])
weights = {'out': tf.Variable(tf.random_normal([num_hidden, num_classes]))}
biases = {'out': tf.Variable(tf.random_normal([num_classes]))}


def RNN(x, weights, biases):
    x = tf.unstack(x, timesteps, 1)
    lstm_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
    outputs, states = rnn.static_rnn(lstm_cell, x, dtype=tf.float32)
    return tf.matmul(outputs[-1], weights['out']) + biases['out']


logits = RNN(X, weights, biases)
prediction = tf.nn.softmax(logits)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=Y))
train_op = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(loss_op)
correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    for step in range(1, training_steps + 1):
        idx = np.random.randint(0, len(x_train), batch_size)
        sess.run(train_op, feed_dict={X: x_train[idx], Y: y_train[idx]})
        if step % display_step == 0 or step == 1:
            loss, acc = sess.run([loss_op, accuracy], feed_dict={X: x_train[idx], Y: y_train[idx]})
            print("Step " + str(step) + ", Minibatch Loss= " + "{:.4f}".format(loss) +
                  ", Training Accuracy= " + "{:.3f}".format(acc))
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={X: x_test, Y: y_test}))
