"""Text CNN over "documents" built from breast-cancer measurements, with VocabularyProcessor and the projector.

Style: dennybritz/cnn-text-classification-tf (`train.py` + `text_cnn.py`, 2016-2017):
documents mapped to id rows by `learn.preprocessing.VocabularyProcessor(max_document_length)`,
a `TextCNN` with a random-uniform embedding `W`, one `conv2d` + `max_pool` per
filter size, `tf.concat`, dropout through `dropout_keep_prob`, an output layer
initialized with `tf.contrib.layers.xavier_initializer()` and an `l2_loss` term.
After training, the embedding is saved for TensorBoard's projector
(`tf.contrib.tensorboard.plugins.projector`, the "Embedding Visualization"
guide), and the test batch goes through `tf.contrib.util.make_tensor_proto` /
`make_ndarray` the way a TF-Serving client packs a request.

Each tumour becomes a 30-word document: one word per feature naming its
decile on the training set (`mean_radius_q7 mean_texture_q2 ...`).

Constructs exercised:
- `from tensorflow.contrib import learn`; `learn.preprocessing.VocabularyProcessor`
  (`fit_transform`, `transform`, `vocabulary_`);
- `tf.nn.embedding_lookup`, `tf.nn.conv2d`, `tf.nn.max_pool`, `tf.nn.dropout(keep_prob)`;
- `tf.contrib.layers.xavier_initializer()` with `tf.get_variable`, `tf.nn.l2_loss`;
- `from tensorflow.contrib.tensorboard.plugins import projector`: `ProjectorConfig`,
  `embeddings.add()`, `visualize_embeddings(writer, config)`;
- `tf.contrib.util.make_tensor_proto`, `tf.contrib.util.make_ndarray`.

Data: sklearn `load_breast_cancer`, 75/25 split; logs in a temp directory.
Expected: final accuracy about 0.94 (>= 0.92).
"""
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from tensorflow.contrib import learn
from tensorflow.contrib.tensorboard.plugins import projector

tf.set_random_seed(0)
np.random.seed(0)

# Data preparation
cancer = load_breast_cancer()
x_train_raw, x_test_raw, y_train, y_test = train_test_split(cancer.data, cancer.target, random_state=0)
names = [n.replace(" ", "_") for n in cancer.feature_names]
edges = np.percentile(x_train_raw, np.arange(10, 100, 10), axis=0)


def to_documents(x):
    bins = np.stack([np.searchsorted(edges[:, j], x[:, j]) for j in range(x.shape[1])], axis=1)
    return [" ".join("%s_q%d" % (names[j], b[j]) for j in range(len(names))) for b in bins]


train_docs, test_docs = to_documents(x_train_raw), to_documents(x_test_raw)
max_document_length = max(len(d.split(" ")) for d in train_docs)
vocab_processor = learn.preprocessing.VocabularyProcessor(max_document_length)
x_train = np.array(list(vocab_processor.fit_transform(train_docs)))
x_test = np.array(list(vocab_processor.transform(test_docs)))
y_train = np.eye(2, dtype=np.float32)[y_train]
y_test = np.eye(2, dtype=np.float32)[y_test]
print("Vocabulary Size: {:d}".format(len(vocab_processor.vocabulary_)))
print("Train/Test split: {:d}/{:d}".format(len(y_train), len(y_test)))


