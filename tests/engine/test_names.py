"""The engine's name resolution agrees with libcst's scope analysis (the oracle).

``migrate.engine.names`` re-implements, for whole references only, what
libcst's ScopeProvider + get_qualified_names_for answer; these tests compare
the two on every reference of a corpus of TF1 programs and on scoping corner
cases, so the fast path can't drift from the library's semantics.
"""

import ast
import random
import sys
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, ScopeProvider

from migrate.engine.names import NameResolver, bound_names, read_names
from migrate.engine.transformer import tf_symbol

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402  (the benchmark's generator of realistic TF1 files)

CORNER_CASES = '''
import tensorflow as tf
import tensorflow.compat.v1 as v1
from tensorflow import placeholder as ph
from tensorflow.contrib import rnn
import tensorflow.contrib.slim as slim
try:
    import tensorflow.compat.v1 as tfc
except ImportError:
    import tensorflow as tfc
a = tf.log(1.0)
b = ph(tf.float32)
c = rnn.BasicLSTMCell(3)
d = slim.conv2d
e = tfc.log
def f(tf, x=tf.float32, *args, k=tf.int32, **kw):
    return tf.log(x)
def g():
    y = tf.log(2.0)
    tf = None
    return y
def h():
    global tf
    return tf.log(3.0)
def outer():
    tf2 = tf
    def inner():
        nonlocal tf2
        return tf.log(tf2)
    return inner
class K:
    tf = None
    z = tf.log
    def m(self):
        return tf.log(1.0)
    w = [tf.log(i) for i in range(3)]
squares = [tf.log(v) for tf in range(3) for v in tf]
lam = lambda tf: tf.log(1.0)
lam2 = lambda x: tf.log(x)
for rnn in range(3):
    pass
with open("x") as slim_file:
    slim.fully_connected(slim_file, 3)
def rebinds(a):
    if (v1 := tf.compat.v1):
        v1.placeholder
    match a:
        case {"k": tf}:
            pass
        case Point(x=tf):
            pass
    del slim
    return [v1 for _ in range(2) if (v1 := tf)]
'''


def oracle(module: cst.Module) -> dict[int, str | None]:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    scopes = wrapper.resolve(ScopeProvider)
    answers = {}
    resolver = NameResolver()
    module.visit(resolver)
    for key, reference in resolver.references.items():
        scope = scopes.get(reference.node)
        qnames = scope.get_qualified_names_for(reference.node) if scope is not None else set()
        answers[key] = tf_symbol({q.name for q in qnames}) if qnames else None
    return answers


def ours(module: cst.Module) -> dict[int, str | None]:
    resolver = NameResolver()
    module.visit(resolver)
    return {key: (tf_symbol(q) if (q := resolver.qualified_names(r.node)) else None) for key, r in resolver.references.items()}


def corpus_sources():
    rng = random.Random(7)
    generated = [corpus.generate_file(rng, i) for i in range(40)]
    files = sorted((REPO / "tests" / "programs").glob("*.py")) + sorted((REPO / "legacy_examples").glob("*.py"))
    return [("corner cases", CORNER_CASES)] + [(f"generated {i}", s) for i, s in enumerate(generated)] + [
        (f.name, f.read_text()) for f in files
    ]


@pytest.mark.parametrize(("name", "source"), corpus_sources(), ids=[n for n, _ in corpus_sources()])
def test_same_symbols_as_libcst(name, source):
    module = cst.parse_module(source)
    expected, actual = oracle(module), ours(module)
    assert sum(s is not None for s in expected.values()) > 0 or name == "corner cases"
    # libcst does not follow ``flags = tf.app.flags``; we do: those references are checked in test_resolution.py
    through_alias = _through_alias(module)
    assert {k: v for k, v in actual.items() if k not in through_alias} == {
        k: v for k, v in expected.items() if k not in through_alias}
    assert all(expected[k] is None for k in through_alias)


def _through_alias(module: cst.Module) -> set[int]:
    resolver = NameResolver()
    module.visit(resolver)
    return {key for key, r in resolver.references.items()
            if any(resolver.alias_names(node) for _, node in resolver.lookup(r.base, r.scope)
                   if isinstance(node, cst.Name))}


def test_corner_cases_resolve_as_python_does():
    module = cst.parse_module(CORNER_CASES)
    resolver = NameResolver()
    module.visit(resolver)
    found = {}
    for reference in resolver.references.values():
        qualified = resolver.qualified_names(reference.node)
        found.setdefault(module.code_for_node(reference.node), set()).add(tf_symbol(qualified) if qualified else None)
    assert found["tf.log"] >= {"log", None}  # module uses resolve; shadowed ones don't
    assert found["ph"] == {"placeholder"}
    assert found["rnn.BasicLSTMCell"] == {None}  # `for rnn in ...` rebinds it at module level
    assert found["tfc.log"] == {"log"}  # both import fallbacks agree
    assert found["tf.float32"] == {"float32"}  # defaults are evaluated outside the function
    assert found["tf.int32"] == {"int32"}


ALIASES = '''
import tensorflow as tf
import numpy
slim = tf.contrib.slim
np = numpy
tf = tf
a = slim.conv2d
b = np.zeros
def f(slim):
    return slim.conv2d
def g():
    rnn = tf.contrib.rnn
    return rnn.LSTMCell
def h():
    return rnn.LSTMCell
layers = tf.contrib.layers
layers.dense
layers = 3
'''


def test_an_alias_bound_by_assignment_resolves_in_its_own_scope_only():
    module = cst.parse_module(ALIASES)
    resolver = NameResolver()
    module.visit(resolver)
    found = {}
    for reference in resolver.references.values():
        found.setdefault(module.code_for_node(reference.node), []).append(resolver.qualified_names(reference.node))
    assert found["slim.conv2d"] == [{"tensorflow.contrib.slim.conv2d"}, None]  # module use; the parameter shadows
    assert found["rnn.LSTMCell"] == [{"tensorflow.contrib.rnn.LSTMCell"}, None]  # g's local is not h's
    assert found["np.zeros"] == [None]  # not TensorFlow
    assert found["layers.dense"] == [None]  # rebound later
    assert found["tf"] == [{"tensorflow"}]  # ``tf = tf`` keeps the package


# -- which names statements bind -------------------------------------------------------

BINDS = ("import a.b as c\nimport d.e\nfrom f import *\nx, (y, *r) = 1, (2, 3)\ndef g(p):\n    z = p\n"
         "class K:\n    pass\ndel w\nfor i in j:\n    print(i)\nwith open(n) as h:\n    m.attr = 1\n")


def test_bound_names_are_every_binding_of_the_module_at_any_depth():
    assert bound_names(ast.parse(BINDS)) == {"c", "d", "x", "y", "r", "g", "z", "K", "w", "i", "h"}
    assert read_names(ast.parse(BINDS)) == {"p", "print", "i", "j", "open", "n", "m"}  # not m.attr's attribute


def test_bound_in_names_what_later_statements_bind_in_any_scope():
    module = cst.parse_module("seed = 0\n" + BINDS)
    resolver = NameResolver()
    module.visit(resolver)
    later = module.body[1:]
    # the resolver binds parameters too (p); an attribute assignment (m.attr = 1) binds no name
    assert resolver.bound_in(later) == {"c", "d", "x", "y", "r", "g", "p", "z", "K", "w", "i", "h"}
    assert resolver.bound_in(module.body[:1]) == {"seed"}
