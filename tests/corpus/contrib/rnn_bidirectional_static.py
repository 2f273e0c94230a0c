"""Bidirectional LSTM on 8x8 digits: aymericdamien's `bidirectional_rnn.py`.

Style: TensorFlow-Examples `examples/3_NeuralNetworks/bidirectional_rnn.py` --
`from tensorflow.contrib import rnn`, forward and backward `BasicLSTMCell`s,
`rnn.static_bidirectional_rnn` over `tf.unstack(x, timesteps, 1)`, the
concatenated last output times a `2*num_hidden` weight matrix.

Constructs exercised:
- `rnn.BasicLSTMCell` (x2), `rnn.static_bidirectional_rnn(fw, bw, x, dtype=tf.float32)`;
- the `try: ... except Exception:` fallback for old TF versions kept from the original;
- `tf.random_normal` weights, `tf.nn.softmax_cross_entropy_with_logits`,
  `tf.train.GradientDescentOptimizer` replaced by Adam as in the repository's later version.

Data: sklearn `load_digits` as 8 timesteps x 8 pixels in [0, 1], 75/25 split.
Expected: final accuracy about 0.97 (>= 0.93).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.contrib import rnn

tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32), np.eye(10)[digits.target], random_state=0)

# Training Parameters
learning_rate = 0.01
training_steps = 600
batch_size = 64
display_step = 200

# Network Parameters
num_input = 8
timesteps = 8
num_hidden = 32  # hidden layer num of features
num_classes = 10

X = tf.placeholder("float", [None, timesteps, num_input])
Y = tf.placeholder("float", [None, num_classes])

# Hidden layer weights => 2*n_hidden because of forward + backward cells
weights = {
    'out': tf.Variable(tf.random_normal([2 * num_hidden, num_classes]))
}
biases = {
    'out': tf.Variable(tf.random_normal([num_classes]))
}


def BiRNN(x, weights, biases):
    x = tf.unstack(x, timesteps, 1)
    lstm_fw_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
    lstm_bw_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
    try:
        outputs, _, _ = rnn.static_bidirectional_rnn(lstm_fw_cell, lstm_bw_cell, x,
                                                     dtype=tf.float32)
    except Exception:  # Old TensorFlow version only returns outputs not states
        outputs = rnn.static_bidirectional_rnn(lstm_fw_cell, lstm_bw_cell, x,
                                               dtype=tf.float32)
    return tf.matmul(outputs[-1], weights['out']) + biases['out']


logits = BiRNN(X, weights, biases)
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
            print("Step " + str(step) + ", Minibatch Loss= " +
                  "{:.4f}".format(loss) + ", Training Accuracy= " +
                  "{:.3f}".format(acc))
    print("Optimization Finished!")
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={X: x_test, Y: y_test}))
