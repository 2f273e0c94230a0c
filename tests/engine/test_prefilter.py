"""A program rule's module hook runs only where its declared symbols / words occur (``Rule.runs_on``).

The prefilter is a speed device: it must never change an output. Checked three ways: the rules'
own examples migrate identically with the prefilter switched off; the assumption behind
``module_words`` (every part of a resolved TensorFlow name is spelled in the source) holds on the
corpus; and a hook that can do nothing in a file is really not called there.
"""

from pathlib import Path

import libcst as cst
import pytest

from migrate.engine.context import Options
from migrate.engine.names import NameResolver
from migrate.engine.rule import Rule, all_rules
from migrate.engine.source import default_rules, migrate_python

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FILTERED = [r for r in all_rules() if r.program and (r.module_symbols or r.module_prefixes or r.module_words)]


def test_some_program_rules_declare_a_prefilter():
    assert {r.code for r in FILTERED} >= {"TFM114", "TFM117", "TFM290"}
    for rule in FILTERED:
        assert all(word and word.isidentifier() for word in rule.module_words), rule.code


@pytest.mark.parametrize("rule", FILTERED, ids=lambda r: r.code)
def test_examples_migrate_the_same_without_the_prefilter(rule, monkeypatch):
    rules = default_rules()
    filtered = [migrate_python(e.before.encode(), "x.py", rules, Options()) for e in rule.examples]
    monkeypatch.setattr(Rule, "runs_on", lambda self, symbols, text: True)
    unfiltered = [migrate_python(e.before.encode(), "x.py", rules, Options()) for e in rule.examples]
    assert filtered == unfiltered


def test_every_part_of_a_resolved_name_is_spelled_in_the_source():
    sources = [p.read_text() for p in sorted(CORPUS.rglob("*.py"))[::4]]
    sources += [e.before for r in all_rules() for e in r.examples]
    checked = 0
    for text in sources:
        resolver = NameResolver()
        cst.parse_module(text).visit(resolver)
        for reference in resolver.references.values():
            for name in resolver.qualified_names(reference.node) or ():
                for part in name.split("."):
                    assert part in text, (name, text[:200])
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize("rule_name, source", [
    ("MnistInputData", "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"),
    ("ImportedGraphSession", "import tensorflow as tf\nwith tf.Session() as sess:\n    sess.run(tf.constant(1))\n"),
], ids=["no mnist word: TFM117 not called", "no import_graph_def: TFM290 not called"])
def test_a_hook_with_nothing_to_do_is_not_called(rule_name, source, monkeypatch):
    rules = default_rules()
    (rule,) = [r for r in rules if type(r).__name__ == rule_name]
    called = []
    monkeypatch.setattr(rule, "on_module", lambda module, ctx: called.append(1))
    migrate_python(source.encode(), "x.py", rules, Options())
    assert not called


def test_runs_on_reads_symbols_prefixes_and_words():
    class Probe(Rule):  # not registered: no code
        module_symbols = frozenset({"import_graph_def"})
        module_prefixes = ("contrib.learn.",)
        module_words = ("mnist",)

    probe = Probe()
    assert probe.runs_on({"import_graph_def"}, "... mnist ...")
    assert probe.runs_on({"contrib.learn.datasets.mnist"}, "mnist")
    assert not probe.runs_on({"import_graph_def"}, "no such word")
    assert not probe.runs_on({"Session"}, "mnist")
    assert Rule().runs_on(set(), "")
