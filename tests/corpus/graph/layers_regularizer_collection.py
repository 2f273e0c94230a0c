"""L2 weight decay on `tf.layers.conv2d`/`dense` kernels, summed from the REGULARIZATION_LOSSES collection.

Imitates: TF1 CNN code that passes `kernel_regularizer=` to every layer and adds
`tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))` to the data loss.
Constructs: `kernel_regularizer=regularizer` where `regularizer = lambda w: 5e-4 * tf.nn.l2_loss(w)`,
`tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)`, `tf.add_n`, `tf.layers.conv2d` (channels-last on
`[-1, 8, 8, 1]`), `tf.layers.max_pooling2d`, `tf.layers.flatten`, `tf.layers.dense`, `tf.nn.l2_loss`,
`tf.losses.sparse_softmax_cross_entropy`, MomentumOptimizer, a `build_model(images)` function and a
`main()` that owns the session.
Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

weight_decay = 5e-4


def regularizer(w):
    return weight_decay * tf.nn.l2_loss(w)


def build_model(images):
    net = tf.reshape(images, [-1, 8, 8, 1])
    net = tf.layers.conv2d(net, 16, [3, 3], padding="same", activation=tf.nn.relu,
                           kernel_regularizer=regularizer, name="conv1")
    net = tf.layers.max_pooling2d(net, [2, 2], 2, name="pool1")
    net = tf.layers.flatten(net)
    net = tf.layers.dense(net, 64, activation=tf.nn.relu, kernel_regularizer=regularizer, name="fc1")
    return tf.layers.dense(net, 10, kernel_regularizer=regularizer, name="logits")


def main():
    np.random.seed(0)
    tf.set_random_seed(0)
    digits = load_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        digits.data.astype(np.float32) / 16.0, digits.target, test_size=0.25, random_state=0)

    images = tf.placeholder(tf.float32, [None, 64])
    labels = tf.placeholder(tf.int32, [None])
    logits = build_model(images)
    data_loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    reg_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    total_loss = data_loss + tf.add_n(reg_losses)
    train_op = tf.train.MomentumOptimizer(0.05, 0.9).minimize(total_loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1, output_type=tf.int32), labels), tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(400):
            idx = np.random.randint(0, len(x_train), 64)
            _, l = sess.run([train_op, total_loss], {images: x_train[idx], labels: y_train[idx]})
            if step % 100 == 0:
                print("step %d total loss %.4f (%d regularization terms)" % (step, l, len(reg_losses)))
        acc = sess.run(accuracy, {images: x_test, labels: y_test})
    print("final accuracy: %.4f" % acc)


if __name__ == "__main__":
    main()
