"""A `tf.keras.Model` trained with `tf.GradientTape` under `tf.enable_eager_execution()` (TF 1.7-1.15).

In the style of the TF 1.x eager guide: a Keras subclassed model, a shuffled `tf.data` pipeline
iterated directly, `tf.train.AdamOptimizer.apply_gradients(..., global_step=...)` and
`optimizer.minimize(lambda: loss)` for a final fine-tuning pass. Expected: accuracy about 0.95.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

tf.enable_eager_execution()
tf.set_random_seed(0)

digits = load_digits()
images = (digits.data / 16.0).astype(np.float32)
x_train, y_train = images[:1500], digits.target[:1500].astype(np.int64)
x_test, y_test = images[1500:], digits.target[1500:].astype(np.int64)


class MLP(tf.keras.Model):
    def __init__(self):
        super(MLP, self).__init__()
        self.hidden = tf.keras.layers.Dense(64, activation=tf.nn.relu)
        self.logits = tf.keras.layers.Dense(10)

    def call(self, inputs):
        return self.logits(self.hidden(inputs))


model = MLP()
optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
global_step = tf.train.get_or_create_global_step()
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1500, seed=0).batch(100)

for epoch in range(4):
    for x, y in dataset:
        with tf.GradientTape() as tape:
            loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=model(x))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(zip(grads, model.variables), global_step=global_step)
    print("epoch %d step %d loss %.4f" % (epoch, global_step.numpy(), loss.numpy()))

loss_fn = lambda: tf.losses.sparse_softmax_cross_entropy(labels=y_train, logits=model(x_train))
optimizer.minimize(loss_fn, var_list=model.variables, global_step=global_step)
accuracy = np.mean(tf.argmax(model(x_test), axis=1).numpy() == y_test)
print("steps %d final accuracy: %.4f" % (global_step.numpy(), accuracy))
