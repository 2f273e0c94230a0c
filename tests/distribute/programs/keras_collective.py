"""TF 1.15 Keras under tf.contrib.distribute.CollectiveAllReduceStrategy (the cluster comes from TF_CONFIG).

Deterministic like keras_mirrored.py: with one worker or two on the loopback address, every
global batch holds the same examples, so the losses must be the same.
"""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
x = rng.normal(size=(64, 4)).astype(np.float32)
y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32) + 0.1).astype(np.float32)
w1, w2 = rng.normal(scale=0.5, size=(4, 8)), rng.normal(scale=0.5, size=(8, 1))

strategy = tf.contrib.distribute.CollectiveAllReduceStrategy(num_gpus_per_worker=0)
with strategy.scope():
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(8, activation="tanh", input_shape=(4,),
                              kernel_initializer=tf.keras.initializers.Constant(w1)),
        tf.keras.layers.Dense(1, kernel_initializer=tf.keras.initializers.Constant(w2)),
    ])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse")
history = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
print("replicas:", strategy.num_replicas_in_sync)
print("losses:", " ".join("%.6f" % v for v in history.history["loss"]))
