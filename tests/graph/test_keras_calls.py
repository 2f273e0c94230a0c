"""The converters of migrate.graph.keras_calls on parsed snippets: exact code, refusals with reasons.

A probe rule (not registered: it has no class-level ``code``) runs the real
engine pass over a snippet and hands each TF1 call to the converter, so the
symbols, aliases and imports are resolved exactly as the graph pass sees them.
The last test executes generated constructors on both installed profiles.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from migrate.data import keras_map
from migrate.engine.context import Options
from migrate.engine.rule import Rule
from migrate.engine.source import check_syntax
from migrate.engine.transformer import transform
from migrate.graph import keras_calls as kc

ROOT = Path(__file__).resolve().parents[2]


class Probe(Rule):
    """Replaces each converted TF1 call by what the graph pass would write; collects the results."""

    def __init__(self):
        self.code = "PROBE"
        self.results = []

    def watches(self, symbol):
        return symbol in kc.LAYERS | kc.OPTIMIZERS | kc.SCHEDULES | kc.CELLS | kc.RNNS

    def on_call(self, original, updated, symbol, ctx):
        if symbol in kc.RNNS:
            result = self._rnn(original, symbol, ctx)
        else:
            convert = (kc.layer if symbol in kc.LAYERS else kc.optimizer if symbol in kc.OPTIMIZERS
                       else kc.schedule if symbol in kc.SCHEDULES else kc.cell)
            result = convert(original, symbol, ctx)
        self.results.append(result)
        if isinstance(result, str):
            return None
        if isinstance(result, (kc.LayerCall, kc.RnnCall)) and result.inputs is not None:
            extra = list(getattr(result, "call_args", ()))
            return cst.Call(result.ctor, [cst.Arg(result.inputs), *extra])
        return result.ctor

    def _rnn(self, original, symbol, ctx):
        names = ("cell_fw", "cell_bw") if "bidirectional" in symbol else ("cell",)
        cells = []
        for i, name in enumerate(names):
            arg = next((a for a in original.args if a.keyword and a.keyword.value == name), original.args[i])
            inner = kc.cell(arg.value, ctx.symbol(arg.value.func), ctx)
            if isinstance(inner, str):
                return inner
            cells.append(inner.ctor)
        return kc.rnn(original, symbol, cells[0] if len(cells) == 1 else tuple(cells), ctx)


def convert(code: str, target: str = "tf2.15"):
    """(migrated code, [results]) for a snippet."""
    code = textwrap.dedent(code)
    probe = Probe()
    module = cst.parse_module(code)
    migrated, _ = transform(module, [probe], "snippet.py", Options(target=target),
                            check_syntax(code.encode()), code.splitlines())
    return migrated.code, probe.results


def one(code: str, target: str = "tf2.15"):
    out, results = convert(code, target)
    assert len(results) == 1, results
    return out, results[0]


TF = "import tensorflow as tf\n"
