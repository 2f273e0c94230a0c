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
