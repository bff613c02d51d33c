"""The save file: JSON, a one-line header that can be read on its own, then the body.

A save written by this version (SAVE_VERSION 3) looks like this::

    {"header": {"save_version": 3, "game_version": "0.3.0", "created": "...", "player": "Ana", ...},
    "body": {"scenario": {...}, "actions": [...], "snapshots": [...], "final": {...}}}

The first line holds the whole header (json.dumps escapes every newline), so a load screen reads
a few kilobytes per file instead of parsing the body. The body holds the scenario content exactly
as played (the YAML text), its sha256 and, when an assignment set one, the turn limit it was played
with; the action log, the per-turn snapshots for the charts and the final state. There is no
pickle: only JSON goes in and out. (Version 3 added the turn limit; a version 2 save reads as one
without.)

`created` is the only place where a clock is read, and it is never read by the rules.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from .. import __version__ as GAME_VERSION
from ..files import not_a_file
from ..model.actions import Action
from ..model.common import Id, Name, visible_name
from ..model.cones import ConeName
from ..model.state import Snapshot

SAVE_VERSION = 3
"""The save version this game writes; migrate.py lifts older ones to it."""
OLDEST_VERSION = 1
MAX_SAVE_BYTES = 16 * 1024 * 1024
"""Files larger than this are refused before anything is parsed."""
MAX_HEADER_BYTES = 64 * 1024
MAX_ACTIONS = 50_000
HEADER_PREFIX = b'{"header": '
SCENARIOS_DIR = Path(__file__).resolve().parent.parent.parent / "scenarios"


RULES_CHANGED = ("0.2.0", "0.3.0")
"""The game versions whose rules differ from the version before: a save made under other rules cannot be
replayed by this game (its offers would meet other answers)."""


def version_key(version: str) -> tuple:
    """'0.2.10' -> (0, 2, 10); parts that are not numbers sort first."""
    return tuple(int(part) if part.isdigit() else -1 for part in str(version).split("."))


def rules_of(version: str) -> str | None:
    """The version whose rules a game version plays by: the last change at or before it (None: older)."""
    changes = [v for v in RULES_CHANGED if version_key(v) <= version_key(version)]
    return changes[-1] if changes else None


def rules_changed_in(saved_by: str, this: str = GAME_VERSION) -> str | None:
    """The version in which the rules changed between Demarche `saved_by` and `this`, or None if they did not."""
    if rules_of(saved_by) == rules_of(this):
        return None
    older, newer = sorted((saved_by, this), key=version_key)
    return next(v for v in RULES_CHANGED if version_key(older) < version_key(v) <= version_key(newer))


def rules_difference(saved_by: str, this: str = GAME_VERSION) -> str | None:
    """Why a save written by Demarche `saved_by` is under other rules than `this` version's, or None."""
    change = rules_changed_in(saved_by, this)
    if change is None:
        return None
    return f"made with Demarche {saved_by}, under other rules than this game's ({this}; the rules changed in {change})"


class SaveError(Exception):
    """The one error that leaves the saves package: a message that says what and where."""

    def __init__(self, message: str, path: str | Path | None = None):
        self.message = message
        self.path = None if path is None else str(path)
        super().__init__(f"{self.path}: {message}" if self.path else message)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


GRADES = ("A", "B", "C", "D", "F")


