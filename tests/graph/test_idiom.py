"""``tf1_left`` flags every TF1-only name reachable in an output, judged from the output itself (issue 11):
a file reported idiomatic must import and run on plain TF2. Cases beyond those of test_eager.py's IDIOM."""

from __future__ import annotations

import pytest

from migrate.graph.idiom import absent_in_tf2, missing_in_tf2, tf1_left, tf1_left_unit

FLAGGED = [
    pytest.param("import tensorflow as tf\nv = tf.get_variable('v', [1])\n", ["tf.get_variable"], id="get_variable"),
    pytest.param("import tensorflow as tf\nwith tf.variable_scope('a'):\n    pass\n", ["tf.variable_scope"],
                 id="variable_scope"),
    pytest.param("import tensorflow as tf\nopt = tf.train.AdamOptimizer(0.1)\n", ["tf.train.AdamOptimizer"],
                 id="a v1 optimizer under a module TF2 has"),
    pytest.param("import tensorflow as tf\nFLAGS = tf.app.flags.FLAGS\n", ["tf.app"], id="tf.app: no such module in TF2"),
    pytest.param("from tensorflow.examples.tutorials.mnist import input_data\n", ["tf.examples"],
                 id="an unused tensorflow.examples import fails by itself"),
    pytest.param("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n", ["tf.contrib.slim"],
                 id="a contrib import"),
    pytest.param("import tensorflow as tf\nfrom tensorflow.python.framework import ops\nops.reset_default_graph()\n",
                 ["tf.reset_default_graph (private tensorflow.python.framework.ops.reset_default_graph)"],
                 id="a private name whose public name is TF1-only"),
    pytest.param("import tensorflow as tf\ntf.compat.v1.reset_default_graph()\n",
                 ["tf.compat.v1", "tf.reset_default_graph"], id="compat.v1 and the TF1-only name it reaches"),
    pytest.param("import tensorflow as tf\nf = tf.compat.v2.get_variable\n", ["tf.get_variable"],
                 id="compat.v2 is judged as tf"),
    pytest.param("import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(y, logits)\n",
                 ["tf.losses.softmax_cross_entropy"], id="a v1 loss the Keras-backed tf.losses lacks"),
    pytest.param("from tensorflow import train\nopt = train.GradientDescentOptimizer(0.5)\n",
                 ["tf.train.GradientDescentOptimizer"], id="through a from import"),
]

LEFT_ALONE = [
    pytest.param("import tensorflow as tf\nx = tf.nn.relu(tf.constant(1.0))\n", id="a TF2 op"),
    pytest.param("import tensorflow as tf\nm = tf.keras.layers.Dense(3)\n", id="keras is not judged"),
    pytest.param("import tensorflow as tf\nd = tf.float32.as_numpy_dtype\n", id="an attribute of an object"),
    pytest.param("import tensorflow as tf\nopt = tf.optimizers.Adam()\n", id="a Keras-backed name TF2 has"),
    pytest.param("import tensorflow as tf\ninit = tf.initializers.he_normal()\n", id="a v1 name TF2 keeps (hand-checked)"),
    pytest.param("import tensorflow as tf\nfrom tensorflow.python.framework import ops\nt = ops.convert_to_tensor(1)\n",
                 id="a private name TF2 has publicly"),
    pytest.param("import tensorflow as tf\ndef f(tf):\n    return tf.get_variable\n", id="a shadowed tf"),
    pytest.param("import tensorflow_addons as tfa\nx = tfa.layers.GroupNormalization()\n", id="another package"),
    pytest.param("import tensorflow as tf\nckpt = tf.train.Checkpoint()\n", id="tf.train's TF2 names"),
    pytest.param("import tensorflow as tf\nfrom tensorflow.core.framework import graph_pb2\ng = graph_pb2.GraphDef()\n",
                 id="tensorflow.core protos exist in TF2"),
    pytest.param("import tensorflow as tf\nprint(tf.__version__, tf.keras.__version__, tf.__file__)\n",
                 id="module dunders: every module has them"),
]


