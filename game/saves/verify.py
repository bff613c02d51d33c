"""Loading that verifies: a save is replayed from its action log on its scenario, cone and seed.

Every action is checked against the rules of its turn (Session.check) before it is applied, and
the replay is compared with the recorded per-turn snapshots, the final state and the header. The
first difference is reported with what and where, such as "turn 7: the record says Norland's
stability is 61, the replay gives 48". Only SaveError leaves this module, whatever the input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import __version__ as GAME_VERSION
from ..engine.wording import counted
from .format import (
    MAX_ACTIONS,
    SCENARIOS_DIR,
    SaveError,
    SaveHeader,
    canonical_scenario_json,
    parse_json,
    pydantic_message,
    read_limited,
    rules_changed_in,
    sha256_text,
    validate_header,
    with_turns_limit,
)
from .migrate import migrate

TOLERANCE = 1e-6


class ScenarioContent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["yaml", "json"]
    text: str
    sha256: str
    source: str | None = None
    turns_limit: int | None = Field(default=None, ge=1, le=60)
    """An assignment's turn limit, applied over the text's deadline (yaml only)."""


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioContent
    actions: list[dict]
    snapshots: list[dict]
    final: dict


@dataclass(frozen=True)
class Step:
    """One action of the log as replayed: where its log entries are in the final state's log."""

    index: int
    turn: int
    action: object
    log_start: int
    log_end: int
    offer: object = None
    """The offer judged: a proposal's own, or the counteroffer an accept_counter took."""


@dataclass
class LoadedSave:
    """A verified save: the replayed session (ready to play on), its header and the notes."""

    path: Path | None
    header: SaveHeader
    session: object
    scenario_text: str
    steps: list[Step]
    notes: list[str] = field(default_factory=list)
    migrated_from: int | None = None

    @property
    def state(self):
        return self.session.state

    @property
    def scenario(self):
        return self.session.scenario


@dataclass(frozen=True)
class Verification:
    """The answer of `verify`: never raises. ok is False with the message when it fails."""

    path: str
    ok: bool
    message: str
    header: SaveHeader | None = None
    notes: tuple[str, ...] = ()
    loaded: LoadedSave | None = None

    def line(self) -> str:
        return f"{self.path}: ok: {self.summary()}" if self.ok else f"{self.path}: FAILED: {self.message}"

    def summary(self) -> str:
        """What a verified save holds, in one line: who, which game, how far, how it ended, and the notes."""
        h = self.header
        out = h.outcome
        where = f"{out.result} {out.score:.0f} ({out.grade})" if out.result else f"{out.phase}, turn {h.turn}"
        notes = "".join(f"; note: {n}" for n in self.notes)
        return (f"{h.player or 'anonymous'}, {h.scenario_id}, {h.cone}, seed {h.seed}, "
                f"{counted(h.turn, 'turn')}, {counted(h.actions, 'action')}, {where}{notes}")


# ------------------------------------------------------------------ reading the document

def _document(raw: bytes, shown: str) -> tuple[dict, SaveHeader, Body]:
    document = migrate(parse_json(raw, shown), shown)
    header = validate_header(document.get("header"), shown)
    try:
        body = Body.model_validate(document.get("body"))
    except ValidationError as exc:
        raise SaveError(f"has a damaged body: {pydantic_message(exc)}", shown) from None
    if len(body.actions) > MAX_ACTIONS:
        raise SaveError(f"has {len(body.actions):,} actions; no session has more than {MAX_ACTIONS:,}", shown)
    return document, header, body


