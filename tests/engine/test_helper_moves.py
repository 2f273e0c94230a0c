"""Layer helpers of one file called from another (``migrate/engine/helper_moves.py``).

``tests/corpus/shapes/pkg_ops_get_variable`` is the whole program (run and compared with TF1 by
tests/test_corpus.py); these check the move itself and the cases it must leave alone.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.engine.test_project import codes, migrate_tree, write

OPS = ("import tensorflow as tf\n\n\n"
       "def fc(x, n, name):\n"
       "    shape = x.get_shape().as_list()\n"
       "    with tf.variable_scope(name):\n"
       "        w = tf.get_variable('w', [shape[1], n], initializer=tf.constant_initializer(0.5))\n"
       "        return tf.matmul(x, w)\n\n\n"
       "def total(t):\n"
       "    return tf.reduce_sum(t)\n")
MAIN = ("import tensorflow as tf\n"
        "import ops\n\n"
        "x = tf.placeholder(tf.float32, [None, 2])\n"
        "h = ops.fc(x, 3, 'a')\n"
        "y = ops.total(ops.fc(h, 1, 'b'))\n"
        "with tf.Session() as sess:\n"
        "    sess.run(tf.global_variables_initializer())\n"
        "    print(sess.run(y, feed_dict={x: [[1.0, 2.0]]}))\n")


def test_helpers_become_classes_in_their_file_and_the_program_eager(tmp_path):
    write(tmp_path, {"main.py": MAIN, "ops.py": OPS})
    out = migrate_tree(tmp_path)
    main, ops = out["main.py"][0], out["ops.py"][0]
    assert "class Fc(tf.Module):" in ops and "def fc(" not in ops and "def total(" in ops
    assert "ops.Fc(3)" in main and "ops.total(" in main and "Session" not in main and "@tf.function" in main, main
    assert not [f for _, fs in out.values() for f in fs if f.code in ("TFM301", "TFM302")]
    # the pass's finding about the helper is the library's, at the def's line
    assert [f for f in out["ops.py"][1] if f.code == "TFM300" and "now tf.Module Fc" in f.message and f.line == 4]
    assert not [f for f in out["main.py"][1] if "tf.Module Fc" in f.message]
    for name, (text, _) in out.items():
        (tmp_path / name).write_text(text)
    done = subprocess.run([sys.executable, "main.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "2.25"  # TF1: [1, 2] @ 0.5 -> 1.5 each, @ 0.5 -> 2.25
    again = migrate_tree(tmp_path)
    assert {n: t for n, (t, _) in again.items()} == {n: t for n, (t, _) in out.items()}  # a second run: nothing


LEFT = {
    "two files import the library": {"main.py": MAIN, "ops.py": OPS, "other.py": "import ops\nprint(ops.total)\n"},
    "the module itself is passed on": {"main.py": MAIN + "print(ops)\n", "ops.py": OPS},
    "the library calls its helper": {"main.py": MAIN, "ops.py": OPS + "\n\ndef twice(x):\n    return fc(fc(x, 2, 'c'), 2, 'd')\n"},
    "the library's TensorFlow has another name": {
        "main.py": MAIN, "ops.py": OPS.replace("import tensorflow as tf\n", "import tensorflow as tf\nimport tensorflow as tfx\n")
                                     .replace("tf.constant_initializer", "tfx.constant_initializer")},
}


def test_a_library_constant_the_helper_reads_stays_the_librarys(tmp_path):
    # read as ops.INIT while the helper sits in main.py, INIT again in the class that goes back
    write(tmp_path, {"main.py": MAIN, "ops.py": OPS.replace("import tensorflow as tf\n",
                                                              "import math\nimport tensorflow as tf\nINIT = 0.5\n")
                     .replace("constant_initializer(0.5)", "constant_initializer(INIT * math.sqrt(1.0))")})
    out = migrate_tree(tmp_path)
    main, ops = out["main.py"][0], out["ops.py"][0]
    assert "class Fc(tf.Module):" in ops and "tf.constant_initializer(INIT * math.sqrt(1.0))" in ops, ops
    assert "ops.INIT" not in ops and "INIT" not in main and "math" not in main
    assert not [f for _, fs in out.values() for f in fs if f.code in ("TFM301", "TFM302")]


@pytest.mark.parametrize("name", sorted(LEFT))
def test_left_to_the_unit(tmp_path, name):
    write(tmp_path, LEFT[name])
    out = migrate_tree(tmp_path)
    assert "def fc(" in out["ops.py"][0] and "TFM302" in codes(out["main.py"][1])  # the unit stays in graph mode
