"""Graphs and sessions -> eager TF2 (the whole-program rule; the work is in ``migrate.graph``)."""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from migrate.data import graph_map as G
from migrate.engine.names import NameResolver
from migrate.engine.rule import Example, Rule
from migrate.engine.transformer import tf_symbol
from migrate.findings import Severity
from migrate.graph.blocks import calls_in, reads, single_statement
from migrate.graph import keras_calls
from migrate.graph.convert import Converter, Names
from migrate.graph.plan import Note, Refusal
from migrate.rules._header import code_start
from migrate.graph.classes import convert_classes
from migrate.graph.helper_calls import inline_train_helpers, nest_graph_helpers, sink_placeholders
from migrate.graph.modules import convert_layer_helpers, convert_modules, hoist_placeholders
from migrate.graph.variable_helpers import variables_in_helpers
from migrate.graph.rnns import convert_rnns

_GRAPH_MODE = frozenset({"disable_eager_execution", "disable_v2_behavior"})


class GraphToEager(Rule):
    """TF1 graph + ``tf.Session`` -> Keras objects created once, ``tf.function`` steps, no session.

    Each ``sess.run(fetches, feed_dict)`` becomes a call of a ``tf.function``
    whose arguments are the fed placeholders (with their dtype and shape as
    ``input_signature``) and whose body is the graph code the fetches depend
    on; ``opt.minimize(loss)`` becomes a ``GradientTape`` step with a Keras
    optimizer; initializer runs and sessions disappear. A fetched expression
    (``sess.run(accuracy * 100)``) is what its function returns; a helper
    taking the session loses that parameter. Refuses a block when any
    construct can't be proven (graph surgery, collections, a session used
    other than to run things, variables initialized again after training,
    ``print`` of a symbolic tensor...): then the finding names the construct,
    and with ``--fallback`` (the default) the file keeps running in graph mode
    through ``tf.compat.v1``; a conversion whose output would not compile, or
    would still call ``.eval()`` / ``.run(feed_dict=...)`` on a value, is refused too.
    """

    code = "TFM300"
    family = "graph"
    description = "Sessions, placeholders and v1 optimizers -> tf.function, GradientTape and Keras"
    program = True
    symbols = G.FATAL
    examples = (
        Example(
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32, [None, 4])\n"
            "w = tf.Variable(tf.zeros([4, 2]))\n"
            "y = tf.matmul(x, w)\n"
            "with tf.Session() as sess:\n"
            "    sess.run(tf.global_variables_initializer())\n"
            "    print(sess.run(y, feed_dict={x: data}))\n",
            "import tensorflow as tf\n"
            "w = tf.Variable(tf.zeros([4, 2]))\n"
            "\n"
            "\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])\n"
            "def compute_y(x):\n"
            "    y = tf.matmul(x, w)\n"
            "    return y\n"
            "\n"
            "\n"
            "print(compute_y(data).numpy())\n",
            "a placeholder becomes an argument, the fetch a tf.function",
        ),
        Example("import tensorflow as tf\n\n@tf.function\ndef f(x):\n    return x * 2\n", None, "already TF2"),
        Example("sess = Session()\nsess.run(x)\n", None, "not TensorFlow"),
    )

    def on_module(self, module, ctx):
        symbols = set(ctx.symbols.values())
        if ctx.options.graph_unit and not symbols & _GRAPH_MODE:
            return self._keep_with_unit(module, ctx, symbols)
        if not symbols & G.FATAL:
            return None
        if "disable_eager_execution" in symbols:
            return None  # eager turned off on purpose (or by an earlier fallback): the file stays in graph mode
        if not symbols & G.SESSIONS:
            return None  # graph-building code run from elsewhere (a model module, a snippet): reported, not moved
        tf = ctx.tf_alias if ctx.tf_alias and not ctx.compat_alias else "tf"
        compat = ctx.compat_alias
        if compat:  # a converted file imports the real package under the same alias (see _drop_compat)
            ctx.compat_alias = False
        names = Names(reads(module) | set(ctx.names.module_scope.bindings))
        notes = []
        # helpers whose work the blocks must see: written out at their call, or nested into their one caller
        body = nest_graph_helpers(inline_train_helpers(list(module.body), ctx, names.fresh, notes), ctx, notes)
        body = sink_placeholders(body, ctx, notes)
        helpers = _variable_helpers(body, ctx)
        # functions that run TensorFlow: calling one builds graph code, even on plain values (one that opens a
        # session returns what it ran: plain values)
        graph_helpers = {s.name.value for s in body if isinstance(s, cst.FunctionDef)
                         and any(_builds_graph(ctx.symbol(c.func)) for c in calls_in(s))
                         and not any(ctx.symbol(c.func) in G.SESSIONS for c in calls_in(s))}
        refusals: list[Refusal] = []
        update_ops = "GraphKeys.UPDATE_OPS" in symbols
        classes: set[str] = set()  # tf.Module classes made from helpers
        converted = 0
        try:
            body = hoist_placeholders(body, ctx, notes)
            body = convert_classes(body, ctx, names, tf, helpers, graph_helpers, notes, update_ops)
            body = convert_modules(body, ctx, names, tf, helpers, notes, classes)
            body = convert_layer_helpers(
                body, _called_layer_helpers(body, ctx), ctx, names, tf, helpers, notes, classes,
                lambda: Converter(ctx, names, tf, helpers, graph_helpers, update_ops=update_ops), _open_scopes, _bound_in)
            body = self._hoist_from_helpers(body, ctx, names, tf, helpers, graph_helpers, notes, update_ops)
            body = variables_in_helpers(body, helpers, ctx, tf)
            for i, statement in enumerate(body):
                if isinstance(statement, cst.FunctionDef) and isinstance(statement.body, cst.IndentedBlock):
                    converter = Converter(ctx, names, tf, helpers, graph_helpers, update_ops=update_ops)
                    new = converter.convert(statement.body.body, function=True)
                    if new is not None:
                        body[i] = statement.with_changes(body=statement.body.with_changes(body=new))
                        notes += converter.notes
                        converted += 1
            converter = Converter(ctx, names, tf, helpers, graph_helpers, update_ops=update_ops)
            new = converter.convert(body, blank=2)
            if new is not None:
                body = new
                notes += converter.notes
                converted += 1
        except Refusal as refusal:
            refusals.append(refusal)
        if not refusals:
            body = _space_after_classes(body, classes)
            result = module.with_changes(body=body)
            leftover = _leftover(result) or _left_run(result) or _syntax_error(result)
            if leftover is None:
                return self._finish(result, ctx, tf, notes, converted)
            node, message = leftover
            if not ctx.position(node)[0]:  # a node the conversion rebuilt: point at the input's
                node = next((ref.node for key, ref in ctx.names.references.items()
                             if f"tf.{ctx.symbols.get(key)} " in message), node)
            refusals.append(Refusal(node, message))
        ctx.compat_alias = compat
        return self._refuse(module, ctx, refusals)

    def _hoist_from_helpers(self, body, ctx, names, tf, helpers, graph_helpers, notes, update_ops):
        """Model-building functions (``def model(x, is_training)``) get their layers created once, before them."""
        out = []
        for statement in body:
            symbols = {ctx.symbol(c.func) for c in calls_in(statement)} if isinstance(statement, cst.FunctionDef) else set()
            if not symbols & (keras_calls.LAYERS | keras_calls.RNNS) or symbols & (G.SESSIONS | G.PLACEHOLDERS):
                # not a model-building helper (a main() with its own session is a block of its own)
                out.append(statement)
                continue
            name = statement.name.value
            uses = sum(1 for c in calls_in(cst.Module(body=body)) if isinstance(c.func, cst.Name) and c.func.value == name)
            scoped = _named_scope(statement, ctx)
            if uses != 1 and not scoped:
                raise Refusal(statement, f"{name}() builds layers and is called {uses} times: each call made new "
                                         "variables in TF1, a Keras layer object would share them")
            # A second call under the same variable_scope name shared the variables (TF1 raised otherwise):
            # one set of Keras layers is exactly that, and the scope has nothing left to do.
            statement = statement.with_changes(body=statement.body.with_changes(
                body=_open_scopes(statement.body.body, ctx)))
            converter = Converter(ctx, names, tf, helpers, graph_helpers, update_ops=update_ops)
            local = frozenset(p.name.value for p in _all_params(statement.params)) | _bound_in(statement.body)
            rnn_layers, inner = convert_rnns(list(statement.body.body), ctx, names.fresh, tf, notes)
            names.trackables += [single_statement(s).targets[0].target.value for s in rnn_layers]
            statement = statement.with_changes(body=statement.body.with_changes(body=inner))
            hoisted, rewritten = converter._hoist_layers(statement, local)
            hoisted = rnn_layers + hoisted
            notes += converter.notes
            if hoisted:
                hoisted[0] = hoisted[0].with_changes(leading_lines=statement.leading_lines)
                rewritten = rewritten.with_changes(leading_lines=[cst.EmptyLine()] * 2)
            out += [*hoisted, rewritten]
        return out

    def _finish(self, module, ctx, tf, notes, converted):
        for note in map(Note.of, notes):  # modules/rnns still append (node, text) pairs
            ctx.report(note.node, self.code, Severity.INFO if note.exact else Severity.WARNING, note.text, fixed=True)
        ctx.report(module, self.code, Severity.INFO,
                   f"graph and session code converted to eager TF2 ({converted} block(s))", fixed=True)
        if any(ctx.symbols.get(id(a.name)) == "" or _is_compat(a) for s in module.body
               if isinstance(s, cst.SimpleStatementLine) for a in _import_aliases(s)):
            module = _drop_compat(module, ctx)
        elif ctx.tf_alias is None:
            ctx.add_import("tensorflow", asname="tf")
        for statement in module.body:
            for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
                if isinstance(small, cst.ImportFrom) and small.module is not None and not isinstance(small.names, cst.ImportStar):
                    source = cst.Module([]).code_for_node(small.module)
                    if source.split(".")[0] == "tensorflow":
                        for alias in small.names:
                            asname = alias.asname.name.value if alias.asname else None
                            RemoveImportsVisitor.remove_unused_import(ctx.codemod, source, alias.name.value, asname)
        if ctx.codemod.scratch.get(AddImportsVisitor.CONTEXT_KEY):
            module = AddImportsVisitor(ctx.codemod).transform_module(module)
        if ctx.codemod.scratch.get(RemoveImportsVisitor.CONTEXT_KEY):
            module = RemoveImportsVisitor(ctx.codemod).transform_module(module)
        return module

    def _keep_with_unit(self, module, ctx, symbols):
        """Another file of the program stays in graph mode (``engine/project.py``): this one goes with it."""
        if symbols & G.SESSIONS:  # it runs the graph: TFM302 turns eager execution off here
            return self._refuse(module, ctx, [Refusal(module, ctx.options.graph_unit)])
        # A library module: its TF1-only names go through tf.compat.v1 (the other rules read graph_mode).
        ctx.graph_mode = ctx.options.fallback
        ctx.report(module, "TFM301", Severity.WARNING,
                   f"graph code not converted to eager: {ctx.options.graph_unit}", fixed=False)
        return None

    def _refuse(self, module, ctx, refusals):
        for refusal in refusals:
            node = refusal.node if not isinstance(refusal.node, cst.Module) else None
            line, col = ctx.position(node) if node is not None else (0, 0)
            where = f" (line {line})" if line else ""
            ctx.report(node or module, "TFM301", Severity.WARNING,
                       f"graph code not converted to eager{where}: {refusal.message}", fixed=False)
        if not ctx.options.fallback or any(symbol in _GRAPH_MODE for symbol in ctx.symbols.values()):
            return None
        ctx.report(module, "TFM302", Severity.WARNING,
                   "kept in graph mode: tf.compat.v1.disable_eager_execution() added and graph-only symbols "
                   "use tf.compat.v1, so the file still runs on TF2", fixed=True)
        line = cst.parse_statement(f"{ctx.tf_alias or 'tf'}.compat.v1.disable_eager_execution()\n")
        if ctx.compat_alias:
            line = cst.parse_statement(f"{ctx.tf_alias}.disable_eager_execution()\n")
        if ctx.tf_alias is None:
            ctx.add_import("tensorflow", asname="tf")
        end = code_start(module.body)
        module = module.with_changes(body=[*module.body[:end], line, *module.body[end:]])
        if end and ctx.tf_alias is not None:
            ctx.inserted_lines = (ctx.position(module.body[end - 1])[0] or 0, 1)
        if ctx.codemod.scratch.get(AddImportsVisitor.CONTEXT_KEY):
            module = AddImportsVisitor(ctx.codemod).transform_module(module)
        return module


