"""Convolutional network from raw `tf.nn` ops, "Deep MNIST for experts" style, on 8x8 digits.

Imitates: the official TF1 "Deep MNIST for Experts" tutorial (mnist_deep.py): helper functions
`weight_variable`, `bias_variable`, `conv2d`, `max_pool_2x2`, a `deepnn(x)` builder that returns
the logits and the `keep_prob` placeholder, dropout fed 0.5 in training and 1.0 in testing.
Constructs: `tf.nn.conv2d`, `tf.nn.max_pool`, `tf.truncated_normal`, `tf.constant` biases,
`tf.reshape(x, [-1, 8, 8, 1])`, `tf.nn.dropout(h, keep_prob)`, `tf.name_scope`, AdamOptimizer(1e-3),
`with tf.Session() as sess:` plus `train_step.run(...)` / `accuracy.eval(...)` on it as default session.
Expected accuracy: about 0.95.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def deepnn(x):
    """deepnn builds the graph for a deep net for classifying digits.

    Returns (y, keep_prob): logits of shape (N, 10) and the dropout probability placeholder.
    """
    with tf.name_scope('reshape'):
        x_image = tf.reshape(x, [-1, 8, 8, 1])

    # First convolutional layer - maps one grayscale image to 16 feature maps.
    with tf.name_scope('conv1'):
        W_conv1 = weight_variable([3, 3, 1, 16])
        b_conv1 = bias_variable([16])
        h_conv1 = tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1)

    # Pooling layer - downsamples by 2X.
    with tf.name_scope('pool1'):
        h_pool1 = max_pool_2x2(h_conv1)

    # Second convolutional layer -- maps 16 feature maps to 32.
    with tf.name_scope('conv2'):
        W_conv2 = weight_variable([3, 3, 16, 32])
        b_conv2 = bias_variable([32])
        h_conv2 = tf.nn.relu(conv2d(h_pool1, W_conv2) + b_conv2)

    with tf.name_scope('pool2'):
        h_pool2 = max_pool_2x2(h_conv2)

    # Fully connected layer 1 -- after 2 round of downsampling, our 8x8 image
    # is down to 2x2x32 feature maps -- maps this to 128 features.
    with tf.name_scope('fc1'):
        W_fc1 = weight_variable([2 * 2 * 32, 128])
        b_fc1 = bias_variable([128])
        h_pool2_flat = tf.reshape(h_pool2, [-1, 2 * 2 * 32])
        h_fc1 = tf.nn.relu(tf.matmul(h_pool2_flat, W_fc1) + b_fc1)

    # Dropout - controls the complexity of the model, prevents co-adaptation of features.
    with tf.name_scope('dropout'):
        keep_prob = tf.placeholder(tf.float32)
        h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)

    # Map the 128 features to 10 classes, one for each digit
    with tf.name_scope('fc2'):
        W_fc2 = weight_variable([128, 10])
        b_fc2 = bias_variable([10])
        y_conv = tf.matmul(h_fc1_drop, W_fc2) + b_fc2
    return y_conv, keep_prob


def conv2d(x, W):
    """conv2d returns a 2d convolution layer with full stride."""
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding='SAME')


def max_pool_2x2(x):
    """max_pool_2x2 downsamples a feature map by 2X."""
    return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')


def weight_variable(shape):
    """weight_variable generates a weight variable of a given shape."""
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)


def bias_variable(shape):
    """bias_variable generates a bias variable of a given shape."""
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)


def main():
    np.random.seed(0)
    tf.set_random_seed(0)
    digits = load_digits()
    images = digits.data.astype(np.float32) / 16.0
    labels = np.eye(10, dtype=np.float32)[digits.target]
    train_images, test_images, train_labels, test_labels = train_test_split(
        images, labels, test_size=0.25, random_state=0)

    # Create the model
    x = tf.placeholder(tf.float32, [None, 64])

    # Define loss and optimizer
    y_ = tf.placeholder(tf.float32, [None, 10])

    # Build the graph for the deep net
    y_conv, keep_prob = deepnn(x)

    with tf.name_scope('loss'):
        cross_entropy = tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv)
    cross_entropy = tf.reduce_mean(cross_entropy)

    with tf.name_scope('adam_optimizer'):
        train_step = tf.train.AdamOptimizer(1e-3).minimize(cross_entropy)

    with tf.name_scope('accuracy'):
        correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
        correct_prediction = tf.cast(correct_prediction, tf.float32)
    accuracy = tf.reduce_mean(correct_prediction)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(400):
            idx = np.random.choice(len(train_images), 50, replace=False)
            batch = (train_images[idx], train_labels[idx])
            if i % 100 == 0:
                train_accuracy = accuracy.eval(feed_dict={x: batch[0], y_: batch[1], keep_prob: 1.0})
                print('step %d, training accuracy %g' % (i, train_accuracy))
            train_step.run(feed_dict={x: batch[0], y_: batch[1], keep_prob: 0.5})

        test_accuracy = accuracy.eval(feed_dict={x: test_images, y_: test_labels, keep_prob: 1.0})
        print('test accuracy %g' % test_accuracy)
        print('final accuracy: %.4f' % test_accuracy)


if __name__ == '__main__':
    main()
