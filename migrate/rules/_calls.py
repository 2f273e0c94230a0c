"""Small helpers for rules that edit call arguments."""

from __future__ import annotations

import libcst as cst
from migrate.engine.context import dotted  # noqa: F401  (re-exported for rules)
from migrate.engine.names import dotted_name  # noqa: F401  (re-exported for rules)


def bind(call: cst.Call, params: tuple[str, ...]) -> dict[str, cst.Arg] | None:
    """Map parameter names to the call's arguments; None when that can't be known statically."""
    bound: dict[str, cst.Arg] = {}
    for i, arg in enumerate(call.args):
        if arg.star:
            return None  # *args / **kwargs: the binding is only known at run time
        name = params[i] if arg.keyword is None and i < len(params) else arg.keyword.value if arg.keyword else None
        if name not in params or name in bound:
            return None  # too many positionals, an unknown keyword, or a parameter given twice (a TypeError)
        bound[name] = arg
    return bound


def keyword(arg: cst.Arg, name: str) -> cst.Arg:
    """``arg`` passed as ``name=value``."""
    return arg.with_changes(
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )


def positional(arg: cst.Arg) -> cst.Arg:
    return arg.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)


def rebuild(call: cst.Call, args: list[cst.Arg]) -> cst.Call:
    """``call`` with new arguments, keeping the comma style of the original."""
    fixed = []
    for i, arg in enumerate(args):
        last = i == len(args) - 1
        comma = arg.comma
        if last and not isinstance(call.args[-1].comma if call.args else None, cst.Comma):
            comma = cst.MaybeSentinel.DEFAULT
        elif not last and not isinstance(comma, cst.Comma):
            comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        fixed.append(arg.with_changes(comma=comma))
    return call.with_changes(args=fixed)


def parenthesize(expr: cst.BaseExpression) -> cst.BaseExpression:
    """``expr`` safe to use as an operand of ``-``."""
    atomic = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float, cst.SimpleString)
    if isinstance(expr, atomic) or expr.lpar:
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])




def callee_name(expr: cst.BaseExpression) -> str | None:
    """The last name of what ``expr`` calls (``tf.stop_gradient(y)`` -> ``stop_gradient``)."""
    if not isinstance(expr, cst.Call):
        return None
    func = expr.func
    return func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", None)

