"""Logistic regression written against the unaliased `import tensorflow`.

Imitates: scripts that never alias the module (`tensorflow.placeholder`, `tensorflow.Session()`),
found in older course material.
Constructs: `import tensorflow`, `tensorflow.placeholder`, `tensorflow.Variable(tensorflow.zeros(...))`,
`tensorflow.nn.sigmoid_cross_entropy_with_logits`, `tensorflow.train.GradientDescentOptimizer`,
`tensorflow.Session()` as a context manager, `tensorflow.global_variables_initializer()`,
full-batch gradient descent on the breast-cancer data with a `predict` threshold.
Expected accuracy: about 0.96 (143 test samples).
"""
import numpy
import tensorflow
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

numpy.random.seed(0)
tensorflow.set_random_seed(0)

bc = load_breast_cancer()
train_x, test_x, train_y, test_y = train_test_split(bc.data, bc.target, random_state=0)
mu, sd = train_x.mean(axis=0), train_x.std(axis=0)
train_x, test_x = (train_x - mu) / sd, (test_x - mu) / sd
train_y, test_y = train_y.reshape(-1, 1), test_y.reshape(-1, 1)

x = tensorflow.placeholder(tensorflow.float32, [None, 30])
y = tensorflow.placeholder(tensorflow.float32, [None, 1])
w = tensorflow.Variable(tensorflow.zeros([30, 1]))
b = tensorflow.Variable(tensorflow.zeros([1]))
z = tensorflow.matmul(x, w) + b
loss = tensorflow.reduce_mean(tensorflow.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z))
train = tensorflow.train.GradientDescentOptimizer(0.1).minimize(loss)
predict = tensorflow.cast(z > 0, tensorflow.float32)
accuracy = tensorflow.reduce_mean(tensorflow.cast(tensorflow.equal(predict, y), tensorflow.float32))

with tensorflow.Session() as session:
    session.run(tensorflow.global_variables_initializer())
    for i in range(300):
        _, l = session.run([train, loss], feed_dict={x: train_x, y: train_y})
        if i % 100 == 0:
            print("iteration %d loss %.4f" % (i, l))
    print("final accuracy: %.4f" % session.run(accuracy, feed_dict={x: test_x, y: test_y}))
