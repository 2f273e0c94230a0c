"""Placeholders at module level, the model, loss, optimizer and session inside `train_neural_network(x)`.

Imitates: sentdex's "Deep Learning with Neural Networks and TensorFlow" tutorial and its many copies:
`x = tf.placeholder('float', [None, 784])`, `y = tf.placeholder('float')` at module level, a
`neural_network_model(data)` of weight/bias dicts, `def train_neural_network(x):` called once as
`train_neural_network(x)`, the accuracy built after training and read with `accuracy.eval({x: ..., y: ...})`.
Constructs: shapeless `tf.placeholder('float')`, `tf.random_normal` weights in dicts, `tf.add(tf.matmul(...))`,
`tf.nn.softmax_cross_entropy_with_logits` (v1), `tf.train.AdamOptimizer().minimize(cost)` fetched with the
cost, `epoch_loss += c`, graph built after the session started.
Data: digits, one-hot. Expected accuracy: about 0.95.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
train_x, test_x, train_y, test_y = train_test_split(
    (digits.data / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

n_nodes_hl1 = 128
n_nodes_hl2 = 64
n_classes = 10
batch_size = 100

x = tf.placeholder('float', [None, 64])
y = tf.placeholder('float')


def neural_network_model(data):
    hidden_1_layer = {'weights': tf.Variable(tf.random_normal([64, n_nodes_hl1], stddev=0.1)),
                      'biases': tf.Variable(tf.random_normal([n_nodes_hl1], stddev=0.1))}
    hidden_2_layer = {'weights': tf.Variable(tf.random_normal([n_nodes_hl1, n_nodes_hl2], stddev=0.1)),
                      'biases': tf.Variable(tf.random_normal([n_nodes_hl2], stddev=0.1))}
    output_layer = {'weights': tf.Variable(tf.random_normal([n_nodes_hl2, n_classes], stddev=0.1)),
                    'biases': tf.Variable(tf.random_normal([n_classes], stddev=0.1))}

    l1 = tf.add(tf.matmul(data, hidden_1_layer['weights']), hidden_1_layer['biases'])
    l1 = tf.nn.relu(l1)
    l2 = tf.add(tf.matmul(l1, hidden_2_layer['weights']), hidden_2_layer['biases'])
    l2 = tf.nn.relu(l2)
    output = tf.matmul(l2, output_layer['weights']) + output_layer['biases']
    return output


def train_neural_network(x):
    prediction = neural_network_model(x)
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=prediction, labels=y))
    optimizer = tf.train.AdamOptimizer(learning_rate=0.005).minimize(cost)

    hm_epochs = 25
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(hm_epochs):
            epoch_loss = 0
            for i in range(0, len(train_x), batch_size):
                epoch_x, epoch_y = train_x[i:i + batch_size], train_y[i:i + batch_size]
                _, c = sess.run([optimizer, cost], feed_dict={x: epoch_x, y: epoch_y})
                epoch_loss += c
            if epoch % 5 == 0:
                print('Epoch', epoch, 'completed out of', hm_epochs, 'loss:', epoch_loss)

        correct = tf.equal(tf.argmax(prediction, 1), tf.argmax(y, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, 'float'))
        print('final accuracy: %.4f' % accuracy.eval({x: test_x, y: test_y}))


train_neural_network(x)
