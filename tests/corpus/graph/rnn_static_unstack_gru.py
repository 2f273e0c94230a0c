"""GRU over digit rows with `tf.nn.static_rnn` and `tf.unstack`, aymericdamien `recurrent_network.py` style.

Imitates: aymericdamien/TensorFlow-Examples `recurrent_network.py` (unstack to a list of timesteps,
static RNN, last output through a dense weight).
Constructs: `tf.unstack(x, timesteps, 1)`, `tf.nn.rnn_cell.GRUCell`, `tf.nn.static_rnn(cell, x, dtype=tf.float32)`,
`outputs[-1]`, a `def RNN(x)` builder reading module-level weights, RMSPropOptimizer,
`tf.InteractiveSession()` with `train_op.run(feed_dict=...)` and `accuracy.eval(feed_dict=...)`.
Expected accuracy: about 0.95.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
train_images, test_images, train_labels, test_labels = train_test_split(
    digits.images.astype(np.float32) / 16.0, np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

timesteps = 8
num_input = 8
num_hidden = 64
num_classes = 10

X = tf.placeholder(tf.float32, [None, timesteps, num_input])
Y = tf.placeholder(tf.float32, [None, num_classes])
W_out = tf.Variable(tf.random_normal([num_hidden, num_classes], stddev=0.1))
b_out = tf.Variable(tf.zeros([num_classes]))


def RNN(x):
    # Prepare data shape to match `rnn` function requirements
    # Current data input shape: (batch_size, timesteps, n_input)
    # Required shape: 'timesteps' tensors list of shape (batch_size, n_input)
    x = tf.unstack(x, timesteps, 1)
    cell = tf.nn.rnn_cell.GRUCell(num_hidden)
    outputs, states = tf.nn.static_rnn(cell, x, dtype=tf.float32)
    return tf.matmul(outputs[-1], W_out) + b_out


logits = RNN(X)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
train_op = tf.train.RMSPropOptimizer(learning_rate=0.01).minimize(loss_op)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1)), tf.float32))

sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())
for step in range(1, 401):
    idx = np.random.randint(0, len(train_images), 64)
    train_op.run(feed_dict={X: train_images[idx], Y: train_labels[idx]})
    if step % 100 == 0:
        print("step %d loss %.4f" % (step, loss_op.eval(feed_dict={X: train_images[idx], Y: train_labels[idx]})))
print("final accuracy: %.4f" % accuracy.eval(feed_dict={X: test_images, Y: test_labels}))
sess.close()
