"""Hvass-Labs TensorFlow-Tutorials style: helper functions, a module-level session, `optimize()`.

Imitates: Hvass-Labs "02_Convolutional_Neural_Network" (new_weights / new_biases /
new_conv_layer / flatten_layer / new_fc_layer, `session = tf.Session()` at module level,
`feed_dict_train = {x: x_batch, y_true: y_true_batch}`, `def optimize(num_iterations)` using a global
`total_iterations`, `def print_test_accuracy()`).
Constructs: `tf.nn.conv2d` + `tf.nn.max_pool` + `tf.nn.relu` in `new_conv_layer(..., use_pooling=True)`,
`layer.get_shape()[1:4].num_elements()` flattening, `tf.nn.softmax`, `tf.argmax(y_pred, axis=1)`,
`tf.nn.softmax_cross_entropy_with_logits_v2`, AdamOptimizer(learning_rate=1e-3), `session.run(...)`
from functions, `global total_iterations`.
Expected accuracy: about 0.96.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

np.random.seed(0)
tf.set_random_seed(0)

digits = load_digits()
data_train_x, data_test_x, data_train_cls, data_test_cls = train_test_split(
    digits.data.astype(np.float32) / 16.0, digits.target, test_size=0.25, random_state=0)
data_train_y = np.eye(10, dtype=np.float32)[data_train_cls]
data_test_y = np.eye(10, dtype=np.float32)[data_test_cls]

# Convolutional Layer 1.
filter_size1 = 3
num_filters1 = 16
# Convolutional Layer 2.
filter_size2 = 3
num_filters2 = 32
# Fully-connected layer.
fc_size = 64

img_size = 8
img_size_flat = img_size * img_size
img_shape = (img_size, img_size)
num_channels = 1
num_classes = 10


def new_weights(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.05))


def new_biases(length):
    return tf.Variable(tf.constant(0.05, shape=[length]))


def new_conv_layer(input, num_input_channels, filter_size, num_filters, use_pooling=True):
    shape = [filter_size, filter_size, num_input_channels, num_filters]
    weights = new_weights(shape=shape)
    biases = new_biases(length=num_filters)
    layer = tf.nn.conv2d(input=input, filter=weights, strides=[1, 1, 1, 1], padding='SAME')
    layer += biases
    if use_pooling:
        layer = tf.nn.max_pool(value=layer, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
    layer = tf.nn.relu(layer)
    return layer, weights


def flatten_layer(layer):
    layer_shape = layer.get_shape()
    num_features = layer_shape[1:4].num_elements()
    layer_flat = tf.reshape(layer, [-1, num_features])
    return layer_flat, num_features


def new_fc_layer(input, num_inputs, num_outputs, use_relu=True):
    weights = new_weights(shape=[num_inputs, num_outputs])
    biases = new_biases(length=num_outputs)
    layer = tf.matmul(input, weights) + biases
    if use_relu:
        layer = tf.nn.relu(layer)
    return layer


x = tf.placeholder(tf.float32, shape=[None, img_size_flat], name='x')
x_image = tf.reshape(x, [-1, img_size, img_size, num_channels])
y_true = tf.placeholder(tf.float32, shape=[None, num_classes], name='y_true')
y_true_cls = tf.argmax(y_true, axis=1)

layer_conv1, weights_conv1 = new_conv_layer(input=x_image, num_input_channels=num_channels,
                                            filter_size=filter_size1, num_filters=num_filters1, use_pooling=True)
layer_conv2, weights_conv2 = new_conv_layer(input=layer_conv1, num_input_channels=num_filters1,
                                            filter_size=filter_size2, num_filters=num_filters2, use_pooling=True)
layer_flat, num_features = flatten_layer(layer_conv2)
layer_fc1 = new_fc_layer(input=layer_flat, num_inputs=num_features, num_outputs=fc_size, use_relu=True)
layer_fc2 = new_fc_layer(input=layer_fc1, num_inputs=fc_size, num_outputs=num_classes, use_relu=False)

y_pred = tf.nn.softmax(layer_fc2)
y_pred_cls = tf.argmax(y_pred, axis=1)

cross_entropy = tf.nn.softmax_cross_entropy_with_logits_v2(logits=layer_fc2, labels=y_true)
cost = tf.reduce_mean(cross_entropy)
optimizer = tf.train.AdamOptimizer(learning_rate=1e-3).minimize(cost)
correct_prediction = tf.equal(y_pred_cls, y_true_cls)
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

session = tf.Session()
session.run(tf.global_variables_initializer())

train_batch_size = 64
total_iterations = 0


def optimize(num_iterations):
    # Ensure we update the global variable rather than a local copy.
    global total_iterations
    for i in range(total_iterations, total_iterations + num_iterations):
        idx = np.random.choice(len(data_train_x), size=train_batch_size, replace=False)
        x_batch, y_true_batch = data_train_x[idx], data_train_y[idx]
        feed_dict_train = {x: x_batch, y_true: y_true_batch}
        session.run(optimizer, feed_dict=feed_dict_train)
        if i % 200 == 0:
            acc = session.run(accuracy, feed_dict=feed_dict_train)
            msg = "Optimization Iteration: {0:>6}, Training Accuracy: {1:>6.1%}"
            print(msg.format(i + 1, acc))
    total_iterations += num_iterations


def print_test_accuracy():
    feed_dict_test = {x: data_test_x, y_true: data_test_y}
    cls_pred = session.run(y_pred_cls, feed_dict=feed_dict_test)
    correct = (data_test_cls == cls_pred)
    acc = float(correct.sum()) / len(data_test_x)
    msg = "Accuracy on Test-Set: {0:.1%} ({1} / {2})"
    print(msg.format(acc, correct.sum(), len(data_test_x)))
    return acc


optimize(num_iterations=1)
optimize(num_iterations=499)
test_acc = print_test_accuracy()
session.close()
print("final accuracy: {:.4f}".format(test_acc))
