"""Every rule, one small class each, grouped in modules by family.

Importing this package registers them all (see ``migrate.engine.rule``).
"""

from migrate.rules import absl_compat, arguments, casts, devices, graph, image, nn, renames  # noqa: F401
