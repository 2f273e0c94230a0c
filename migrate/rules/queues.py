"""Queue-runner input pipelines -> ``tf.data`` (the builder is ``migrate.rules._queue_pipeline``)."""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from migrate.data import queue_map as Q
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.graph.blocks import reads, single_statement
from migrate.graph.plan import Refusal
from migrate.rules import _queue_pipeline as P


class QueuePipelines(Rule):
    """``string_input_producer`` + reader + ``batch``/``shuffle_batch`` -> a ``tf.data`` pipeline.

    TF1 fed models through queues filled by threads (``start_queue_runners``);
    TF2 has no queue runners in eager code, and TF 1.15's own deprecation notes
    give the ``tf.data`` stage of each piece (``migrate/data/queue_map.py``).
    The producer becomes a dataset of file names (``.shuffle`` when it shuffled,
    ``.repeat(num_epochs)``), the reader the dataset of their records
    (``TFRecordDataset``, ``TextLineDataset`` with ``skip_header_lines`` per file,
    ``FixedLengthRecordDataset``, ``tf.io.read_file``), the per-example code a
    mapped function (``num_threads`` -> ``num_parallel_calls``), the batcher
    ``.shuffle(min_after_dequeue)`` and ``.batch(batch_size, drop_remainder=not
    allow_smaller_final_batch)``; the batch tensors come from
    ``tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()``, which still ends
    with ``OutOfRangeError`` in graph mode and which TFM300 turns into Python
    iteration. Unshuffled, the records come in TF1's order. Once no queue is
    left in the file, ``start_queue_runners`` and ``coord.join(threads)`` go
    (``tf.train.Coordinator`` is TF2 API and stays). Refuses, with a finding,
    what the table does not map: ``read_up_to``, a record key other than
    WholeFileReader's file name, ``batch_join``, non-literal flags, per-example
    tensors read after the batch, a queue read twice.
    """

    code = "TFM280"
    family = "queues"
    description = "queue-runner input pipelines (producers, readers, batch/shuffle_batch) -> tf.data"
    program = True
    symbols = Q.SYMBOLS
    examples = (
        Example(
            "import tensorflow as tf\n"
            "q = tf.train.string_input_producer(files, num_epochs=1, shuffle=False)\n"
            "reader = tf.TFRecordReader()\n"
            "_, value = reader.read(q)\n"
            "x = tf.parse_single_example(value, spec)['x']\n"
            "xs = tf.train.batch([x], batch_size=4, allow_smaller_final_batch=True)\n",
            "import tensorflow as tf\n"
            "dataset = tf.data.Dataset.from_tensor_slices(files)\n"
            "dataset = dataset.repeat(1)\n"
            "dataset = tf.data.TFRecordDataset(dataset)\n"
            "def parse_example(value):\n"
            "    x = tf.io.parse_single_example(value, spec)['x']\n"
            "    return x\n"
            "dataset = dataset.map(parse_example)\n"
            "dataset = dataset.batch(4)\n"
            "xs = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()\n",
            "records in file order, the last smaller batch kept",
        ),
        Example(
            "import tensorflow as tf\n"
            "x, y = tf.train.slice_input_producer([images, labels], shuffle=False)\n"
            "xs, ys = tf.train.batch([x, y], 32)\n",
            "import tensorflow as tf\n"
            "dataset = tf.data.Dataset.from_tensor_slices((images, labels,))\n"
            "dataset = dataset.repeat()\n"
            "dataset = dataset.batch(32, drop_remainder=True)\n"
            "xs, ys = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()\n",
            "slices of in-memory arrays, endless epochs, partial batches dropped as TF1 did",
        ),
        Example(
            "import tensorflow as tf\n"
            "q = tf.train.string_input_producer(files)\n"
            "reader = tf.TFRecordReader()\n"
            "keys, values = reader.read_up_to(q, 10)\n",
            None, "read_up_to: not mapped (a finding says so)",
        ),
        Example("import tensorflow as tf\nds = tf.data.TFRecordDataset(files).batch(4)\n", None, "already tf.data"),
        Example("import queue\nq = queue.Queue()\nbatch = q.get()\n", None, "not TensorFlow"),
    )

    def on_module(self, module, ctx):
        present = set(ctx.symbols.values())
        if not present & Q.SYMBOLS:
            return None
        tf = ctx.tf_alias or "tf"
        taken = reads(module) | set(ctx.names.module_scope.bindings)

        def fresh(stem: str) -> str:
            name, i = stem, 1
            while name in taken:
                name, i = f"{stem}_{i}", i + 1
            taken.add(name)
            return name

        try:
            found = P.decoders(module, ctx)
            builder = P.PipelineBuilder(ctx, tf, fresh, found, P.returners(module))
            suites = _Suites(builder, ctx)
            rewritten = module.visit(suites)
            for name, decoder in found.items():
                if builder.decoded.get(name) != P.calls_of(module, name):
                    if builder.decoded.get(name):
                        raise Refusal(decoder.function, f"{name}() reads a queue, and not every call of it is "
                                                        "in a pipeline this rule converts")
        except Refusal as refusal:
            ctx.report(refusal.node, self.code, Severity.WARNING,
                       f"queue pipeline kept (queue runners still needed): {refusal.message}", fixed=False)
            return None
        if not builder.consumed:
            return None
        body = []
        for statement in rewritten.body:
            name = statement.name.value if isinstance(statement, cst.FunctionDef) else None
            body.append(P.decoder_function(found[name], statement) if builder.decoded.get(name) else statement)
        rewritten = rewritten.with_changes(body=body)
        for note in builder.notes:
            ctx.report(note.node, self.code, Severity.INFO if note.exact else Severity.WARNING, note.text, fixed=True)
        if _all_consumed(ctx, builder.consumed + [d.function for n, d in found.items() if builder.decoded.get(n)]):
            rewritten = _drop_queue_runners(rewritten, suites.marks, builder, suites.callers)
        elif builder.datasets:
            rewritten = _drop_queue_runners(rewritten, {}, builder, suites.callers)
        if ctx.tf_alias is None:
            ctx.add_import("tensorflow", asname="tf")
            rewritten = AddImportsVisitor(ctx.codemod).transform_module(rewritten)
        return rewritten


