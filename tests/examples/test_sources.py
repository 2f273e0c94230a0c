"""What the example files are allowed to be: TF1 code on one side, idiomatic TF2 on the other."""

import ast

import pytest

from migrate.verify import PAIRS

LEGACY = [p.legacy for p in PAIRS.values()]
MODERN = [p.modern for p in PAIRS.values()]
TF1_ONLY = ("tf.placeholder", "tf.Session", "tf.compat", "tf.contrib", "tf.get_variable", "tf.variable_scope",
            "tf.estimator", "tf.train.Saver", "tf.global_variables_initializer", "tf.layers")


def _code(path):
    """Dotted names used in code (docstrings and comments don't count), imports and keyword names."""
    tree = ast.parse(path.read_text())
    dotted, imports, keywords = set(), set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            parts = [node.attr]
            while isinstance(node.value, ast.Attribute):
                node = node.value
                parts.append(node.attr)
            if isinstance(node.value, ast.Name):
                dotted.add(".".join([node.value.id, *reversed(parts)]))
        elif isinstance(node, ast.Import):
            imports |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imports.add(node.module or "")
        elif isinstance(node, ast.keyword):
            keywords.add(node.arg)
    return dotted, imports, keywords


@pytest.mark.parametrize("path", LEGACY, ids=lambda p: p.stem)
def test_legacy_is_plain_tf1_code(path):
    dotted, imports, _ = _code(path)
    assert "tensorflow" in imports  # `import tensorflow as tf`, given the v1 API by the runtime
    assert not any(i.startswith(("tensorflow.compat", "migrate.runtime")) for i in imports)
    assert not any(d.startswith("tf.compat") for d in dotted)
    assert dotted & {"tf.Session", "tf.estimator.DNNClassifier"}


@pytest.mark.parametrize("path", MODERN, ids=lambda p: p.stem)
def test_modern_has_no_tf1_api(path):
    dotted, imports, keywords = _code(path)
    assert [d for d in dotted if d.startswith(TF1_ONLY)] == []
    assert "feed_dict" not in keywords and not any("compat" in i for i in imports)


@pytest.mark.parametrize("path", LEGACY + MODERN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_examples_are_short_tutobooks_with_a_run_seam(path):
    source = path.read_text()
    tree = ast.parse(source)
    assert len(source.splitlines()) <= 150
    assert ast.get_docstring(tree).startswith("Title:") and "Expected result:" in source
    assert any(isinstance(n, ast.FunctionDef) and n.name == "run" for n in tree.body)
    assert 'if __name__ == "__main__":' in source
