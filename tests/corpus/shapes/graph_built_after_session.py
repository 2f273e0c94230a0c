"""More graph built after the session has started and trained: prediction and accuracy ops added late.

Imitates: notebooks where the training cell comes first and a later cell adds evaluation ops
(`prediction = tf.argmax(logits, 1)`, `correct = tf.equal(...)`) to the same graph, then runs them
in the still-open session; plus a `tf.nn.softmax` op built after training for one example.
Constructs: `sess = tf.Session()` opened before the evaluation ops exist, `tf.argmax`,
`tf.equal`, `tf.reduce_mean` created after training, `tf.nn.top_k(probs, k=2)` built late,
`tf.train.AdagradOptimizer`, `tf.truncated_normal` weights.
Data: digits, int labels. Expected accuracy: about 0.96.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), digits.target.astype(np.int64), test_size=0.25, random_state=0)

tf_x = tf.placeholder(tf.float32, [None, 64])
tf_y = tf.placeholder(tf.int64, [None])
w1 = tf.Variable(tf.truncated_normal([64, 64], stddev=0.1))
b1 = tf.Variable(tf.constant(0.1, shape=[64]))
w2 = tf.Variable(tf.truncated_normal([64, 10], stddev=0.1))
b2 = tf.Variable(tf.constant(0.1, shape=[10]))
logits = tf.matmul(tf.nn.relu(tf.matmul(tf_x, w1) + b1), w2) + b2
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf_y, logits=logits))
train_op = tf.train.AdagradOptimizer(0.3).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(800):
    idx = np.random.randint(0, len(x_train), 64)
    _, l = sess.run([train_op, loss], {tf_x: x_train[idx], tf_y: y_train[idx]})
    if step % 200 == 0:
        print("step", step, "loss %.4f" % l)

# --- evaluation cell: the graph grows after training
prediction = tf.argmax(logits, 1)
correct = tf.equal(prediction, tf_y)
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
probs = tf.nn.softmax(logits)
top2 = tf.nn.top_k(probs, k=2)
values, indices = sess.run(top2, {tf_x: x_test[:1]})
print("first test digit: label", y_test[0], "top-2", indices[0], np.round(values[0], 3))
acc = sess.run(accuracy, {tf_x: x_test, tf_y: y_test})
sess.close()
print("final accuracy: %.4f" % acc)
