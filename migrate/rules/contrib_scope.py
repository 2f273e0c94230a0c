"""``arg_scope``: the scope's keyword defaults written into each call it governs, then the ``with`` dropped."""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls
from migrate.rules.contrib_layers import FALLBACKS

SCOPES = frozenset({"contrib.framework.arg_scope", "contrib.slim.arg_scope"})
_LAYER_MODULES = ("contrib.layers.", "contrib.slim.", "contrib.slim.layers.")
# slim.repeat(inputs, repetitions, layer, *args, **kw) / slim.stack(inputs, layer, stack_args, **kw) pass their
# keywords on to ``layer``: the index of the layer argument, and how many positional arguments go before *args.
FORWARDERS = {"repeat": 2, "stack": 1}
_SIMPLE = (cst.Name, cst.Attribute, cst.Integer, cst.Float, cst.SimpleString, cst.UnaryOperation)


def params_of(symbol: str | None) -> tuple[str, ...] | None:
    """contrib's signature of a layer function arg_scope can govern (they all carry @add_arg_scope)."""
    if symbol is None or not symbol.startswith(_LAYER_MODULES):
        return None
    spec = FALLBACKS.get(symbol.rsplit(".", 1)[-1])
    return spec.params if spec else None


def forwarder(symbol: str | None) -> int | None:
    if symbol is None or not symbol.startswith(_LAYER_MODULES):
        return None
    return FORWARDERS.get(symbol.rsplit(".", 1)[-1])


class Refused(Exception):
    def __init__(self, node, why):
        super().__init__(why)
        self.node, self.why = node, why


def _names(node: cst.CSTNode) -> set[str]:
    found = set()

    class V(cst.CSTVisitor):
        def visit_Name(self, n):
            found.add(n.value)

        def visit_Attribute(self, n):
            n.value.visit(self)
            return False

    node.visit(V())
    return found


def _assigned(node: cst.CSTNode) -> set[str]:
    found = set()

    class V(cst.CSTVisitor):
        def visit_AssignTarget(self, n):
            found.update(_names(n.target))

        def visit_AugAssign(self, n):
            found.update(_names(n.target))

        def visit_For(self, n):
            found.update(_names(n.target))

    node.visit(V())
    return found