class OutcomeSoFar(Strict):
    phase: Literal["negotiating", "implementation", "over"]
    result: Literal["deal", "partial", "no_deal"] | None = None
    score: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    grade: Literal[GRADES] | None = None
    agreed_issues: int = Field(default=0, ge=0, le=1000)

    @model_validator(mode="after")
    def _finished_or_not(self):
        over = self.phase == "over"
        given = {"result": self.result, "score": self.score, "grade": self.grade}
        missing = [k for k, v in given.items() if v is None]
        if over and missing:
            raise ValueError(f"the game is over but its {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
        if not over and len(missing) < 3:
            raise ValueError(f"the game is still in play ({self.phase}) but the header gives its "
                             + " and ".join(k for k in given if k not in missing))
        return self


def _iso_time(text: str) -> str:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("must be a time written as ISO 8601, such as 2026-01-31T12:00:00+00:00") from None
    return text


class SaveHeader(Strict):
    """What a load screen or a class list needs, readable without the body. Every field is checked
    (types, ranges, a finished game's outcome), so whatever a header holds, a reader that got a
    SaveHeader can show it."""

    save_version: int = Field(ge=OLDEST_VERSION, le=SAVE_VERSION)
    game_version: Annotated[str, AfterValidator(visible_name)] = Field(max_length=40)
    created: Annotated[str, AfterValidator(_iso_time)] = Field(max_length=40, description="ISO 8601 time the save was written (UTC).")
    player: Annotated[str, AfterValidator(visible_name)] = Field(max_length=200, description="Shown without invisible characters.")
    scenario_id: Id
    scenario_title: Name
    cone: ConeName
    seed: int = Field(ge=-(2**63), lt=2**63)
    turn: int = Field(ge=0, le=10_000)
    actions: int = Field(ge=0, le=MAX_ACTIONS)
    outcome: OutcomeSoFar


def now_text() -> str:
    """The save's creation time: the only clock read in saves, never read by the rules."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ where the scenario text comes from

_SOURCE_CACHE: dict[tuple[str, int, int], tuple[object, str]] = {}


def _read_scenario_file(path: Path):
    """(Scenario, text) of a file, cached by path, size and mtime; None if it does not load."""
    from ..loading.problems import ScenarioError
    from ..loading.scenario_loader import load_text

    try:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in _SOURCE_CACHE:
            text = path.read_text(encoding="utf-8")
            _SOURCE_CACHE[key] = (load_text(text, str(path)), text)
        return _SOURCE_CACHE[key]
    except (OSError, UnicodeDecodeError, ScenarioError):
        return None


def with_turns_limit(scenario, turns: int | None):
    """The scenario with the player's deadline set to `turns` (an assignment's turn limit), or as it is."""
    if turns is None or turns == scenario.player.deadline:
        return scenario
    return scenario.model_copy(update={"player": scenario.player.model_copy(update={"deadline": turns})})


_TEXT_CACHE: dict[str, object] = {}


def scenario_of_text(text: str):
    """The Scenario a YAML text loads to (cached by its sha256), or None if it does not load."""
    from ..loading.problems import ScenarioError
    from ..loading.scenario_loader import load_text

    key = sha256_text(text)
    if key not in _TEXT_CACHE:
        try:
            _TEXT_CACHE[key] = load_text(text, "the scenario")
        except ScenarioError:
            _TEXT_CACHE[key] = None
    return _TEXT_CACHE[key]


def scenario_content(session) -> dict:
    """The scenario as played, for the body: its YAML text (and the turn limit it was played with, if
    any) when it can be found, else its JSON.

    The text is taken from `session.scenario_text` (an assignment's, or one the client opened) when it
    loads to this scenario, give or take the deadline; else from a shipped scenario file whose content
    loads to exactly this scenario. A scenario built in memory (a test's, or one changed with
    model_copy) is stored as canonical JSON instead.
    """
    scenario = session.scenario
    text = getattr(session, "scenario_text", None)
    source = getattr(session, "scenario_path", None)
    if isinstance(text, str):
        written = scenario_of_text(text)
        if written is not None and with_turns_limit(written, scenario.player.deadline) == scenario:
            content = {"format": "yaml", "text": text, "sha256": sha256_text(text),
                       "source": None if source is None else str(source)}
            if written.player.deadline != scenario.player.deadline:
                content["turns_limit"] = scenario.player.deadline
            return content
    candidates = [SCENARIOS_DIR / f"{scenario.id}.yaml"]
    if source is not None:
        candidates.insert(0, Path(source))
    for path in candidates:
        found = _read_scenario_file(path) if path.is_file() else None
        if found is not None and found[0] == scenario:
            return {"format": "yaml", "text": found[1], "sha256": sha256_text(found[1]),
                    "source": _shown_source(path)}
    text = canonical_scenario_json(scenario)
    return {"format": "json", "text": text, "sha256": sha256_text(text), "source": None}


def canonical_scenario_json(scenario) -> str:
    """The scenario as JSON, keys in the model's order (dict order matters to the rules: never sort)."""
    return json.dumps(scenario.model_dump(mode="json"), separators=(",", ":"), ensure_ascii=False)


def _shown_source(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(SCENARIOS_DIR.parent))
    except ValueError:
        return str(path)


# ------------------------------------------------------------------ writing

def header_of(session, player: str, created: str) -> SaveHeader:
    state = session.state
    out = state.outcome
    return SaveHeader(
        save_version=SAVE_VERSION, game_version=GAME_VERSION, created=created, player=visible_name(player)[:200],
        scenario_id=session.scenario.id, scenario_title=session.scenario.title, cone=session.cone,
        seed=state.seed, turn=state.turn, actions=len(session.actions),
        outcome=OutcomeSoFar(phase=state.phase, result=out.result if out else None,
                             score=out.score if out else None, grade=out.grade if out else None,
                             agreed_issues=len(state.agreed)),
    )


_ACTIONS = TypeAdapter(list[Action])
_SNAPSHOTS = TypeAdapter(list[Snapshot])


def encode(session, player: str = "", created: str | None = None) -> bytes:
    """The bytes of a save of `session` (header line, then body)."""
    header = header_of(session, player, created or now_text())
    state = session.state
    head = json.dumps(header.model_dump(mode="json"), ensure_ascii=False)
    # the body is serialised by pydantic's JSON encoder (several times faster than json.dumps)
    return b"".join((
        HEADER_PREFIX, head.encode("utf-8"), b',\n"body": {"scenario":',
        json.dumps(scenario_content(session), ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        b',"actions":', _ACTIONS.dump_json(session.actions),
        b',"snapshots":', _SNAPSHOTS.dump_json(state.history),
        b',"final":', state.__pydantic_serializer__.to_json(state, exclude={"history"}),
        b"}}\n",
    ))


# ------------------------------------------------------------------ reading

def _refuse_non_file(path: Path, shown: str) -> None:
    """A folder, FIFO or device is refused before it is opened (a FIFO would wait for a writer)."""
    problem = not_a_file(path)
    if problem == "does not exist":
        raise SaveError("no such save file", shown)
    if problem:
        raise SaveError(problem.replace("not a file", "not a save file"), shown)


def read_limited(path: Path, shown: str, limit: int = MAX_SAVE_BYTES) -> bytes:
    """The file's bytes, refused above `limit` before anything is parsed."""
    _refuse_non_file(path, shown)
    try:
        size = path.stat().st_size
        if size > limit:
            raise SaveError(f"too large to be a save ({size:,} bytes; the limit is {limit:,})", shown)
        with open(path, "rb") as f:
            raw = f.read(limit + 1)
    except FileNotFoundError:
        raise SaveError("no such save file", shown) from None
    except PermissionError:
        raise SaveError("cannot be read (permission denied)", shown) from None
    except OSError as exc:
        raise SaveError(f"cannot be read ({exc.strerror or exc})", shown) from None
    if len(raw) > limit:
        raise SaveError(f"too large to be a save (more than {limit:,} bytes)", shown)
    return raw


def parse_json(raw: bytes, shown: str) -> dict:
    """Bytes -> the top-level object, with a message for every way it can fail."""
    if not raw.strip():
        raise SaveError("is empty (the save was never written, or was cut off at the start)", shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SaveError(f"is not a save: not UTF-8 text (byte {exc.start})", shown) from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise SaveError("is not a save: nested too deeply", shown) from None
    except json.JSONDecodeError as exc:
        body = text.rstrip()
        save_like = body.startswith(('{"header"', '{"format"'))
        if exc.pos >= len(body) - 1 or (save_like and not body.endswith("}")):
            raise SaveError(f"is truncated: it stops after {len(raw):,} bytes in the middle of the JSON "
                            "(the file was cut off)", shown) from None
        raise SaveError(f"is not a save: invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})", shown) from None
    except ValueError:  # json's other refusal: an integer of more digits than Python converts
        raise SaveError("is not a save: it holds a number too long to read", shown) from None
    if not isinstance(data, dict):
        raise SaveError(f"is not a save: the file holds a JSON {type(data).__name__}, not an object", shown)
    return data


def validate_header(data, shown: str) -> SaveHeader:
    if not isinstance(data, dict):
        raise SaveError("is not a save: the header is not an object", shown)
    try:
        return SaveHeader.model_validate(data)
    except ValidationError as exc:
        raise SaveError(f"has a damaged header: {pydantic_message(exc)}", shown) from None


_PLAIN = (("Value error, ", ""), ("Field required", "missing"), ("Extra inputs are not permitted", "unknown field"),
          ("Input should be", "must be"), ("String should have", "must have"))


def _plain(message: str) -> str:
    """pydantic's wording in a reader's: 'must be a valid integer', 'missing', 'unknown field'."""
    for theirs, ours in _PLAIN:
        message = message.replace(theirs, ours)
    return re.sub(r" or instance of \w+", "", message)


def pydantic_message(exc: ValidationError, limit: int = 3) -> str:
    parts = []
    for err in exc.errors()[:limit]:
        where = ".".join(str(p) for p in err["loc"]) or "(top)"
        parts.append(f"{where}: {_plain(err['msg'])}")
    more = len(exc.errors()) - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def read_header(path: str | Path) -> SaveHeader:
    """The header alone: the first line when it is in the current layout, else the whole file
    (older versions) through migration. Raises SaveError."""
    path = Path(path)
    shown = str(path)
    _refuse_non_file(path, shown)
    try:
        with open(path, "rb") as f:
            first = f.readline(MAX_HEADER_BYTES)
    except FileNotFoundError:
        raise SaveError("no such save file", shown) from None
    except OSError as exc:
        raise SaveError(f"cannot be read ({exc.strerror or exc})", shown) from None
    if first.startswith(HEADER_PREFIX) and first.rstrip().endswith(b","):
        try:
            data = json.loads(first[len(HEADER_PREFIX):].rstrip()[:-1].decode("utf-8"))
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict) and data.get("save_version") == SAVE_VERSION:
            return validate_header(data, shown)
    from .migrate import migrate

    document = migrate(parse_json(read_limited(path, shown), shown), shown)
    return validate_header(document.get("header"), shown)
