"""Digits MLP configured through tf.contrib.training.HParams, overridable from the command line.

Style: tensor2tensor / the NMT tutorial's hyper-parameter handling of 2017-18:
`tf.contrib.training.HParams(...)` defaults, `hparams.parse("...")` for
overrides coming from a `--hparams` flag, `hparams.values()` logged,
attribute access in the model; the net itself with `tf.contrib.layers`
via `from tensorflow.contrib.layers import fully_connected, dropout`.

Constructs exercised:
- `tf.contrib.training.HParams(**defaults)`, `.parse("a=1,b=2")`, `.values()`,
  `.add_hparam`, `.to_json()`;
- `tf.app.flags` (`DEFINE_string`) + `tf.app.run(main)`;
- `fully_connected` with `tf.contrib.layers.variance_scaling_initializer()`,
  `dropout(keep_prob=..., is_training=...)` with a Python bool per graph branch
  (train and eval nets share variables through `reuse=True`);
- `tf.train.AdagradOptimizer`, `tf.losses.softmax_cross_entropy`.

Data: sklearn `load_digits`, standardized, one-hot labels, 75/25 split.
Expected: final accuracy about 0.97 (>= 0.94).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.contrib.layers import dropout, fully_connected

flags = tf.app.flags
flags.DEFINE_string("hparams", "", "Comma separated list of name=value hyperparameter overrides.")
FLAGS = flags.FLAGS


def create_hparams():
    return tf.contrib.training.HParams(
        hidden_units=[128, 64],
        keep_prob=0.8,
        learning_rate=0.1,
        batch_size=32,
        num_epochs=20,
    )


def model(x, hparams, is_training, reuse):
    with tf.variable_scope("mlp", reuse=reuse):
        net = x
        for i, units in enumerate(hparams.hidden_units):
            net = fully_connected(net, units, scope="fc%d" % i,
                                  weights_initializer=tf.contrib.layers.variance_scaling_initializer())
            net = dropout(net, keep_prob=hparams.keep_prob, is_training=is_training)
        return fully_connected(net, 10, activation_fn=None, scope="logits")


def main(_):
    tf.set_random_seed(0)
    np.random.seed(0)
    hparams = create_hparams()
    hparams.parse(FLAGS.hparams or "learning_rate=0.05,num_epochs=30")
    hparams.add_hparam("num_classes", 10)
    print("hparams:", sorted(hparams.values().items()))

    digits = load_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        digits.data.astype(np.float32), np.eye(hparams.num_classes, dtype=np.float32)[digits.target],
        random_state=0)
    mean, std = x_train.mean(0), x_train.std(0) + 1e-6
    x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

    x = tf.placeholder(tf.float32, [None, 64])
    y = tf.placeholder(tf.float32, [None, hparams.num_classes])
    train_logits = model(x, hparams, is_training=True, reuse=False)
    eval_logits = model(x, hparams, is_training=False, reuse=True)

    loss = tf.losses.softmax_cross_entropy(onehot_labels=y, logits=train_logits)
    train_op = tf.train.AdagradOptimizer(hparams.learning_rate).minimize(loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(eval_logits, 1), tf.argmax(y, 1)), tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(hparams.num_epochs):
            perm = np.random.permutation(len(x_train))
            for i in range(0, len(x_train), hparams.batch_size):
                idx = perm[i:i + hparams.batch_size]
                sess.run(train_op, feed_dict={x: x_train[idx], y: y_train[idx]})
            if (epoch + 1) % 10 == 0:
                print("epoch %d loss %.4f" % (epoch + 1, sess.run(loss, {x: x_train, y: y_train})))
        print("hparams json:", hparams.to_json(sort_keys=True))
        print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={x: x_test, y: y_test}))


if __name__ == "__main__":
    tf.app.run(main)
