"""A worker's output - tracebacks included - stays out of the terminal and in ``LOG_DIR/WORKER.log``."""

from migrate.verify import harness


def test_a_failing_job_is_one_error_line_and_its_traceback_is_kept_in_the_log(tmp_path):
    work, logs = tmp_path / "work", tmp_path / "logs"
    work.mkdir(), logs.mkdir()
    timings = []
    results = harness._run_worker("modern", [{"id": "p/seed0", "path": str(tmp_path / "missing.py"), "kwargs": {}}],
                                  work, harness._child_env("cpu"), timings=timings, log_dir=logs)
    assert results["p/seed0"]["error"].startswith("FileNotFoundError")
    assert "\n" not in results["p/seed0"]["error"].strip()
    log = (logs / "modern.log").read_text()
    assert "Traceback (most recent call last)" in log and "missing.py" in log
    assert not (work / "modern.log").exists()
    [t] = timings
    assert t["worker"] == "modern" and t["jobs"] == 1 and t["wall_seconds"] >= t["jobs_seconds"] >= 0


def test_eager_weights_start_an_unmodified_tf2_program_from_given_weights():
    import numpy as np
    import pytest
    import tensorflow as tf

    from migrate.verify import worker

    given = [np.full((2, 3), 7.0, np.float32), np.full((2, 3), -1.0, np.float32)]
    with worker.EagerWeights(given) as loader:
        w = tf.Variable(tf.zeros([2, 3]))  # eager code
        step = tf.Variable(0, trainable=False)  # not a weight: keeps its own value
        dense = tf.keras.layers.Dense(3, use_bias=False)

        @tf.function
        def call(x):  # the layer's kernel is created while this is first traced
            return dense(x)

        call(tf.ones([1, 2]))
    assert loader.loaded and loader.used == 2
    np.testing.assert_array_equal(w.numpy(), given[0])
    assert step.numpy() == 0
    np.testing.assert_array_equal(dense.kernel.numpy(), given[1])
    assert tf.Variable(tf.zeros([1])).numpy()[0] == 0.0  # uninstalled afterwards

    with pytest.raises(worker.ContractError, match="does not fit"):
        with worker.EagerWeights([np.zeros((4,), np.float32)]):
            tf.Variable(tf.zeros([2]))  # a shape that does not fit
    with worker.EagerWeights(given) as partial:
        tf.Variable(tf.zeros([2, 3]))
    assert not partial.loaded  # one weight left over: the worker reports a broken contract
