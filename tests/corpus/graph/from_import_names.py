"""Softmax-regression-plus-hidden-layer written with names imported from `tensorflow`.

Imitates: scripts that import the pieces they use (`from tensorflow import placeholder, Variable, ...`)
instead of going through `tf.`.
Constructs: `from tensorflow import placeholder, Variable, Session, float32, matmul, nn, train, ...`,
`nn.relu`, `nn.softmax_cross_entropy_with_logits`, `train.AdamOptimizer`, `global_variables_initializer`
and `set_random_seed` imported by name, `Session()` as a context manager, list fetches.
(`from tensorflow.train import AdamOptimizer`, valid on TF >= 1.13, is not used: the compatibility
runtime serves `tensorflow.train`/`tensorflow.nn` submodule imports from TF2, not compat.v1.)
Expected accuracy: about 0.96.
"""
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow import (Session, Variable, argmax, cast, equal, float32, global_variables_initializer, matmul, nn,
                        placeholder, random_normal, reduce_mean, set_random_seed, train, zeros)

np.random.seed(0)
set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data / 16.0, np.eye(10)[digits.target], test_size=0.25, random_state=0)

x = placeholder(float32, [None, 64])
y = placeholder(float32, [None, 10])
W1 = Variable(random_normal([64, 64], stddev=0.1))
b1 = Variable(zeros([64]))
W2 = Variable(random_normal([64, 10], stddev=0.1))
b2 = Variable(zeros([10]))
logits = matmul(nn.relu(matmul(x, W1) + b1), W2) + b2

cost = reduce_mean(nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = train.AdamOptimizer(0.005).minimize(cost)
accuracy = reduce_mean(cast(equal(argmax(logits, 1), argmax(y, 1)), float32))

with Session() as sess:
    sess.run(global_variables_initializer())
    for step in range(400):
        idx = np.random.randint(0, len(x_train), 64)
        _, c = sess.run([train_op, cost], feed_dict={x: x_train[idx], y: y_train[idx]})
        if step % 100 == 0:
            print("step", step, "cost", c)
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={x: x_test, y: y_test}))
