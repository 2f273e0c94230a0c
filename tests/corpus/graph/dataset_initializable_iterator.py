"""Epochs over an initializable iterator fed from placeholders, ended by `OutOfRangeError`.

Imitates: the TF1 "Importing Data" guide's initializable iterator, re-initialized every epoch with
the training arrays and once more with the test arrays, the loop ended by `tf.errors.OutOfRangeError`.
Constructs: placeholders feeding `tf.data.Dataset.from_tensor_slices`, `.shuffle(...).batch(...)`,
`dataset.make_initializable_iterator()`, `sess.run(iterator.initializer, feed_dict={...})`,
`while True: try: ... except tf.errors.OutOfRangeError: break`, model on `get_next()` with
`tf.layers.dense`, counting correct predictions over the test batches, GradientDescent,
iris data, a `train()` function.
Expected accuracy: about 0.97 (38 test flowers).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split


def train():
    np.random.seed(0)
    tf.set_random_seed(0)
    iris = load_iris()
    x_train, x_test, y_train, y_test = train_test_split(iris.data, iris.target, random_state=0)
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    x_train = ((x_train - mean) / std).astype(np.float32)
    x_test = ((x_test - mean) / std).astype(np.float32)
    y_train, y_test = y_train.astype(np.int64), y_test.astype(np.int64)

    features_placeholder = tf.placeholder(tf.float32, [None, 4])
    labels_placeholder = tf.placeholder(tf.int64, [None])
    dataset = tf.data.Dataset.from_tensor_slices((features_placeholder, labels_placeholder))
    dataset = dataset.shuffle(200, seed=0).batch(16)
    iterator = dataset.make_initializable_iterator()
    next_x, next_y = iterator.get_next()

    hidden = tf.layers.dense(next_x, 16, activation=tf.nn.relu)
    logits = tf.layers.dense(hidden, 3)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=next_y, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    n_correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(logits, 1), next_y), tf.int32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(60):
            sess.run(iterator.initializer, feed_dict={features_placeholder: x_train,
                                                      labels_placeholder: y_train})
            losses = []
            while True:
                try:
                    _, l = sess.run([train_op, loss])
                    losses.append(l)
                except tf.errors.OutOfRangeError:
                    break
            if (epoch + 1) % 20 == 0:
                print("epoch %d mean loss %.4f" % (epoch + 1, np.mean(losses)))

        sess.run(iterator.initializer, feed_dict={features_placeholder: x_test, labels_placeholder: y_test})
        correct = 0
        while True:
            try:
                correct += sess.run(n_correct)
            except tf.errors.OutOfRangeError:
                break
    print("final accuracy: %.4f" % (correct / float(len(x_test))))


if __name__ == "__main__":
    train()