class _Expand(cst.CSTTransformer):
    def __init__(self, ctx, module: cst.Module, dicts: dict[str, cst.Dict], layer_functions: set[str]):
        self.ctx, self.module, self.dicts, self.layer_functions = ctx, module, dicts, layer_functions
        self.stack: list[dict[str, dict[str, cst.BaseExpression]]] = []
        self.handled: set[int] = set()
        self.expanded = 0
        self.first = None

    # -- the scope
    def _scope_of(self, with_node: cst.With):
        if len(with_node.items) != 1 or not isinstance(with_node.items[0].item, cst.Call):
            return None
        call = with_node.items[0].item
        if self.ctx.symbol(call.func) not in SCOPES:
            return None
        if with_node.items[0].asname is not None:
            raise Refused(call, "the scope is bound with 'as' (a reused scope can't be expanded statically)")
        if not call.args or call.args[0].keyword is not None or call.args[0].star:
            raise Refused(call, "the first argument is not the list of layer functions")
        ops = call.args[0].value
        if not isinstance(ops, (cst.List, cst.Tuple)):
            raise Refused(call, "the layer functions are not a literal list")
        symbols = []
        for element in ops.elements:
            symbol = self.ctx.symbol(element.value)
            if params_of(symbol) is None:
                raise Refused(element.value, "it lists a function whose parameters tf-migrate does not know "
                                             "(only contrib layer functions are expanded)")
            symbols.append(symbol)
            self.handled.add(id(element.value))
        kwargs: dict[str, cst.BaseExpression] = {}
        for arg in call.args[1:]:
            if arg.star == "**" and isinstance(arg.value, cst.Name) and arg.value.value in self.dicts:
                for element in self.dicts[arg.value.value].elements:
                    kwargs[element.key.evaluated_value] = element.value
            elif arg.keyword is not None:
                kwargs[arg.keyword.value] = arg.value
            else:
                raise Refused(call, "its keyword arguments come from a **dict tf-migrate can't see")
        written = _assigned(with_node.body)
        for key, value in kwargs.items():
            self._check_value(value, key)
            if _names(value) & written:
                raise Refused(value, f"the value of {key} uses a name the scope's body reassigns")
        outer = self.stack[-1] if self.stack else {}
        scope = {s: dict(v) for s, v in outer.items()}
        for symbol in symbols:
            params = params_of(symbol)
            for key in kwargs:
                if key not in params:
                    raise Refused(call, f"{symbol.rsplit('.', 1)[-1]} has no parameter {key}")
            scope.setdefault(symbol, {}).update(kwargs)  # the inner scope wins
        return scope

    def _check_value(self, value, key):
        """A default is written into every call: it must be safe to evaluate once per call."""
        if isinstance(value, _SIMPLE) or value.__class__.__name__ in ("Dict", "List", "Tuple"):
            return
        if isinstance(value, cst.Call) and self.ctx.symbol(value.func) is not None and all(
                isinstance(a.value, _SIMPLE) for a in value.args):
            return  # a TensorFlow constructor (initializer, regularizer) on plain values
        raise Refused(value, f"the value of {key} is an expression that would be evaluated once per call")

    def visit_With(self, node):
        scope = self._scope_of(node)
        if scope is None:
            return True
        self.stack.append(scope)
        return True

    def leave_With(self, original, updated):
        if self._scope_of_cached(original):
            self.stack.pop()
            self.expanded += 1
            self.first = original.items[0].item
            body = list(updated.body.body)
            if body:
                body[0] = body[0].with_changes(leading_lines=[*updated.leading_lines, *body[0].leading_lines])
            return cst.FlattenSentinel(body)
        return updated

    def _scope_of_cached(self, node):
        return (len(node.items) == 1 and isinstance(node.items[0].item, cst.Call)
                and self.ctx.symbol(node.items[0].item.func) in SCOPES)

    # -- the calls inside
    def visit_Call(self, node):
        if not self.stack:
            return True
        symbol = self.ctx.symbol(node.func)
        if symbol in self.stack[-1]:
            self.handled.add(id(node.func))
        at = forwarder(symbol)
        if at is not None and len(node.args) > at and self.ctx.symbol(node.args[at].value) in self.stack[-1]:
            self.handled.add(id(node.args[at].value))
        if isinstance(node.func, cst.Name) and node.func.value in self.layer_functions:
            raise Refused(node, f"{node.func.value}() calls layer functions too, and arg_scope applies inside it")
        return True

    def _reference(self, node):
        if self.stack and self.ctx.symbol(node) in self.stack[-1] and id(node) not in self.handled:
            raise Refused(node, "a function the scope governs is used as a value")

    def visit_Attribute(self, node):
        self._reference(node)

    def visit_Name(self, node):
        self._reference(node)

    def leave_Call(self, original, updated):
        if not self.stack:
            return updated
        scope = self.stack[-1]
        symbol = self.ctx.symbol(original.func)
        if symbol in scope:
            return self._add(original, updated, scope[symbol], params_of(symbol), 0)
        at = forwarder(symbol)
        if at is not None and len(original.args) > at:
            layer = self.ctx.symbol(original.args[at].value)
            if layer in scope:
                if at == 2:  # repeat: layer(outputs, *args) with the arguments after the layer
                    given = sum(1 for a in original.args[at + 1:] if a.keyword is None)
                else:  # stack: layer(outputs, *stack_args[i]) (or one non-tuple argument)
                    stack_args = original.args[at + 1].value if len(original.args) > at + 1 else None
                    if not isinstance(stack_args, (cst.List, cst.Tuple)):
                        raise Refused(original, "slim.stack's argument list is not a literal")
                    given = max((len(e.value.elements) if isinstance(e.value, cst.Tuple) else 1)
                                for e in stack_args.elements)
                return self._add(original, updated, scope[layer], params_of(layer), given + 1, forwarded=True)
        return updated

    def _add(self, original, updated, defaults, params, positional, forwarded=False):
        if any(a.star for a in original.args):
            raise Refused(original, "the call passes *args/**kwargs: which defaults apply is only known at run time")
        if not forwarded:
            positional = sum(1 for a in original.args if a.keyword is None)
        given = {a.keyword.value for a in original.args if a.keyword is not None}
        given |= set(params[:positional])
        extra = [_calls.keyword(cst.Arg(value), key) for key, value in defaults.items() if key not in given]
        if not extra:
            return updated
        return _calls.rebuild(updated, [*updated.args, *extra])


