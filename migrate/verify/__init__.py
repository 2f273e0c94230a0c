"""Equivalence harness: does a TF2 program behave like the TF1 program it replaces?

`pairs` names the example pairs (same file name in ``legacy_examples/`` and
``modern_examples/``), `harness` runs them in one process per column,
`verdict` holds the pure step-level and accuracy tests, `report` renders the
results. The CLI entry point is ``tf-migrate verify``.
"""

from migrate.verify.harness import DeviceError, codemod_target, migrate_codemod, resolve_device, verify
from migrate.verify.pairs import PAIRS, Pair

__all__ = ["codemod_target", "migrate_codemod", "DeviceError", "PAIRS", "Pair", "resolve_device", "verify"]
