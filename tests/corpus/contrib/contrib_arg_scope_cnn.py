"""Digits CNN whose layer defaults come from tf.contrib.framework.arg_scope.

Style: the TF-Slim model-definition idiom before `slim` was imported as such --
an `arg_scope` over `tf.contrib.layers.conv2d` / `fully_connected` fixing the
initializer, regularizer and activation once, a nested scope for the pools,
and `avg_pool2d` at the head like the Inception/ResNet definitions.

Constructs exercised:
- `tf.contrib.framework.arg_scope` (nested; an inner explicit argument wins);
- `tf.contrib.layers.conv2d` with `stride`/`padding` from the scope,
  `max_pool2d`, `avg_pool2d`, `flatten`;
- `tf.contrib.layers.l2_regularizer` + `tf.losses.get_regularization_loss()`;
- `tf.contrib.layers.xavier_initializer_conv2d`;
- `tf.losses.sparse_softmax_cross_entropy`, Adam.

Data: sklearn `load_digits` as [N, 8, 8, 1] in [0, 1], 75/25 split.
Expected: final accuracy about 0.98 (>= 0.95).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
x_all = (digits.images / 16.0).astype(np.float32).reshape(-1, 8, 8, 1)
x_train, x_test, y_train, y_test = train_test_split(x_all, digits.target, random_state=0)

weight_decay = 1e-4
batch_size = 50
num_steps = 500

images = tf.placeholder(tf.float32, [None, 8, 8, 1], name="images")
labels = tf.placeholder(tf.int64, [None], name="labels")


def small_net(images):
    with tf.contrib.framework.arg_scope(
            [tf.contrib.layers.conv2d, tf.contrib.layers.fully_connected],
            weights_initializer=tf.contrib.layers.xavier_initializer_conv2d(),
            weights_regularizer=tf.contrib.layers.l2_regularizer(weight_decay),
            activation_fn=tf.nn.relu):
        with tf.contrib.framework.arg_scope([tf.contrib.layers.conv2d], stride=1, padding="SAME"):
            net = tf.contrib.layers.conv2d(images, 32, [3, 3], scope="conv1")
            net = tf.contrib.layers.conv2d(net, 32, [3, 3], scope="conv2")
            net = tf.contrib.layers.max_pool2d(net, [2, 2], scope="pool1")
            net = tf.contrib.layers.conv2d(net, 64, [3, 3], scope="conv3")
            net = tf.contrib.layers.avg_pool2d(net, [2, 2], scope="pool2")
        net = tf.contrib.layers.flatten(net)
        net = tf.contrib.layers.fully_connected(net, 64, scope="fc1")
        net = tf.contrib.layers.fully_connected(net, 10, activation_fn=None, scope="logits")
    return net


logits = small_net(images)
loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
total_loss = loss + tf.losses.get_regularization_loss()
train_op = tf.train.AdamOptimizer(1e-3).minimize(total_loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(num_steps):
        idx = np.random.randint(0, len(x_train), batch_size)
        _, l = sess.run([train_op, total_loss], feed_dict={images: x_train[idx], labels: y_train[idx]})
        if step % 100 == 0:
            print("step %4d  loss %.4f" % (step, l))
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={images: x_test, labels: y_test}))
