"""A strict, safe YAML reader that keeps the line and column of every value.

It builds plain Python data straight from PyYAML's event stream (no constructor runs, so no
object can be created), and refuses what plain ``safe_load`` lets through silently: several
documents, anchors and aliases, explicit tags, duplicate keys, non-string keys, ``yes``/``no``
booleans, sexagesimal numbers, and inputs too large, too deep or with too many nodes. Limits
are checked while reading, so a hostile file is refused before it costs memory or time.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem, ScenarioError

# libyaml's parser streams events about 100x faster; the pure-Python one is the fallback.
_Parser = getattr(yaml, "CBaseLoader", None) or yaml.BaseLoader

MAX_BYTES = 512 * 1024
MAX_DEPTH = 24
MAX_NODES = 50_000

PathKey = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass(frozen=True)
class Marks:
    """Where each value sits: ``key`` is the line/column of a mapping key (or of a list item)."""

    key: dict[PathKey, tuple[int, int]]
    value: dict[PathKey, tuple[int, int]]


def _resolve_plain(text: str):
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def read_text(path: Path, shown: str) -> str:
    """Read a file as UTF-8, refusing huge files before reading them whole."""

    def fail(message, line=1, column=1):
        raise ScenarioError([Problem(shown, line, column, "", message)])

    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        fail("is a folder, not a file")
    except OSError as exc:
        fail(f"cannot be read: {exc.strerror or exc}")
    if len(raw) > MAX_BYTES:
        fail(f"file is larger than {MAX_BYTES // 1024} KiB; a scenario is never that big")
    return decode(raw, shown)


def decode(raw: bytes, shown: str) -> str:
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


class _Builder:
    def __init__(self, shown: str):
        self.shown = shown
        self.marks = Marks({}, {})
        self.nodes = 0

    def fail(self, mark, message):
        line, column = _pos(mark)
        raise ScenarioError([Problem(self.shown, line, column, "", message)])

    def check_node(self, event, depth: int):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(event.start_mark, f"more than {MAX_NODES} values; a scenario is never that big")
        if depth > MAX_DEPTH:
            self.fail(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        if getattr(event, "anchor", None):
            self.fail(event.start_mark, f"anchors (&{event.anchor}) are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = not all(implicit) if isinstance(implicit, tuple) else not implicit
        if tag and tag != "!" and explicit:
            self.fail(event.start_mark, f"tags ({tag}) are not allowed")

    def scalar(self, event):
        if not event.style and event.implicit[0]:
            return _resolve_plain(event.value)
        return event.value

    def build(self, events):
        """Turn the event stream into data; a stack of open collections replaces recursion."""
        root = None
        stack: list[list] = []  # [container, path, pending_key, pending_key_mark]
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.fail(event.start_mark, "only one document is allowed (remove the second '---')")
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.AliasEvent):
                self.fail(event.start_mark, f"aliases (*{event.anchor}) are not allowed; write the value out")
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done = stack.pop()
                if done[2] is not None:  # pragma: no cover - the parser never ends a mapping after a key
                    self.fail(event.start_mark, "a key has no value")
                value = done[0]
                if not stack:
                    root = value
                    continue
                self._attach(stack, value)
                continue
            self.check_node(event, len(stack) + 1)
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent[0], dict) and parent[2] is None:
                # This node is a mapping key.
                if not isinstance(event, yaml.ScalarEvent):
                    self.fail(event.start_mark, "a key must be a plain word, not a list or mapping")
                key = event.value
                if key in parent[0]:
                    line, column = self.marks.key[parent[1] + (key,)]
                    self.fail(event.start_mark, f"duplicate key '{key}' (first at line {line}, column {column})")
                parent[2] = key
                parent[3] = _pos(event.start_mark)
                continue
            path = self._child_path(parent)
            self.marks.value[path] = _pos(event.start_mark)
            self.marks.key[path] = parent[3] if parent is not None and isinstance(parent[0], dict) else _pos(event.start_mark)
            if isinstance(event, yaml.ScalarEvent):
                value = self.scalar(event)
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
            parent[0][parent[2]] = value
            parent[2] = None
        else:
            parent[0].append(value)


def parse(text: str, shown: str):
    """Parse one YAML document into (data, marks); raise ScenarioError on anything off."""
    builder = _Builder(shown)
    parser = None

    def events():
        while parser.check_event():
            yield parser.get_event()

    try:
        parser = _Parser(text)
        data = builder.build(events())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _pos(mark) if mark else (1, 1)
        message = exc.problem or exc.context or "not valid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        raise ScenarioError([Problem(shown, line, column, "", f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        offset = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
        raise ScenarioError([Problem(shown, line, column, "", f"YAML syntax: {reason}")]) from None
    finally:
        if parser is not None:
            parser.dispose()
    return data, builder.marks
