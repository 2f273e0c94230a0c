"""``tf.assign(v, x)`` and friends: TF1's assignment functions, gone from TF2, are the variable's methods."""

from __future__ import annotations

import libcst as cst

from migrate.engine.rule import Example, Rule
from migrate.findings import Severity
from migrate.rules import _calls

# TF1 function -> its parameters (TF 1.15 tensorflow/python/ops/state_ops.py) and the Variable method.
ASSIGNS = {
    "assign": ("ref", "value", "validate_shape", "use_locking", "name"),
    "assign_add": ("ref", "value", "use_locking", "name"),
    "assign_sub": ("ref", "value", "use_locking", "name"),
}
_ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript)


class VariableAssign(Rule):
    """``tf.assign(lr, lr * 0.5)`` -> ``lr.assign(lr * 0.5)``; ``assign_add`` / ``assign_sub`` alike.

    TF 1.15's ``state_ops.assign`` calls ``ref.assign(value, name=name)`` for a resource variable
    and builds the same assign op as ``RefVariable.assign`` otherwise, so the method is the same
    operation in graph mode and the TF2 form in eager code (where ``tf.assign`` does not exist).
    ``use_locking`` and ``name`` are kept; ``validate_shape`` goes when it is ``None``/``True``
    (a resource variable's assign always checks), and ``validate_shape=False`` is reported.
    """

    code = "TFM107"
    family = "variables"
    description = "tf.assign(v, x) / assign_add / assign_sub -> v.assign(x) / v.assign_add(x) / v.assign_sub(x)"
    symbols = frozenset(ASSIGNS)
    examples = (
        Example("import tensorflow as tf\nupdate = tf.assign(lr, lr * 0.5)\n",
                "import tensorflow as tf\nupdate = lr.assign(lr * 0.5)\n"),
        Example("import tensorflow as tf\nstep = tf.assign_add(self.step, 1, name='inc')\n",
                "import tensorflow as tf\nstep = self.step.assign_add(1, name='inc')\n"),
        Example("import tensorflow as tf\nops = [tf.assign(t, s, validate_shape=True) for t, s in pairs]\n",
                "import tensorflow as tf\nops = [t.assign(s) for t, s in pairs]\n", "validate_shape=True goes"),
        Example("import tensorflow as tf\nop = tf.assign(v, x, validate_shape=False)\n", None,
                "validate_shape=False: reported, not rewritten"),
        Example("import tensorflow as tf\nops = list(map(tf.assign, targets, values))\n", None,
                "used as a value"),
        Example("import tensorflow as tf\nop = v.assign(x)\n", None, "already TF2"),
    )

    def on_call(self, original, updated, symbol, ctx):
        bound = _calls.bind(updated, ASSIGNS[symbol])
        if not bound or "ref" not in bound or "value" not in bound:
            return None
        shape = bound.get("validate_shape")
        if shape is not None and not (isinstance(shape.value, cst.Name) and shape.value.value in ("None", "True")):
            ctx.report(original, self.code, Severity.WARNING, f"tf.{symbol}(..., validate_shape=...) has no TF2 "
                       "form (a resource variable's assign checks the shape): change the variable's shape by hand",
                       fixed=False)
            return None
        ref = bound["ref"].value
        if not isinstance(ref, _ATOMS) or ref.lpar:
            ref = ref.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        kept = [_calls.positional(bound["value"])] + [bound[k] if bound[k].keyword else _calls.keyword(bound[k], k)
                                                       for k in ("use_locking", "name") if k in bound]
        ctx.report(original, self.code, Severity.INFO, f"tf.{symbol}(v, x) is v.{symbol}(x) in TF2", fixed=True)
        return _calls.rebuild(cst.Call(cst.Attribute(ref, cst.Name(symbol)), args=[]), kept)
