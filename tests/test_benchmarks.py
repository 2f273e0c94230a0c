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
