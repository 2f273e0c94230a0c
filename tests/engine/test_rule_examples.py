"""Every rule's embedded examples are its specification: run them all.

An example with ``after`` must produce exactly that (and a second run must
change nothing); an example without ``after`` must come back unchanged.
"""

import pytest

from migrate.engine.rule import all_rules
from migrate.engine.source import default_rules, migrate_python

CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{i}-{example.title or ('rewrites' if example.after else 'leaves alone')}")
    for rule in all_rules()
    for i, example in enumerate(rule.examples)
]
RULES = default_rules()


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule, example):
    out, findings = migrate_python(example.before.encode(), "example.py", RULES)
    expected = example.after if example.after is not None else example.before
    assert out.decode() == expected
    if example.after is not None:
        assert any(f.code == rule.code and f.fixed for f in findings), findings
        again, _ = migrate_python(out, "example.py", RULES)
        assert again == out, "a second run must change nothing"


def test_every_rule_has_rewrite_and_leave_alone_examples():
    for rule in all_rules():
        kinds = {example.after is None for example in rule.examples}
        reported_only = all(example.after is None for example in rule.examples)
        assert reported_only or kinds == {True, False}, f"{rule.code} needs both kinds of example"
        assert rule.examples, rule.code
