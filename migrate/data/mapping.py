"""One row of "what TF1 thing became what TF2 thing", shared by every mapping table.

Tables (``MAPPINGS`` in ``migrate.data.*_map`` modules) hold these rows next to the
code that reads them; ``tf-migrate explain`` and ``docs/api_map.md`` are generated
from them, so a mapping is documented exactly where it is implemented.
"""

from __future__ import annotations

from dataclasses import dataclass

SAME = "same"  # ``latest`` is the same as ``tf2`` (the default profile)


@dataclass(frozen=True)
class Mapping:
    tf1: str  # the TF1 symbol relative to ``tensorflow`` ("contrib.layers.fully_connected")
    tf2: str | None  # its TF2 form on the default profile (tf2.15 + addons); None: nothing exists
    latest: str | None = SAME  # its form on ``--target latest`` (Keras 3, no addons); None: nothing exists
    notes: str = ""  # what changed: defaults, scale, semantics, why it can't be done
    before: str = ""  # a short TF1 example
    after: str = ""  # the same example in TF2
    family: str = ""  # which table / rule family handles it

    def form(self, target: str) -> str | None:
        """The TF2 form for a profile (``tf2.15`` or ``latest``)."""
        return self.tf2 if target != "latest" or self.latest == SAME else self.latest