# TensorFlow calls that return plain Python/numpy values (a data reader calling one builds no graph)
_PLAIN_VALUES = ("keras.datasets.", "keras.utils.get_file", "gfile.", "io.gfile.")


def _builds_graph(symbol: str | None) -> bool:
    return bool(symbol) and not symbol.startswith(_PLAIN_VALUES)


def _variable_helpers(body: list, ctx) -> set[str]:
    """Module functions that create variables, directly or through another such function."""
    functions = {s.name.value: calls_in(s) for s in body if isinstance(s, cst.FunctionDef)}
    found: set[str] = set()
    while True:
        more = {name for name, calls in functions.items() if name not in found and any(
            ctx.symbol(c.func) in G.VARIABLES | G.GLOBAL_STEPS
            or (isinstance(c.func, cst.Name) and c.func.value in found) for c in calls)}
        if not more:
            return found
        found |= more


def _space_after_classes(body: list, classes: set[str]) -> list:
    """Two blank lines after a module-level class (the code after a converted helper may have moved away)."""
    out = list(body)
    for i in range(1, len(out)):
        if isinstance(out[i - 1], cst.ClassDef) and out[i - 1].name.value in classes and hasattr(out[i], "leading_lines"):
            lines = list(out[i].leading_lines)
            blank = 0
            while blank < len(lines) and lines[blank].comment is None:
                blank += 1
            if blank < 2:
                out[i] = out[i].with_changes(leading_lines=[cst.EmptyLine()] * (2 - blank) + lines)
    return out


