"""The contrib conversions that write new code: the result runs and behaves as TF1's did."""

from __future__ import annotations

import numpy as np

from migrate.engine.source import migrate_python
from migrate.runtime.contrib_hparams import HParams as RuntimeHParams


def migrate(code: str, target: str = "tf2.15") -> str:
    from migrate.engine.context import Options

    out, _ = migrate_python(code.encode(), "t.py", None, Options(target=target))
    return out.decode()


def test_hparams_class_written_into_the_file_behaves_like_tf1():
    code = ("import tensorflow as tf\n"
            "hp = tf.contrib.training.HParams(lr=0.1, units=[64, 32], name='a', flag=True)\n"
            "hp.parse('lr=0.5,units=[8,4],flag=false')\n"
            "hp.add_hparam('extra', 3)\n")
    out = migrate(code)
    assert "contrib" not in out and "class HParams" in out
    scope: dict = {}
    exec(compile(out, "t.py", "exec"), scope)
    expected = RuntimeHParams(lr=0.1, units=[64, 32], name="a", flag=True)
    expected.parse("lr=0.5,units=[8,4],flag=false")
    expected.add_hparam("extra", 3)
    assert scope["hp"].values() == expected.values() == {"lr": 0.5, "units": [8, 4], "name": "a", "flag": False,
                                                         "extra": 3}
    assert scope["hp"].to_json(sort_keys=True) == expected.to_json(sort_keys=True)


def test_hparams_attributes_only_is_a_namespace():
    out = migrate("import tensorflow as tf\nhp = tf.contrib.training.HParams(lr=0.1)\nx = hp.lr * 2\n")
    scope: dict = {}
    exec(compile(out, "t.py", "exec"), scope)
    assert "SimpleNamespace" in out and scope["x"] == 0.2


def _numpy_adamw(w, grads, wd, lr, b1=0.9, b2=0.999, eps=1e-8):
    """contrib AdamW by hand: w -= wd * w, then v1 Adam (epsilon-hat form)."""
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t, g in enumerate(grads, 1):
        w = w - wd * w
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w = w - lr * np.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + eps)
    return w


def test_adamw_graph_class_is_contrib_adamw_and_keras_adamw_with_scaled_decay():
    import tensorflow as tf

    from migrate.rules.contrib_optw import class_source

    scope = {"tf": tf}
    exec(class_source("contrib.opt.AdamWOptimizer", "tf"), scope)
    w0 = np.array([[1.0, -2.0], [0.5, 3.0]], np.float32)
    c = np.array([[0.3, -1.0], [2.0, 0.1]], np.float32)  # loss = sum(w * c): the gradient is c every step
    wd, lr = 0.05, 0.1
    with tf.Graph().as_default():
        w = tf.compat.v1.get_variable("w", initializer=w0, use_resource=True)
        op = scope["AdamWOptimizer"](weight_decay=wd, learning_rate=lr).minimize(tf.reduce_sum(w * c))
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            for _ in range(3):
                sess.run(op)
            graph = sess.run(w)
    expected = _numpy_adamw(w0, [c] * 3, wd, lr)
    np.testing.assert_allclose(graph, expected, atol=1e-5)
    # the eager conversion (keras_map): Keras AdamW decays by lr * weight_decay, so weight_decay = wd / lr
    var = tf.Variable(w0)
    keras = tf.keras.optimizers.AdamW(learning_rate=lr, weight_decay=wd / lr, epsilon=1e-8)
    for _ in range(3):
        keras.apply_gradients([(tf.constant(c), var)])
    np.testing.assert_allclose(var.numpy(), expected, atol=1e-5)
    # and the decay matters: plain Adam is measurably different
    assert not np.allclose(_numpy_adamw(w0, [c] * 3, 0.0, lr), expected, rtol=1e-3)


def test_optimize_loss_written_into_a_graph_mode_file_trains_like_the_runtime_port():
    import tensorflow as tf

    from migrate.runtime import contrib_optimizers

    code = ("import numpy as np\nimport tensorflow as tf\ntf.disable_eager_execution()\n"
            "def train():\n"
            "    g = tf.Graph()\n"
            "    with g.as_default():\n"
            "        w = tf.get_variable('w', initializer=np.array([1.0, -2.0], np.float32))\n"
            "        loss = tf.reduce_sum(tf.square(w - [3.0, 1.0]))\n"
            "        step = tf.train.get_or_create_global_step()\n"
            "        op = tf.contrib.layers.optimize_loss(loss, step, 0.1, 'SGD', clip_gradients=1.0)\n"
            "        with tf.Session() as sess:\n"
            "            sess.run(tf.global_variables_initializer())\n"
            "            losses = [sess.run(op) for _ in range(3)]\n"
            "            return losses, sess.run(w), sess.run(step)\n")
    out = migrate(code.replace("tf.disable_eager_execution()", "tf.compat.v1.disable_eager_execution()"))
    assert "def optimize_loss(" in out and "tf.contrib" not in out
    scope: dict = {}
    # the graph is built under tf.Graph().as_default(): eager stays on for the other tests of this process
    exec(compile(out.replace("tf.compat.v1.disable_eager_execution()", "pass"), "t.py", "exec"), scope)
    losses, w, step = scope["train"]()
    with tf.Graph().as_default():
        v = tf.compat.v1.get_variable("w", initializer=np.array([1.0, -2.0], np.float32))
        loss = tf.reduce_sum(tf.square(v - [3.0, 1.0]))
        gs = tf.compat.v1.train.get_or_create_global_step()
        op = contrib_optimizers.optimize_loss(loss, gs, 0.1, "SGD", clip_gradients=1.0)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            expected = [sess.run(op) for _ in range(3)]
            np.testing.assert_allclose(w, sess.run(v), rtol=1e-6)
    np.testing.assert_allclose(losses, expected, rtol=1e-6)
    assert step == 3
    # clipping by the global norm 1.0 moves w by exactly 0.1 * unit vector per step
    np.testing.assert_allclose(np.linalg.norm(w - [1.0, -2.0]), 0.3, rtol=1e-5)
