"""Graph tensors printed and inspected outside any run: `print(hypothesis)`, `.get_shape().as_list()`, `.name`.

Imitates: beginner tutorials and Korean blog posts that print tensors to "see the graph"
(`print(W)` showing `<tf.Variable 'weight:0' shape=(...)>`, `print(L1)` after each layer,
`print(tf.trainable_variables())`), then train as usual.
Constructs: `print(tensor)` on placeholders/layers/variables, `layer.get_shape().as_list()`
used to size the next layer, `var.name` / `var.shape` in a loop over `tf.trainable_variables()`,
`np.prod(v.get_shape().as_list())` parameter count, raw `tf.nn.conv2d`/`max_pool` CNN,
`tf.reshape(L2, [-1, dim])` with `dim` from the static shape.
Data: digits as 8x8x1. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32)[..., None], np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

X = tf.placeholder(tf.float32, [None, 8, 8, 1], name="X")
Y = tf.placeholder(tf.float32, [None, 10], name="Y")
print(X)

W1 = tf.Variable(tf.random_normal([3, 3, 1, 16], stddev=0.1), name="W1")
L1 = tf.nn.relu(tf.nn.conv2d(X, W1, strides=[1, 1, 1, 1], padding='SAME'))
L1 = tf.nn.max_pool(L1, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
print(W1)
print(L1)

W2 = tf.Variable(tf.random_normal([3, 3, 16, 32], stddev=0.1), name="W2")
L2 = tf.nn.relu(tf.nn.conv2d(L1, W2, strides=[1, 1, 1, 1], padding='SAME'))
L2 = tf.nn.max_pool(L2, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
print(L2)

shape = L2.get_shape().as_list()
dim = shape[1] * shape[2] * shape[3]
print("flattened size:", dim, "from", shape)
L2_flat = tf.reshape(L2, [-1, dim])

W3 = tf.Variable(tf.random_normal([dim, 10], stddev=0.1), name="W3")
b = tf.Variable(tf.zeros([10]), name="b")
logits = tf.matmul(L2_flat, W3) + b
print(logits)

total_parameters = 0
for variable in tf.trainable_variables():
    print(variable.name, variable.shape)
    total_parameters += int(np.prod(variable.get_shape().as_list()))
print("total parameters:", total_parameters)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=0.005).minimize(cost)
correct_prediction = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print(accuracy)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(10):
    perm = np.random.permutation(len(x_train))
    for i in range(0, len(perm), 64):
        idx = perm[i:i + 64]
        sess.run(optimizer, feed_dict={X: x_train[idx], Y: y_train[idx]})
print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={X: x_test, Y: y_test}))
