"""Input pipeline with `tf.data.Dataset.from_tensor_slices` and a one-shot iterator.

Imitates: TF 1.4+ "Importing Data" guide code: shuffle/repeat/batch a dataset, pull tensors with
`iterator.get_next()`, build the model directly on them (no placeholders for training).
Constructs: `tf.data.Dataset.from_tensor_slices((x, y))`, `.shuffle(buffer, seed=0).repeat().batch(n)`,
`dataset.make_one_shot_iterator()`, `get_next()`, a shared model via
`tf.variable_scope("mlp", reuse=tf.AUTO_REUSE)` and `tf.layers.dense(name=...)`, evaluation on
`tf.constant` test tensors, `sess.run([train_op, loss])` without feed_dict, AdamOptimizer.
Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data.astype(np.float32) / 16.0, digits.target.astype(np.int32), test_size=0.25, random_state=0)

batch_size = 64
num_steps = 400

dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train))
dataset = dataset.shuffle(buffer_size=2000, seed=0).repeat().batch(batch_size)
iterator = dataset.make_one_shot_iterator()
features, labels = iterator.get_next()


def mlp(inputs):
    with tf.variable_scope("mlp", reuse=tf.AUTO_REUSE):
        h = tf.layers.dense(inputs, 96, activation=tf.nn.relu, name="hidden")
        return tf.layers.dense(h, 10, name="output")


logits = mlp(features)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
train_op = tf.train.AdamOptimizer(learning_rate=0.003).minimize(loss)

test_logits = mlp(tf.constant(x_test))
test_accuracy = tf.reduce_mean(
    tf.cast(tf.equal(tf.argmax(test_logits, 1, output_type=tf.int32), tf.constant(y_test)), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(1, num_steps + 1):
        _, loss_value = sess.run([train_op, loss])
        if step % 100 == 0:
            print("Step %d, minibatch loss %.4f" % (step, loss_value))
    acc = sess.run(test_accuracy)
print("final accuracy: %.4f" % acc)
