"""A contrib program migrated for each profile runs there and computes what contrib did.

The TF1 program is migrated here (TF 2.15 environment) with ``--target tf2.15`` and with
``--target latest``, then executed by ``.venv/bin/python`` / ``.venv-latest/bin/python``
(TensorFlow 2.21, Keras 3) in a subprocess; its printed values are compared with the
contrib ports of the tf-migrate runtime evaluated here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from migrate.engine.context import Options
from migrate.engine.source import default_rules, migrate_python

ROOT = Path(__file__).resolve().parents[2]
PYTHONS = {"tf2.15": ROOT / ".venv" / "bin" / "python", "latest": ROOT / ".venv-latest" / "bin" / "python"}

PROGRAM = '''\
import json
import sys
import numpy as np
import tensorflow as tf

data = np.load(sys.argv[1])
w, z, y, p, t, wt = (tf.constant(data[k]) for k in ("w", "z", "y", "p", "t", "wt"))
reg = tf.contrib.layers.l2_regularizer(0.001)
reg_l1l2 = tf.contrib.layers.l1_l2_regularizer(0.01, 0.02)
init = tf.contrib.layers.xavier_initializer(uniform=False)
dense = tf.keras.layers.Dense(1000, kernel_initializer=tf.contrib.layers.variance_scaling_initializer())
dense.build((None, 1000))
loss = tf.contrib.losses.softmax_cross_entropy(z, y)
seq_loss = tf.contrib.seq2seq.sequence_loss(tf.reshape(z, [2, 4, 4]), tf.reshape(tf.argmax(y, 1), [2, 4]), tf.ones([2, 4]))
loss_weighted = tf.contrib.losses.mean_squared_error(p, t, weights=wt)
predicted, labels = tf.argmax(z, 1), tf.argmax(y, 1)
acc = tf.contrib.metrics.accuracy(predicted, labels)
flat = tf.contrib.framework.nest.flatten({"a": 1, "b": (2, 3)})
ds = tf.data.Dataset.range(6).apply(tf.contrib.data.shuffle_and_repeat(6, count=1))
items = sorted(int(v) for v in tf.contrib.eager.Iterator(ds))
writer = tf.contrib.summary.create_file_writer(sys.argv[2])
with writer.as_default(), tf.contrib.summary.always_record_summaries():
    tf.contrib.summary.scalar("loss", loss, step=0)
writer.flush()
print(json.dumps({
    "tf": tf.__version__,
    "reg": float(reg(w)), "reg_l1l2": float(reg_l1l2(w)),
    "init_std": float(np.std(init((1000, 1000)).numpy())),
    "dense_std": float(np.std(dense.kernel.numpy())),
    "loss": float(loss), "seq_loss": float(seq_loss), "loss_weighted": float(loss_weighted), "acc": float(acc),
    "flat": flat, "items": items,
    "mode": tf.contrib.learn.ModeKeys.INFER,
    "converter": tf.contrib.lite.TFLiteConverter.__name__,
}))
'''


def migrate(target: str):
    out, findings = migrate_python(PROGRAM.encode(), "program.py", default_rules(), Options(target=target))
    return out.decode(), findings


@pytest.mark.parametrize("target", list(PYTHONS))
def test_the_migration_leaves_no_contrib_and_no_error(target):
    text, findings = migrate(target)
    assert "contrib" not in text
    assert not [f for f in findings if f.severity.value == "error"], findings
    assert "tfa" not in text and "compat.v1.layers" not in text


@pytest.mark.parametrize("target", list(PYTHONS))
def test_migrated_program_runs_on_its_profile_and_matches_contrib(target, tmp_path):
    if not PYTHONS[target].exists():
        pytest.skip(f"no {PYTHONS[target]}")
    migrated = migrate(target)
    import tensorflow as tf

    from migrate.runtime import contrib_layers, contrib_losses

    rng = np.random.default_rng(1)
    arrays = {
        "w": rng.normal(size=(7, 5)).astype(np.float32),
        "z": rng.normal(size=(8, 4)).astype(np.float32),
        "y": np.eye(4, dtype=np.float32)[rng.integers(0, 4, size=8)],
        "p": rng.normal(size=(8, 3)).astype(np.float32),
        "t": rng.normal(size=(8, 3)).astype(np.float32),
        "wt": rng.random((8, 1)).astype(np.float32),
    }
    np.savez(tmp_path / "data.npz", **arrays)
    script = tmp_path / "program.py"
    script.write_text(migrated[0])
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([str(PYTHONS[target]), str(script), str(tmp_path / "data.npz"), str(tmp_path / "logs")],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["tf"].startswith("2.15") == (target == "tf2.15")

    w = tf.constant(arrays["w"])
    assert got["reg"] == pytest.approx(float(contrib_layers.l2_regularizer(0.001)(w)), rel=1e-6)
    assert got["reg_l1l2"] == pytest.approx(float(contrib_layers.l1_l2_regularizer(0.01, 0.02)(w)), rel=1e-6)
    assert got["init_std"] == pytest.approx(float(np.std(contrib_layers.xavier_initializer(uniform=False)((1000, 1000)))),
                                            rel=5e-3)
    he = contrib_layers.variance_scaling_initializer()((1000, 1000))
    assert got["dense_std"] == pytest.approx(float(np.std(he)), rel=5e-3)
    assert got["loss"] == pytest.approx(float(contrib_losses.softmax_cross_entropy(arrays["z"], arrays["y"])), rel=1e-6)
    from migrate.runtime import contrib_training

    seq = contrib_training.sequence_loss(tf.reshape(arrays["z"], [2, 4, 4]),
                                         tf.reshape(tf.argmax(arrays["y"], 1), [2, 4]), tf.ones([2, 4]))
    assert got["seq_loss"] == pytest.approx(float(seq), rel=1e-6)
    assert got["loss_weighted"] == pytest.approx(
        float(contrib_losses.mean_squared_error(arrays["p"], arrays["t"], weights=arrays["wt"])), rel=1e-6)
    assert got["acc"] == pytest.approx(float(np.mean(arrays["z"].argmax(1) == arrays["y"].argmax(1))))
    assert got["flat"] == [1, 2, 3] and got["items"] == list(range(6))
    assert got["mode"] == "infer" and got["converter"] == "TFLiteConverterV2"  # ModeKeys.PREDICT is "infer" too
    assert any((tmp_path / "logs").iterdir())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
