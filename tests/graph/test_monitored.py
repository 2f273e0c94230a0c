"""TFM281: MonitoredTrainingSession / SingularMonitoredSession and their hooks -> session code (``rules/monitored.py``).

Structure: exact before/after of the rule alone (CONVERTED), the finding and an unchanged file
(REFUSED), untouched files (UNCHANGED), a second run changing nothing. Runs: the programs of
``fixtures_monitored/`` on genuine TF 1.15 (``.venv-tf1``; skipped without it) and, migrated by the
whole tool (which then makes them eager), on TF 2.15 and the newest TF: the same logged losses at the
same runs, the same final loss, checkpoints holding the same global steps, the stop step, a restart
that restores and trains one step more, and the end of the input ending the loop.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.engine.context import Options
from migrate.engine.source import default_rules, migrate_python
from tf1_reference import tf1_python

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures_monitored"
RULE = [r for r in default_rules() if r.code == "TFM281"]
HEAD = "import tensorflow as tf\ngs = tf.train.get_or_create_global_step()\n"
LOOP = "    while not sess.should_stop():\n        sess.run(train_op)\n"

CONVERTED = [
    pytest.param(
        HEAD + "with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_checkpoint_steps=10,\n"
        "                                       hooks=[tf.train.StopAtStepHook(num_steps=20)]) as sess:\n" + LOOP,
        "import tensorflow as tf\nimport os\n\ngs = tf.train.get_or_create_global_step()\n"
        "saver = tf.train.Saver()\n"
        "with tf.Session() as sess:\n"
        "    sess.run(tf.global_variables_initializer())\n"
        "    sess.run(tf.local_variables_initializer())\n"
        "    latest = tf.train.latest_checkpoint(d)\n"
        "    if latest:\n"
        "        saver.restore(sess, latest)\n"
        "    current_step = sess.run(gs)\n"
        "    last_step = current_step + 20\n"
        '    saver.save(sess, os.path.join(d, "model.ckpt"), global_step=current_step)\n'
        "    saved_step = current_step\n"
        "    stop = False\n"
        "    while not stop:\n"
        "        sess.run(train_op)\n"
        "        current_step = sess.run(gs)\n"
        "        if current_step != saved_step and (current_step >= saved_step + 10):\n"
        '            saver.save(sess, os.path.join(d, "model.ckpt"), global_step=current_step)\n'
        "            saved_step = current_step\n"
        "        if current_step >= last_step:\n"
        "            stop = True\n"
        "    current_step = sess.run(gs)\n"
        "    if current_step != saved_step:\n"
        '        saver.save(sess, os.path.join(d, "model.ckpt"), global_step=current_step)\n',
        id="checkpoints every 10 steps, at the start and at the end; num_steps counts from the restored step",
    ),
    pytest.param(
        HEAD + "hooks = [tf.train.LoggingTensorHook({'loss': loss, 'acc': acc}, every_n_iter=10),\n"
        "         tf.train.NanTensorHook(loss)]\n"
        "with tf.train.SingularMonitoredSession(hooks=hooks) as sess:\n"
        "    while not sess.should_stop():\n"
        "        _, l = sess.run([train_op, loss], feed_dict={x: data})\n",
        "import tensorflow as tf\nimport math\n\ngs = tf.train.get_or_create_global_step()\n"
        "with tf.Session() as sess:\n"
        "    sess.run(tf.global_variables_initializer())\n"
        "    sess.run(tf.local_variables_initializer())\n"
        "    stop = False\n"
        "    iteration = 0\n"
        "    while not stop:\n"
        "        _, l, acc_value, loss_value, loss_value_1 = sess.run([train_op, loss, acc, loss, loss], "
        "feed_dict={x: data})\n"
        "        if iteration % 10 == 0:\n"
        "            tf.logging.info('acc = %s, loss = %s', acc_value, loss_value)\n"
        "        if math.isnan(loss_value_1):\n"
        '            raise RuntimeError("NaN loss during training.")\n'
        "        iteration += 1\n",
        id="logged tensors fetched with the same run, sorted tags, NaN check; a hooks list read only here goes",
    ),
    pytest.param(
        "import tensorflow as tf\n"
        "def main():\n"
        "    step = tf.train.get_or_create_global_step()\n"
        "    batch = iterator.get_next()\n"
        "    with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_summaries_steps=None) as mon:\n"
        "        print('start')\n"
        "        while not mon.should_stop():\n"
        "            mon.run(train_op)\n",
        "import tensorflow as tf\nimport os\nimport time\n\n"
        "def main():\n"
        "    step = tf.train.get_or_create_global_step()\n"
        "    batch = iterator.get_next()\n"
        "    saver = tf.train.Saver()\n"
        "    with tf.Session() as mon:\n"
        "        mon.run(tf.global_variables_initializer())\n"
        "        mon.run(tf.local_variables_initializer())\n"
        "        latest = tf.train.latest_checkpoint(d)\n"
        "        if latest:\n"
        "            saver.restore(mon, latest)\n"
        "        current_step = mon.run(step)\n"
        '        saver.save(mon, os.path.join(d, "model.ckpt"), global_step=current_step)\n'
        "        saved_step = current_step\n"
        "        saved_time = time.time()\n"
        "        stop = False\n"
        "        print('start')\n"
        "        try:\n"
        "            while not stop:\n"
        "                mon.run(train_op)\n"
        "                current_step = mon.run(step)\n"
        "                if current_step != saved_step and (time.time() >= saved_time + 600):\n"
        '                    saver.save(mon, os.path.join(d, "model.ckpt"), global_step=current_step)\n'
        "                    saved_step = current_step\n"
        "                    saved_time = time.time()\n"
        "        except tf.errors.OutOfRangeError:\n"
        "            pass\n"
        "        current_step = mon.run(step)\n"
        "        if current_step != saved_step:\n"
        '            saver.save(mon, os.path.join(d, "model.ckpt"), global_step=current_step)\n',
        id="in a function: TF 1.15's 600 s default, the end of the input ends the loop quietly",
    ),
]

REFUSED = [
    pytest.param(HEAD + "with tf.train.MonitoredTrainingSession(master=server.target, is_chief=True) as sess:\n"
                 + LOOP, 3, "tf.train.MonitoredTrainingSession(master=...): a distributed session (ClusterSpec / "
                 "Server) is not converted here", id="distributed"),
    pytest.param(HEAD + "with tf.train.MonitoredTrainingSession(hooks=[MyHook()]) as sess:\n" + LOOP, 3,
                 "a hook other than StopAtStepHook, CheckpointSaverHook, LoggingTensorHook, NanTensorHook or "
                 "StepCounterHook (a SessionRunHook subclass's before_run/after_run are not written out)",
                 id="a custom SessionRunHook"),
    pytest.param(HEAD + "with tf.train.SingularMonitoredSession() as sess:\n    while not sess.should_stop():\n"
                 "        sess.run(a)\n        sess.run(b)\n", 4,
                 "the loop does not call sess.run() exactly once (each run is one step of the hooks)",
                 id="two runs per iteration"),
    pytest.param(HEAD + "tf.summary.scalar('loss', loss)\nwith tf.train.MonitoredTrainingSession(checkpoint_dir=d) "
                 "as sess:\n" + LOOP, 4, "MonitoredTrainingSession writes the merged summaries every "
                 "save_summaries_steps (SummarySaverHook): not written out; pass save_summaries_steps=None and "
                 "write them in the loop", id="summaries the session would write"),
    pytest.param("import tensorflow as tf\nwith tf.train.SingularMonitoredSession(hooks=[tf.train.StopAtStepHook("
                 "last_step=3)]) as sess:\n" + LOOP, 2, "the hooks read the global step, and no `<name> = "
                 "tf.train.get_or_create_global_step()` (or a variable named 'global_step') is bound at the top of "
                 "this module or block", id="no global step bound to a name"),
    pytest.param(HEAD + "with tf.train.SingularMonitoredSession() as sess:\n    for i in range(10):\n"
                 "        sess.run(train_op)\n", 3, "the session's block is not one `while not sess.should_stop():` "
                 "loop", id="a for loop"),
    pytest.param(HEAD + "with tf.train.SingularMonitoredSession() as sess:\n" + LOOP + "    print(sess.run(w))\n", 3,
                 "'sess' is used outside the `while not sess.should_stop()` loop", id="the session used after the loop"),
]

UNCHANGED = [
    pytest.param("import tensorflow as tf\nwith tf.Session() as sess:\n    sess.run(op)\n", id="a plain session"),
    pytest.param("import tensorflow as tf\nmanager = tf.train.CheckpointManager(ckpt, d, 3)\n", id="already TF2"),
    pytest.param("import mylib as tf\nwith tf.train.MonitoredTrainingSession() as sess:\n" + LOOP,
                 id="tf is another library"),
]


def run_rule(source: str) -> tuple[str, list]:
    out, findings = migrate_python(source.encode(), "example.py", RULE)
    return out.decode(), findings


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converts(before, after):
    out, findings = run_rule(before)
    assert out == after
    assert any(f.code == "TFM281" and f.fixed for f in findings)
    assert run_rule(out)[0] == out, "a second run must change nothing"


@pytest.mark.parametrize(("before", "line", "message"), REFUSED)
def test_refuses(before, line, message):
    out, findings = run_rule(before)
    first = before.index("\n") + 1  # the fallback line goes after the imports
    assert out == before[:first] + "tf.compat.v1.disable_eager_execution()\n" + before[first:]
    assert [(f.line, f.message) for f in findings if f.code == "TFM281" and not f.fixed] == [
        (line, f"monitored session kept: {message}")]
    assert run_rule(out)[0] == out  # graph mode already: nothing more to do
    assert run_rule(before.replace("import tensorflow as tf", "import tensorflow.compat.v1 as tf"))[0].count(
        "tf.disable_eager_execution()") == 1


@pytest.mark.parametrize("source", UNCHANGED)
def test_leaves_alone(source):
    out, findings = run_rule(source)
    assert out == source and not findings


# -- runs -----------------------------------------------------------------------------

PYTHONS = {
    "tf2.15": Path(sys.executable),
    "latest": Path(os.environ.get("TF_MIGRATE_LATEST_PYTHON", REPO / ".venv-latest" / "bin" / "python")),
}
LOGGED = re.compile(r"\bloss = ([-0-9.e]+)")
# the global step each checkpoint file of each directory holds, in the order they were written (TF1 numbers
# them by global step, tf.train.Checkpoint.save by save count; TF 2.15 reads both formats)
STEPS = """\
import sys
from pathlib import Path
import tensorflow as tf
for directory in sys.argv[1:]:
    prefixes = sorted((str(p)[:-len(".index")] for p in Path(directory).glob("*.index")),
                      key=lambda prefix: int(prefix.rsplit("-", 1)[1]))
    steps = []
    for prefix in prefixes:
        name = next(n for n, _ in tf.train.list_variables(prefix) if n.startswith("global_step"))
        steps.append(str(int(tf.train.load_variable(prefix, name))))
    print(" ".join(steps))
