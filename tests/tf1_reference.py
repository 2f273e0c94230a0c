"""Where genuine TensorFlow 1.15 is, for tests that compare against it (``make setup-tf1``).

``tf1_python()`` is the Python of ``.venv-tf1`` (pyenv's 3.7.16 with ``tensorflow==1.15.5``), or
``$TF_MIGRATE_TF1_PYTHON``; None when neither exists, so a test can skip cleanly::

    python = tf1_python()
    if python is None:
        pytest.skip("no genuine TF 1.15 (make setup-tf1)")
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def tf1_python() -> Path | None:
    """The interpreter with genuine TF 1.15, or None (not installed: no Python 3.7 on this machine)."""
    path = Path(os.environ.get("TF_MIGRATE_TF1_PYTHON", REPO / ".venv-tf1" / "bin" / "python"))
    return path if path.exists() else None
