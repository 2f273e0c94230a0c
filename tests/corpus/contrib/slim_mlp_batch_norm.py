"""TF-Slim MLP with slim.batch_norm as normalizer, trained through slim.learning.create_train_op.

Style: TF-Slim model code as in `nets/` and the many "slim batch norm"
StackOverflow answers: `from tensorflow.contrib import slim`, a
`batch_norm_params` dict (`decay`, `epsilon`, `is_training`), `slim.stack` for
the hidden layers under `slim.arg_scope([slim.fully_connected],
normalizer_fn=slim.batch_norm, normalizer_params=...)`, core
`tf.losses.sparse_softmax_cross_entropy` + `tf.losses.get_total_loss()`, and
`slim.learning.create_train_op`, which runs the UPDATE_OPS (moving averages)
before every step -- evaluation uses `is_training=False`.

Constructs exercised:
- `from tensorflow.contrib import slim`; `slim.arg_scope`, `slim.stack`,
  `slim.fully_connected(normalizer_fn=slim.batch_norm, normalizer_params=...)`;
- `slim.batch_norm(decay=0.95, epsilon=1e-5, is_training=...)` (scale=False default);
- `slim.variance_scaling_initializer()`, `slim.l2_regularizer`;
- `tf.losses.sparse_softmax_cross_entropy`, `tf.losses.get_total_loss()`;
- `slim.learning.create_train_op(total_loss, optimizer, clip_gradient_norm=...)`;
- `slim.get_variables(scope=..., suffix='moving_mean')`.

Data: sklearn `load_digits`, standardized, 75/25 split.
Expected: final accuracy about 0.97 (>= 0.94).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.contrib import slim

tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data.astype(np.float32), digits.target.astype(np.int64), random_state=0)
mean, std = x_train.mean(0), x_train.std(0) + 1e-6
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

batch_size = 64
num_steps = 500

inputs = tf.placeholder(tf.float32, [None, 64])
labels = tf.placeholder(tf.int64, [None])
is_training = tf.placeholder(tf.bool, [], name="is_training")

batch_norm_params = {
    'decay': 0.95,
    'epsilon': 1e-5,
    'is_training': is_training,
}

with tf.variable_scope('mlp'):
    with slim.arg_scope([slim.fully_connected],
                        weights_initializer=slim.variance_scaling_initializer(),
                        weights_regularizer=slim.l2_regularizer(1e-4),
                        normalizer_fn=slim.batch_norm,
                        normalizer_params=batch_norm_params):
        net = slim.stack(inputs, slim.fully_connected, [128, 64], scope='fc')
    logits = slim.fully_connected(net, 10, activation_fn=None, scope='logits')

tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
total_loss = tf.losses.get_total_loss()
optimizer = tf.train.MomentumOptimizer(learning_rate=0.05, momentum=0.9)
train_op = slim.learning.create_train_op(total_loss, optimizer, clip_gradient_norm=10.0)

correct = tf.equal(tf.argmax(logits, 1), labels)
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
moving_means = slim.get_variables(scope='mlp', suffix='moving_mean')
print("moving means:", [v.op.name for v in moving_means])

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(num_steps):
        idx = np.random.choice(len(x_train), batch_size, replace=False)
        loss = sess.run(train_op, {inputs: x_train[idx], labels: y_train[idx], is_training: True})
        if step % 100 == 0:
            print("step %d loss %.4f" % (step, loss))
    print("final accuracy: %.4f" % sess.run(accuracy, {inputs: x_test, labels: y_test, is_training: False}))