class _Suites(cst.CSTTransformer):
    """Run the builder over every statement list, innermost first (symbols are read from the originals).

    It also marks ``start_queue_runners`` statements and ``coord.join(threads)`` of their threads
    (``marks``: id of the statement in the result -> ("start" | "join", threads name)).
    """

    def __init__(self, builder: P.PipelineBuilder, ctx) -> None:
        self.builder, self.ctx = builder, ctx
        self.marks: dict[int, tuple[str, str | None]] = {}
        self.threads: set[str] = set()
        self.callers: dict[int, str] = {}  # id of a ``a, b = f(...)`` statement in the result -> f

    def visit_FunctionDef(self, node):
        if self.builder.function is None:
            self.builder.function = node.name.value
            self.top = node

    def leave_FunctionDef(self, original, updated):
        if getattr(self, "top", None) is original:
            self.builder.function = None
        return updated

    def leave_SimpleStatementLine(self, original, updated):
        small = single_statement(original)
        value = getattr(small, "value", None)
        if isinstance(value, cst.Call) and self.ctx.symbol(value.func) in Q.QUEUE_RUNNERS:
            target = small.targets[0].target if isinstance(small, cst.Assign) and len(small.targets) == 1 else None
            if isinstance(small, cst.Expr) or isinstance(target, cst.Name):
                self.marks[id(updated)] = ("start", target.value if target is not None else None)
                if target is not None:
                    self.threads.add(target.value)
        elif (isinstance(small, cst.Assign) and isinstance(value, cst.Call) and isinstance(value.func, cst.Name)
                and value.func.value in self.builder.returners):
            self.callers[id(updated)] = value.func.value
        elif (isinstance(small, cst.Expr) and isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
                and value.func.attr.value == "join" and len(value.args) == 1
                and isinstance(value.args[0].value, cst.Name) and value.args[0].value.value in self.threads):
            self.marks[id(updated)] = ("join", value.args[0].value.value)
        return updated

    def leave_IndentedBlock(self, original, updated):
        new = self.builder.convert(list(original.body), list(updated.body))
        return updated if new is None else updated.with_changes(body=new)

    def leave_Module(self, original, updated):
        new = self.builder.convert(list(original.body), list(updated.body))
        return updated if new is None else updated.with_changes(body=new)


def _all_consumed(ctx, statements) -> bool:
    """Every queue construct of the file was in a converted statement: no queue runner is left to start."""
    inside: set[int] = set()

    class _Ids(cst.CSTVisitor):
        def on_visit(self, node):
            inside.add(id(node))
            return True

    for statement in statements:
        statement.visit(_Ids())
    queues = Q.SYMBOLS | Q.OTHER_QUEUES
    return all(key in inside for key, symbol in ctx.symbols.items() if symbol in queues)


def _drop_queue_runners(module: cst.Module, marks: dict[int, tuple[str, str | None]], builder: P.PipelineBuilder,
                        callers: dict[int, str]) -> cst.Module:
    """The marked starts and joins go (a threads name other code still reads is bound to ``[]``), and
    ``a, b = inputs(...)`` of a function that now returns its dataset takes the next element of it."""
    marked = set(marks)
    threads = {name for kind, name in marks.values() if kind == "start" and name}
    read: set[str] = set()

    class _Reads(cst.CSTVisitor):
        def visit_SimpleStatementLine(self, node):
            return id(node) not in marked

        def visit_Name(self, node):
            if node.value in threads:
                read.add(node.value)

    module.visit(_Reads())

    class _Drop(cst.CSTTransformer):
        def leave_SimpleStatementLine(self, original, updated):
            if callers.get(id(original)) in builder.datasets:
                small = updated.body[0]
                value = cst.parse_expression(builder.next_of(P.code(small.value)))
                return updated.with_changes(body=[small.with_changes(value=value)])
            kind, name = marks.get(id(original), (None, None))
            if kind == "start" and name in read:
                return updated.with_changes(body=[cst.parse_statement(f"{name} = []\n").body[0]])
            if kind is not None:
                return cst.RemoveFromParent()
            return updated

        def leave_IndentedBlock(self, original, updated):
            if not updated.body:
                return updated.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])
            return updated

    return module.visit(_Drop())
