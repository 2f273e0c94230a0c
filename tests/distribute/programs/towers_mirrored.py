"""TFM137's recipe for towers.py, by hand: MirroredStrategy instead of towers and a hand-written average.

``python towers_mirrored.py DEVICES`` (comma-separated, e.g. ``/cpu:0,/cpu:1`` after the CPU is
split into logical devices). The variables and the optimizer are created under
``strategy.scope()``; one replica's step goes through ``strategy.run`` on its share of each global
batch, the loss through ``tf.nn.compute_average_loss`` with the global batch size and the
per-replica losses summed by ``strategy.reduce``: the all-reduce replaces ``average_gradients``.
Prints the replica count and the same losses as towers.py.
"""
import sys

import numpy as np
import tensorflow as tf

devices = sys.argv[1].split(",")
data = np.random.RandomState(0).rand(64, 4).astype(np.float32)
labels = (data @ np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32)).astype(np.float32)
global_batch = len(data)

strategy = tf.distribute.MirroredStrategy(devices)
with strategy.scope():
    w = tf.Variable(tf.zeros([4, 1]))
    b = tf.Variable(tf.zeros([1]))
    optimizer = tf.keras.optimizers.SGD(0.1)
dataset = tf.data.Dataset.from_tensor_slices((data, labels)).batch(global_batch).repeat(30)
options = tf.data.Options()
options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.OFF
batches = strategy.experimental_distribute_dataset(dataset.with_options(options))


def replica_step(x, y):
    with tf.GradientTape() as tape:
        per_example = tf.square(tf.matmul(x, w) + b - y)[:, 0]
        loss = tf.nn.compute_average_loss(per_example, global_batch_size=global_batch)
    gradients = tape.gradient(loss, [w, b])
    optimizer.apply_gradients(zip(gradients, [w, b]))
    return loss


@tf.function
def train_step(batch):
    losses = strategy.run(replica_step, args=batch)
    return strategy.reduce(tf.distribute.ReduceOp.SUM, losses, axis=None)


printed = []
for step, batch in enumerate(batches):
    loss = train_step(batch)
    if step % 10 == 0:
        printed.append("%.6f" % loss.numpy())
print("replicas: %d" % strategy.num_replicas_in_sync)
print("losses: " + " ".join(printed))
