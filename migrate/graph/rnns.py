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


_WRAPPER = ("cell", "input_keep_prob", "output_keep_prob", "state_keep_prob", "variational_recurrent", "input_size",
            "dtype", "seed", "dropout_state_filter_visitor")
_DROPOUT_NOTE = ("DropoutWrapper: a new dropout mask at every time step on the cell's inputs/outputs (the state is "
                 "not dropped) is tf.nn.dropout of the whole input/output sequence before/after a Keras RNN layer "
                 "(independent masks per element, the same distribution; other random numbers)")


def _is_wrapper(node, symbol_of) -> bool:
    return (symbol_of(node) or "").endswith("rnn_cell.DropoutWrapper") or symbol_of(node) == "contrib.rnn.DropoutWrapper"


def _unwrap(node: cst.Call, symbol_of):
    """``DropoutWrapper(cell, input_keep_prob=a, output_keep_prob=b)`` -> (cell, a, b); a reason on other options."""
    bound = keras_calls._calls.bind(node, _WRAPPER)
    if bound is None or "cell" not in bound:
        raise Refusal(node, "DropoutWrapper: the arguments can't be matched statically")
    for param in [p for p in bound if p not in {"cell", "input_keep_prob", "output_keep_prob", "dtype"}]:
        value = keras_calls.source(bound[param].value).strip()
        if (param, value) not in (("state_keep_prob", "1.0"), ("state_keep_prob", "1"), ("variational_recurrent",
                                                                                          "False")):
            raise Refusal(node, f"DropoutWrapper({param}={value}): only input_keep_prob / output_keep_prob map (a "
                                "dropout of the sequence around a Keras RNN layer)")
    keep = {p: bound[p].value for p in ("input_keep_prob", "output_keep_prob")
            if p in bound and keras_calls.literal(bound[p].value) not in (1, 1.0)}
    return bound["cell"].value, keep.get("input_keep_prob"), keep.get("output_keep_prob")


def _dropout_layers(cell: cst.Call, symbol_of):
    """[(cell, input keep, output keep)] when ``cell`` is a DropoutWrapper or a MultiRNNCell list holding one;
    None when no DropoutWrapper is involved."""
    if _is_wrapper(cell, symbol_of):
        return [_unwrap(cell, symbol_of)]
    symbol = symbol_of(cell) or ""
    if not symbol.endswith("MultiRNNCell"):
        return None
    bound = keras_calls._calls.bind(cell, ("cells", "state_is_tuple"))
    cells = bound.get("cells").value if bound and "cells" in bound else None
    if isinstance(cells, cst.ListComp):
        elements = [cells.elt] if _is_wrapper(cells.elt, symbol_of) else None
    elif isinstance(cells, cst.List):
        elements = [e.value for e in cells.elements]
    else:
        return None
    if elements is None or not any(_is_wrapper(e, symbol_of) for e in elements):
        return None
    if isinstance(cells, cst.ListComp):
        raise Refusal(cell, "MultiRNNCell of DropoutWrappers in a list comprehension: write the list out to migrate")
    return [_unwrap(e, symbol_of) if _is_wrapper(e, symbol_of) else (e, None, None) for e in elements]