def _builds_layers(statement, ctx) -> bool:
    """A model-building function: it calls TF1 layers and no session or placeholder (a main() is a block)."""
    symbols = {ctx.symbol(c.func) for c in calls_in(statement)} if isinstance(statement, cst.FunctionDef) else set()
    return bool(symbols & (keras_calls.LAYERS | keras_calls.RNNS)) and not symbols & (G.SESSIONS | G.PLACEHOLDERS)


def _called_layer_helpers(body, ctx) -> set[str]:
    """Model-building functions called more than once (not under one literal variable_scope name, which shares),
    or once with a layer configured by a parameter (``def inference(x, hidden1_units)``): hoisting the layers
    before the function can't read the parameter, an instance made at the call site can."""
    out = set()
    for statement in body:
        if not _builds_layers(statement, ctx) or _named_scope(statement, ctx):
            continue
        symbols = {ctx.symbol(c.func) for c in calls_in(statement)}
        name = statement.name.value
        uses = sum(1 for c in calls_in(cst.Module(body=body)) if isinstance(c.func, cst.Name) and c.func.value == name)
        if symbols & keras_calls.RNNS:
            continue
        if uses > 1 or (uses == 1 and _configured_by_parameters(statement, ctx)):
            out.add(name)
    return out


def _configured_by_parameters(function: cst.FunctionDef, ctx) -> bool:
    """Does a layer the function builds take a constructor argument from the function's parameters?"""
    params = frozenset(p.name.value for p in _all_params(function.params))
    local = params | _bound_in(function.body)
    for call in calls_in(function):
        symbol = ctx.symbol(call.func)
        # a dropout's keep_prob parameter is mostly a graph value: the hoist writes it as functional dropout
        if symbol in keras_calls.LAYERS and symbol not in keras_calls.DROPOUTS:
            result = keras_calls.layer(call, symbol, ctx)
            if not isinstance(result, str) and reads(result.ctor) & local & params:
                return True
    return False


