"""Hostile inputs (issue 12): nothing lost, nothing written outside the tree, clean processes.

Every case is a tiny file; anything that could hang runs in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cli_helpers import SAMPLE, SAMPLE_MIGRATED, snapshot

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def cli(*argv, cwd=None, stdin=subprocess.DEVNULL, timeout=TIMEOUT):
    return subprocess.run([sys.executable, "-m", "migrate", *map(str, argv)], cwd=cwd or ROOT, stdin=stdin,
                          capture_output=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "train.py").write_text(SAMPLE)
    return root


# --- files: never outside the tree -----------------------------------------------------------


def test_write_does_not_follow_a_symlink_out_of_the_tree(tfm, tree, tmp_path):
    outside = tmp_path / "outside.py"
    outside.write_text(SAMPLE)
    (tree / "link.py").symlink_to(outside)
    run = tfm("rewrite", "--write", tree)
    assert outside.read_text() == SAMPLE and (tree / "link.py").is_symlink()
    assert (tree / "train.py").read_text() == SAMPLE_MIGRATED
    assert "TFM003" in run.err and "outside the tree" in run.err


def test_out_dir_copies_symlinks_as_symlinks_and_does_not_loop(tree, tmp_path):
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "id_rsa").write_text("KEY")
    (tree / "keys").symlink_to(secret)
    (tree / "loop").symlink_to(".")
    (tree / "loop2").symlink_to(".")
    run = cli("rewrite", "--out-dir", tmp_path / "out", tree)
    copy = tmp_path / "out" / "proj"
    assert run.returncode == 1, run.stderr
    assert (copy / "keys").is_symlink() and (copy / "loop").is_symlink() and (copy / "loop2").is_symlink()
    assert not any(p.name == "id_rsa" and not p.is_symlink() for p in (tmp_path / "out").rglob("*")
                   if not any(q.is_symlink() for q in p.parents))
    assert (copy / "train.py").read_text() == SAMPLE_MIGRATED


def test_a_fifo_in_the_tree_is_skipped_not_read(tree):
    os.mkfifo(tree / "x.py")
    run = cli("rewrite", "--write", tree)
    assert run.returncode == 1, run.stderr
    assert b"FIFO" in run.stderr and b"TFM003" in run.stderr
    assert (tree / "train.py").read_text() == SAMPLE_MIGRATED


def test_a_character_device_named_on_the_command_line_is_refused():
    run = cli("rewrite", "/dev/zero", timeout=30)
    assert run.returncode == 2 and b"character device" in run.stderr and b"Traceback" not in run.stderr


def test_a_file_edited_while_the_run_goes_on_is_not_overwritten(tfm, tree, monkeypatch):
    from migrate.commands import rewrite

    (tree / "gone.py").write_text(SAMPLE)
    real_run = rewrite.runner.run

    def meanwhile(*args, **kwargs):
        for result in real_run(*args, **kwargs):
            if result.path.endswith("train.py"):
                (tree / "train.py").write_text(SAMPLE + "# the user's edit\n")
            else:
                (tree / "gone.py").unlink()
            yield result

    monkeypatch.setattr(rewrite.runner, "run", meanwhile)
    run = tfm("rewrite", "--write", tree)
    assert (tree / "train.py").read_text() == SAMPLE + "# the user's edit\n"
    assert not (tree / "gone.py").exists()
    assert run.code == 2 and "changed on disk" in run.err and "deleted" in run.err


def test_out_dir_refuses_two_inputs_with_one_name(tfm, tmp_path):
    for folder in ("p1", "p2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.py").write_text(SAMPLE)
    run = tfm("rewrite", "--out-dir", tmp_path / "O", tmp_path / "p1" / "x.py", tmp_path / "p2" / "x.py")
    assert run.code == 2 and "both be written" in run.err and len(run.err.splitlines()) == 1
    assert not (tmp_path / "O").exists()


@pytest.mark.parametrize("out", ["src", "."])
def test_out_dir_refuses_to_write_over_its_input(tfm, tmp_path, monkeypatch, out):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "x.py").write_text(SAMPLE)
    before = snapshot(tmp_path)
    run = tfm("rewrite", "--out-dir", out, "src")
    assert run.code == 2 and "error" in run.err and snapshot(tmp_path) == before


def test_reports_and_copies_go_through_a_temporary_file(tfm, tree, tmp_path, monkeypatch):
    replaced = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (replaced.append(Path(b).name), real_replace(a, b)))
    (tree / "data.csv").write_text("a\n")
    tfm("rewrite", "--out-dir", tmp_path / "out", "--report", tmp_path / "r.json", tree)
    assert {"r.json", "data.csv", "train.py"} <= set(replaced)
    json.loads((tmp_path / "r.json").read_text())


def test_a_full_disk_keeps_the_old_report_whole(tfm, tree, tmp_path, monkeypatch):
    report = tmp_path / "r.json"
    report.write_text('{"old": true}\n')

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    run = tfm("rewrite", "--report", report, tree)
    assert run.code == 3 and "No space left" in run.err
    assert report.read_text() == '{"old": true}\n'


@pytest.mark.skipif(os.geteuid() != 0, reason="chown needs root")
def test_owner_and_group_are_kept(tfm, tree):
    os.chown(tree / "train.py", 1234, 2345)
    tfm("rewrite", "--write", tree)
    info = (tree / "train.py").stat()
    assert (info.st_uid, info.st_gid) == (1234, 2345) and (tree / "train.py").read_text() == SAMPLE_MIGRATED


def test_a_hard_link_is_reported(tfm, tree, tmp_path):
    os.link(tree / "train.py", tmp_path / "other_name.py")
    run = tfm("rewrite", "--write", tree / "train.py")
    assert "TFM004" in run.err and "hard links" in run.err
    assert (tmp_path / "other_name.py").read_text() == SAMPLE


def test_a_240_character_file_name(tfm, tree):
    long = tree / ("m" * 237 + ".py")
    long.write_text(SAMPLE)
    run = tfm("rewrite", "--write", long)
    assert run.code == 1, run.err
    assert long.read_text() == SAMPLE_MIGRATED


def test_virtual_environments_are_not_entered(tfm, tree):
    for folder in ("env/lib/python3.11/site-packages/pkg", "myenv/lib"):
        (tree / folder).mkdir(parents=True)
        (tree / folder / "mod.py").write_text(SAMPLE)
    (tree / "myenv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    run = tfm("rewrite", "--write", tree)
    assert "1 files, 1 changed" in run.err
    assert (tree / "env/lib/python3.11/site-packages/pkg/mod.py").read_text() == SAMPLE


@pytest.mark.parametrize("data, expected", [
    pytest.param(b"import tensorflow as tf\rx = tf.log(1.0)\r", b"import tensorflow as tf\rx = tf.math.log(1.0)\r",
                 id="lone CR keeps its last CR"),
    pytest.param(b"import tensorflow as tf\n\x0cdef f():\n    return tf.log(1.0)\n",
                 b"import tensorflow as tf\n\x0cdef f():\n    return tf.math.log(1.0)\n", id="form feed before a def"),
])
def test_line_fidelity(tfm, tree, data, expected):
    (tree / "train.py").write_bytes(data)
    tfm("rewrite", "--write", tree)
    assert (tree / "train.py").read_bytes() == expected


def test_latin1_without_a_coding_line_is_an_encoding_error(tfm, tree):
    (tree / "train.py").write_bytes(b"import tensorflow as tf\n# caf\xe9\nx = tf.log(1.0)\n")
    run = tfm("rewrite", tree)
    assert run.code == 2 and "cannot decode line 2" in run.err and "internal error" not in run.err


# --- processes --------------------------------------------------------------------------------


def test_sigterm_during_a_write_leaves_no_temporary_file(tree):
    script = textwrap.dedent(f"""
        import os, signal, sys
        from migrate import cli
        real = os.fsync
        def fsync(fd):
            real(fd)
            os.kill(os.getpid(), signal.SIGTERM)
        os.fsync = fsync
        sys.exit(cli.main(["rewrite", "--write", {str(tree)!r}]))
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=TIMEOUT)
    assert run.returncode == 128 + signal.SIGTERM
    assert sorted(os.listdir(tree)) == ["train.py"] and (tree / "train.py").read_text() == SAMPLE


