"""Two-layer LSTM with dropout on 8x8 digits: MultiRNNCell of DropoutWrapper'd LSTMCells.

Style: the PTB-tutorial way of stacking cells (`ptb_word_lm.py`, TF 1.2+):
a `lstm_cell()` factory, each cell wrapped in
`tf.contrib.rnn.DropoutWrapper(output_keep_prob=keep_prob)`, the stack in
`tf.contrib.rnn.MultiRNNCell`, run with `tf.nn.dynamic_rnn` from a
`cell.zero_state(batch_size, tf.float32)` initial state; `keep_prob` is a
placeholder fed 1.0 for evaluation.

Constructs exercised:
- `tf.contrib.rnn.LSTMCell(num_units, initializer=..., state_is_tuple=True)`;
- `tf.contrib.rnn.DropoutWrapper(cell, output_keep_prob=keep_prob)`;
- `tf.contrib.rnn.MultiRNNCell([...], state_is_tuple=True)` and `zero_state`;
- `tf.nn.dynamic_rnn(..., initial_state=...)`, last state `state[-1].h`;
- `tf.contrib.layers.fully_connected(..., activation_fn=None)` head;
- `tf.train.AdamOptimizer`, `tf.nn.sparse_softmax_cross_entropy_with_logits`.

Data: sklearn `load_digits` as 8 timesteps x 8 pixels in [0, 1], 75/25 split.
Expected: final accuracy about 0.96 (>= 0.92).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32), digits.target, random_state=0)

hidden_size = 64
num_layers = 2
train_keep_prob = 0.9
batch_size = 50
num_epochs = 40

inputs = tf.placeholder(tf.float32, [None, 8, 8])
labels = tf.placeholder(tf.int64, [None])
keep_prob = tf.placeholder(tf.float32, [])
dynamic_batch = tf.shape(inputs)[0]


def lstm_cell():
    cell = tf.contrib.rnn.LSTMCell(hidden_size, initializer=tf.random_uniform_initializer(-0.1, 0.1),
                                   state_is_tuple=True)
    return tf.contrib.rnn.DropoutWrapper(cell, output_keep_prob=keep_prob)


cell = tf.contrib.rnn.MultiRNNCell([lstm_cell() for _ in range(num_layers)], state_is_tuple=True)
initial_state = cell.zero_state(dynamic_batch, tf.float32)
outputs, state = tf.nn.dynamic_rnn(cell, inputs, initial_state=initial_state)
logits = tf.contrib.layers.fully_connected(state[-1].h, 10, activation_fn=None)

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
train_op = tf.train.AdamOptimizer(0.005).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.float32))

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    for epoch in range(num_epochs):
        perm = np.random.permutation(len(x_train))
        costs = []
        for start in range(0, len(x_train), batch_size):
            idx = perm[start:start + batch_size]
            cost, _ = session.run([loss, train_op],
                                  {inputs: x_train[idx], labels: y_train[idx], keep_prob: train_keep_prob})
            costs.append(cost)
        if (epoch + 1) % 10 == 0:
            print("Epoch: %d Train loss: %.3f" % (epoch + 1, np.mean(costs)))
    acc = session.run(accuracy, {inputs: x_test, labels: y_test, keep_prob: 1.0})
    print("final accuracy: %.4f" % acc)
