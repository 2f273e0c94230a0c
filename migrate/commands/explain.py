"""``tf-migrate explain SYMBOL``: what a TF1 symbol becomes on each target profile, why, and which rule does it."""

from __future__ import annotations

import sys

from migrate.explain import TARGETS, explain, handled, reference, suggestions


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("explain", help="explain how a TF1 symbol is migrated", description=__doc__)
    parser.add_argument("symbol", nargs="?", help="a TF1 symbol: tf.contrib.layers.fully_connected, "
                        "tf.compat.v1.log, slim.conv2d, tfe.Iterator...")
    parser.add_argument("--list", action="store_true", help="list every handled TF1 symbol")
    parser.set_defaults(handler=main)


def main(args) -> int:
    if args.list:
        for symbol in handled():
            print(f"tf.{symbol}")
        return 0
    if not args.symbol:
        print("tf-migrate explain: give a SYMBOL or --list", file=sys.stderr)
        return 2
    found = explain(args.symbol)
    if found is None:
        close = suggestions(args.symbol)
        hint = f"; did you mean: {', '.join('tf.' + c for c in close)}?" if close else ""
        print(f"tf-migrate explain: tf-migrate knows nothing about {args.symbol!r}{hint}", file=sys.stderr)
        return 2
    print(f"TF1: tf.{found.symbol}")
    if found.unchanged:
        print(f"  TF2: tf.{found.symbol}, unchanged: TF 2 has the same public name (nothing to migrate)")
    elif not found.mappings:
        print("  no mapping table row; see the rules below")
    for mapping in found.mappings:
        if len(found.mappings) > 1 or mapping.tf1 != found.symbol:
            print(f"\n[{mapping.family or 'table'}] tf.{mapping.tf1}")
        for target in TARGETS:
            print(f"  TF2 ({target}): {mapping.form(target) or '(none: left with an error finding)'}")
        if mapping.notes:
            print(f"  notes: {mapping.notes}")
        if mapping.before:
            print("  before:\n" + _indent(mapping.before))
        if mapping.after:
            print("  after:\n" + _indent(mapping.after))
    if found.examples and not any(m.before for m in found.mappings):
        example = found.examples[0]
        print("  before:\n" + _indent(example.before) + "\n  after:\n" + _indent(example.after))
    for rule in found.rules:
        print(f"rule: {rule.code} ({rule.family}, {rule.safety.value}) {rule.description}")
    if found.mappings and found.mappings[0].tf1 == found.symbol:
        print(f"reference: docs/site_src/{reference(found.symbol)} (make docs builds the site)")
    return 0


def _indent(code: str) -> str:
    return "\n".join("    " + line for line in code.rstrip("\n").splitlines())
