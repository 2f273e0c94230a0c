"""Frozen GraphDefs: the protocol buffers by their TF2 name, and sessions over an imported graph as TF2 functions.

A program that loads a frozen graph (the TensorFlow-for-Poets scripts ``label_image.py``,
``count_ops.py``) parses a ``tf.GraphDef``, imports it into a ``tf.Graph`` and runs named
tensors in a ``tf.Session(graph=graph)``. ``tf.Graph`` and ``import_graph_def`` still exist in
TF2; the GraphDef class and the session do not. GraphDefs have no TF2 loader: the TF2 way is to
import the GraphDef inside ``tf.compat.v1.wrap_function`` and prune it to the inputs and outputs
(TensorFlow's migration guide), which is what the run sites become.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from migrate.data.export_map import FROZEN_FUNCTION, FROZEN_FUNCTION_SOURCE, PROTOS, SESSION_RUN_PARAMS
from migrate.engine import nodes
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules._header import code_start

_IMPORT_GRAPH_DEF = frozenset({"import_graph_def", "graph_util.import_graph_def"})


class GraphDefProto(Rule):
    """``tf.GraphDef()`` -> ``tf.compat.v1.GraphDef()`` (also NodeDef, AttrValue, MetaGraphDef, wrap_function...).

    TF2 exports these only under ``tf.compat.v1``, and it is the same object (the protocol buffer
    class ``tensorflow.core.framework.graph_pb2.GraphDef``; ``wrap_function``, the TF2 way to run a
    GraphDef), so the rename is exact in any file, eager or graph mode. Already spelled through
    ``tf.compat.v1``, or ``tensorflow.core.framework``, it is left alone.
    """

    code = "TFM291"
    family = "freezing"
    description = "GraphDef / NodeDef / AttrValue / MetaGraphDef, wrap_function -> their only TF2 name, tf.compat.v1.X"
    symbols = frozenset(PROTOS)
    examples = (
        Example("import tensorflow as tf\ngraph_def = tf.GraphDef()\n",
                "import tensorflow as tf\ngraph_def = tf.compat.v1.GraphDef()\n"),
        Example("import tensorflow as tf\nnode = tf.NodeDef(name='x', op='Const')\n",
                "import tensorflow as tf\nnode = tf.compat.v1.NodeDef(name='x', op='Const')\n"),
        Example("import tensorflow.compat.v1 as tf\ngraph_def = tf.GraphDef()\n", None, "already the compat name"),
        Example("from tensorflow.core.framework import graph_pb2\ngraph_def = graph_pb2.GraphDef()\n", None,
                "the protocol buffer module itself"),
        Example("import tensorflow as tf\n\ndef f(tf):\n    return tf.GraphDef()\n", None, "a shadowing parameter"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        if ctx.spelled_compat(original) or ctx.compat_alias:
            return None
        ctx.report(original, self.code, Severity.INFO,
                   f"tf.{symbol} is tf.{PROTOS[symbol]} in TF2 (the same object, valid in eager code; TF2 has no "
                   "other public name for it)", fixed=True)
        return ctx.replace(original, ctx.ref(PROTOS[symbol]))


class ImportedGraphSession(Rule):
    """``with tf.Session(graph=g) as sess: sess.run(out, {inp: x})`` on an imported GraphDef -> a pruned TF2 function.

    TF1 pattern: ``g`` is only ever bound to a graph holding an imported GraphDef -- ``with
    tf.Graph().as_default() as g: tf.import_graph_def(...)``, ``g = tf.Graph()`` + ``with
    g.as_default(): tf.import_graph_def(...)``, or a call of a module-level function returning
    such a graph (``load_graph``) -- and the block uses ``sess`` only for ``sess.run(fetches,
    {literal feed dict})``. TF2: the block's statements without the session, each run
    ``frozen_graph_function(g, [feeds], fetches)(values)``: the GraphDef imported in
    ``tf.compat.v1.wrap_function`` and pruned to those tensors (written into the file once),
    returning numpy values as ``Session.run`` did. Refused (a warning, left for the graph
    pass) when the block creates TensorFlow ops (they would join ``g`` in TF1), passes
    ``config``/``target``/``options``, feeds anything but a dict literal, or uses ``sess``
    otherwise or after the block.
    """

    code = "TFM290"
    family = "freezing"
    description = "Session(graph=<imported GraphDef>).run(...) -> tf.compat.v1.wrap_function pruned to the tensors"
    program = True
    symbols = frozenset({"Session"})
    module_symbols = _IMPORT_GRAPH_DEF  # a graph it converts holds an imported GraphDef (_imported_in)
    examples = (
        Example(
            "import tensorflow as tf\n\ndef load(path):\n    graph_def = tf.GraphDef()\n"
            "    with open(path, 'rb') as f:\n        graph_def.ParseFromString(f.read())\n"
            "    with tf.Graph().as_default() as graph:\n        tf.import_graph_def(graph_def, name='')\n"
            "    return graph\n\ngraph = load('g.pb')\nwith tf.Session(graph=graph) as sess:\n"
            "    y = sess.run('out:0', {'in:0': [[1.0]]})\n",
            "import tensorflow as tf\n\n" + FROZEN_FUNCTION_SOURCE.format(tf="tf") +
            "\n\ndef load(path):\n    graph_def = tf.compat.v1.GraphDef()\n"
            "    with open(path, 'rb') as f:\n        graph_def.ParseFromString(f.read())\n"
            "    with tf.Graph().as_default() as graph:\n        tf.import_graph_def(graph_def, name='')\n"
            "    return graph\n\ngraph = load('g.pb')\ny = frozen_graph_function(graph, ['in:0'], 'out:0')([[1.0]])\n",
        ),
        Example(
            "import tensorflow as tf\ngraph = tf.Graph()\nwith graph.as_default():\n    tf.import_graph_def(gd)\n"
            "with tf.Session(graph=graph) as sess:\n    y = sess.run(graph.get_tensor_by_name('import/y:0'))\n",
            "import tensorflow as tf\n\n" + FROZEN_FUNCTION_SOURCE.format(tf="tf") +
            "\n\ngraph = tf.Graph()\nwith graph.as_default():\n    tf.import_graph_def(gd)\n"
            "y = frozen_graph_function(graph, [], graph.get_tensor_by_name('import/y:0'))()\n",
            "no feeds",
        ),
        Example("import tensorflow as tf\nwith tf.Graph().as_default() as g:\n    tf.import_graph_def(gd, name='')\n"
                "n = len(g.get_operations())\n", None, "an imported graph not run: tf.Graph and import_graph_def are TF2"),
        Example("import tensorflow as tf\nf = tf.compat.v1.wrap_function(lambda: tf.graph_util.import_graph_def(gd), [])\n"
                "y = f.prune(['import/x:0'], 'import/y:0')(x)\n", None, "already TF2"),
    )

    def on_module(self, module, ctx):
        if "Session" not in ctx.symbols.values() or FROZEN_FUNCTION in ctx.names.module_scope.bindings:
            return None
        graphs = _imported_graph_names(module, ctx)
        if not graphs:
            return None
        rewriter = _SessionBlocks(graphs, ctx, self.code)
        rewritten = module.visit(rewriter)
        if not rewriter.converted:
            return None
        return _insert(rewritten, FROZEN_FUNCTION_SOURCE.format(tf=ctx.tf_alias or "tf"))


def _symbol(ctx, node) -> str | None:
    return ctx.symbol(node) if isinstance(node, (cst.Name, cst.Attribute)) else None


def _is_import_only(ctx, body: cst.BaseSuite) -> bool:
    """A block whose only statement is ``tf.import_graph_def(...)`` (its result unused)."""
    statements = body.body if isinstance(body, cst.IndentedBlock) else [body]
    if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine):
        return False
    (small,) = statements[0].body if len(statements[0].body) == 1 else (None,)
    return (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)
            and _symbol(ctx, small.value.func) in _IMPORT_GRAPH_DEF)


def _new_graph(ctx, node) -> bool:
    return isinstance(node, cst.Call) and not node.args and _symbol(ctx, node.func) == "Graph"


def _imported_in(ctx, body) -> set[str]:
    """Names a statement list binds to a graph holding only an imported GraphDef."""
    found, fresh = set(), set()
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if (isinstance(small, cst.Assign) and len(small.targets) == 1
                        and isinstance(small.targets[0].target, cst.Name) and _new_graph(ctx, small.value)):
                    fresh.add(small.targets[0].target.value)
        if not isinstance(statement, cst.With) or len(statement.items) != 1 or not _is_import_only(ctx, statement.body):
            continue
        item = statement.items[0]
        call = item.item
        if not (isinstance(call, cst.Call) and not call.args and m.matches(call.func, m.Attribute(attr=m.Name("as_default")))):
            continue
        owner = call.func.value
        alias = item.asname.name.value if item.asname and isinstance(item.asname.name, cst.Name) else None
        if _new_graph(ctx, owner) and alias:
            found.add(alias)
        elif isinstance(owner, cst.Name) and owner.value in fresh and alias in (None, owner.value):
            found.add(owner.value)
    return found


def _imported_graph_names(module: cst.Module, ctx, params: bool = False) -> set[str]:
    """Names every binding of which is a graph holding only an imported GraphDef (or a loader's result);
    ``params``: or a function parameter."""
    loaders = set()
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and isinstance(statement.body, cst.IndentedBlock):
            body = statement.body.body
            last = body[-1] if body else None
            if (isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[0], cst.Return)
                    and isinstance(last.body[0].value, cst.Name) and last.body[0].value.value in _imported_in(ctx, body)):
                loaders.add(statement.name.value)
    imported: set[str] = set()
    for block in nodes.find(module, cst.IndentedBlock, cst.Module):
        imported |= _imported_in(ctx, block.body)
    good, bad = set(imported), set()
    for assign in nodes.find(module, cst.Assign):
        for target in assign.targets:
            name = target.target.value if isinstance(target.target, cst.Name) else None
            value = assign.value
            if _loads(value, loaders):
                good.add(name)
            elif not (_new_graph(ctx, value) and name in imported):
                bad.add(name)
    for item in nodes.find(module, cst.WithItem):
        if not (isinstance(item.asname, cst.AsName) and isinstance(item.asname.name, cst.Name)):
            continue
        call = item.item
        if not (isinstance(call, cst.Call) and m.matches(call.func, m.Attribute(attr=m.Name("as_default")))
                and _new_graph(ctx, call.func.value)):
            bad.add(item.asname.name.value)
    for node in nodes.find(module, *(_REBINDING if params else (cst.Param, *_REBINDING))):
        target = getattr(node, "name", None) or getattr(node, "target", None)
        bad |= {n.value for n in m.findall(target, m.Name())} if target is not None else set()
    return good - bad


_REBINDING = (cst.For, cst.AugAssign, cst.NamedExpr, cst.CompFor)  # binders other than = and with ... as


def _loads(value, loaders) -> bool:
    return isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in loaders


class _SessionBlocks(cst.CSTTransformer):
    """Replace each convertible ``with Session(graph=g) as s:`` statement by its body with the runs rewritten."""

    def __init__(self, graphs: set[str], ctx, code: str) -> None:
        self.graphs, self.ctx, self.code = graphs, ctx, code
        self.converted = 0

    def leave_IndentedBlock(self, original, updated):
        return updated.with_changes(body=self._flatten(original.body, updated.body))

    def leave_Module(self, original, updated):
        return updated.with_changes(body=self._flatten(original.body, updated.body))

    def _flatten(self, originals, updateds):
        body = []
        for i, (original, updated) in enumerate(zip(originals, updateds)):
            replacement = self._convert(original, updated, originals[i + 1:]) if isinstance(original, cst.With) else None
            if replacement is None:
                body.append(updated)
            else:
                replacement[0] = replacement[0].with_changes(leading_lines=original.leading_lines)
                body += replacement
        return body

    def _convert(self, original: cst.With, updated: cst.With, after) -> list | None:
        if len(original.items) != 1 or not isinstance(original.items[0].item, cst.Call):
            return None
        call = original.items[0].item
        if _symbol(self.ctx, call.func) != "Session":
            return None
        bound = _calls.bind(call, ("target", "graph", "config"))
        graph = bound.get("graph") if bound else None
        if graph is None or not isinstance(graph.value, cst.Name) or graph.value.value not in self.graphs:
            return None
        why = self._refusal(original, bound, after)
        if why:
            self.ctx.report(call, self.code, Severity.WARNING,
                            f"tf.Session over the imported graph '{graph.value.value}' not converted: {why}", fixed=False)
            return None
        session = original.items[0].asname.name.value
        runs = _Runs(session, graph.value)
        body = [statement.visit(runs) for statement in updated.body.body]
        self.converted += 1
        self.ctx.report(call, self.code, Severity.INFO,
                        f"tf.Session over the imported GraphDef '{graph.value.value}' -> {FROZEN_FUNCTION}(...), the "
                        "GraphDef imported in tf.compat.v1.wrap_function and pruned to the fed and fetched tensors "
                        "(GraphDefs have no TF2 loader: this is the TF2 way)", fixed=True)
        return body

    def _refusal(self, node: cst.With, bound, after) -> str | None:
        if set(bound) != {"graph"}:
            return "it passes " + " and ".join(sorted(set(bound) - {"graph"}))
        asname = node.items[0].asname
        if asname is None or not isinstance(asname.name, cst.Name):
            return "the session is not bound to a name"
        session = asname.name.value
        if any(self.ctx.symbol(n) for n in m.findall(node.body, m.Name() | m.Attribute())):
            return "the block creates TensorFlow ops (in TF1 they join the session's graph)"
        uses = m.findall(node.body, m.Name(session))
        runs = m.findall(node.body, m.Call(func=m.Attribute(value=m.Name(session), attr=m.Name("run"))))
        if len(uses) != len(runs):
            return f"'{session}' is used other than to run fetches"
        for run in runs:
            args = _calls.bind(run, SESSION_RUN_PARAMS)
            if args is None or set(args) - {"fetches", "feed_dict"} or "fetches" not in args:
                return "a run passes arguments other than fetches and a feed dict"
            feed = args.get("feed_dict")
            if feed is not None and not (isinstance(feed.value, cst.Dict)
                                         and all(isinstance(e, cst.DictElement) for e in feed.value.elements)):
                return "a feed dict is not a dict literal"
        if any(m.findall(statement, m.Name(session)) for statement in after):
            return f"'{session}' is used after the block"
        return None


class _Runs(cst.CSTTransformer):
    def __init__(self, session: str, graph: cst.Name) -> None:
        self.session, self.graph = session, graph

    def leave_Call(self, original, updated):
        if not m.matches(original.func, m.Attribute(value=m.Name(self.session), attr=m.Name("run"))):
            return updated
        args = _calls.bind(updated, SESSION_RUN_PARAMS)
        feed = args["feed_dict"].value.elements if "feed_dict" in args else []
        function = cst.Call(cst.Name(FROZEN_FUNCTION), [
            cst.Arg(self.graph), cst.Arg(cst.List([cst.Element(e.key) for e in feed])),
            cst.Arg(args["fetches"].value)])
        return cst.Call(function, [cst.Arg(e.value) for e in feed])


def _insert(module: cst.Module, source: str) -> cst.Module:
    """``source`` after the imports, set off by blank lines."""
    body, at, written = list(module.body), code_start(module.body), cst.parse_module(source)
    block = list(written.body)
    block[0] = block[0].with_changes(leading_lines=[cst.EmptyLine()] * bool(at) + list(written.header))
    rest = body[at:]
    if rest:
        rest[0] = rest[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(),
                                                      *(l for l in rest[0].leading_lines if l.comment is not None)])
    return module.with_changes(body=[*body[:at], *block, *rest])


class ImportedGraphSummary(Rule):
    """``w = tf.summary.FileWriter(d); w.add_graph(g)`` for an imported GraphDef ``g`` -> ``tf.summary.graph(g)``.

    TF1 pattern (``graph_pb2tb.py``): a writer made only to dump a loaded graph for TensorBoard,
    often inside a ``with tf.Session():`` that runs nothing. TF2: ``w =
    tf.summary.create_file_writer(d)`` and ``with w.as_default(): tf.summary.graph(g)``, which
    writes the same ``graph_def`` event; the idle session block goes. Only when ``g`` is a name
    bound to an imported graph, a loader's result or a parameter (never the default graph, which
    TF2 code does not build), the writer takes just the log directory and is used for nothing but
    ``add_graph(g)`` / ``flush()`` / ``close()`` in the same statement list, and the file has no
    other session code (``tf.summary.graph`` refuses graph mode, where such a file may be kept).
    """

    code = "TFM295"
    family = "freezing"
    description = "FileWriter(d).add_graph(<imported GraphDef>) -> create_file_writer(d) + tf.summary.graph"
    program = True
    symbols = frozenset({"summary.FileWriter"})
    examples = (
        Example(
            "import tensorflow as tf\nwith tf.Graph().as_default() as graph:\n    tf.import_graph_def(gd, name='')\n"
            "with tf.Session():\n    writer = tf.summary.FileWriter(out_dir)\n    writer.add_graph(graph)\n",
            "import tensorflow as tf\nwith tf.Graph().as_default() as graph:\n    tf.import_graph_def(gd, name='')\n"
            "writer = tf.summary.create_file_writer(out_dir)\nwith writer.as_default():\n    tf.summary.graph(graph)\n",
        ),
        Example(
            "import tensorflow as tf\nwith tf.Graph().as_default() as graph:\n    tf.import_graph_def(gd, name='')\n"
            "writer = tf.summary.FileWriter(out_dir)\nwriter.add_graph(graph)\nwriter.add_summary(s, 1)\n",
            None, "the writer writes other events too",
        ),
        Example("import tensorflow as tf\nwriter = tf.summary.create_file_writer(d)\nwith writer.as_default():\n"
                "    tf.summary.graph(g)\n", None, "already TF2"),
    )

    def on_module(self, module, ctx):
        symbols = list(ctx.symbols.values())
        if "summary.FileWriter" not in symbols:
            return None
        # tf.summary.graph refuses graph mode: a file with other session code may be kept in graph mode
        idle = [w for w in nodes.find(module, cst.With) if _GraphDumps.idle(ctx, w)]
        if symbols.count("Session") != len(idle) or _GRAPH_MODE & set(symbols):
            return None
        rewriter = _GraphDumps(_written_graphs(module, ctx), ctx, self.code)
        rewritten = module.visit(rewriter)
        return rewritten if rewriter.converted else None


_GRAPH_MODE = frozenset({"disable_eager_execution", "disable_v2_behavior", "placeholder", "get_default_session",
                         "InteractiveSession"})


def _written_graphs(module, ctx) -> set[str]:
    """Names a graph dump may write: every binding is a parameter, an imported graph or a loader's result -- not
    the default graph (``tf.get_default_graph()``, ``sess.graph``), which TF2 code does not build."""
    params = {p.name.value for p in nodes.find(module, cst.Param)}
    return _imported_graph_names(module, ctx, params=True) | (params - {
        t.target.value for a in nodes.find(module, cst.Assign) for t in a.targets if isinstance(t.target, cst.Name)})


class _GraphDumps(cst.CSTTransformer):
    def __init__(self, graphs, ctx, code) -> None:
        self.graphs, self.ctx, self.code, self.converted = graphs, ctx, code, 0

    def leave_IndentedBlock(self, original, updated):
        return updated.with_changes(body=self._statements(original.body, updated.body))

    def leave_Module(self, original, updated):
        return updated.with_changes(body=self._statements(original.body, updated.body))

    def _statements(self, originals, updateds):
        body = []
        for original, updated in zip(originals, updateds):
            if self._idle_session(original):
                inner = self._dump(original.body.body, whole=True)
                if inner is not None:
                    inner[0] = inner[0].with_changes(leading_lines=original.leading_lines)
                    body += inner
                    continue
            body.append(updated)
        dumped = self._dump(body)
        return body if dumped is None else dumped

    def _idle_session(self, node) -> bool:
        return self.idle(self.ctx, node)

    @staticmethod
    def idle(ctx, node) -> bool:
        """``with tf.Session():`` with no arguments and no name: nothing in it can run in TF1 but its body."""
        return (isinstance(node, cst.With) and len(node.items) == 1 and node.items[0].asname is None
                and isinstance(node.items[0].item, cst.Call) and not node.items[0].item.args
                and ctx.symbol(node.items[0].item.func) == "Session")

    def _dump(self, statements, whole=False):
        """The statement list with its graph-dumping writer in TF2 form; None when there is none to convert.

        ``whole``: every statement must be the writer's (the body of an idle session, which then goes)."""
        lines = [s.body[0] if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 else None for s in statements]
        for i, small in enumerate(lines):
            if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
                    and isinstance(small.value, cst.Call) and self.ctx.symbol(small.value.func) == "summary.FileWriter"):
                continue
            writer, args = small.targets[0].target.value, small.value.args
            if len(args) != 1 or args[0].keyword not in (None,) and args[0].keyword.value != "logdir":
                return None
            uses = [j for j, s in enumerate(statements) if j != i and m.findall(s, m.Name(writer))]
            calls = {}
            for j in uses:
                call = lines[j].value if isinstance(lines[j], cst.Expr) else None
                if not (isinstance(call, cst.Call) and m.matches(call.func, m.Attribute(value=m.Name(writer)))):
                    return None
                method = call.func.attr.value
                graph = call.args[0].value if method == "add_graph" and len(call.args) == 1 else None
                if method not in ("flush", "close") and not (isinstance(graph, cst.Name) and graph.value in self.graphs):
                    return None
                calls[j] = graph
            if not any(g is not None for g in calls.values()) or (whole and len(calls) + 1 != len(statements)):
                return None
            self.converted += 1
            self.ctx.report(small.value, self.code, Severity.INFO,
                            "tf.summary.FileWriter(...).add_graph(<imported GraphDef>) -> tf.summary.create_file_writer "
                            "+ tf.summary.graph (the same graph_def event)", fixed=True)
            out = list(statements)
            out[i] = statements[i].with_changes(body=[small.with_changes(value=cst.Call(
                self.ctx.ref("summary.create_file_writer"), [args[0].with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)]))])
            for j, graph in calls.items():
                if graph is None:
                    continue  # flush/close: the TF2 writer has both
                dump = cst.SimpleStatementLine([cst.Expr(cst.Call(self.ctx.ref("summary.graph"), [cst.Arg(graph)]))])
                out[j] = cst.With([cst.WithItem(cst.Call(cst.Attribute(cst.Name(writer), cst.Name("as_default"))))],
                                  cst.IndentedBlock([dump]), leading_lines=statements[j].leading_lines)
            return out
        return None
