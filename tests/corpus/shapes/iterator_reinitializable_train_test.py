"""A reinitializable iterator: `tf.data.Iterator.from_structure` + `make_initializer` for train and test, and `make_initializable_iterator`.

Imitates: the TF 1.x "Importing Data" guide's reinitializable iterator and the blog posts that
switched one `next_element` between a training and a validation dataset per epoch.
Constructs: `tf.data.Iterator.from_structure(train_ds.output_types, train_ds.output_shapes)`,
`iterator.make_initializer(train_ds)` / `(test_ds)`, `next_element = iterator.get_next()` feeding
the model directly (no placeholders for data), `while True: try: sess.run(...) except
tf.errors.OutOfRangeError: break`, a second `test_ds.make_initializable_iterator()` whose
`.initializer` is run before an evaluation pass, `tf.layers.dense`, Adam.
Data: wine, standardized. Expected accuracy: about 0.98.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

wine = load_wine()
x_train, x_test, y_train, y_test = train_test_split(
    wine.data.astype(np.float32), wine.target.astype(np.int64), test_size=0.3, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(200, seed=0).batch(16)
test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(32)

iterator = tf.data.Iterator.from_structure(train_ds.output_types, train_ds.output_shapes)
features, labels = iterator.get_next()
training_init_op = iterator.make_initializer(train_ds)
test_init_op = iterator.make_initializer(test_ds)


def net(x, reuse=False):
    with tf.variable_scope("net", reuse=reuse):
        h = tf.layers.dense(x, 32, activation=tf.nn.relu, name="h")
        return tf.layers.dense(h, 3, name="out")


logits = net(features)
loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
n_correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.int32))

eval_iterator = test_ds.make_initializable_iterator()
eval_x, eval_y = eval_iterator.get_next()
eval_logits = net(eval_x, reuse=True)
eval_correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(eval_logits, 1), eval_y), tf.int32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(20):
        sess.run(training_init_op)
        while True:
            try:
                sess.run(train_op)
            except tf.errors.OutOfRangeError:
                break
        if epoch % 5 == 0:
            sess.run(test_init_op)
            total = 0
            while True:
                try:
                    total += sess.run(n_correct)
                except tf.errors.OutOfRangeError:
                    break
            print("epoch %d test correct %d/%d" % (epoch, total, len(x_test)))
    sess.run(eval_iterator.initializer)
    correct = 0
    while True:
        try:
            correct += sess.run(eval_correct)
        except tf.errors.OutOfRangeError:
            break
print("final accuracy: %.4f" % (correct / float(len(x_test))))
