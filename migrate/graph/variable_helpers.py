"""``def initialize_parameters(): W1 = tf.get_variable("W1", [25, 64], initializer=...)``: a helper that only
makes variables gets ``tf.Variable`` in its own body.

The graph pass creates what such a helper returns once, outside the traced
functions (its call is a ``STATE`` statement), but the helper's body is not a
block it converts, so ``tf.get_variable`` (absent from TF2) stayed there.
Written out only for a helper called once in the file and with no
``variable_scope`` of its own: TF1 raised on a second ``get_variable`` of the
same name outside a reusing scope, and a reusing scope around a call would
share variables that ``tf.Variable`` would make anew.
"""

from __future__ import annotations

import libcst as cst

from migrate.graph.blocks import calls_in
from migrate.graph.convert import _get_variable
from migrate.graph.plan import Refusal


def variables_in_helpers(body: list, helpers: set[str], ctx, tf: str) -> list:
    """The module body with ``get_variable`` -> ``tf.Variable`` inside the variable helpers it may convert."""
    uses: dict[str, int] = {}

    class _Uses(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            uses[node.value] = uses.get(node.value, 0) + 1

    cst.Module(body=body).visit(_Uses())
    out = []
    for statement in body:
        if (isinstance(statement, cst.FunctionDef) and statement.name.value in helpers
                and any(ctx.symbol(c.func) == "get_variable" for c in calls_in(statement))):
            if uses.get(statement.name.value) != 2:  # the def and one call
                raise Refusal(statement, f"{statement.name.value}() makes variables with tf.get_variable and is "
                                         "called more than once: which calls share them depends on variable scopes")
            if any(ctx.symbol(c.func) == "variable_scope" for c in calls_in(statement)):
                raise Refusal(statement, f"{statement.name.value}() makes variables under its own variable_scope")
            statement = statement.visit(_GetVariable(ctx, tf))
        out.append(statement)
    return out


class _GetVariable(cst.CSTTransformer):
    def __init__(self, ctx, tf: str) -> None:
        self.ctx, self.tf = ctx, tf

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if self.ctx.symbol(original.func) == "get_variable":
            return _get_variable(updated, original, self.tf)
        return updated
