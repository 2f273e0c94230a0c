"""``tf-migrate rules``: list every rule with its code, family, safety and description."""

from __future__ import annotations

from migrate.engine.rule import all_rules


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("rules", help="list the migration rules", description=__doc__)
    parser.set_defaults(handler=main)


def main(args) -> int:
    rules = all_rules()
    width = max(len(r.family) for r in rules)
    for rule in rules:
        print(f"{rule.code}  {rule.family:<{width}}  {rule.safety.value:<6}  {rule.description}")
    return 0
