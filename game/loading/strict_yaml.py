"""A strict, safe YAML reader that keeps the line and column of every value.

It builds plain Python data straight from PyYAML's event stream (no constructor runs, so no
object can be created), and refuses what plain ``safe_load`` lets through silently: several
documents, anchors and aliases, explicit tags, duplicate keys, non-string keys, ``yes``/``no``
booleans, sexagesimal numbers, and inputs too large, too deep or with too many nodes. Limits
are checked while reading, so a hostile file is refused before it costs memory or time.
"""

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..files import not_a_file
from .problems import Problem, ScenarioError, show_value

# libyaml's parser streams events about 100x faster; the pure-Python one is the fallback.
_Parser = getattr(yaml, "CBaseLoader", None) or yaml.BaseLoader

MAX_BYTES = 512 * 1024
MAX_DEPTH = 24
MAX_NODES = 50_000
MAX_READER_PROBLEMS = 100

PathKey = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?\Z")
_OCTAL_LIKE = re.compile(r"[-+]?0[0-9]+\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass(frozen=True)
class Marks:
    """Where each value sits: ``key`` is the line/column of a mapping key (or of a list item)."""

    key: dict[PathKey, tuple[int, int]]
    value: dict[PathKey, tuple[int, int]]
    written: dict[PathKey, str] = field(default_factory=dict)
    """Numbers as the file writes them (`10.0`, `1e3`), so that messages echo them as written."""


@dataclass
class Reading:
    """What a lenient read found: the data, where it sits, the problems that did not stop the
    reading, and the paths whose value was replaced (an alias, a tagged or oversized value), so
    that later passes do not report those places twice."""

    data: object
    marks: Marks
    problems: list[Problem] = field(default_factory=list)
    replaced: set[PathKey] = field(default_factory=set)


MAX_DIGITS = 100
"""Longer numbers are refused: no scenario needs them, and int() refuses over 4300 digits."""


class _NumberTooLarge(ValueError):
    pass


def _resolve_plain(text: str):
    """YAML 1.2 core schema, narrowed: only true/false are booleans, so `no` and `12:30` stay text."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _OCTAL_LIKE.match(text):
        return text  # 012: octal 10 in YAML 1.1, 12 in YAML 1.2; neither guess is safe
    is_int, is_float = _INT.match(text), _FLOAT.match(text)
    if (is_int or is_float) and len(text) > MAX_DIGITS:
        raise _NumberTooLarge(text)
    if is_int:
        return int(text)
    if is_float:
        value = float(text)
        if math.isinf(value):
            raise _NumberTooLarge(text)
        return value
    return text


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def read_text(path: Path, shown: str) -> str:
    """Read a file as UTF-8, refusing huge files before reading them whole."""

    def fail(message, line=1, column=1):
        raise ScenarioError([Problem(shown, line, column, "", message)])

    problem = not_a_file(path)
    if problem:  # checked before opening: a FIFO would wait for a writer
        fail(problem)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        fail(f"cannot be read: {exc.strerror or exc}")
    if len(raw) > MAX_BYTES:
        fail(f"file is larger than {MAX_BYTES // 1024} KiB; a scenario is never that big")
    return decode(raw, shown)


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 bytes (a BOM is skipped) to text; a wrong encoding points at the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise _too_large(shown)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ScenarioError(
            [Problem(shown, line, column, "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]
        ) from None


_PASSED = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class _Duplicate(str):
    """The key of a repeated entry: its value is read (for its own problems) but thrown away."""


class _Fatal(Exception):
    pass


class _Builder:
    def __init__(self, shown: str):
        self.shown = shown
        self.marks = Marks({}, {})
        self.nodes = 0
        self.problems: list[Problem] = []
        self.replaced: set[PathKey] = set()

    def note(self, mark, message):
        """A problem that does not stop the reading: every one of them is reported."""
        line, column = _pos(mark)
        self.problems.append(Problem(self.shown, line, column, "", message))
        if len(self.problems) > MAX_READER_PROBLEMS:
            self.problems.append(Problem(self.shown, line, column, "", "too many problems; stopped reading here"))
            raise _Fatal

    def fail(self, mark, message):
        """A problem after which nothing more can be read safely."""
        self.note(mark, message)
        raise _Fatal

    def check_node(self, event, depth: int, path: PathKey | None):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(event.start_mark, f"more than {MAX_NODES} values; a scenario is never that big")
        if depth > MAX_DEPTH:
            self.fail(event.start_mark, f"nested more than {MAX_DEPTH} levels deep; a scenario is never that deep")
        if type(event) is yaml.AliasEvent:
            return  # reported where it is built
        if event.anchor:
            self.note(event.start_mark, f"anchors (&{event.anchor}) are not allowed; write the value out")
        tag, implicit = event.tag, event.implicit
        if not tag:
            return
        explicit = not all(implicit) if isinstance(implicit, tuple) else not implicit
        if tag and tag != "!" and explicit:
            tag = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
            if path is None:
                self.fail(event.start_mark, f"tags ({tag}) are not allowed")
            self.note(event.start_mark, f"tags ({tag}) are not allowed; write the plain value")
            self.replaced.add(path)

    def scalar(self, event, path: PathKey):
        if not event.style and event.implicit[0]:
            try:
                value = _resolve_plain(event.value)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    self.marks.written[path] = event.value
                return value
            except _NumberTooLarge:
                self.note(event.start_mark, f"number too large (got {show_value(event.value, 40)})")
                self.replaced.add(path)
                return None
        return event.value

    def build(self, events):
        """Turn the event stream into data; a stack of open collections replaces recursion."""
        root = None
        stack: list[list] = []  # [container, path, pending_key, pending_key_mark]
        documents = 0
        for event in events:
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.fail(event.start_mark, "only one document is allowed (remove the second '---')")
                continue
            if kind in _PASSED:
                continue
            if kind in _ENDS:
                done = stack.pop()
                value = done[0]
                if not stack:
                    root = value
                    continue
                self._attach(stack, value)
                continue
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent[0], dict) and parent[2] is None:
                # This node is a mapping key.
                self.check_node(event, len(stack) + 1, None)
                if isinstance(event, yaml.AliasEvent):
                    self.fail(event.start_mark, f"aliases (*{event.anchor}) are not allowed; write the key out")
                if not isinstance(event, yaml.ScalarEvent):
                    self.fail(event.start_mark, "a key must be a plain word, not a list or mapping")
                key = event.value
                if key in parent[0]:
                    line, column = self.marks.key[parent[1] + (key,)]
                    self.note(event.start_mark, f"duplicate key '{key}' (first at line {line}, column {column})")
                    key = _Duplicate(key)
                parent[2] = key
                parent[3] = _pos(event.start_mark)
                continue
            path = self._child_path(parent)
            self.check_node(event, len(stack) + 1, path)
            self.marks.value[path] = _pos(event.start_mark)
            self.marks.key[path] = parent[3] if parent is not None and isinstance(parent[0], dict) else _pos(event.start_mark)
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                if isinstance(event, yaml.AliasEvent):
                    self.note(event.start_mark, f"aliases (*{event.anchor}) are not allowed; write the value out")
                    self.replaced.add(path)
                    value = None
                elif path in self.replaced:  # tagged: keep the text, the tag's problem is reported
                    value = event.value
                else:
                    value = self.scalar(event, path)
                if parent is None:
                    root = value
                else:
                    self._attach(stack, value)
            else:
                container = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append([container, path, None, None])
        return root

    @staticmethod
    def _child_path(parent) -> PathKey:
        if parent is None:
            return ()
        container, path, key, _ = parent
        return path + ((key,) if isinstance(container, dict) else (len(container),))

    @staticmethod
    def _attach(stack, value):
        parent = stack[-1]
        if isinstance(parent[0], dict):
            if not isinstance(parent[2], _Duplicate):
                parent[0][parent[2]] = value
            parent[2] = None
        else:
            parent[0].append(value)


def _syntax_problem(exc: yaml.YAMLError, text: str, encoded: bytes, shown: str) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, column = _pos(mark) if mark else (1, 1)
        message = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
    else:  # reader errors: control characters and the like
        offset = max(0, getattr(exc, "position", 0) or 0)
        if _Parser is not yaml.BaseLoader:  # libyaml counts bytes of UTF-8, the Python reader characters
            before = encoded[:offset].decode("utf-8", "replace")
        else:
            before = text[:offset]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        message = getattr(exc, "reason", None) or str(exc).splitlines()[0]
    return Problem(shown, line, column, "", f"YAML syntax: {message}")


def _too_large(shown: str) -> ScenarioError:
    return ScenarioError([Problem(shown, 1, 1, "", f"file is larger than {MAX_BYTES // 1024} KiB; a scenario is never that big")])


def read_yaml(text: str, shown: str) -> Reading:
    """Read one YAML document leniently: problems that leave the rest readable (duplicate keys,
    anchors, aliases, tags, oversized numbers) are collected in the Reading; problems after which
    nothing can be read (syntax, limits, a second document) raise ScenarioError with all so far."""
    if len(text) > MAX_BYTES:
        raise _too_large(shown)
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        before = text[: exc.start]
        line, column = before.count("\n") + 1, exc.start - (before.rfind("\n") + 1) + 1
        raise ScenarioError([Problem(shown, line, column, "", "not valid text (a lone surrogate character)")]) from None
    if len(encoded) > MAX_BYTES:
        raise _too_large(shown)
    builder = _Builder(shown)
    parser = None

    def events():
        while (event := parser.get_event()) is not None:
            yield event

    try:
        parser = _Parser(text)
        data = builder.build(events())
    except _Fatal:
        raise ScenarioError(builder.problems) from None
    except yaml.YAMLError as exc:
        if _too_deep_for_parser(exc):
            raise _depth_error(exc, text, shown) from None
        raise ScenarioError(builder.problems + [_syntax_problem(exc, text, encoded, shown)]) from None
    finally:
        if parser is not None:
            parser.dispose()
    return Reading(data, builder.marks, builder.problems, builder.replaced)


def _too_deep_for_parser(exc: yaml.YAMLError) -> bool:
    """libyaml (PyYAML >= 6.0.2) has its own nesting limit, met while it scans ahead: before it
    has handed over the events in which the reader would have seen MAX_DEPTH exceeded."""
    return isinstance(exc, yaml.MarkedYAMLError) and "nesting depth" in (exc.problem or "")


def _depth_error(exc: yaml.MarkedYAMLError, text: str, shown: str) -> ScenarioError:
    """The reader's own located message for a file nested deeper than libyaml allows: the text up
    to libyaml's stop is read again, and the place where it passes MAX_DEPTH is reported."""
    mark = exc.problem_mark
    lines = text.split("\n", mark.line)
    prefix = "\n".join(lines[: mark.line] + [lines[mark.line][: mark.column]]) if mark.line < len(lines) else text
    builder, parser = _Builder(shown), _Parser(prefix)
    try:
        builder.build(iter(parser.get_event, None))
    except (_Fatal, yaml.YAMLError):
        depth = [p for p in builder.problems if "levels deep" in p.message]
        if depth:
            return ScenarioError(depth[:1])
    finally:
        parser.dispose()
    line, column = _pos(mark)
    return ScenarioError([Problem(shown, line, column, "", f"nested more than {MAX_DEPTH} levels deep; a scenario is never that deep")])


def parse(text: str, shown: str):
    """Parse one YAML document into (data, marks); raise ScenarioError on anything off."""
    reading = read_yaml(text, shown)
    if reading.problems:
        raise ScenarioError(reading.problems)
    return reading.data, reading.marks
