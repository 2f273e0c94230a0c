"""The ``tfm`` fixture: ``tfm("rewrite", path, ...)`` runs the CLI in-process."""

import pytest

from cli_helpers import make_runner


@pytest.fixture
def tfm(capsys, monkeypatch):
    return make_runner(capsys, monkeypatch)
