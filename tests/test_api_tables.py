"""Meta-tests: every entry of migrate/data/tf_api.py checked against the installed TensorFlow.

The table is generated (tools/gen_api_tables.py); these tests catch a generator bug, a
hand edit, or a TensorFlow upgrade that left the table behind. TensorFlow is imported
once per session; the whole module runs in a few seconds.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")

from migrate.data import tf_api  # noqa: E402

pytestmark = pytest.mark.skipif(
    tf.__version__ != tf_api.TF_VERSION,
    reason=f"tables were generated for TensorFlow {tf_api.TF_VERSION}, installed is {tf.__version__}",
)

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "tools" / "gen_api_tables.py"
# v2 namespaces served by keras/estimator: the tables list them but never look inside.
NOT_WALKED_V2 = ("keras", "estimator", "losses", "metrics", "initializers", "optimizers")
NOT_WALKED_V1 = ("keras", "estimator")

_MISSING = object()


def resolve(root, dotted):
    obj = root
    for part in dotted.split("."):
        obj = getattr(obj, part, _MISSING)
        if obj is _MISSING:
            return _MISSING
    return obj


def v1(name):
    return resolve(tf.compat.v1, name)


def v2(name):
    return resolve(tf, name)


def param_lists(fn):
    """(all parameter names, positional-capable names, accepts **kwargs)."""
    sig = inspect.signature(fn)
    ps = sig.parameters.values()
    names = [p.name for p in ps if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    positional = [p.name for p in ps if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return names, positional, any(p.kind is p.VAR_KEYWORD for p in ps)


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("gen_api_tables", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def manual_renames():
    from tensorflow.tools.compatibility import all_renames_v2

    return all_renames_v2.manual_symbol_renames


# ---------------------------------------------------------------------- names


def test_every_v1_name_resolves_in_tf_compat_v1():
    names = [n for n in tf_api.V1_NAMES if n.split(".")[0] not in NOT_WALKED_V1]
    assert [n for n in names if v1(n) is _MISSING] == []


def test_every_v2_name_resolves_in_tf():
    names = [n for n in tf_api.V2_NAMES if n.split(".")[0] not in NOT_WALKED_V2]
    assert [n for n in names if v2(n) is _MISSING] == []


def test_modules_are_names_and_really_modules():
    assert tf_api.V1_MODULES <= tf_api.V1_NAMES and tf_api.V2_MODULES <= tf_api.V2_NAMES
    for name in ("gfile", "math", "nn", "train", "layers", "nn.rnn_cell", "io.gfile"):
        assert name in tf_api.V1_MODULES, name
    for name in ("math", "nn", "train", "io.gfile", "summary", "keras"):
        assert name in tf_api.V2_MODULES, name
    assert "gfile" not in tf_api.V2_NAMES and "layers" not in tf_api.V2_NAMES


def test_skipped_subtrees_are_listed_by_root_only():
    for root in ("keras", "estimator", "compat"):
        assert root in tf_api.V1_NAMES and root in tf_api.V2_NAMES
        assert not any(n.startswith(root + ".") for n in tf_api.V1_NAMES | tf_api.V2_NAMES)


# -------------------------------------------------------------------- renames


def test_rename_keys_are_v1_names_without_a_same_named_twin():
    for old in tf_api.RENAMES:
        assert old in tf_api.V1_NAMES and v1(old) is not _MISSING, old
        assert v2(old) is not v1(old), old


def test_rename_targets_are_native_v2_names():
    for old, new in tf_api.RENAMES.items():
        assert new in tf_api.V2_NAMES and not new.startswith("compat."), (old, new)
        assert v2(new) is not _MISSING, (old, new)


def test_rename_targets_are_the_same_object_or_tfs_own_choice(manual_renames, generator):
    for old, new in tf_api.RENAMES.items():
        if v1(old) is v2(new):
            continue
        if manual_renames.get("tf." + old) == "tf." + new:
            continue  # TensorFlow's own hand-made rename; SIGNATURES covers the call
        assert generator.EXTRA_RENAMES.get(old, (None,))[0] == new, (old, new)


@pytest.mark.parametrize("old", sorted(["set_random_seed", "random.set_random_seed"]))
def test_extra_renames_evidence_still_holds(old, generator):
    new, reason = generator.EXTRA_RENAMES[old]
    assert tf_api.RENAMES[old] == new, reason
    body = inspect.getsource(inspect.unwrap(v2(new)))
    assert f"{v1(old).__name__}(seed)" in body, reason


# ----------------------------------------------------------------- signatures


@pytest.mark.parametrize("name", sorted(tf_api.SIGNATURES))
def test_signature_entry_matches_both_functions(name):
    entry = tf_api.SIGNATURES[name]
    assert set(entry) == {"params", "positional", "keywords", "dropped"}
    old_names, old_pos, _ = param_lists(v1(name))
    target = tf_api.RENAMES.get(name, name)
    new_names, new_pos, new_varkw = param_lists(v2(target))
    assert entry["params"] == tuple(old_names)
    assert 0 <= entry["positional"] <= len(old_pos)
    renamed = [entry["keywords"].get(p, p) for p in old_pos[: entry["positional"]]]
    assert renamed == new_pos[: entry["positional"]]
    for old_kw, new_kw in entry["keywords"].items():
        assert old_kw in old_names and old_kw not in new_names, old_kw
        assert new_kw in new_names, new_kw
    for p in entry["dropped"]:
        assert p in old_names and p not in new_names and not new_varkw, p


def test_functions_without_entry_take_v1_calls_unchanged():
    """A v1 function whose v2 target differs needs an entry unless its parameters fit."""
    checked = 0
    for name in tf_api.V1_NAMES - tf_api.V1_ONLY - set(tf_api.SIGNATURES):
        old = v1(name)
        target = tf_api.RENAMES.get(name, name)
        if target not in tf_api.V2_NAMES or v2(target) is old or not callable(old):
            continue
        try:
            old_names, old_pos, _ = param_lists(old)
            new_names, new_pos, new_varkw = param_lists(v2(target))
        except (TypeError, ValueError):
            continue
        checked += 1
        assert new_pos[: len(old_pos)] == old_pos, name
        assert new_varkw or set(old_names) <= set(new_names), name
    assert checked > 20


# -------------------------------------------------------------------- v1 only


def test_v1_only_names_are_absent_from_v2():
    for name in tf_api.V1_ONLY:
        assert name in tf_api.V1_NAMES and name not in tf_api.V2_NAMES, name
        assert name not in tf_api.RENAMES, name
        if name.split(".")[0] not in NOT_WALKED_V2:
            assert v2(name) is _MISSING, name


# -------------------------------------------------------------------- private


def test_private_paths_import_as_the_public_object():
    for path, public in tf_api.PRIVATE.items():
        module_name, _, _ = path.rpartition(".")
        obj = None
        while module_name:
            try:
                obj = importlib.import_module(module_name)
                break
            except ImportError:
                module_name = module_name.rpartition(".")[0]
        assert obj is not None, path
        obj = resolve(obj, path[len(module_name) + 1 :])
        assert obj is v1(public), path


def test_private_names_the_shortest_public_spelling():
    assert tf_api.PRIVATE["tensorflow.python.ops.gen_math_ops.log"] == "log"
    assert tf_api.PRIVATE["tensorflow.python.framework.ops.reset_default_graph"] == "reset_default_graph"


# ------------------------------------------------------------ known examples

RENAME_EXAMPLES = {
    "log": "math.log",
    "random_normal": "random.normal",
    "random_uniform": "random.uniform",
    "set_random_seed": "random.set_seed",
    "gfile.GFile": "io.gfile.GFile",
    "gfile.Exists": "io.gfile.exists",
    "python_io.TFRecordWriter": "io.TFRecordWriter",
    "multinomial": "random.categorical",
    "image.resize_images": "image.resize",
    "sparse_tensor_dense_matmul": "sparse.sparse_dense_matmul",
    "count_nonzero": "math.count_nonzero",
}


@pytest.mark.parametrize("old, new", sorted(RENAME_EXAMPLES.items()))
def test_known_rename(old, new):
    assert tf_api.RENAMES[old] == new


KEYWORD_EXAMPLES = {
    "reduce_sum": {"reduction_indices": "axis", "keep_dims": "keepdims"},
    "reduce_mean": {"reduction_indices": "axis", "keep_dims": "keepdims"},
    "count_nonzero": {"reduction_indices": "axis", "keep_dims": "keepdims", "input_tensor": "input"},
    "nn.softmax": {"dim": "axis"},
    "argmax": {"dimension": "axis"},
    "nn.moments": {"keep_dims": "keepdims"},
    "expand_dims": {"dim": "axis"},
    "squeeze": {"squeeze_dims": "axis"},
    "gfile.Exists": {"filename": "path"},
}


@pytest.mark.parametrize("name, keywords", sorted(KEYWORD_EXAMPLES.items()))
def test_known_keyword_renames(name, keywords):
    assert tf_api.SIGNATURES[name]["keywords"] == keywords
    assert tf_api.SIGNATURES[name]["dropped"] == ()


def test_resize_images_loses_align_corners_and_keeps_three_positionals():
    entry = tf_api.SIGNATURES["image.resize_images"]
    assert entry["dropped"] == ("align_corners",) and entry["positional"] == 3


def test_dropout_keep_prob_is_dropped_not_renamed():
    entry = tf_api.SIGNATURES["nn.dropout"]
    assert entry["dropped"] == ("keep_prob",) and entry["positional"] == 1


@pytest.mark.parametrize(
    "name",
    ["placeholder", "Session", "get_variable", "layers.dense", "train.AdamOptimizer", "to_float",
     "flags.DEFINE_string", "nn.rnn_cell.LSTMCell"],
)
def test_known_v1_only(name):
    assert name in tf_api.V1_ONLY


@pytest.mark.parametrize("name", ["reduce_sum", "nn.softmax", "Variable", "data.experimental.AUTOTUNE"])
def test_names_kept_in_v2_are_not_v1_only(name):
    assert name not in tf_api.V1_ONLY and name in tf_api.V2_NAMES


# ---------------------------------------------------------------- freshness


def test_generated_file_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "up to date" in result.stdout