@pytest.mark.parametrize(("source", "left"), FLAGGED)
def test_tf1_only_names_are_flagged(source, left):
    assert tf1_left(source.encode()) == left


@pytest.mark.parametrize("source", LEFT_ALONE)
def test_tf2_names_are_not(source):
    assert tf1_left(source.encode()) == []


def test_missing_in_tf2_names_the_first_missing_part():
    assert missing_in_tf2("app.flags.FLAGS") == "app"
    assert missing_in_tf2("train.AdamOptimizer") == "train.AdamOptimizer"
    assert missing_in_tf2("nn.relu") is None and missing_in_tf2("keras.anything.at_all") is None


def test_unit_a_converted_file_calling_a_graph_mode_helper_is_not_idiomatic():
    files = {
        "pkg/main.py": b"import tensorflow as tf\nfrom pkg import ops\nx = ops.fc(tf.constant(1.0))\n",
        "pkg/ops.py": b"import tensorflow as tf\ndef fc(x):\n    return tf.get_variable('w', [1]) * x\n",
        "pkg/cli.py": b"from pkg.main import x\nprint(x)\n",
        "pkg/utils.py": b"import numpy as np\n",
        "pkg/__init__.py": b"",
    }
    left = tf1_left_unit(files)
    assert left["pkg/ops.py"] == ["tf.get_variable"]
    assert left["pkg/main.py"] == ["graph-mode helper ops.py"]
    assert left["pkg/cli.py"] == ["graph-mode helper main.py"]  # through a helper of a helper
    assert left["pkg/utils.py"] == [] and left["pkg/__init__.py"] == []


def test_unit_all_tf2_is_idiomatic():
    files = {"main.py": b"import ops\nimport tensorflow as tf\nprint(ops.fc(tf.constant(1.0)))\n",
             "ops.py": b"import tensorflow as tf\ndef fc(x):\n    return tf.keras.layers.Dense(1)(x)\n"}
    assert tf1_left_unit(files) == {"main.py": [], "ops.py": []}


def test_report_uses_the_unit_judgement(tmp_path):
    import json

    from migrate.findings import FileResult
    from migrate.report import to_json

    main = b"import ops\nimport tensorflow as tf\nprint(ops.fc(tf.constant(1.0)))\n"
    ops = b"import tensorflow as tf\ndef fc(x):\n    return tf.compat.v1.get_variable('w', [1]) * x\n"
    report = json.loads(to_json([FileResult("p/main.py", main, main), FileResult("p/ops.py", ops, ops)]))
    by_path = {f["path"]: f for f in report["files"]}
    assert by_path["p/main.py"]["idiomatic"] is False
    assert by_path["p/main.py"]["tf1_left"] == ["graph-mode helper ops.py"]
    assert by_path["p/ops.py"]["idiomatic"] is False


@pytest.mark.parametrize(("source", "absent"), [
    pytest.param("import tensorflow as tf\nc = tf.compat.v1.GraphOptions(optimizer_options=tf.OptimizerOptions())\n",
                 ["tf.OptimizerOptions"], id="a TF1-only name left outside compat.v1 in a graph-mode file"),
    pytest.param("from tensorflow.examples.tutorials.mnist import input_data\nimport tensorflow as tf\n"
                 "y = tf.contrib.layers.flatten(x)\n", ["tf.contrib", "tf.examples"], id="contrib and examples"),
    pytest.param("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nx = tf.compat.v1.placeholder(tf.float32)\n",
                 [], id="graph mode through compat.v1 runs on TF2"),
    pytest.param("import tensorflow as tf\nfrom tensorflow.compat.v1 import get_variable\n", [], id="imported from compat.v1"),
    pytest.param("import tensorflow as tf\nx = tf.nn.relu(1.0)\n", [], id="TF2 code"),
])
def test_absent_in_tf2_is_what_raises_on_tf2(source, absent):
    assert absent_in_tf2(source.encode()) == absent
    assert all(any(left.startswith(a) for left in tf1_left(source.encode())) for a in absent)
