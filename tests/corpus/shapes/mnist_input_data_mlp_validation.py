"""aymericdamien-style MLP over `input_data`: epochs of `total_batch = int(mnist.train.num_examples / batch_size)`, validation split.

Imitates: TensorFlow-Examples' multilayer_perceptron.py (weights/biases dicts, `display_step`,
`Epoch: 0001 cost=...`) with the validation check many forks added (`mnist.validation.images`).
Constructs: `input_data.read_data_sets("/tmp/data/", one_hot=True)`, `mnist.train.num_examples`,
`mnist.train.next_batch(batch_size)`, `mnist.validation.images/labels`, `mnist.test.images/labels`,
`accuracy.eval({X: ..., Y: ...})` inside `with tf.Session() as sess:`, `tf.random_normal` weight dicts.
Data: MNIST, offline: `tools/corpus.py` serves the stand-in `mnist.npz` of tests/mnist_standin.py
(without it the runtime falls back to digits28). Expected accuracy: about 0.93 on MNIST, about 0.99 on
the stand-in.
"""
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

np.random.seed(0)
tf.set_random_seed(0)

mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)

learning_rate = 0.003
training_epochs = 10
batch_size = 100
display_step = 1
n_hidden_1 = 128
n_hidden_2 = 64
n_input = 784
n_classes = 10

X = tf.placeholder("float", [None, n_input])
Y = tf.placeholder("float", [None, n_classes])
weights = {
    'h1': tf.Variable(tf.random_normal([n_input, n_hidden_1], stddev=0.05)),
    'h2': tf.Variable(tf.random_normal([n_hidden_1, n_hidden_2], stddev=0.05)),
    'out': tf.Variable(tf.random_normal([n_hidden_2, n_classes], stddev=0.05))
}
biases = {
    'b1': tf.Variable(tf.zeros([n_hidden_1])),
    'b2': tf.Variable(tf.zeros([n_hidden_2])),
    'out': tf.Variable(tf.zeros([n_classes]))
}


def multilayer_perceptron(x):
    layer_1 = tf.nn.relu(tf.add(tf.matmul(x, weights['h1']), biases['b1']))
    layer_2 = tf.nn.relu(tf.add(tf.matmul(layer_1, weights['h2']), biases['b2']))
    return tf.matmul(layer_2, weights['out']) + biases['out']


logits = multilayer_perceptron(X)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=Y))
train_op = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(loss_op)
pred = tf.nn.softmax(logits)
correct_prediction = tf.equal(tf.argmax(pred, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    for epoch in range(training_epochs):
        avg_cost = 0.
        total_batch = min(int(mnist.train.num_examples / batch_size), 200)
        for i in range(total_batch):
            batch_x, batch_y = mnist.train.next_batch(batch_size)
            _, c = sess.run([train_op, loss_op], feed_dict={X: batch_x, Y: batch_y})
            avg_cost += c / total_batch
        if epoch % display_step == 0:
            print("Epoch:", '%04d' % (epoch + 1), "cost={:.9f}".format(avg_cost),
                  "validation:", accuracy.eval({X: mnist.validation.images, Y: mnist.validation.labels}))
    print("Optimization Finished!")
    print("final accuracy: %.4f" % accuracy.eval({X: mnist.test.images, Y: mnist.test.labels}))