def _dict_literals(module: cst.Module) -> dict[str, cst.Dict]:
    """Module-level names bound once, to a dict literal with string keys."""
    counts: dict[str, int] = {}
    for name in _assigned(module):
        counts[name] = counts.get(name, 0) + 1
    found = {}

    class V(cst.CSTVisitor):
        def visit_Assign(self, n):
            if (len(n.targets) == 1 and isinstance(n.targets[0].target, cst.Name) and isinstance(n.value, cst.Dict)
                    and all(isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString)
                            for e in n.value.elements)):
                found.setdefault(n.targets[0].target.value, []).append(n.value)

    module.visit(V())
    return {k: v[0] for k, v in found.items() if len(v) == 1}


def _layer_functions(module: cst.Module, ctx) -> set[str]:
    """Functions defined in the file that call contrib layer functions (arg_scope reaches into them)."""
    out = set()

    class V(cst.CSTVisitor):
        def visit_FunctionDef(self, n):
            hit = []

            class R(cst.CSTVisitor):
                def visit_Attribute(self, a):
                    if params_of(ctx.symbol(a)) is not None:
                        hit.append(a)

                def visit_Name(self, a):
                    if params_of(ctx.symbol(a)) is not None:
                        hit.append(a)

            n.body.visit(R())
            if hit:
                out.add(n.name.value)

    module.visit(V())
    return out