def _dropped(expr: str, keep, tf: str) -> str:
    rate = keras_calls.source(keras_calls._difference(keep)).strip()
    return f"{tf}.nn.dropout({expr}, rate={rate})"


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
        used = set().union(*(_loads(s) for s in others)) if others else set()
        if any(reads(s) & used for s in state):
            raise Refusal(value, f"the state returned by tf.{symbol} is used: Keras orders an LSTM state (h, c), "
                                 "TF1's LSTMStateTuple (c, h)")
        call, ctors = value, []
        first = value.args[0].value if value.args else None
        stages = (_dropout_layers(cells[first.value][1], symbol_of)
                  if isinstance(first, cst.Name) and first.value in cells and "bidirectional" not in symbol else None)
        if stages is not None:
            consumed.add(first.value)
            for inner, _, _ in stages:
                result = keras_calls.cell(inner, symbol_of(inner), ctx)
                if isinstance(result, str):
                    raise Refusal(inner, result)
                notes += [(inner, n) for n in result.notes]
                ctors.append(result.ctor)
            notes.append((value, _DROPOUT_NOTE))
        else:
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
        count = 1 if stages is not None else len(ctors)  # cell arguments of the TF1 call
        inputs = call.args[count].value if len(call.args) > count else None
        if isinstance(inputs, cst.Name) and inputs.value in unstacks:  # x = tf.unstack(x, T, 1); static_rnn(cell, x)
            args = list(call.args)
            args[count] = args[count].with_changes(value=unstacks[inputs.value][1])
            call = call.with_changes(args=args)
            consumed.add(inputs.value)
        result = keras_calls.rnn(call, symbol, tuple(ctors) if count > 1 else ctors[0], ctx)
        if isinstance(result, str):
            raise Refusal(value, result)
        notes += [(value, n) for n in result.notes]
        code = cst.Module([]).code_for_node
        layers = []
        if stages is None:
            name = fresh("rnn")
            layers.append(_binding(name, result.ctor))
            text = _RESULT[result.outputs].format(rnn=name, inputs=code(result.inputs), tf=tf)
        else:  # one layer per cell, the dropouts between them: the same computation as the stacked cells per step
            text = code(result.inputs)
            for ctor, (_, keep_in, keep_out) in zip(ctors, stages):
                name = fresh("rnn")
                layers.append(_binding(name, cst.Call(ctx.ref("keras.layers.RNN"), [
                    cst.Arg(ctor), keras_calls._kw("return_sequences", cst.Name("True"))])))
                text = _dropped(text, keep_in, tf) if keep_in is not None else text
                text = f"{name}({text})"
                text = _dropped(text, keep_out, tf) if keep_out is not None else text
            if result.outputs == "static":
                text = f"{tf}.unstack({text}, axis=1)"
        first_cell = cells[value.args[0].value.value][0]
        if inline:
            layers[0] = layers[0].with_changes(leading_lines=first_cell.leading_lines)
            placed[id(first_cell)] = layers
        else:
            hoisted += layers
        new = cst.parse_statement(f"{code(outputs)} = {text}\n")
        new = new.with_changes(leading_lines=statement.leading_lines)
        generated.add(id(new))
        out.append(new)
    # the cell and unstack statements go, unless something else still reads their names
    remaining = []
    for statement in out:
        found = _assigned(statement)
        if found and found[0] in consumed and (cells.get(found[0], (None,))[0] is statement
                                               or unstacks.get(found[0], (None,))[0] is statement):
            for layer in placed.get(id(statement), ()):
                remaining.append(layer)
                generated.add(id(layer))
            continue
        remaining.append(statement)
    position = {id(s): i for i, s in enumerate(statements)}
    defined = {name: position[id(pair[0])] for name, pair in (cells | unstacks).items() if name in consumed}
    still = {name for name, at in defined.items() for s in remaining
             if id(s) not in generated and position.get(id(s), -1) > at and name in reads(s)}
    if still:
        raise Refusal(statements[0], f"{', '.join(sorted(still))} is used besides the RNN call")
    return hoisted, remaining



def _binding(name: str, value: cst.BaseExpression) -> cst.BaseStatement:
    layer = cst.parse_statement(f"{name} = 0\n")
    return layer.with_changes(body=[layer.body[0].with_changes(value=value)])


def _loads(statement) -> set[str]:
    """Names the statement reads (``reads`` also counts assignment targets: ``_, l = sess.run(...)``)."""
    import ast

    try:
        tree = ast.parse(cst.Module([]).code_for_node(statement).strip("\n"))
    except SyntaxError:
        return reads(statement)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Store)}
