"""SavedModel v1 (builder, loader, signature defs) and frozen graphs.

Loading a v1 SavedModel into a session and running named tensors converts (TFM294):
``tf.saved_model.load`` reads it, and its ``prune`` is the TF2 function between those names.
Writing one does not convert locally: a v1 SavedModel is written from a session's graph and named
tensors, a frozen graph from a GraphDef. Their TF2 form starts from a ``tf.function`` / Keras
model (a concrete function with a ``tf.TensorSpec`` input signature), which is what the
graph-to-eager pass produces, so the call site gets the recipe (TFM268, TFM269).
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from migrate.data.ecosystem_map import SAVING as RECIPES
from migrate.data.export_map import (LOADED_NAME, LOADER_PARAMS, SAVED_MODEL_FUNCTION, SAVED_MODEL_FUNCTION_SOURCE,
                                     SESSION_RUN_PARAMS)
from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules._graph_mode import compat_reference, kept_in_graph_mode
from migrate.rules.freezing import _insert


class SavedModelV1(Rule):
    """``SavedModelBuilder``, ``loader.load``, ``simple_save``, signature-def utilities.

    TF1 pattern: a session's graph saved or loaded with named tensors.
    TF2: ``tf.saved_model.save`` of a trackable object with concrete-function
    signatures, ``tf.saved_model.load`` and its ``signatures``. Always a
    warning, never rewritten (the function to save is not at the call site).
    """

    code = "TFM268"
    family = "saving"
    description = "Report v1 SavedModel builder/loader/signature-def APIs with the TF2 recipe"
    symbols = frozenset(s for s in RECIPES if s.startswith("saved_model."))
    examples = (
        Example("import tensorflow as tf\nb = tf.saved_model.builder.SavedModelBuilder(export_dir)\n", None,
                "reported with tf.saved_model.save"),
        Example("import tensorflow as tf\ntf.saved_model.simple_save(sess, d, inputs={'x': x}, outputs={'y': y})\n",
                None, "reported"),
        Example("import tensorflow as tf\ntf.saved_model.save(model, d)\n", None, "already TF2"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        return _report(self.code, original, symbol, ctx, f"tf.{symbol} saves/loads a session graph (TF1 only)",
                       _KEPT_WHY)


# Why a session export stays: its eager form needs the serving tf.function of the exported outputs with the
# inputs' placeholder specs, and the graph-to-eager pass (TFM300) builds functions only for sess.run sites.
_KEPT_WHY = ("graph mode: it takes a session or the graph's tensors; TFM300 builds no serving tf.function for a "
             "session export")


class FrozenGraph(Rule):
    """``tf.graph_util.convert_variables_to_constants(sess, graph_def, outputs)``: freezing a session graph.

    TF2: ``convert_variables_to_constants_v2`` of a concrete function (then
    ``tf.io.write_graph`` of its GraphDef, which TFM100 already names). Reported,
    never rewritten: the concrete function has to be written first.
    """

    code = "TFM269"
    family = "saving"
    description = "Report frozen-graph utilities (graph_util) with the concrete-function recipe"
    symbols = frozenset(s for s in RECIPES if s.startswith("graph_util."))
    examples = (
        Example("import tensorflow as tf\nfrozen = tf.graph_util.convert_variables_to_constants(sess, gd, ['out'])\n",
                None, "reported with convert_variables_to_constants_v2"),
        Example("from tensorflow.compat.v1 import graph_util\ng = graph_util.extract_sub_graph(gd, ['y'])\n",
                None, "reported through a from-import"),
    )

    def on_reference(self, original, updated, symbol, ctx):
        return _report(self.code, original, symbol, ctx, f"tf.{symbol} works on session graphs (TF1 only)")


def _report(code, original, symbol, ctx, what, why="graph mode"):
    """The recipe; in a file kept in graph mode the symbol also moves to tf.compat.v1 so the file still runs."""
    kept = kept_in_graph_mode(ctx, symbol)
    ctx.report(original, code, Severity.WARNING,
               f"{what}; TF2: {RECIPES[symbol]}" + (f"; kept as tf.compat.v1.{symbol} ({why})" if kept else ""),
               fixed=kept)
    return compat_reference(original, symbol, ctx) if kept else None


def _names(node) -> bool:
    """A tensor name literal, or a list/tuple of them: what a loaded SavedModel's prune() takes."""
    if isinstance(node, (cst.List, cst.Tuple)):
        return bool(node.elements) and all(_names(e.value) for e in node.elements)
    return isinstance(node, cst.SimpleString)