"""


def _run(python: Path, args: list) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"}  # a TF 1.15 child must not inherit it
    env.update(TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([str(python), *map(str, args)], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


# Each run test is one case per profile (slow, so `make test` samples them, tests/conftest.py; `make test-full` runs
# every one): the migrations first, the first case being the one `make test` always runs, genuine TF 1.15 last
# (what it logs and saves is recorded in the tests).
def _script(name: str, profile: str, tmp_path: Path) -> tuple[Path, Path]:
    """(interpreter, script): the original on TF 1.15 (``profile`` tf1.15), else the migration on ``profile``."""
    source = (FIXTURES / name).read_text()
    if profile == "tf1.15":
        python = tf1_python()
        if python is None:
            pytest.skip("no genuine TF 1.15 (make setup-tf1): checked against its recorded results only")
        (tmp_path / "original.py").write_text(source)
        return python, tmp_path / "original.py"
    interpreter = PYTHONS[profile]
    if not interpreter.exists():
        pytest.skip(f"{interpreter} is missing (make setup-latest)")
    out, _ = migrate_python(source.encode(), name, options=Options(target=profile))
    text = out.decode()
    assert not re.search(r"Session\(|Hook\(|disable_eager", text), text  # made eager
    (tmp_path / f"{profile}.py").write_text(text)
    return interpreter, tmp_path / f"{profile}.py"


def _steps(*directories: Path) -> list[list[int]]:
    script = directories[0].parent / "steps.py"
    script.write_text(STEPS)
    out = _run(Path(sys.executable), [script, *directories]).stdout
    return [[int(v) for v in line.split()] for line in out.splitlines()]


@pytest.mark.slow
@pytest.mark.parametrize("profile", ("tf2.15", "latest", "tf1.15"))
def test_hooks_log_save_and_stop_like_tf1(tmp_path, profile):
    python, script = _script("train_hooks.py", profile, tmp_path)
    directory = tmp_path / f"ckpt_{profile}"
    directory.mkdir()
    proc = _run(python, [script, directory])
    logged = [float(v) for v in LOGGED.findall(proc.stderr + proc.stdout)]
    final = float(proc.stdout.split()[-1])
    _run(python, [script, directory])  # a restart: restores step 12, trains one step, stops, saves
    (steps,) = _steps(directory)
    assert logged == pytest.approx([0.46852237, 0.12354341, 0.03399488], rel=1e-5)  # runs 0, 4, 8
    assert final == pytest.approx(0.013163, abs=2e-6)
    # the first run: at the start, every 5 steps, at the stop step; the restart: step 12 again, then 13
    # (TF1's Saver rewrote model.ckpt-12, Checkpoint.save numbers by save count: one more file)
    assert [s for i, s in enumerate(steps) if i == 0 or s != steps[i - 1]] == [0, 5, 10, 12, 13], steps


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> list[Path]:
    directory = tmp_path_factory.mktemp("records")
    out = subprocess.run([sys.executable, str(Path(__file__).parent / "fixtures_queues" / "make_records.py"),
                          str(directory), "2", "4"], capture_output=True, text=True, check=True).stdout
    return [Path(p) for p in out.split()]


@pytest.mark.slow
@pytest.mark.parametrize("profile", ("latest", "tf2.15", "tf1.15"))  # make test: this one on the newest TF
def test_training_ends_with_the_input_like_tf1(tmp_path, records, profile):
    python, script = _script("train_queue_until_end.py", profile, tmp_path)
    directory = tmp_path / f"ckpt_{profile}"
    directory.mkdir()
    text = _run(python, [script, directory, *records]).stdout
    assert text.startswith("steps 8 loss 13.2037"), text  # 16 records, 2 epochs, batches of 2
    assert _steps(directory) == [[0, 3, 6, 8]]
