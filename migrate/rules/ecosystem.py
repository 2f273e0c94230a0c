"""Ecosystem habits that still run on TF2 but are no longer how TF2 code is written."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ParentNodeProvider

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity


class _TensorFlowUses(cst.CSTVisitor):
    def __init__(self, symbols: dict[int, str]) -> None:
        self.symbols = symbols
        self.count = 0

    def visit_Name(self, node: cst.Name) -> None:
        self.count += id(node) in self.symbols

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if id(node) in self.symbols:
            self.count += 1
            return False
        return True


class DevicePlacement(Rule):
    """``with tf.device("/gpu:0"):`` around model-building code.

    TF1 code pinned whole models to a device because placement was manual and
    ``allow_soft_placement`` was off by default. TF2 places every op itself
    (GPU when there is one, soft placement on), so the block is usually
    unneeded, and a hard-coded ``/gpu:0`` fails on a machine without one only
    for ops that have no CPU kernel. The code keeps running, so it is left as
    is with the advice: hide devices with ``tf.config.set_visible_devices``,
    keep ``tf.device`` around the few calls that must be pinned, use
    ``tf.distribute.MirroredStrategy`` for several GPUs. Blocks with no
    TensorFlow call inside are not reported.
    """

    code = "TFM271"
    family = "devices"
    description = "Report tf.device blocks wrapping model building, with TF2 placement advice"
    symbols = frozenset({"device"})
    examples = (
        Example("import tensorflow as tf\nwith tf.device('/gpu:0'):\n    w = tf.Variable(tf.zeros([3]))\n", None,
                "reported: TF2 places ops itself"),
        Example("import tensorflow as tf\nwith tf.device('/cpu:0'):\n    data = load()\n", None,
                "no TensorFlow inside: not reported"),
        Example("import tensorflow as tf\nd = tf.device('/cpu:0')\n", None, "not a with block: not reported"),
    )

    def on_call(self, original, updated, symbol, ctx):
        parents = ctx.metadata.resolve(ParentNodeProvider)  # computed once per file, only when tf.device is used
        item = parents.get(original)
        block = parents.get(item) if isinstance(item, cst.WithItem) else None
        if not isinstance(block, cst.With):
            return None
        uses = _TensorFlowUses(ctx.symbols)
        block.body.visit(uses)
        if not uses.count:
            return None
        device = original.args[0].value if original.args else None
        where = f"({device.value})" if isinstance(device, cst.SimpleString) else "(...)"
        ctx.report(original, self.code, Severity.WARNING,
                   f"tf.device{where} wraps model code ({uses.count} TensorFlow references): TF2 places ops itself (GPU when present, "
                   "soft placement on); drop the block or keep tf.device only around calls that must be pinned, "
                   "hide devices with tf.config.set_visible_devices, use tf.distribute.MirroredStrategy for "
                   "several GPUs. Left as is", fixed=False)
        return None
