"""YAML file -> Scenario, with every problem reported as file:line:column: field: message.

Three passes, each reporting every problem it finds: the strict YAML reader (strict_yaml), the
schema (the pydantic models, with their messages rewritten for authors), and the sense checks
(checks.py) with the warnings (advice.py), which run on every part whose shape is valid (partial.py),
in the same run. Whatever the input, the only exception that leaves ``load_text``, ``load_bytes`` and
``load_scenario`` is ScenarioError, with the errors; ``check_scenario`` returns errors and warnings.
"""

import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import annotated_types as at
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..model.scenario import Scenario
from .advice import check_advice
from .checks import AtKey, check_sense
from .partial import in_file, salvage
from .problems import ERROR, WARNING, Problem, ScenarioError
from .strict_yaml import Marks, Reading, decode, read_text, read_yaml

MAX_PROBLEMS = 100
ID_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
_PATTERNS = {
    ID_PATTERN: "must be an id: lowercase letters, digits and _, starting with a letter, at most 40 characters",
    r"^#[0-9a-fA-F]{6}$": "must be a colour written #rrggbb, such as \"#3a78c2\"",
}
_TYPE_ERRORS = {
    "float_type": "a number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "list_type": "a list",
    "literal_error": None,  # the literal's values
    "union_tag_invalid": None,
    "union_tag_not_found": None,
}
_MEMBER_NAMES = {float: "a number", int: "a whole number", str: "text", bool: "true or false"}


