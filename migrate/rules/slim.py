"""TF-Slim's structural helpers spelled out as the plain TF1 code they ran, for the graph-to-eager pass.

Each rule here rewrites one slim construct into the TF1 statements slim itself executed
(`tensorflow/contrib/layers/python/layers/layers.py`, `contrib/slim/python/slim/learning.py`,
`contrib/training/python/training/training.py` of TF 1.15). The result is still TF1; TFM300
then converts it to Keras layers and a GradientTape step, or -- when the program can't be
converted -- the graph-mode fallback runs it on ``tf.compat.v1``.
"""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule, Safety
from migrate.findings import Severity
from migrate.rules import _calls

REPEAT = frozenset({"contrib.slim.repeat", "contrib.layers.repeat"})
STACK = frozenset({"contrib.slim.stack", "contrib.layers.stack"})
# slim names the unnamed repetitions after ``layer.__name__``: the function behind each alias (TF 1.15 layers.py)
_FUNCTION_NAMES = {"conv2d": "convolution2d", "convolution2d": "convolution2d", "fully_connected": "fully_connected",
                   "conv2d_transpose": "convolution2d_transpose", "separable_conv2d": "separable_convolution2d",
                   "max_pool2d": "max_pool2d", "avg_pool2d": "avg_pool2d", "conv1d": "convolution1d",
                   "batch_norm": "batch_norm", "dropout": "dropout", "flatten": "flatten"}


class Refused(Exception):
    def __init__(self, node: cst.CSTNode, why: str):
        super().__init__(why)
        self.node, self.why = node, why


def _layer_name(layer: cst.BaseExpression, symbol: str | None, module: cst.Module) -> str:
    if symbol is not None:
        name = _FUNCTION_NAMES.get(symbol.rsplit(".", 1)[-1])
        if name is not None and symbol.startswith(("contrib.slim.", "contrib.layers.")):
            return name
    elif isinstance(layer, cst.Name) and any(
            isinstance(s, cst.FunctionDef) and s.name.value == layer.value for s in module.body):
        return layer.value
    raise Refused(layer, "no scope= and a layer whose __name__ tf-migrate can't tell (slim names the repetitions "
                         "after it): pass scope=")


class _Unroll(cst.CSTTransformer):
    def __init__(self, ctx, module: cst.Module, tf: str):
        self.ctx, self.module, self.tf = ctx, module, tf
        self.done: list[cst.Call] = []

    def _split(self, call: cst.Call, kind: str):
        if any(a.star for a in call.args):
            raise Refused(call, f"slim.{kind} with *args/**kwargs: the calls it makes are only known at run time")
        positional = [a for a in call.args if a.keyword is None]
        keywords = [a for a in call.args if a.keyword is not None]
        head = 3 if kind == "repeat" else 2
        if len(positional) < head or (kind == "stack" and len(positional) > head + 1):
            raise Refused(call, f"slim.{kind}'s inputs, {'repetitions, ' if kind == 'repeat' else ''}layer "
                                "are not passed by position")
        scope = next((a.value for a in keywords if a.keyword.value == "scope"), None)
        if scope is not None and not isinstance(scope, cst.SimpleString):
            raise Refused(scope, f"slim.{kind}'s scope is not a string literal")
        return positional, [a for a in keywords if a.keyword.value != "scope"], scope

    def _unrolled(self, target: cst.Name, call: cst.Call, kind: str) -> cst.With:
        positional, keywords, scope = self._split(call, kind)
        inputs = positional[0].value
        if kind == "repeat":
            count, layer = positional[1].value, positional[2].value
            if not isinstance(count, cst.Integer) or int(count.value) < 1:
                raise Refused(count, "slim.repeat's repetitions is not a positive integer literal")
            arg_lists = [[a.value for a in positional[3:]]] * int(count.value)
        else:
            layer = positional[1].value
            stack_args = positional[2].value if len(positional) > 2 else None
            if not isinstance(stack_args, (cst.List, cst.Tuple)) or not stack_args.elements:
                raise Refused(call, "slim.stack's argument list is not a non-empty literal")
            arg_lists = [list(e.value.elements and [x.value for x in e.value.elements])
                         if isinstance(e.value, (cst.Tuple, cst.List)) else [e.value] for e in stack_args.elements]
        inner = scope.evaluated_value if scope is not None else _layer_name(layer, self.ctx.symbol(layer), self.module)
        body = []
        for i, args in enumerate(arg_lists):
            source = inputs if i == 0 else target
            call_args = [cst.Arg(source.deep_clone())] + [cst.Arg(a.deep_clone()) for a in args]
            call_args += [a.deep_clone() for a in keywords]
            call_args.append(_calls.keyword(cst.Arg(cst.SimpleString(repr(f"{inner}_{i + 1}"))), "scope"))
            statement = cst.Assign([cst.AssignTarget(target.deep_clone())],
                                   _calls.rebuild(cst.Call(layer.deep_clone(), []), call_args))
            body.append(cst.SimpleStatementLine([statement]))
        # slim: variable_scope(scope, default_name='Repeat'/'Stack'), so unnamed calls are uniquified as in TF1
        scope_args = [cst.Arg(scope.deep_clone())] if scope is not None else [
            cst.Arg(cst.Name("None")),
            _calls.keyword(cst.Arg(cst.SimpleString(repr(kind.capitalize()))), "default_name")]
        scope_call = _calls.rebuild(cst.Call(_calls.dotted(f"{self.tf}.variable_scope"), []), scope_args)
        self.done.append(call)
        return cst.With([cst.WithItem(scope_call)], cst.IndentedBlock(body))

    def leave_SimpleStatementLine(self, original, updated):
        if len(updated.body) != 1 or not isinstance(updated.body[0], cst.Assign):
            return updated
        assign = original.body[0]  # the original nodes: they carry the name resolution
        call = assign.value
        if not isinstance(call, cst.Call):
            return updated
        symbol = self.ctx.symbol(call.func)
        kind = "repeat" if symbol in REPEAT else "stack" if symbol in STACK else None
        if kind is None:
            return updated
        if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name):
            raise Refused(original, f"slim.{kind}'s result is not assigned to one name")
        return self._unrolled(assign.targets[0].target, call, kind).with_changes(leading_lines=updated.leading_lines)


