"""``tf.ConfigProto`` / ``tf.GPUOptions`` session options -> ``tf.config`` calls.

The TF1 construct: ``config = tf.ConfigProto(...)`` and ``tf.GPUOptions(...)``
statements (``Kind.CONFIG``), assignments to their options
(``config.gpu_options.allow_growth = True``, ``Kind.CONFIG_ATTR``) and a
``config=`` given inline to ``tf.Session`` (``Kind.SESSION``, or a
``with tf.Session(...)`` the flattened block lost).
What it becomes: the ``tf.config`` / ``tf.debugging`` calls with the same
effect (memory growth, visible devices, soft placement, thread pools, device
placement logging), at the block's start (``front``).
``per_process_gpu_memory_fraction`` is dropped with a note; any other option refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from migrate.data import graph_map as G
from migrate.engine.context import RuleContext
from migrate.graph.blocks import call_symbol, calls_in, code, single_statement
from migrate.graph.plan import Kind, Note, Refusal, Stmt

if TYPE_CHECKING:
    from migrate.graph.convert import Converter


@dataclass
class SessionConfig:
    """The session options of one block, for the ``Converter`` that owns this object (it keeps no state)."""

    converter: Converter = field(repr=False, compare=False)

    def with_sessions(self, removed: list, front: list) -> None:
        """``with tf.Session(config=tf.ConfigProto(...)) as sess:``, a ``with`` the flattened block lost:
        its options go to ``front``."""
        for node in removed:
            config = _config_arg(node.items[0].item, self.converter.ctx)
            if config is not None:
                front += self.config(Stmt(node, Kind.CONFIG, value=config))

    def build_session(self, stmt: Stmt, front: list) -> list[cst.BaseStatement]:
        """``sess = tf.Session(...)`` goes; an inline ConfigProto's options go to ``front``."""
        config = _config_arg(stmt.value, self.converter.ctx) if isinstance(stmt.value, cst.Call) else None
        if config is not None:  # tf.Session(config=tf.ConfigProto(...))
            front += self.config(Stmt(stmt.node, Kind.CONFIG, value=config))
        return []

    def build(self, stmt: Stmt, front: list) -> list[cst.BaseStatement]:
        """A ConfigProto / GPUOptions statement or ``config.<option> = value`` goes; its TF2 form goes to ``front``."""
        front += self.config(stmt)
        return []

    def config(self, stmt: Stmt) -> list[cst.BaseStatement]:
        """Session options that have a TF2 form become tf.config calls at the block's start."""
        tf = self.converter.tf
        out = []
        if stmt.kind == Kind.CONFIG_ATTR:
            target = code(single_statement(stmt.node).targets[0].target)
            value = stmt.value
            if target.endswith("gpu_options.allow_growth"):
                return _memory_growth(tf, value)
            if target.endswith("gpu_options.per_process_gpu_memory_fraction"):
                self.converter.notes.append(Note(stmt.node, "per_process_gpu_memory_fraction has no exact TF2 form; "
                                            "dropped (use tf.config.set_logical_device_configuration with "
                                            "memory_limit in MB)"))
                return []
            if target.endswith("log_device_placement"):
                return [cst.parse_statement(f"{tf}.debugging.set_log_device_placement({code(value)})\n")]
            raise Refusal(stmt.node, f"session option {target} has no conversion")
        call = stmt.value
        if stmt.kind == Kind.CONFIG and call_symbol(call, self.converter.ctx) == "GPUOptions":
            if not (len(stmt.defs) == 1 and self._gpu_options_name(cst.Name(stmt.defs[0]))):
                raise Refusal(call, "GPUOptions outside ConfigProto")
            return self._gpu_options(call)
        for arg in call.args:
            key = arg.keyword.value if arg.keyword else None
            value = arg.value
            if key == "device_count" and isinstance(value, cst.Dict):
                for element in value.elements:
                    if code(element.key).strip("'\"") == "GPU" and code(element.value) == "0":
                        out.append(cst.parse_statement(f'{tf}.config.set_visible_devices([], "GPU")\n'))
                    else:
                        raise Refusal(value, "device_count other than {'GPU': 0}")
            elif key == "log_device_placement":
                out.append(cst.parse_statement(f"{tf}.debugging.set_log_device_placement({code(value)})\n"))
            elif key == "allow_soft_placement":
                out.append(cst.parse_statement(f"{tf}.config.set_soft_device_placement({code(value)})\n"))
            elif key in ("intra_op_parallelism_threads", "inter_op_parallelism_threads"):
                out.append(cst.parse_statement(f"{tf}.config.threading.set_{key}({code(value)})\n"))
            elif key == "gpu_options" and call_symbol(value, self.converter.ctx) == "GPUOptions":
                out += self._gpu_options(value)
            elif key == "gpu_options" and isinstance(value, cst.Name):
                if not self._gpu_options_name(value):
                    raise Refusal(arg, f"ConfigProto(gpu_options={value.value}): not a GPUOptions only this "
                                       "ConfigProto reads")
                # converted where the GPUOptions is built
            else:
                raise Refusal(arg, f"ConfigProto({key}=...) has no conversion")
        return out

    def _gpu_options(self, call: cst.Call) -> list[cst.BaseStatement]:
        out = []
        for option in call.args:
            name = option.keyword.value if option.keyword else None
            if name == "allow_growth":
                out += _memory_growth(self.converter.tf, option.value)
            elif name == "per_process_gpu_memory_fraction":
                self.converter.notes.append(Note(option, "per_process_gpu_memory_fraction has no exact TF2 form; "
                                            "dropped (TF2 caps a GPU with "
                                            "tf.config.set_logical_device_configuration(gpu, "
                                            "[tf.config.LogicalDeviceConfiguration(memory_limit=MB)]), in MB, "
                                            "not a fraction)"))
            else:
                raise Refusal(option, f"GPUOptions({name}=...) has no conversion")
        return out

    def _gpu_options_name(self, expr: cst.BaseExpression) -> bool:
        """A name bound once to ``tf.GPUOptions(...)`` that only ``ConfigProto(gpu_options=...)`` reads."""
        if not isinstance(expr, cst.Name):
            return False
        block, ctx = self.converter.block, self.converter.ctx
        stmt = block.defs.get(expr.value)
        if stmt is None or stmt.kind != Kind.CONFIG or call_symbol(stmt.value, ctx) != "GPUOptions":
            return False
        if sum(expr.value in s.defs for s in block.statements) != 1:
            return False
        readers = [s for s in block.statements if expr.value in s.uses]
        for s in readers:
            configs = [c for c in calls_in(s.node) if call_symbol(c, ctx) in G.CONFIGS]
            if s.kind not in (Kind.CONFIG, Kind.SESSION) or not configs:
                return False
        return True


def _config_arg(session: cst.Call, ctx: RuleContext) -> cst.Call | None:
    """An inline ``config=tf.ConfigProto(...)`` of a session (a config held in a name is converted where it is built)."""
    for arg in session.args:
        if arg.keyword and arg.keyword.value == "config" and call_symbol(arg.value, ctx) in G.CONFIGS:
            return arg.value
    return None


def _memory_growth(tf: str, value: cst.BaseExpression) -> list[cst.BaseStatement]:
    return [cst.parse_statement(
        f'for gpu in {tf}.config.list_physical_devices("GPU"):\n'
        f"    {tf}.config.experimental.set_memory_growth(gpu, {code(value)})\n")]