def dotted(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _or_list(words: list[str]) -> str:
    words = list(dict.fromkeys(words))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# ---------------------------------------------------------------------------- the model's shape

_UNIONS = (typing.Union, types.UnionType)


def _unwrap(tp, meta: list):
    """Strip Annotated (collecting constraints) and Optional; stop at a real union."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp, *extras = typing.get_args(tp)
            for extra in extras:
                meta = meta + (list(extra.metadata) if isinstance(extra, FieldInfo) else [extra])
            continue
        if origin in _UNIONS:
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp, meta


def _is_model(tp) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _member(part, members):
    """The union member pydantic names `part` in an error's loc (a tag, a class or type name)."""
    for member in members:
        inner, _ = _unwrap(member, [])
        if _is_model(inner):
            tag = inner.model_fields.get("type")
            if inner.__name__ == part or (tag is not None and part in typing.get_args(tag.annotation)):
                return inner
        elif typing.get_origin(inner) is typing.Literal:
            if isinstance(part, str) and part.startswith("literal["):
                return inner
        elif getattr(inner, "__name__", None) == part:
            return inner
    return None


def _describe(tp) -> list[str]:
    """What a value of this type looks like, in an author's words."""
    inner, _ = _unwrap(tp, [])
    if typing.get_origin(inner) is typing.Literal:
        return [str(v) for v in typing.get_args(inner)]
    if typing.get_origin(inner) in _UNIONS:
        return [w for m in typing.get_args(inner) if m is not type(None) for w in _describe(m)]
    if _is_model(inner) or typing.get_origin(inner) is dict:
        return ["a mapping"]
    if typing.get_origin(inner) is list:
        return ["a list"]
    return [_MEMBER_NAMES.get(inner, getattr(inner, "__name__", "a value"))]


class Place:
    """Where a pydantic error points, followed through the model: the path in the data, and what
    the model says about the value there (its type, constraints, the union it belongs to)."""

    def __init__(self, loc):
        self.path: list = []
        self.tp, self.meta = Scenario, []
        self.model = None  # the model whose field the path last entered
        self.union = None  # (path, members) when a union member was named in the loc
        self.at_key = False
        parts = list(loc)
        i = 0
        while i < len(parts):
            part = parts[i]
            self.tp, self.meta = _unwrap(self.tp, self.meta)
            origin = typing.get_origin(self.tp)
            if _is_model(self.tp):
                self.model = self.tp
                self.path.append(part)
                info = self.tp.model_fields.get(part) if isinstance(part, str) else None
                self.tp, self.meta = (info.annotation, list(info.metadata)) if info else (None, [])
            elif origin is list:
                self.path.append(part)
                self.tp, self.meta = typing.get_args(self.tp)[0], []
            elif origin is dict:
                self.path.append(part)
                key_type, value_type = typing.get_args(self.tp)
                if i + 1 < len(parts) and parts[i + 1] == "[key]":
                    self.at_key, i = True, i + 1
                    self.tp, self.meta = key_type, []
                else:
                    self.tp, self.meta = value_type, []
            elif origin in _UNIONS:
                members = [a for a in typing.get_args(self.tp) if a is not type(None)]
                self.tp = _member(part, members)
                if not all(_is_model(_unwrap(m, [])[0]) for m in members):
                    # A union tried member by member (a discriminated one picks its member by tag).
                    self.union = (tuple(self.path), members)
            # anything else (a leftover part under a plain value) names nothing in the data
            i += 1
        self.tp, self.meta = _unwrap(self.tp, self.meta)

    def bounds(self):
        low = high = None
        for item in self.meta:
            if isinstance(item, at.Ge):
                low = (item.ge, True)
            elif isinstance(item, at.Gt):
                low = (item.gt, False)
            elif isinstance(item, at.Le):
                high = (item.le, True)
            elif isinstance(item, at.Lt):
                high = (item.lt, False)
        return low, high


def _range_message(place: Place, error) -> str:
    low, high = place.bounds()
    if low and high and low[1] and high[1]:
        return f"must be between {_number(low[0])} and {_number(high[0])}"
    parts = []
    if low:
        parts.append(f"at least {_number(low[0])}" if low[1] else f"more than {_number(low[0])}")
    if high:
        parts.append(f"at most {_number(high[0])}" if high[1] else f"less than {_number(high[0])}")
    if parts:
        return "must be " + " and ".join(parts)
    return error["msg"].replace("Input should be", "must be")


def _message(error, place: Place) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        fields = list(place.model.model_fields) if place.model else []
        near = difflib.get_close_matches(str(place.path[-1]), fields, n=1)
        return f"unknown field; did you mean '{near[0]}'?" if near else "unknown field"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _range_message(place, error)
    if kind == "literal_error":
        if typing.get_origin(place.tp) is typing.Literal:
            return "must be " + _or_list([str(v) for v in typing.get_args(place.tp)])
        return error["msg"].replace("Input should be", "must be").replace("'", "")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = str(ctx.get("discriminator", "type")).strip("'")
        members = typing.get_args(place.tp) if typing.get_origin(place.tp) in _UNIONS else ()
        tags = [str(v) for m in members if _is_model(_unwrap(m, [])[0])
                for v in typing.get_args(_unwrap(m, [])[0].model_fields[tag].annotation)]
        return "must be " + _or_list(tags or [str(ctx.get("expected_tags", "")).replace("'", "")])
    if kind in _TYPE_ERRORS:
        wanted = _TYPE_ERRORS[kind]
        if kind == "string_type" and isinstance(value, (bool, int, float)):
            return "must be text; put it in quotes"
        return f"must be {wanted}"
    if kind == "string_pattern_mismatch":
        return _PATTERNS.get(ctx.get("pattern"), f"must match the pattern {ctx.get('pattern')}")
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else f"must have at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"must have at most {ctx.get('max_length')} characters (it has {len(value) if isinstance(value, str) else '?'})"
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "at least" if kind == "too_short" else "at most"
        return f"must have {word} {bound} item{'s' if bound != 1 else ''} (it has {ctx.get('actual_length')})"
    if kind == "finite_number":
        return "must be a finite number"
    message = error["msg"]
    if message.startswith("Value error, "):
        return message[len("Value error, "):]
    return message.replace("Input should be", "must be")


def _field_named(message: str, place: Place, data) -> tuple:
    """A model validator's message that starts with a field name points at that field."""
    first = message.split(" ", 1)[0]
    node, path = data, list(place.path)
    for p in path:
        node = node.get(p) if isinstance(node, dict) else node[p] if isinstance(node, list) and isinstance(p, int) and 0 <= p < len(node) else None
    extra = []
    for part in first.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
            extra.append(part)
        else:
            break
    return tuple(path + extra) if extra else tuple(path)


class Locator:
    """Turns a data path into the line and column of the nearest value written in the file."""

    def __init__(self, shown: str, data, marks: Marks):
        self.shown, self.data, self.marks = shown, data, marks

    def problem(self, path, message, got=None, *, at_key=False, has_got=False, severity=ERROR) -> Problem:
        for cut in range(len(path), -1, -1):
            prefix = tuple(path[:cut])
            table = self.marks.key if (at_key or cut < len(path)) else self.marks.value
            if prefix in table:
                line, column = table[prefix]
                break
        else:
            line, column = 1, 1
        extra = {"got": got, "written": self.marks.written.get(tuple(path))} if has_got else {}
        return Problem(self.shown, line, column, dotted(path), message, severity=severity, **extra)

    def found(self, found, severity=ERROR, index=None) -> list[Problem]:
        """Problems from check results (path, message, offending value or None); `index` maps the paths
        of a salvaged scenario back into the file."""
        out = []
        for path, message, got in found:
            path = in_file(path, index) if index else path
            out.append(self.problem(path, message, got, at_key=isinstance(path, AtKey), has_got=got is not None,
                                    severity=severity))
        return out


@dataclass
class Checked:
    """Everything one pass over a file found: the scenario (None when it has errors), its problems,
    errors and warnings together in file order, and a locator for later checks on the same file."""

    scenario: Scenario | None
    problems: list[Problem]
    where: Locator | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def add(self, problems: list[Problem]) -> None:
        self.problems = sorted(self.problems + problems, key=lambda p: (p.line, p.column))
        if any(p.severity == ERROR for p in problems):
            self.scenario = None


def _schema_problems(exc: ValidationError, where: Locator, replaced: set) -> list[Problem]:
    errors = exc.errors(include_url=False)
    places = [Place(e["loc"]) for e in errors]
    # Errors naming union members: when no member accepted even the type, say once what fits.
    groups: dict[tuple, list[int]] = {}
    for index, place in enumerate(places):
        if place.union is not None:
            groups.setdefault(place.union[0], []).append(index)
    merged: dict[int, str] = {}
    skip: set[int] = set()
    for union_path, members in groups.items():
        kinds = {errors[i]["type"] for i in members}
        at_union = all(tuple(places[i].path) == union_path for i in members)
        if at_union and kinds <= set(_TYPE_ERRORS):
            words = [w for m in places[members[0]].union[1] for w in _describe(m)]
            merged[members[0]] = "must be " + _or_list(words)
            skip.update(members[1:])
            places[members[0]].path = list(union_path)
        elif any(errors[i]["type"] not in _TYPE_ERRORS for i in members):
            # Some member took the type and failed on a finer point: that is the one to report.
            skip.update(i for i in members if errors[i]["type"] in _TYPE_ERRORS)
    problems, seen = [], set()
    for index, (error, place) in enumerate(zip(errors, places)):
        if index in skip:
            continue
        kind = error["type"]
        message = merged.get(index) or _message(error, place)
        path, value, has_got = tuple(place.path), error.get("input"), True
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            tag = str((error.get("ctx") or {}).get("discriminator", "type")).strip("'")
            path += (tag,)
            if kind == "union_tag_not_found":
                message, has_got = f"is required: {message[len('must be '):]}", False
            else:
                value = (error.get("ctx") or {}).get("tag")
        elif kind == "value_error":
            path, has_got = _field_named(message, place, where.data), False
        if kind in ("missing", "extra_forbidden", "string_too_long") or isinstance(value, (dict, list)):
            has_got = False
        if any(path[:cut] in replaced for cut in range(len(path) + 1)):
            continue  # the reader already reported this value (an alias, a tag, a huge number)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        problems.append(where.problem(path, message, value, at_key=place.at_key or kind == "extra_forbidden", has_got=has_got))
    return problems


def _check(reading: Reading, shown: str) -> Checked:
    """Schema and sense in one pass: the sense checks and the warnings run on every part whose shape
    is valid, so an author sees every problem at once."""
    data, problems = reading.data, list(reading.problems)
    if data is None and not problems:
        raise ScenarioError([Problem(shown, 1, 1, "", "file is empty; a scenario is a mapping of fields")])
    if not isinstance(data, dict):
        if data is not None or not problems:
            line, column = reading.marks.value.get((), (1, 1))
            problems.append(Problem(shown, line, column, "", "a scenario must be a mapping of fields, not a list or a value"))
        raise ScenarioError(problems)
    where = Locator(shown, data, reading.marks)
    stem = Path(shown).stem if shown.endswith((".yaml", ".yml")) else None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems += _schema_problems(exc, where, reading.replaced)
        partial, unchecked, index = salvage(data)
        problems += where.found(check_sense(partial, unchecked), index=index)
        problems += where.found(check_advice(partial, stem, unchecked), WARNING, index)
        return Checked(None, sorted(problems, key=lambda p: (p.line, p.column)), where)
    problems += where.found(check_sense(scenario))
    problems += where.found(check_advice(scenario, stem), WARNING)
    checked = Checked(scenario, [], where)
    checked.add(problems)
    return checked


def _load(reading: Reading, shown: str) -> Scenario:
    checked = _check(reading, shown)
    if checked.errors:
        raise ScenarioError(checked.errors)
    return checked.scenario


def _capped(error: ScenarioError, shown: str) -> ScenarioError:
    """A file broken everywhere gets its first MAX_PROBLEMS problems and a count of the rest."""
    if len(error.problems) <= MAX_PROBLEMS:
        return error
    rest = len(error.problems) - MAX_PROBLEMS
    last = error.problems[MAX_PROBLEMS - 1]
    more = Problem(shown, last.line, last.column, "", f"... and {rest} more problems; fix these first")
    return ScenarioError(error.problems[:MAX_PROBLEMS] + [more])


def _guarded(shown: str, work):
    """Run one load; a bug in the loader becomes a located problem instead of a traceback."""
    try:
        return work()
    except ScenarioError as exc:
        raise _capped(exc, shown) from None
    except RecursionError:
        raise ScenarioError([Problem(shown, 1, 1, "", "nested too deeply to read")]) from None
    except MemoryError:
        raise ScenarioError([Problem(shown, 1, 1, "", "too large to read")]) from None
    except Exception as exc:  # noqa: BLE001 - the loader's promise: no traceback, ever
        raise ScenarioError(
            [Problem(shown, 1, 1, "", f"the loader failed unexpectedly ({type(exc).__name__}: {exc}); please report this")]
        ) from None


def load_text(text: str, shown: str) -> Scenario:
    """Load and check a scenario from its text; raise ScenarioError listing every problem."""
    return _guarded(shown, lambda: _load(read_yaml(text, shown), shown))


def load_bytes(raw: bytes, shown: str) -> Scenario:
    """Load and check a scenario from a file's bytes (UTF-8, with or without a BOM)."""
    return _guarded(shown, lambda: _load(read_yaml(decode(raw, shown), shown), shown))


def load_scenario(path: str | Path) -> Scenario:
    """Load and check one scenario file; raise ScenarioError listing every error (warnings do not stop it)."""
    shown = str(path)
    return _guarded(shown, lambda: _load(read_yaml(read_text(Path(path), shown), shown), shown))


def check_scenario(path: str | Path) -> Checked:
    """Every error and warning of one scenario file, never raising: what `validate` prints."""
    shown = str(path)
    try:
        return _guarded(shown, lambda: _check(read_yaml(read_text(Path(path), shown), shown), shown))
    except ScenarioError as exc:
        return Checked(None, exc.problems)
