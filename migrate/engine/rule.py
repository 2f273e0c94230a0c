"""The rule contract and the registry rules join by subclassing.

A rule is one small class. It names the TF1 symbols it reacts to by their
*qualified* name in the TF1 namespace (``tensorflow.log``, never the text
``tf.log``): the engine resolves every reference through the file's imports,
folds ``tensorflow.compat.v1.X`` into ``tensorflow.X``, and calls the rule's
hooks only for those names. Each rule carries its own before/after examples,
which are its specification, its test (one generic test runs them all) and its
documentation.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

if TYPE_CHECKING:
    from migrate.engine.context import RuleContext


class Safety(str, enum.Enum):
    SAFE = "safe"  # meaning is preserved exactly
    REVIEW = "review"  # meaning may change in corner cases; every fix is a warning


@dataclass(frozen=True)
class Example:
    """A before/after pair; ``after=None`` means the rule must leave it alone."""

    before: str
    after: str | None = None
    title: str = ""


class Rule:
    code: ClassVar[str]
    family: ClassVar[str]
    description: ClassVar[str]
    safety: ClassVar[Safety] = Safety.SAFE
    # Exact TF1 qualified names (``tensorflow.X``) and name prefixes this rule watches.
    symbols: ClassVar[frozenset[str]] = frozenset()
    prefixes: ClassVar[tuple[str, ...]] = ()
    examples: ClassVar[tuple[Example, ...]] = ()
    # A whole-program rule rewrites the module in ``on_module`` before the reference hooks run.
    program: ClassVar[bool] = False
    # Where ``on_module`` can do anything at all, declared so the engine skips its whole-module walks
    # elsewhere: one of these TF symbols (or prefixes) resolves in the file, and one of these words occurs
    # in its text (every part of a resolved name is spelled in the source, so a word is a safe test for
    # what even an unused import would bring). Empty: no condition. See ``runs_on``.
    module_symbols: ClassVar[frozenset[str]] = frozenset()
    module_prefixes: ClassVar[tuple[str, ...]] = ()
    module_words: ClassVar[tuple[str, ...]] = ()

    registry: ClassVar[dict[str, type[Rule]]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:  # an abstract intermediate class
            return
        if cls.code in Rule.registry:
            raise ValueError(f"rule code {cls.code} is used twice")
        Rule.registry[cls.code] = cls

    # Hooks: return a replacement node, or None to leave the node as it is.
    # ``original`` carries the metadata (positions); build results from ``updated``.

    def on_reference(
        self, original: cst.Attribute | cst.Name, updated: cst.BaseExpression, symbol: str, ctx: RuleContext
    ) -> cst.BaseExpression | None:
        return None

    def on_call(self, original: cst.Call, updated: cst.Call, symbol: str, ctx: RuleContext) -> cst.BaseExpression | None:
        return None

    def on_module(self, module: cst.Module, ctx: RuleContext) -> cst.Module | None:
        """Program rules only: the rewritten module, or None to leave it as it is."""
        return None

    def watches(self, symbol: str) -> bool:
        return symbol in self.symbols or symbol.startswith(self.prefixes)

    def runs_on(self, symbols: set[str], text: str) -> bool:
        """May ``on_module`` change or report anything in a file resolving ``symbols``, whose source is ``text``?"""
        if self.module_symbols or self.module_prefixes:
            if not (symbols & self.module_symbols or any(s.startswith(self.module_prefixes) for s in symbols)):
                return False
        return not self.module_words or any(word in text for word in self.module_words)


def all_rules() -> list[type[Rule]]:
    import migrate.rules  # noqa: F401  (importing the package registers every rule)

    return [Rule.registry[code] for code in sorted(Rule.registry)]


def select_rules(select: list[str] | None = None, ignore: list[str] | None = None) -> list[type[Rule]]:
    """Filter by rule code, code prefix (``TFM1``) or family name."""

    def hit(rule: type[Rule], patterns: list[str]) -> bool:
        return any(rule.code.startswith(p.upper()) or rule.family == p.lower() for p in patterns)

    chosen = all_rules()
    known = {r.family for r in chosen}
    for pattern in (select or []) + (ignore or []):
        if not any(hit(r, [pattern]) for r in chosen) and pattern.lower() not in known:
            raise ValueError(f"unknown rule code or family: {pattern!r}")
    if select:
        chosen = [r for r in chosen if hit(r, select)]
    if ignore:
        chosen = [r for r in chosen if not hit(r, ignore)]
    return chosen
