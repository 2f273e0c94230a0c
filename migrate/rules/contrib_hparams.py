"""``tf.contrib.training.HParams`` -> a plain-Python class written into the file (or ``types.SimpleNamespace``)."""

from __future__ import annotations


import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules._contrib_inline import runtime_source
from migrate.rules._header import code_start

SYMBOL = "contrib.training.HParams"
# Methods of HParams: when the file calls none of them, the hyperparameters are only read as attributes.
METHODS = frozenset({"parse", "values", "add_hparam", "set_hparam", "del_hparam", "override_from_dict", "to_json",
                     "parse_json", "get", "to_proto", "from_proto"})
_RENAMES = {"_PARAM_RE": "_HPARAM_RE", "_cast(": "_hparam_cast(", "_parse_scalar(": "_hparam_parse_scalar("}


def class_source() -> str:
    """The runtime's port of HParams (TF 1.15's class without the protobuf round trip), to write into the file."""
    text = runtime_source("contrib_hparams")
    text = text[text.index("_PARAM_RE = "):]
    for old, new in _RENAMES.items():
        text = text.replace(old, new)
    return text.replace("are not supported by the tf-migrate runtime", "are not supported by this port")


class _Uses(cst.CSTVisitor):
    def __init__(self, ctx):
        self.ctx, self.refs, self.methods, self.refused = ctx, [], False, None

    def visit_Attribute(self, node):
        if node.attr.value in METHODS:
            self.methods = True
        if self.ctx.symbol(node) == SYMBOL:
            self.refs.append(node)

    def visit_Name(self, node):
        if self.ctx.symbol(node) == SYMBOL:
            self.refs.append(node)


class _Replace(cst.CSTTransformer):
    def __init__(self, ctx, new):
        self.ctx, self.new = ctx, new

    def leave_Attribute(self, original, updated):
        return self.new if self.ctx.symbol(original) == SYMBOL else updated

    def leave_Name(self, original, updated):
        return self.new if self.ctx.symbol(original) == SYMBOL else updated


class ContribHParams(Rule):
    """``tf.contrib.training.HParams(lr=0.1)`` -> ``HParams(lr=0.1)`` with the class written into the file.

    TF1 pattern: contrib's hyperparameter container (plain Python: attributes
    typed by their first value, ``parse("lr=0.05,units=[64,32]")``,
    ``add_hparam``, ``values()``, ``to_json``...). TF2 has none. Replacement:
    when the file calls none of its methods (only attributes are read),
    ``types.SimpleNamespace(...)``; otherwise the port of TF 1.15's class
    (``migrate/runtime/contrib_hparams.py``, the one ``tf-migrate run`` uses)
    written after the imports, so the file needs no new dependency. Refuses
    (TFM201 reports) when it is not called with keyword arguments only (a
    ``hparam_def`` protobuf), when it is used as a value, and when the names
    the class needs are taken in the file.
    """

    code = "TFM212"
    family = "contrib"
    description = "contrib.training.HParams -> types.SimpleNamespace, or the TF 1.15 class written into the file"
    program = True
    symbols = frozenset({SYMBOL})
    examples = (
        Example("import tensorflow as tf\nhp = tf.contrib.training.HParams(lr=0.1, units=64)\nprint(hp.lr)\n",
                "import tensorflow as tf\nimport types\n\nhp = types.SimpleNamespace(lr=0.1, units=64)\nprint(hp.lr)\n",
                "only attributes are read"),
        Example("import tensorflow as tf\nhp = tf.contrib.training.HParams(lr=0.1)\nhp.parse('lr=0.5')\n",
                "import tensorflow as tf\n" + "import json\nimport numbers\nimport re\n\n" + class_source() + "\n\n"
                "hp = HParams(lr=0.1)\nhp.parse('lr=0.5')\n",
                "methods are called: the class is written into the file"),
        Example("import tensorflow as tf\nhp = tf.contrib.training.HParams(proto)\n", None, "a hparam_def: reported"),
        Example("import tensorflow as tf\nHParams = 3\nhp = tf.contrib.training.HParams(lr=0.1)\nhp.parse('lr=1')\n",
                None, "the name HParams is taken: reported"),
        Example("import mylib as tf\nhp = tf.contrib.training.HParams(lr=0.1)\n", None, "not TensorFlow"),
    )

    def on_module(self, module, ctx):
        if SYMBOL not in set(ctx.symbols.values()):
            return None
        uses = _Uses(ctx)
        module.visit(uses)
        why = None
        for ref in uses.refs:
            call = ctx.call_of(ref)
            if isinstance(ref, cst.Name) and call is None:
                continue  # the name in ``from tensorflow.contrib.training import HParams``? checked below
            if call is None:
                why = "it is used as a value"
            elif any(a.keyword is None for a in call.args):
                why = "it is given a positional argument (an HParamDef protobuf)"
        calls = [ref for ref in uses.refs if ctx.call_of(ref) is not None]
        if not calls:
            return None
        taken = set(ctx.names.module_scope.bindings)
        own = {n for n, b in ctx.names.module_scope.bindings.items()
               if all((q or "").startswith("tensorflow.contrib") for q, _ in b)}
        needed = {"HParams", "_HPARAM_RE", "_hparam_cast", "_hparam_parse_scalar"} if uses.methods else {"types"}
        if why is None and (taken - own) & needed:
            why = f"the name {sorted((taken - own) & needed)[0]} is taken in this file"
        if why:
            ctx.report(calls[0], self.code, Severity.WARNING, f"tf.contrib.training.HParams not replaced: {why}",
                       fixed=False)
            return None
        edit = CodemodContext()
        if uses.methods:
            rewritten = module.visit(_Replace(ctx, cst.Name("HParams")))
            body = list(rewritten.body)
            at = code_start(body)
            block = list(cst.parse_module(class_source()).body)
            block[0] = block[0].with_changes(leading_lines=[cst.EmptyLine()])
            rest = body[at:]
            if rest:
                rest[0] = rest[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(), *rest[0].leading_lines])
            rewritten = rewritten.with_changes(body=[*body[:at], *block, *rest])
            for name in ("json", "numbers", "re"):
                AddImportsVisitor.add_needed_import(edit, name)
            message = ("tf.contrib.training.HParams -> the TF 1.15 class (without the protobuf round trip) written "
                       "into this file: its methods are called here")
        else:
            rewritten = module.visit(_Replace(ctx, cst.Attribute(cst.Name("types"), cst.Name("SimpleNamespace"))))
            AddImportsVisitor.add_needed_import(edit, "types")
            message = "tf.contrib.training.HParams -> types.SimpleNamespace: only its attributes are read here"
        RemoveImportsVisitor.remove_unused_import(edit, "tensorflow.contrib.training", "HParams")
        rewritten = AddImportsVisitor(edit).transform_module(rewritten)
        rewritten = RemoveImportsVisitor(edit).transform_module(rewritten)
        ctx.report(calls[0], self.code, Severity.INFO, message, fixed=True)
        return rewritten