class SlimRepeatStack(Rule):
    """``net = slim.repeat(net, 2, slim.conv2d, 64, [3, 3], scope='conv1')`` -> the layer calls it made.

    TF1 pattern: ``slim.repeat(inputs, n, layer, *args, scope=s, **kw)`` applies ``layer`` n
    times under ``variable_scope(s)`` with scopes ``s_1`` ... ``s_n``; ``slim.stack(inputs,
    layer, [a, (b, c)], scope=s)`` once per element, the tuples as positional arguments.
    Replacement: those calls written out under the same ``tf.variable_scope`` (same variable
    names), so the contrib layer rules and TFM300 see ordinary layer calls (Keras layers are
    objects: one per repetition). Runs after arg_scope expansion (TFM210), which writes its
    defaults into the repeat call first. Refuses (the call is left and reported) when the
    result is not assigned to one name, the count or the argument list is not a literal,
    ``scope`` is not a string literal, or there is no scope and the layer's ``__name__`` is unknown.
    """

    code = "TFM217"
    family = "contrib"
    description = "slim.repeat / slim.stack -> the layer calls they make, under the same variable_scope"
    program = True
    symbols = REPEAT | STACK
    examples = (
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "net = slim.repeat(x, 2, slim.conv2d, 8, [3, 3], scope='conv1')\n",
                "import tensorflow as tf\n"
                "with tf.variable_scope('conv1'):\n"
                "    net = tf.compat.v1.layers.conv2d(x, 8, [3, 3], name='conv1_1', padding=\"SAME\", "
                "activation=tf.nn.relu)\n"
                "    net = tf.compat.v1.layers.conv2d(net, 8, [3, 3], name='conv1_2', padding=\"SAME\", "
                "activation=tf.nn.relu)\n",
                "repeat: n calls, scopes conv1_1, conv1_2 (TFM206 then converts them)"),
        Example("import tensorflow as tf\nfrom tensorflow.contrib import slim\n"
                "h = slim.stack(x, slim.fully_connected, [32, (16, tf.nn.tanh)])\n",
                "import tensorflow as tf\n"
                "with tf.variable_scope(None, default_name='Stack'):\n"
                "    h = tf.compat.v1.layers.dense(x, 32, name='fully_connected_1', activation=tf.nn.relu)\n"
                "    h = tf.compat.v1.layers.dense(h, 16, activation=tf.nn.tanh, name='fully_connected_2')\n",
                "stack: one call per element, unnamed scope as slim names it"),
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "net = slim.repeat(x, n, slim.conv2d, 8, [3, 3], scope='conv1')\n", None,
                "a repetition count that is not a literal: refused"),
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "net = f(slim.repeat(x, 2, slim.conv2d, 8, [3, 3], scope='conv1'))\n", None,
                "not assigned to a name: refused"),
        Example("import tensorflow as tf\nimport mylib as slim\nnet = slim.repeat(x, 2, slim.conv2d, 8, [3, 3])\n",
                None, "not TensorFlow"),
    )

    def on_module(self, module, ctx):
        if not set(ctx.symbols.values()) & (REPEAT | STACK):
            return None
        tf = ctx.tf_alias
        if tf is None:
            return None
        unroll = _Unroll(ctx, module, tf)
        try:
            rewritten = module.visit(unroll)
        except Refused as refusal:
            ctx.report(refusal.node, self.code, Severity.WARNING,
                       f"slim.repeat/stack not unrolled (the file keeps it): {refusal.why}", fixed=False)
            return None
        if not unroll.done:
            return None
        rewritten = drop_unused_contrib_imports(rewritten)
        ctx.report(unroll.done[0], self.code, Severity.INFO,
                   f"slim.repeat/stack unrolled into the layer calls they make ({len(unroll.done)} call(s))", fixed=True)
        return rewritten


# v1 losses that add their result to the LOSSES collection (tf.losses, contrib.losses, slim.losses of TF 1.15)
_LOSS_FUNCTIONS = frozenset({
    "absolute_difference", "cosine_distance", "hinge_loss", "huber_loss", "log_loss", "mean_pairwise_squared_error",
    "mean_squared_error", "sigmoid_cross_entropy", "softmax_cross_entropy", "sparse_softmax_cross_entropy"})
_LOSS_MODULES = ("losses.", "contrib.losses.", "contrib.slim.losses.")
TOTAL = frozenset(m + "get_total_loss" for m in _LOSS_MODULES)
# what else reads or writes the collection: with these the sum can't be written statically
_COLLECTION = frozenset(m + n for m in _LOSS_MODULES for n in ("get_losses", "add_loss", "compute_weighted_loss"))


def _is_loss(symbol: str | None) -> bool:
    return symbol is not None and symbol.startswith(_LOSS_MODULES) and symbol.rsplit(".", 1)[-1] in _LOSS_FUNCTIONS


