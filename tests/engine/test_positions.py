"""Finding positions from Python's ast agree with libcst's own position pass."""

import random

import pytest

from migrate.engine import context
from migrate.engine.source import default_rules, migrate_python
from test_names import corpus

RULES = default_rules()
UNICODE = "import tensorflow as tf\ns = 'é' ; x = tf.placeholder(tf.float32) ; y = tf.log(x)  # ünïcode\n"


def sources():
    rng = random.Random(11)
    return [("unicode", UNICODE)] + [(f"generated {i}", corpus.generate_file(rng, i)) for i in range(25)]


@pytest.mark.parametrize(("name", "source"), sources(), ids=[n for n, _ in sources()])
def test_same_positions_as_libcst(name, source, monkeypatch):
    _, fast = migrate_python(source.encode(), "f.py", RULES)
    monkeypatch.setattr(context.RuleContext, "_reference_starts", lambda self: {})
    _, slow = migrate_python(source.encode(), "f.py", RULES)
    assert fast and [(f.code, f.line, f.col) for f in fast] == [(f.code, f.line, f.col) for f in slow]
