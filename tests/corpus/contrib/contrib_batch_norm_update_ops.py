"""Wine classifier with tf.contrib.layers.batch_norm and the UPDATE_OPS dance.

Style: the canonical 2017 batch-norm snippet (Hands-On ML ch. 11 / the
"batch_norm is_training" StackOverflow answer): `normalizer_fn=batch_norm`
with `normalizer_params`, an `is_training` placeholder, and the train op built
under `tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS))`
so the moving averages are updated.

Constructs exercised:
- `tf.contrib.layers.batch_norm(is_training=..., decay=0.9)` both as a direct
  call and as `normalizer_fn` of `fully_connected` (`scale` left at contrib's
  default False);
- `tf.GraphKeys.UPDATE_OPS` + `tf.control_dependencies`;
- `tf.contrib.layers.variance_scaling_initializer(factor=2.0, mode='FAN_IN')`;
- `tf.contrib.layers.fully_connected(..., activation_fn=None)` + `tf.nn.elu`;
- `tf.train.MomentumOptimizer`, `tf.losses.softmax_cross_entropy`.

Evaluation runs with `is_training: False`, i.e. on the moving averages -- so
the score only holds if the UPDATE_OPS really ran.

Data: sklearn `load_wine` (13 features, 3 classes), standardized, 75/25 split.
Expected: final accuracy about 0.98 (>= 0.93).
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

wine = load_wine()
x_train, x_test, y_train, y_test = train_test_split(
    wine.data.astype(np.float32), wine.target, random_state=0)
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std
y_train = np.eye(3, dtype=np.float32)[y_train]
y_test = np.eye(3, dtype=np.float32)[y_test]

n_hidden1 = 64
n_hidden2 = 32
batch_norm_decay = 0.9
n_epochs = 40
batch_size = 16

X = tf.placeholder(tf.float32, shape=(None, 13), name="X")
Y = tf.placeholder(tf.float32, shape=(None, 3), name="Y")
is_training = tf.placeholder(tf.bool, shape=(), name="is_training")

he_init = tf.contrib.layers.variance_scaling_initializer(factor=2.0, mode='FAN_IN')
bn_params = {"is_training": is_training, "decay": batch_norm_decay, "updates_collections": tf.GraphKeys.UPDATE_OPS}

hidden1 = tf.contrib.layers.fully_connected(X, n_hidden1, weights_initializer=he_init,
                                            normalizer_fn=tf.contrib.layers.batch_norm,
                                            normalizer_params=bn_params, scope="hidden1")
linear2 = tf.contrib.layers.fully_connected(hidden1, n_hidden2, activation_fn=None,
                                            weights_initializer=he_init, scope="hidden2")
bn2 = tf.contrib.layers.batch_norm(linear2, decay=batch_norm_decay, is_training=is_training, scope="bn2")
hidden2 = tf.nn.elu(bn2)
logits = tf.contrib.layers.fully_connected(hidden2, 3, activation_fn=None, scope="outputs")

loss = tf.losses.softmax_cross_entropy(onehot_labels=Y, logits=logits)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train_op = tf.train.MomentumOptimizer(0.01, momentum=0.9).minimize(loss)

correct = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(n_epochs):
        perm = np.random.permutation(len(x_train))
        for i in range(0, len(x_train), batch_size):
            idx = perm[i:i + batch_size]
            sess.run(train_op, feed_dict={X: x_train[idx], Y: y_train[idx], is_training: True})
        if epoch % 10 == 9:
            acc = sess.run(accuracy, feed_dict={X: x_train, Y: y_train, is_training: False})
            print("epoch", epoch + 1, "train accuracy", acc)
    print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={X: x_test, Y: y_test, is_training: False}))
