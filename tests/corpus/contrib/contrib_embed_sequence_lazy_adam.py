"""Digits as token sequences: tf.contrib.layers.embed_sequence trained with LazyAdamOptimizer.

Style: the text-classification "bag of embeddings" tutorials of TF 1.4 (the
`embed_sequence` + `tf.contrib.opt.LazyAdamOptimizer` pairing of the
estimator text-classification blog post): token ids in, `embed_sequence`
gives `[batch, time, dim]`, flattened into a small `fully_connected` head.
Here every 8x8 digit is a sentence of 64 tokens (its pixel intensities 0..16),
so the position of each token matters and the embedding learns what each
intensity means.

Constructs exercised:
- `tf.contrib.layers.embed_sequence(ids, vocab_size=17, embed_dim=4, scope=...)`
  (a sparse embedding gradient);
- `tf.contrib.opt.LazyAdamOptimizer` (only the rows looked up move);
- `tf.contrib.layers.flatten`, `fully_connected` (default ReLU, then `activation_fn=None`);
- `tf.losses.sparse_softmax_cross_entropy`, `tf.nn.in_top_k` accuracy.

Data: sklearn `load_digits` pixel values (integers 0..16) as token ids, 75/25 split.
Expected: final accuracy about 0.97 (>= 0.93).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

digits = load_digits()
tokens = digits.data.astype(np.int32)  # 64 tokens per digit, vocabulary 0..16
x_train, x_test, y_train, y_test = train_test_split(tokens, digits.target.astype(np.int32), random_state=0)

VOCAB_SIZE = 17
EMBEDDING_SIZE = 4
SEQUENCE_LENGTH = 64
BATCH_SIZE = 64
EPOCHS = 20

ids = tf.placeholder(tf.int32, [None, SEQUENCE_LENGTH], name="ids")
labels = tf.placeholder(tf.int32, [None], name="labels")

embedded = tf.contrib.layers.embed_sequence(ids, vocab_size=VOCAB_SIZE, embed_dim=EMBEDDING_SIZE, scope="words")
features = tf.contrib.layers.flatten(embedded)
hidden = tf.contrib.layers.fully_connected(features, 64)
logits = tf.contrib.layers.fully_connected(hidden, 10, activation_fn=None)

loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
optimizer = tf.contrib.opt.LazyAdamOptimizer(learning_rate=0.005)
train_op = optimizer.minimize(loss, global_step=tf.train.get_or_create_global_step())
accuracy = tf.reduce_mean(tf.cast(tf.nn.in_top_k(logits, labels, 1), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(EPOCHS):
        order = np.random.permutation(len(x_train))
        for i in range(0, len(x_train), BATCH_SIZE):
            batch = order[i:i + BATCH_SIZE]
            sess.run(train_op, {ids: x_train[batch], labels: y_train[batch]})
        if (epoch + 1) % 5 == 0:
            print("epoch %d  train loss %.4f" % (epoch + 1, sess.run(loss, {ids: x_train, labels: y_train})))
    print("final accuracy: %.4f" % sess.run(accuracy, {ids: x_test, labels: y_test}))