class SavedModelV1Load(Rule):
    """``with tf.Session(...) as s: tf.saved_model.loader.load(s, tags, d); s.run('y:0', {'x:0': v})`` -> TF2.

    TF2: ``loaded_model = tf.saved_model.load(d, tags=tags)`` and each run
    ``saved_model_function(loaded_model, ['x:0'], 'y:0')(v)`` -- ``prune`` of the loaded v1
    SavedModel between the named tensors (helper written into the file once), numpy values as
    ``Session.run`` returned. Only when the block's first statement is the load (its result
    unused), fetches and feed keys are tensor-name literals, the session is used for nothing else,
    the block creates no ops, and ``Session`` gets no argument but ``graph=tf.Graph()``; otherwise
    TFM268 reports the recipe.
    """

    code = "TFM294"
    family = "saving"
    description = "Session + saved_model.loader.load + runs of named tensors -> tf.saved_model.load(...).prune"
    program = True
    symbols = frozenset({"saved_model.loader.load"})
    examples = (
        Example(
            "import tensorflow as tf\nwith tf.Session(graph=tf.Graph()) as sess:\n"
            "    tf.saved_model.loader.load(sess, ['serve'], export_dir)\n"
            "    y = sess.run('y:0', feed_dict={'x:0': batch})\n",
            "import tensorflow as tf\n\n" + SAVED_MODEL_FUNCTION_SOURCE.format(tf="tf") +
            "\n\nloaded_model = tf.saved_model.load(export_dir, tags=['serve'])\n"
            "y = saved_model_function(loaded_model, ['x:0'], 'y:0')(batch)\n",
        ),
        Example("import tensorflow as tf\nobj = tf.saved_model.load(d)\ny = obj.signatures['serving_default'](x=t)\n",
                None, "already TF2"),
    )

    def on_module(self, module, ctx):
        taken = ctx.names.module_scope.bindings
        if "saved_model.loader.load" not in ctx.symbols.values() or SAVED_MODEL_FUNCTION in taken or LOADED_NAME in taken:
            return None
        rewriter = _LoadBlocks(ctx, self.code)
        rewritten = module.visit(rewriter)
        if not rewriter.converted:
            return None
        return _insert(rewritten, SAVED_MODEL_FUNCTION_SOURCE.format(tf=ctx.tf_alias or "tf"))