def _scenario_of(content: ScenarioContent, shown: str, override=None):
    if sha256_text(content.text) != content.sha256:
        raise SaveError("the embedded scenario does not match its own sha256: the scenario in the save was edited", shown)
    if override is not None:
        if content.format == "json" and canonical_scenario_json(override) != content.text:
            raise SaveError("the scenario given does not match the one embedded in the save", shown)
        return override
    if content.format == "yaml":
        from ..loading.problems import ScenarioError
        from ..loading.scenario_loader import load_text

        try:
            return with_turns_limit(load_text(content.text, "the embedded scenario"), content.turns_limit)
        except ScenarioError as exc:
            first = exc.problems[0] if exc.problems else exc
            raise SaveError(f"the scenario embedded in the save no longer loads in this version of the game: {first}", shown) from None
    from ..model.scenario import Scenario

    try:
        return Scenario.model_validate_json(content.text)
    except ValidationError as exc:
        raise SaveError(f"the scenario embedded in the save (as JSON) does not validate: {pydantic_message(exc)}", shown) from None


def _current_file_note(content: ScenarioContent, scenario_id: str) -> str | None:
    """A note when the scenario file on disk has changed since the save was written."""
    if content.format != "yaml":
        return None
    candidates = []
    if content.source:
        source = Path(content.source)
        candidates.append(source if source.is_absolute() else SCENARIOS_DIR.parent / source)
    candidates.append(SCENARIOS_DIR / f"{scenario_id}.yaml")
    for path in candidates:
        try:
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if sha256_text(text) != content.sha256:
            return (f"the scenario file {path.name} has changed since this save (sha256 differs); "
                    "the save still opens with the scenario as played")
        return None
    return None


# ------------------------------------------------------------------ comparing

def _num(value) -> str:
    if isinstance(value, float):
        value = round(value, 4)
        return f"{value:g}" if abs(value) < 1e15 else f"{value:.6g}"
    return repr(value) if isinstance(value, str) else str(value)


