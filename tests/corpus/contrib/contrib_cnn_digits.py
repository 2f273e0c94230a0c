"""Small CNN on 8x8 digits with tf.contrib.layers conv/pool/flatten/dropout.

Style: the TF 1.x "Deep MNIST for experts" tutorial as rewritten with
`tf.contrib.layers` (a `conv_net(x, keep_prob, is_training)` function, a
`keep_prob` placeholder fed 0.75 in training and ignored at test time through
`is_training`).

Constructs exercised:
- `tf.contrib.layers.conv2d` (SAME padding, ReLU by default), `max_pool2d`
  (kernel 2, stride 2 default), `flatten`;
- `tf.contrib.layers.dropout(keep_prob=..., is_training=...)` with a bool
  placeholder for the training switch;
- `tf.contrib.layers.fully_connected` with and without activation;
- `tf.nn.softmax_cross_entropy_with_logits_v2` on one-hot labels, Adam.

Data: sklearn `load_digits` reshaped to [N, 8, 8, 1], scaled to [0, 1], 75/25 split.
Expected: final accuracy about 0.98 (>= 0.95).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
images = (digits.images / 16.0).astype(np.float32)[..., np.newaxis]
onehot = np.eye(10, dtype=np.float32)[digits.target]
x_train, x_test, y_train, y_test = train_test_split(images, onehot, random_state=0)

learning_rate = 0.002
num_steps = 600
batch_size = 64
dropout_keep = 0.75

x = tf.placeholder(tf.float32, [None, 8, 8, 1])
y = tf.placeholder(tf.float32, [None, 10])
keep_prob = tf.placeholder(tf.float32)
is_training = tf.placeholder(tf.bool)


def conv_net(x, keep_prob, is_training):
    conv1 = tf.contrib.layers.conv2d(x, 32, [3, 3])
    pool1 = tf.contrib.layers.max_pool2d(conv1, [2, 2])
    conv2 = tf.contrib.layers.conv2d(pool1, 64, [3, 3])
    pool2 = tf.contrib.layers.max_pool2d(conv2, [2, 2])
    flat = tf.contrib.layers.flatten(pool2)
    fc1 = tf.contrib.layers.fully_connected(flat, 128)
    fc1 = tf.contrib.layers.dropout(fc1, keep_prob=keep_prob, is_training=is_training)
    return tf.contrib.layers.fully_connected(fc1, 10, activation_fn=None)


logits = conv_net(x, keep_prob, is_training)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train_op = tf.train.AdamOptimizer(learning_rate).minimize(loss)
correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(1, num_steps + 1):
        idx = np.random.choice(len(x_train), batch_size, replace=False)
        feed = {x: x_train[idx], y: y_train[idx], keep_prob: dropout_keep, is_training: True}
        sess.run(train_op, feed_dict=feed)
        if step % 200 == 0:
            l, a = sess.run([loss, accuracy], feed_dict=feed)
            print("Step %d, Minibatch Loss= %.4f, Training Accuracy= %.3f" % (step, l, a))
    print("Optimization Finished!")
    test_acc = sess.run(accuracy, feed_dict={x: x_test, y: y_test, keep_prob: 1.0, is_training: False})
    print("final accuracy: %.4f" % test_acc)
