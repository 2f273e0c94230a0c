"""TFM280: queue-runner input pipelines -> tf.data (``migrate/rules/queues.py``, ``_queue_pipeline.py``).

Structure: exact before/after of the rule alone (CONVERTED), the finding and an unchanged
file (REFUSED), untouched files (UNCHANGED), and a second run changing nothing. Runs: the
fixtures of ``fixtures_queues/`` read TFRecord files written by ``make_records.py`` (no
TensorFlow needed to write them) on genuine TF 1.15 (``.venv-tf1``; skipped without it) and,
migrated by the whole tool, on TF 2.15 and the newest TF: the same records in the same order,
the same loss.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.engine.context import Options
from migrate.engine.source import default_rules, migrate_python
from tf1_reference import tf1_python

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures_queues"
RULE = [r for r in default_rules() if r.code == "TFM280"]

HEAD = "import tensorflow as tf\n"
READ = (
    "q = tf.train.string_input_producer(['a.tfr', 'b.tfr'], num_epochs=epochs, seed=1)\n"
    "reader = tf.TFRecordReader()\n"
    "_, serialized = reader.read(q)\n"
    "x = tf.decode_raw(serialized, tf.uint8)\n"
)

CONVERTED = [
    pytest.param(
        HEAD + READ + "xs = tf.train.shuffle_batch([x], 8, capacity=100, min_after_dequeue=50, num_threads=4)\n",
        HEAD
        + "dataset = tf.data.Dataset.from_tensor_slices(['a.tfr', 'b.tfr'])\n"
        "dataset = dataset.shuffle(2, seed=1)\n"
        "dataset = dataset.repeat(epochs)\n"
        "dataset = tf.data.TFRecordDataset(dataset)\n"
        "def parse_example(serialized):\n"
        "    x = tf.decode_raw(serialized, tf.uint8)\n"
        "    return x\n"
        "dataset = dataset.map(parse_example, num_parallel_calls=4)\n"
        "dataset = dataset.shuffle(50)\n"
        "dataset = dataset.batch(8, drop_remainder=True)\n"
        "xs = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()\n",
        id="shuffle_batch: shuffled file names, map with num_parallel_calls, shuffle(min_after_dequeue), full batches",
    ),
    pytest.param(
        HEAD + "x, y = tf.train.slice_input_producer([images, labels], num_epochs=3)\n"
        "x = tf.image.per_image_standardization(x)\n"
        "bx, by = tf.train.batch([x, y], batch_size=16, allow_smaller_final_batch=True)\n",
        HEAD + "dataset = tf.data.Dataset.from_tensor_slices((images, labels,))\n"
        "dataset = dataset.shuffle(tf.shape(images, out_type=tf.int64)[0])\n"
        "dataset = dataset.repeat(3)\n"
        "def parse_example(x, y):\n"
        "    x = tf.image.per_image_standardization(x)\n"
        "    return x, y\n"
        "dataset = dataset.map(parse_example)\n"
        "dataset = dataset.batch(16)\n"
        "bx, by = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()\n",
        id="slice_input_producer: a new full permutation per epoch, the last smaller batch kept",
    ),
    pytest.param(
        HEAD + "q = tf.train.string_input_producer(files, shuffle=False)\n"
        "reader = tf.TextLineReader(skip_header_lines=1)\n"
        "_, line = reader.read(q)\n"
        "a, b = tf.decode_csv(line, [[0.0], [0]])\n"
        "ba, bb = tf.train.batch([a, b], 4)\n",
        HEAD + "dataset = tf.data.Dataset.from_tensor_slices(files)\n"
        "dataset = dataset.repeat()\n"
        "dataset = dataset.flat_map(lambda filename: tf.data.TextLineDataset(filename).skip(1))\n"
        "def parse_example(line):\n"
        "    a, b = tf.decode_csv(line, [[0.0], [0]])\n"
        "    return a, b\n"
        "dataset = dataset.map(parse_example)\n"
        "dataset = dataset.batch(4, drop_remainder=True)\n"
        "ba, bb = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()\n",
        id="TextLineReader skip_header_lines skips in every file, as TF1 did",
    ),
    pytest.param(
        HEAD + "q = tf.train.string_input_producer(paths, shuffle=False)\n"
        "reader = tf.WholeFileReader()\n"
        "name, contents = reader.read(q)\n"
        "image = tf.image.decode_png(contents)\n"
        "names, images = tf.train.batch([name, image], 2, dynamic_pad=True, enqueue_many=False)\n",
        HEAD + "dataset = tf.data.Dataset.from_tensor_slices(paths)\n"
        "dataset = dataset.repeat()\n"
        "dataset = dataset.map(lambda filename: (filename, tf.io.read_file(filename)))\n"
        "def parse_example(name, contents):\n"
        "    image = tf.image.decode_png(contents)\n"
        "    return name, image\n"
        "dataset = dataset.map(parse_example)\n"
        "dataset = dataset.padded_batch(2, drop_remainder=True)\n"
        "names, images = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()\n",
        id="WholeFileReader's key is the file name; dynamic_pad is padded_batch",
    ),
    pytest.param(
        "import tensorflow.compat.v1 as tf\n"
        "x, y = tf.train.slice_input_producer([xs, ys], shuffle=False)\n"
        "bx, by = tf.train.batch([x, y], 32, enqueue_many=False)\n"
        "with tf.Session() as sess:\n"
        "    threads = tf.train.start_queue_runners(sess)\n"
        "    print(sess.run(bx))\n"
        "    print(len(threads))\n",
        "import tensorflow.compat.v1 as tf\n"
        "dataset = tf.data.Dataset.from_tensor_slices((xs, ys,))\n"
        "dataset = dataset.repeat()\n"
        "dataset = dataset.batch(32, drop_remainder=True)\n"
        "bx, by = tf.data.make_one_shot_iterator(dataset).get_next()\n"
        "with tf.Session() as sess:\n"
        "    threads = []\n"
        "    print(sess.run(bx))\n"
        "    print(len(threads))\n",
        id="compat.v1 alias; no per-example code; a threads list still read becomes []",
    ),
    pytest.param(
        "import tensorflow as tf1\n"
        "def decode(queue):\n"
        "    reader = tf1.TFRecordReader()\n"
        "    _, record = reader.read(queue)\n"
        "    return tf1.parse_single_example(record, spec)['x']\n"
        "def inputs(files):\n"
        "    with tf1.name_scope('input'):\n"
        "        q = tf1.train.string_input_producer(files, shuffle=False, num_epochs=1)\n"
        "        x = decode(q)\n"
        "        xs = tf1.train.batch([x], 10)\n"
        "        return xs\n"
        "def main():\n"
        "    xs = inputs(['f'])\n"
        "    coord = tf1.train.Coordinator()\n"
        "    threads = tf1.train.start_queue_runners(coord=coord)\n"
        "    try:\n"
        "        pass\n"
        "    finally:\n"
        "        coord.join(threads)\n",
        "import tensorflow as tf1\n"
        "def decode(record):\n"
        "    return tf1.parse_single_example(record, spec)['x']\n"
        "def inputs(files):\n"
        "    with tf1.name_scope('input'):\n"
        "        dataset = tf1.data.Dataset.from_tensor_slices(files)\n"
        "        dataset = dataset.repeat(1)\n"
        "        dataset = tf1.data.TFRecordDataset(dataset)\n"
        "        dataset = dataset.map(decode)\n"
        "        dataset = dataset.batch(10, drop_remainder=True)\n"
        "        return dataset\n"
        "def main():\n"
        "    xs = tf1.compat.v1.data.make_one_shot_iterator(inputs(['f'])).get_next()\n"
        "    coord = tf1.train.Coordinator()\n"
        "    try:\n"
        "        pass\n"
        "    finally:\n"
        "        pass\n",
        id="a decoder function and an inputs() helper (the reading_data shape), under another alias",
    ),
]

REFUSED = [
    pytest.param(HEAD + "q = tf.train.string_input_producer(f)\nr = tf.TFRecordReader()\n"
                 "k, v = r.read_up_to(q, 10)\nb = tf.train.batch([v], 4, enqueue_many=True)\n",
                 4, "TFRecordReader.read_up_to() has no tf.data form here (read() does)", id="read_up_to"),
    pytest.param(HEAD + "q = tf.train.string_input_producer(f)\nr = tf.TFRecordReader()\n"
                 "k, v = r.read(q)\nb = tf.train.batch([k, v], 4)\n",
                 4, 'the key of TFRecordReader.read() ("<file>:<record>") is read: no tf.data dataset yields it',
                 id="a TFRecord key is read"),
    pytest.param(HEAD + "q = tf.train.string_input_producer(f, shuffle=flag)\nr = tf.TFRecordReader()\n"
                 "_, v = r.read(q)\nb = tf.train.batch([v], 4)\n",
                 2, "shuffle= is not a literal True/False: which tf.data stage it needs is known only at run time",
                 id="shuffle from a variable"),
    pytest.param(HEAD + "q = tf.train.string_input_producer(f)\nr = tf.TFRecordReader()\n"
                 "_, v = r.read(q)\nx = tf.decode_raw(v, tf.uint8)\nb = tf.train.batch([x], 4)\ny = x + 1\n",
                 6, "'x' (a per-example tensor of the queue pipeline) is read after the batch",
                 id="a per-example tensor used after the batch"),
    pytest.param(HEAD + "q = tf.train.string_input_producer(f)\nr1 = tf.TFRecordReader()\nr2 = tf.TFRecordReader()\n"
                 "_, v1 = r1.read(q)\n_, v2 = r2.read(q)\nb = tf.train.batch_join([[v1], [v2]], 4)\n",
                 2, "the queue 'q' is read 2 times: one reader reading it once is what a dataset of records is",
                 id="two readers on one queue (batch_join)"),
    pytest.param(HEAD + "q = tf.train.string_input_producer(f)\nr = tf.TFRecordReader()\n_, v = r.read(q)\n",
                 2, "tf.train.string_input_producer() not followed by tf.train.batch/shuffle_batch in the same "
                    "block: what the dataset yields is not known", id="no batch"),
    pytest.param(HEAD + "q = tf.train.string_input_producer(f)\nexamples = [reader.prepare_reader(q) for _ in range(4)]\n"
                 "b = tf.train.batch_join(examples, 4)\n", 2, "the queue 'q' is not read by a reader's read() in the "
                 "same block or by a decoder function of this module (it is given to reader.prepare_reader())",
                 id="the queue given to another object's method (youtube_8m's readers)"),
    pytest.param(HEAD + "q = tf.train.string_input_producer(f)\nr = tf.TFRecordReader(options=o)\n"
                 "_, v = r.read(q)\nb = tf.train.batch([v], 4)\n",
                 3, "tf.TFRecordReader(options=...) has no tf.data form here", id="compressed records (options)"),
]

UNCHANGED = [
    pytest.param(HEAD + "ds = tf.data.TFRecordDataset(files).shuffle(10).batch(4)\n", id="already tf.data"),
    pytest.param("import queue\nq = queue.Queue()\nx = q.get()\n", id="not TensorFlow"),
    pytest.param("import mylib as tf\nq = tf.train.string_input_producer(f)\nb = tf.train.batch([q], 4)\n",
                 id="tf is another library"),
    pytest.param(HEAD + "def string_input_producer(f):\n    return f\n"
                 "q = string_input_producer(files)\nx = tf.constant(1)\n", id="a function of the same name"),
]


def run_rule(source: str) -> tuple[str, list]:
    out, findings = migrate_python(source.encode(), "example.py", RULE)
    return out.decode(), findings


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converts(before, after):
    out, findings = run_rule(before)
    assert out == after
    assert any(f.code == "TFM280" and f.fixed for f in findings)
    assert run_rule(out)[0] == out, "a second run must change nothing"
    compile(out, "example.py", "exec")


@pytest.mark.parametrize(("before", "line", "message"), REFUSED)
def test_refuses(before, line, message):
    out, findings = run_rule(before)
    assert out == before
    assert [(f.line, f.message) for f in findings if f.code == "TFM280"] == [
        (line, f"queue pipeline kept (queue runners still needed): {message}")]


@pytest.mark.parametrize("source", UNCHANGED)
def test_leaves_alone(source):
    out, findings = run_rule(source)
    assert out == source and not findings


def test_batch_join_elsewhere_keeps_the_queue_runners():
    source = (HEAD + "x, y = tf.train.slice_input_producer([a, b], shuffle=False)\nbx, by = tf.train.batch([x, y], 2)\n"
              "j = tf.train.batch_join(lists, 2)\nthreads = tf.train.start_queue_runners(sess)\n")
    out, _ = run_rule(source)
    assert "make_one_shot_iterator" in out and "tf.train.batch_join(lists, 2)" in out
    assert "threads = tf.train.start_queue_runners(sess)" in out


# -- runs -----------------------------------------------------------------------------

PYTHONS = {
    "tf2.15": Path(sys.executable),
    "latest": Path(os.environ.get("TF_MIGRATE_LATEST_PYTHON", REPO / ".venv-latest" / "bin" / "python")),
}
SHUFFLED = """\
import sys

