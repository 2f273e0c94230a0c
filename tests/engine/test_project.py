"""Files that import each other are migrated as one unit (``migrate/engine/project.py``).

The fixture ``fixtures_project/mlp`` is a small program written the way
multi-file TF1 projects are: ``main.py`` builds the graph and runs the session,
``ops.py`` holds ``get_variable`` / ``variable_scope`` layers, ``utils.py`` is
numpy. Converting only ``main.py`` to eager would call ``ops.fc_layer`` from a
``tf.function`` (AttributeError on TF2, and new variables on every trace), so
the whole unit stays in graph mode, each file saying why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migrate import cli
from migrate.engine import files, project, runner
from migrate.engine.context import Options
from migrate.engine.rule import select_rules

HERE = Path(__file__).parent
MLP = HERE / "fixtures_project" / "mlp"
REPO = HERE.parents[1]
CODES = tuple(r.code for r in select_rules())


def write(root: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return paths


def groups(root: Path, files: dict[str, str]) -> list[list[str]]:
    paths = write(root, files)
    found = project.units(paths, [p.read_bytes() for p in paths])
    return [[str(paths[i].relative_to(root)) for i in group] for group in found]


# -- the import graph ------------------------------------------------------------------

LIB = "import tensorflow as tf\n"


@pytest.mark.parametrize("files, expected", [
    pytest.param({"main.py": "import ops\n", "ops.py": LIB}, [["main.py", "ops.py"]], id="import ops links a sibling"),
    pytest.param({"main.py": "from ops import fc\n", "ops.py": LIB, "other.py": LIB},
                 [["main.py", "ops.py"], ["other.py"]], id="from ops import fc links it; an unrelated file stays apart"),
    pytest.param({"pkg/__init__.py": "", "pkg/models.py": "from . import layers\n", "pkg/layers.py": LIB},
                 [["pkg/__init__.py"], ["pkg/models.py", "pkg/layers.py"]], id="from . import layers is relative"),
    pytest.param({"pkg/__init__.py": "", "pkg/models.py": "from .layers import dense\n", "pkg/layers.py": LIB,
                  "train.py": "from pkg.models import Model\n"},
                 [["pkg/__init__.py"], ["pkg/models.py", "pkg/layers.py", "train.py"]],
                 id="from pkg.models import Model is absolute from above the package (an empty __init__ links nothing)"),
    pytest.param({"pkg/__init__.py": "", "pkg/sub/__init__.py": "", "pkg/sub/a.py": "from ..b import f\n", "pkg/b.py": LIB},
                 [["pkg/__init__.py"], ["pkg/b.py", "pkg/sub/a.py"], ["pkg/sub/__init__.py"]],
                 id="from ..b import f goes up one package"),
    pytest.param({"app/main.py": "import utils\n", "lib/utils.py": LIB},
                 [["app/main.py"], ["lib/utils.py"]], id="a module of the same name in another folder is not linked"),
    pytest.param({"main.py": "import numpy as np\nimport tensorflow as tf\n", "numpy_helpers.py": LIB},
                 [["main.py"], ["numpy_helpers.py"]], id="third-party imports link nothing"),
    pytest.param({"main.py": "def f():\n    import ops\n", "ops.py": LIB}, [["main.py", "ops.py"]],
                 id="an import inside a function counts"),
    pytest.param({"a.py": "import utils\n" + LIB, "b.py": "import utils\n" + LIB, "utils.py": "import numpy\n"},
                 [["a.py"], ["b.py"], ["utils.py"]], id="two scripts sharing numpy helpers stay apart"),
    pytest.param({"a.py": "import utils\n" + LIB, "b.py": "import utils\n" + LIB, "utils.py": "import ops\n",
                  "ops.py": LIB}, [["a.py", "b.py", "utils.py", "ops.py"]],
                 id="numpy helpers that import a TensorFlow file link it"),
])
def test_units(tmp_path, files, expected):
    assert sorted(map(sorted, groups(tmp_path, files))) == sorted(map(sorted, expected))


def test_a_third_party_module_outside_the_roots_is_not_linked(tmp_path):
    """``import utils`` in main.py means main's own folder; a ``utils.py`` given from elsewhere is not it."""
    found = groups(tmp_path, {"proj/main.py": "import utils\n", "site/utils.py": LIB, "proj/ops.py": LIB})
    assert sorted(found) == [["proj/main.py"], ["proj/ops.py"], ["site/utils.py"]]


# -- the rewrite ------------------------------------------------------------------------


def migrate_tree(root: Path, jobs: int = 1, options: Options | None = None) -> dict[str, tuple[str, list]]:
    paths = sorted(root.rglob("*.py"))
    out = {}
    for result in runner.run(paths, CODES, options or Options(), jobs=jobs):
        out[str(Path(result.path).relative_to(root))] = (result.migrated.decode(), result.findings)
    return out


