"""`tfe = tf.contrib.eager` with `tfe.implicit_value_and_gradients` and a `tf.keras.Sequential`.

Imitates: TF 1.8-1.12 eager tutorials ("Custom training: walkthrough" iris notebook in its
TF 1.x form): `tf.enable_eager_execution()`, `tfe = tf.contrib.eager`, a Keras Sequential model,
`tfe.implicit_value_and_gradients(loss)` giving the loss and the (gradient, variable) pairs at once.
Constructs: `tfe = tf.contrib.eager` alias, `tfe.implicit_value_and_gradients`, `tf.keras.Sequential([...
input_shape=(4,)])`, `tf.train.AdamOptimizer.apply_gradients`, `tf.losses.sparse_softmax_cross_entropy`,
epoch loop over a batched `tf.data.Dataset`, `tf.argmax(model(x), axis=1, output_type=tf.int32)`.
Data: iris. Expected accuracy: about 0.97.
Runtime: needs `tf.contrib.eager`, which the tf-migrate runtime does not serve.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

tf.enable_eager_execution()
tfe = tf.contrib.eager
np.random.seed(0)
tf.set_random_seed(0)

iris = load_iris()
x_train, x_test, y_train, y_test = train_test_split(
    iris.data.astype(np.float32), iris.target.astype(np.int32), test_size=0.25, random_state=0)
mu, sd = x_train.mean(0), x_train.std(0)
x_train, x_test = (x_train - mu) / sd, (x_test - mu) / sd

model = tf.keras.Sequential([
    tf.keras.layers.Dense(10, activation=tf.nn.relu, input_shape=(4,)),
    tf.keras.layers.Dense(10, activation=tf.nn.relu),
    tf.keras.layers.Dense(3)
])


def loss(x, y):
    return tf.losses.sparse_softmax_cross_entropy(labels=y, logits=model(x))


optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
value_and_grads = tfe.implicit_value_and_gradients(loss)
train_dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(200, seed=0).batch(16)

for epoch in range(40):
    epoch_loss = []
    for x, y in train_dataset:
        loss_value, grads_and_vars = value_and_grads(x, y)
        optimizer.apply_gradients(grads_and_vars)
        epoch_loss.append(loss_value.numpy())
    if epoch % 10 == 0:
        print("Epoch {:03d}: Loss: {:.3f}".format(epoch, np.mean(epoch_loss)))

prediction = tf.argmax(model(tf.constant(x_test)), axis=1, output_type=tf.int32)
print("final accuracy: %.4f" % np.mean(prediction.numpy() == y_test))
