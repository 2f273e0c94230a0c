"""Binary logistic regression on the breast-cancer data, blog-tutorial style.

Imitates: "TensorFlow tutorial" blog posts on logistic regression (one sigmoid unit, threshold 0.5).
Constructs: `tf.nn.sigmoid_cross_entropy_with_logits`, `tf.sigmoid`, `tf.round`-free threshold
via `tf.greater`, `tf.random_normal` weights, AdamOptimizer, `sess = tf.Session()` ... `sess.close()`,
named `init = tf.global_variables_initializer()`, fetches as a list, epoch loss printing.
Expected accuracy: about 0.95 (143 test samples).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

data = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(data.data, data.target, random_state=0)
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = ((x_train - mean) / std).astype(np.float32)
x_test = ((x_test - mean) / std).astype(np.float32)
y_train = y_train.reshape(-1, 1).astype(np.float32)
y_test = y_test.reshape(-1, 1).astype(np.float32)

learning_rate = 0.01
training_epochs = 30
batch_size = 32
n_features = x_train.shape[1]

X = tf.placeholder(tf.float32, [None, n_features], name="X")
Y = tf.placeholder(tf.float32, [None, 1], name="Y")

W = tf.Variable(tf.random_normal([n_features, 1], stddev=0.01), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")

logits = tf.matmul(X, W) + b
hypothesis = tf.sigmoid(logits)
cost = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=logits))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(cost)

predicted = tf.cast(tf.greater(hypothesis, 0.5), dtype=tf.float32)
accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype=tf.float32))

init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)

for epoch in range(training_epochs):
    perm = np.random.permutation(len(x_train))
    total = 0.0
    for start in range(0, len(x_train), batch_size):
        idx = perm[start:start + batch_size]
        c, _ = sess.run([cost, optimizer], feed_dict={X: x_train[idx], Y: y_train[idx]})
        total += c
    if (epoch + 1) % 10 == 0:
        print("epoch", epoch + 1, "cost", total)

acc = sess.run(accuracy, feed_dict={X: x_test, Y: y_test})
print("final accuracy: %.4f" % acc)
sess.close()
