"""Meta-tests for the tf.contrib table: every row resolves against the installed TensorFlow.

These run in-process without activating the runtime (the table targets are
plain tf.compat.v1 objects or migrate.runtime functions).
"""

import inspect

import pytest

from migrate.runtime import contrib
from migrate.runtime.contrib_table import ALIASES, TABLE, UNSUPPORTED


def _skip_if_needs_legacy_keras(path):
    # TF >= 2.16 serves nn.rnn_cell only from tf-keras, which the runtime turns
    # on (TF_USE_LEGACY_KERAS=1) before TensorFlow is imported; this pytest
    # process imported TF without it. test_runtime_scripts covers those rows.
    import tensorflow.compat.v1 as tf1

    if TABLE[path].startswith("tensorflow.compat.v1:nn.rnn_cell") and not hasattr(tf1.nn.rnn_cell, "RNNCell"):
        pytest.skip(f"{tf1.VERSION} without legacy Keras in this process")


@pytest.mark.parametrize("path", sorted(TABLE))
def test_every_table_row_resolves_to_a_callable(path):
    _skip_if_needs_legacy_keras(path)
    target = contrib.lookup(path)
    assert callable(target), f"tf.contrib.{path} -> {TABLE[path]} is not callable"


@pytest.mark.parametrize("path", sorted(UNSUPPORTED))
def test_unsupported_entries_explain_themselves(path):
    with pytest.raises(AttributeError, match=rf"tf\.contrib\.{path}(\.\w+)? is not provided by the tf-migrate runtime: \w+"):
        contrib.lookup(path + ".Anything")


def test_unsupported_rows_are_not_also_supported():
    assert not set(UNSUPPORTED) & set(TABLE)


def test_alias_targets_are_table_modules():
    modules = {key.rsplit(".", 1)[0] for key in TABLE}
    for alias, targets in ALIASES.items():
        for target in targets:
            assert any(m == target or m.startswith(target + ".") for m in modules), (alias, target)


@pytest.mark.parametrize(
    "path, target",
    [
        ("slim.fully_connected", "layers.fully_connected"),
        ("slim.arg_scope", "framework.arg_scope"),
        ("slim.losses.softmax_cross_entropy", "losses.softmax_cross_entropy"),
    ],
    ids=["slim re-exports layers", "slim re-exports framework", "slim.losses is contrib.losses"],
)
def test_slim_aliases(path, target):
    assert contrib.lookup(path) is contrib.lookup(target)
    assert path in contrib.supported_symbols()


def test_rnn_rows_are_the_core_v1_classes():
    import tensorflow.compat.v1 as tf1

    _skip_if_needs_legacy_keras("rnn.BasicLSTMCell")
    assert contrib.lookup("rnn.BasicLSTMCell") is tf1.nn.rnn_cell.BasicLSTMCell
    assert contrib.lookup("rnn.static_rnn") is tf1.nn.static_rnn


def test_contrib_layers_keep_contrib_defaults():
    defaults = lambda path: {  # noqa: E731
        name: p.default for name, p in inspect.signature(contrib.lookup(path)).parameters.items()
    }
    import tensorflow.compat.v1 as tf1

    assert defaults("layers.fully_connected")["activation_fn"] is tf1.nn.relu
    assert defaults("layers.conv2d")["padding"] == "SAME"
    assert defaults("layers.batch_norm")["scale"] is False
    assert defaults("layers.batch_norm")["decay"] == 0.999
    assert defaults("layers.dropout")["keep_prob"] == 0.5


@pytest.mark.parametrize(
    "path, message",
    [
        ("layers", None),
        ("slim", None),
        ("learn.datasets.mnist", None),
        ("factorization", "no TF2 equivalent"),
        ("layers.fully_connected", "is a symbol, not a module"),
        ("nonexistent", "has no entry in migrate/runtime/contrib_table.py"),
    ],
)
def test_check_module(path, message):
    if message is None:
        contrib.check_module(path)
    else:
        with pytest.raises(ImportError, match=message):
            contrib.check_module(path)
