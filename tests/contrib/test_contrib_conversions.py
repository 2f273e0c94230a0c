"""The contrib conversions that write new code: the result runs and behaves as TF1's did."""

from __future__ import annotations

import numpy as np

from migrate.engine.source import migrate_python
from migrate.runtime.contrib_hparams import HParams as RuntimeHParams


def migrate(code: str, target: str = "tf2.15") -> str:
    from migrate.engine.context import Options

    out, _ = migrate_python(code.encode(), "t.py", None, Options(target=target))
    return out.decode()


def test_hparams_class_written_into_the_file_behaves_like_tf1():
    code = ("import tensorflow as tf\n"
            "hp = tf.contrib.training.HParams(lr=0.1, units=[64, 32], name='a', flag=True)\n"
            "hp.parse('lr=0.5,units=[8,4],flag=false')\n"
            "hp.add_hparam('extra', 3)\n")
    out = migrate(code)
    assert "contrib" not in out and "class HParams" in out
    scope: dict = {}
    exec(compile(out, "t.py", "exec"), scope)
    expected = RuntimeHParams(lr=0.1, units=[64, 32], name="a", flag=True)
    expected.parse("lr=0.5,units=[8,4],flag=false")
    expected.add_hparam("extra", 3)
    assert scope["hp"].values() == expected.values() == {"lr": 0.5, "units": [8, 4], "name": "a", "flag": False,
                                                         "extra": 3}
    assert scope["hp"].to_json(sort_keys=True) == expected.to_json(sort_keys=True)


def test_hparams_attributes_only_is_a_namespace():
    out = migrate("import tensorflow as tf\nhp = tf.contrib.training.HParams(lr=0.1)\nx = hp.lr * 2\n")
    scope: dict = {}
    exec(compile(out, "t.py", "exec"), scope)
    assert "SimpleNamespace" in out and scope["x"] == 0.2
