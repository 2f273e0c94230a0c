"""The shared node index (engine/nodes.py) and the resolver's walk facts the engine prunes with."""

import libcst as cst
import libcst.matchers as m
import pytest

from migrate.engine import nodes
from migrate.engine.names import NameResolver

SOURCE = """\
import os
from tensorflow.examples.tutorials.mnist import input_data


@decorate(tf.zeros(1) if a else f(b))
def load(path, n=g(1)):
    import numpy as np
    with tf.Graph().as_default() as graph, open(path) as f:
        for i in [h(j) for j in range(n)]:
            x += i
    return {k: v(k) for k, v in graph}


class Model(Base(1)):
    from tensorflow.contrib import layers
    size = (lambda q: q(2))(3)
    try:
        import mnist
    except ImportError:
        mnist = None
"""

TYPES = [(cst.Call,), (cst.Import, cst.ImportFrom), (cst.IndentedBlock, cst.Module), (cst.Assign,), (cst.WithItem,),
         (cst.Param, cst.For, cst.AugAssign, cst.NamedExpr, cst.CompFor), (cst.Name, cst.Attribute, cst.Call)]


@pytest.mark.parametrize("types", TYPES, ids=lambda types: "+".join(t.__name__ for t in types))
def test_find_gives_what_findall_gives_in_its_order(types):
    module = cst.parse_module(SOURCE)
    expected = list(m.findall(module, m.OneOf(*(getattr(m, t.__name__)() for t in types))))
    assert expected  # the source has some of each
    assert [id(n) for n in nodes.find(module, *types)] == [id(n) for n in expected]


def test_find_walks_again_for_another_tree():
    first, second = cst.parse_module("f(1)\n"), cst.parse_module("g(1)\ng(2)\n")
    assert len(nodes.find(first, cst.Call)) == 1
    assert len(nodes.find(second, cst.Call)) == 2
    assert nodes.find(second, cst.With) == []


def test_resolver_lists_every_import_in_findall_order():
    module = cst.parse_module(SOURCE)
    resolver = NameResolver()
    module.visit(resolver)
    assert [id(n) for n in resolver.imports] == [id(n) for n in m.findall(module, m.Import() | m.ImportFrom())]


def test_statements_holding_a_reference_are_those_around_it():
    module = cst.parse_module("import tensorflow as tf\nx = 1\n\ndef f():\n    y = 2\n    if y:\n        return tf.zeros(3)\n")
    resolver = NameResolver()
    module.visit(resolver)
    (key,) = [k for k, r in resolver.references.items() if r.base == "tf"]
    function = module.body[2]
    condition = function.body.body[1]
    returned = condition.body.body[0]
    assert resolver.statements_holding([key]) == {id(function), id(condition), id(returned)}
    assert resolver.statements_holding([key, 12345]) is None  # not a reference of this walk: no pruning


@pytest.mark.parametrize("source", ["", "\n\n# c\n\nimport tensorflow as tf\n", "\ufeff# -*- coding: utf-8 -*-\nx = 1\n",
                                    "#!/usr/bin/env python\n\n\n'''doc'''\n", "\fx = 1\n"])
def test_a_module_is_at_line_1_column_1_as_libcst_says(source):
    from libcst.metadata import MetadataWrapper, PositionProvider

    from migrate.engine.context import RuleContext

    module = cst.parse_module(source)
    start = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)[module].start
    ctx = RuleContext(path="-", codemod=None, options=None, metadata=MetadataWrapper(module, unsafe_skip_copy=True))
    assert ctx.position(module) == (start.line, start.column + 1) == (1, 1)
    assert PositionProvider not in ctx.metadata._metadata  # answered without the position pass
