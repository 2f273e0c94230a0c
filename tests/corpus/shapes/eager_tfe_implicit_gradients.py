"""The `tf.contrib.eager` API: `tfe.implicit_gradients`, `tfe.Variable`, `tfe.Iterator` (TF 1.5-1.7 eager).

Imitates: the first eager-execution examples (the 2017 "eager execution" announcement and
aymericdamien's `logistic_regression_eager_api.py`): `from tensorflow.contrib import eager as tfe`,
`tfe.enable_eager_execution()`, a loss function of (inputs, labels), `grad = tfe.implicit_gradients(loss_fn)`,
`optimizer.apply_gradients(grad(x, y))`, batches pulled from `tfe.Iterator(dataset)`.
Constructs: `from tensorflow.contrib import eager as tfe`, `tfe.enable_eager_execution()`,
`tfe.Variable(tf.zeros(...))`, `tfe.Iterator`, `tfe.implicit_gradients`,
`tf.train.GradientDescentOptimizer.apply_gradients` with the (gradient, variable) pairs it returns,
`tf.nn.softmax_cross_entropy_with_logits_v2`, `.numpy()`.
Data: iris, one-hot. Expected accuracy: about 0.97 (0.9737 on genuine TF 1.15).
Runtime: needs `tf.contrib.eager`, which the tf-migrate runtime does not serve.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from tensorflow.contrib import eager as tfe

tfe.enable_eager_execution()
np.random.seed(0)
tf.set_random_seed(0)

iris = load_iris()
x_train, x_test, y_train, y_test = train_test_split(
    iris.data.astype(np.float32), np.eye(3, dtype=np.float32)[iris.target], test_size=0.25, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

learning_rate = 0.2
num_steps = 300
display_step = 100

dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(200, seed=0).repeat().batch(32)
dataset_iter = tfe.Iterator(dataset)

W = tfe.Variable(tf.zeros([4, 3]), name='weights')
b = tfe.Variable(tf.zeros([3]), name='bias')


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

for step in range(num_steps):
    d = dataset_iter.next()
    x_batch, y_batch = d[0], d[1]
    optimizer.apply_gradients(grad(logistic_regression, x_batch, y_batch))
    if (step + 1) % display_step == 0 or step == 0:
        print("Step: %04d loss= %.6f" % (step + 1, loss_fn(logistic_regression, x_batch, y_batch).numpy()))

test_acc = accuracy_fn(logistic_regression, tf.constant(x_test), tf.constant(y_test))
print("final accuracy: %.4f" % test_acc.numpy())
