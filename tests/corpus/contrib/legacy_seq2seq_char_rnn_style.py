"""Digits read by a char-rnn style model: tf.contrib.legacy_seq2seq.rnn_decoder + sequence_loss_by_example.

Style: sherjilozair/char-rnn-tensorflow `model.py` (2016-2017): a
`MultiRNNCell` of `rnn.BasicLSTMCell`s, the input split into a list of
per-step tensors with `tf.split` + `tf.squeeze`, `legacy_seq2seq.rnn_decoder(inputs,
initial_state, cell, loop_function=None, scope='rnnlm')`, the outputs
concatenated and projected by a `softmax_w`/`softmax_b` pair, the loss from
`legacy_seq2seq.sequence_loss_by_example`, and training with `tf.gradients` +
`tf.clip_by_global_norm` + `apply_gradients` under a non-trainable `lr`
variable. The "characters" are the 8 rows of a digit and the target of every
step is the digit; the score is the prediction after the last row.

Constructs exercised:
- `from tensorflow.contrib import legacy_seq2seq, rnn`;
- `rnn.BasicLSTMCell`, `rnn.MultiRNNCell(state_is_tuple=True)`, `cell.zero_state`;
- `legacy_seq2seq.rnn_decoder`, `legacy_seq2seq.sequence_loss_by_example([logits], [targets], [weights])`;
- `tf.split`/`tf.squeeze` over time, `tf.gradients`, `tf.clip_by_global_norm`,
  `tf.assign` of the learning rate with decay per epoch.

Data: sklearn `load_digits` as 8 timesteps x 8 pixels in [0, 1], 75/25 split.
Expected: final accuracy about 0.95 (>= 0.92).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow.contrib import legacy_seq2seq, rnn

tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.images / 16.0).astype(np.float32), digits.target.astype(np.int32), random_state=0)


class Args(object):
    rnn_size = 64
    num_layers = 2
    seq_length = 8
    input_size = 8
    vocab_size = 10
    grad_clip = 5.
    learning_rate = 0.01
    decay_rate = 0.95
    batch_size = 50
    num_epochs = 30


class Model():
    def __init__(self, args):
        self.args = args
        cells = []
        for _ in range(args.num_layers):
            cells.append(rnn.BasicLSTMCell(args.rnn_size))
        self.cell = cell = rnn.MultiRNNCell(cells, state_is_tuple=True)

        self.input_data = tf.placeholder(tf.float32, [None, args.seq_length, args.input_size])
        self.targets = tf.placeholder(tf.int32, [None, args.seq_length])
        batch_size = tf.shape(self.input_data)[0]
        self.initial_state = cell.zero_state(batch_size, tf.float32)

        with tf.variable_scope('rnnlm'):
            softmax_w = tf.get_variable("softmax_w", [args.rnn_size, args.vocab_size])
            softmax_b = tf.get_variable("softmax_b", [args.vocab_size])

        inputs = tf.split(self.input_data, args.seq_length, 1)
        inputs = [tf.squeeze(input_, [1]) for input_ in inputs]

        outputs, last_state = legacy_seq2seq.rnn_decoder(inputs, self.initial_state, cell,
                                                         loop_function=None, scope='rnnlm')
        output = tf.reshape(tf.concat(outputs, 1), [-1, args.rnn_size])

        self.logits = tf.matmul(output, softmax_w) + softmax_b
        self.probs = tf.nn.softmax(self.logits)
        loss = legacy_seq2seq.sequence_loss_by_example(
            [self.logits],
            [tf.reshape(self.targets, [-1])],
            [tf.ones([batch_size * args.seq_length])])
        self.cost = tf.reduce_sum(loss) / tf.cast(batch_size, tf.float32) / args.seq_length
        self.final_state = last_state
        self.lr = tf.Variable(0.0, trainable=False)
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(self.cost, tvars), args.grad_clip)
        optimizer = tf.train.AdamOptimizer(self.lr)
        self.train_op = optimizer.apply_gradients(zip(grads, tvars))

        last_logits = tf.reshape(self.logits, [-1, args.seq_length, args.vocab_size])[:, -1]
        correct = tf.equal(tf.argmax(last_logits, 1, output_type=tf.int32), self.targets[:, -1])
        self.accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))


args = Args()
model = Model(args)


def repeat_targets(y):
    return np.repeat(y[:, None], args.seq_length, axis=1)


with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for e in range(args.num_epochs):
        sess.run(tf.assign(model.lr, args.learning_rate * (args.decay_rate ** e)))
        order = np.random.permutation(len(x_train))
        for b in range(len(x_train) // args.batch_size):
            idx = order[b * args.batch_size:(b + 1) * args.batch_size]
            feed = {model.input_data: x_train[idx], model.targets: repeat_targets(y_train[idx])}
            train_loss, _ = sess.run([model.cost, model.train_op], feed)
        if (e + 1) % 5 == 0:
            print("epoch {}/{}, train_loss = {:.3f}".format(e + 1, args.num_epochs, train_loss))
    acc = sess.run(model.accuracy, {model.input_data: x_test, model.targets: repeat_targets(y_test)})
    print("final accuracy: %.4f" % acc)
