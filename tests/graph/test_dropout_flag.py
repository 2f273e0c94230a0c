"""``tf.layers.dropout(h, 0.7, is_training)`` (golbin's CNN chapter): the third positional argument is
noise_shape and training stays False, so TF1 never dropped; the conversion passes the input through and says so."""

from __future__ import annotations

import pytest

from test_eager import migrate
from test_fetch_expressions import prints_the_same

SOURCE = """\
import numpy as np
import tensorflow as tf

data = np.ones((2, 4), dtype="float32")
x = tf.placeholder(tf.float32, [None, 4])
is_training = tf.placeholder(tf.bool)
h = tf.layers.dropout(x, 0.7, is_training)
y = tf.reduce_sum(h, axis=1)
with tf.Session() as sess:
    print(sess.run(y, feed_dict={x: data, is_training: True}))
"""


def test_a_flag_given_as_noise_shape_is_a_dropout_that_never_dropped():
    out, findings = migrate(SOURCE)
    assert not [f for f in findings if f.code == "TFM301"]
    assert "def compute_y(x):\n    h = x\n" in out and "Dropout" not in out and "is_training" not in out
    assert any("never dropped in TF1" in f.message for f in findings)


@pytest.mark.slow
def test_it_prints_what_the_original_printed(tmp_path):
    prints_the_same(SOURCE, "tf2.15", tmp_path)
