"""``# tf-migrate: ignore`` comments, honoured by the engine for every rule (issue 13)."""

from __future__ import annotations

import json

import pytest

from migrate.engine.source import migrate_python
from migrate.engine.suppress import ALL, parse

PROGRAM = (
    "import numpy as np\n"
    "import tensorflow as tf\n"
    "\n"
    "x = tf.placeholder(tf.float32, [None, 3])\n"
    "w = tf.Variable(tf.ones([3, 1]))\n"
    "y = tf.reduce_sum(tf.matmul(x, w), reduction_indices=1)\n"
    "with tf.Session() as sess:{comment}\n"
    "    sess.run(tf.global_variables_initializer())\n"
    "    print(sess.run(y, feed_dict={{x: np.ones((2, 3))}}))\n"
)


def _migrate(source: str):
    out, findings = migrate_python(source.encode(), "m.py")
    return out.decode(), findings


@pytest.mark.parametrize("text, lines", [
    pytest.param("a = tf.log(x)  # tf-migrate: ignore\n", {1: ALL}, id="a bare ignore covers every rule"),
    pytest.param("a = tf.log(x)  # tf-migrate: ignore[TFM100, TFM9]\n", {1: frozenset({"TFM100", "TFM9"})},
                 id="a code list covers those codes"),
    pytest.param("a = f(\n    1,\n)  # tf-migrate: ignore\nb = 2\n", {1: ALL, 2: ALL, 3: ALL},
                 id="a statement over several lines is covered whole"),
    pytest.param("s = '# tf-migrate: ignore'\n", {}, id="text in a string is not a comment"),
    pytest.param("# tf-migrate: ignore\nb = tf.log(x)\n", {}, id="a comment on a line of its own covers nothing"),
    pytest.param("a = 1  # tf-migrate ignore\n", {}, id="the colon is part of the mark"),
])
def test_parse(text, lines):
    assert parse(text).lines == lines


def test_ignore_file_is_read_anywhere():
    found = parse("import os\n# tf-migrate: ignore-file\n")
    assert found.whole_file == ALL and found.file_line == 2 and found.skips_file()


def test_a_bare_ignore_keeps_the_line_and_only_that_line():
    out, findings = _migrate("import tensorflow as tf\na = tf.log(1.0)  # tf-migrate: ignore\nb = tf.log(2.0)\n")
    assert out == "import tensorflow as tf\na = tf.log(1.0)  # tf-migrate: ignore\nb = tf.math.log(2.0)\n"
    (note,) = [f for f in findings if f.suppressed]
    assert (note.code, note.line, note.col) == ("TFM006", 2, 5) and "TFM100" in note.message


def test_a_code_list_lets_the_other_rules_fire_on_the_line():
    out, _ = _migrate("import tensorflow as tf\n"
                      "b = tf.log(tf.reduce_sum(x, reduction_indices=1))  # tf-migrate: ignore[TFM100]\n")
    assert "b = tf.log(tf.reduce_sum(x, axis=1))  # tf-migrate: ignore[TFM100]" in out


def test_a_finding_only_rule_is_suppressed_too():
    _, findings = _migrate("import tensorflow as tf\nx = tf.placeholder(tf.float32)  # tf-migrate: ignore[TFM900]\n")
    assert not [f for f in findings if f.code == "TFM900"]
    assert [f for f in findings if f.suppressed and "TFM900" in f.message]


def test_ignore_file_leaves_the_file_alone():
    source = "# tf-migrate: ignore-file\nimport tensorflow as tf\na = tf.log(1.0)\n"
    out, findings = _migrate(source)
    assert out == source
    assert [(f.code, f.line, f.suppressed) for f in findings] == [("TFM006", 1, True)]


def test_ignore_file_with_codes_drops_those_rules_for_the_file():
    out, _ = _migrate("# tf-migrate: ignore-file[TFM100]\nimport tensorflow as tf\n"
                      "a = tf.log(tf.reduce_sum(x, reduction_indices=1))\n")
    assert "a = tf.log(tf.reduce_sum(x, axis=1))" in out


def test_a_whole_program_rewrite_that_would_change_an_ignored_line_is_not_applied():
    out, findings = _migrate(PROGRAM.format(comment="  # tf-migrate: ignore[TFM300]"))
    assert "with tf.Session() as sess:  # tf-migrate: ignore[TFM300]" in out
    assert "reduction_indices" not in out  # the per-name rules still run
    (note,) = [f for f in findings if f.suppressed]
    assert note.line == 7 and "TFM300" in note.message
    assert not [f for f in findings if f.code == "TFM300"]  # no 'converted' finding for a rewrite not done


def test_without_the_comment_the_program_is_converted():
    out, _ = _migrate(PROGRAM.format(comment=""))
    assert "tf.Session" not in out and "tf.function" in out


def test_an_ignored_line_elsewhere_does_not_stop_the_program_rewrite():
    source = PROGRAM.format(comment="").replace("import numpy as np\n", "import numpy as np  # tf-migrate: ignore\n")
    out, _ = _migrate(source)
    assert "tf.Session" not in out and "import numpy as np  # tf-migrate: ignore" in out


def test_second_run_is_a_no_op():
    out, _ = _migrate("import tensorflow as tf\na = tf.log(1.0)  # tf-migrate: ignore\nb = tf.log(2.0)\n")
    again, _ = _migrate(out)
    assert again == out


def test_reports_list_suppressed_findings_apart(tfm, tmp_path):
    path = tmp_path / "m.py"
    path.write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)  # tf-migrate: ignore\n")
    md, js = tmp_path / "r.md", tmp_path / "r.json"
    tfm("rewrite", "--check", "--report", md, path)
    tfm("rewrite", "--check", "--report", js, path)
    text = md.read_text()
    assert "## Suppressed" in text and f"`{path}:2:5`" in text.split("## Suppressed")[1]
    assert "0 findings need attention" in text
    data = json.loads(js.read_text())
    assert data["summary"]["suppressed"] == 1
    assert [f["suppressed"] for f in data["files"][0]["findings"]] == [True]
