"""MLP trained with Nesterov momentum, graph built in `tf.Graph().as_default()`.

Imitates: TF1 code that builds its model inside an explicit graph and opens the session on it
(`with tf.Graph().as_default():` then `tf.Session(graph=graph)`), Hands-On ML chapter 11 optimizers.
Constructs: `graph = tf.Graph()`, `with graph.as_default():`, `tf.set_random_seed` inside the graph,
`tf.layers.dense` with `kernel_initializer=tf.glorot_normal_initializer()`,
`tf.train.MomentumOptimizer(learning_rate, momentum=0.9, use_nesterov=True)`,
`tf.Session(graph=graph)`, init op named `init`, fetches as a list, `print("Epoch:", ...)` loss line.
Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)

digits = load_digits()
X_train, X_test, y_train, y_test = train_test_split(
    digits.data / 16.0, digits.target, test_size=0.25, random_state=0)

n_inputs, n_hidden1, n_hidden2, n_outputs = 64, 100, 50, 10
learning_rate = 0.02
n_epochs = 20
batch_size = 50

graph = tf.Graph()
with graph.as_default():
    tf.set_random_seed(0)
    X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
    y = tf.placeholder(tf.int32, shape=(None,), name="y")

    with tf.name_scope("dnn"):
        he_init = tf.glorot_normal_initializer()
        hidden1 = tf.layers.dense(X, n_hidden1, activation=tf.nn.elu, kernel_initializer=he_init, name="hidden1")
        hidden2 = tf.layers.dense(hidden1, n_hidden2, activation=tf.nn.elu, kernel_initializer=he_init,
                                  name="hidden2")
        logits = tf.layers.dense(hidden2, n_outputs, name="outputs")

    with tf.name_scope("loss"):
        xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        loss = tf.reduce_mean(xentropy, name="loss")

    with tf.name_scope("train"):
        optimizer = tf.train.MomentumOptimizer(learning_rate, momentum=0.9, use_nesterov=True)
        training_op = optimizer.minimize(loss)

    with tf.name_scope("eval"):
        correct = tf.nn.in_top_k(logits, y, 1)
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

    init = tf.global_variables_initializer()

with tf.Session(graph=graph) as sess:
    init.run()
    for epoch in range(n_epochs):
        perm = np.random.permutation(len(X_train))
        for start in range(0, len(X_train), batch_size):
            idx = perm[start:start + batch_size]
            _, loss_val = sess.run([training_op, loss], feed_dict={X: X_train[idx], y: y_train[idx]})
        if (epoch + 1) % 5 == 0:
            print("Epoch:", '%04d' % (epoch + 1), "cost=", "{:.9f}".format(loss_val))
    acc_test = accuracy.eval(feed_dict={X: X_test, y: y_test})
    print("final accuracy: %.4f" % acc_test)
