"""The typed plan of one TF1 block: what each statement is, what stops the conversion, what it changed.

``Kind`` is the statement kind ``classify`` gives every top-level statement
of a flattened block; ``Stmt`` carries it with the names the statement binds
and reads; ``Refusal`` is the one exception that stops the conversion of a
block (the caller keeps the block as it was, or falls back to graph mode);
``Note`` is what the conversion tells the user about a rewrite it made, with
``exact=False`` when the TF2 form does not reproduce TF1's numbers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import libcst as cst


class Kind(enum.Enum):
    """What a statement of a TF1 block is, and so what the conversion does with it."""

    PLACEHOLDER = "placeholder"  # becomes a tf.function argument
    COMPUTE = "compute"  # builds tensors from graph names: moves into the functions that need it
    GRADIENTS = "gradients"  # opt.compute_gradients(loss): a tape's gradients inside a step
    NEXT = "next"  # iterator.get_next(): the step's arguments, fed by next(iterator)
    TRAIN = "train"  # opt.minimize(loss): a GradientTape step
    APPLY = "apply"  # opt.apply_gradients(...): the end of a step
    STATE = "state"  # creates variables or Keras objects: stays where it is (runs once, eagerly)
    SCHEDULE = "schedule"  # tf.train.exponential_decay(...): a Keras schedule
    OPTIMIZER = "optimizer"  # a v1 optimizer: a Keras optimizer
    INIT = "init"  # tf.global_variables_initializer(): removed
    SESSION = "session"  # tf.Session(): removed
    DROP = "drop"  # removed (graph-mode switches, Graph(), UPDATE_OPS...)
    PYTHON = "python"  # plain code, kept
    RUN = "run"  # anything else (loops, prints...): its sess.run calls are rewritten
    CONFIG = "config"  # ConfigProto / GPUOptions: tf.config calls at the block's start
    CONFIG_ATTR = "config_attr"  # config.gpu_options.allow_growth = True
    ITERATOR = "iterator"  # ds.make_one_shot_iterator(): iter(ds)
    TRAINABLE = "trainable"  # tf.trainable_variables(): what the tape watched
    SAVER = "saver"  # tf.train.Saver(): tf.train.Checkpoint
    WRITER = "writer"  # tf.summary.FileWriter: tf.summary.create_file_writer
    SUMMARY = "summary"  # tf.summary.scalar(...): written inside the function that fetches it
    MERGE = "merge"  # tf.summary.merge_all(): the summaries it merges

    def __repr__(self) -> str:
        return f"Kind.{self.name}"


TENSORS = frozenset({Kind.PLACEHOLDER, Kind.COMPUTE, Kind.GRADIENTS, Kind.NEXT})  # values only inside functions
OPS = frozenset({Kind.TRAIN, Kind.APPLY})  # fetchable, with no value
# names whose statement is gone from the block once it is converted
REMOVED = frozenset({Kind.PLACEHOLDER, Kind.COMPUTE, Kind.GRADIENTS, Kind.TRAIN, Kind.APPLY, Kind.INIT, Kind.SESSION,
                     Kind.DROP, Kind.SUMMARY, Kind.MERGE, Kind.TRAINABLE, Kind.NEXT})


class Refusal(Exception):
    """A construct that stops the conversion of a block; ``node`` is where it is."""

    def __init__(self, node: cst.CSTNode, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


@dataclass(frozen=True)
class Note:
    """What a rewrite changed, at ``node``; ``exact=False``: the TF2 form's numbers differ from TF1's."""

    node: cst.CSTNode
    text: str
    exact: bool = True

    @classmethod
    def of(cls, item) -> Note:
        """A Note from a Note or from a ``(node, text)`` pair (what ``modules`` and ``rnns`` still append)."""
        if isinstance(item, Note):
            return item
        node, text = item
        return cls(node, text, exact=not text.startswith(_INEXACT))

    @classmethod
    def from_result(cls, node: cst.CSTNode, result) -> list[Note]:
        """The notes of a ``keras_calls`` result (texts plus one ``exact`` flag for the whole mapping).

        A result whose mapping is not exact marks the note that says why; its
        other notes (a dropped name, an explicit epsilon) are plain information.
        """
        notes = [cls.of((node, text)) if isinstance(text, str) else cls.of(text) for text in result.notes]
        if not getattr(result, "exact", True) and all(n.exact for n in notes):
            notes = [cls(n.node, n.text, exact=False) for n in notes]
        return notes


# keras_calls' tables write this prefix on the note that explains an inexact mapping (see Note.from_result)
_INEXACT = "NOT EXACT"


@dataclass
class Stmt:
    """One top-level statement of a flattened block, with its kind and the names it binds and reads."""

    node: cst.BaseStatement
    kind: Kind
    defs: tuple[str, ...] = ()
    uses: frozenset[str] = frozenset()
    value: cst.BaseExpression | None = None
    data: dict = field(default_factory=dict)


@dataclass
class Block:
    statements: list[Stmt]
    sessions: set[str]  # names bound to sessions
    kinds: dict[str, Kind]  # graph name -> kind of the statement defining it
    defs: dict[str, Stmt]