def _differs(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is not b and a != b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        try:
            x, y = float(a), float(b)
        except OverflowError:  # an integer too large for a float
            return a != b
        if math.isnan(x) or math.isnan(y) or math.isinf(x) or math.isinf(y):
            return not (x == y or (math.isnan(x) and math.isnan(y)))
        return abs(x - y) > TOLERANCE
    return a != b


def first_difference(recorded, replayed, path: str = ""):
    """(path, recorded, replayed) of the first difference between two JSON values, or None."""
    if isinstance(recorded, dict) and isinstance(replayed, dict):
        for key in list(replayed) + [k for k in recorded if k not in replayed]:
            where = f"{path}.{key}" if path else str(key)
            if key not in recorded:
                return where, "(missing)", replayed[key]
            if key not in replayed:
                return where, recorded[key], "(missing)"
            found = first_difference(recorded[key], replayed[key], where)
            if found:
                return found
        return None
    if isinstance(recorded, list) and isinstance(replayed, list):
        for i, (a, b) in enumerate(zip(recorded, replayed)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        if len(recorded) != len(replayed):
            return f"{path} (length)", len(recorded), len(replayed)
        return None
    if type(recorded) is not type(replayed) and not (
            isinstance(recorded, (int, float)) and isinstance(replayed, (int, float))
            and not isinstance(recorded, bool) and not isinstance(replayed, bool)):
        return path, recorded, replayed
    return (path, recorded, replayed) if _differs(recorded, replayed) else None


def _name(scenario, cid: str) -> str:
    try:
        return scenario.country(cid).name
    except Exception:  # noqa: BLE001 - an unknown id is shown as it is
        return cid


def _check_snapshots(recorded: list[dict], replayed: list, scenario) -> str | None:
    for i, snap in enumerate(replayed):
        if i >= len(recorded):
            break
        rec = recorded[i]
        turn = snap.turn
        if not isinstance(rec, dict):
            return f"snapshot {i + 1}: not an object in the record"
        if rec.get("turn") != turn:
            return f"snapshot {i + 1}: the record says turn {_num(rec.get('turn'))}, the replay gives turn {turn}"
        for figure, label in (("relationship", "relationship"), ("stability", "stability")):
            values = rec.get(figure)
            if not isinstance(values, dict):
                return f"turn {turn}: the record has no {label} figures"
            for cid, value in getattr(snap, figure).items():
                if cid not in values:
                    return f"turn {turn}: the record has no {label} for {_name(scenario, cid)}"
                got = values[cid]
                if not isinstance(got, (int, float)) or isinstance(got, bool) or _differs(got, value):
                    return (f"turn {turn}: the record says {_name(scenario, cid)}'s {label} is {_num(got)}, "
                            f"the replay gives {_num(value)}")
            extra = [c for c in values if c not in getattr(snap, figure)]
            if extra:
                return f"turn {turn}: the record has a {label} for {extra[0]!r}, which is not in the scenario"
        for figure, label in (("regional", "the regional stability index"), ("budget", "your budget")):
            got = rec.get(figure)
            if not isinstance(got, (int, float)) or isinstance(got, bool) or _differs(got, getattr(snap, figure)):
                return f"turn {turn}: the record says {label} is {_num(got)}, the replay gives {_num(getattr(snap, figure))}"
    if len(recorded) != len(replayed):
        return (f"the record has snapshots for {counted(len(recorded), 'turn')}, the replay gives {len(replayed)} "
                "(turns were added to or removed from the record)")
    return None


def _describe_action(action, scenario) -> str:
    kind = action.kind.replace("_", " ")
    country = getattr(action, "country", None)
    if action.kind == "propose" and country is None:
        return "propose a draft to the conference"
    return f"{kind} {'to ' if action.kind == 'propose' else ''}{_name(scenario, country)}" if country else kind


def _check_header(header: SaveHeader, session, n_actions: int) -> str | None:
    state = session.state
    pairs = [
        ("scenario", header.scenario_id, session.scenario.id),
        ("cone", header.cone, state.cone),
        ("seed", header.seed, state.seed),
        ("turn", header.turn, state.turn),
        ("number of actions", header.actions, n_actions),
        ("phase", header.outcome.phase, state.phase),
        ("result", header.outcome.result, state.outcome.result if state.outcome else None),
        ("grade", header.outcome.grade, state.outcome.grade if state.outcome else None),
        ("agreed issues", header.outcome.agreed_issues, len(state.agreed)),
    ]
    for label, said, got in pairs:
        if said != got:
            return f"the header says the {label} is {_num(said)}, the replay gives {_num(got)}"
    score = state.outcome.score if state.outcome else None
    if (header.outcome.score is None) != (score is None) or (score is not None and _differs(header.outcome.score, score)):
        return f"the header says the score is {_num(header.outcome.score)}, the replay gives {_num(score)}"
    if header.scenario_title != session.scenario.title:
        return f"the header says the scenario title is {header.scenario_title!r}, the scenario says {session.scenario.title!r}"
    return None


# ------------------------------------------------------------------ the replay

def _replay(header: SaveHeader, body: Body, scenario, shown: str):
    from ..engine.rules import ActionError
    from ..engine.session import ACTION_ADAPTER, Session
    from ..model.cones import CONES

    if header.cone not in CONES:
        raise SaveError(f"names the cone {header.cone!r}, which does not exist (cones: {', '.join(CONES)})", shown)
    if header.scenario_id != scenario.id:
        raise SaveError(f"the header names scenario {header.scenario_id!r} but the embedded scenario is {scenario.id!r}", shown)
    session = Session(scenario, header.cone, header.seed)
    steps = []
    for i, raw in enumerate(body.actions, start=1):
        turn = session.state.turn
        try:
            action = ACTION_ADAPTER.validate_python(raw)
        except ValidationError as exc:
            raise SaveError(f"turn {turn}, action {i}: not a valid action ({pydantic_message(exc, 1)})", shown) from None
        start = len(session.state.log)
        offer = getattr(action, "offer", None)
        if action.kind == "accept_counter" and action.country in session.state.countries:
            offer = session.state.countries[action.country].counter
        try:
            session.apply(action)  # checks the action against the rules of its turn (Session.check) first
        except ActionError as exc:
            raise SaveError(f"turn {turn}, action {i} ({_describe_action(action, scenario)}): illegal on its turn: {exc}", shown) from None
        steps.append(Step(i, turn, action, start, len(session.state.log), offer))
    return session, steps


def load_bytes(raw: bytes, shown: str = "save", *, scenario=None, path: Path | None = None, assignment=None) -> LoadedSave:
    """Verify and load a save from its bytes. Raises SaveError (and nothing else)."""
    try:
        return _load(raw, shown, scenario, path, assignment)
    except SaveError:
        raise
    except RecursionError:
        raise SaveError("is nested too deeply to read", shown) from None
    except MemoryError:
        raise SaveError("is too large to read", shown) from None
    except Exception as exc:  # noqa: BLE001 - the loader's promise: no traceback, ever
        raise SaveError(f"could not be loaded ({type(exc).__name__}: {exc}); please report this", shown) from None


def _load(raw: bytes, shown: str, override, path, assignment=None) -> LoadedSave:
    document, header, body = _document(raw, shown)
    if assignment is not None:
        from .assignment import check_save

        problem = check_save(assignment, header, body.scenario)
        if problem:
            raise SaveError(problem, shown)
        override = assignment.load_scenario()
    scenario = _scenario_of(body.scenario, shown, override)
    hint = ""
    if header.game_version != GAME_VERSION:
        hint = f" (saved by Demarche {header.game_version}, this is {GAME_VERSION}"
        change = rules_changed_in(header.game_version)
        hint += f": the rules changed in {change})" if change else ")"
    try:
        session, steps = _replay(header, body, scenario, shown)
    except SaveError as exc:
        raise SaveError(exc.message + hint, shown) from None
    problem = _check_snapshots(body.snapshots, session.state.history, scenario)
    if problem is None:
        replayed = session.state.model_dump(mode="json", exclude={"history"})
        found = None if body.final == replayed else first_difference(body.final, replayed)
        if found:
            where, said, got = found
            problem = (f"the final state differs at {where}: the record says {_num(said)[:80]}, "
                       f"the replay gives {_num(got)[:80]}")
    if problem is None:
        problem = _check_header(header, session, len(steps))
    if problem:
        raise SaveError(problem + hint, shown)
    notes = []
    migrated = document.get("migrated_from")
    if migrated:
        notes.append(f"migrated from save version {migrated}")
    if override is None:
        changed = _current_file_note(body.scenario, scenario.id)
        if changed:
            notes.append(changed)
    session.scenario_text = body.scenario.text if body.scenario.format == "yaml" else None
    return LoadedSave(path, header, session, body.scenario.text, steps, notes, migrated)


def load(path: str | Path, *, scenario=None, assignment=None) -> LoadedSave:
    """Read, migrate, replay and check a save file; the session it returns can be played on.

    `scenario` replays on that Scenario object instead of the embedded one (for benchmarks and
    tests with scenarios built in memory). `assignment` (game.saves.assignment.Assignment) first
    checks that the save was played on it (the scenario's text, the turn limit, the cone, the seed,
    the rules' version), then replays it on the assignment's scenario, never the embedded one.
    Raises SaveError with what and where.
    """
    path = Path(path)
    shown = str(path)
    return load_bytes(read_limited(path, shown), shown, scenario=scenario, path=path, assignment=assignment)


def verify(path: str | Path, *, scenario=None, assignment=None, shown: str | None = None) -> Verification:
    """Like `load`, but never raises: a Verification with ok, the message and the notes (`shown`: the
    path as the lines show it)."""
    shown = str(path) if shown is None else shown
    try:
        loaded = load(path, scenario=scenario, assignment=assignment)
    except SaveError as exc:
        header = None
        try:
            from .format import read_header

            header = read_header(path)
        except SaveError:
            pass
        return Verification(shown, False, exc.message, header)
    return Verification(shown, True, "ok", loaded.header, tuple(loaded.notes), loaded)
