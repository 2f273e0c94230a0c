"""A softmax classifier written as a model class; the caller feeds the model's placeholders."""
import numpy as np
import tensorflow as tf


class Model(tf.Module):
    def __init__(self, n_in, n_out, learning_rate=0.5):
        super().__init__()
        self.W = tf.Variable(tf.zeros([n_in, n_out]))
        self.b = tf.Variable(tf.zeros([n_out]))
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)

    @tf.function(input_signature=[tf.TensorSpec([None, None], tf.float32), tf.TensorSpec([None, None], tf.float32)])
    def train_op(self, X, Y):
        with tf.GradientTape() as tape:
            logits = tf.matmul(X, self.W) + self.b
            cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=logits))
        variables = tape.watched_variables()
        gradients = tape.gradient(cost, variables)
        self.optimizer.apply_gradients(zip(gradients, variables))
        return cost

    @tf.function(input_signature=[tf.TensorSpec([None, None], tf.float32), tf.TensorSpec([None, None], tf.float32)])
    def compute_accuracy(self, X, Y):
        logits = tf.matmul(X, self.W) + self.b
        correct = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
        return accuracy


rng = np.random.RandomState(0)
x_data = rng.randn(200, 4).astype(np.float32)
y_data = np.eye(2, dtype=np.float32)[(x_data[:, 0] - x_data[:, 2] > 0).astype(int)]

model = Model(4, 2)
for step in range(20):
    c = model.train_op(x_data, y_data).numpy()
    if step % 5 == 0:
        print("step %d cost %.6f" % (step, c))
print("accuracy %.6f" % model.compute_accuracy(x_data, y_data).numpy())
