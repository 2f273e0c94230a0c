"""Lazily built graph properties and caller-made placeholders of TF1 model classes (``graph.lazy_properties``,
``graph.classes._fed_params``).

Converted: the ``if self._p is None`` cache, a caching decorator (``lazy_property``/``define_scope``, removed
with the decorators it was built from), properties touched in another order than they read each other,
one never touched; the caller's placeholders become the methods' arguments. Refused or kept: a cache
attribute read elsewhere, an uncached property, a placeholder the caller uses otherwise.
"""

from __future__ import annotations

import pytest

from migrate.engine.context import Options
from migrate.engine.source import migrate_python


def migrate(source: str) -> tuple[str, list]:
    out, findings = migrate_python(source.encode(), "example.py", options=Options())
    return out.decode(), findings


def refusals(findings) -> list[str]:
    return [f.message.split(": ", 1)[1] for f in findings if f.code == "TFM301"]


CACHED = """\
import tensorflow as tf


class Model(object):

    def __init__(self, data, target):
        self.data = data
        self.target = target
        self._prediction = None
        self._optimize = None
        self.optimize

    @property
    def prediction(self):
        if self._prediction is None:
            self._prediction = tf.layers.dense(self.data, 1)
        return self._prediction

    @property
    def optimize(self):
        if self._optimize is None:
            loss = tf.reduce_mean(tf.square(self.prediction - self.target))
            self._optimize = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        return self._optimize
{more}

data = tf.placeholder(tf.float32, [None, 3])
target = tf.placeholder(tf.float32, [None, 1])
model = Model(data, target)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for _ in range(10):
    sess.run(model.optimize, {{data: xs, target: ys}})
print(sess.run(model.prediction, {{data: xs}}))
"""

DECORATED = """\
import functools

import tensorflow as tf


def lazy_property(function):
    attribute = '_cache_' + function.__name__

    @property
    @functools.wraps(function)
    def decorator(self):
        if not hasattr(self, attribute):
            setattr(self, attribute, function(self))
        return getattr(self, attribute)
    return decorator


class Model:

    def __init__(self, image, label):
        self.image = image
        self.label = label
        self.optimize

    @lazy_property
    def prediction(self):
        x = tf.layers.dense(self.image, 8, activation=tf.nn.relu)
        return tf.layers.dense(x, 2)

    @lazy_property
    def optimize(self):
        x = tf.nn.softmax_cross_entropy_with_logits_v2(labels=self.label, logits=self.prediction)
        return tf.train.AdamOptimizer(0.01).minimize(tf.reduce_mean(x))


image = tf.placeholder(tf.float32, [None, 4])
label = tf.placeholder(tf.float32, [None, 2])
model = Model(image, label)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(model.optimize, {image: xs, label: ys})
"""


def test_cached_properties_are_written_out_into_init_in_the_order_they_read_each_other():
    out, findings = migrate(CACHED.format(more=""))
    assert not refusals(findings)
    assert "class Model(tf.Module):" in out and "@property" not in out and "self._prediction" not in out
    assert "    def __init__(self):\n        super().__init__()\n        self.dense = tf.keras.layers.Dense(1)\n" in out
    # the caller's placeholders are the methods' arguments; the caller's statements and arguments went
    assert "def optimize(self, data, target):" in out and "def compute_prediction(self, data):" in out
    assert "placeholder" not in out and "model = Model()\n" in out
    assert "model.optimize(xs, ys)" in out and "print(model.compute_prediction(xs).numpy())" in out
    assert migrate(out)[0] == out


def test_a_caching_decorator_goes_with_the_properties_it_made():
    out, findings = migrate(DECORATED)
    assert not refusals(findings)
    assert "lazy_property" not in out and "def decorator" not in out and "class Model(tf.Module):" in out
    # both properties' locals are called x: the second one is renamed where they meet in one function
    assert "x = self.dense(image)" in out and "x_2 = tf.nn.softmax_cross_entropy_with_logits(" in out
    assert migrate(out)[0] == out


def test_a_property_never_touched_in_init_is_built_at_its_end():
    source = CACHED.format(more="").replace("        self.optimize\n", "        pass\n")
    out, findings = migrate(source)
    assert not refusals(findings)
    assert "def optimize(self, data, target):" in out


REFUSED = [
    pytest.param(
        CACHED.format(more="\n    def reset(self):\n        return self._prediction\n"),
        "Model.prediction() builds graph code too: a graph built in several methods is not converted",
        id="a cache attribute read elsewhere keeps the property a method",
    ),
    pytest.param(
        CACHED.format(more="\n    @property\n    def error(self):\n        return tf.reduce_mean(self.prediction)\n"),
        "Model.error() builds graph code too: a graph built in several methods is not converted",
        id="an uncached property builds new ops at each read",
    ),
    pytest.param(
        CACHED.format(more="").replace("model = Model(data, target)\n",
                                       "model = Model(data, target)\nprint(data.shape)\n"),
        "class Model: feeds a key that is not a placeholder of this block",
        id="a placeholder the caller uses otherwise stays the caller's",
    ),
]


@pytest.mark.parametrize("source, message", REFUSED)
def test_refused(source, message):
    out, findings = migrate(source)
    assert refusals(findings) == [message]
    assert "tf.compat.v1.disable_eager_execution()" in out
