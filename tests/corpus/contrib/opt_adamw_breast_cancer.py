"""Breast-cancer MLP trained with tf.contrib.opt.AdamWOptimizer (decoupled weight decay).

Style: a 2018 "AdamW in TensorFlow" blog post: `from tensorflow.contrib.opt
import AdamWOptimizer`, the decay passed as `weight_decay`, trained with
`minimize(loss, global_step=...)`; the net built with `tf.layers.dense` and a
`tf.contrib.layers` initializer, loss from `tf.losses.sigmoid_cross_entropy`.

Constructs exercised:
- `tf.contrib.opt.AdamWOptimizer(weight_decay=..., learning_rate=...)` (contrib
  semantics: var -= weight_decay * var before the Adam step, not scaled by the
  learning rate);
- `tf.train.get_or_create_global_step()`;
- `tf.layers.dense` with `kernel_initializer=tf.contrib.layers.xavier_initializer()`;
- `tf.losses.sigmoid_cross_entropy(multi_class_labels=..., logits=...)`;
- `tf.metrics.accuracy` with `tf.local_variables_initializer()`.

Data: sklearn `load_breast_cancer` (30 features, binary), standardized, 75/25 split.
Expected: final accuracy about 0.96 (>= 0.93).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from tensorflow.contrib.opt import AdamWOptimizer

tf.set_random_seed(0)
np.random.seed(0)

data = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(
    data.data.astype(np.float32), data.target.astype(np.float32)[:, None], random_state=0)
mean, std = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

weight_decay = 1e-4
learning_rate = 1e-3
epochs = 40
batch_size = 32

x = tf.placeholder(tf.float32, [None, 30])
y = tf.placeholder(tf.float32, [None, 1])

init = tf.contrib.layers.xavier_initializer()
h = tf.layers.dense(x, 64, activation=tf.nn.relu, kernel_initializer=init)
h = tf.layers.dense(h, 32, activation=tf.nn.relu, kernel_initializer=init)
logits = tf.layers.dense(h, 1, kernel_initializer=init)

loss = tf.losses.sigmoid_cross_entropy(multi_class_labels=y, logits=logits)
global_step = tf.train.get_or_create_global_step()
optimizer = AdamWOptimizer(weight_decay=weight_decay, learning_rate=learning_rate)
train_op = optimizer.minimize(loss, global_step=global_step)

predictions = tf.cast(tf.sigmoid(logits) > 0.5, tf.float32)
acc, acc_op = tf.metrics.accuracy(labels=y, predictions=predictions)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(epochs):
        order = np.random.permutation(len(x_train))
        for i in range(0, len(x_train), batch_size):
            idx = order[i:i + batch_size]
            _, step = sess.run([train_op, global_step], feed_dict={x: x_train[idx], y: y_train[idx]})
        if (epoch + 1) % 10 == 0:
            print("epoch %d step %d loss %.4f" % (epoch + 1, step, sess.run(loss, {x: x_train, y: y_train})))
    sess.run(tf.local_variables_initializer())
    sess.run(acc_op, feed_dict={x: x_test, y: y_test})
    print("final accuracy: %.4f" % sess.run(acc))
