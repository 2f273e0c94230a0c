"""TFM117: the MNIST tutorials' ``input_data.read_data_sets`` becomes a numpy reader on ``tf.keras.datasets.mnist``.

The reader is written into the migrated file (it must need nothing from tf-migrate); it must give the same
splits and the same ``next_batch`` sequence as the runtime's port (``migrate/runtime/mnist_input_data.py``),
and a tutorial-style program migrated with it must train on plain TF2 to the original's accuracy.
"""

import ast
import collections
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from migrate.engine.context import Options
from migrate.engine.source import default_rules, migrate_python
from migrate.graph.idiom import tf1_left
from migrate.rules.mnist_data import written_source

REPO = Path(__file__).resolve().parents[1]
LATEST_PYTHON = Path(os.environ.get("TF_MIGRATE_LATEST_PYTHON", REPO / ".venv-latest" / "bin" / "python"))
RULES = default_rules()


def migrate(source: str, target: str = "tf2.15") -> tuple[str, list]:
    out, findings = migrate_python(source.encode(), "prog.py", RULES, Options(target=target))
    return out.decode(), findings


def code_of(out: str) -> str:
    """The migrated file without its comments (the written reader's provenance names the TF1 module)."""
    return "".join(line for line in out.splitlines(keepends=True) if not line.lstrip().startswith("#"))


TF = "import tensorflow as tf\n"
CONVERTED = [
    pytest.param(TF + "from tensorflow.examples.tutorials.mnist import input_data\n"
                 "mnist = input_data.read_data_sets('MNIST_data/', one_hot=True)\n",
                 "read_mnist('MNIST_data/', one_hot=True)", id="the tutorials' from-import"),
    pytest.param(TF + "from tensorflow.examples.tutorials.mnist import input_data as mnist_data\n"
                 "mnist = mnist_data.read_data_sets(FLAGS.data_dir)\n", "read_mnist(FLAGS.data_dir)", id="from-import as"),
    pytest.param(TF + "import tensorflow.examples.tutorials.mnist.input_data as input_data\n"
                 "mnist = input_data.read_data_sets('/tmp/data', one_hot=True)\n",
                 "read_mnist('/tmp/data', one_hot=True)", id="import as"),
    pytest.param(TF + "import tensorflow.examples.tutorials.mnist.input_data\n"
                 "mnist = tensorflow.examples.tutorials.mnist.input_data.read_data_sets('d', reshape=False)\n",
                 "read_mnist('d', reshape=False)", id="plain dotted import"),
    pytest.param(TF + "from tensorflow.contrib.learn.python.learn.datasets.mnist import read_data_sets\n"
                 "mnist = read_data_sets('/tmp/data', one_hot=True)\n", "read_mnist('/tmp/data', one_hot=True)",
                 id="contrib.learn's long path, imported"),
    pytest.param(TF + "mnist = tf.contrib.learn.datasets.mnist.read_data_sets('d', one_hot=True)\n",
                 "read_mnist('d', one_hot=True)", id="tf.contrib.learn.datasets.mnist"),
    pytest.param(TF + "mnist = tf.contrib.learn.datasets.mnist.load_mnist()\n", "read_mnist()", id="load_mnist"),
    pytest.param(TF + "mnist = tf.contrib.learn.datasets.load_dataset('mnist')\n", "read_mnist()",
                 id="load_dataset('mnist')"),
    pytest.param(TF + "from tensorflow.contrib.learn.python.learn.datasets import mnist as mnist_lib\n"
                 "data = mnist_lib.read_data_sets(d, reshape=False, validation_size=2000)\n",
                 "read_mnist(d, reshape=False, validation_size=2000)", id="contrib module imported as"),
    pytest.param(TF + "from tensorflow.examples.tutorials.mnist import input_data\n"
                 "data = input_data.read_data_sets(d, False, True, tf.float32, False, 100, None)\n",
                 "read_mnist(d, one_hot=True, reshape=False, validation_size=100)", id="every argument positional"),
    pytest.param(TF + "from tensorflow.contrib.learn.python.learn.datasets import mnist\n"
                 "data_sets = mnist.read_data_sets(FLAGS.directory, dtype=tf.uint8, reshape=False)\n",
                 "read_mnist(FLAGS.directory, dtype=np.uint8, reshape=False)", id="uint8 images (the TFRecord conversion example)"),
    pytest.param(TF + "from tensorflow.examples.tutorials.mnist import input_data\n\n\ndef main(_):\n"
                 "    mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True)\n"
                 "    return mnist.test.images\n", "read_mnist(FLAGS.data_dir, one_hot=True)", id="inside main()"),
    pytest.param("import tensorflow.compat.v1 as tf\nfrom tensorflow.examples.tutorials.mnist import input_data\n"
                 "mnist = input_data.read_data_sets('MNIST_data/', one_hot=True)\n",
                 "read_mnist('MNIST_data/', one_hot=True)", id="compat.v1 imported as tf"),
]


