"""The graph-mode fallback line goes after the file's TensorFlow import, wherever the header ends."""

from __future__ import annotations

import libcst as cst
import pytest

from migrate.engine.context import Options
from migrate.engine.source import migrate_python
from migrate.rules._header import code_start

# a construct the conversion refuses (a collection with a scope filter), so the file falls back
REFUSED = '''
x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.zeros([2, 1]))
y = tf.matmul(x, w)
ops = tf.get_collection("custom")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0]]}))
'''

HEADERS = {
    "keras-io sections": '"""Title."""\n\n"""\n## Setup\n"""\nimport numpy as np\nimport tensorflow as tf\n',
    "code before the import": 'import os\nos.environ["X"] = "1"\nimport tensorflow as tf\n',
    "plain": 'import tensorflow as tf\n',
}


@pytest.mark.parametrize("header", HEADERS.values(), ids=HEADERS)
def test_fallback_line_follows_the_tensorflow_import(header):
    out, findings = migrate_python((header + REFUSED).encode(), "x.py", options=Options())
    assert any(f.code == "TFM302" for f in findings)
    lines = out.decode().splitlines()
    fallback = lines.index("tf.compat.v1.disable_eager_execution()")
    assert fallback > lines.index("import tensorflow as tf")
    compile(out, "x.py", "exec")


@pytest.mark.parametrize("source, expected", [
    ('"""doc"""\nimport a\n"""## Section"""\nimport b\nx = 1\n', 4),
    ('import a\nx = 1\nimport tensorflow as tf\ny = 2\n', 3),
    ('x = 1\n', 0),
    ('"""doc"""\nx = 1\n', 1),
    ('from tensorflow import keras\nimport a\n', 2),
])
def test_code_start(source, expected):
    assert code_start(cst.parse_module(source).body) == expected


def test_findings_keep_input_lines_after_two_inserting_passes():
    """TFM302 (graph-mode line) then TFM303 (Keras 2 switch on latest) both insert lines; the later
    passes' findings still point at the input's lines."""
    source = 'import tensorflow as tf\n' + REFUSED.replace(
        "y = tf.matmul(x, w)", "y = tf.layers.dense(x, 1)")
    out, findings = migrate_python(source.encode(), "x.py", options=Options(target="latest"))
    codes = {f.code for f in findings}
    assert {"TFM302", "TFM303"} <= codes, codes
    placeholder = next(f for f in findings if f.code == "TFM900" and "placeholder" in f.message)
    assert source.splitlines()[placeholder.line - 1].startswith("x = tf.placeholder")


def test_code_start_counts_a_try_except_tensorflow_import():
    source = "import os\ntry:\n    import tensorflow.compat.v1 as tf\nexcept ImportError:\n    import tensorflow as tf\nx = 1\n"
    assert code_start(cst.parse_module(source).body) == 2
