"""An eager conversion that leaves TF1-only names behind is not kept: the file falls back to graph mode.

``tf.trainable_variables()`` read while the graph is built (the parameter-count snippet) has no eager
form the conversion writes; left in eager output it raises AttributeError on TF2, where the graph-mode
fallback runs it through tf.compat.v1 (engine/source.py ``_without_eager_leftovers``).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import migrate.rules  # noqa: F401  (registers the rules before the engine's import of them)
from migrate.engine.context import Options
from migrate.engine.source import migrate_python
from migrate.graph.idiom import absent_in_tf2

MODEL = '''import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
hidden = tf.layers.dense(x, 8, activation=tf.nn.relu)
out = tf.layers.dense(hidden, 1)
loss = tf.reduce_mean(tf.square(out - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
'''
COUNT = '''total = 0
for variable in tf.trainable_variables():
    n = 1
    for dim in variable.get_shape():
        n *= dim.value
    total += n
print("parameters:", total)
'''
RUN = '''data = np.linspace(-1, 1, 32, dtype=np.float32).reshape(8, 4)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        _, value = sess.run([train, loss], feed_dict={x: data, y: data[:, :1]})
    print("finite:", bool(np.isfinite(value)))
'''


def migrate(source: str) -> tuple[str, list]:
    out, findings = migrate_python(source.encode(), "prog.py", options=Options())
    return out.decode(), findings


def test_a_build_time_trainable_variables_read_keeps_the_file_in_graph_mode():
    out, findings = migrate(MODEL + COUNT + RUN)
    codes = {f.code for f in findings}
    assert {"TFM301", "TFM302"} <= codes and "TFM300" not in codes
    why = next(f.message for f in findings if f.code == "TFM301")
    assert "tf.trainable_variables" in why and "graph mode" in why
    assert "disable_eager_execution()" in out and absent_in_tf2(out.encode()) == []
    assert "n *= dim\n" in out  # TFM105: a TF2 shape iterates over ints in graph mode too


def test_without_the_leftover_the_same_program_converts():
    out, findings = migrate(MODEL + RUN)
    assert "TFM300" in {f.code for f in findings} and "disable_eager_execution" not in out


def test_the_fallback_is_idempotent():
    out, _ = migrate(MODEL + COUNT + RUN)
    assert migrate(out)[0] == out


@pytest.mark.slow  # starts TensorFlow once
def test_the_graph_mode_fallback_runs_and_counts_the_parameters(tmp_path):
    out, _ = migrate(MODEL + COUNT + RUN)
    (tmp_path / "prog.py").write_text(out)
    run = subprocess.run([sys.executable, "prog.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "parameters: 49" in run.stdout and "finite: True" in run.stdout  # 4*8 + 8 + 8*1 + 1
