"""Every output is compiled before it is returned (issue 11): a rewrite that does not compile, here or
for the oldest supported Python, is refused with TFM005 and the file falls back; never written broken.

The rules below are test-only and deliberately broken; they are not registered (``code`` is set after
the class is made, so ``Rule.__init_subclass__`` does not add them to the registry)."""

from __future__ import annotations

import ast

import libcst as cst

from migrate.engine.context import Options
from migrate.engine.rule import Rule
from migrate.engine.source import default_rules, migrate_python, output_problem

TF1 = b"import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 3])\ny = tf.log(x)\n"


class _BrokenProgram(Rule):
    """Rewrites the whole module into code with a duplicate parameter (parses, does not compile)."""

    family = "test"
    description = "test-only: emits invalid code"
    program = True
    emit = "import tensorflow as tf\ndef f(x, x):\n    return tf.math.log(x)\n"

    def on_module(self, module, ctx):
        return cst.parse_module(self.emit)


_BrokenProgram.code = "TEST901"


class _MatchProgram(_BrokenProgram):
    """Emits a ``match`` statement: valid on this Python (3.11), not on 3.9."""

    emit = "import tensorflow as tf\nmatch 1:\n    case 1:\n        y = tf.math.log(2.0)\n"


_MatchProgram.code = "TEST902"


class _BrokenCall(Rule):
    """A per-name rule replacing ``tf.log(x)`` by a lambda with a duplicate parameter."""

    family = "test"
    description = "test-only: emits invalid code"
    symbols = frozenset({"log"})

    def on_call(self, original, updated, symbol, ctx):
        return cst.parse_expression("(lambda a, a: 0)(1, 2)")


_BrokenCall.code = "TEST903"


def _compiles(code: bytes) -> bool:
    try:
        compile(code, "-", "exec", dont_inherit=True)
        ast.parse(code, feature_version=(3, 9))
    except SyntaxError:
        return False
    return True


def test_broken_program_rule_falls_back_to_the_other_rules():
    rules = default_rules()
    expected, _ = migrate_python(TF1, "prog.py", [r for r in rules if not r.program])
    out, findings = migrate_python(TF1, "prog.py", [_BrokenProgram(), *rules])
    assert _compiles(out)
    assert b"def f(x, x)" not in out
    assert out == expected  # the per-name rewrites (graph-mode names through tf.compat.v1)
    refused = [f for f in findings if f.code == "TFM005"]
    assert len(refused) == 1 and refused[0].severity.value == "warning"
    assert "duplicate argument" in refused[0].message


def test_file_left_untouched_when_no_fallback_compiles():
    out, findings = migrate_python(TF1, "prog.py", [_BrokenProgram(), _BrokenCall()])
    assert out == TF1
    assert [(f.code, f.severity.value) for f in findings] == [("TFM005", "error")]


def test_output_must_parse_on_the_oldest_supported_python():
    out, findings = migrate_python(TF1, "prog.py", [_MatchProgram()])
    assert b"match" not in out
    assert any(f.code == "TFM005" and "3.9" in f.message for f in findings)


def test_input_needing_a_newer_python_is_not_held_to_3_9():
    source = TF1 + b"match 1:\n    case 1:\n        pass\n"
    assert output_problem(source, source.replace(b"tf.log", b"tf.math.log")) is None
    assert output_problem(TF1, source) is not None  # the rewrite added the match: refused


def test_a_good_rewrite_is_kept_with_no_refusal():
    out, findings = migrate_python(TF1, "prog.py")
    assert out != TF1 and _compiles(out)
    assert not [f for f in findings if f.code == "TFM005"]


def test_graph_mode_retry_keeps_options():
    # the first fallback runs every rule with the file kept in graph mode; the options' target survives
    out, findings = migrate_python(TF1, "prog.py", [_BrokenProgram(), *default_rules()], Options(target="latest"))
    assert _compiles(out) and any(f.code == "TFM005" for f in findings)


def test_a_call_giving_a_parameter_twice_is_left_to_python():
    # tf.count_nonzero(t, input_tensor=t) is a TypeError in TF1 too; binding it crashed the argument rule
    from migrate.rules import _calls

    call = cst.parse_expression("tf.count_nonzero(t, input_tensor=t)")
    assert _calls.bind(call, ("input_tensor", "axis")) is None
    out, findings = migrate_python(b"import tensorflow as tf\ny = tf.count_nonzero(t, input_tensor=t)\n", "x.py")
    assert out == b"import tensorflow as tf\ny = tf.math.count_nonzero(t, input_tensor=t)\n"