@pytest.mark.parametrize(("before", "call"), CONVERTED)
def test_reader_call_becomes_read_mnist(before, call):
    out, findings = migrate(before)
    assert f"= {call}\n" in out, out
    assert "tensorflow.examples" not in code_of(out) and "contrib" not in code_of(out), out
    assert "def read_mnist(" in out and ".keras.datasets.mnist.load_data()" in out
    assert "import numpy as np" in out and "import collections" in out and "import os" in out
    assert [f.code for f in findings if f.code == "TFM117" and f.fixed]
    compile(out, "prog.py", "exec")
    assert migrate(out)[0] == out, "a second run must change nothing"


def test_the_written_reader_is_the_rules_source():
    out, _ = migrate(CONVERTED[0].values[0])
    assert written_source("tf") in out
    assert out.index("import numpy as np") < out.index("def read_mnist(") < out.index("mnist = read_mnist(")


LEFT_ALONE = [
    pytest.param(TF + "def read_data_sets(path, one_hot=False):\n    return path\n\n"
                 "mnist = read_data_sets('MNIST_data', one_hot=True)\n", id="a function of the file's own"),
    pytest.param(TF + "import input_data\nmnist = input_data.read_data_sets('MNIST_data', one_hot=True)\n",
                 id="the user's own input_data module"),
    pytest.param(TF + "from . import input_data\nmnist = input_data.read_data_sets('MNIST_data', one_hot=True)\n",
                 id="a relative input_data module"),
    pytest.param(TF + "from mnist_utils import input_data\nmnist = input_data.read_data_sets('d', one_hot=True)\n",
                 id="input_data of another package"),
    pytest.param(TF + "(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()\n",
                 id="code already on keras.datasets"),
    pytest.param(TF + "iris = tf.contrib.learn.datasets.load_dataset('iris')\n", id="load_dataset of another set"),
    pytest.param(TF + "from tensorflow.contrib.learn.python.learn.datasets import load_dataset\n"
                 "iris = load_dataset('iris')\n", id="an imported load_dataset of another set"),
]


@pytest.mark.parametrize("before", LEFT_ALONE)
def test_left_alone(before):
    out, findings = migrate(before)
    assert "read_mnist" not in out and not [f for f in findings if f.code == "TFM117"]


def test_a_shadowing_parameter_is_not_the_module():
    before = (TF + "from tensorflow.examples.tutorials.mnist import input_data\n"
              "mnist = input_data.read_data_sets('d', one_hot=True)\n\n\n"
              "def load(input_data):\n    return input_data.read_data_sets('x')\n")
    out, _ = migrate(before)
    assert "mnist = read_mnist('d', one_hot=True)" in out and "return input_data.read_data_sets('x')" in out


