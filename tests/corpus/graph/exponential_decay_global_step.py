"""Learning-rate decay driven by `global_step`, with a momentum optimizer.

Imitates: TF1 tutorials showing `tf.train.exponential_decay` (the CIFAR-10 `train()` and many blog
posts): a non-trainable `global_step` Variable passed to `minimize`, the decayed rate logged.
Constructs: `global_step = tf.Variable(0, trainable=False, name='global_step')`,
`tf.train.exponential_decay(0.1, global_step, 100, 0.9, staircase=True)`,
`tf.train.MomentumOptimizer(lr, 0.9).minimize(loss, global_step=global_step)`,
`sess.run([train_op, loss, learning_rate], feed_dict=...)`, `tf.train.global_step(sess, global_step)`,
softmax regression with a hidden layer on digits.
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
    digits.data.astype(np.float32) / 16.0, np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

x = tf.placeholder(tf.float32, [None, 64])
y = tf.placeholder(tf.float32, [None, 10])

W1 = tf.Variable(tf.truncated_normal([64, 100], stddev=0.1))
b1 = tf.Variable(tf.constant(0.1, shape=[100]))
W2 = tf.Variable(tf.truncated_normal([100, 10], stddev=0.1))
b2 = tf.Variable(tf.constant(0.1, shape=[10]))
h1 = tf.nn.relu(tf.matmul(x, W1) + b1)
logits = tf.matmul(h1, W2) + b2

loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))

global_step = tf.Variable(0, trainable=False, name='global_step')
starter_learning_rate = 0.1
learning_rate = tf.train.exponential_decay(starter_learning_rate, global_step, 100, 0.9, staircase=True)
train_op = tf.train.MomentumOptimizer(learning_rate, 0.9).minimize(loss, global_step=global_step)

correct_prediction = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(500):
        idx = np.random.randint(0, len(x_train), 50)
        _, loss_val, lr = sess.run([train_op, loss, learning_rate], feed_dict={x: x_train[idx], y: y_train[idx]})
        if i % 100 == 99:
            step = tf.train.global_step(sess, global_step)
            print("global step %d: loss %.4f, learning rate %.5f" % (step, loss_val, lr))
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={x: x_test, y: y_test}))
