"""TensorFlow reached through ``from utils import *`` of a file of the run (``migrate/engine/star_imports.py``).

Written the way taki0112's ResNet (``../shared/tf1_programs/resnet_tensorflow_taki0112``) is: ``main.py``
has no ``import tensorflow`` and gets ``tf`` from ``from utils import *``. Before, such a file looked like no
TensorFlow at all and was left TF1 (``tf.Session`` on TF2) while its helpers were migrated.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from migrate.engine import project, star_imports
from migrate.graph.idiom import absent_in_tf2
from tests.engine.test_project import codes, migrate_tree, write

UTILS = "import numpy as np\nimport tensorflow as tf\nimport tensorflow.contrib.slim as slim\n\n\ndef batches(n):\n    return np.arange(n)\n"
MAIN = (
    "from utils import *\n"
    "\n"
    "x = tf.placeholder(tf.float32, [None, 3])\n"
    "w = tf.Variable(tf.ones([3, 1]))\n"
    "y = tf.reduce_sum(tf.matmul(x, w), reduction_indices=1)\n"
    "with tf.Session() as sess:\n"
    "    sess.run(tf.global_variables_initializer())\n"
    "    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]]}))\n"
)


def plan(tmp_path: Path, files: dict[str, str]) -> dict[str, tuple]:
    paths = write(tmp_path, files)
    found = star_imports.plan(project.UnitFiles(paths, [p.read_bytes() for p in paths]))
    return {p.name: tuple(s.statement for s in f) for p, f in zip(paths, found)}


def test_the_star_imported_tf_is_made_explicit_and_the_file_migrated(tmp_path):
    write(tmp_path, {"main.py": MAIN, "utils.py": UTILS})
    text, findings = migrate_tree(tmp_path)["main.py"]
    assert text.startswith("from utils import *\nimport tensorflow as tf\n")
    assert "Session" not in text and "placeholder" not in text and "axis=1" in text, text  # converted to eager
    assert absent_in_tf2(text.encode()) == []
    (made,) = [f for f in findings if f.code == "TFM007"]
    assert made.fixed and made.line == 1 and "`tf` came from `from utils import *`" in made.message
    # findings of the rules point at the input's lines (the inserted import moved them down by one)
    reduction = [f for f in findings if "reduction_indices" in f.message]
    assert reduction and {f.line for f in reduction} == {5}, reduction


def test_the_migrated_program_runs_and_prints_what_tf1_printed(tmp_path):
    write(tmp_path, {"main.py": MAIN, "utils.py": UTILS.replace("import tensorflow.contrib.slim as slim\n", "")})
    out = tmp_path / "out"
    for name, (text, _) in migrate_tree(tmp_path).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text)
    done = subprocess.run([sys.executable, "main.py"], cwd=out, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[6.]"  # TF 1.15 printed [6.] for the original


def test_a_second_run_changes_nothing(tmp_path):
    write(tmp_path, {"main.py": MAIN, "utils.py": UTILS})
    for name, (text, _) in migrate_tree(tmp_path).items():
        (tmp_path / name).write_text(text)
    again = migrate_tree(tmp_path)
    assert {n: t for n, (t, _) in again.items()} == {p.name: p.read_text() for p in tmp_path.glob("*.py")}
    assert "TFM007" not in codes(again["main.py"][1])


def test_through_two_star_imports(tmp_path):
    found = plan(tmp_path, {"main.py": "from helpers import *\nprint(tf.constant(1))\n",
                            "helpers.py": "from base import *\n\ndef f():\n    return 1\n",
                            "base.py": "import tensorflow as tf\n"})
    assert found == {"main.py": ("import tensorflow as tf",), "helpers.py": (), "base.py": ()}


def test_module_aliases_of_every_import_form(tmp_path):
    found = plan(tmp_path, {"main.py": "from ops import *\ntf_contrib.layers\nslim.conv2d\nlayers.dense\n",
                            "ops.py": "import tensorflow.contrib as tf_contrib\nimport tensorflow.contrib.slim as slim\n"
                                      "from tensorflow import layers\nfrom tensorflow.keras import Model\n"})
    assert set(found["main.py"]) == {"import tensorflow.contrib as tf_contrib", "import tensorflow.contrib.slim as slim",
                                     "from tensorflow import layers"}  # a class (Model) is not a module alias


LEFT_ALONE = {
    "the file binds tf itself": {"main.py": "from utils import *\nimport tensorflow as tf\ntf.constant(1)\n",
                                 "utils.py": UTILS},
    "__all__ leaves tf out": {"main.py": "from utils import *\ntf.constant(1)\n",
                              "utils.py": "import tensorflow as tf\n__all__ = ['batches']\n"},
    "tf is not used": {"main.py": "from utils import *\nprint(batches(3))\n", "utils.py": UTILS},
    "the star module is not a file of the run": {"main.py": "from numpy import *\ntf.constant(1)\n",
                                                 "utils.py": UTILS},
    "a private alias": {"main.py": "from utils import *\n_tf.constant(1)\n", "utils.py": "import tensorflow as _tf\n"},
    "only inside a function": {"main.py": "from utils import *\ntf.constant(1)\n",
                               "utils.py": "def f():\n    import tensorflow as tf\n    return tf\n"},
}


@pytest.mark.parametrize("name", sorted(LEFT_ALONE))
def test_left_alone(tmp_path, name):
    assert plan(tmp_path, LEFT_ALONE[name])["main.py"] == ()


def test_a_file_the_rules_do_not_change_stays_byte_for_byte(tmp_path):
    original = "from utils import *\r\nprint(tf.constant(1) + batches(2))\r\n"  # TF2 already: nothing to migrate
    write(tmp_path, {"main.py": "", "utils.py": UTILS})
    (tmp_path / "main.py").write_bytes(original.encode())
    text, findings = migrate_tree(tmp_path)["main.py"]
    assert text.encode() == original.encode() and "TFM007" not in codes(findings)


def test_the_resnet_program_stays_consistent_and_reaches_no_name_tf2_lacks(tmp_path):
    root = Path(__file__).resolve().parents[3] / "shared" / "tf1_programs" / "resnet_tensorflow_taki0112"
    if not root.exists():
        pytest.skip("../shared/tf1_programs is not on this machine")
    paths = [root / n for n in ("main.py", "ResNet.py", "ops.py", "utils.py")]
    from migrate.engine import runner
    from migrate.engine.context import Options
    from tests.engine.test_project import CODES

    results = {Path(r.path).name: r for r in runner.run(paths, CODES, Options(), jobs=1)}
    for name, result in results.items():
        assert result.changed and absent_in_tf2(result.migrated) == [], name  # before: main.py, ResNet.py unchanged
    assert b"import tensorflow as tf" in results["main.py"].migrated
    assert "TFM302" in codes(results["main.py"].findings)  # its session goes to a model class: kept in graph mode