def test_workers_die_with_their_parent(tmp_path):
    script = textwrap.dedent("""
        import os, signal, time
        from concurrent.futures import ProcessPoolExecutor
        from migrate.engine import runner
        pool = ProcessPoolExecutor(1, initializer=runner._die_with_parent)
        print(pool.submit(os.getpid).result(), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=TIMEOUT)
    worker = int(run.stdout.split()[0])
    for _ in range(50):
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(worker, signal.SIGKILL)
    pytest.fail("the worker outlived its parent")


def crashing_process_unit(paths, codes, options):
    """Stands in for project.process_unit in the workers (forked after the patch): crash.py kills its worker."""
    from migrate.engine.runner import process

    if any(p.name == "crash.py" for p in paths):
        os._exit(9)  # as the OOM killer would
    return [process(p, codes, options) for p in paths]


def test_a_lost_worker_costs_its_file_not_the_run(tfm, tree, monkeypatch):
    from migrate.engine import project

    for i in range(3):
        (tree / f"ok{i}.py").write_text(SAMPLE)
    (tree / "crash.py").write_text(SAMPLE)
    monkeypatch.setattr(project, "process_unit", crashing_process_unit)
    run = tfm("rewrite", "--write", "--jobs", "2", tree)
    assert run.code == 3, run.err
    assert "crash.py: error: the worker process" in run.err and "Traceback" not in run.err
    assert all((tree / f"ok{i}.py").read_text() == SAMPLE_MIGRATED for i in range(3))
    assert (tree / "train.py").read_text() == SAMPLE_MIGRATED and (tree / "crash.py").read_text() == SAMPLE


def test_a_report_naming_a_non_utf8_file(tfm, tree, tmp_path):
    (tree / os.fsdecode(b"caf\xe9.py")).write_text(SAMPLE)
    run = tfm("rewrite", "--check", "--quiet", "--report", tmp_path / "r.md", tree)
    assert run.code == 1, run.err
    assert b"caf\xe9.py" in (tmp_path / "r.md").read_bytes()


def test_stdin_closed_is_one_line_and_exit_2(tfm, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    run = tfm("rewrite", "-")
    assert run.code == 2 and run.err == "tf-migrate: error: cannot read standard input\n"


def test_a_tool_table_that_is_not_a_table(tfm, tree):
    (tree / "pyproject.toml").write_text('[tool]\ntf-migrate = "yes"\n')
    run = tfm("rewrite", tree)
    assert run.code == 2 and len(run.err.splitlines()) == 1 and "must be a table" in run.err


def test_a_closed_pipe_stops_the_diff_not_the_write(tree):
    for i in range(4):
        (tree / f"m{i}.py").write_text(SAMPLE)
    process = subprocess.Popen([sys.executable, "-m", "migrate", "rewrite", "--write", "--diff", str(tree)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    process.stdout.readline()
    process.stdout.close()  # `| head -1`
    err = process.stderr.read()
    process.wait(timeout=TIMEOUT)
    assert b"Traceback" not in err
    assert all((tree / f"m{i}.py").read_text() == SAMPLE_MIGRATED for i in range(4))


@pytest.mark.parametrize("argv, message", [
    pytest.param(["-", "t.py"], "cannot be combined", id="stdin and a file"),
    pytest.param(["--out-dir", "X", "-"], "--out-dir cannot be used with '-'", id="out-dir with stdin"),
    pytest.param(["--write", "-"], "--write cannot be used with '-'", id="write with stdin"),
])
def test_stdin_misuse_is_refused(tfm, argv, message):
    run = tfm("rewrite", *argv, stdin=SAMPLE.encode())
    assert run.code == 2 and message in run.err and run.out == ""


def test_check_on_stdin_prints_no_code(tfm):
    run = tfm("rewrite", "--check", "-", stdin=SAMPLE.encode())
    assert run.code == 1 and run.out == ""


def test_select_empty_is_an_error_not_every_rule(tfm, tree):
    with pytest.raises(SystemExit) as exit_:
        tfm("rewrite", "--select", "", tree)
    assert exit_.value.code == 2 and (tree / "train.py").read_text() == SAMPLE


def test_run_passes_the_scripts_own_errors_through(tmp_path, monkeypatch, capsys):
    import migrate.runtime
    from migrate import cli

    monkeypatch.setattr(migrate.runtime, "activate", lambda: None)
    script = tmp_path / "s.py"
    script.write_text("open('/no/such/file')\n")
    assert cli.main(["run", str(script)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "FileNotFoundError" in err and "/no/such/file" in err


# --- idempotence: a second run changes nothing, means nothing new, counts no fixes ----------


@pytest.mark.parametrize("source", [
    pytest.param("import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 3])\n"
                 "loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=x, logits=x)\n", id="softmax_v2 in TF1 code"),
    pytest.param("import tensorflow as tf\nfrom tensorflow.python.platform import tf_logging\n"
                 "tf_logging.set_verbosity(tf_logging.INFO)\ntf_logging.info('x')\n", id="private tf_logging"),
])
def test_a_second_write_changes_nothing(tfm, tree, tmp_path, source):
    (tree / "train.py").write_text(source)
    tfm("rewrite", "--write", tree)
    once = (tree / "train.py").read_text()
    assert "stop_gradient" not in once and "tf_logging.INFO" not in once  # the v2 op, a named level
    second = tfm("rewrite", "--write", "--report", tmp_path / "r.json", tree)
    assert (tree / "train.py").read_text() == once and second.code == 0
    assert json.loads((tmp_path / "r.json").read_text())["summary"].get("fixed", 0) == 0


def test_tf_logging_levels_stay_named(tfm, tree):
    (tree / "train.py").write_text("import tensorflow as tf\nfrom tensorflow.python.platform import tf_logging\n"
                                   "tf_logging.set_verbosity(tf_logging.INFO)\n")
    tfm("rewrite", "--write", tree)
    assert "set_verbosity(logging.INFO)" in (tree / "train.py").read_text()


def test_a_failed_write_counts_no_fixes(tfm, tree, monkeypatch):
    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    run = tfm("rewrite", "--write", tree)
    assert "0 changed" in run.err and " 0 fixes" in run.err


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    return kids


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_sigterm_during_a_parallel_write_stops_the_workers_too(tree):
    program = ROOT / "tests" / "corpus" / "graph" / "cnn_layers_saver.py"
    for i in range(30):
        (tree / f"f{i}.py").write_bytes(program.read_bytes())
    process = subprocess.Popen([sys.executable, "-m", "migrate", "rewrite", "--write", "-q", "--jobs", "2", str(tree)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + TIMEOUT
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    workers = _children(process.pid)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=TIMEOUT) == 128 + signal.SIGTERM, process.stderr.read()
    time.sleep(0.5)
    alive = [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in Path(f"/proc/{w}/stat").read_text().split()[2]]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    assert alive == [] and not [p for p in os.listdir(tree) if p.endswith(".tf-migrate")]
