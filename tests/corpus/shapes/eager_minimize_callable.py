"""TF 1.x eager with raw variables: `tf.enable_eager_execution()`, `optimizer.minimize(lambda: loss)`, `tf.train.Checkpoint`.

Imitates: TF 1.13-1.15 eager snippets (the eager guide's "variables and optimizers" section):
variables created with `tf.Variable` from initial values, a loss closure passed
to `optimizer.minimize`, a `tf.train.Checkpoint(W=..., b=..., optimizer=...)` saved and restored.
Constructs: `tf.enable_eager_execution()`, `tf.Variable(tf.random_normal(...))`,
`optimizer.minimize(loss_fn, var_list=[W1, b1, W2, b2])` with a zero-argument callable,
`tf.train.MomentumOptimizer`, `tf.train.Checkpoint(...).save(prefix)` + `.restore(tf.train.latest_checkpoint(dir))`,
`tf.nn.softmax_cross_entropy_with_logits_v2`, `.numpy()`.
Data: wine, one-hot. Expected accuracy: about 0.98.
"""
import os
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

tf.enable_eager_execution()
np.random.seed(0)
tf.set_random_seed(0)

wine = load_wine()
x_train, x_test, y_train, y_test = train_test_split(
    wine.data.astype(np.float32), np.eye(3, dtype=np.float32)[wine.target], test_size=0.3, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

W1 = tf.Variable(tf.random_normal([13, 16], stddev=0.3))
b1 = tf.Variable(tf.zeros([16]))
W2 = tf.Variable(tf.random_normal([16, 3], stddev=0.3))
b2 = tf.Variable(tf.zeros([3]))


def forward(x):
    return tf.matmul(tf.nn.relu(tf.matmul(x, W1) + b1), W2) + b2


optimizer = tf.train.MomentumOptimizer(learning_rate=0.05, momentum=0.9)
for step in range(150):
    idx = np.random.randint(0, len(x_train), 32)
    xb, yb = tf.constant(x_train[idx]), tf.constant(y_train[idx])
    loss_fn = lambda: tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=yb, logits=forward(xb)))
    optimizer.minimize(loss_fn, var_list=[W1, b1, W2, b2])
    if step % 50 == 0:
        print("step %d loss %.4f" % (step, loss_fn().numpy()))

ckpt_dir = tempfile.mkdtemp(prefix="eager_minimize_callable_")
checkpoint = tf.train.Checkpoint(W1=W1, b1=b1, W2=W2, b2=b2, optimizer=optimizer)
checkpoint.save(os.path.join(ckpt_dir, "ckpt"))
trained = forward(tf.constant(x_test)).numpy()
for v in (W1, b1, W2, b2):
    v.assign(tf.zeros_like(v))
checkpoint.restore(tf.train.latest_checkpoint(ckpt_dir))
logits = forward(tf.constant(x_test)).numpy()
assert np.allclose(trained, logits)
print("final accuracy: %.4f" % np.mean(np.argmax(logits, 1) == np.argmax(y_test, 1)))
