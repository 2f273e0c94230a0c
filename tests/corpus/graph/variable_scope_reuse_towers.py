"""Train and eval towers sharing weights through `tf.variable_scope(..., reuse=True)`.

Imitates: TF1 code that builds the model twice (training graph with dropout, evaluation graph
without) and shares the variables by scope name, as in the CIFAR-10 and PTB tutorials.
Constructs: `tf.get_variable` with `tf.truncated_normal_initializer` / `tf.constant_initializer`,
`tf.variable_scope("model")` then `tf.variable_scope("model", reuse=True)`, `tf.nn.dropout` with
a constant keep_prob inside the train tower, a `def train():` function holding graph and session,
MomentumOptimizer, `sess.run((train_op, loss), feed)` with a tuple fetch.
Expected accuracy: about 0.96.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def inference(x, is_training):
    with tf.variable_scope("hidden"):
        w = tf.get_variable("weights", [64, 128], initializer=tf.truncated_normal_initializer(stddev=0.1))
        b = tf.get_variable("biases", [128], initializer=tf.constant_initializer(0.1))
        h = tf.nn.relu(tf.matmul(x, w) + b)
        if is_training:
            h = tf.nn.dropout(h, keep_prob=0.8)
    with tf.variable_scope("softmax_linear"):
        w = tf.get_variable("weights", [128, 10], initializer=tf.truncated_normal_initializer(stddev=0.1))
        b = tf.get_variable("biases", [10], initializer=tf.constant_initializer(0.0))
        return tf.matmul(h, w) + b


def train():
    np.random.seed(0)
    tf.set_random_seed(0)
    digits = load_digits()
    x_all = digits.data.astype(np.float32) / 16.0
    x_train, x_test, y_train, y_test = train_test_split(x_all, digits.target, test_size=0.25, random_state=0)

    x = tf.placeholder(tf.float32, [None, 64])
    y = tf.placeholder(tf.int32, [None])
    with tf.variable_scope("model"):
        train_logits = inference(x, is_training=True)
    with tf.variable_scope("model", reuse=True):
        eval_logits = inference(x, is_training=False)

    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=train_logits))
    train_op = tf.train.MomentumOptimizer(learning_rate=0.05, momentum=0.9).minimize(loss)
    correct = tf.nn.in_top_k(eval_logits, y, 1)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(400):
            idx = np.random.randint(0, len(x_train), 64)
            feed = {x: x_train[idx], y: y_train[idx]}
            _, loss_value = sess.run((train_op, loss), feed)
            if step % 100 == 0:
                print("step %d, loss = %.3f" % (step, loss_value))
        acc = sess.run(accuracy, {x: x_test, y: y_test})
    print("final accuracy: %.4f" % acc)


if __name__ == "__main__":
    train()
