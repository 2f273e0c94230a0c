"""Wine MLP with tf.contrib.layers.layer_norm and an L1 penalty from the collection.

Style: a "regularization zoo" blog post of the TF 1.4 era -- `import
tensorflow.contrib.layers as layers`, the regularization losses collected with
`tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)` and summed by hand.

Constructs exercised:
- `layers.layer_norm` (contrib epsilon 1e-12, center/scale on), both as
  `normalizer_fn` and called directly;
- `layers.l1_regularizer(scale)` (scale * sum(|w|)) as `weights_regularizer`;
- `tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)` + `tf.add_n`;
- `layers.xavier_initializer(uniform=False)`;
- `tf.train.RMSPropOptimizer`, `tf.nn.sparse_softmax_cross_entropy_with_logits`.

Data: sklearn `load_wine` (13 features, 3 classes), standardized, 75/25 split.
Expected: final accuracy about 0.98-1.0 (>= 0.93).
"""
import numpy as np
import tensorflow as tf
import tensorflow.contrib.layers as layers
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split

tf.set_random_seed(0)
np.random.seed(0)

wine = load_wine()
x_train, x_test, y_train, y_test = train_test_split(
    wine.data.astype(np.float32), wine.target.astype(np.int32), random_state=0)
mean, std = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

l1_scale = 1e-4
steps = 200

inputs = tf.placeholder(tf.float32, [None, 13])
labels = tf.placeholder(tf.int32, [None])

net = layers.fully_connected(inputs, 32, normalizer_fn=layers.layer_norm,
                             weights_initializer=layers.xavier_initializer(uniform=False),
                             weights_regularizer=layers.l1_regularizer(l1_scale))
net = layers.fully_connected(net, 32, activation_fn=None,
                             weights_regularizer=layers.l1_regularizer(l1_scale))
net = tf.nn.relu(layers.layer_norm(net))
logits = layers.fully_connected(net, 3, activation_fn=None)

xent = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
reg_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
total_loss = xent + tf.add_n(reg_losses)
train_step = tf.train.RMSPropOptimizer(0.005).minimize(total_loss)

accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1, output_type=tf.int32), labels), tf.float32))

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(steps):
    _, loss_val = sess.run([train_step, total_loss], feed_dict={inputs: x_train, labels: y_train})
    if step % 50 == 0:
        print("step %d loss %.4f (%d regularization terms)" % (step, loss_val, len(reg_losses)))
print("final accuracy: %.4f" % sess.run(accuracy, feed_dict={inputs: x_test, labels: y_test}))
sess.close()
