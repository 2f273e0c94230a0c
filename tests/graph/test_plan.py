"""The typed plan (``migrate.graph.plan``): kinds, notes with ``exact``, one builder per kind."""

from __future__ import annotations

from types import SimpleNamespace

import libcst as cst

import migrate.rules  # noqa: F401  (graph.keras_calls imports rules._calls: load the rules first)
from migrate.graph.convert import _BUILDERS
from migrate.graph.plan import Kind, Note

NODE = cst.Name("x")


def test_a_note_pair_is_exact_unless_it_says_not_exact():
    assert Note.of((NODE, "epsilon made explicit")).exact
    assert not Note.of((NODE, "NOT EXACT: the accumulator starts at 0")).exact
    assert Note.of(Note(NODE, "kept", exact=False)) == Note(NODE, "kept", exact=False)


def test_an_inexact_mapping_marks_the_note_that_says_why_and_only_it():
    result = SimpleNamespace(notes=("name dropped", "NOT EXACT: rho"), exact=False)
    assert [n.exact for n in Note.from_result(NODE, result)] == [True, False]


def test_an_inexact_mapping_whose_notes_do_not_say_why_is_inexact_all_the_same():
    result = SimpleNamespace(notes=("the accumulator starts at 0",), exact=False)
    assert [n.exact for n in Note.from_result(NODE, result)] == [False]


def test_every_kind_that_changes_code_has_one_builder():
    kept = {Kind.PYTHON, Kind.RUN}  # kept as they are; their run sites are rewritten in place
    assert set(_BUILDERS) == set(Kind) - kept
