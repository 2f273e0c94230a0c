"""Iris MLP fed by a tf.contrib.data pipeline (TF 1.4-1.9 style).

Style: the TF 1.4 "Importing Data" guide as blog posts applied it, with the
helpers that then lived in `tf.contrib.data`:
`tf.contrib.data.Dataset.from_tensor_slices((x, y))`,
`dataset.apply(tf.contrib.data.shuffle_and_repeat(buffer_size))`,
`dataset.apply(tf.contrib.data.batch_and_drop_remainder(batch_size))`, a
one-shot iterator for training and an initializable iterator
(`make_initializable_iterator` + `iterator.initializer`) for evaluation,
the eval loop ending on `tf.errors.OutOfRangeError`.

Constructs exercised:
- `tf.contrib.data.Dataset`, `tf.contrib.data.shuffle_and_repeat`,
  `tf.contrib.data.batch_and_drop_remainder`;
- `make_one_shot_iterator()`, `make_initializable_iterator()`, `get_next()`,
  `tf.errors.OutOfRangeError`;
- `tf.contrib.layers.fully_connected` shared between the train and eval
  graphs through `tf.variable_scope(..., reuse=True)`;
- `tf.losses.sparse_softmax_cross_entropy`, `tf.train.AdamOptimizer`.

Data: sklearn `load_iris`, standardized, 75/25 split.
Expected: final accuracy about 0.97 (>= 0.92).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

iris = load_iris()
x_train, x_test, y_train, y_test = train_test_split(
    iris.data.astype(np.float32), iris.target.astype(np.int64), random_state=0)
mean, std = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

BATCH_SIZE = 16
STEPS = 400

train_ds = tf.contrib.data.Dataset.from_tensor_slices((x_train, y_train))
train_ds = train_ds.apply(tf.contrib.data.shuffle_and_repeat(buffer_size=len(x_train), seed=0))
train_ds = train_ds.apply(tf.contrib.data.batch_and_drop_remainder(BATCH_SIZE))
train_features, train_labels = train_ds.make_one_shot_iterator().get_next()

test_ds = tf.contrib.data.Dataset.from_tensor_slices((x_test, y_test)).batch(10)
test_iterator = test_ds.make_initializable_iterator()
test_features, test_labels = test_iterator.get_next()


def model(features, reuse):
    with tf.variable_scope("model", reuse=reuse):
        net = tf.contrib.layers.fully_connected(features, 16, scope="hidden")
        return tf.contrib.layers.fully_connected(net, 3, activation_fn=None, scope="logits")


train_logits = model(train_features, reuse=False)
loss = tf.losses.sparse_softmax_cross_entropy(labels=train_labels, logits=train_logits)
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)

test_logits = model(test_features, reuse=True)
n_correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(test_logits, 1), test_labels), tf.int32))
n_seen = tf.shape(test_labels)[0]

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(STEPS):
        _, loss_value = sess.run([train_op, loss])
        if step % 100 == 0:
            print("step %d loss %.4f" % (step, loss_value))
    sess.run(test_iterator.initializer)
    correct, seen = 0, 0
    while True:
        try:
            c, batch = sess.run([n_correct, n_seen])
        except tf.errors.OutOfRangeError:
            break
        correct += c
        seen += batch
    print("evaluated %d examples" % seen)
    print("final accuracy: %.4f" % (correct / float(seen)))