import tensorflow as tf

q = tf.train.string_input_producer(sys.argv[1:], num_epochs=2)
reader = tf.TFRecordReader()
_, serialized = reader.read(q)
index = tf.parse_single_example(serialized, {"index": tf.FixedLenFeature([], tf.int64)})["index"]
batch = tf.train.shuffle_batch([index], 5, capacity=20, min_after_dequeue=6, allow_smaller_final_batch=True)
seen = []
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    try:
        while True:
            seen += sess.run(batch).tolist()
    except tf.errors.OutOfRangeError:
        pass
    coord.request_stop()
    coord.join(threads)
print(sorted(seen))
"""


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> list[Path]:
    directory = tmp_path_factory.mktemp("records")
    out = subprocess.run([sys.executable, str(FIXTURES / "make_records.py"), str(directory), "2", "4"],
                         capture_output=True, text=True, check=True).stdout
    return [Path(p) for p in out.split()]


def _run(python: Path, script: Path, records: list[Path]) -> str:
    env = {k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"}  # a TF 1.15 child must not inherit it
    env.update(TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([str(python), str(script), *map(str, records)], capture_output=True, text=True, env=env,
                          cwd=script.parent, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def _migrated(source: str, target: str, directory: Path) -> Path:
    out, findings = migrate_python(source.encode(), "program.py", options=Options(target=target))
    script = directory / f"migrated_{target}.py"
    script.write_bytes(out)
    return script


# Each run test is one case per profile (slow, so `make test` samples them, tests/conftest.py; `make test-full` runs
# every one): the migrations first, the first case being the one `make test` always runs, genuine TF 1.15 last
# (its expected outputs are recorded in the tests).
PROFILES = ("tf2.15", "latest", "tf1.15")


def _output(source: str, records, tmp_path, profile: str) -> str:
    """What ``source`` prints on genuine TF 1.15 (``profile`` tf1.15) or, migrated, on ``profile``."""
    if profile == "tf1.15":
        python = tf1_python()
        if python is None:
            pytest.skip("no genuine TF 1.15 (make setup-tf1): checked against its recorded output only")
        original = tmp_path / "original.py"
        original.write_text(source)
        return _run(python, original, records)
    interpreter = PYTHONS[profile]
    if not interpreter.exists():
        pytest.skip(f"{interpreter} is missing (make setup-latest)")
    script = _migrated(source, profile, tmp_path)
    text = script.read_text()
    assert "start_queue_runners" not in text and "Session" not in text, text  # converted to eager
    return _run(interpreter, script, records)


@pytest.mark.slow
@pytest.mark.parametrize("profile", PROFILES)
def test_unshuffled_records_come_in_tf1_order(records, tmp_path, profile):
    text = _output((FIXTURES / "read_unshuffled.py").read_text(), records, tmp_path, profile)
    expected = ("batch [0, 1, 2] 6.54\nbatch [3, 100, 101] 42.72\nbatch [102, 103, 0] 42.9\n"
                "batch [1, 2, 3] 7.08\nbatch [100, 101, 102] 60.54\nbatch [103] 20.54\ndone\n")
    assert text == expected, text


@pytest.mark.slow
@pytest.mark.parametrize("profile", ("latest", "tf2.15", "tf1.15"))  # make test: this one on the newest TF
def test_decoder_pipeline_trains_to_the_same_loss(records, tmp_path, profile):
    text = _output((FIXTURES / "train_decoder.py").read_text(), records, tmp_path, profile)
    loss = float(text.split()[-1])
    assert abs(loss - 217.63) / 217.63 < 1e-4, text


@pytest.mark.slow
@pytest.mark.parametrize("profile", ("tf2.15", "tf1.15"))  # the same tf.data stages on latest: CPU spared
def test_shuffled_epochs_hold_every_record_twice(records, tmp_path, profile):
    text = _output(SHUFFLED, records, tmp_path, profile)
    every = sorted(2 * [0, 1, 2, 3, 100, 101, 102, 103])
    assert text == f"{every}\n", text
