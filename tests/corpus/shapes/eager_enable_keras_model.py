"""TF 1.x eager execution: `tf.enable_eager_execution()`, a `tf.keras.Model` subclass, `tf.GradientTape`, `tf.train` optimizer.

Imitates: the TF 1.7-1.15 "eager execution" guide and its MNIST example (before TF2 made eager the
default): enable eager at program start, iterate a `tf.data.Dataset` directly, compute gradients
with a tape and apply them with a `tf.train.AdamOptimizer`.
Constructs: `tf.enable_eager_execution()`, `tf.executing_eagerly()`, `class MLP(tf.keras.Model)`
with `tf.keras.layers.Dense` attributes and `call`, `tf.data.Dataset.from_tensor_slices(...).shuffle(...,
seed=0).batch(...)` iterated with `for x, y in dataset`, `tf.GradientTape()`,
`tf.losses.sparse_softmax_cross_entropy` (v1 loss, eager), `optimizer.apply_gradients(zip(grads,
model.variables), global_step=tf.train.get_or_create_global_step())`, `.numpy()`.
Data: digits. Expected accuracy: about 0.97.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.enable_eager_execution()
np.random.seed(0)
tf.set_random_seed(0)
print("eager:", tf.executing_eagerly())

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    (digits.data / 16.0).astype(np.float32), digits.target.astype(np.int64), test_size=0.25, random_state=0)


class MLP(tf.keras.Model):
    def __init__(self):
        super(MLP, self).__init__()
        self.dense1 = tf.keras.layers.Dense(96, activation=tf.nn.relu)
        self.dense2 = tf.keras.layers.Dense(10)

    def call(self, inputs):
        return self.dense2(self.dense1(inputs))


model = MLP()
optimizer = tf.train.AdamOptimizer(learning_rate=0.002)
global_step = tf.train.get_or_create_global_step()
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(2000, seed=0).batch(64)

for epoch in range(15):
    for images, labels in dataset:
        with tf.GradientTape() as tape:
            logits = model(images)
            loss_value = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
        grads = tape.gradient(loss_value, model.variables)
        optimizer.apply_gradients(zip(grads, model.variables), global_step=global_step)
    if epoch % 5 == 0:
        print("epoch %d step %d loss %.4f" % (epoch, global_step.numpy(), loss_value.numpy()))

test_logits = model(tf.constant(x_test))
acc = np.mean(tf.argmax(test_logits, axis=1).numpy() == y_test)
print("final accuracy: %.4f" % acc)
