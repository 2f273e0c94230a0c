"""`InteractiveSession` with `.eval(feed) * 100` and `.run(feed)` on ops, no explicit session use.

Imitates: the Deep MNIST tutorial's InteractiveSession half and notebook code that prints
`accuracy.eval(feed_dict={...}) * 100` and `train_step.run(feed_dict=...)`.
Constructs: `sess = tf.InteractiveSession()`, `tf.global_variables_initializer().run()`,
`train_step.run(feed_dict={...})`, `cross_entropy.eval(feed_dict=...)`, `accuracy.eval(feed) * 100`,
`W.eval()` to numpy for a weight norm, a positional-dict `.eval({x: ..., y_: ...})`.
Data: digits, one-hot. Expected accuracy: about 0.96.
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

sess = tf.InteractiveSession()
x = tf.placeholder(tf.float32, shape=[None, 64])
y_ = tf.placeholder(tf.float32, shape=[None, 10])
W = tf.Variable(tf.zeros([64, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.matmul(x, W) + b
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

tf.global_variables_initializer().run()
for i in range(600):
    idx = np.random.randint(0, len(x_train), 100)
    train_step.run(feed_dict={x: x_train[idx], y_: y_train[idx]})
    if i % 200 == 0:
        print("step %d, cross entropy %g" % (i, cross_entropy.eval(feed_dict={x: x_train, y_: y_train})))

print("weight norm: %.3f" % np.linalg.norm(W.eval()))
print("test accuracy %.2f %%" % (accuracy.eval({x: x_test, y_: y_test}) * 100))
final = accuracy.eval(feed_dict={x: x_test, y_: y_test}) * 100
print("final accuracy: %.4f" % (final / 100.0))
sess.close()
