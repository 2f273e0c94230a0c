"""Generate migrate/data/tf_api.py from the installed TensorFlow's own API metadata.

Sources, all shipped with TensorFlow itself:
* the public v1 and v2 namespaces (``tf.compat.v1`` and ``tf``), walked module by
  module; ``tf_export`` metadata tells which names one object carries in each;
* ``tensorflow.tools.compatibility.all_renames_v2.manual_symbol_renames`` (renames
  the TF team made by hand, e.g. ``tf.gfile.Exists`` -> ``tf.io.gfile.exists``) and
  ``tf_upgrade_v2.TFAPIChangeSpec().function_keyword_renames``;
* ``inspect.signature`` of each v1 function and of its v2 replacement, compared
  to find arguments that were renamed, moved or dropped.

Usage:  python tools/gen_api_tables.py   (rewrites migrate/data/tf_api.py)
        python tools/gen_api_tables.py --check   (exit 1 when the file is stale)
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import pprint
import sys
import types
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402
from tensorflow.python.util import tf_export  # noqa: E402
from tensorflow.tools.compatibility import all_renames_v2, tf_upgrade_v2  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "migrate" / "data" / "tf_api.py"
API_DIR = Path(tf.__file__).resolve().parent / "_api"
# Separate libraries with their own migration story (keras, estimator), the other API
# (compat) and TensorFlow's internal hooks: listed as module names, never walked.
# ``experimental`` subtrees are walked: they are small, mostly identical in v1 and v2,
# and a name like tf.data.experimental.AUTOTUNE must read as "known" to the engine.
# ``raw_ops`` is walked too (identical in both APIs).
SKIP_SUBTREES = ("keras", "estimator", "compat", "contrib", "__internal__", "__operators__")
# Public namespaces that TensorFlow fills from another package's module: TF1 names
# the migration must know (tf.layers.dense, tf.nn.rnn_cell.LSTMCell, tf.flags.DEFINE_string)
# and tensorboard's tf.summary in v2. Their own attributes are listed, nothing deeper.
FOREIGN = {
    "v1": ("app.flags", "flags", "layers", "nn.rnn_cell"),
    "v2": ("summary",),
}
# Renames TensorFlow's tables send to tf.compat.v1 although a native v2 function does
# exactly the same thing. Each one is checked by reading the v2 source (the reason is
# the evidence), and tests/test_api_tables.py re-checks that evidence.
EXTRA_RENAMES = {
    "set_random_seed": ("random.set_seed", "the body of tf.random.set_seed is set_random_seed(seed)"),
    "random.set_random_seed": ("random.set_seed", "the body of tf.random.set_seed is set_random_seed(seed)"),
}

# Keyword renames TFAPIChangeSpec lacks, where the v1 parameter and its v2 successor in
# the same position mean the same thing (so positional calls stay positional).
EXTRA_KEYWORDS = {
    "device": {"device_name_or_function": "device_name"},  # v2 also refuses functions, loudly, when eager
}


def _unwrap(module):
    """The plain module behind a TFModuleWrapper (its __dict__ is the real namespace)."""
    return vars(module).get("_tfmw_wrapped_module", module)


def _is_module(obj):
    return isinstance(obj, types.ModuleType)


def _in_api_dir(module):
    path = getattr(_unwrap(module), "__file__", None)
    return bool(path) and Path(path).resolve().is_relative_to(API_DIR)


def walk(module, api, prefix="", *, deep=True):
    """Yield (dotted_name, object) for every public attribute of an API module.

    Reads module ``__dict__``s instead of ``dir()``/``getattr``. The previous walk used
    dir()/getattr and followed any module named tensorflow.*: through tf.flags
    (tensorflow.python.platform.flags) it wandered into tensorflow.python's import
    graph, cycles and all, with no visited set, and ran for minutes while its memory
    grew past 15 GB. Here only the generated API package (files under
    tensorflow/_api) is walked recursively, plus the few FOREIGN namespaces one level
    deep; other module attributes (keras-backed tf.losses, tf.test.mock, ...) are
    yielded as module names only, and tensorflow.tools/tsl/dtensor/security, which are
    attributes of tf only because something imported them, are left out.
    """
    for name, obj in sorted(vars(_unwrap(module)).items()):
        if name.startswith("_"):
            continue
        path = f"{prefix}{name}"
        lazy = "LazyLoader" in type(obj).__name__
        if not (lazy or _is_module(obj)):
            yield path, obj
            continue
        if _in_api_dir(obj):
            yield path, obj
            if deep and name not in SKIP_SUBTREES:
                yield from walk(obj, api, path + ".")
        elif path in FOREIGN[api]:
            yield path, obj
            if lazy:
                dir(obj)  # makes the loader import its module and copy in its __dict__
            yield from walk(obj, api, path + ".", deep=False)
        elif lazy or not _unwrap(obj).__name__.startswith("tensorflow."):
            yield path, obj  # tf.keras, tf.losses (keras-backed in v2), tf.test.mock, ...


def params(obj):
    """(all parameter names, positional-capable names, accepts **kwargs), or None."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    names, positional, varkw = [], [], False
    for p in sig.parameters.values():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
            names.append(p.name)
            if p.kind is not p.KEYWORD_ONLY:
                positional.append(p.name)
        elif p.kind is p.VAR_KEYWORD:
            varkw = True
    return names, positional, varkw


