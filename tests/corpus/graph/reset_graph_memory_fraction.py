"""Two model sizes trained one after another, the graph reset in between, GPU memory capped.

Imitates: Jupyter-era TF1 code that calls `tf.reset_default_graph()` before building each model (so
cells can be re-run) and limits memory with `per_process_gpu_memory_fraction`.
Constructs: `tf.reset_default_graph()` at the start of `build_and_train(n_hidden)`, called twice,
`tf.GPUOptions(per_process_gpu_memory_fraction=0.3)`, `tf.ConfigProto(gpu_options=gpu_options)`,
`tf.get_variable` with `tf.variance_scaling_initializer(scale=2.0)` (He init) and `tf.zeros_initializer()`,
`tf.nn.sparse_softmax_cross_entropy_with_logits`, GradientDescent, returns the test accuracy; the
last model's accuracy is the final one.
Expected accuracy: about 0.96.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data.astype(np.float32) / 16.0, digits.target, test_size=0.25, random_state=0)


def build_and_train(n_hidden, steps=400):
    tf.reset_default_graph()
    tf.set_random_seed(0)
    np.random.seed(0)

    x = tf.placeholder(tf.float32, [None, 64], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    w1 = tf.get_variable("w1", [64, n_hidden], initializer=tf.variance_scaling_initializer(scale=2.0))
    b1 = tf.get_variable("b1", [n_hidden], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [n_hidden, 10], initializer=tf.variance_scaling_initializer())
    b2 = tf.get_variable("b2", [10], initializer=tf.zeros_initializer())
    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.2).minimize(loss)
    correct = tf.equal(tf.argmax(logits, 1, output_type=tf.int32), y)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

    gpu_options = tf.GPUOptions(per_process_gpu_memory_fraction=0.3)
    with tf.Session(config=tf.ConfigProto(gpu_options=gpu_options)) as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            idx = np.random.randint(0, len(x_train), 50)
            sess.run(train_op, feed_dict={x: x_train[idx], y: y_train[idx]})
        return sess.run(accuracy, feed_dict={x: x_test, y: y_test})


for n_hidden in (32, 128):
    acc = build_and_train(n_hidden)
    print("hidden units %d: test accuracy %.4f" % (n_hidden, acc))
print("final accuracy: %.4f" % acc)
