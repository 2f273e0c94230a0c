"""Multilayer perceptron with `tf.layers.dense` on the wine data, inside a `main()` function.

Imitates: TF 1.4+ blog tutorials that switched from hand-made weights to `tf.layers`.
Constructs: `tf.layers.dense(..., activation=tf.nn.relu, name=...)`, `tf.losses.softmax_cross_entropy`
with one-hot labels, AdamOptimizer(beta1=0.9), graph and session built in `main()`, fetches as a tuple,
named `init` op, `if __name__ == "__main__": main()`.
Expected accuracy: about 0.98 (45 test wines).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split


def main():
    np.random.seed(0)
    tf.set_random_seed(0)

    wine = load_wine()
    x_train, x_test, y_train, y_test = train_test_split(wine.data, wine.target, random_state=0)
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    x_train, x_test = (x_train - mean) / std, (x_test - mean) / std
    y_train, y_test = np.eye(3)[y_train], np.eye(3)[y_test]

    features = tf.placeholder(tf.float32, shape=(None, 13), name="features")
    targets = tf.placeholder(tf.float32, shape=(None, 3), name="targets")

    hidden1 = tf.layers.dense(features, 32, activation=tf.nn.relu, name="hidden1")
    hidden2 = tf.layers.dense(hidden1, 16, activation=tf.nn.relu, name="hidden2")
    logits = tf.layers.dense(hidden2, 3, name="logits")

    loss = tf.losses.softmax_cross_entropy(onehot_labels=targets, logits=logits)
    optimizer = tf.train.AdamOptimizer(learning_rate=0.01, beta1=0.9)
    train_op = optimizer.minimize(loss)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(targets, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    init = tf.global_variables_initializer()

    with tf.Session() as sess:
        init.run()
        for epoch in range(40):
            perm = np.random.permutation(len(x_train))
            for start in range(0, len(x_train), 20):
                batch = perm[start:start + 20]
                _, batch_loss = sess.run((train_op, loss), feed_dict={features: x_train[batch],
                                                                      targets: y_train[batch]})
            if epoch % 10 == 9:
                train_acc = sess.run(accuracy, feed_dict={features: x_train, targets: y_train})
                print("epoch", epoch + 1, "loss", batch_loss, "train accuracy", train_acc)
        test_acc = sess.run(accuracy, feed_dict={features: x_test, targets: y_test})
        print("final accuracy: %.4f" % test_acc)


if __name__ == "__main__":
    main()