def pick_v2(name, candidates):
    """The v2 spelling TensorFlow's own table prefers, else the one with the same leaf."""
    preferred = all_renames_v2.symbol_renames.get("tf." + name, "")
    if preferred.startswith("tf.") and preferred[3:] in candidates:
        return preferred[3:]
    leaf = name.rsplit(".", 1)[-1]
    same_leaf = [c for c in candidates if c.rsplit(".", 1)[-1] == leaf]
    return sorted(same_leaf or candidates, key=lambda c: (c.count("."), c))[0]


def signature_change(name, target, old_fn, new_fn, kw_spec):
    """The SIGNATURES entry for calling ``new_fn`` (v2 ``target``) with a v1 call of ``old_fn``."""
    old, new = params(old_fn), params(new_fn)
    if old is None or new is None:
        return None
    (old_names, old_pos, _), (new_names, new_pos, new_varkw) = old, new
    kw = {k: v for k, v in kw_spec.get("tf." + name, {}).items() if k in old_names and v in new_names}
    # An argument that kept its name in v2 keeps it, whatever the upgrade spec says.
    kw = {k: v for k, v in sorted(kw.items()) if k not in new_names}
    limit = len(old_pos)
    for i, p in enumerate(old_pos):
        if i >= len(new_pos) or new_pos[i] != kw.get(p, p):
            limit = i
            break
    dropped = tuple(p for p in old_names if kw.get(p, p) not in new_names and not new_varkw)
    if target.startswith("raw_ops."):
        limit = 0  # raw ops raise on positional arguments, whatever inspect.signature says
    if not (kw or dropped or limit < len(old_pos)):
        return None
    return {"params": tuple(old_names), "positional": limit, "keywords": kw, "dropped": dropped}


def _is_namespace(obj):
    return _is_module(obj) or "LazyLoader" in type(obj).__name__