class ArgScopeExpand(Rule):
    """``with slim.arg_scope([slim.conv2d], padding='SAME'): slim.conv2d(x, 8, [3, 3])`` -> ``slim.conv2d(x, 8, [3, 3], padding='SAME')``.

    TF1 pattern: ``tf.contrib.framework.arg_scope`` (``slim.arg_scope``) giving
    default keyword arguments to the contrib layer functions it lists, for the
    calls made while the ``with`` block runs. Replacement: each default written
    into every call of a listed function in the block (also the layer calls
    ``slim.repeat``/``slim.stack`` make), unless the call passes that argument
    itself, by keyword or position; nested scopes compose and the inner one
    wins, as in TF1; then the ``with`` is dropped and the contrib layer rules
    and the graph-to-eager pass convert the calls. A ``**name`` of a dict
    literal bound once in the file is expanded. Refuses (the file is left as
    it is, with a warning naming why; TFM201 reports arg_scope) when the list
    is not a literal list of contrib layer functions, the scope is bound with
    ``as``, the keywords come from a ``**dict`` it can't see, a default is an
    expression that is not safe to evaluate per call or uses a name the block
    reassigns, a listed function is used as a value or called with
    ``*args``/``**kwargs``, or the block calls a function of this file that
    itself calls layer functions (arg_scope is dynamic and would reach into it).
    """

    code = "TFM210"
    family = "contrib"
    description = "Expand arg_scope: its defaults written into each governed contrib layer call, the with dropped"
    program = True
    symbols = SCOPES
    examples = (
        Example("import tensorflow.contrib.slim as slim\n"
                "with slim.arg_scope([slim.conv2d], padding='VALID', stride=2):\n"
                "    net = slim.conv2d(x, 8, [3, 3], stride=1)\n"
                "    net = slim.conv2d(net, 8, [3, 3], 1)\n",
                "import tensorflow as tf\n\n"
                "net = tf.compat.v1.layers.conv2d(x, 8, [3, 3], strides=1, padding='VALID', activation=tf.nn.relu)\n"
                "net = tf.compat.v1.layers.conv2d(net, 8, [3, 3], strides=1, padding='VALID', activation=tf.nn.relu)\n",
                "a keyword or positional argument of the call wins (TFM206 then converts the calls)"),
        Example("import tensorflow as tf\n"
                "layers = tf.contrib.layers\n"
                "with tf.contrib.framework.arg_scope([tf.contrib.layers.fully_connected], activation_fn=tf.nn.tanh):\n"
                "    with tf.contrib.framework.arg_scope([tf.contrib.layers.fully_connected], activation_fn=None):\n"
                "        h = tf.contrib.layers.fully_connected(x, 10)\n"
                "    y = tf.contrib.layers.fully_connected(h, 2)\n",
                "import tensorflow as tf\n"
                "layers = tf.contrib.layers\n"
                "h = tf.compat.v1.layers.dense(x, 10, activation=None)\n"
                "y = tf.compat.v1.layers.dense(h, 2, activation=tf.nn.tanh)\n",
                "nested scopes: the inner one wins"),
        Example("from tensorflow.contrib import slim\n"
                "params = {'decay': 0.9}\n"
                "def f(x):\n"
                "    with slim.arg_scope([slim.batch_norm], **params):\n"
                "        return slim.batch_norm(x)\n",
                "import tensorflow as tf\n\n"
                "params = {'decay': 0.9}\n"
                "def f(x):\n"
                "    return tf.compat.v1.layers.batch_normalization(x, momentum=0.9, scale=False, training=True)\n",
                "a dict literal of the file"),
        Example("import tensorflow.contrib.slim as slim\n"
                "with slim.arg_scope([slim.conv2d], padding='VALID'):\n"
                "    net = slim.repeat(x, 2, slim.conv2d, 8, [3, 3])\n",
                "import tensorflow.contrib.slim as slim\n"
                "net = slim.repeat(x, 2, slim.conv2d, 8, [3, 3], padding='VALID')\n",
                "slim.repeat passes its keywords to the layer"),
        Example("import tensorflow.contrib.slim as slim\n"
                "with slim.arg_scope([slim.conv2d], padding='VALID') as sc:\n"
                "    net = slim.conv2d(x, 8, [3, 3])\n", None, "a scope bound with as: refused"),
        Example("import tensorflow.contrib.slim as slim\n"
                "with slim.arg_scope([slim.conv2d], **defaults()):\n"
                "    net = slim.conv2d(x, 8, [3, 3])\n", None, "keywords tf-migrate can't see: refused"),
        Example("import tensorflow.contrib.slim as slim\n"
                "def block(x):\n"
                "    return slim.conv2d(x, 8, [3, 3])\n"
                "with slim.arg_scope([slim.conv2d], padding='VALID'):\n"
                "    net = block(x)\n", None, "the scope reaches into block(): refused"),
        Example("import tensorflow.contrib.slim as slim\n"
                "with slim.arg_scope([my_layer], padding='VALID'):\n"
                "    net = my_layer(x)\n", None, "an unknown @add_arg_scope function: refused"),
        Example("import mylib as slim\n"
                "with slim.arg_scope([slim.conv2d], padding='VALID'):\n"
                "    net = slim.conv2d(x, 8, [3, 3])\n", None, "not TensorFlow"),
    )

    def on_module(self, module, ctx):
        if not set(ctx.symbols.values()) & SCOPES:
            return None
        expand = _Expand(ctx, module, _dict_literals(module), _layer_functions(module, ctx))
        try:
            rewritten = module.visit(expand)
        except Refused as refusal:
            ctx.report(refusal.node, self.code, Severity.WARNING,
                       f"arg_scope not expanded (the file keeps it): {refusal.why}", fixed=False)
            return None
        if not expand.expanded:
            return None
        ctx.report(expand.first, self.code, Severity.INFO,
                   f"arg_scope expanded: its defaults are written into the {expand.expanded} scope(s)' layer calls",
                   fixed=True)
        return rewritten
