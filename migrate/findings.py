"""What the codemod found: per-occurrence findings and per-file results.

Rules never print. They record a `Finding`; the CLI turns the collected
`FileResult`s into a diff, a summary line and a JSON or Markdown report.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field


class Severity(str, enum.Enum):
    INFO = "info"  # a fix was applied and needs no attention
    WARNING = "warning"  # applied or proposed, but a human should look
    ERROR = "error"  # could not be migrated or could not be processed

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    path: str = "-"
    line: int = 0
    col: int = 0
    fixed: bool = False
    cell: int | None = None  # notebook cell index (0-based; shown 1-based) when the file is an .ipynb
    # a `# tf-migrate: ignore` comment covers it (engine/suppress.py): listed apart, never counted
    suppressed: bool = False

    @property
    def start(self) -> tuple[int, int]:
        """1-based line and column as shown: a finding about the whole file (line 0) is at 1:1."""
        return (self.line, max(self.col, 1)) if self.line >= 1 else (1, 1)

    @property
    def location(self) -> str:
        where = f"{self.path}[cell {self.cell + 1}]" if self.cell is not None else self.path
        line, col = self.start
        return f"{where}:{line}:{col}"

    @property
    def needs_attention(self) -> bool:
        """Worth showing a person: a warning or an error (fixed or not), not suppressed."""
        return self.severity is not Severity.INFO and not self.suppressed

    @property
    def unfixed(self) -> bool:
        """What the attention count counts: shown, and left for a person to do."""
        return self.needs_attention and not self.fixed

    def format(self) -> str:
        state = "fixed" if self.fixed else "not fixed"
        return f"{self.location}: {self.severity.value} {self.code} {self.message} ({state})"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["line"], data["col"] = self.start
        return data


@dataclass
class FileResult:
    """The outcome for one input file."""

    path: str
    original: bytes = b""
    migrated: bytes | None = None  # None: the file could not be processed
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0  # CPU time the migration took (``rewrite -v``)

    @property
    def changed(self) -> bool:
        return self.migrated is not None and self.migrated != self.original

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def tf1_left(self) -> list[str] | None:
        """TF1 constructs left in the output (None: not a Python file that was processed)."""
        if self.migrated is None or self.path.endswith(".ipynb"):
            return None
        if "_tf1_left" not in self.__dict__:
            from migrate.graph.idiom import tf1_left  # parses again: only when a report asks

            self.__dict__["_tf1_left"] = tf1_left(self.migrated)
        return self.__dict__["_tf1_left"]

    @property
    def idiomatic(self) -> bool | None:
        left = self.tf1_left
        return None if left is None else not left
