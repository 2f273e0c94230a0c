"""The ``tf-migrate`` command line: one subcommand per module in ``migrate.commands``.

Each command module defines ``add_parser(subparsers)``, which registers the
subcommand with ``set_defaults(handler=main)``, and ``main(args) -> int``.
Modules are discovered, so adding a command never edits this file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import migrate
import migrate.commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tf-migrate", description="Migrate TensorFlow 1.x code to idiomatic TensorFlow 2."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {migrate.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(migrate.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"migrate.commands.{info.name}")
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    return args.handler(args)
