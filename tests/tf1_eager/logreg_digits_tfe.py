"""Logistic regression on scikit-learn's digits with the TF 1.x eager API (`tfe.implicit_gradients`).

In the style of aymericdamien's `logistic_regression_eager_api.py` (TF 1.5-1.15): enable eager,
`tfe.Variable` weights, batches from `tfe.Iterator(dataset)`, `grad = tfe.implicit_gradients(loss_fn)`
handed to `tf.train.GradientDescentOptimizer.apply_gradients`. Expected: accuracy about 0.9.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

tf.enable_eager_execution()
tfe = tf.contrib.eager  # TF 1.15 (`import tensorflow.contrib.eager as tfe` is an empty package there)

digits = load_digits()
images = (digits.data / 16.0).astype(np.float32)
labels = np.eye(10, dtype=np.float32)[digits.target]
x_train, y_train, x_test, y_test = images[:1500], labels[:1500], images[1500:], labels[1500:]

learning_rate = 0.5
num_steps = 60
display_step = 20

dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).repeat().batch(100)
dataset_iter = tfe.Iterator(dataset)

W = tfe.Variable(tf.zeros([64, 10]), name='weights')
b = tfe.Variable(tf.zeros([10]), name='bias')


def logistic_regression(inputs):
    return tf.matmul(inputs, W) + b


def loss_fn(inference_fn, inputs, labels):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=inference_fn(inputs), labels=labels))


def accuracy_fn(inference_fn, inputs, labels):
    prediction = tf.nn.softmax(inference_fn(inputs))
    correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(labels, 1))
    return tf.reduce_mean(tf.cast(correct_pred, tf.float32))


optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
grad = tfe.implicit_gradients(loss_fn)
average_loss = tfe.metrics.Mean()

for step in range(num_steps):
    d = dataset_iter.next()
    x_batch, y_batch = d[0], d[1]
    average_loss(loss_fn(logistic_regression, x_batch, y_batch))
    optimizer.apply_gradients(grad(logistic_regression, x_batch, y_batch))
    if (step + 1) % display_step == 0 or step == 0:
        print("Step: %04d loss= %.6f" % (step + 1, average_loss.result().numpy()))

test_acc = accuracy_fn(logistic_regression, tf.constant(x_test), tf.constant(y_test))
print("final accuracy: %.4f" % test_acc.numpy())
