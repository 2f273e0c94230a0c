"""Device queries that TF2 moved to ``tf.config``."""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity


class IsGpuAvailable(Rule):
    """``tf.test.is_gpu_available()`` -> ``bool(tf.config.list_physical_devices('GPU'))``.

    The TF1 call also created a session and could take ``cuda_only`` /
    ``min_cuda_compute_capability``; with those arguments it is left and reported.
    """

    code = "TFM130"
    family = "devices"
    description = "tf.test.is_gpu_available -> tf.config.list_physical_devices('GPU')"
    symbols = frozenset({"test.is_gpu_available"})
    examples = (
        Example(
            "import tensorflow as tf\nprint(tf.test.is_gpu_available())\n",
            "import tensorflow as tf\nprint(bool(tf.config.list_physical_devices('GPU')))\n",
        ),
        Example("import tensorflow as tf\nok = tf.test.is_gpu_available(cuda_only=True)\n", None, "arguments: reported"),
        Example("import tensorflow as tf\nok = tf.config.list_physical_devices('GPU')\n", None, "already TF2"),
    )

    def on_call(self, original, updated, symbol, ctx):
        if updated.args:
            ctx.report(original, self.code, Severity.WARNING,
                       "tf.test.is_gpu_available with arguments: use tf.config.list_physical_devices('GPU') "
                       "and check the device details yourself", fixed=False)
            return None
        ctx.report(original, self.code, Severity.INFO, "tf.test.is_gpu_available is deprecated; asks tf.config", fixed=True)
        listing = cst.Call(ctx.replace(original.func, ctx.ref("config.list_physical_devices")), [cst.Arg(cst.SimpleString("'GPU'"))])
        return cst.Call(cst.Name("bool"), [cst.Arg(listing)])
