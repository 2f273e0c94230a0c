"""Weight decay through `tf.get_variable(regularizer=...)` and `tf.losses.get_regularization_loss()`.

Imitates: TF1 models that attach an L2 regularizer to every weight in a `variable_scope` and add
the collected penalty to the loss (the "regularization losses collection" idiom).
Constructs: `tf.variable_scope(name, initializer=...)` default initializer,
`tf.get_variable(..., regularizer=l2)` with a hand-written `0.5 * scale * tf.nn.l2_loss` function,
`tf.glorot_uniform_initializer`, `tf.zeros_initializer`, `tf.losses.get_regularization_loss()`,
wine data, a `main()` function, RMSPropOptimizer(decay=0.9), `sess = tf.Session()` ... `sess.close()`.
Expected accuracy: about 0.98 (45 test wines).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

weight_decay = 1e-3


def l2_regularizer(weights):
    return weight_decay * tf.nn.l2_loss(weights)


def fc_layer(inputs, n_out, name, activation=None):
    with tf.variable_scope(name, initializer=tf.glorot_uniform_initializer()):
        w = tf.get_variable("w", [inputs.get_shape()[1], n_out], regularizer=l2_regularizer)
        b = tf.get_variable("b", [n_out], initializer=tf.zeros_initializer())
        out = tf.matmul(inputs, w) + b
        return activation(out) if activation is not None else out


def main():
    np.random.seed(0)
    tf.set_random_seed(0)
    wine = load_wine()
    x_train, x_test, y_train, y_test = train_test_split(wine.data, wine.target, random_state=0)
    mu, sigma = x_train.mean(axis=0), x_train.std(axis=0)
    x_train = ((x_train - mu) / sigma).astype(np.float32)
    x_test = ((x_test - mu) / sigma).astype(np.float32)
    y_train = np.eye(3, dtype=np.float32)[y_train]
    y_test = np.eye(3, dtype=np.float32)[y_test]

    x = tf.placeholder(tf.float32, [None, 13])
    y = tf.placeholder(tf.float32, [None, 3])
    with tf.variable_scope("net"):
        h = fc_layer(x, 32, "fc1", activation=tf.nn.relu)
        logits = fc_layer(h, 3, "fc2")

    data_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    reg_loss = tf.losses.get_regularization_loss()
    total_loss = data_loss + reg_loss
    train_op = tf.train.RMSPropOptimizer(learning_rate=0.005, decay=0.9).minimize(total_loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32))

    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for epoch in range(60):
        perm = np.random.permutation(len(x_train))
        for start in range(0, len(x_train), 16):
            idx = perm[start:start + 16]
            sess.run(train_op, feed_dict={x: x_train[idx], y: y_train[idx]})
        if (epoch + 1) % 20 == 0:
            d, r = sess.run([data_loss, reg_loss], feed_dict={x: x_train, y: y_train})
            print("epoch %d data loss %.4f reg loss %.4f" % (epoch + 1, d, r))
    acc = sess.run(accuracy, feed_dict={x: x_test, y: y_test})
    print("final accuracy: %.4f" % acc)
    sess.close()


if __name__ == "__main__":
    main()