def codes(findings) -> list[str]:
    return [f.code for f in findings]


# A second file importing ops.py: its layer helpers can't move into main.py's conversion (helper_moves.py
# needs main.py to be their only user), so the unit stays in graph mode -- what these tests are about.
SECOND_USER = '"""Reads the loss helper too."""\nimport ops\n\nprint(ops.loss_fn.__doc__)\n'


def copied(fixture: Path, tmp_path: Path) -> Path:
    """A fixture program copied into ``tmp_path`` (the migration may write next to it)."""
    target = tmp_path / fixture.name
    shutil.copytree(fixture, target)
    return target


@pytest.fixture
def mlp(tmp_path):
    target = copied(MLP, tmp_path)
    (target / "report_loss.py").write_text(SECOND_USER)
    return target


@pytest.fixture
def mlp_alone(tmp_path):
    return copied(MLP, tmp_path)


def test_a_program_whose_only_user_calls_the_layer_helpers_converts_as_a_whole(mlp_alone, tmp_path):
    out = migrate_tree(mlp_alone)
    assert "class FcLayer(tf.Module):" in out["ops.py"][0] and "def loss_fn(" in out["ops.py"][0]
    main = out["main.py"][0]
    assert "ops.FcLayer(4, 8, activation=tf.nn.relu)" in main and "Session" not in main and "@tf.function" in main
    assert not [f for _, fs in out.values() for f in fs if f.code in ("TFM301", "TFM302")]
    expected = run(sys.executable, ["-m", "migrate", "run", "main.py"], MLP)  # TF1 on the runtime
    for name, (text, _) in out.items():
        (mlp_alone / name).write_text(text)
    got = run(sys.executable, ["main.py"], mlp_alone)
    # initial weights come from Keras' TruncatedNormal(seed=1), not TF1's op seed: close, not identical
    accuracy = [float(line.split()[-1]) for line in (expected, got)]
    assert abs(accuracy[0] - accuracy[1]) <= 0.05, (expected, got)


def test_a_program_whose_library_keeps_graph_code_stays_in_graph_mode_together(mlp):
    out = migrate_tree(mlp)
    main, main_findings = out["main.py"]
    ops, ops_findings = out["ops.py"]
    assert "tf.compat.v1.disable_eager_execution()" in main and "tf.compat.v1.Session()" in main
    assert "tf.function" not in main
    (why,) = [f.message for f in main_findings if f.code == "TFM301"]
    assert why == ("graph code not converted to eager: kept in graph mode with ops.py (imported here), which keeps "
                   "graph code the conversion does not make eager (tf.variable_scope, line 6): the files of one "
                   "program run in one mode")
    assert "TFM302" in codes(main_findings)
    # the library: TF1-only names through tf.compat.v1, no second switch (main turns eager off first)
    assert "tf.compat.v1.get_variable(" in ops and "tf.compat.v1.variable_scope(" in ops
    assert "disable_eager_execution" not in ops
    (why,) = [f.message for f in ops_findings if f.code == "TFM301"]
    assert why == ("graph code not converted to eager: its graph code (tf.variable_scope, line 6) is not converted "
                   "to eager and main.py, report_loss.py use(s) it: the files of one program are kept in graph mode together")
    assert out["utils.py"] == (MLP.joinpath("utils.py").read_text(), [])  # numpy: a unit of its own


def test_jobs_2_gives_the_same_files(mlp):
    assert migrate_tree(mlp, jobs=2) == migrate_tree(mlp, jobs=1)


def test_no_fallback_leaves_the_program_file_untouched(mlp):
    out = migrate_tree(mlp, options=Options(fallback=False))
    assert out["main.py"][0] == MLP.joinpath("main.py").read_text()
    assert "TFM301" in codes(out["main.py"][1])


def test_a_second_run_changes_nothing(mlp):
    for name, (text, _) in migrate_tree(mlp).items():
        (mlp / name).write_text(text)
    again = migrate_tree(mlp)
    assert {name: text for name, (text, _) in again.items()} == {p.name: p.read_text() for p in mlp.glob("*.py")}


EAGER_MAIN = (
    "import tensorflow as tf\n"
    "from metrics import accuracy\n"
    "x = tf.placeholder(tf.float32, [None, 2])\n"
    "y = tf.placeholder(tf.float32, [None, 2])\n"
    "w = tf.Variable(tf.zeros([2, 2]))\n"
    "acc = accuracy(tf.matmul(x, w), y)\n"
    "with tf.Session() as sess:\n"
    "    sess.run(tf.global_variables_initializer())\n"
    "    print(sess.run(acc, feed_dict={x: data, y: labels}))\n"
)
TENSOR_HELPERS = (
    "import tensorflow as tf\n\n\n"
    "def accuracy(logits, labels):\n"
    "    return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1)), tf.float32))\n"
)


