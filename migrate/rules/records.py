"""TFRecord reading: the v1 record iterator becomes a ``tf.data.TFRecordDataset``.

(``tf.python_io.TFRecordWriter`` / ``TFRecordOptions`` and ``tf.parse_single_example``
are plain renames, done by TFM100 from the generated table.)
"""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules._graph_mode import compat_call, kept_in_graph_mode

# Files that switch eager execution off: ``.numpy()`` on a dataset element needs it.
_GRAPH_MODE = frozenset({"disable_eager_execution", "disable_v2_behavior"})


class TFRecordIterator(Rule):
    """``tf.python_io.tf_record_iterator(path)`` -> ``(r.numpy() for r in tf.data.TFRecordDataset(path))``.

    The v1 iterator is a generator of the serialized records (``bytes``) in file
    order; iterating the dataset eagerly and taking ``.numpy()`` yields the same
    bytes in the same order (tests/ecosystem/test_numerics.py checks it on a
    file it writes). Refuses ``options`` (a TFRecordOptions or compression
    string: map it to ``compression_type=`` by hand) and files that disable
    eager execution.
    """

    code = "TFM270"
    family = "records"
    description = "tf_record_iterator(path) -> iterate tf.data.TFRecordDataset(path) as bytes"
    symbols = frozenset({"python_io.tf_record_iterator", "io.tf_record_iterator"})
    examples = (
        Example(
            "import tensorflow as tf\nfor s in tf.python_io.tf_record_iterator(path):\n    print(len(s))\n",
            "import tensorflow as tf\nfor s in (record.numpy() for record in tf.data.TFRecordDataset(path)):\n    print(len(s))\n",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\nn = sum(1 for _ in tf.io.tf_record_iterator(p))\n",
            "import tensorflow.compat.v1 as tf\nn = sum(1 for _ in (record.numpy() for record in tf.data.TFRecordDataset(p)))\n",
        ),
        Example("import tensorflow as tf\nit = tf.python_io.tf_record_iterator(path, options=opts)\n", None,
                "options: compression must be mapped by hand"),
        Example("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\nit = tf.python_io.tf_record_iterator(path)\n",
                "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n"
                "it = tf.compat.v1.python_io.tf_record_iterator(path)\n",
                "graph mode: .numpy() would fail, the v1 iterator stays on tf.compat.v1"),
        Example("import tensorflow as tf\nfor r in tf.data.TFRecordDataset(path):\n    pass\n", None, "already TF2"),
    )

    def on_call(self, original, updated, symbol, ctx):
        bound = _calls.bind(updated, ("path", "options"))
        why = None
        if bound is None or "path" not in bound:
            why = "its arguments can't be matched statically"
        elif "options" in bound:
            why = "it passes options: use tf.data.TFRecordDataset(path, compression_type='GZIP'/'ZLIB')"
        elif _GRAPH_MODE & set(ctx.symbols.values()):
            why = "the file disables eager execution, and the dataset's records need .numpy()"
        if why:
            kept = kept_in_graph_mode(ctx, symbol)
            ctx.report(original, self.code, Severity.WARNING,
                       f"tf.{symbol} " + (f"kept as tf.compat.v1.{symbol}" if kept else "left as is") + f": {why}",
                       fixed=kept)
            return compat_call(original, updated, symbol, ctx) if kept else None
        dataset = cst.Call(ctx.replace(original.func, ctx.ref("data.TFRecordDataset")), [cst.Arg(bound["path"].value)])
        element = cst.Call(cst.Attribute(cst.Name("record"), cst.Name("numpy")), [])
        ctx.report(original, self.code, Severity.INFO,
                   f"tf.{symbol} -> the records of tf.data.TFRecordDataset as bytes", fixed=True)
        return cst.GeneratorExp(element, cst.CompFor(target=cst.Name("record"), iter=dataset))
