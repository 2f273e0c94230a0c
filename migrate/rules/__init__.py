"""Every rule, one small class each, grouped in modules by family.

Importing this package registers them all (see ``migrate.engine.rule``):
every module here is imported, so adding a family never edits this file.
Modules whose name starts with ``_`` are helpers, not rules.
"""

import importlib
import pkgutil

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")
