"""A CNN package: `ops.py` (conv/linear/lrelu with get_variable), `model.py` (`classifier(x, reuse)`), `main.py`.

Imitates: the DCGAN-tensorflow / "ops.py" family: `conv2d(input_, output_dim, k_h, k_w, d_h,
d_w, name)` and `linear(input_, output_size, scope)` helpers creating variables under
`tf.variable_scope(name)`, a network function called twice (train tower, then `reuse=True`
evaluation tower), `main.py` driving it.
Constructs: `from ops import *` in `model.py`, `import model` in `main.py`,
`tf.variable_scope("classifier", reuse=reuse)`, `tf.get_variable` with
`truncated_normal_initializer`/`constant_initializer`, `tf.nn.bias_add`, leaky ReLU
`tf.maximum(x, leak * x)`, `tf.reshape(h, [-1, dim])`, the test tower fed `tf.constant` images.
Entry: `main.py`. Data: digits as 8x8x1. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import model

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32)[..., None], digits.target.astype(np.int32),
    test_size=0.25, random_state=0)

images = tf.placeholder(tf.float32, [None, 8, 8, 1])
labels = tf.placeholder(tf.int32, [None])
train_logits = model.classifier(images)
test_logits = model.classifier(tf.constant(x_test), reuse=True)

loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=train_logits))
t_vars = tf.trainable_variables()
c_vars = [var for var in t_vars if var.name.startswith("classifier")]
optim = tf.train.AdamOptimizer(0.002, beta1=0.5).minimize(loss, var_list=c_vars)
test_pred = tf.argmax(test_logits, 1, output_type=tf.int32)
test_acc = tf.reduce_mean(tf.cast(tf.equal(test_pred, y_test), tf.float32))

with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for counter in range(600):
        idx = np.random.choice(len(x_train), 32, replace=False)
        _, err = sess.run([optim, loss], feed_dict={images: x_train[idx], labels: y_train[idx]})
        if counter % 200 == 0:
            print("[%4d] loss: %.6f" % (counter, err))
    print("final accuracy: %.4f" % sess.run(test_acc))
