"""TFM303: graph-mode files that need Keras 2 select tf-keras on ``--target latest``.

The rewrites only happen on ``--target latest``, which the generic example test
doesn't use, so the before/after pairs live here. The execution test migrates a
small TF1 ``tf.layers`` program (the graph pass refuses it: a collection) and
runs it on the newest TensorFlow (``.venv-latest`` or ``TF_MIGRATE_LATEST_PYTHON``),
with and without the added line.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from migrate.engine.context import Options
from migrate.engine.source import migrate_python

REPO = Path(__file__).resolve().parents[1]
LATEST = Path(os.environ.get("TF_MIGRATE_LATEST_PYTHON", REPO / ".venv-latest" / "bin" / "python"))
LINE = 'os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.compat.v1.layers / rnn_cell need Keras 2 (tf-keras)\n'


def migrate(source: str, target: str = "latest") -> tuple[str, list]:
    out, findings = migrate_python(source.encode(), "example.py", options=Options(target=target))
    return out.decode(), findings


REWRITES = [
    pytest.param(
        '"""A model."""\nimport numpy as np\nimport tensorflow as tf\n'
        "tf.compat.v1.disable_eager_execution()\nh = tf.compat.v1.layers.dense(x, 4)\n",
        '"""A model."""\nimport numpy as np\nimport os\n\n' + LINE + "import tensorflow as tf\n"
        "tf.compat.v1.disable_eager_execution()\nh = tf.compat.v1.layers.dense(x, 4)\n",
        id="import os joins the imports before the line, which goes just before the tensorflow import"),
    pytest.param(
        "import os\nimport tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
        "cell = tf.compat.v1.nn.rnn_cell.GRUCell(8)\n",
        "import os\n" + LINE + "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
        "cell = tf.compat.v1.nn.rnn_cell.GRUCell(8)\n",
        id="a v1 RNN cell, os already imported before tensorflow"),
    pytest.param(
        "import tensorflow as tf\nimport os\ntf.compat.v1.disable_eager_execution()\n"
        "h = tf.compat.v1.layers.conv2d(x, 4, 3)\n",
        "import os\n" + LINE + "import tensorflow as tf\nimport os\ntf.compat.v1.disable_eager_execution()\n"
        "h = tf.compat.v1.layers.conv2d(x, 4, 3)\n",
        id="os imported only after tensorflow gets an import of its own before the line"),
    pytest.param(
        "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\nh = tf.layers.dense(x, 4)\n",
        "import os\n\n" + LINE + "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\nh = tf.layers.dense(x, 4)\n",
        id="the tensorflow.compat.v1 alias with disable_v2_behavior"),
    pytest.param(
        "import numpy as np\nimport tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 3])\n"
        "h = tf.layers.dense(x, 4)\ntf.add_to_collection('h', h)\n"
        "with tf.Session() as sess:\n    sess.run(tf.global_variables_initializer())\n",
        "import numpy as np\nimport os\n\n" + LINE + "import tensorflow as tf\n"
        "tf.compat.v1.disable_eager_execution()\n\nx = tf.compat.v1.placeholder(tf.float32, [None, 3])\n"
        "h = tf.compat.v1.layers.dense(x, 4)\ntf.compat.v1.add_to_collection('h', h)\n"
        "with tf.compat.v1.Session() as sess:\n    sess.run(tf.compat.v1.global_variables_initializer())\n",
        id="after the graph pass's fallback (TFM302) kept the file in graph mode"),
]

LEAVE_ALONE = [
    pytest.param("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nh = tf.compat.v1.layers.dense(x, 4)\n",
                 "tf2.15", id="tf2.15 has Keras 2 already"),
    pytest.param("import tensorflow as tf\nh = tf.keras.layers.Dense(4)(x)\n", "latest", id="eager TF2 code"),
    pytest.param("import tensorflow as tf\nh = tf.compat.v1.layers.dense(x, 4)\n", "latest",
                 id="eager file (not kept in graph mode)"),
    pytest.param("import os\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\nimport tensorflow as tf\n"
                 "tf.compat.v1.disable_eager_execution()\nh = tf.compat.v1.layers.dense(x, 4)\n",
                 "latest", id="the file sets the variable itself"),
    pytest.param("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nx = tf.compat.v1.placeholder(tf.float32)\n",
                 "latest", id="graph mode without v1 layers or cells"),
    pytest.param("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nlayers = Layers()\nh = layers.dense(x, 4)\n",
                 "latest", id="a local named layers"),
]


@pytest.mark.parametrize(("before", "after"), REWRITES)
def test_rewrites_on_latest(before, after):
    out, findings = migrate(before)
    assert out == after
    (finding,) = [f for f in findings if f.code == "TFM303"]
    assert finding.fixed and "tf-keras" in finding.message
    again, findings = migrate(out)
    assert again == out, "a second run must change nothing"
    assert not [f for f in findings if f.code == "TFM303"]


@pytest.mark.parametrize(("source", "target"), LEAVE_ALONE)
def test_leaves_alone(source, target):
    out, findings = migrate(source, target)
    assert out == source
    assert not [f for f in findings if f.code == "TFM303"]


PROGRAM = '''\
"""Least squares with tf.layers in a TF1 graph: the graph pass keeps it in graph mode (a collection)."""
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
data = np.random.RandomState(0).rand(64, 3).astype(np.float32)
target = data @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.25

x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
prediction = tf.layers.dense(x, 1, kernel_initializer=tf.zeros_initializer())
loss = tf.losses.mean_squared_error(y, prediction)
tf.add_to_collection("watched", loss)
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(300):
        sess.run(train, {x: data, y: target})
    print("loss %.6f" % sess.run(tf.get_collection("watched")[0], {x: data, y: target}))
'''


def run_latest(script: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", KERAS_HOME=str(script.parent))
    return subprocess.run([str(LATEST), str(script)], capture_output=True, text=True, env=env,
                          cwd=script.parent, timeout=300)


@pytest.mark.skipif(not LATEST.exists(), reason=f"no latest-TensorFlow Python at {LATEST}")
def test_migrated_graph_program_runs_on_latest(tmp_path):
    migrated, findings = migrate(PROGRAM)
    assert {"TFM302", "TFM303"} <= {f.code for f in findings}
    script = tmp_path / "program.py"
    script.write_text(migrated)
    done = run_latest(script)
    assert done.returncode == 0, done.stderr[-3000:]
    assert float(done.stdout.split()[-1]) < 1e-3  # the fit is exact: least squares converges

    # the line is what makes it run: without it Keras 3 refuses tf.compat.v1.layers
    script.write_text(migrated.replace(LINE, ""))
    done = run_latest(script)
    assert done.returncode != 0 and "not available with Keras 3" in done.stderr
