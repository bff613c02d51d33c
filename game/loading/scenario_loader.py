"""YAML file -> Scenario, with every problem reported as file:line:column: field: message."""

from pathlib import Path

from pydantic import ValidationError

from ..model.scenario import Scenario
from .checks import check_sense
from .problems import Problem, ScenarioError
from .strict_yaml import Marks, parse, read_text

_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "unknown field",
    "literal_error": None,
    "union_tag_invalid": None,
}


def dotted(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Locator:
    """Turns a data path into the line and column of the nearest value written in the file."""

    def __init__(self, shown: str, data, marks: Marks):
        self.shown, self.data, self.marks = shown, data, marks

    def data_path(self, loc) -> tuple:
        """Follow pydantic's loc through the data, skipping union tags and other model-only parts."""
        node, path = self.data, ()
        for part in loc:
            if isinstance(node, dict) and part == node.get("type") and part not in node:
                continue  # the tag of a discriminated union (issues[0].range...)
            if isinstance(node, dict) and part in node:
                node, path = node[part], path + (part,)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node, path = node[part], path + (part,)
            elif isinstance(node, dict) and isinstance(part, str) and not part.startswith(("function-", "tagged-")):
                # A field absent from the data (missing) or named by a validator: keep it for the message.
                path = path + (part,)
                node = None
        return path

    def problem(self, path, message, got=None, *, at_key=False, has_got=False) -> Problem:
        for cut in range(len(path), -1, -1):
            prefix = tuple(path[:cut])
            table = self.marks.key if (at_key or cut < len(path)) else self.marks.value
            if prefix in table:
                line, column = table[prefix]
                break
        else:
            line, column = 1, 1
        extra = {"got": got} if has_got else {}
        return Problem(self.shown, line, column, dotted(path), message, **extra)


def _schema_problems(exc: ValidationError, where: Locator) -> list[Problem]:
    problems, seen = [], set()
    for error in exc.errors(include_url=False):
        path = where.data_path(error["loc"])
        kind = error["type"]
        message = _MESSAGES.get(kind) or error["msg"].replace("Input should be", "must be")
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        has_got = kind not in ("missing", "extra_forbidden") and not isinstance(error.get("input"), (dict, list))
        key = (path, message)
        if key in seen:
            continue
        seen.add(key)
        problems.append(
            where.problem(path, message, error.get("input"), at_key=kind == "extra_forbidden", has_got=has_got)
        )
    return problems


def load_text(text: str, shown: str) -> Scenario:
    data, marks = parse(text, shown)
    if data is None:
        raise ScenarioError([Problem(shown, 1, 1, "", "file is empty; a scenario is a mapping of fields")])
    if not isinstance(data, dict):
        raise ScenarioError([Problem(shown, 1, 1, "", "a scenario must be a mapping of fields, not a list or a value")])
    where = Locator(shown, data, marks)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_schema_problems(exc, where)) from None
    problems = [where.problem(path, message, got, has_got=got is not None) for path, message, got in check_sense(scenario)]
    if problems:
        raise ScenarioError(problems)
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """Load and check one scenario file; raise ScenarioError listing every problem."""
    shown = str(path)
    return load_text(read_text(Path(path), shown), shown)