def _named_scope(function: cst.FunctionDef, ctx) -> bool:
    """Does the function build everything under ``tf.variable_scope("<literal name>", ...)``?"""
    body = function.body.body
    statements = [s for s in body if not (isinstance(s, cst.SimpleStatementLine) and
                                          isinstance(s.body[0], cst.Expr) and isinstance(s.body[0].value, cst.SimpleString))]
    return len(statements) == 1 and isinstance(statements[0], cst.With) and len(statements[0].items) == 1 and (
        ctx.symbol(getattr(statements[0].items[0].item, "func", None)) == "variable_scope"
        and isinstance(statements[0].items[0].item.args[0].value, cst.SimpleString))


def _open_scopes(body, ctx) -> list:
    """``with tf.variable_scope(...)`` / ``name_scope`` blocks (no ``as``) replaced by their bodies."""
    out = []
    for statement in body:
        if (isinstance(statement, cst.With) and len(statement.items) == 1 and statement.items[0].asname is None
                and ctx.symbol(getattr(statement.items[0].item, "func", None)) in ("variable_scope", "name_scope")):
            out += _open_scopes(statement.body.body, ctx)
        else:
            out.append(statement)
    return out


def _all_params(params: cst.Parameters):
    """Every parameter (its name is local to the function; its default value is not)."""
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