def test_a_library_of_tensor_functions_does_not_hold_the_program_back(tmp_path):
    write(tmp_path, {"main.py": EAGER_MAIN, "metrics.py": TENSOR_HELPERS})
    out = migrate_tree(tmp_path)
    assert "@tf.function" in out["main.py"][0] and "Session" not in out["main.py"][0]
    assert "TFM301" not in codes(out["main.py"][1]) + codes(out["metrics.py"][1])


def test_an_unrelated_file_in_the_same_folder_is_not_forced_into_graph_mode(mlp):
    (mlp / "standalone.py").write_text(EAGER_MAIN.replace("from metrics import accuracy\n", "")
                                       .replace("accuracy(tf.matmul(x, w), y)", "tf.matmul(x, w)"))
    out = migrate_tree(mlp)
    assert "@tf.function" in out["standalone.py"][0]
    assert "TFM301" not in codes(out["standalone.py"][1])
    assert "disable_eager_execution" in out["main.py"][0]


def tfm(*argv) -> int:
    return cli.main([str(a) for a in argv])


def test_rewrite_files_given_one_by_one_sees_the_unit(mlp, capsys):
    assert tfm("rewrite", "--write", mlp / "main.py", mlp / "ops.py", mlp / "report_loss.py") == 1
    assert "tf.compat.v1.get_variable(" in (mlp / "ops.py").read_text()
    assert "disable_eager_execution" in (mlp / "main.py").read_text()
    assert "TFM301" in capsys.readouterr().err


def test_rewrite_out_dir_writes_the_unit(mlp, tmp_path):
    assert tfm("rewrite", "-q", "--out-dir", tmp_path / "out", mlp) == 1
    assert "disable_eager_execution" in (tmp_path / "out" / "mlp" / "main.py").read_text()
    assert "tf.compat.v1.variable_scope(" in (tmp_path / "out" / "mlp" / "ops.py").read_text()
    assert (mlp / "ops.py").read_text() == MLP.joinpath("ops.py").read_text()


def run(python, args, cwd: Path) -> str:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(REPO))
    proc = subprocess.run([str(python), *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


@pytest.mark.slow  # starts TensorFlow twice
def test_the_migrated_program_runs_on_tf2_and_prints_the_original_numbers(mlp, tmp_path):
    expected = run(sys.executable, ["-m", "migrate", "run", "main.py"], MLP)
    assert tfm("rewrite", "-q", "--out-dir", tmp_path / "out", mlp) == 1
    env_free = tmp_path / "out" / "mlp"
    proc = subprocess.run([sys.executable, "main.py"], capture_output=True, text=True, cwd=env_free, timeout=300,
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=""))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout == expected and "accuracy" in expected


# -- a model class in one file, run from another ----------------------------------------

CLASSES = HERE / "fixtures_project" / "classes"


@pytest.fixture
def classes(tmp_path):
    return copied(CLASSES, tmp_path)


def test_a_model_class_run_from_another_file_is_converted_with_its_run_sites(classes):
    out = migrate_tree(classes)
    model, model_findings = out["model.py"]
    train, train_findings = out["train.py"]
    assert "class Classifier(tf.Module):" in model and "placeholder" not in model
    assert "def train_op(self, inputs, labels):" in model and "def compute_accuracy(self, inputs, labels):" in model
    assert "from model import Classifier" in train and "Session" not in train
    assert "loss = model.train_op(x_train, y_train).numpy()" in train
    assert "class " not in train
    assert "TFM301" not in codes(model_findings) + codes(train_findings)
    # a second run changes nothing
    for name, (text, _) in out.items():
        (classes / name).write_text(text)
    assert {name: text for name, (text, _) in migrate_tree(classes).items()} == {n: t for n, (t, _) in out.items()}


def test_a_model_class_used_by_two_files_keeps_the_unit_in_graph_mode(classes):
    (classes / "evaluate.py").write_text(
        "import tensorflow as tf\n"
        "from model import Classifier\n"
        "model = Classifier(5, 2)\n"
        "with tf.Session() as sess:\n"
        "    sess.run(tf.global_variables_initializer())\n"
        "    print(sess.run(model.logits, feed_dict={model.inputs: [[0.0] * 5]}))\n")
    out = migrate_tree(classes)
    assert "tf.compat.v1.placeholder(" in out["model.py"][0]
    assert all("disable_eager_execution" in out[name][0] for name in ("train.py", "evaluate.py"))
    assert all("TFM301" in codes(out[name][1]) for name in ("model.py", "train.py", "evaluate.py"))


def test_a_class_reading_a_module_name_the_user_file_lacks_is_not_moved(classes):
    source = (classes / "model.py").read_text()
    (classes / "model.py").write_text(source.replace("import tensorflow as tf\n", "import tensorflow as tf\n\nHIDDEN = 8\n")
                                      .replace("hidden=8", "hidden=HIDDEN"))
    out = migrate_tree(classes)
    assert "class Classifier(tf.Module)" not in out["model.py"][0]
    assert "disable_eager_execution" in out["train.py"][0]


@pytest.mark.slow  # starts TensorFlow twice
def test_the_migrated_class_program_runs_on_tf2_and_prints_the_original_numbers(classes, tmp_path):
    expected = run(sys.executable, ["-m", "migrate", "run", "train.py"], CLASSES)
    assert tfm("rewrite", "-q", "--out-dir", tmp_path / "out", classes) == 1
    proc = subprocess.run([sys.executable, "train.py"], capture_output=True, text=True, cwd=tmp_path / "out" / "classes",
                          timeout=300, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=""))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout == expected and "accuracy" in expected


