"""``[tool.tf-migrate]`` in pyproject.toml: the same selection as the flags; bad settings are a clear exit 2."""

from __future__ import annotations

import pytest

from cli_helpers import SAMPLE, SAMPLE_MIGRATED, snapshot


@pytest.fixture
def project(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "train.py").write_text(SAMPLE)
    return tmp_path


def configure(project, body):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.tf-migrate]\n' + body)


@pytest.mark.parametrize(
    "body, expected",
    [
        pytest.param('ignore = ["TFM100"]\n', SAMPLE_MIGRATED.replace("tf.math.log", "tf.log"), id="ignore a code"),
        pytest.param('select = ["TFM100"]\n', SAMPLE.replace("tf.log", "tf.math.log"), id="select a code"),
        pytest.param('select = ["renames"]\n', SAMPLE.replace("tf.log", "tf.math.log"), id="select a family"),
        pytest.param('ignore = ["TFM1"]\n', SAMPLE, id="ignore a prefix"),
        pytest.param("", SAMPLE_MIGRATED, id="empty table"),
    ],
)
def test_settings_from_pyproject(tfm, project, body, expected):
    configure(project, body)
    tfm("rewrite", "--write", project / "src")
    assert (project / "src" / "train.py").read_text() == expected


def test_settings_are_found_from_a_nested_file(tfm, project):
    configure(project, 'ignore = ["TFM1"]\n')
    assert tfm("rewrite", "--check", project / "src" / "train.py").code == 0


def test_flags_win_over_pyproject(tfm, project):
    configure(project, 'ignore = ["TFM1"]\n')
    tfm("rewrite", "--write", "--ignore", "TFM900", project / "src")
    assert (project / "src" / "train.py").read_text() == SAMPLE_MIGRATED


@pytest.mark.parametrize(
    "body, message",
    [
        pytest.param("bogus = 1\n", "unknown [tool.tf-migrate] key 'bogus'", id="unknown key"),
        pytest.param('ignore = ["TFM999"]\n', "TFM999", id="unknown code"),
        pytest.param('select = ["nosuchfamily"]\n', "nosuchfamily", id="unknown family"),
        pytest.param('ignore = "TFM100"\n', "ignore must be a list", id="string instead of list"),
        pytest.param("ignore = [100]\n", "list of strings", id="number in the list"),
        pytest.param('fallback = "yes"\n', "fallback must be a bool", id="fallback not a bool"),
        pytest.param('target = "tf9"\n', "target must be one of", id="unknown target"),
        pytest.param("ignore = [\n", "pyproject.toml", id="broken TOML"),
    ],
)
def test_bad_settings_are_a_clear_error(tfm, project, body, message):
    configure(project, body)
    before = snapshot(project)
    run = tfm("rewrite", "--write", project / "src")
    assert run.code == 2, run
    assert message in run.err and "Traceback" not in run.err
    assert str(project / "pyproject.toml") in run.err
    assert len(run.err.strip().splitlines()) == 1
    assert snapshot(project) == before


def test_a_pyproject_without_the_table_is_ignored(tfm, project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert tfm("rewrite", "--check", project / "src").code == 1