class _LoadBlocks(cst.CSTTransformer):
    def __init__(self, ctx, code) -> None:
        self.ctx, self.code, self.converted = ctx, code, 0

    def leave_IndentedBlock(self, original, updated):
        return updated.with_changes(body=self._flatten(original.body, updated.body))

    def leave_Module(self, original, updated):
        return updated.with_changes(body=self._flatten(original.body, updated.body))

    def _flatten(self, originals, updateds):
        body = []
        for i, (original, updated) in enumerate(zip(originals, updateds)):
            replacement = self._convert(original, originals[i + 1:]) if isinstance(original, cst.With) else None
            if replacement is None:
                body.append(updated)
            else:
                replacement[0] = replacement[0].with_changes(leading_lines=original.leading_lines)
                body += replacement
        return body

    def _convert(self, node: cst.With, after) -> list | None:
        """The block's statements after the load, its runs calls of the pruned function; None to leave it."""
        if len(node.items) != 1 or not isinstance(node.items[0].item, cst.Call) or node.items[0].asname is None:
            return None
        call, alias = node.items[0].item, node.items[0].asname.name
        statements = node.body.body
        first = statements[0] if statements and isinstance(statements[0], cst.SimpleStatementLine) else None
        load = first.body[0].value if first and len(first.body) == 1 and isinstance(first.body[0], cst.Expr) else None
        if (self.ctx.symbol(call.func) != "Session" or not isinstance(alias, cst.Name) or not isinstance(load, cst.Call)
                or self.ctx.symbol(load.func) != "saved_model.loader.load"):
            return None
        bound = _calls.bind(load, LOADER_PARAMS)
        why = self._refusal(call, alias.value, bound, statements[1:], after)
        if why:
            self.ctx.report(load, self.code, Severity.WARNING, f"tf.saved_model.loader.load not converted: {why}",
                            fixed=False)
            return None
        runs = _Runs(alias.value)
        body = [s.visit(runs) for s in statements[1:]]
        loaded = cst.Call(self.ctx.ref("saved_model.load"),
                          [cst.Arg(bound["export_dir"].value), _calls.keyword(bound["tags"], "tags").with_changes(comma=cst.MaybeSentinel.DEFAULT)])
        self.converted += 1
        self.ctx.report(load, self.code, Severity.INFO,
                        "Session + tf.saved_model.loader.load -> tf.saved_model.load(export_dir, tags=...) and its "
                        f"prune() between the named tensors ({SAVED_MODEL_FUNCTION}, written into the file)", fixed=True)
        assign = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(LOADED_NAME))], loaded)])
        return [assign, *body]

    def _refusal(self, session_call, session, bound, rest, after) -> str | None:
        args = _calls.bind(session_call, ("target", "graph", "config"))
        graph = (args or {}).get("graph")
        if args is None or set(args) - {"graph"} or (graph is not None and not (
                isinstance(graph.value, cst.Call) and self.ctx.symbol(graph.value.func) == "Graph" and not graph.value.args)):
            return "the session gets arguments other than graph=tf.Graph()"
        if bound is None or set(bound) != set(LOADER_PARAMS) or not m.matches(bound["sess"].value, m.Name(session)):
            return "its arguments can't be read statically (or pass import_scope / saver arguments)"
        if any(self.ctx.symbol(n) for s in rest for n in m.findall(s, m.Name() | m.Attribute())):
            return "the block creates TensorFlow ops"
        runs = [r for s in rest for r in m.findall(s, m.Call(func=m.Attribute(value=m.Name(session), attr=m.Name("run"))))]
        if sum(len(m.findall(s, m.Name(session))) for s in rest) != len(runs) or any(
                m.findall(s, m.Name(session)) for s in after):
            return f"'{session}' is used other than to run named tensors"
        for run in runs:
            a = _calls.bind(run, SESSION_RUN_PARAMS)
            feed = (a or {}).get("feed_dict")
            if a is None or set(a) - {"fetches", "feed_dict"} or "fetches" not in a or not _names(a["fetches"].value):
                return "a run fetches something other than tensor-name literals"
            if feed is not None and not (isinstance(feed.value, cst.Dict) and all(
                    isinstance(e, cst.DictElement) and _names(e.key) for e in feed.value.elements)):
                return "a feed dict is not a literal keyed by tensor names"
        return None


class _Runs(cst.CSTTransformer):
    def __init__(self, session: str) -> None:
        self.session = session

    def leave_Call(self, original, updated):
        if not m.matches(original.func, m.Attribute(value=m.Name(self.session), attr=m.Name("run"))):
            return updated
        args = _calls.bind(updated, SESSION_RUN_PARAMS)
        feed = args["feed_dict"].value.elements if "feed_dict" in args else []
        function = cst.Call(cst.Name(SAVED_MODEL_FUNCTION), [
            cst.Arg(cst.Name(LOADED_NAME)), cst.Arg(cst.List([cst.Element(e.key) for e in feed])),
            cst.Arg(args["fetches"].value)])
        return cst.Call(function, [cst.Arg(e.value) for e in feed])
