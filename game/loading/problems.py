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


@dataclass(frozen=True)
class Problem:
    """One mistake: file, 1-based line and column, dotted field path, message, the offending value."""

    file: str
    line: int
    column: int
    field: str
    message: str
    got: object = _UNSET

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return text if self.got is _UNSET else f"{text} (got {show_value(self.got)})"


class ScenarioError(Exception):
    """Raised with every problem found in one file."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))
