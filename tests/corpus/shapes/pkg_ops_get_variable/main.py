"""A three-file program: `main.py` trains, `ops.py` builds layers with get_variable, `utils.py` loads data.

Imitates: the small-project layout of many GitHub repositories (DCGAN-tensorflow, "tensorflow
project template"): layer helpers in `ops.py` that open a `tf.variable_scope(name)` and create
weights with `tf.get_variable`, data helpers in `utils.py`, and a `main.py` that imports both.
Constructs: `import ops` / `from utils import ...` between sibling modules, `ops.fc_layer(x,
out_dim, "fc1")` using `tf.get_variable(initializer=tf.truncated_normal_initializer)` and
`tf.constant_initializer`, `utils.next_batch`, `tf.nn.softmax_cross_entropy_with_logits_v2`,
Adam, a `with tf.Session() as sess:` loop.
Entry: `main.py` (the folder is one program). Data: digits. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf

import ops
from utils import load_data, next_batch

np.random.seed(0)
tf.set_random_seed(0)

x_train, x_test, y_train, y_test = load_data()

x = tf.placeholder(tf.float32, [None, 64], name="x")
y = tf.placeholder(tf.float32, [None, 10], name="y")

h1 = tf.nn.relu(ops.fc_layer(x, 128, "fc1"))
h2 = tf.nn.relu(ops.fc_layer(h1, 64, "fc2"))
logits = ops.fc_layer(h2, 10, "logits")

loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
accuracy = ops.accuracy(logits, y)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(1500):
        batch_x, batch_y = next_batch(x_train, y_train, 64)
        _, l = sess.run([train_op, loss], feed_dict={x: batch_x, y: batch_y})
        if step % 500 == 0:
            print("step %d, loss %.4f" % (step, l))
    acc = sess.run(accuracy, feed_dict={x: x_test, y: y_test})
print("final accuracy: %.4f" % acc)
