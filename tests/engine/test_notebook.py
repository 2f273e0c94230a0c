"""Notebooks: code cells migrate as one module; magics, markdown, outputs and metadata stay as they are."""

from __future__ import annotations

import json

import pytest

from migrate.engine.notebook import migrate_notebook
from migrate.engine.source import SourceError


def code(source, outputs=None, count=1):
    return {
        "cell_type": "code",
        "execution_count": count,
        "metadata": {"tags": ["keep"]},
        "outputs": outputs if outputs is not None else [{"name": "stdout", "output_type": "stream", "text": ["tf.log\n"]}],
        "source": source,
    }


def markdown(source):
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def notebook(*cells, indent=1):
    nb = {"cells": list(cells), "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    return (json.dumps(nb, indent=indent) + "\n").encode()


def migrate(data):
    out, findings = migrate_notebook(data, "nb.ipynb")
    return json.loads(out), out, findings


def sources(nb):
    return ["".join(c["source"]) for c in nb["cells"]]


def test_an_import_in_cell_1_resolves_names_in_cell_3():
    data = notebook(code(["import tensorflow as tf\n"]), markdown(["text"]), code(["y = tf.log(2.0)"]))
    nb, _, _ = migrate(data)
    assert sources(nb) == ["import tensorflow as tf\n", "text", "y = tf.math.log(2.0)"]


def test_markdown_outputs_and_metadata_are_kept():
    cells = [markdown(["# Use `tf.log(x)`\n", "tf.placeholder"]), code(["import tensorflow as tf\n", "tf.log(1.0)"])]
    data = notebook(*cells)
    nb, _, _ = migrate(data)
    original = json.loads(data)
    assert nb["cells"][0] == original["cells"][0]
    assert nb["cells"][1]["outputs"] == original["cells"][1]["outputs"]
    assert nb["cells"][1]["metadata"] == original["cells"][1]["metadata"]
    assert nb["cells"][1]["execution_count"] == 1
    assert nb["metadata"] == original["metadata"] and nb["nbformat"] == 4
    assert list(nb["cells"][1]) == list(original["cells"][1])  # key order too: a minimal diff


@pytest.mark.parametrize(
    "magic",
    [
        pytest.param("%matplotlib inline", id="line magic"),
        pytest.param("!pip install tensorflow==1.15", id="shell escape"),
        pytest.param("%time y = tf.log(1.0)", id="line magic with code stays as written"),
        pytest.param("tf.log?", id="help"),
        pytest.param("tf.log??", id="double help"),
        pytest.param("files = !ls", id="shell assignment"),
        pytest.param("timing = %timeit -o tf.log(1.0)", id="magic assignment"),
        pytest.param("?tf.log", id="prefix help"),
    ],
)
def test_magics_are_untouched(magic):
    data = notebook(code(["import tensorflow as tf\n", f"{magic}\n", "z = tf.log(3.0)"]))
    nb, _, _ = migrate(data)
    assert sources(nb) == [f"import tensorflow as tf\n{magic}\nz = tf.math.log(3.0)"]


def test_an_indented_magic_inside_a_block():
    data = notebook(code(["import tensorflow as tf\n", "if True:\n", "    !nvidia-smi\n", "    y = tf.log(1.0)\n"]))
    nb, _, _ = migrate(data)
    assert sources(nb) == ["import tensorflow as tf\nif True:\n    !nvidia-smi\n    y = tf.math.log(1.0)\n"]


def test_a_cell_magic_leaves_the_whole_cell_alone():
    data = notebook(code(["import tensorflow as tf"]), code(["%%time\n", "y = tf.log(2.0)\n"]), code(["tf.log(1.0)"]))
    nb, _, _ = migrate(data)
    assert sources(nb) == ["import tensorflow as tf", "%%time\ny = tf.log(2.0)\n", "tf.math.log(1.0)"]


@pytest.mark.parametrize(
    "line, migrated",
    [
        pytest.param("y = tf.log(1.0)  # right?", "y = tf.math.log(1.0)  # right?", id="comment ending in a question mark"),
        pytest.param("q = '''Ready?\n'''", "q = '''Ready?\n'''", id="multi-line string line ending in a question mark"),
        pytest.param("x = (1\n     % 2)", "x = (1\n     % 2)", id="continuation line starting with a modulo"),
        pytest.param("x = [1,\n  !True]".replace("!True", "-1"), "x = [1,\n  -1]", id="plain continuation"),
        pytest.param("s = '''\n%not a magic\n!nor this\n'''", "s = '''\n%not a magic\n!nor this\n'''",
                     id="magic-looking lines inside a string"),
    ],
)
def test_python_that_only_looks_like_a_magic_is_migrated(line, migrated):
    data = notebook(code(["import tensorflow as tf\n", line + "\n", "z = tf.log(3.0)"]))
    nb, _, _ = migrate(data)
    assert sources(nb) == [f"import tensorflow as tf\n{migrated}\nz = tf.math.log(3.0)"]


def test_finding_locations_name_the_cell_and_the_line_in_it():
    data = notebook(
        markdown(["intro"]),
        code(["import tensorflow as tf\n", "%matplotlib inline"]),
        code(["%%bash\n", "echo hi"]),
        code(["\n", "x = tf.placeholder(tf.float32)\n"]),
    )
    _, _, findings = migrate(data)
    (warning,) = [f for f in findings if f.code == "TFM900"]
    assert (warning.cell, warning.line, warning.col) == (3, 2, 5)
    assert warning.location == "nb.ipynb[cell 4]:2:5"  # shown 1-based, like a notebook UI counts


def test_source_as_a_single_string_stays_a_string():
    data = notebook(code("import tensorflow as tf\ny = tf.log(1.0)\n"))
    nb, _, _ = migrate(data)
    assert nb["cells"][0]["source"] == "import tensorflow as tf\ny = tf.math.log(1.0)\n"


def test_an_added_import_goes_into_the_first_code_cell():
    data = notebook(markdown(["x"]), code(["import tensorflow as tf"]), code(["tf.logging.info('hi')"]))
    nb, _, _ = migrate(data)
    first, second = sources(nb)[1:]
    assert "absl" in first and "import tensorflow as tf" in first
    assert second == "logging.info('hi')"
    compile("\n".join(sources(nb)[1:]), "nb", "exec")


def test_unchanged_notebook_comes_back_byte_for_byte():
    data = notebook(code(["import tensorflow as tf\n", "%matplotlib inline\n", "y = tf.math.log(1.0)"]), indent=2)
    out, findings = migrate_notebook(data, "nb.ipynb")
    assert out == data and findings == []


def test_no_code_cells():
    data = notebook(markdown(["only text"]))
    assert migrate_notebook(data, "nb.ipynb") == (data, [])


@pytest.mark.parametrize("ascii_only", [True, False])
@pytest.mark.parametrize("indent", [1, 2, 4, "\t", None])
def test_json_layout_is_kept_so_the_diff_stays_small(indent, ascii_only):
    nb = {"cells": [code(["import tensorflow as tf\n", "y = tf.log(1.0)\n"]), markdown(["é ünïcode"])], "metadata": {}}
    data = (json.dumps(nb, indent=indent, ensure_ascii=ascii_only) + "\n").encode()
    out, _ = migrate_notebook(data, "nb.ipynb")
    nb["cells"][0]["source"][1] = "y = tf.math.log(1.0)\n"
    assert out == (json.dumps(nb, indent=indent, ensure_ascii=ascii_only) + "\n").encode()


def test_a_syntax_error_in_one_cell_is_a_source_error():
    data = notebook(code(["import tensorflow as tf\n"]), code(["def f(:\n"]))
    with pytest.raises(SourceError):
        migrate_notebook(data, "nb.ipynb")


def test_a_cell_without_trailing_newline_followed_by_another_cell():
    data = notebook(code(["import tensorflow as tf"]), code(["a = tf.log(1.0)"]), code([]), code(["b = tf.log(2.0)\n", "\n"]))
    nb, _, _ = migrate(data)
    assert sources(nb) == ["import tensorflow as tf", "a = tf.math.log(1.0)", "", "b = tf.math.log(2.0)\n\n"]


# --- issue 12: every statement back into its own cell, no in-band markers --------------------

GRAPH_CELL = ["import tensorflow as tf\n", "import numpy as np\n", "x = tf.placeholder(tf.float32, [None, 2])\n",
              "w = tf.Variable(tf.ones([2, 1]))\n", "y = tf.matmul(x, w)\n", "init = tf.global_variables_initializer()\n"]
SESSION_CELL = ["with tf.Session() as sess:\n", "    sess.run(init)\n",
                "    print(sess.run(y, feed_dict={x: np.ones([3, 2])}))\n"]


def test_graph_in_one_cell_and_session_in_another_each_keep_their_code():
    data = notebook(code(GRAPH_CELL), markdown(["text"]), code(["# only a comment\n"]), code(SESSION_CELL))
    out, _ = migrate_notebook(data, "nb.ipynb")
    graph, text, comment, session = sources(json.loads(out))
    assert "Session" not in graph and "placeholder" not in graph and graph.startswith("import tensorflow as tf\n")
    assert "w = tf.Variable" in graph  # created once, where it was
    assert session.startswith("@tf.function") and "def compute_y(x)" in session  # into the first cell using it
    assert session.rstrip().endswith("print(compute_y(np.ones([3, 2])).numpy())")
    assert (text, comment) == ("text", "# only a comment\n")
    compile(graph + session, "nb", "exec")
    assert migrate_notebook(out, "nb.ipynb")[0] == out  # a second run changes nothing


def test_a_cell_whose_first_line_is_a_removed_import_keeps_its_code():
    second = ["from tensorflow.contrib.layers import xavier_initializer\n", "init = xavier_initializer()\n"]
    data = notebook(code(["import tensorflow as tf\n", "a = tf.log(1.0)\n"]), code(second), code(["b = 2\n"]))
    out, _ = migrate_notebook(data, "nb.ipynb")
    assert sources(json.loads(out)) == ["import tensorflow as tf\na = tf.math.log(1.0)\n",
                                        "init = tf.compat.v1.glorot_uniform_initializer()\n", "b = 2\n"]
    assert migrate_notebook(out, "nb.ipynb")[0] == out


@pytest.mark.parametrize("text", ["# __tf_migrate_cell_0__\n", "pass  # __tf_migrate_magic_0__\n",
                                  "x = 1  # tfm_\n"])
def test_a_cell_containing_what_looks_like_a_marker_changes_nothing_else(text):
    data = notebook(code(["import tensorflow as tf\n", "!rm -rf /tmp/nothing\n"]), code([text, "y = tf.log(1.0)\n"]),
                    code(["%ls\n", "z = 1\n"]))
    nb, _, _ = migrate(data)
    assert sources(nb) == ["import tensorflow as tf\n!rm -rf /tmp/nothing\n", f"{text}y = tf.math.log(1.0)\n",
                           "%ls\nz = 1\n"]


def test_a_shell_escape_continued_by_a_backslash_is_one_ipython_line():
    lines = ["import tensorflow as tf\n", "!python -m pkg.mod \\\n", "    --flag=1\n", "y = tf.log(1.0)\n"]
    nb, _, _ = migrate(notebook(code(lines)))
    assert sources(nb) == ["import tensorflow as tf\n!python -m pkg.mod \\\n    --flag=1\ny = tf.math.log(1.0)\n"]


def test_a_syntax_error_names_the_cell_and_the_line_in_it():
    data = notebook(code(["import tensorflow as tf\n", "a = 1\n"]), markdown(["m"]), code(["b = 2\n", "def f(:\n"]))
    with pytest.raises(SourceError, match=r"cell 3, line 2"):
        migrate_notebook(data, "nb.ipynb")


def test_findings_point_at_the_right_cell_of_three():
    data = notebook(code(["import tensorflow as tf\n"]), code(["a = 1\n", "x = tf.placeholder(tf.float32)\n"]),
                    code(["b = 2\n"]))
    _, findings = migrate_notebook(data, "nb.ipynb")
    (warning,) = [f for f in findings if f.code == "TFM900"]
    assert (warning.cell, warning.line) == (1, 2) and warning.location.startswith("nb.ipynb[cell 2]:2:")


def test_crlf_and_bom_are_kept():
    data = b"\xef\xbb\xbf" + notebook(code(["import tensorflow as tf\n", "y = tf.log(1.0)\n"])).replace(b"\n", b"\r\n")
    out, _ = migrate_notebook(data, "nb.ipynb")
    assert out.startswith(b"\xef\xbb\xbf{\r\n") and b"\n" not in out.replace(b"\r\n", b"")
    assert b"tf.math.log" in out


def test_a_migration_that_would_drop_a_magic_leaves_the_notebook_alone():
    cells = [code(GRAPH_CELL), code(["with tf.Session() as sess:\n", "    !nvidia-smi\n", "    sess.run(init)\n",
                                     "    print(sess.run(y, feed_dict={x: np.ones([3, 2])}))\n"])]
    try:
        out, _ = migrate_notebook(notebook(*cells), "nb.ipynb")
    except SourceError as exc:
        assert "nvidia-smi" in str(exc)
    else:
        assert b"!nvidia-smi" in out


def test_findings_after_a_whole_program_rewrite_point_at_their_cell():
    data = notebook(code(GRAPH_CELL), markdown(["text"]), code(["z = tf.log(1.0)\n"]), code(SESSION_CELL),
                    code(["q = 1\n", "r = tf.log(2.0)\n"]))
    _, findings = migrate_notebook(data, "nb.ipynb")
    assert {(f.cell, f.line) for f in findings if f.code == "TFM100"} == {(2, 1), (4, 2)}
