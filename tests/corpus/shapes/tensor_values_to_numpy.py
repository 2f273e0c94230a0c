"""Fetched values and graph tensors mixed with numpy: weights pulled out, logits post-processed, a confusion matrix.

Imitates: analysis code after training (Hvass-Labs' `print_confusion_matrix`/`plot_weights`
helpers without the plotting): `w = session.run(weights)` then numpy statistics, predicted
classes from `session.run(y_pred_cls, feed_dict=feed_dict_test)`, `confusion_matrix` from
scikit-learn, a helper taking the tensor to evaluate as argument.
Constructs: a module-level `session = tf.Session()`, `feed_dict_test` prepared once,
`def predict_cls(tensor, images)` running the tensor handed in, `session.run(weights)` into
numpy, `sklearn.metrics.confusion_matrix`, `tf.nn.softmax` +
`tf.argmax(axis=1)`, GradientDescent.
Data: digits. Expected accuracy: about 0.96.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, cls_train, cls_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), digits.target, test_size=0.25, random_state=0)
y_train = np.eye(10, dtype=np.float32)[cls_train]
y_test = np.eye(10, dtype=np.float32)[cls_test]

x = tf.placeholder(tf.float32, [None, 64])
y_true = tf.placeholder(tf.float32, [None, 10])
y_true_cls = tf.placeholder(tf.int64, [None])
weights = tf.Variable(tf.zeros([64, 10]))
biases = tf.Variable(tf.zeros([10]))
logits = tf.matmul(x, weights) + biases
y_pred = tf.nn.softmax(logits)
y_pred_cls = tf.argmax(y_pred, axis=1)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=y_true))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(cost)
accuracy = tf.reduce_mean(tf.cast(tf.equal(y_pred_cls, y_true_cls), tf.float32))

session = tf.Session()
session.run(tf.global_variables_initializer())
feed_dict_test = {x: x_test, y_true: y_test, y_true_cls: cls_test}


def optimize(num_iterations, batch_size=100):
    for i in range(num_iterations):
        idx = np.random.randint(0, len(x_train), batch_size)
        session.run(optimizer, feed_dict={x: x_train[idx], y_true: y_train[idx]})


def predict_cls(tensor, images):
    return session.run(tensor, feed_dict={x: images})


def print_weight_stats():
    w = session.run(weights)
    w_min, w_max = np.min(w), np.max(w)
    print("weights min %.3f max %.3f, strongest pixel per class:" % (w_min, w_max), np.argmax(w, axis=0))


optimize(num_iterations=600)
print_weight_stats()
cls_pred = predict_cls(y_pred_cls, x_test)
cm = confusion_matrix(y_true=cls_test, y_pred=cls_pred)
print("confusion matrix diagonal:", np.diag(cm))
print("numpy accuracy: %.4f" % (np.trace(cm) / float(np.sum(cm))))
acc = session.run(accuracy, feed_dict=feed_dict_test)
print("final accuracy: %.4f" % acc)
