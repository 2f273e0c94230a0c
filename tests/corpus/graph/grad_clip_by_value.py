"""Per-gradient value clipping with `compute_gradients` and a list comprehension, RMSProp.

Imitates: the TF1 GAN/DQN blog idiom
`capped = [(tf.clip_by_value(grad, -1., 1.), var) for grad, var in gvs]`.
Constructs: `opt.compute_gradients(cost)`, `tf.clip_by_value`, `opt.apply_gradients(capped_gvs)`,
`tf.train.RMSPropOptimizer(learning_rate, decay=0.9, momentum=0.0)`, weights dict of
`tf.Variable(tf.random_normal(...))`, a `train()` function, `sess.run(train_op, feed)` with a prepared feed.
Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def train():
    np.random.seed(0)
    tf.set_random_seed(0)
    digits = load_digits()
    data = digits.data.astype(np.float32) / 16.0
    onehot = np.eye(10, dtype=np.float32)[digits.target]
    x_train, x_test, y_train, y_test = train_test_split(data, onehot, test_size=0.25, random_state=0)

    x = tf.placeholder(tf.float32, [None, 64])
    y = tf.placeholder(tf.float32, [None, 10])
    weights = {
        "hidden": tf.Variable(tf.random_normal([64, 96], stddev=0.1)),
        "out": tf.Variable(tf.random_normal([96, 10], stddev=0.1)),
    }
    biases = {
        "hidden": tf.Variable(tf.zeros([96])),
        "out": tf.Variable(tf.zeros([10])),
    }
    hidden = tf.nn.relu(tf.matmul(x, weights["hidden"]) + biases["hidden"])
    logits = tf.matmul(hidden, weights["out"]) + biases["out"]
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))

    opt = tf.train.RMSPropOptimizer(0.002, decay=0.9, momentum=0.0)
    gvs = opt.compute_gradients(cost)
    capped_gvs = [(tf.clip_by_value(grad, -1., 1.), var) for grad, var in gvs]
    train_op = opt.apply_gradients(capped_gvs)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(25):
            perm = np.random.permutation(len(x_train))
            for start in range(0, len(x_train), 64):
                idx = perm[start:start + 64]
                feed = {x: x_train[idx], y: y_train[idx]}
                sess.run(train_op, feed)
            if epoch % 5 == 4:
                print("epoch", epoch + 1, "cost", sess.run(cost, {x: x_train, y: y_train}))
        acc = sess.run(accuracy, {x: x_test, y: y_test})
    print("final accuracy: %.4f" % acc)


if __name__ == "__main__":
    train()
