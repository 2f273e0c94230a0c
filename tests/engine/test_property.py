"""Property tests on generated Python: the codemod never produces code that doesn't parse,
never touches code without TensorFlow, and reaches a fixpoint in one run."""

from __future__ import annotations

import ast
import warnings

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from migrate.engine.source import SourceError, default_rules, migrate_python

RULES = default_rules()
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles odd programs
SETTINGS = settings(
    max_examples=40,  # ~15 s together on two shared cores
    deadline=None,
    database=None,  # no .hypothesis/ directory in the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
PROGRAMS = hypothesmith.from_grammar() | hypothesmith.from_node()
TF1_TAIL = (
    "x = tf.placeholder(tf.float32, [None, 4])\n"
    "y = tf.log(tf.reduce_sum(x, reduction_indices=1, keep_dims=True))\n"
    "tf.logging.info('%s', tf.to_float(y))\n"
)


def migrate(code: str) -> bytes:
    return migrate_python(code.encode("utf-8"), "generated.py", RULES)[0]


def parseable(code: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # generated code calls ints and the like
            ast.parse(code)
        # libcst does not round-trip a whitespace-only last line without a newline (see
        # test_trailing_whitespace_line_is_kept); keep that known bug out of the random search.
        return cst.parse_module(code).code == code
    except (SyntaxError, ValueError, cst.ParserSyntaxError, RecursionError, MemoryError):
        return False


@SETTINGS
@given(PROGRAMS)
def test_code_without_tensorflow_comes_back_unchanged(program):
    # the comment defeats the "no 'tensorflow' in the bytes" shortcut, so the whole engine runs
    code = "import numpy as np  # not tensorflow\n" + program
    assume(parseable(code))
    assert migrate(code) == code.encode("utf-8")


@SETTINGS
@given(PROGRAMS, st.booleans())
def test_with_tensorflow_imported_the_output_parses_and_is_a_fixpoint(program, tail):
    code = "import tensorflow as tf\n" + program
    if tail:
        code += ("" if code.endswith("\n") else "\n") + TF1_TAIL
    assume(parseable(code))
    try:
        once = migrate(code)
    except SourceError:  # only a parse failure may raise, and parseable() ruled that out
        pytest.fail("a program that parses was refused")
    ast.parse(once.decode("utf-8"))
    assert migrate(once.decode("utf-8")) == once


@pytest.mark.parametrize(
    "program",
    [
        pytest.param("tf = 1\nprint(tf.log)\n", id="tf rebound after the import"),
        pytest.param("def f(tf):\n    return tf.log(1)\n", id="tf as a parameter"),
        pytest.param("class A:\n    tf = None\n    y = tf.log\n", id="tf as a class attribute"),
        pytest.param("y = [tf.log(v) for tf in range(3)]\n", id="tf as a comprehension variable"),
        pytest.param("with open('f') as tf:\n    tf.log(1)\n", id="tf bound by with"),
        pytest.param("try:\n    pass\nexcept Exception as tf:\n    tf.log(1)\n", id="tf bound by except"),
        pytest.param("import tensorflow as tf\nlambda tf: tf.log(1)\n", id="tf as a lambda parameter"),
    ],
)
def test_shadowed_tf_is_left_alone(program):
    """Hand-picked programs in the same spirit: a local `tf` is not TensorFlow."""
    code = "import tensorflow as tf\n" + program
    once = migrate(code)
    ast.parse(once.decode())
    assert b"tf.math.log" not in once, once.decode()


@pytest.mark.parametrize("code", [b"import numpy as np  # tensorflow\n\n ", b"import tensorflow as tf\n\n "])
def test_trailing_whitespace_line_is_kept(code):
    assert migrate_python(code, "f.py", RULES)[0] == code
