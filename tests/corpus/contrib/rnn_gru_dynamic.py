"""Digits classified by a GRU run with tf.nn.dynamic_rnn over a [batch, time, features] tensor.

Style: the "dynamic_rnn instead of static_rnn" tutorials of 2017 (e.g.
Danijar Hafner's "Variable Sequence Lengths in TensorFlow"): the cell from
`tf.contrib.rnn`, the output transposed to time-major and the last step
gathered, a `tf.get_variable` softmax layer.

Constructs exercised:
- `tf.contrib.rnn.GRUCell(num_units)`;
- `tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)` (batch-major), last output via
  `tf.transpose` + `tf.gather`;
- `tf.get_variable` with `tf.truncated_normal_initializer`, `tf.constant_initializer`;
- `tf.losses.sparse_softmax_cross_entropy`, Adam with gradient clipping
  (`compute_gradients` / `tf.clip_by_global_norm` / `apply_gradients`).

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
    (digits.images / 16.0).astype(np.float32), digits.target.astype(np.int32), random_state=0)

num_units = 64
num_classes = 10
batch_size = 64
epochs = 25
max_grad_norm = 5.0

data = tf.placeholder(tf.float32, [None, 8, 8])
target = tf.placeholder(tf.int32, [None])

cell = tf.contrib.rnn.GRUCell(num_units)
output, state = tf.nn.dynamic_rnn(cell, data, dtype=tf.float32)
output = tf.transpose(output, [1, 0, 2])
last = tf.gather(output, int(output.get_shape()[0]) - 1)

weight = tf.get_variable("softmax_w", [num_units, num_classes],
                         initializer=tf.truncated_normal_initializer(stddev=0.1))
bias = tf.get_variable("softmax_b", [num_classes], initializer=tf.constant_initializer(0.1))
logits = tf.matmul(last, weight) + bias

cross_entropy = tf.losses.sparse_softmax_cross_entropy(labels=target, logits=logits)
optimizer = tf.train.AdamOptimizer(0.005)
grads, variables = zip(*optimizer.compute_gradients(cross_entropy))
grads, _ = tf.clip_by_global_norm(grads, max_grad_norm)
minimize = optimizer.apply_gradients(zip(grads, variables))

mistakes = tf.not_equal(target, tf.argmax(logits, 1, output_type=tf.int32))
error = tf.reduce_mean(tf.cast(mistakes, tf.float32))

sess = tf.Session()
sess.run(tf.global_variables_initializer())
no_of_batches = int(len(x_train) / batch_size)
for epoch in range(epochs):
    ptr = 0
    perm = np.random.permutation(len(x_train))
    for j in range(no_of_batches):
        idx = perm[ptr:ptr + batch_size]
        ptr += batch_size
        sess.run(minimize, {data: x_train[idx], target: y_train[idx]})
    if (epoch + 1) % 5 == 0:
        incorrect = sess.run(error, {data: x_test, target: y_test})
        print('Epoch {:2d} error {:3.1f}%'.format(epoch + 1, 100 * incorrect))
incorrect = sess.run(error, {data: x_test, target: y_test})
sess.close()
print("final accuracy: %.4f" % (1.0 - incorrect))
