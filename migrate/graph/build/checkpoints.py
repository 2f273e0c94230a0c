"""``tf.train.Saver`` -> ``tf.train.Checkpoint``.

The TF1 construct: a ``saver = tf.train.Saver(...)`` statement (``Kind.SAVER``),
its ``saver.save(sess, path[, global_step])`` / ``saver.restore(sess, path)``
calls (``saver_call``, for ``runs.RunFinder``) and ``tf.train.checkpoint_exists(prefix)``.
What it becomes: a ``tf.train.Checkpoint`` of every variable, layer and
optimizer of the block (or of the Saver's ``var_list``), filled in once the
block's state is known; ``checkpoint.write(path)`` (``save(path)`` when the
program looks checkpoints up with ``latest_checkpoint``) and
``checkpoint.restore(path)`` without the session; ``tf.io.gfile.exists(prefix + ".index")``.
Options without a TF2 form refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.data import graph_map as G
from migrate.graph.blocks import call_symbol, code, parenthesized
from migrate.graph.keras_calls import _calls  # migrate.rules._calls on first use (see there: the import cycle)
from migrate.graph.plan import Block, Kind, Note, Refusal, Stmt

if TYPE_CHECKING:
    from migrate.graph.convert import Converter


@dataclass
class Checkpoints:
    """The Savers of one block, for the ``Converter`` that owns this object."""

    converter: Converter = field(repr=False, compare=False)
    statements: list[Stmt] = field(default_factory=list)
    lists: dict[int, list[tuple[str, str]] | None] = field(default_factory=dict)  # id(saver stmt) -> var_list
    uses_latest: bool = False  # the file looks checkpoints up (tf.train.latest_checkpoint / get_checkpoint_state)

    def start(self) -> None:
        """Before the block's statements are built: does the file look checkpoints up?"""
        self.uses_latest = bool(G.CHECKPOINT_LOOKUPS & set(self.converter.ctx.symbols.values()))

    def build(self, stmt: Stmt, front: list) -> list[cst.BaseStatement]:
        """``tf.train.Saver()`` -> ``tf.train.Checkpoint`` of every variable, layer and optimizer built so far
        (a TF1 Saver saved all global variables); filled in once the block's state is known."""
        bound = _calls.bind(stmt.value, ("var_list", "reshape", "sharded", "max_to_keep",
                                         "keep_checkpoint_every_n_hours", "name"))
        if bound is None or set(bound) - {"var_list", "max_to_keep", "keep_checkpoint_every_n_hours", "name"}:
            raise Refusal(stmt.value, "tf.train.Saver with options the conversion does not map")
        if "var_list" in bound:
            self.lists[id(stmt)] = self._saved(bound["var_list"].value)
        if set(bound) & {"max_to_keep", "keep_checkpoint_every_n_hours"}:
            self.converter.notes.append(Note(stmt.value, "max_to_keep is not kept: Checkpoint.save keeps every "
                                        "checkpoint (use tf.train.CheckpointManager(max_to_keep=...) to prune)"))
        if self.uses_latest:
            self.converter.notes.append(Note(stmt.value, "Saver -> tf.train.Checkpoint: checkpoints are numbered by "
                                        "save count (model.ckpt-1, -2...), not by global_step; "
                                        "tf.train.latest_checkpoint finds them"))
        self.statements.append(stmt)
        return [stmt.node]

    def _saved(self, var_list: cst.BaseExpression) -> list[tuple[str, str]] | None:
        """What a Saver's var_list names: None for every global variable, else (key, variable) pairs.

        ``tf.global_variables()`` is what a Saver without var_list saves; a list of
        variables bound to names keeps those names as checkpoint keys; a dict keeps its keys.
        """
        if call_symbol(var_list, self.converter.ctx) in G.GLOBAL_VARIABLES and not var_list.args:
            return None
        pairs = []
        if isinstance(var_list, (cst.List, cst.Tuple)):
            pairs = [(getattr(e.value, "value", None), e.value) for e in var_list.elements]
        elif isinstance(var_list, cst.Dict):
            for element in var_list.elements:
                key = getattr(element, "key", None)
                pairs.append((key.evaluated_value if isinstance(key, cst.SimpleString) else None, element.value))
        else:
            raise Refusal(var_list, "tf.train.Saver with a var_list other than tf.global_variables(), "
                                    "a list of variables or a dict of them")
        out = []
        for key, value in pairs:
            if not (isinstance(key, str) and key.isidentifier() and isinstance(value, cst.Name)
                    and self.converter.block.kinds.get(value.value) == Kind.STATE):
                raise Refusal(var_list, "tf.train.Saver var_list entries must be variables bound to names "
                                        "(dict keys: identifiers)")
            out.append((key, value.value))
        return out

    def fill(self, built: list[list[cst.BaseStatement]], block: Block) -> None:
        """Each Saver statement built becomes its Checkpoint, now that the block's state is known."""
        converter = self.converter
        tracked = list(converter.names.trackables)
        for stmt in block.statements:
            if stmt.kind in (Kind.STATE, Kind.OPTIMIZER):
                tracked += [d for d in stmt.defs if d not in tracked]
        for stmt, new in zip(block.statements, built):
            if stmt in self.statements:
                saved = self.lists.get(id(stmt))
                pairs = [(name, name) for name in tracked] if saved is None else saved
                args = ", ".join(f"{key}={name}" for key, name in pairs)
                value = cst.parse_expression(f"{converter.tf}.train.Checkpoint({args})")
                new[0] = converter._replace_value(new[0], value)

    def call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """save(sess, path[, global_step]) / restore(sess, path) on the Checkpoint.

        TF1 wrote exactly ``path`` (``path-<step>`` with a step) and recorded it for
        ``latest_checkpoint``. ``Checkpoint.write`` keeps the exact path; when the
        program looks checkpoints up with ``latest_checkpoint``, ``Checkpoint.save``
        records them instead (numbered by save count).
        """
        bound = _calls.bind(updated, ("sess", "save_path", "global_step", "latest_filename", "meta_graph_suffix",
                                      "write_meta_graph", "write_state", "strip_default_attrs", "save_debug_info"))
        method = original.func.attr.value
        if bound is None or "save_path" not in bound or set(bound) - {"sess", "save_path", "global_step",
                                                                       "write_meta_graph"}:
            raise Refusal(original, f"Saver.{method}() with arguments the conversion does not map")
        path = code(bound["save_path"].value)
        owner = code(updated.func.value)
        if method == "restore":
            return cst.parse_expression(f"{owner}.restore({path})")
        if self.uses_latest:
            return cst.parse_expression(f"{owner}.save({path})")
        if "global_step" in bound:
            path = _stepped_path(bound["save_path"].value, code(bound["global_step"].value))
        return cst.parse_expression(f"{owner}.write({path})")

    def checkpoint_exists(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
        """``tf.train.checkpoint_exists(prefix)`` in a block with a Saver, else None.

        TF1 looked for <prefix>.index (V2 format), then <prefix>; a Checkpoint writes only the V2 format.
        """
        if (self.statements and len(updated.args) == 1 and not updated.args[0].keyword
                and self.converter.ctx.symbol(original.func) == "train.checkpoint_exists"):
            prefix = code(parenthesized(updated.args[0].value))
            return cst.parse_expression(f'{self.converter.tf}.io.gfile.exists({prefix} + ".index")')
        return None


def saver_call(node: cst.Call, block: Block, is_session=None) -> bool:
    """Is ``node`` ``saver.save(sess, ...)`` / ``saver.restore(sess, ...)`` on a Saver of ``block``?

    ``runs.RunFinder`` asks, and records the call for ``Checkpoints.call``;
    a save or restore without the session as first argument refuses.
    """
    func = node.func
    if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.attr.value in ("save", "restore")
            and block.kinds.get(func.value.value) == Kind.SAVER):
        return False
    session = node.args[0].value if node.args else None
    if not (isinstance(session, cst.Name) and (is_session or block.sessions.__contains__)(session.value)):
        raise Refusal(node, f"{func.attr.value}() of a Saver without the session as first argument")
    return True


def _stepped_path(path: cst.BaseExpression, step: str) -> str:
    """``<path>-<step>``, what a TF1 Saver wrote with a global_step, as code valid on every Python 3.

    A nested f-string may not reuse its quotes before Python 3.12: a string
    literal is written into the f-string, anything else goes through format().
    """
    if (isinstance(path, cst.SimpleString) and not path.prefix and "{" not in path.value and "}" not in path.value
            and len(path.quote) == 1 and path.quote not in step and "\\" not in step):
        return f"f{path.value[:-1]}-{{{step}}}{path.quote}"
    if not set("\"'\\") & set(code(path) + step):
        return f'f"{{{code(path)}}}-{{{step}}}"'
    return f'"{{}}-{{}}".format({code(path)}, {step})'