def _bound_in(node: cst.CSTNode) -> frozenset[str]:
    """Names assigned anywhere in a function body."""
    bound: set[str] = set()

    class _Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, target):
            bound.update(reads(target))

        def visit_For(self, loop):
            bound.update(reads(loop.target))

    node.visit(_Targets())
    return frozenset(bound)


def _leftover(module: cst.Module) -> tuple[cst.CSTNode, str] | None:
    """A graph-only construct the conversion left behind (the output would not run eagerly)."""
    resolver = NameResolver()
    module.visit(resolver)
    for reference in resolver.references.values():
        qualified = resolver.qualified_names(reference.node)
        symbol = tf_symbol(qualified) if qualified else None
        if symbol in G.FATAL:  # an untouched node: the original's position is found for it
            return reference.node, f"tf.{symbol} is used outside a block the conversion understands"
        if symbol in keras_calls.CELLS or symbol in keras_calls.RNNS:  # e.g. under a try: v1 RNNs can't run eagerly
            return reference.node, f"tf.{symbol} is used where the conversion could not follow it"
    return None


def _left_run(module: cst.Module) -> tuple[cst.CSTNode, str] | None:
    """A TF1 run left in the converted code: an eager tensor has no ``.eval()`` and an op no ``.run()``.

    ``tf.shape(t).eval()`` (the owner a TensorFlow call) or any ``.eval``/``.run`` given a ``feed_dict=`` or
    ``session=`` keyword would raise on TF2; ``model.eval()`` of another library is not one of them.
    """
    resolver = NameResolver()
    module.visit(resolver)
    for call in calls_in(module):
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in ("eval", "run")):
            continue
        keywords = {a.keyword.value for a in call.args if a.keyword}
        owner = func.value
        qualified = resolver.qualified_names(owner.func) if isinstance(owner, cst.Call) else None
        if keywords & {"feed_dict", "session"} or (func.attr.value == "eval" and qualified and tf_symbol(qualified)):
            text = cst.Module([]).code_for_node(call)
            return call, f"{text} is left in the converted code (an eager tensor has no .eval(), an op no .run())"
    return None


def _syntax_error(module: cst.Module) -> tuple[cst.CSTNode, str] | None:
    """The converted module must compile (a generated duplicate argument would not): else the file is refused."""
    try:
        compile(module.code, "<converted>", "exec", dont_inherit=True)
    except SyntaxError as error:
        return module, f"the converted code would not compile ({error.msg}, converted line {error.lineno})"
    return None


def _import_aliases(statement: cst.SimpleStatementLine):
    return [a for small in statement.body if isinstance(small, cst.Import) for a in small.names]


def _is_compat(alias: cst.ImportAlias) -> bool:
    return cst.Module([]).code_for_node(alias.name) == "tensorflow.compat.v1"


def _drop_compat(module: cst.Module, ctx) -> cst.Module:
    """``import tensorflow.compat.v1 as tf`` -> ``import tensorflow as tf``; v2-behaviour switches go."""

    class _Compat(cst.CSTTransformer):
        def leave_Import(self, original, updated):
            names = [a.with_changes(name=cst.Name("tensorflow")) if cst.Module([]).code_for_node(a.name)
                     == "tensorflow.compat.v1" else a for a in updated.names]
            return updated.with_changes(names=names)

        def leave_SimpleStatementLine(self, original, updated):
            small = original.body[0]
            if len(original.body) == 1 and isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) \
                    and ctx.symbol(small.value.func) in _GRAPH_MODE:
                return cst.RemoveFromParent()
            return updated

    return module.visit(_Compat())
