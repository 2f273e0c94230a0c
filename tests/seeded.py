"""Start a whole program with its seeds set from outside, as ``tf-migrate verify`` does (`migrate/verify/launch.py`).

A test that compares a trained metric must not depend on one draw. A program's own ``tf.set_random_seed(0)`` is
not enough everywhere: Keras 3 (the latest profile) draws its initializers' seeds from Python's ``random``, which
``tf.random.set_seed`` leaves alone, so the migrated keras_tape_digits gave 0.879-0.896 over three unseeded runs on
latest and 0.8788 three times through the launcher. The launcher seeds Python, numpy and TensorFlow in the API of
``mode`` (``tf1``: genuine TF 1.15; ``runtime``: the tf-migrate runtime; ``tf2``: migrated code) and runs the script
as ``__main__``. tests/ecosystem/running.py starts its programs the same way.
"""

from __future__ import annotations

from pathlib import Path

LAUNCH = Path(__file__).resolve().parents[1] / "migrate" / "verify" / "launch.py"
SEED = 0


def launched(mode: str, script, *args, seed: int = SEED) -> list[str]:
    """The interpreter's arguments that run ``script ARGS`` seeded: ``launch.py MODE SEED SCRIPT ARGS``."""
    return [str(LAUNCH), mode, str(seed), str(script), *map(str, args)]
