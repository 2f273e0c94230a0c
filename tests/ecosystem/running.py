"""Run one whole program in a child interpreter with its seeds set from outside, as ``tf-migrate verify`` does.

The programs of ``programs/`` are unseeded, like the TF1 tutorials they copy; one unlucky draw (Adam at
lr 0.05 on a 10-20-10 ReLU net left iris at chance, 0.3, once in a CI run) must not decide a comparison.
`migrate/verify/launch.py` seeds Python, numpy and TensorFlow's global seed in the API of ``mode``
(``tf1`` for genuine TF 1.15 and for ``tensorflow.compat.v1`` on TF 2, ``tf2`` for migrated code) and
runs the program as ``__main__``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.seeded import launched


def run(python: str, source: str, tmp_path: Path, name: str, mode: str = "tf2", seed: int = 0) -> dict:
    """Run ``source`` with ``python`` (seeded in ``mode``); the dict its last ``RESULT {json}`` line printed."""
    path = tmp_path / name
    path.write_text(source)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("TF2_BEHAVIOR", None)  # set by importing TF 2 in this process; TF 1.15 children must not see it
    done = subprocess.run([python, *launched(mode, path, seed=seed)], capture_output=True, text=True,
                          env=env, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    line = [l for l in done.stdout.splitlines() if l.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])
