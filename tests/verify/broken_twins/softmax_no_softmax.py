"""A broken TF2 twin of softmax_regression: the loss treats raw logits as probabilities.

The classic slip when `softmax_cross_entropy_with_logits` becomes a Keras loss:
`from_logits` left at its default (False) while the model ends without softmax.
"""

import time

import tensorflow as tf

from migrate import datasets


def run(*, epochs=5, batch_size=100, seed=0, device="cpu", data="mnist", limit_train=None,
        limit_test=None, learning_rate=0.5, initial_weights=None, **_):
    ds = datasets.load(data, limit_train=limit_train, limit_test=limit_test)
    tf.keras.utils.set_random_seed(seed)
    model = tf.keras.Sequential([tf.keras.Input(shape=(784,)),
                                 tf.keras.layers.Dense(ds.num_classes, kernel_initializer="zeros")])
    if initial_weights is not None:
        model.set_weights(initial_weights)
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy()  # BUG: from_logits=True is missing
    optimizer = tf.keras.optimizers.SGD(learning_rate)

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
        return loss

    losses, start = [], time.perf_counter()
    for x, y in datasets.minibatches(ds.x_train, ds.y_train, batch_size, seed, epochs=epochs):
        losses.append(float(train_step(x, y)))
    seconds = time.perf_counter() - start
    logits = model(ds.x_test)
    test_acc = float(tf.reduce_mean(tf.cast(tf.argmax(logits, 1) == ds.y_test, tf.float32)))
    return {"losses": losses, "test_accuracy": test_acc, "steps": len(losses), "seconds": seconds,
            "steps_per_sec": len(losses) / seconds, "device": logits.device, "dataset": ds.name,
            "dataset_is_standin": ds.is_standin}