REFUSED = [
    pytest.param("d = input_data.DataSet(images, labels)\n", "input_data.DataSet is used", id="DataSet"),
    pytest.param("f = input_data.read_data_sets\n", "is used", id="the reader as a value"),
    pytest.param("m = input_data.read_data_sets('d', dtype=tf.float16)\n", "dtype", id="float16 images"),
    pytest.param("m = input_data.read_data_sets('d', seed=3)\n", "seed", id="seed"),
    pytest.param("m = input_data.read_data_sets('data/fashion', source_url=URL)\n", "Fashion", id="source_url"),
    pytest.param("m = input_data.read_data_sets('data/fashion')\n", "Fashion", id="a Fashion-MNIST directory"),
    pytest.param("m = input_data.read_data_sets(*args)\n", "arguments", id="star arguments"),
    pytest.param("MnistDataSet = 1\nm = input_data.read_data_sets('d')\n", "taken", id="a written name is taken"),
]


@pytest.mark.parametrize(("use", "why"), REFUSED)
def test_refused_uses_keep_the_file_and_are_reported(use, why):
    before = TF + "from tensorflow.examples.tutorials.mnist import input_data\n" + use
    out, findings = migrate(before)
    assert "read_mnist" not in out and "from tensorflow.examples.tutorials.mnist import input_data" in out
    reported = [f for f in findings if f.code == "TFM117"]
    assert reported and all(not f.fixed and f.severity.value == "warning" for f in reported)
    assert any(why in f.message for f in reported), reported


def test_an_unused_import_is_dropped():
    out, findings = migrate(TF + "from tensorflow.examples.tutorials.mnist import input_data\nx = tf.zeros([2])\n")
    assert "input_data" not in out and "read_mnist" not in out
    assert [f for f in findings if f.code == "TFM117" and f.fixed]


def test_the_data_sets_passed_to_other_code_are_reported_for_review():
    # (report() is the file's own function: what it reads is in view, so it is not reported)
    before = (TF + "from tensorflow.examples.tutorials.mnist import input_data\nfrom trainer import fit\n"
              "mnist = input_data.read_data_sets('d', one_hot=True)\n"
              "xs, ys = mnist.train.next_batch(50)\nn = mnist.test.images.shape[0] + mnist.train._index_in_epoch\n"
              "fit(mnist)\nfit(mnist.validation)\n\n\ndef report(data_set):\n    return data_set.num_examples\n\n\n"
              "report(mnist.test)\n")
    out, findings = migrate(before)
    assert "fit(mnist)\nfit(mnist.validation)\n" in out and "report(mnist.test)" in out
    review = sorted((f.line, f.message.split(" ")[0]) for f in findings if f.code == "TFM117" and
                    f.severity.value == "warning")
    assert review == [(7, "mnist"), (8, "mnist.validation")]


def test_a_notebook_keeps_the_reader_before_its_first_use():
    from migrate.engine.notebook import migrate_notebook

    cells = [TF + "from tensorflow.examples.tutorials.mnist import input_data",
             "mnist = input_data.read_data_sets('MNIST_data', one_hot=True)\nprint(mnist.train.images.shape)"]
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                           "source": source.splitlines(keepends=True)} for source in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    out, _ = migrate_notebook(json.dumps(notebook).encode(), "nb.ipynb", RULES, Options())
    first, second = ("".join(cell["source"]) for cell in json.loads(out)["cells"])
    assert "input_data" not in first and "import numpy as np" in first
    assert second.index("def read_mnist(") < second.index("mnist = read_mnist('MNIST_data', one_hot=True)")


def test_a_reader_called_between_imports_is_defined_before_it():
    # aymericdamien's TensorFlow-Examples: the data is read before TensorFlow is imported
    before = ("from __future__ import print_function\n\n# Import MNIST data\n"
              "from tensorflow.examples.tutorials.mnist import input_data\n"
              "mnist = input_data.read_data_sets('/tmp/data/', one_hot=True)\n\n"
              "import tensorflow as tf\n\nlearning_rate = 0.01\nprint(mnist.train.num_examples, tf.__name__)\n")
    out, _ = migrate(before)
    body = ast.parse(out).body
    statements = [ast.unparse(s).split("\n")[0] for s in body]
    defined = next(i for i, s in enumerate(body) if isinstance(s, ast.FunctionDef) and s.name == "read_mnist")
    read = statements.index("mnist = read_mnist('/tmp/data/', one_hot=True)")
    assert statements.index("import tensorflow as tf") < defined < read
    assert statements.count("import tensorflow as tf") == 1 and "input_data" not in code_of(out)
    assert migrate(out)[0] == out


