"""Every-step digit classifier: BasicRNNCell + tf.contrib.seq2seq.sequence_loss.

Style: the char-RNN tutorials of Sung Kim's "모두를 위한 딥러닝" (lab-12,
`hello_rnn.py` / `char-seq-rnn.py`): a `tf.contrib.rnn.BasicRNNCell`, a
`tf.nn.dynamic_rnn`, `tf.contrib.layers.fully_connected(outputs, num_classes,
activation_fn=None)` on the 3-D outputs, reshaped to `[batch, seq, classes]`,
and `tf.contrib.seq2seq.sequence_loss` with all-ones `weights`. Here the label
of every step is the digit, so the RNN must guess it from the rows seen so far;
the accuracy is that of the last step (all 8 rows seen).

Constructs exercised:
- `tf.contrib.rnn.BasicRNNCell(num_units=hidden_size)`, `tf.nn.dynamic_rnn`;
- `tf.contrib.layers.fully_connected` on a rank-3 tensor (tensordot path);
- `tf.contrib.seq2seq.sequence_loss(logits, targets, weights)` (mean over batch and time);
- `tf.ones([batch, seq])` weights, `tf.tile` of labels over time, Adam.

Data: sklearn `load_digits` as 8 timesteps x 8 pixels in [0, 1], 75/25 split.
Expected: final accuracy about 0.92 (>= 0.88); the least stable program here (seed spread ~0.03).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)  # reproducibility
np.random.seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32), digits.target.astype(np.int32), random_state=0)

hidden_size = 64
num_classes = 10
sequence_length = 8
learning_rate = 0.003
batch_size = 64

X = tf.placeholder(tf.float32, [None, sequence_length, 8])
Y = tf.placeholder(tf.int32, [None])
batch = tf.shape(X)[0]

cell = tf.contrib.rnn.BasicRNNCell(num_units=hidden_size)
outputs, _states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)

outputs = tf.contrib.layers.fully_connected(outputs, num_classes, activation_fn=None)
outputs = tf.reshape(outputs, [batch, sequence_length, num_classes])

targets = tf.tile(tf.expand_dims(Y, 1), [1, sequence_length])
weights = tf.ones([batch, sequence_length])
sequence_loss = tf.contrib.seq2seq.sequence_loss(logits=outputs, targets=targets, weights=weights)
loss = tf.reduce_mean(sequence_loss)
train = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(loss)

prediction = tf.argmax(outputs, axis=2, output_type=tf.int32)
last_step_accuracy = tf.reduce_mean(tf.cast(tf.equal(prediction[:, -1], Y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(2000):
        idx = np.random.choice(len(x_train), batch_size, replace=False)
        l, _ = sess.run([loss, train], feed_dict={X: x_train[idx], Y: y_train[idx]})
        if i % 500 == 0:
            print(i, "loss:", l)
    result = sess.run(last_step_accuracy, feed_dict={X: x_test, Y: y_test})
    print("final accuracy: %.4f" % result)
