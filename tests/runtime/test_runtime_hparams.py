"""contrib.training.HParams port: typing and parsing rules of the TF 1.15 class."""

import pytest

from migrate.runtime.contrib_hparams import HParams


def test_attributes_values_and_json():
    hp = HParams(learning_rate=0.1, num_layers=2, name="net", sizes=[64, 32], use_bn=False)
    assert hp.learning_rate == 0.1 and hp.sizes == [64, 32]
    assert hp.values() == {"learning_rate": 0.1, "num_layers": 2, "name": "net", "sizes": [64, 32], "use_bn": False}
    assert HParams(**hp.values()).parse_json(hp.to_json()).values() == hp.values()
    assert "num_layers" in hp and "missing" not in hp
    assert hp.get("missing", 3) == 3


def test_parse_uses_each_hparams_type():
    hp = HParams(learning_rate=0.1, num_layers=2, name="net", sizes=[64, 32], use_bn=False)
    hp.parse("learning_rate=1,num_layers=3, name=big,sizes=[8,4,2],use_bn=true")
    assert hp.learning_rate == 1.0 and isinstance(hp.learning_rate, float)
    assert hp.num_layers == 3 and hp.name == "big" and hp.sizes == [8, 4, 2] and hp.use_bn is True


@pytest.mark.parametrize(
    "text, error",
    [
        ("num_layers=2.5", "Could not parse"),
        ("use_bn=maybe", "Could not parse"),
        ("unknown=1", "Unknown hyperparameter"),
        ("sizes=3", "Must pass a list"),
        ("num_layers=[1,2]", "Must not pass a list"),
    ],
    ids=["float into int", "word into bool", "unknown name", "scalar into list", "list into scalar"],
)
def test_parse_rejects(text, error):
    hp = HParams(num_layers=2, sizes=[64], use_bn=False)
    with pytest.raises(ValueError, match=error):
        hp.parse(text)


@pytest.mark.parametrize(
    "name, value, ok",
    [("lr", 1, True), ("n", 1.5, False), ("flag", 1, False), ("n", True, True), ("s", 3, False), ("lr", "0.1", False)],
    ids=["int to float ok", "float to int", "int to bool", "bool to int passes as in contrib (bool is an int)", "int to str", "str to float"],
)
def test_set_hparam_casting_rules(name, value, ok):
    hp = HParams(lr=0.1, n=2, flag=False, s="x")
    if ok:
        hp.set_hparam(name, value)
        assert getattr(hp, name) == value
    else:
        with pytest.raises(ValueError, match="Could not cast"):
            hp.set_hparam(name, value)


def test_reserved_and_empty_names():
    with pytest.raises(ValueError, match="reserved"):
        HParams(values=1)
    with pytest.raises(ValueError, match="cannot be empty"):
        HParams(sizes=[])