class TextCNN(object):
    def __init__(self, sequence_length, num_classes, vocab_size, embedding_size, filter_sizes, num_filters,
                 l2_reg_lambda=0.0):
        self.input_x = tf.placeholder(tf.int32, [None, sequence_length], name="input_x")
        self.input_y = tf.placeholder(tf.float32, [None, num_classes], name="input_y")
        self.dropout_keep_prob = tf.placeholder(tf.float32, name="dropout_keep_prob")
        l2_loss = tf.constant(0.0)

        with tf.name_scope("embedding"):
            self.W = tf.Variable(tf.random_uniform([vocab_size, embedding_size], -1.0, 1.0), name="W")
            self.embedded_chars = tf.nn.embedding_lookup(self.W, self.input_x)
            self.embedded_chars_expanded = tf.expand_dims(self.embedded_chars, -1)

        pooled_outputs = []
        for i, filter_size in enumerate(filter_sizes):
            with tf.name_scope("conv-maxpool-%s" % filter_size):
                filter_shape = [filter_size, embedding_size, 1, num_filters]
                W = tf.Variable(tf.truncated_normal(filter_shape, stddev=0.1), name="W")
                b = tf.Variable(tf.constant(0.1, shape=[num_filters]), name="b")
                conv = tf.nn.conv2d(self.embedded_chars_expanded, W, strides=[1, 1, 1, 1], padding="VALID",
                                    name="conv")
                h = tf.nn.relu(tf.nn.bias_add(conv, b), name="relu")
                pooled = tf.nn.max_pool(h, ksize=[1, sequence_length - filter_size + 1, 1, 1],
                                        strides=[1, 1, 1, 1], padding='VALID', name="pool")
                pooled_outputs.append(pooled)

        num_filters_total = num_filters * len(filter_sizes)
        self.h_pool = tf.concat(pooled_outputs, 3)
        self.h_pool_flat = tf.reshape(self.h_pool, [-1, num_filters_total])

        with tf.name_scope("dropout"):
            self.h_drop = tf.nn.dropout(self.h_pool_flat, self.dropout_keep_prob)

        with tf.name_scope("output"):
            W = tf.get_variable("W", shape=[num_filters_total, num_classes],
                                initializer=tf.contrib.layers.xavier_initializer())
            b = tf.Variable(tf.constant(0.1, shape=[num_classes]), name="b")
            l2_loss += tf.nn.l2_loss(W)
            l2_loss += tf.nn.l2_loss(b)
            self.scores = tf.nn.xw_plus_b(self.h_drop, W, b, name="scores")
            self.predictions = tf.argmax(self.scores, 1, name="predictions")

        with tf.name_scope("loss"):
            losses = tf.nn.softmax_cross_entropy_with_logits(logits=self.scores, labels=self.input_y)
            self.loss = tf.reduce_mean(losses) + l2_reg_lambda * l2_loss

        with tf.name_scope("accuracy"):
            correct_predictions = tf.equal(self.predictions, tf.argmax(self.input_y, 1))
            self.accuracy = tf.reduce_mean(tf.cast(correct_predictions, "float"), name="accuracy")


cnn = TextCNN(sequence_length=x_train.shape[1], num_classes=2, vocab_size=len(vocab_processor.vocabulary_),
              embedding_size=16, filter_sizes=[1, 2, 3], num_filters=32, l2_reg_lambda=0.01)
global_step = tf.Variable(0, name="global_step", trainable=False)
optimizer = tf.train.AdamOptimizer(1e-3)
grads_and_vars = optimizer.compute_gradients(cnn.loss)
train_op = optimizer.apply_gradients(grads_and_vars, global_step=global_step)

out_dir = tempfile.mkdtemp(prefix="text_cnn_")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(30):
        shuffle = np.random.permutation(len(x_train))
        for start in range(0, len(x_train), 32):
            idx = shuffle[start:start + 32]
            _, step, loss = sess.run([train_op, global_step, cnn.loss],
                                     {cnn.input_x: x_train[idx], cnn.input_y: y_train[idx],
                                      cnn.dropout_keep_prob: 0.5})
        if (epoch + 1) % 10 == 0:
            print("step {}, loss {:g}".format(step, loss))

    # Embedding visualization for TensorBoard
    with open(os.path.join(out_dir, "metadata.tsv"), "w") as f:
        for word_id in range(len(vocab_processor.vocabulary_)):
            f.write("%s\n" % vocab_processor.vocabulary_.reverse(word_id))
    tf.train.Saver([cnn.W]).save(sess, os.path.join(out_dir, "embedding.ckpt"))
    summary_writer = tf.summary.FileWriter(out_dir)
    config = projector.ProjectorConfig()
    embedding = config.embeddings.add()
    embedding.tensor_name = cnn.W.name
    embedding.metadata_path = "metadata.tsv"
    projector.visualize_embeddings(summary_writer, config)
    summary_writer.close()
    print("projector config written:", os.path.exists(os.path.join(out_dir, "projector_config.pbtxt")))

    # The test batch as a serving request would carry it
    request = tf.contrib.util.make_tensor_proto(x_test, dtype=tf.int32, shape=x_test.shape)
    x_request = tf.contrib.util.make_ndarray(request)
    accuracy = sess.run(cnn.accuracy, {cnn.input_x: x_request, cnn.input_y: y_test, cnn.dropout_keep_prob: 1.0})
shutil.rmtree(out_dir, ignore_errors=True)
print("final accuracy: %.4f" % accuracy)