# -- the written reader and the runtime's port agree ---------------------------------------------------------

def written_reader(arrays, fake_data=False):
    """``read_mnist`` exec'd from the rule's source, over a stand-in ``tf`` whose load_data returns ``arrays``."""
    data = ((arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"]))
    tf = types.SimpleNamespace(keras=types.SimpleNamespace(datasets=types.SimpleNamespace(
        mnist=types.SimpleNamespace(load_data=lambda: data))))
    namespace = {"tf": tf, "np": np, "collections": collections, "os": os}
    exec(compile(written_source("tf", fake_data=fake_data), "written", "exec"), namespace)
    return namespace["read_mnist"]


@pytest.mark.parametrize("options", [dict(one_hot=True), dict(), dict(reshape=False, validation_size=1000),
                                     dict(one_hot=True, validation_size=0), dict(dtype=np.uint8, reshape=False)],
                         ids=repr)
def test_written_reader_gives_the_ports_splits_and_batches(options, mnist_standin, monkeypatch):
    from migrate.runtime import mnist_input_data

    monkeypatch.setenv("KERAS_HOME", str(mnist_standin.keras_home))
    port = mnist_input_data.read_data_sets("ignored", **options)
    ours = written_reader(mnist_standin.arrays())(**options)
    for name in ("train", "validation", "test"):
        a, b = getattr(port, name), getattr(ours, name)
        assert a.num_examples == b.num_examples
        for x, y in ((a.images, b.images), (a.labels, b.labels)):
            assert x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y)
    sizes = [128] * 12 + [7, 500, 999, 2600, 3100]  # crosses epoch ends of 1,000 to 6,000 training images
    for shuffle in (True, False):
        np.random.seed(4)
        expected = [port.train.next_batch(n, shuffle=shuffle) for n in sizes]
        np.random.seed(4)
        got = [ours.train.next_batch(n, shuffle=shuffle) for n in sizes]
        for (xa, ya), (xb, yb) in zip(expected, got):
            assert np.array_equal(xa, xb) and np.array_equal(ya, yb) and len(xa) == len(xb)
        assert port.train.epochs_completed == ours.train.epochs_completed > 0


def test_written_reader_creates_train_dir_as_tf1_did(mnist_standin, tmp_path):
    # TF1 downloaded into train_dir, creating it; programs then write next to the data (convert_to_records.py)
    written_reader(mnist_standin.arrays())(str(tmp_path / "data" / "mnist"))
    assert (tmp_path / "data" / "mnist").is_dir()


def test_written_reader_keeps_tf1_shapes_and_ranges(mnist_standin):
    data = written_reader(mnist_standin.arrays())(one_hot=True)
    assert data.train.images.shape == (mnist_standin.n_train - 5000, 784) and data.validation.num_examples == 5000
    assert data.train.images.dtype == np.float32 and 0 <= data.test.images.min() < data.test.images.max() <= 1
    assert data.train.labels.shape[1] == 10 and set(np.unique(data.train.labels)) == {0.0, 1.0}
    assert written_reader(mnist_standin.arrays())().test.labels.dtype == np.uint8
    with pytest.raises(ValueError, match="Validation size"):
        written_reader(mnist_standin.arrays())(validation_size=10**6)


def test_fake_data_is_passed_on_and_gives_tf1s_constant_batches(mnist_standin):
    # fully_connected_feed.py: read_data_sets(FLAGS.input_data_dir, FLAGS.fake_data), next_batch(n, FLAGS.fake_data)
    out, findings = migrate(TF + "from tensorflow.examples.tutorials.mnist import input_data\n"
                            "m = input_data.read_data_sets('d', FLAGS.fake_data)\n")
    assert "m = read_mnist('d', fake_data=FLAGS.fake_data)" in out
    assert "fake_one_hot" in out and "fake_one_hot" not in written_source("tf")  # written only where it is passed
    fake = written_reader(mnist_standin.arrays(), fake_data=True)(fake_data=True, one_hot=True)
    images, labels = fake.validation.next_batch(3, fake_data=True)
    assert fake.train.num_examples == 10000 and len(fake.test.images) == 0  # as TF1's fake DataSet
    assert images == [[1] * 784] * 3 and labels == [[1] + [0] * 9] * 3
    assert written_reader(mnist_standin.arrays(), fake_data=True)(fake_data=True).train.next_batch(2, True)[1] == [0, 0]
    with pytest.raises(AttributeError):
        written_reader(mnist_standin.arrays(), fake_data=True)().train.next_batch(2, fake_data=True)
    with pytest.raises(ValueError, match="fake_data is not served"):
        written_reader(mnist_standin.arrays())().train.next_batch(2, fake_data=True)


# -- a tutorial-style program: original on the runtime, migrated on plain TF2 --------------------------------

PROGRAM = '''\
"""Softmax regression on MNIST, written the way TF 1.x's "MNIST for ML beginners" tutorial wrote it."""
import argparse
import sys

import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

FLAGS = None


def main(_):
    np.random.seed(0)
    mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True)

    x = tf.placeholder(tf.float32, [None, 784])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    y = tf.matmul(x, W) + b
    y_ = tf.placeholder(tf.float32, [None, 10])
    cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
    train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    for _ in range(FLAGS.steps):
        batch_xs, batch_ys = mnist.train.next_batch(128)
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

    correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    print("validation %d epochs %d" % (mnist.validation.num_examples, mnist.train.epochs_completed))
    print("test accuracy %.6f" % sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_dir", type=str, default="/tmp/tensorflow/mnist/input_data")
    parser.add_argument("--steps", type=int, default=30)
    FLAGS, unparsed = parser.parse_known_args()
    tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)
'''


def run(python, args, standin, cwd) -> str:
    proc = subprocess.run([str(python), *map(str, args)], capture_output=True, text=True, env=standin.env(),
                          cwd=cwd, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def accuracy(output: str) -> float:
    return float(re.search(r"test accuracy ([0-9.]+)", output).group(1))


@pytest.fixture(scope="module")
def original_output(mnist_standin, tmp_path_factory):
    cwd = tmp_path_factory.mktemp("original")
    (cwd / "tutorial.py").write_text(PROGRAM)
    return run(sys.executable, ["-m", "migrate", "run", "tutorial.py"], mnist_standin, cwd)


def test_the_tutorial_converts_to_eager_around_the_reader():
    out, findings = migrate(PROGRAM)
    assert "mnist = read_mnist(FLAGS.data_dir, one_hot=True)" in out and "import input_data" not in out
    assert "Session" not in out and "placeholder" not in out and "disable_eager_execution" not in out, out
    assert "batch_xs, batch_ys = mnist.train.next_batch(128)" in out
    assert "mnist.test.images, mnist.test.labels" in out
    assert "tf.examples" in tf1_left(PROGRAM.encode()) and tf1_left(out.encode()) == []  # the report: idiomatic


@pytest.mark.slow
@pytest.mark.parametrize("target", ["tf2.15", "latest"])
def test_migrated_tutorial_trains_to_the_originals_accuracy(target, original_output, mnist_standin, tmp_path):
    python = sys.executable if target == "tf2.15" else LATEST_PYTHON
    if not Path(python).exists():
        pytest.skip(f"no latest-TensorFlow Python at {python}")
    out, _ = migrate(PROGRAM, target)
    (tmp_path / "tutorial.py").write_text(out)
    got = run(python, ["tutorial.py"], mnist_standin, tmp_path)
    assert "validation 5000 epochs 3" in original_output and "validation 5000 epochs 3" in got
    assert 0.3 < accuracy(original_output) < 1.0  # it learned something, it did not memorise the test set
    assert accuracy(got) == pytest.approx(accuracy(original_output), abs=2e-3), (original_output, got)
