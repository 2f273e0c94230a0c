"""Helpers for the CLI tests: sample programs, an in-process runner, tree snapshots.

A module of its own (not conftest.py) so ``from cli_helpers import ...`` is unambiguous.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from migrate import cli

SAMPLE = (
    "import tensorflow as tf\n"
    "x = tf.placeholder(tf.float32, [None, 4])\n"
    "y = tf.log(tf.reduce_sum(x, reduction_indices=1, keep_dims=True))\n"
)
SAMPLE_MIGRATED = (
    "import tensorflow as tf\n"
    "x = tf.placeholder(tf.float32, [None, 4])\n"
    "y = tf.math.log(tf.reduce_sum(x, axis=1, keepdims=True))\n"
)
CLEAN = "import os\nprint(os.sep)\n"
FIXTURES = Path(__file__).parent / "fixtures"


class Run:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return f"Run(code={self.code}, out={self.out!r}, err={self.err!r})"


def make_runner(capsys, monkeypatch):
    """``tfm("rewrite", path, ...)`` runs the CLI in-process and returns exit code, stdout and stderr."""

    def run(*argv, stdin: bytes | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsys.readouterr()
        code = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under ``root``: bytes, mtime and mode, to prove nothing was touched."""
    state = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            if path.is_symlink():
                state[str(path.relative_to(root))] = (os.readlink(path).encode(), 0, 0)
                continue
            info = path.stat()
            state[str(path.relative_to(root))] = (path.read_bytes(), info.st_mtime_ns, info.st_mode)
    return state