def _resolves_to(dotted, obj):
    """True when ``dotted`` (module path + qualname) imports and is ``obj`` itself."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                target = getattr(target, attr)
        except AttributeError:
            return False
        return target is obj
    return False


def build():
    v1_all = dict(walk(tf.compat.v1, "v1"))
    v2_all = dict(walk(tf, "v2"))
    v1 = {n: o for n, o in v1_all.items() if not _is_namespace(o)}
    v2 = {n: o for n, o in v2_all.items() if not _is_namespace(o)}
    v2_by_id = {}
    for name, obj in v2.items():
        # Equal small ints/bools/None are shared objects, so identity says nothing there.
        if not isinstance(obj, (int, float, bool, type(None))):
            v2_by_id.setdefault(id(obj), []).append(name)
    kw_spec = dict(tf_upgrade_v2.TFAPIChangeSpec().function_keyword_renames)
    for name, extra in EXTRA_KEYWORDS.items():
        kw_spec["tf." + name] = {**kw_spec.get("tf." + name, {}), **extra}

    renames, signatures, v1_only = {}, {}, []
    for name, obj in v1.items():
        if v2.get(name) is obj:
            continue
        candidates = [n for n in tf_export.get_v2_names(obj) if n in v2] or v2_by_id.get(id(obj), [])
        manual = all_renames_v2.manual_symbol_renames.get("tf." + name, "")
        if candidates and name not in v2:
            target = pick_v2(name, candidates)
        elif manual.startswith("tf.") and not manual.startswith("tf.compat.") and manual[3:] in v2:
            target = manual[3:]  # TF's own judgement, even though the function differs
        elif name in EXTRA_RENAMES:
            target = EXTRA_RENAMES[name][0]
        elif name in v2:
            target = name  # same name, different function: arguments may need fixing
        else:
            v1_only.append(name)
            continue
        if target != name:
            renames[name] = target
        if v2[target] is not obj and callable(obj):
            change = signature_change(name, target, obj, v2[target], kw_spec)
            if change:
                signatures[name] = change

    private = {}
    for name in sorted(v1, key=lambda n: (n.count("."), len(n), n)):
        obj = v1[name]
        if not (inspect.isclass(obj) or inspect.isroutine(obj)):
            continue
        module, qual = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
        if not (isinstance(module, str) and module.startswith("tensorflow.python.") and qual):
            continue
        path = f"{module}.{qual}"
        if path not in private and "<" not in qual and _resolves_to(path, obj):
            private[path] = name
    return {
        "RENAMES": dict(sorted(renames.items())),
        "SIGNATURES": dict(sorted(signatures.items())),
        "V1_ONLY": sorted(v1_only),
        "V1_NAMES": sorted(v1_all),
        "V2_NAMES": sorted(v2_all),
        "V1_MODULES": sorted(set(v1_all) - set(v1)),
        "V2_MODULES": sorted(set(v2_all) - set(v2)),
        "PRIVATE": dict(sorted(private.items())),
    }


HEADER = '''"""TensorFlow 1 -> 2 API tables. GENERATED by tools/gen_api_tables.py, do not edit.

Provenance: TensorFlow {version} itself: the public tf.compat.v1 and tf namespaces
(module __dict__s of tensorflow._api.v2[.compat.v1]) and their tf_export metadata,
all_renames_v2.symbol_renames / manual_symbol_renames and TFAPIChangeSpec keyword
renames from tensorflow.tools.compatibility, inspect.signature of every v1 function
and its v2 replacement, and the few hand-checked EXTRA_RENAMES in the generator.
Names are relative to the ``tensorflow`` package (``math.log`` is ``tf.math.log``).
Regenerate: python tools/gen_api_tables.py ; check: python tools/gen_api_tables.py --check
Checked against the installed TensorFlow by tests/test_api_tables.py.

Skipped subtrees (only their root name is listed): keras, estimator, compat, contrib,
__internal__, __operators__; in v2 also the keras-backed losses, metrics, optimizers,
initializers. tf.compat.v1.layers (keras' legacy tf.layers) IS walked. experimental
and raw_ops subtrees are kept.

RENAMES     v1 name -> native v2 name: the same object under its v2 name, TF's manual
            rename, or a hand-checked EXTRA_RENAMES entry; never a compat.v1 target
SIGNATURES  v1 name -> how a v1-style call must change on the v2 target (RENAMES value,
            else the same name): "params" v1 parameter names in order, "positional"
            how many leading positional arguments may stay positional, "keywords"
            {{v1 keyword: v2 keyword}}, "dropped" v1 parameters v2 does not accept
V1_ONLY     v1 names with no v2 counterpart (graph-mode constructs, removed symbols)
V1_NAMES / V2_NAMES     every public attribute path of each API, modules included
V1_MODULES / V2_MODULES the subset of those paths that are modules
PRIVATE     private defining path (tensorflow.python.X) -> shortest public v1 name
"""
'''


def render():
    tables = build()
    parts = [HEADER.format(version=tf.__version__), f'TF_VERSION = "{tf.__version__}"\n']
    for key, value in tables.items():
        if isinstance(value, list):
            body = "frozenset(\n" + pprint.pformat(value, width=100, compact=True) + "\n)"
        else:
            body = pprint.pformat(value, width=100, sort_dicts=False)
        parts.append(f"\n{key} = {body}\n")
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the checked-in table is stale")
    args = parser.parse_args()
    text = render()
    if args.check:
        stale = not OUT.exists() or OUT.read_text() != text
        print(f"{OUT} is {'stale' if stale else 'up to date'}")
        return int(stale)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
