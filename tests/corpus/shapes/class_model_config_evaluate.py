"""A config object, a classifier class, and module-level `evaluate(sess, ...)` / `feed_data` helpers.

Imitates: the "text-classification-cnn-rnn" style of Chinese/Korean GitHub projects: `class
TCNNConfig(object)` holding hyper-parameters, `class TextCNN(object)` with `self.input_x`,
`self.input_y`, `self.keep_prob` built in `__init__` via a `cnn()` method under `tf.name_scope`,
and a `run_epoch.py` with `feed_data(x, y, keep_prob)` returning a feed dict and `evaluate(sess,
x_, y_)` that loops over batches weighting loss/accuracy by batch size.
Constructs: hyper-parameters on a config instance, `tf.name_scope("score")`, `tf.layers.dense`,
`tf.nn.dropout(keep_prob)`, `self.optim`, `self.acc`,
`sess.run([model.loss, model.acc], feed_dict=feed_dict)` inside a helper taking `sess`.
Data: digits. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)


class TCNNConfig(object):
    """Model hyper-parameters."""
    seq_length = 64
    num_classes = 10
    hidden_dim = 96
    dropout_keep_prob = 0.7
    learning_rate = 1e-3
    batch_size = 64
    num_epochs = 25


class TextClassifier(object):
    def __init__(self, config):
        self.config = config
        self.input_x = tf.placeholder(tf.float32, [None, self.config.seq_length], name='input_x')
        self.input_y = tf.placeholder(tf.float32, [None, self.config.num_classes], name='input_y')
        self.keep_prob = tf.placeholder(tf.float32, name='keep_prob')
        self.mlp()

    def mlp(self):
        with tf.name_scope("score"):
            fc = tf.layers.dense(self.input_x, self.config.hidden_dim, name='fc1')
            fc = tf.nn.dropout(fc, self.keep_prob)
            fc = tf.nn.relu(fc)
            self.logits = tf.layers.dense(fc, self.config.num_classes, name='fc2')
            self.y_pred_cls = tf.argmax(tf.nn.softmax(self.logits), 1)

        with tf.name_scope("optimize"):
            cross_entropy = tf.nn.softmax_cross_entropy_with_logits_v2(logits=self.logits, labels=self.input_y)
            self.loss = tf.reduce_mean(cross_entropy)
            self.optim = tf.train.AdamOptimizer(learning_rate=self.config.learning_rate).minimize(self.loss)

        with tf.name_scope("accuracy"):
            correct_pred = tf.equal(tf.argmax(self.input_y, 1), self.y_pred_cls)
            self.acc = tf.reduce_mean(tf.cast(correct_pred, tf.float32))


def batch_iter(x, y, batch_size=64):
    data_len = len(x)
    num_batch = int((data_len - 1) / batch_size) + 1
    indices = np.random.permutation(np.arange(data_len))
    x_shuffle, y_shuffle = x[indices], y[indices]
    for i in range(num_batch):
        start_id = i * batch_size
        end_id = min((i + 1) * batch_size, data_len)
        yield x_shuffle[start_id:end_id], y_shuffle[start_id:end_id]


def feed_data(x_batch, y_batch, keep_prob):
    feed_dict = {
        model.input_x: x_batch,
        model.input_y: y_batch,
        model.keep_prob: keep_prob
    }
    return feed_dict


def evaluate(sess, x_, y_):
    """Loss and accuracy over a whole data set."""
    data_len = len(x_)
    batch_eval = batch_iter(x_, y_, 128)
    total_loss = 0.0
    total_acc = 0.0
    for x_batch, y_batch in batch_eval:
        batch_len = len(x_batch)
        feed_dict = feed_data(x_batch, y_batch, 1.0)
        loss, acc = sess.run([model.loss, model.acc], feed_dict=feed_dict)
        total_loss += loss * batch_len
        total_acc += acc * batch_len
    return total_loss / data_len, total_acc / data_len


digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), np.eye(10, dtype=np.float32)[digits.target],
    test_size=0.25, random_state=0)

config = TCNNConfig()
model = TextClassifier(config)

session = tf.Session()
session.run(tf.global_variables_initializer())
for epoch in range(config.num_epochs):
    for x_batch, y_batch in batch_iter(x_train, y_train, config.batch_size):
        feed_dict = feed_data(x_batch, y_batch, config.dropout_keep_prob)
        session.run(model.optim, feed_dict=feed_dict)
    if epoch % 5 == 0:
        loss_val, acc_val = evaluate(session, x_test, y_test)
        print('Epoch: {0:>3}, Val Loss: {1:>6.2}, Val Acc: {2:>7.2%}'.format(epoch + 1, loss_val, acc_val))

_, test_acc = evaluate(session, x_test, y_test)
session.close()
print("final accuracy: %.4f" % test_acc)
