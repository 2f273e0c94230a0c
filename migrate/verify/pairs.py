"""The registry of example pairs: a TF1 program and its TF2 twin with the same file name.

Each pair lists the keyword arguments its ``run()`` gets for a full run, a
``--quick`` run and the step-level check. ``--quick`` trains on the whole
training set to the examples' documented result (the epochs measured on
2 CPU cores, legacy on the runtime, seed 0: CNN 8 epochs 0.961, LSTM 12
epochs 0.942 - 20 epochs gave 0.911, its Adam at 5e-3 oscillates), so the
accuracy verdict compares trained models; the tests' tiny mode overrides it. The step check uses ``seed=0``,
``epochs=1`` and ``limit_train = steps * batch_size`` so it is exactly
``steps`` optimizer steps long. ``legacy_step`` / ``modern_step`` hold the
column-specific switches that make a step check meaningful - dropout off,
because TF1 and TF2 draw different dropout masks from different RNG streams.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEGACY_DIR = ROOT / "legacy_examples"
MODERN_DIR = ROOT / "modern_examples"


@dataclass(frozen=True)
class Pair:
    name: str
    legacy: Path
    modern: Path
    full: dict
    quick: dict
    step_steps: int = 20
    step_batch_size: int = 32
    legacy_step: dict = field(default_factory=dict)
    modern_step: dict = field(default_factory=dict)
    note: str = ""
    scratch_arg: str | None = None  # run() argument naming a directory for checkpoints/records/logs

    def run_kwargs(self, quick: bool) -> dict:
        return dict(self.quick if quick else self.full)

    def step_kwargs(self, column: str) -> dict:
        """Keyword arguments of the step-level run for ``column`` ("legacy"/"modern")."""
        base = {**self.quick, "seed": 0, "epochs": 1, "batch_size": self.step_batch_size,
                "limit_train": self.step_steps * self.step_batch_size}
        base.update(self.legacy_step if column == "legacy" else self.modern_step)
        return base


def _pair(name, *, full, quick, **kw) -> Pair:
    return Pair(name, LEGACY_DIR / f"{name}.py", MODERN_DIR / f"{name}.py", full, quick, **kw)


PAIRS = {
    p.name: p
    for p in [
        _pair("softmax_regression",
              full={"epochs": 5, "batch_size": 100},
              quick={"epochs": 5, "batch_size": 100}),
        _pair("mlp_dropout",
              full={"epochs": 10, "batch_size": 64},
              quick={"epochs": 6, "batch_size": 64},
              legacy_step={"keep_prob": 1.0}, modern_step={"dropout_rate": 0.0},
              note="step check with dropout off (keep_prob 1.0 / rate 0): TF1 and TF2 draw different masks"),
        _pair("cnn_checkpoint",
              full={"epochs": 10, "batch_size": 64},
              quick={"epochs": 8, "batch_size": 64},
              scratch_arg="checkpoint_dir"),
        _pair("contrib_adamw",
              full={"epochs": 10, "batch_size": 64},
              quick={"epochs": 6, "batch_size": 64},
              legacy_step={"weight_decay": 0.0}, modern_step={"weight_decay": 0.0},
              note="step check with weight decay off: contrib AdamW's decay op has no dependency on the "
                   "forward pass, so TF1 `sess.run([train_op, loss])` may read already-decayed weights "
                   "(a race; with decay on the losses differ by ~1e-4 from step 0). Decay is covered by "
                   "the accuracy check."),
        _pair("lstm_rows",
              full={"epochs": 20, "batch_size": 64},
              quick={"epochs": 20, "batch_size": 64}),
        _pair("dnn_classifier",
              full={"epochs": 50, "batch_size": 16, "data": "iris"},
              quick={"epochs": 30, "batch_size": 16, "data": "iris"},
              step_batch_size=4, scratch_arg="model_dir",
              note="iris (120 train / 30 test): one test example is 0.033 of accuracy"),
        _pair("tfrecord_pipeline",
              full={"epochs": 10, "batch_size": 64},
              quick={"epochs": 6, "batch_size": 64},
              scratch_arg="work_dir"),
        _pair("poets_tflite",
              full={"epochs": 5, "batch_size": 64},
              quick={"epochs": 5, "batch_size": 64},
              scratch_arg="export_dir",
              note="the seeds' codelab: the .tflite model's accuracy is checked against the TF2 model's "
                   "in tests/export/test_frozen_graph_programs.py"),
    ]
}
