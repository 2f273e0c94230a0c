"""TF1 RNN cells + ``dynamic_rnn`` / ``static_rnn`` -> one Keras recurrent layer created once.

The TF1 pattern spans statements::

    x = tf.unstack(x, timesteps, 1)            # static_rnn only
    cell = tf.nn.rnn_cell.BasicLSTMCell(n)
    outputs, states = tf.nn.static_rnn(cell, x, dtype=tf.float32)

It becomes ``rnn = tf.keras.layers.RNN(tf.keras.layers.LSTMCell(n), ...)``
(created once, before the code that uses it) and ``outputs =
tf.unstack(rnn(x)[0], axis=1)``. The cell and unstack statements go. The
state is dropped only when nothing reads it (Keras orders an LSTM state
``h, c``; TF1's ``LSTMStateTuple`` is ``c, h``).
"""

from __future__ import annotations

import libcst as cst

from migrate.engine.context import RuleContext
from migrate.graph import keras_calls
from migrate.graph.blocks import Refusal, reads, single_statement

_RESULT = {
    "dynamic": "{rnn}({inputs})[0]",
    "static": "{tf}.unstack({rnn}({inputs})[0], axis=1)",
    "bidirectional_dynamic": "tuple({rnn}({inputs})[:2])",
    "static_bidirectional": "{tf}.unstack({rnn}({inputs})[0], axis=1)",
}


def _assigned(statement) -> tuple[str, cst.BaseExpression] | None:
    small = single_statement(statement)
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        return small.targets[0].target.value, small.value
    return None


def _version_fallback(statement, symbol_of) -> cst.BaseStatement | None:
    """The ``try`` body of a TF-version fallback around an RNN driver, else None::

        try:
            outputs, _, _ = rnn.static_bidirectional_rnn(fw, bw, x, dtype=tf.float32)
        except Exception:  # Old TensorFlow version only returns outputs not states
            outputs = rnn.static_bidirectional_rnn(fw, bw, x, dtype=tf.float32)

    (the aymericdamien examples). On TF 1.15 the ``try`` body is what ran; the handler
    only served older releases, so the body alone is the program that ran. Only a
    body of one RNN statement, handlers calling the same driver, no ``else``/``finally``.
    """
    if not isinstance(statement, cst.Try) or statement.orelse or statement.finalbody or len(statement.body.body) != 1:
        return None
    body = statement.body.body[0]
    symbol = symbol_of(getattr(single_statement(body), "value", None))
    if symbol not in keras_calls.RNNS:
        return None
    for handler in statement.handlers:
        caught = handler.type
        if caught is not None and not (isinstance(caught, cst.Name) and caught.value == "Exception"):
            return None
        if handler.name is not None or len(handler.body.body) != 1:
            return None
        if symbol_of(getattr(single_statement(handler.body.body[0]), "value", None)) != symbol:
            return None
    return body.with_changes(leading_lines=statement.leading_lines)


