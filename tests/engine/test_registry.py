"""The rule registry: selection by code, prefix and family; every rule documents itself."""

import pytest

from migrate.engine.rule import Rule, Safety, all_rules, select_rules


def test_codes_are_unique_and_well_formed():
    codes = [rule.code for rule in all_rules()]
    assert len(codes) == len(set(codes))
    assert all(code.startswith("TFM") and code[3:].isdigit() for code in codes)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_documents_itself(rule):
    assert rule.__doc__ and len(rule.__doc__.strip().splitlines()) >= 2, "docstring: TF1 pattern, replacement, refusals"
    assert rule.description and rule.family and isinstance(rule.safety, Safety)
    # what it watches: TF symbols, or (a program rule acting on import lines) the words of its text
    assert rule.symbols or rule.prefixes or (rule.program and rule.module_words)


def test_select_by_code_prefix_and_family():
    assert [r.code for r in select_rules(["TFM101"])] == ["TFM101"]
    assert {r.code for r in select_rules(["TFM12"])} == {"TFM120", "TFM121", "TFM122"}
    assert {r.family for r in select_rules(["absl"])} == {"absl"}
    assert "TFM900" not in {r.code for r in select_rules(ignore=["graph"])}


def test_unknown_selection_is_an_error():
    with pytest.raises(ValueError, match="unknown rule code or family"):
        select_rules(["TFM999"])


def test_a_code_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="used twice"):
        type("Twice", (Rule,), {"code": "TFM100", "family": "x", "description": "x"})
