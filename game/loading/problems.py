"""The one error type that leaves the loaders: a list of problems, each pointing at a place."""

from dataclasses import dataclass

_UNSET = object()


def show_value(value, limit: int = 60) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        text = str(int(value))
    elif value is None:
        text = "null"
    return text if len(text) <= limit else text[: limit - 3] + "..."


ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    """One mistake (or, with severity WARNING, a likely one): file, 1-based line and column, dotted
    field path, message, the offending value (and the text the file writes it as, for numbers)."""

    file: str
    line: int
    column: int
    field: str
    message: str
    got: object = _UNSET
    written: str | None = None
    severity: str = ERROR

    @property
    def text(self) -> str:
        """The message as shown after the field: a warning says so first; the value as the file writes it."""
        text = f"warning: {self.message}" if self.severity == WARNING else self.message
        if self.got is _UNSET:
            return text
        return f"{text} (got {self.written if self.written is not None else show_value(self.got)})"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.text}" if self.field else f"{where}: {self.text}"


class ScenarioError(Exception):
    """Raised with every error found in one file (warnings never stop a load)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))
