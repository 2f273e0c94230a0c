"""Train a two-layer MLP on a toy problem; the layers live in ops.py."""
import tensorflow as tf

import ops
from utils import batches, load_data

x_train, y_train = load_data()

x = tf.placeholder(tf.float32, [None, 4], name="x")
y = tf.placeholder(tf.float32, [None, 2], name="y")
hidden = ops.fc_layer(x, 4, 8, "hidden", activation=tf.nn.relu)
logits = ops.fc_layer(hidden, 8, 2, "logits")
loss = ops.loss_fn(logits, y)
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(3):
        for xb, yb in batches(x_train, y_train, 64):
            _, l = sess.run([train_op, loss], feed_dict={x: xb, y: yb})
        print("epoch %d loss %.5f" % (epoch, l))
    print("accuracy %.5f" % sess.run(accuracy, feed_dict={x: x_train, y: y_train}))