def test_files_without_sessions_are_not_forced_by_a_library_they_share(tmp_path):
    """An estimator's model_fn file and its input helpers keep their graph code; nothing runs a session."""
    write(tmp_path, {
        "model_fn.py": "import tensorflow as tf\nimport inputs\n\n\ndef model_fn(features):\n"
                       "    return tf.layers.dense(inputs.columns(features), 1)\n",
        "inputs.py": "import tensorflow as tf\n\n\ndef columns(features):\n    return tf.string_split(features)\n",
    })
    out = migrate_tree(tmp_path)
    for name, (text, findings) in out.items():  # not forced by the unit: each is a library of its own
        assert not [f for f in findings if "kept in graph mode with" in f.message], name
        # but TF1-only names go through tf.compat.v1, which runs where tf.estimator calls model_fn (graph mode)
        assert "tf.compat.v1." in text and [f for f in findings if f.code == "TFM301"
                                            and "runs no session of its own" in f.message], (name, text)


LONE_LIBRARY = ("import tensorflow as tf\n\n\ndef dense(x, n):\n    with tf.variable_scope('dense'):\n"
                "        w = tf.get_variable('w', [x.shape[-1], n])\n    return tf.matmul(x, w)\n")


def test_a_lone_graph_library_runs_through_compat_v1(tmp_path):
    """tensorflow_examples/mnist/mnist.py migrated on its own kept tf.train.GradientDescentOptimizer: fails on TF2."""
    write(tmp_path, {"layers_lib.py": LONE_LIBRARY})
    text, findings = migrate_tree(tmp_path)["layers_lib.py"]
    assert "tf.compat.v1.variable_scope('dense')" in text and "tf.compat.v1.get_variable(" in text
    (why,) = [f.message for f in findings if f.code == "TFM301"]
    assert "(tf.get_variable, tf.variable_scope) and runs no session of its own" in why, why
    assert "disable_eager_execution" not in text  # the caller decides the mode
    (tmp_path / "layers_lib.py").write_text(text)
    assert migrate_tree(tmp_path)["layers_lib.py"][0] == text  # a second run changes nothing
    done = subprocess.run([sys.executable, "-c", "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                           "import layers_lib\nprint(layers_lib.dense(tf.zeros([2, 3]), 4).shape)\n"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "(2, 4)", done.stderr[-2000:]


@pytest.mark.parametrize("source", [
    "import tensorflow as tf\n\n\ndef make():\n    return tf.Variable(tf.zeros([2]))\n",  # TF2 code
    "import tensorflow as tf\n\n\ndef f(x):\n    return tf.contrib.framework.nest.flatten(x)\n",  # compat.v1 can't help
], ids=["tf2 variables", "only contrib"])
def test_a_library_compat_v1_would_not_help_is_left_to_its_findings(tmp_path, source):
    write(tmp_path, {"lib.py": source})
    _, findings = migrate_tree(tmp_path)["lib.py"]
    assert "TFM301" not in codes(findings)


def test_a_unit_reads_each_file_once_however_many_passes_it_makes(mlp, monkeypatch):
    read = []
    real = files._read
    monkeypatch.setattr(files, "_read", lambda path: read.append(path) or real(path))
    paths = sorted(mlp.rglob("*.py"))
    results = project.process_unit(paths, CODES, Options())
    assert "TFM302" in codes(results[paths.index(mlp / "main.py")].findings)  # kept in graph mode: a second pass
    assert sorted(read) == paths
    assert files.read_source(paths[0]) == paths[0].read_bytes() and len(read) == len(paths) + 1  # outside: read again
