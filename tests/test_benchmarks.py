"""The benchmark corpus: deterministic, valid Python 3, and TF1 through and through."""

import random
import sys
from pathlib import Path

import libcst as cst
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import corpus  # noqa: E402


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    paths = corpus.generate(tmp_path_factory.mktemp("corpus"), files=5)
    return [p.read_text() for p in paths]


def test_every_generated_file_parses_with_libcst(files):
    for text in files:
        cst.parse_module(text)


def test_generated_files_are_tf1_programs(files):
    for text in files:
        assert "tensorflow" in text
        assert "placeholder(" in text
        assert ".Session(" in text or ".InteractiveSession(" in text
        assert "feed_dict=" in text
        assert 50 <= text.count("\n") <= 2000


def test_the_same_seed_gives_the_same_tree():
    assert corpus.generate_file(random.Random(7), 0) == corpus.generate_file(random.Random(7), 0)
    assert corpus.generate_file(random.Random(7), 0) != corpus.generate_file(random.Random(8), 0)


def _row(seconds, files, cpu=None):
    return {"min_seconds": seconds, "median_seconds": seconds, "min_ms_per_file": 1000 * seconds / files,
            "median_ms_per_file": 1000 * seconds / files, "min_cpu_seconds": cpu or seconds,
            "min_cpu_ms_per_file": 1000 * (cpu or seconds) / files, "files": files}


def test_ratios_are_given_for_the_generated_tree_and_the_real_code_side_by_side():
    import bench_rewrite as bench

    summary = {
        "tf-migrate --jobs 1": _row(50.0, 100), "tf_upgrade_v2 (tree, writes output)": _row(100.0, 100),
        "tf-migrate --jobs 1, second --check (cache)": _row(1.0, 100),
        "real code: tf-migrate --jobs 1": _row(30.0, 10), "real code: tf_upgrade_v2 (tree, writes output)": _row(10.0, 10),
        "real code: in-process: tf-migrate": _row(2.0, 10), "real code: in-process: libcst parse only": _row(0.5, 10),
    }
    ratios = {what: lo for what, lo, _ in bench._ratios(summary, 100)}
    assert ratios["CPU time: tf-migrate --jobs 1 / tf_upgrade_v2, whole command"] == 0.5
    assert ratios["CPU time: second --check from the cache / first (tf-migrate --jobs 1)"] == 0.02
    assert ratios["real code: CPU time: tf-migrate --jobs 1 / tf_upgrade_v2, whole command"] == 3.0
    assert ratios["real code: in process, per file: tf-migrate / libcst parse only"] == 4.0
    result = {"command": "x", "date": "d", "machine": {"nproc": 2, "cpu": "c", "platform": "p", "python": "3"},
              "versions": {}, "repeat": 1, "inprocess_repeat": 1, "load_before": "0", "load_after": "0",
              "corpus": {"files": 100, "lines": 1, "bytes": 1, "seed": 1, "min_lines": 1, "max_lines": 1, "median_lines": 1},
              "real": {"path": "tf1_programs", "files": 10, "lines": 5},
              "summary": summary, "ratios": bench._ratios(summary, 100)}
    text = bench._markdown(result)
    assert "- generated tree: CPU per file at most tf_upgrade_v2's (issue 13): 0.50x — met." in text
    assert "- real code: CPU per file at most tf_upgrade_v2's (issue 13): 3.00x — NOT met." in text
