"""Breast-cancer logistic MLP with L2 weight decay through contrib regularizers.

Style: a 2017 Korean blog post ("텐서플로우 정규화 적용하기") -- names imported
straight from `tensorflow.contrib.layers`, the regularizer handed to every
layer, the penalty picked up again with `tf.losses.get_regularization_loss()`.

Constructs exercised:
- `from tensorflow.contrib.layers import fully_connected, l2_regularizer, variance_scaling_initializer`;
- `l2_regularizer(scale)` (contrib semantics: scale * sum(w**2) / 2);
- `variance_scaling_initializer()` (He init, contrib defaults);
- `fully_connected(..., activation_fn=tf.nn.sigmoid)` output unit;
- `tf.losses.log_loss` on probabilities and `tf.losses.get_regularization_loss()`;
- `tf.train.GradientDescentOptimizer` with `tf.train.exponential_decay` and a global step.

Data: sklearn `load_breast_cancer` (30 features, binary), standardized, 75/25 split.
Expected: final accuracy about 0.96 (>= 0.93).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from tensorflow.contrib.layers import fully_connected, l2_regularizer, variance_scaling_initializer

tf.set_random_seed(0)
np.random.seed(0)

data = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(
    data.data.astype(np.float32), data.target.astype(np.float32), random_state=0)
mu, sigma = x_train.mean(0), x_train.std(0)
x_train = (x_train - mu) / sigma
x_test = (x_test - mu) / sigma
y_train = y_train.reshape(-1, 1)
y_test = y_test.reshape(-1, 1)

# hyper parameters
reg_scale = 0.01
n_epochs = 60
batch_size = 32

X = tf.placeholder(tf.float32, shape=[None, 30], name="X")
y = tf.placeholder(tf.float32, shape=[None, 1], name="y")

regularizer = l2_regularizer(reg_scale)
he_init = variance_scaling_initializer()

with tf.name_scope("dnn"):
    hidden1 = fully_connected(X, 32, weights_initializer=he_init,
                              weights_regularizer=regularizer, scope="hidden1")
    hidden2 = fully_connected(hidden1, 16, weights_initializer=he_init,
                              weights_regularizer=regularizer, scope="hidden2")
    prob = fully_connected(hidden2, 1, activation_fn=tf.nn.sigmoid,
                           weights_regularizer=regularizer, scope="output")

with tf.name_scope("loss"):
    base_loss = tf.losses.log_loss(labels=y, predictions=prob)
    reg_loss = tf.losses.get_regularization_loss()
    loss = base_loss + reg_loss

global_step = tf.Variable(0, trainable=False, name="global_step")
learning_rate = tf.train.exponential_decay(0.1, global_step, decay_steps=100, decay_rate=0.9, staircase=True)
with tf.name_scope("train"):
    training_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss, global_step=global_step)

with tf.name_scope("eval"):
    predicted = tf.cast(prob > 0.5, tf.float32)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, y), tf.float32))

init = tf.global_variables_initializer()

with tf.Session() as sess:
    init.run()
    for epoch in range(n_epochs):
        order = np.random.permutation(len(x_train))
        for start in range(0, len(x_train), batch_size):
            idx = order[start:start + batch_size]
            sess.run(training_op, feed_dict={X: x_train[idx], y: y_train[idx]})
        if epoch % 20 == 0:
            l, r = sess.run([base_loss, reg_loss], feed_dict={X: x_train, y: y_train})
            print("epoch", epoch, "log loss", l, "reg loss", r)
    acc_test = accuracy.eval(feed_dict={X: x_test, y: y_test})
    print("final accuracy: %.4f" % acc_test)
