"""TF-Slim CNN on 8x8 digits: the slim walkthrough's model definition and training op.

Style: the TF-Slim README / `slim_walkthrough.ipynb` (2016-2017):
`import tensorflow.contrib.slim as slim`, the model under
`slim.arg_scope([slim.conv2d, slim.fully_connected], ...)` with
`slim.l2_regularizer` and `tf.truncated_normal_initializer`, `slim.repeat`,
`slim.max_pool2d`, `slim.flatten`, `slim.dropout(is_training=...)`; the loss
from `slim.losses.softmax_cross_entropy(predictions, labels)` (contrib's
logits-first order) and `slim.losses.get_total_loss()`, the train op from
`slim.learning.create_train_op`. Instead of `slim.learning.train` (queue
runners, Supervisor) the walkthrough's feed-dict variant loops over a Session.

Constructs exercised:
- `slim.arg_scope`, `slim.conv2d`, `slim.repeat`, `slim.max_pool2d`, `slim.flatten`,
  `slim.fully_connected`, `slim.dropout`, `slim.l2_regularizer`;
- `slim.losses.softmax_cross_entropy(logits, onehot_labels)` + `slim.losses.get_total_loss()`
  (adds the regularization losses);
- `slim.learning.create_train_op(total_loss, optimizer)` (creates the global step);
- `slim.get_model_variables()`.

Data: sklearn `load_digits` as [N, 8, 8, 1] in [0, 1], one-hot, 75/25 split.
Expected: final accuracy about 0.98 (>= 0.95).
"""
import numpy as np
import tensorflow as tf
import tensorflow.contrib.slim as slim
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
images_np = (digits.images / 16.0).astype(np.float32)[:, :, :, None]
x_train, x_test, y_train, y_test = train_test_split(
    images_np, np.eye(10, dtype=np.float32)[digits.target], random_state=0)


def lenet(images, is_training):
    with slim.arg_scope([slim.conv2d, slim.fully_connected],
                        activation_fn=tf.nn.relu,
                        weights_initializer=tf.truncated_normal_initializer(0.0, 0.1),
                        weights_regularizer=slim.l2_regularizer(0.0005)):
        net = slim.repeat(images, 2, slim.conv2d, 32, [3, 3], scope='conv1')
        net = slim.max_pool2d(net, [2, 2], scope='pool1')
        net = slim.conv2d(net, 64, [3, 3], scope='conv2')
        net = slim.max_pool2d(net, [2, 2], scope='pool2')
        net = slim.flatten(net, scope='flatten3')
        net = slim.fully_connected(net, 128, scope='fc4')
        net = slim.dropout(net, 0.8, is_training=is_training, scope='dropout4')
        net = slim.fully_connected(net, 10, activation_fn=None, scope='fc5')
    return net


images = tf.placeholder(tf.float32, [None, 8, 8, 1])
labels = tf.placeholder(tf.float32, [None, 10])
is_training = tf.placeholder(tf.bool, [])

predictions = lenet(images, is_training)
slim.losses.softmax_cross_entropy(predictions, labels)
total_loss = slim.losses.get_total_loss()
tf.summary.scalar('losses/total_loss', total_loss)

optimizer = tf.train.AdamOptimizer(learning_rate=0.001)
train_op = slim.learning.create_train_op(total_loss, optimizer)

accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(predictions, 1), tf.argmax(labels, 1)), tf.float32))
print("model variables:", len(slim.get_model_variables()))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(600):
        idx = np.random.choice(len(x_train), 50, replace=False)
        loss = sess.run(train_op, feed_dict={images: x_train[idx], labels: y_train[idx], is_training: True})
        if step % 200 == 0:
            print("step %d total loss %.4f" % (step, loss))
    acc = sess.run(accuracy, feed_dict={images: x_test, labels: y_test, is_training: False})
    print("final accuracy: %.4f" % acc)
