"""Digits read row by row by an LSTM: aymericdamien's `recurrent_network.py` on 8x8 digits.

Style: TensorFlow-Examples `examples/3_NeuralNetworks/recurrent_network.py`
(`from tensorflow.contrib import rnn`, weights/biases dicts, `RNN(x, weights,
biases)` that unstacks the time axis, `rnn.static_rnn`, softmax on the last
output).

Constructs exercised:
- `from tensorflow.contrib import rnn`; `rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)`;
- `rnn.static_rnn` over `tf.unstack(x, timesteps, 1)`;
- `tf.random_normal` weights in dicts, `tf.nn.softmax_cross_entropy_with_logits`
  (v1), `tf.train.GradientDescentOptimizer` swapped for Adam as in later versions.

Data: sklearn `load_digits` as 8 timesteps x 8 pixels in [0, 1], 75/25 split.
Expected: final accuracy about 0.96 (>= 0.92).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.contrib import rnn

tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
seqs = (digits.images / 16.0).astype(np.float32)
onehot = np.eye(10, dtype=np.float32)[digits.target]
x_train, x_test, y_train, y_test = train_test_split(seqs, onehot, random_state=0)

# Training Parameters
learning_rate = 0.01
training_steps = 800
batch_size = 64
display_step = 200

# Network Parameters
num_input = 8  # one row of the image
timesteps = 8  # rows
num_hidden = 64
num_classes = 10

X = tf.placeholder("float", [None, timesteps, num_input])
Y = tf.placeholder("float", [None, num_classes])

weights = {
    'out': tf.Variable(tf.random_normal([num_hidden, num_classes]))
}
biases = {
    'out': tf.Variable(tf.random_normal([num_classes]))
}


def RNN(x, weights, biases):
    # Unstack to get a list of 'timesteps' tensors of shape (batch_size, num_input)
    x = tf.unstack(x, timesteps, 1)
    lstm_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
    outputs, states = rnn.static_rnn(lstm_cell, x, dtype=tf.float32)
    return tf.matmul(outputs[-1], weights['out']) + biases['out']


logits = RNN(X, weights, biases)
prediction = tf.nn.softmax(logits)

loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)

correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    for step in range(1, training_steps + 1):
        idx = np.random.choice(len(x_train), batch_size, replace=False)
        batch_x, batch_y = x_train[idx], y_train[idx]
        sess.run(train_op, feed_dict={X: batch_x, Y: batch_y})
        if step % display_step == 0 or step == 1:
            loss, acc = sess.run([loss_op, accuracy], feed_dict={X: batch_x, Y: batch_y})
            print("Step " + str(step) + ", Minibatch Loss= " + "{:.4f}".format(loss) +
                  ", Training Accuracy= " + "{:.3f}".format(acc))
    print("Optimization Finished!")
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={X: x_test, Y: y_test}))