def _statement_call(statement: cst.BaseStatement) -> tuple[cst.Name | None, cst.Call] | None:
    """``(target, call)`` of ``target = call(...)`` / ``(None, call)`` of a bare ``call(...)``."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        return None, small.value
    if (isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)):
        return small.targets[0].target, small.value
    return None


class _Calls(cst.CSTVisitor):
    def __init__(self, ctx):
        self.ctx, self.losses, self.totals, self.other = ctx, [], [], []

    def visit_Call(self, node):
        symbol = self.ctx.symbol(node.func)
        if _is_loss(symbol):
            self.losses.append(node)
        elif symbol in TOTAL:
            self.totals.append(node)
        elif symbol in _COLLECTION:
            self.other.append(node)


def _fresh(module: cst.Module, stem: str, taken: set[str]) -> str:
    names = {n.value for n in _all_names(module)} | taken
    name, i = stem, 1
    while name in names:
        i += 1
        name = f"{stem}_{i}"
    return name


def _all_names(node: cst.CSTNode) -> list[cst.Name]:
    found = []

    class V(cst.CSTVisitor):
        def visit_Name(self, n):
            found.append(n)

    node.visit(V())
    return found


class _Sum:
    """Name the bare loss statements of one body and write the total where get_total_loss() stood."""

    def __init__(self, ctx, module, total: cst.Call, tf: str):
        self.ctx, self.module, self.total, self.tf = ctx, module, total, tf
        self.terms: list[str] = []

    def rewrite(self, body):
        out, named = [], set()
        for statement in body:
            found = _statement_call(statement)
            if found is not None and _is_loss(self.ctx.symbol(found[1].func)):
                target, call = found
                if target is None:
                    name = _fresh(self.module, "loss_term", named)
                    named.add(name)
                    statement = statement.with_changes(body=[cst.Assign([cst.AssignTarget(cst.Name(name))], call)])
                    target = cst.Name(name)
                self.terms.append(target.value)
            elif found is not None and found[1] is self.total:
                total: cst.BaseExpression = cst.Call(_calls.dotted(f"{self.tf}.losses.get_regularization_loss"), [])
                for term in reversed(self.terms):
                    total = cst.BinaryOperation(cst.Name(term), cst.Add(), total)
                statement = statement.with_changes(body=[statement.body[0].with_changes(value=total)])
            out.append(statement)
        return out

    def apply(self, owner) -> cst.Module:
        if owner is self.module:
            return self.module.with_changes(body=self.rewrite(self.module.body))
        function = owner.with_changes(body=owner.body.with_changes(body=self.rewrite(owner.body.body)))
        return self.module.with_changes(body=[function if s is owner else s for s in self.module.body])


class CollectionTotalLoss(Rule):
    """``slim.losses.softmax_cross_entropy(logits, y)`` ... ``total = slim.losses.get_total_loss()`` -> the sum spelled out.

    TF1 pattern: v1 losses (``tf.losses.*``, ``tf.contrib.losses.*``, ``slim.losses.*``) called
    for their side effect -- they add the loss to the LOSSES collection -- and
    ``get_total_loss()`` summing that collection and REGULARIZATION_LOSSES. Replacement:
    each such call bound to a name (``loss_term``) and the total written as ``loss_term +
    ... + tf.losses.get_regularization_loss()``: the same value, with the data flow the
    graph-to-eager pass can follow (TFM300 turns the regularization loss into the layers'
    ``losses``). Refuses (left as it is, reported) when get_total_loss() takes arguments or
    is called more than once or not as ``name = get_total_loss()``, when a loss call of the
    file is not a statement of the same body before it, when the file also uses
    get_losses/add_loss/compute_weighted_loss, or when the body is a function called more
    than once in a file without ``reset_default_graph()`` (the collection would hold the
    losses of every call).
    """

    code = "TFM218"
    family = "contrib"
    description = "v1 losses added to the LOSSES collection + get_total_loss() -> the explicit sum"
    program = True
    symbols = TOTAL
    examples = (
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "slim.losses.softmax_cross_entropy(logits, y)\ntotal = slim.losses.get_total_loss()\n",
                "import tensorflow as tf\n"
                "loss_term = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), "
                "logits=logits))\n"
                "total = loss_term + tf.compat.v1.losses.get_regularization_loss()\n",
                "a bare loss call gets a name; the total is spelled out (TFM204 then fixes contrib's argument order)"),
        Example("import tensorflow as tf\n"
                "def build(x, y):\n"
                "    xent = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=x)\n"
                "    tf.losses.mean_squared_error(y, x)\n"
                "    return tf.losses.get_total_loss()\n", None,
                "get_total_loss() not bound to a name: refused"),
        Example("import tensorflow as tf\n"
                "tf.losses.sparse_softmax_cross_entropy(labels=y, logits=x)\n"
                "extra = f(tf.losses.mean_squared_error(y, x))\n"
                "total = tf.losses.get_total_loss()\n", None,
                "a loss call inside an expression: refused"),
        Example("import tensorflow as tf\ntf.losses.add_loss(penalty)\n"
                "tf.losses.log_loss(y, p)\ntotal = tf.losses.get_total_loss()\n", None,
                "add_loss: refused"),
        Example("import tensorflow as tf\ntotal = tf.losses.mean_squared_error(y, p) + 0.1 * penalty\n", None,
                "no get_total_loss: left alone"),
        Example("import tensorflow as tf\nfrom model import build\n"
                "logits = build(x)\ntf.losses.log_loss(y, p)\ntotal = tf.losses.get_total_loss()\n", None,
                "a project module may add losses too: refused"),
    )

    def on_module(self, module, ctx):
        symbols = set(ctx.symbols.values())
        if not symbols & TOTAL or ctx.tf_alias is None:
            return None
        calls = _Calls(ctx)
        module.visit(calls)
        try:
            owner, total = self._plan(module, ctx, calls, symbols)
        except Refused as refusal:
            ctx.report(refusal.node, self.code, Severity.WARNING,
                       f"get_total_loss() kept (it reads the LOSSES collection): {refusal.why}", fixed=False)
            return None
        # compat.v1 spelled out: TF2's tf.losses has no get_regularization_loss (the names resolve the same)
        rewrite = _Sum(ctx, module, total, ctx.tf_alias if ctx.compat_alias else f"{ctx.tf_alias}.compat.v1")
        rewritten = drop_unused_contrib_imports(rewrite.apply(owner))
        ctx.report(total, self.code, Severity.INFO,
                   f"get_total_loss() -> {' + '.join(rewrite.terms)} + get_regularization_loss() "
                   "(the losses this file adds to the LOSSES collection)", fixed=True)
        return rewritten

    def _plan(self, module, ctx, calls, symbols):
        if len(calls.totals) != 1:
            raise Refused(calls.totals[0], "it is called more than once")
        total = calls.totals[0]
        if total.args:
            raise Refused(total, "it takes arguments")
        if calls.other:
            raise Refused(calls.other[0], "the file also uses the collection otherwise")
        if not calls.losses:
            raise Refused(total, "this file adds no loss to the collection (others may: the sum can't be written here)")
        foreign = _project_imports(module)
        if foreign:
            raise Refused(total, f"the file imports {foreign[0]}, whose functions may add losses to the collection")
        for owner, body in _bodies(module):
            statements = [_statement_call(s) for s in body]
            at = next((i for i, s in enumerate(statements) if s is not None and s[1] is total and s[0] is not None), None)
            if at is None:
                continue
            before = {id(s[1]) for s in statements[:at] if s is not None}
            stray = [c for c in calls.losses if id(c) not in before]
            if stray:
                raise Refused(stray[0], "a loss call is not a statement of the same body before get_total_loss()")
            if any(a.keyword is not None and a.keyword.value == "loss_collection" for c in calls.losses for a in c.args):
                raise Refused(total, "a loss call sets loss_collection=")
            if isinstance(owner, cst.FunctionDef) and _call_count(module, owner.name.value) > 1 and not any(
                    s.endswith("reset_default_graph") for s in symbols):
                raise Refused(total, f"{owner.name.value}() is called more than once in one graph")
            return owner, total
        raise Refused(total, "it is not a statement 'name = get_total_loss()'")


# Imports whose functions can't add to the LOSSES collection (anything else -- a module of the project -- might).
_LIBRARIES = frozenset({
    "__future__", "abc", "absl", "argparse", "collections", "copy", "csv", "dataclasses", "functools", "glob",
    "itertools", "json", "logging", "math", "matplotlib", "numpy", "os", "pandas", "pathlib", "pickle", "random", "re",
    "scipy", "shutil", "six", "sklearn", "sys", "tempfile", "time", "typing", "tensorflow"})


def _project_imports(module: cst.Module) -> list[str]:
    code = cst.Module([]).code_for_node
    found = []
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                found += [code(a.name) for a in small.names]
            elif isinstance(small, cst.ImportFrom):
                found.append("." * len(small.relative) + (code(small.module) if small.module else ""))
    return [name for name in found if name.startswith(".") or name.split(".")[0] not in _LIBRARIES]


def _bodies(module: cst.Module):
    yield module, module.body
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and isinstance(statement.body, cst.IndentedBlock):
            yield statement, statement.body.body


def _call_count(module: cst.Module, name: str) -> int:
    count = 0

    class V(cst.CSTVisitor):
        def visit_Call(self, node):
            nonlocal count
            count += isinstance(node.func, cst.Name) and node.func.value == name

    module.visit(V())
    return count


BUILDERS = frozenset({"contrib.slim.learning.create_train_op", "contrib.training.create_train_op"})
# create_train_op(total_loss, optimizer, global_step=_USE_GLOBAL_STEP, update_ops=None, variables_to_train=None,
#                 clip_gradient_norm=0, summarize_gradients=False, gate_gradients=GATE_OP, ..., check_numerics=True)
_PARAMS = ("total_loss", "optimizer", "global_step", "update_ops", "variables_to_train", "clip_gradient_norm")
_CHECK = "LossTensor is inf or nan"


def _literal_number(node: cst.BaseExpression) -> float | None:
    return float(node.value) if isinstance(node, (cst.Integer, cst.Float)) else None


class _Uses(cst.CSTVisitor):
    """Every read of a name, sorted into ``sess.run(name, ...)`` sites and the rest."""

    def __init__(self, name: str):
        self.name, self.runs, self.other, self.parents = name, [], [], []

    def visit_SimpleStatementLine(self, node):
        found = _statement_call(node)
        if found is not None and isinstance(found[1].func, cst.Attribute) and found[1].func.attr.value == "run" and (
                found[1].args and isinstance(found[1].args[0].value, cst.Name)
                and found[1].args[0].value.value == self.name and found[1].args[0].keyword is None):
            self.runs.append((node, found[0], found[1]))
            for arg in found[1].args[1:]:
                arg.visit(self)
            return False
        return True

    def visit_Name(self, node):
        if node.value == self.name:
            self.other.append(node)


class SlimCreateTrainOp(Rule):
    """``train_op = slim.learning.create_train_op(total_loss, optimizer)`` -> the TF1 training op it built.

    TF1 pattern: slim's (and contrib.training's) ``create_train_op``: run the UPDATE_OPS,
    compute the gradients of the loss, clip each by its norm (``clip_gradient_norm``), apply
    them incrementing the global step, and return the *loss* (checked for inf/nan) with the
    update as a dependency, so ``loss = sess.run(train_op)`` trains and reads the loss.
    Replacement: those steps as plain TF1 -- ``minimize`` (or ``compute_gradients``, a
    per-gradient ``tf.clip_by_norm``, ``apply_gradients``) under
    ``tf.control_dependencies(UPDATE_OPS)`` with ``global_step=get_or_create_global_step()``,
    the checked loss beside it, and each ``loss = sess.run(train_op, feed)`` fetching both --
    the form the graph-to-eager pass turns into a GradientTape step. Refuses (the call is
    left: TFM214 keeps it in graph mode) when the result is not bound to one name at module
    level, the name is used other than as ``sess.run(train_op, ...)`` (e.g. passed to a
    helper), an argument is not one of total_loss/optimizer/global_step/update_ops/
    variables_to_train/clip_gradient_norm, or the clip norm is not a number literal.
    """

    code = "TFM219"
    family = "contrib"
    description = "slim / contrib.training create_train_op -> minimize under UPDATE_OPS, the loss fetched beside it"
    program = True
    symbols = BUILDERS
    examples = (
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "train_op = slim.learning.create_train_op(total_loss, tf.train.AdamOptimizer(0.01))\n"
                "with tf.Session() as sess:\n"
                "    loss = sess.run(train_op, {x: batch})\n",
                "import tensorflow as tf\n"
                "tf.compat.v1.disable_eager_execution()\n"
                "with tf.control_dependencies(tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)):\n"
                "    train_op = tf.compat.v1.train.AdamOptimizer(0.01).minimize(total_loss, "
                "global_step=tf.compat.v1.train.get_or_create_global_step())\n"
                "train_op_loss = tf.debugging.check_numerics(total_loss, 'LossTensor is inf or nan')\n"
                "with tf.compat.v1.Session() as sess:\n"
                "    _, loss = sess.run([train_op, train_op_loss], {x: batch})\n",
                "the loss the op returned is fetched beside it (kept in graph mode here: total_loss is undefined)"),
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "train_op = slim.learning.create_train_op(total_loss, optimizer)\n"
                "loss = trainer.step(train_op)\n", None,
                "the op is passed on: refused"),
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "train_op = slim.learning.create_train_op(total_loss, optimizer, summarize_gradients=True)\n"
                "loss = sess.run(train_op)\n", None,
                "an argument it does not write out: refused"),
        Example("import tensorflow as tf\ntrain_op = optimizer.minimize(loss)\nsess.run(train_op)\n", None,
                "already a TF1 op: left alone"),
    )

    def on_module(self, module, ctx):
        if not set(ctx.symbols.values()) & BUILDERS or ctx.tf_alias is None:
            return None
        tf = ctx.tf_alias
        v1 = tf if ctx.compat_alias else f"{tf}.compat.v1"
        for statement in module.body:
            found = _statement_call(statement)
            if found is None or found[0] is None or ctx.symbol(found[1].func) not in BUILDERS:
                continue
            try:
                return self._rewrite(module, ctx, statement, *found, tf, v1)
            except Refused as refusal:
                ctx.report(refusal.node, self.code, Severity.WARNING,
                           f"create_train_op not written out: {refusal.why}", fixed=False)
                return None
        return None

    def _rewrite(self, module, ctx, statement, target, call, tf, v1):
        bound = _calls.bind(call, _PARAMS)
        if bound is None or "optimizer" not in bound or "total_loss" not in bound:
            raise Refused(call, "an argument is not one of " + ", ".join(_PARAMS))
        uses = _Uses(target.value)
        for other in module.body:
            if other is not statement:
                other.visit(uses)
        if uses.other or not uses.runs:
            raise Refused(uses.other[0] if uses.other else call,
                          f"{target.value} is used other than as sess.run({target.value}, ...)")
        loss, optimizer = bound["total_loss"].value, bound["optimizer"].value
        step = (bound["global_step"].value if "global_step" in bound
                else cst.parse_expression(f"{v1}.train.get_or_create_global_step()"))
        updates = (bound["update_ops"].value if "update_ops" in bound
                   else cst.parse_expression(f"{v1}.get_collection({v1}.GraphKeys.UPDATE_OPS)"))
        var_list = [_calls.keyword(cst.Arg(bound["variables_to_train"].value), "var_list")] \
            if "variables_to_train" in bound else []
        clip = bound.get("clip_gradient_norm")
        norm = _literal_number(clip.value) if clip is not None else 0.0
        if norm is None:
            raise Refused(clip.value, "clip_gradient_norm is not a number literal")
        step_arg = [_calls.keyword(cst.Arg(step), "global_step")]
        code = cst.Module([]).code_for_node
        head: list[cst.BaseStatement] = []
        if norm > 0:
            pairs = _fresh(module, "grads_and_vars", set())
            compute = cst.Call(cst.Attribute(optimizer, cst.Name("compute_gradients")),
                               _calls.rebuild(cst.Call(cst.Name("f"), []), [cst.Arg(loss), *var_list]).args)
            head.append(cst.parse_statement(f"{pairs} = {code(compute)}\n"))
            head.append(cst.parse_statement(
                f"{pairs} = [({tf}.clip_by_norm(g, {code(clip.value)}) if g is not None else g, v) "
                f"for g, v in {pairs}]\n"))
            update = cst.Call(cst.Attribute(optimizer.deep_clone(), cst.Name("apply_gradients")), [])
            update = _calls.rebuild(update, [cst.Arg(cst.Name(pairs)), *step_arg])
        else:
            update = cst.Call(cst.Attribute(optimizer, cst.Name("minimize")), [])
            update = _calls.rebuild(update, [cst.Arg(loss), *step_arg, *var_list])
        checked = _fresh(module, f"{target.value}_loss", set())
        block = cst.parse_statement(f"with {tf}.control_dependencies({code(updates)}):\n"
                                    f"    {target.value} = {code(update)}\n")
        check = cst.parse_statement(f"{checked} = {tf}.check_numerics({code(loss.deep_clone())}, {_CHECK!r})\n")
        replaced = {id(statement): [*head, block, check]}
        for line, result, run in uses.runs:
            fetches = cst.List([cst.Element(cst.Name(target.value)), cst.Element(cst.Name(checked))])
            new_run = run.with_changes(args=[run.args[0].with_changes(value=fetches), *run.args[1:]])
            if result is None:
                new = line.with_changes(body=[cst.Expr(new_run)])
            else:
                pair = cst.Tuple([cst.Element(cst.Name("_")), cst.Element(result)], lpar=[], rpar=[])
                new = line.with_changes(body=[cst.Assign([cst.AssignTarget(pair)], new_run)])
            replaced[id(line)] = [new]
        ctx.report(call, self.code, Severity.INFO,
                   f"create_train_op written out: {'clip each gradient, ' if norm > 0 else ''}"
                   f"{'apply_gradients' if norm > 0 else 'minimize'} after the UPDATE_OPS, incrementing the "
                   f"global step; the checked loss it returned is fetched beside {target.value}", fixed=True)
        first = replaced[id(statement)]
        first[0] = first[0].with_changes(leading_lines=statement.leading_lines)
        return drop_unused_contrib_imports(module.visit(_Replace(replaced)))


class _Replace(cst.CSTTransformer):
    """Statements replaced by id (of the original node) with a list of statements."""

    def __init__(self, replaced: dict[int, list[cst.BaseStatement]]):
        self.replaced = replaced

    def leave_SimpleStatementLine(self, original, updated):
        new = self.replaced.get(id(original))
        return updated if new is None else cst.FlattenSentinel(new)


def drop_unused_contrib_imports(module: cst.Module) -> cst.Module:
    """``import tensorflow.contrib.slim as slim`` / ``from tensorflow.contrib import slim`` gone once nothing reads
    ``slim`` (TF2 has no tensorflow.contrib: the line alone would fail)."""
    read = {n.value for n in _all_names(module.with_changes(body=[
        s for s in module.body if not (isinstance(s, cst.SimpleStatementLine)
                                       and isinstance(s.body[0], (cst.Import, cst.ImportFrom)))]))}
    code = cst.Module([]).code_for_node

    class Drop(cst.CSTTransformer):
        def leave_Import(self, original, updated):
            kept = [a for a in updated.names if not (
                code(a.name).startswith("tensorflow.contrib") and a.asname is not None
                and a.asname.name.value not in read)]
            return _kept(updated, kept)

        def leave_ImportFrom(self, original, updated):
            if updated.module is None or isinstance(updated.names, cst.ImportStar) or \
                    not code(updated.module).startswith("tensorflow.contrib"):
                return updated
            kept = [a for a in updated.names if (a.asname.name.value if a.asname else a.name.value) in read]
            return _kept(updated, kept)

    return module.visit(Drop())


def _kept(updated, kept):
    if not kept:
        return cst.RemoveFromParent()
    if len(kept) == len(updated.names):
        return updated
    kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return updated.with_changes(names=kept)


QUERIES = frozenset({"contrib.slim.get_model_variables", "contrib.framework.get_model_variables",
                     "contrib.slim.get_variables", "contrib.framework.get_variables"})


def _string(node: cst.BaseExpression | None) -> str | None:
    return node.evaluated_value if isinstance(node, cst.SimpleString) else None


class _Queries(cst.CSTTransformer):
    def __init__(self, ctx, v1: str):
        self.ctx, self.v1, self.done, self.model = ctx, v1, [], []

    def leave_Call(self, original, updated):
        symbol = self.ctx.symbol(original.func)
        if symbol not in QUERIES:
            return updated
        bound = _calls.bind(original, ("scope", "suffix"))
        if bound is None or any(_string(a.value) is None and not (
                isinstance(a.value, cst.Name) and a.value.value == "None") for a in bound.values()):
            return updated  # a computed scope: left to TFM201's report
        scope, suffix = (_string(bound[k].value) if k in bound else None for k in ("scope", "suffix"))
        if suffix is not None:  # contrib.framework.get_variables: scope + '.*' + suffix, ':'-terminated
            scope = (scope or "") + ".*" + (suffix if ":" in suffix else suffix + ":")
        model = symbol.endswith("get_model_variables")
        key = "MODEL_VARIABLES" if model else "GLOBAL_VARIABLES"
        args = [cst.Arg(_calls.dotted(f"{self.v1}.GraphKeys.{key}"))]
        if scope is not None:
            args.append(cst.Arg(cst.SimpleString(repr(scope))))
        self.done.append(original)
        if model:
            self.model.append(original)
        return _calls.rebuild(cst.Call(_calls.dotted(f"{self.v1}.get_collection"), []), args)


class SlimVariableQueries(Rule):
    """``slim.get_variables('mlp', suffix='moving_mean')`` -> ``tf.compat.v1.get_collection(GLOBAL_VARIABLES, 'mlp.*moving_mean:')``.

    TF1 pattern: contrib.framework's (slim's) variable queries: ``get_variables(scope,
    suffix)`` is ``get_collection(GLOBAL_VARIABLES, scope + '.*' + suffix + ':')``,
    ``get_model_variables`` the same over MODEL_VARIABLES. Replacement: that core TF1 call
    (TF 1.15's own definition), which TF2 keeps in ``tf.compat.v1`` -- so the graph-to-eager
    pass sees a collection query (it refuses one it can't place) and a file kept in graph
    mode runs it. MODEL_VARIABLES is filled by slim's layers only: once they are Keras or
    ``tf.compat.v1.layers`` layers it is empty, so every ``get_model_variables`` gets a
    warning saying so. Left (TFM201 reports it) when scope or suffix is not a string literal.
    """

    code = "TFM220"
    family = "contrib"
    safety = Safety.REVIEW
    description = "slim.get_variables / get_model_variables -> the tf.compat.v1.get_collection query they ran"
    program = True
    symbols = QUERIES
    examples = (
        Example("import tensorflow as tf\nfrom tensorflow.contrib import slim\n"
                "bn = slim.get_variables(scope='mlp', suffix='moving_mean')\nhead = slim.get_variables('logits')\n",
                "import tensorflow as tf\n"
                "bn = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.GLOBAL_VARIABLES, 'mlp.*moving_mean:')\n"
                "head = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.GLOBAL_VARIABLES, 'logits')\n",
                "scope and suffix become contrib's regular expression"),
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "print(len(slim.get_model_variables()))\n",
                "import tensorflow as tf\n"
                "print(len(tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.MODEL_VARIABLES)))\n",
                "model variables (a warning: the migrated layers don't add to MODEL_VARIABLES)"),
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\nv = slim.get_variables(scope_name)\n",
                None, "a computed scope: left (reported by TFM201)"),
    )

    def on_module(self, module, ctx):
        if not set(ctx.symbols.values()) & QUERIES or ctx.tf_alias is None:
            return None
        queries = _Queries(ctx, ctx.tf_alias if ctx.compat_alias else f"{ctx.tf_alias}.compat.v1")
        rewritten = module.visit(queries)
        if not queries.done:
            return None
        for call in queries.model:
            ctx.report(call, self.code, Severity.WARNING,
                       "get_model_variables -> get_collection(MODEL_VARIABLES): only slim's own layers filled that "
                       "collection; the migrated layers (Keras, tf.compat.v1.layers) don't, so it is empty here "
                       "(use the layers' .variables)", fixed=True)
        ctx.report(queries.done[0], self.code, Severity.INFO,
                   f"slim variable queries -> the get_collection calls they made ({len(queries.done)})", fixed=True)
        return drop_unused_contrib_imports(rewritten)


# slim's restore helpers -> the name of their port (migrate/runtime/contrib_layers.py) written into the file
RESTORE = {"get_variables_to_restore": "slim_get_variables_to_restore",
           "assign_from_checkpoint_fn": "slim_assign_from_checkpoint_fn"}
_RESTORE_SYMBOLS = {f"{m}.{n}": port for n, port in RESTORE.items() for m in ("contrib.slim", "contrib.framework")}


def restore_port_source(tf: str) -> str:
    """TF 1.15's get_variables / get_variables_to_restore / assign_from_checkpoint_fn (the runtime's ports),
    prefixed ``slim_`` and on ``tf.compat.v1``."""
    from migrate.rules._contrib_inline import runtime_source
    import re

    text = "\n\n\n".join(runtime_source("contrib_layers", n) for n in ("get_variables", *RESTORE))
    text = re.sub(r"\b(get_variables|get_variables_to_restore|assign_from_checkpoint_fn)\(", r"slim_\1(", text)
    return re.sub(r"\btf1\.", f"{tf}.compat.v1.", text)


def _restore_example_after() -> str:
    """The first example's result: TFM122 also moves the port's tf.compat.v1.logging to absl."""
    port = restore_port_source("tf").replace("tf.compat.v1.logging.warning", "logging.warning")
    return ("import tensorflow as tf\nfrom absl import logging\n\n" + port + "\n\n\n"
            "tf.compat.v1.disable_eager_execution()\n"
            "init_fn = slim_assign_from_checkpoint_fn(path, slim_get_variables_to_restore(exclude=['logits']))\n")


class SlimRestoreHelpers(Rule):
    """``slim.assign_from_checkpoint_fn(path, slim.get_variables_to_restore(exclude=[...]))`` kept for graph mode.

    TF1 pattern: slim's fine-tuning recipe: the global variables outside some scopes, restored
    by name from a checkpoint through a ``Saver(var_list)`` callback run after the
    initializer. TF2's object-based ``tf.train.Checkpoint`` restores by object, not by
    name, so the recipe has no direct TF2 spelling; in a file kept in graph mode
    (``disable_eager_execution``) the replacement is TF 1.15's functions themselves on
    ``tf.compat.v1`` (the ports ``tf-migrate run`` uses), written after the imports as
    ``slim_get_variables_to_restore`` / ``slim_assign_from_checkpoint_fn``: same variables
    (by scope name), same restore. A warning: graph-era code. Refuses when the names are
    taken, when a helper is used as a value, and with ``--no-fallback``.
    """

    code = "TFM221"
    family = "contrib"
    safety = Safety.REVIEW
    description = "slim get_variables_to_restore / assign_from_checkpoint_fn in graph-mode code -> TF 1.15's functions"
    program = True
    symbols = frozenset(_RESTORE_SYMBOLS)
    examples = (
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "tf.compat.v1.disable_eager_execution()\n"
                "init_fn = slim.assign_from_checkpoint_fn(path, slim.get_variables_to_restore(exclude=['logits']))\n",
                _restore_example_after(), "graph mode: TF 1.15's functions are written into the file"),
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "init_fn = slim.assign_from_checkpoint_fn(path, variables)\n", None,
                "not graph mode: left to the graph-to-eager pass (reported)"),
    )

    def on_module(self, module, ctx):
        from migrate.rules._contrib_inline import LocalNames, bound_names, insert_after_imports, taken

        if not set(ctx.symbols.values()) & set(_RESTORE_SYMBOLS) or not ctx.graph_mode or not ctx.options.fallback:
            return None
        tf = ctx.tf_alias if ctx.tf_alias and not ctx.compat_alias else None
        if tf is None:
            return None
        source = restore_port_source(tf)
        clash = taken(ctx, bound_names(source))
        if clash:
            ctx.report(module.body[0], self.code, Severity.ERROR,
                       f"slim restore helpers not replaced: the name {sorted(clash)[0]} is taken in this file",
                       fixed=False)
            return None
        replace = LocalNames(ctx, _RESTORE_SYMBOLS, calls_only=True)
        rewritten = module.visit(replace)
        if not replace.found:
            return None
        ctx.report(module.body[0], self.code, Severity.WARNING,
                   f"{', '.join('tf.' + s for s in sorted(replace.found))} kept for graph mode: TF 1.15's functions on "
                   "tf.compat.v1 are written into this file (name-based restore; TF2 restores by object with "
                   "tf.train.Checkpoint)", fixed=True)
        return drop_unused_contrib_imports(insert_after_imports(rewritten, source))


_NORMALIZED = frozenset(f"{m}.{n}" for m in ("contrib.slim", "contrib.layers")
                        for n in ("fully_connected", "conv2d", "convolution2d"))


class _Normalizer(cst.CSTTransformer):
    def __init__(self, ctx, dicts: dict[str, cst.Dict], tf: str):
        self.ctx, self.dicts, self.tf, self.done = ctx, dicts, tf, []

    def leave_Call(self, original, updated):
        if self.ctx.symbol(original.func) not in _NORMALIZED or any(a.star for a in original.args):
            return updated
        keywords = {a.keyword.value: a for a in updated.args if a.keyword is not None}
        if "normalizer_fn" not in keywords or isinstance(keywords["normalizer_fn"].value, cst.Name) and \
                keywords["normalizer_fn"].value.value == "None":
            return updated
        params = keywords.get("normalizer_params")
        if params is None or isinstance(params.value, cst.Name) and params.value.value == "None":
            extra = []
        elif isinstance(params.value, cst.Name) and params.value.value in self.dicts:
            extra = [_calls.keyword(cst.Arg(e.value.deep_clone()), e.key.evaluated_value)
                     for e in self.dicts[params.value.value].elements]
        elif isinstance(params.value, cst.Dict) and all(
                isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString) for e in params.value.elements):
            extra = [_calls.keyword(cst.Arg(e.value), e.key.evaluated_value) for e in params.value.elements]
        else:
            return updated  # parameters tf-migrate can't see: left to TFM206's report
        activation = keywords["activation_fn"].value if "activation_fn" in keywords else _calls.dotted(
            f"{self.tf}.nn.relu")  # contrib's default
        kept = [a for a in updated.args if a.keyword is None or a.keyword.value not in (
            "normalizer_fn", "normalizer_params", "activation_fn", "biases_initializer")]
        none = cst.Name("None")
        layer = _calls.rebuild(updated, [*kept, _calls.keyword(cst.Arg(none), "activation_fn"),
                                         _calls.keyword(cst.Arg(cst.Name("None")), "biases_initializer")])
        normalized = cst.Call(keywords["normalizer_fn"].value, [])
        normalized = _calls.rebuild(normalized, [cst.Arg(layer), *extra])
        self.done.append(original)
        if isinstance(activation, cst.Name) and activation.value == "None":
            return normalized
        return cst.Call(activation, [cst.Arg(normalized)])


class SlimNormalizerFn(Rule):
    """``slim.fully_connected(x, n, normalizer_fn=slim.batch_norm, normalizer_params=p)`` in graph mode -> the three calls.

    TF1 pattern: a contrib layer with a normalizer: no bias (contrib adds none when a
    normalizer is given), then ``normalizer_fn(outputs, **normalizer_params)``, then the
    activation (relu by default). ``tf.compat.v1.layers`` has no normalizer argument, so in
    a file kept in graph mode (the graph-to-eager pass converts the form itself) the call is
    written as that composition -- ``activation(normalizer(layer(x, n, activation_fn=None,
    biases_initializer=None), **params))`` -- which TFM206 then maps to
    ``tf.compat.v1.layers`` (batch_norm keeps contrib's defaults there). The normalizer's
    variables leave the layer's variable scope (names change; TFM206 warns that the
    fallback's names differ anyway). Left to TFM206's report when the parameters are not a
    dict literal (inline, or a module-level name bound once to one) or the call passes
    ``*args``/``**kwargs``.
    """

    code = "TFM222"
    family = "contrib"
    safety = Safety.REVIEW
    description = "contrib layer with normalizer_fn in graph-mode code -> layer, normalizer, activation"
    program = True
    symbols = _NORMALIZED
    examples = (
        Example("import tensorflow as tf\nfrom tensorflow.contrib import slim\n"
                "tf.compat.v1.disable_eager_execution()\n"
                "h = slim.fully_connected(x, 8, normalizer_fn=slim.batch_norm, normalizer_params={'decay': 0.9})\n",
                "import tensorflow as tf\n"
                "tf.compat.v1.disable_eager_execution()\n"
                "h = tf.nn.relu(tf.compat.v1.layers.batch_normalization(tf.compat.v1.layers.dense(x, 8, "
                "activation=None, use_bias=False), momentum=0.9, scale=False, training=True))\n",
                "no bias, the normalizer with its parameters, then contrib's default relu"),
        Example("import tensorflow as tf\nfrom tensorflow.contrib import slim\n"
                "h = slim.fully_connected(x, 8, normalizer_fn=slim.batch_norm)\n", None,
                "not graph mode: the graph-to-eager pass converts the call itself"),
        Example("import tensorflow as tf\nfrom tensorflow.contrib import slim\n"
                "tf.compat.v1.disable_eager_execution()\n"
                "h = slim.fully_connected(x, 8, normalizer_fn=slim.batch_norm, normalizer_params=params())\n",
                None, "parameters it can't see: left (TFM206 reports it)"),
    )

    def on_module(self, module, ctx):
        from migrate.rules.contrib_scope import _dict_literals

        if not set(ctx.symbols.values()) & _NORMALIZED or not ctx.graph_mode or ctx.tf_alias is None:
            return None
        rewrite = _Normalizer(ctx, _dict_literals(module), ctx.tf_alias)
        rewritten = module.visit(rewrite)
        if not rewrite.done:
            return None
        ctx.report(rewrite.done[0], self.code, Severity.WARNING,
                   f"normalizer_fn written out as layer -> normalizer -> activation ({len(rewrite.done)} call(s)); "
                   "the normalizer's variables are no longer inside the layer's scope", fixed=True)
        return rewritten


ANALYZE = frozenset({"contrib.slim.model_analyzer.analyze_vars"})
# TF 1.15's contrib/slim/python/slim/model_analyzer.py (analyze_vars and tensor_description), unchanged but
# for the names: it only reads each variable's name, dtype and static shape, which TF2 variables have too.
ANALYZE_VARS = '''def slim_tensor_description(var):
    """(float32 3x3x64) for a variable: slim.model_analyzer.tensor_description of TF 1.15."""
    description = "(" + str(var.dtype.name) + " "
    sizes = var.get_shape()
    for i, size in enumerate(sizes):
        description += str(size)
        if i < len(sizes) - 1:
            description += "x"
    description += ")"
    return description


def slim_analyze_vars(variables, print_info=False):
    """(total size, total bytes) of ``variables``, printed when ``print_info``: slim.model_analyzer.analyze_vars."""
    if print_info:
        print("---------")
        print("Variables: name (type shape) [size]")
        print("---------")
    total_size = 0
    total_bytes = 0
    for var in variables:
        var_size = var.get_shape().num_elements() or 0
        var_bytes = var_size * var.dtype.size
        total_size += var_size
        total_bytes += var_bytes
        if print_info:
            print(var.name, slim_tensor_description(var), "[%d, bytes: %d]" % (var_size, var_bytes))
    if print_info:
        print("Total size of variables: %d" % total_size)
        print("Total bytes of variables: %d" % total_bytes)
    return total_size, total_bytes
'''


class SlimAnalyzeVars(Rule):
    """``slim.model_analyzer.analyze_vars(tf.trainable_variables(), print_info=True)`` -> the same function, in the file.

    TF1 pattern: slim's variable report (name, dtype, shape, size per variable, then the
    totals), printed after the model is built. TF2 has no such function (``model.summary()``
    is per layer); the replacement is TF 1.15's own function, written after the imports as
    ``slim_analyze_vars`` -- it reads only each variable's name, dtype and static shape, so it
    runs on TF2 variables in eager and graph code alike (TF2 variables print ``float32`` where
    TF1's reference variables printed ``float32_ref``). Refuses when the names are taken or the
    function is used as a value.
    """

    code = "TFM223"
    family = "contrib"
    description = "slim.model_analyzer.analyze_vars -> TF 1.15's function written into the file"
    program = True
    symbols = ANALYZE
    examples = (
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "slim.model_analyzer.analyze_vars(model.variables, print_info=True)\n",
                "import tensorflow as tf\n\n" + ANALYZE_VARS + "\n\n"
                "slim_analyze_vars(model.variables, print_info=True)\n"),
        Example("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                "def slim_analyze_vars():\n    pass\nslim.model_analyzer.analyze_vars(v)\n", None, "the name is taken"),
    )

    def on_module(self, module, ctx):
        from migrate.rules._contrib_inline import LocalNames, bound_names, insert_after_imports, taken

        if not set(ctx.symbols.values()) & ANALYZE:
            return None
        clash = taken(ctx, bound_names(ANALYZE_VARS))
        if clash:
            ctx.report(module.body[0], self.code, Severity.ERROR,
                       f"slim.model_analyzer.analyze_vars not replaced: the name {sorted(clash)[0]} is taken",
                       fixed=False)
            return None
        replace = LocalNames(ctx, {s: "slim_analyze_vars" for s in ANALYZE}, calls_only=True)
        rewritten = module.visit(replace)
        if not replace.found:
            return None
        ctx.report(module.body[0], self.code, Severity.INFO,
                   "slim.model_analyzer.analyze_vars: TF 1.15's function is written into this file as "
                   "slim_analyze_vars (TF2 variables print float32 where TF1's printed float32_ref)", fixed=True)
        return drop_unused_contrib_imports(insert_after_imports(rewritten, ANALYZE_VARS))
