"""`tf.get_variable(..., initializer=tf.contrib.layers.xavier_initializer())` deep MLP with dropout.

Imitates: hunkim's lab-10 "NN, ReLu, Xavier, Dropout, and Adam" script: five layers of
`tf.get_variable("W1", shape=[...], initializer=tf.contrib.layers.xavier_initializer())`, `tf.nn.dropout(L, keep_prob=keep_prob)`
with a fed keep_prob, Adam, epoch loop over `total_batch`.
Constructs: xavier (uniform) via contrib on `get_variable`, `tf.Variable(tf.random_normal([n]))`
biases, dropout keep_prob placeholder fed 0.7/1.0, `sess.run([cost, optimizer], feed_dict=feed_dict)`,
`print('Accuracy:', sess.run(accuracy, feed_dict=...))`.
Data: digits, one-hot. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

learning_rate = 0.001
training_epochs = 25
batch_size = 50
keep_prob = tf.placeholder(tf.float32)

X = tf.placeholder(tf.float32, [None, 64])
Y = tf.placeholder(tf.float32, [None, 10])

W1 = tf.get_variable("W1", shape=[64, 128], initializer=tf.contrib.layers.xavier_initializer())
b1 = tf.Variable(tf.random_normal([128]))
L1 = tf.nn.relu(tf.matmul(X, W1) + b1)
L1 = tf.nn.dropout(L1, keep_prob=keep_prob)

W2 = tf.get_variable("W2", shape=[128, 128], initializer=tf.contrib.layers.xavier_initializer())
b2 = tf.Variable(tf.random_normal([128]))
L2 = tf.nn.relu(tf.matmul(L1, W2) + b2)
L2 = tf.nn.dropout(L2, keep_prob=keep_prob)

W3 = tf.get_variable("W3", shape=[128, 10], initializer=tf.contrib.layers.xavier_initializer())
b3 = tf.Variable(tf.random_normal([10]))
hypothesis = tf.matmul(L2, W3) + b3

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=hypothesis, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(training_epochs):
    avg_cost = 0
    total_batch = int(len(x_train) / batch_size)
    perm = np.random.permutation(len(x_train))
    for i in range(total_batch):
        idx = perm[i * batch_size:(i + 1) * batch_size]
        feed_dict = {X: x_train[idx], Y: y_train[idx], keep_prob: 0.7}
        c, _ = sess.run([cost, optimizer], feed_dict=feed_dict)
        avg_cost += c / total_batch
    if epoch % 5 == 0:
        print('Epoch:', '%04d' % (epoch + 1), 'cost =', '{:.9f}'.format(avg_cost))
print('Learning Finished!')

correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={X: x_test, Y: y_test, keep_prob: 1}))
