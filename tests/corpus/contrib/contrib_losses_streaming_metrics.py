"""Breast-cancer classifier with tf.contrib.losses (logits first) and tf.contrib.metrics streaming metrics.

Style: TF 1.0-1.2 code written against `tf.contrib.losses` and
`tf.contrib.metrics` before they were folded into `tf.losses`/`tf.metrics`:
`tf.contrib.losses.sigmoid_cross_entropy(logits, labels)` with the *old*
argument order, `tf.contrib.losses.get_total_loss()`, and an evaluation loop
over mini-batches that accumulates `streaming_accuracy` / `streaming_auc` /
`streaming_precision` / `streaming_recall` (predictions first) after
`tf.local_variables_initializer()`, collected with
`tf.contrib.metrics.aggregate_metric_map`.

Constructs exercised:
- `tf.contrib.losses.sigmoid_cross_entropy(logits, multi_class_labels)` (positional, contrib order);
- `tf.contrib.losses.get_total_loss(add_regularization_losses=True)` with
  `tf.contrib.layers.l2_regularizer` on the weights;
- `tf.contrib.metrics.streaming_accuracy(predictions, labels)`, `streaming_auc`,
  `streaming_precision`, `streaming_recall`, `aggregate_metric_map`;
- `tf.local_variables_initializer()`; batched update ops, final `sess.run(values)`.

Data: sklearn `load_breast_cancer`, standardized, 75/25 split.
Expected: final accuracy about 0.96 (>= 0.93).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

cancer = load_breast_cancer()
x_train, x_test, y_train, y_test = train_test_split(
    cancer.data.astype(np.float32), cancer.target.astype(np.float32)[:, None], random_state=0)
mean, std = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

x = tf.placeholder(tf.float32, [None, 30])
y = tf.placeholder(tf.float32, [None, 1])

regularizer = tf.contrib.layers.l2_regularizer(0.001)
h = tf.contrib.layers.fully_connected(x, 16, weights_regularizer=regularizer)
logits = tf.contrib.layers.fully_connected(h, 1, activation_fn=None, weights_regularizer=regularizer)

tf.contrib.losses.sigmoid_cross_entropy(logits, y)
total_loss = tf.contrib.losses.get_total_loss(add_regularization_losses=True)
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(total_loss)

probabilities = tf.sigmoid(logits)
predicted = tf.cast(probabilities > 0.5, tf.float32)
names_to_values, names_to_updates = tf.contrib.metrics.aggregate_metric_map({
    "accuracy": tf.contrib.metrics.streaming_accuracy(predicted, y),
    "auc": tf.contrib.metrics.streaming_auc(probabilities, y),
    "precision": tf.contrib.metrics.streaming_precision(predicted, y),
    "recall": tf.contrib.metrics.streaming_recall(predicted, y),
})

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(50):
        order = np.random.permutation(len(x_train))
        for i in range(0, len(x_train), 16):
            idx = order[i:i + 16]
            sess.run(train_op, {x: x_train[idx], y: y_train[idx]})
        if epoch % 10 == 0:
            print("epoch %d total loss %.4f" % (epoch, sess.run(total_loss, {x: x_train, y: y_train})))

    sess.run(tf.local_variables_initializer())
    for i in range(0, len(x_test), 20):
        sess.run(list(names_to_updates.values()), {x: x_test[i:i + 20], y: y_test[i:i + 20]})
    metrics = sess.run(names_to_values)
    for name in ("auc", "precision", "recall"):
        print("%s: %.4f" % (name, metrics[name]))
    print("final accuracy: %.4f" % metrics["accuracy"])
