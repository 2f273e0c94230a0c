"""Subcommands of ``tf-migrate``; every module here is one subcommand (see ``migrate.cli``)."""
