"""TF1 queue-runner input pipelines and the ``tf.data`` stage each piece becomes (rule TFM280).

Provenance: the deprecation messages TF 1.15.5 attaches to each symbol
(``tensorflow_core/python/training/input.py`` and ``python/ops/io_ops.py``;
print them with ``help(tf.train.string_input_producer)`` on TF 1.15), e.g.
"Use ``tf.data.Dataset.from_tensor_slices(string_tensor).shuffle(tf.shape(input_tensor,
out_type=tf.int64)[0]).repeat(num_epochs)``. If ``shuffle=False``, omit the
``.shuffle(...)``" and "Use ``tf.data.Dataset.shuffle(min_after_dequeue).batch(batch_size)``".
The parameter tuples are the TF 1.15 signatures, in order (positional
arguments bind to them). Symbols are relative to ``tensorflow`` with
``compat.v1.`` folded away, as the engine gives them.

What each parameter does in the conversion:

- ``KEPT``: mapped to an argument of the tf.data stage (see the builder);
- ``IGNORED``: queue sizing and naming, no effect on the values or their order
  (tf.data sizes its own buffers; ``shapes`` only declared what the tensors already were);
- anything else: the pipeline is left as it is, with a finding naming it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    """One TF1 pipeline function: its signature, what it maps, what it may ignore."""

    params: tuple[str, ...]
    kept: frozenset[str]
    ignored: frozenset[str] = frozenset({"capacity", "name"})


# Producers: a queue of file names (read by a reader) or of slices of tensors.
PRODUCERS = {
    "train.string_input_producer": Stage(
        ("string_tensor", "num_epochs", "shuffle", "seed", "capacity", "shared_name", "name", "cancel_op"),
        frozenset({"string_tensor", "num_epochs", "shuffle", "seed"})),
    "train.slice_input_producer": Stage(
        ("tensor_list", "num_epochs", "shuffle", "seed", "capacity", "shared_name", "name"),
        frozenset({"tensor_list", "num_epochs", "shuffle", "seed"})),
}

# Readers: how the records of one file are read. ``key`` of ``reader.read(queue)`` is the file name for
# WholeFileReader; for the others it is "<file>:<record>", which no tf.data dataset yields (refused when read).
READERS = {
    "TFRecordReader": Stage(("name", "options"), frozenset(), frozenset({"name"})),
    "TextLineReader": Stage(("skip_header_lines", "name"), frozenset({"skip_header_lines"}), frozenset({"name"})),
    "WholeFileReader": Stage(("name",), frozenset(), frozenset({"name"})),
    "FixedLengthRecordReader": Stage(
        ("record_bytes", "header_bytes", "footer_bytes", "hop_bytes", "name", "encoding"),
        frozenset({"record_bytes", "header_bytes", "footer_bytes"}), frozenset({"name"})),
}
# reader -> the tf.data dataset of one file's records (WholeFileReader: tf.io.read_file of each name)
RECORD_DATASETS = {
    "TFRecordReader": "data.TFRecordDataset",
    "TextLineReader": "data.TextLineDataset",
    "FixedLengthRecordReader": "data.FixedLengthRecordDataset",
    "WholeFileReader": "io.read_file",
}

# Batchers: examples in, batches out. allow_smaller_final_batch=False (the default) dropped the last partial
# batch when the input ran out: drop_remainder=True (it also keeps TF1's static batch dimension).
BATCHERS = {
    "train.batch": Stage(
        ("tensors", "batch_size", "num_threads", "capacity", "enqueue_many", "shapes", "dynamic_pad",
         "allow_smaller_final_batch", "shared_name", "name"),
        frozenset({"tensors", "batch_size", "num_threads", "enqueue_many", "dynamic_pad",
                   "allow_smaller_final_batch"}),
        frozenset({"capacity", "shapes", "name"})),
    "train.shuffle_batch": Stage(
        ("tensors", "batch_size", "capacity", "min_after_dequeue", "num_threads", "seed", "enqueue_many", "shapes",
         "allow_smaller_final_batch", "shared_name", "name"),
        frozenset({"tensors", "batch_size", "min_after_dequeue", "num_threads", "seed", "enqueue_many",
                   "allow_smaller_final_batch"}),
        frozenset({"capacity", "shapes", "name"})),
}

# Starting the queue threads: nothing to start once the pipeline is a dataset.
QUEUE_RUNNERS = frozenset({"train.start_queue_runners"})

# Constructs of a queue pipeline this conversion does not make: while one is in the file, the file keeps its
# queue runners (start_queue_runners stays).
OTHER_QUEUES = frozenset({
    "train.batch_join", "train.shuffle_batch_join", "train.maybe_batch", "train.maybe_shuffle_batch",
    "train.input_producer", "train.range_input_producer", "train.QueueRunner", "train.add_queue_runner",
    "train.queue_runner.QueueRunner", "train.queue_runner.add_queue_runner", "FIFOQueue", "RandomShuffleQueue",
    "PaddingFIFOQueue", "PriorityQueue", "IdentityReader", "LMDBReader", "ReaderBase",
})

SYMBOLS = frozenset(PRODUCERS) | frozenset(READERS) | frozenset(BATCHERS)
