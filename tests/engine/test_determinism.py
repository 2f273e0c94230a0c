"""The output and the findings do not depend on PYTHONHASHSEED (no set iteration order reaches them).

Each seed migrates the files in a fresh interpreter (the hash seed is fixed at start-up), writing
to an --out-dir and a JSON report; the migrated bytes and the finding lists must be identical.
Before the fix, against seed 0: seed 1 reordered the ``tf.train.Checkpoint(...)`` keywords and the
TFM300 findings of cnn_checkpoint.py, seed 2 the two TFM300 findings of hvass_helpers_session.py
and the TFM299 findings of FACTORIES, seed 5 named TIE's function compute_y_yy instead of compute_yy_y.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = ["legacy_examples/cnn_checkpoint.py", "tests/corpus/graph/hvass_helpers_session.py"]
SEEDS = ["0", "1", "2", "5"]
# two placeholder factories: a TFM299 finding each, in the order of the defs
FACTORIES = """import tensorflow as tf


def features(n):
    x = tf.placeholder(tf.float32, [None, n])
    return x


def labels(k):
    y = tf.placeholder(tf.float32, [None, k])
    return y


x = features(4)
y = labels(3)
w = tf.Variable(tf.zeros([4, 3]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run([train, loss], {x: [[1.0, 2.0, 3.0, 4.0]], y: [[1.0, 0.0, 0.0]]}))
"""
# ``yy + y``: str.find puts both names at 0; the function is named after them in the order they appear
TIE = """import tensorflow as tf

x = tf.placeholder(tf.float32, [None])
yy = x * 2.0
y = x + 1.0
with tf.Session() as sess:
    print(sess.run(yy + y, {x: [1.0, 2.0]}))
"""


def _migrate(seed: str, target: str, out: Path, programs: list[str]) -> tuple[dict[str, bytes], list]:
    env = dict(os.environ, PYTHONHASHSEED=seed, TF_MIGRATE_NO_CACHE="1")
    report = out / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "migrate", "rewrite", "--out-dir", str(out / "tree"), "--report", str(report),
         "--no-cache", "--jobs", "1", "-q", "--target", target, *FILES, *programs],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr  # 1: findings that need attention
    outputs = {f: (out / "tree" / Path(f).name).read_bytes() for f in [*FILES, *programs]}  # written by name
    files = json.loads(report.read_text())["files"]
    return outputs, [(f["path"], f["findings"]) for f in files]


@pytest.mark.parametrize("target", ["tf2.15", "latest"])
def test_output_and_findings_do_not_depend_on_the_hash_seed(tmp_path, target):
    programs = []
    for name, source in (("factories_probe.py", FACTORIES), ("tie_probe.py", TIE)):
        (tmp_path / name).write_text(source)
        programs.append(str(tmp_path / name))
    results = {seed: _migrate(seed, target, tmp_path / seed, programs) for seed in SEEDS}
    outputs, findings = results[SEEDS[0]]
    assert any(code for _, fs in findings for code in fs), "no findings: the comparison would prove nothing"
    for seed in SEEDS[1:]:
        for f in outputs:
            assert results[seed][0][f] == outputs[f], f"{f}: output differs between PYTHONHASHSEED={SEEDS[0]} and {seed}"
        assert results[seed][1] == findings, f"findings differ between PYTHONHASHSEED={SEEDS[0]} and {seed}"
    assert b"def compute_yy_y(" in outputs[programs[1]]  # the order of first appearance
