"""What tf-migrate knows about a TF1 symbol, gathered from every mapping table and rule.

Sources, all discovered so a new table or rule needs no edit here:

- every ``migrate.data.<name>_map`` module's ``MAPPINGS`` (rows of `migrate.data.mapping.Mapping`);
- the generated rename table ``migrate.data.tf_api.RENAMES`` (notes "renamed") and the
  signature changes ``SIGNATURES`` (keywords renamed / pinned / dropped);
- each rule's ``symbols`` / ``prefixes`` (which code handles a symbol) and its ``examples``;
- TensorFlow 1.15's public names (``tf_api.V1_NAMES``): a name with no row that TF2 has too is
  unchanged, and every public name is a candidate when a query is misspelt.

Used by ``tf-migrate explain`` and ``tools/gen_api_map.py``; nothing here prints.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from dataclasses import dataclass, field, replace
from functools import lru_cache

import migrate.data
from migrate.data import tf_api
from migrate.data.mapping import SAME, Mapping
from migrate.engine.rule import Example, Rule, all_rules

TARGETS = ("tf2.15", "latest")
# Spellings people type for the same TF1 symbol, folded into the table keys (``contrib.layers.xavier_initializer``).
_PREFIXES = ("tensorflow.compat.v1.", "tf.compat.v1.", "compat.v1.", "tensorflow.", "tf.", "tf1.")
_SHORT = {"slim.": "contrib.slim.", "tfe.": "contrib.eager.", "rnn.": "contrib.rnn."}
# Table families applied by a whole-program pass rather than by a rule watching the symbol:
# keras_map rows are used by the graph-to-eager pass (TFM300) when it converts a program.
_PASSES = {"keras": "TFM300"}


@dataclass
class Explanation:
    symbol: str  # relative to ``tensorflow``
    mappings: list[Mapping] = field(default_factory=list)  # native TF2 (Keras) forms first, fallbacks after
    rules: list[type[Rule]] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    unchanged: bool = False  # no row, and TF2 has the same public name: nothing to migrate

    def forms(self, target: str) -> list[str]:
        return [m.form(target) or "(none: a finding)" for m in self.mappings]


def table_modules() -> list[str]:
    """Names of the ``migrate.data.*_map`` modules, sorted."""
    return sorted(f"migrate.data.{m.name}" for m in pkgutil.iter_modules(migrate.data.__path__)
                  if m.name.endswith("_map"))


def _signature_note(sig: dict) -> str:
    parts = [f"{old} -> {new}" for old, new in sig["keywords"].items() if old != new]
    if sig["dropped"]:
        parts.append("dropped: " + ", ".join(sig["dropped"]))
    if sig["positional"] < len(sig["params"]):
        parts.append(f"arguments after the first {sig['positional']} by keyword")
    return "arguments changed: " + "; ".join(parts) if parts else "arguments changed"


@lru_cache(maxsize=1)
def registry() -> dict[str, list[Mapping]]:
    """Every TF1 symbol (``contrib.keras.*`` keys for whole modules) -> its mapping rows, tables first."""
    rows: dict[str, list[Mapping]] = {}
    for name in table_modules():
        for mapping in getattr(importlib.import_module(name), "MAPPINGS", ()):
            rows.setdefault(mapping.tf1, []).append(mapping)
    for symbol, new in tf_api.RENAMES.items():
        if symbol not in rows:
            rows[symbol] = [Mapping(symbol, f"tf.{new}", SAME, "renamed", family="renames")]
    for symbol, sig in tf_api.SIGNATURES.items():
        target = f"tf.{tf_api.RENAMES.get(symbol, symbol)}"
        note = _signature_note(sig)
        if symbol not in rows:
            rows[symbol] = [Mapping(symbol, target, SAME, note, family="arguments")]
        elif rows[symbol][0].family in ("renames",):
            rows[symbol][0] = Mapping(symbol, target, SAME, f"renamed; {note}", family="renames")
    return rows


def normalize(query: str) -> str:
    """``tf.compat.v1.foo`` / ``tensorflow.foo`` / ``slim.foo`` / ``tfe.foo`` -> the table spelling ``foo``."""
    from migrate.data.contrib_map import canonical

    symbol = query.strip()
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if symbol.startswith(prefix):
                symbol, changed = symbol[len(prefix):], True
    for short, full in _SHORT.items():
        if symbol.startswith(short) and not symbol.startswith(full):
            symbol = full + symbol[len(short):]
    return canonical(symbol)


def native(mapping: Mapping, target: str = TARGETS[0]) -> bool:
    """A TF2 form on ``target`` that is neither a ``tf.compat.v1`` fallback nor missing."""
    form = mapping.form(target)
    return bool(form) and "compat.v1" not in form and "(fallback)" not in form


def ordered(mappings: list[Mapping]) -> list[Mapping]:
    """Native TF2 forms first, Keras ones before the others; fallbacks and "nothing exists" last (stable)."""
    return sorted(mappings, key=lambda m: (not native(m), not native(m, TARGETS[1]), m.family != "keras"))


def _with_alias_example(mapping: Mapping) -> Mapping:
    """A row without an example borrows one from a row of the same table for the same object under another
    TF1 name (``contrib.rnn.BasicLSTMCell`` re-exported ``nn.rnn_cell.BasicLSTMCell``), re-spelt."""
    if mapping.before or not mapping.tf2:
        return mapping
    name = mapping.tf1.rsplit(".", 1)[-1]
    for rows in registry().values():
        for other in rows:
            if (other.before and other.family == mapping.family and other.tf2 == mapping.tf2
                    and other.tf1.rsplit(".", 1)[-1] == name and f"tf.{other.tf1}" in other.before):
                return replace(mapping, before=other.before.replace(f"tf.{other.tf1}", f"tf.{mapping.tf1}"),
                               after=other.after)
    return mapping


def _rows_for(symbol: str) -> list[Mapping]:
    rows = registry()
    found = list(rows.get(symbol, ()))
    if not found:  # a whole-module row (``contrib.keras.*``) covers it
        parts = symbol.split(".")
        for end in range(len(parts) - 1, 0, -1):
            key = ".".join(parts[:end]) + ".*"
            if key in rows:
                found = list(rows[key])
                break
    if not found and symbol.startswith("contrib.slim."):  # slim re-exported contrib.layers / framework
        for module in ("layers", "framework"):
            found = rows.get(symbol.replace("contrib.slim.", f"contrib.{module}.", 1), [])
            if found:
                break
    if not found and "." in symbol:  # a method or argument of a class with rows (``train.Saver.max_to_keep``)
        owner, _, member = symbol.rpartition(".")
        if member[:1].islower() and owner in rows and owner[owner.rfind(".") + 1:][:1].isupper():
            found = list(rows[owner])
    return [_with_alias_example(m) for m in ordered(found)]


def rules_for(symbol: str) -> list[type[Rule]]:
    """The rules that act on a symbol: those naming it, else those watching its module (TFM901 last resort)."""
    exact = [r for r in all_rules() if symbol in r.symbols]
    if exact:  # a rule naming the symbol itself owns it; rules watching its module only defer to it
        return exact
    watching = [r for r in all_rules() if symbol.startswith(r.prefixes)]
    specific = [r for r in watching if r.code != "TFM901"]
    return specific or watching


def handlers(symbol: str, mappings: list[Mapping]) -> list[type[Rule]]:
    """Rules that act on a symbol: those watching it, and the passes that apply its table rows."""
    rules = [r for r in rules_for(symbol) if mappings or r.code != "TFM901"]
    passes = [Rule.registry[_PASSES[m.family]] for m in mappings if _PASSES.get(m.family) in Rule.registry]
    return sorted(set(rules) | set(passes), key=lambda r: (r.code == "TFM901", r.code))


def explain(query: str) -> Explanation | None:
    symbol = normalize(query)
    mappings = _rows_for(symbol)
    rules = handlers(symbol, mappings)
    unchanged = not mappings and symbol in tf_api.V1_NAMES and symbol in tf_api.V2_NAMES
    if not mappings and not rules and not unchanged:
        return None
    if (not mappings and symbol not in tf_api.V1_NAMES and not symbol.startswith("contrib.")
            and not any(symbol in r.symbols for r in rules)):
        return None  # not a TF 1.15 name, only under a prefix some rule watches (``layers.dens``): a typo
    tail = "." + symbol.rsplit(".", 1)[-1] + "("
    examples = [e for r in rules for e in r.examples if e.after and (symbol in e.before or tail in e.before)]
    return Explanation(symbol, mappings, rules, examples[:2], unchanged and not any(r.code != "TFM900" for r in rules))


def module_of(symbol: str) -> str:
    """The TF1 module a registry key is documented under: ``tf.contrib.<x>`` for contrib, the first part otherwise.

    Members of classes and sub-modules stay with their module (``train.Optimizer.minimize`` in ``tf.train``,
    ``contrib.rnn.core_rnn_cell.LSTMCell`` in ``tf.contrib.rnn``); top-level names are in ``tf``."""
    parts = symbol.removesuffix(".*").split(".")
    if parts[0] == "contrib":
        return "tf.contrib" + (f".{parts[1]}" if len(parts) > 2 else "")
    return f"tf.{parts[0]}" if len(parts) > 1 else "tf"


def reference(symbol: str) -> str:
    """The symbol's place in the reference site's sources (``tools/gen_docs.py``): page and anchor.

    The anchor is the symbol itself; a whole-module row ``contrib.keras.*`` is ``contrib.keras-module`` (the
    module may have a row of its own too)."""
    anchor = symbol[:-2] + "-module" if symbol.endswith(".*") else symbol
    return f"modules/{module_of(symbol)}.md#{anchor}"


def handled() -> list[str]:
    """Every TF1 symbol some table documents, sorted."""
    return sorted(registry())


@lru_cache(maxsize=1)
def _candidates() -> dict[str, tuple[str, ...]]:
    """Lower-cased spelling -> the names spelt so (``layers.dense``, ``layers.Dense``): every handled symbol and
    every public TF 1.15 name that is not a module."""
    out: dict[str, list[str]] = {}
    for name in dict.fromkeys([*handled(), *sorted(tf_api.V1_NAMES - tf_api.V1_MODULES)]):
        out.setdefault(name.lower(), []).append(name)
    return {key: tuple(names) for key, names in out.items()}


def suggestions(query: str, n: int = 5) -> list[str]:
    """Names close to a misspelt query (``tf.Sesion`` -> ``Session``), case-insensitively, best first; of two
    names differing only in case, the one closer to the query's own case first (``layers.dens`` -> ``dense``)."""
    symbol = normalize(query)
    candidates = _candidates()
    close = difflib.get_close_matches(symbol.lower(), list(candidates), n=n, cutoff=0.6)
    if len(close) < n:  # the last name alone often finds it (``xavier_init`` -> contrib.layers.xavier_initializer)
        last = symbol.lower().rsplit(".", 1)[-1]
        by_last: dict[str, str] = {}
        for key in candidates:
            by_last.setdefault(key.rsplit(".", 1)[-1], key)
        close += [by_last[m] for m in difflib.get_close_matches(last, list(by_last), n=n, cutoff=0.6)
                  if by_last[m] not in close]
    ranked = [name for key in close for name in sorted(
        candidates[key], key=lambda name: -difflib.SequenceMatcher(None, symbol, name).ratio())]
    return ranked[:n]