def convert_rnns(statements: list, ctx: RuleContext, fresh, tf: str, notes: list, inline: bool = False):
    """(hoisted layer statements, the statements rewritten) -- unchanged when there is no RNN call.

    ``inline``: the layer takes the place of its cell's statement (in a block) instead of
    being returned for the caller to put before a helper function.
    """
    symbol_of = lambda expr: ctx.symbol(expr.func) if isinstance(expr, cst.Call) else None  # noqa: E731
    unwrapped = []
    for statement in statements:
        body = _version_fallback(statement, symbol_of)
        if body is not None:
            notes.append((single_statement(body).value, "try/except around the RNN call (a fallback for TF releases "
                          "before 1.x's three-value return) reduced to the try body, which is what ran on TF 1.15"))
        unwrapped.append(body if body is not None else statement)
    statements = unwrapped
    if not any(symbol_of(getattr(single_statement(s), "value", None)) in keras_calls.RNNS for s in statements):
        return [], statements
    cells, unstacks = {}, {}
    for statement in statements:
        found = _assigned(statement)
        if found and symbol_of(found[1]) in keras_calls.CELLS:
            cells[found[0]] = (statement, found[1])
        elif found and symbol_of(found[1]) == "unstack":
            unstacks[found[0]] = (statement, found[1])
    hoisted, consumed, out, generated, placed = [], set(), [], set(), {}
    for statement in statements:
        small = single_statement(statement)
        value = getattr(small, "value", None)
        symbol = symbol_of(value)
        if symbol not in keras_calls.RNNS:
            out.append(statement)
            continue
        targets = small.targets[0].target if isinstance(small, cst.Assign) and len(small.targets) == 1 else None
        if not isinstance(targets, (cst.Tuple, cst.List)):
            raise Refusal(value, f"tf.{symbol}'s (outputs, state) result is not unpacked")
        outputs, *state = [e.value for e in targets.elements]
        others = [s for s in statements if s is not statement]
        used = set().union(*(reads(s) for s in others)) if others else set()
        if any(reads(s) & used for s in state):
            raise Refusal(value, f"the state returned by tf.{symbol} is used: Keras orders an LSTM state (h, c), "
                                 "TF1's LSTMStateTuple (c, h)")
        call, ctors = value, []
        for arg in value.args[:2] if "bidirectional" in symbol else value.args[:1]:
            name = arg.value.value if isinstance(arg.value, cst.Name) else None
            if name not in cells:
                raise Refusal(arg.value, f"the cell given to tf.{symbol} is not a cell created just before")
            result = keras_calls.cell(cells[name][1], symbol_of(cells[name][1]), ctx)
            if isinstance(result, str):
                raise Refusal(cells[name][1], result)
            notes += [(cells[name][1], n) for n in result.notes]
            ctors.append(result.ctor)
            consumed.add(name)
        inputs = call.args[len(ctors)].value if len(call.args) > len(ctors) else None
        if isinstance(inputs, cst.Name) and inputs.value in unstacks:  # x = tf.unstack(x, T, 1); static_rnn(cell, x)
            args = list(call.args)
            args[len(ctors)] = args[len(ctors)].with_changes(value=unstacks[inputs.value][1])
            call = call.with_changes(args=args)
            consumed.add(inputs.value)
        result = keras_calls.rnn(call, symbol, tuple(ctors) if len(ctors) > 1 else ctors[0], ctx)
        if isinstance(result, str):
            raise Refusal(value, result)
        notes += [(value, n) for n in result.notes]
        name = fresh("rnn")
        layer = cst.parse_statement(f"{name} = 0\n")
        layer = layer.with_changes(body=[layer.body[0].with_changes(value=result.ctor)])
        first_cell = cells[value.args[0].value.value][0]
        if inline:
            placed[id(first_cell)] = layer.with_changes(leading_lines=first_cell.leading_lines)
        else:
            hoisted.append(layer)
        text = _RESULT[result.outputs].format(rnn=name, inputs=cst.Module([]).code_for_node(result.inputs), tf=tf)
        new = cst.parse_statement(f"{cst.Module([]).code_for_node(outputs)} = {text}\n")
        new = new.with_changes(leading_lines=statement.leading_lines)
        generated.add(id(new))
        out.append(new)
    # the cell and unstack statements go, unless something else still reads their names
    remaining = []
    for statement in out:
        found = _assigned(statement)
        if found and found[0] in consumed and (cells.get(found[0], (None,))[0] is statement
                                               or unstacks.get(found[0], (None,))[0] is statement):
            if id(statement) in placed:
                remaining.append(placed[id(statement)])
                generated.add(id(placed[id(statement)]))
            continue
        remaining.append(statement)
    position = {id(s): i for i, s in enumerate(statements)}
    defined = {name: position[id(pair[0])] for name, pair in (cells | unstacks).items() if name in consumed}
    still = {name for name, at in defined.items() for s in remaining
             if id(s) not in generated and position.get(id(s), -1) > at and name in reads(s)}
    if still:
        raise Refusal(statements[0], f"{', '.join(sorted(still))} is used besides the RNN call")
    return hoisted, remaining
