"""Assignments: the game a teacher sets (a scenario's exact text, a cone, a seed, a turn limit), the
copy students start from, and the teacher's copy that their saves are checked against.

An assignment is one JSON file::

    {"format": "demarche-assignment", "version": 1, "title": "Week 3: The Cod Line",
     "instructions": "...", "cone": "economic", "seed": 12, "turns_limit": null,
     "scenario": {"id": "cod_line", "title": "The Cod Line", "source": "cod_line.yaml",
                  "text": "<the YAML text>", "sha256": "<of the text>"},
     "game_version": "0.3.0", "created": "2026-11-30T09:00:00+00:00"}

`check_save` compares a save with an assignment before it is replayed on the assignment's scenario
(never the one embedded in the save, which anyone can edit and re-hash): it fails, with the reason,
for another scenario text, another cone, seed or turn limit, or another game version's rules.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import __version__ as GAME_VERSION
from ..model.cones import ConeName
from .format import (
    SaveError,
    SaveHeader,
    canonical_scenario_json,
    now_text,
    parse_json,
    pydantic_message,
    read_limited,
    rules_difference,
    scenario_of_text,
    sha256_text,
    with_turns_limit,
)
from .store import atomic_write

FORMAT = "demarche-assignment"
VERSION = 1
MAX_ASSIGNMENT_BYTES = 2 * 1024 * 1024

class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssignedScenario(Strict):
    id: str = Field(max_length=80)
    title: str = Field(max_length=200)
    source: str = Field(max_length=400, description="The file the teacher assigned, for reference only.")
    text: str = Field(max_length=MAX_ASSIGNMENT_BYTES)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Assignment(Strict):
    format: Literal["demarche-assignment"]
    version: Literal[1]
    title: str = Field(min_length=1, max_length=200)
    instructions: str = Field(default="", max_length=4000)
    cone: ConeName
    seed: int = Field(ge=0)
    turns_limit: int | None = Field(default=None, ge=1, le=60)
    scenario: AssignedScenario
    game_version: str = Field(max_length=40)
    created: str = Field(max_length=40)

    def load_scenario(self):
        """The scenario the assignment sets (its text, with the turn limit applied). Raises SaveError."""
        scenario = scenario_of_text(self.scenario.text)
        if scenario is None:
            raise SaveError("the assignment's scenario does not load in this version of the game")
        return with_turns_limit(scenario, self.turns_limit)

    def fingerprint(self) -> str:
        """What a save is checked against, as one hash: the scenario's text, the turn limit, the cone and the seed."""
        return sha256_text(f"{self.scenario.sha256}|{self.turns_limit}|{self.cone}|{self.seed}")

    def describe(self) -> str:
        """One line: the scenario, cone, seed and turns, as the command line and the start screen show it."""
        limit = f", {self.turns_limit} turns" if self.turns_limit else ""
        return f"{self.scenario.title} ({self.scenario.id}), {self.cone.replace('_', ' ')} cone, seed {self.seed}{limit}"


def make(scenario_path: Path, cone: str, seed: int, *, title: str | None = None, instructions: str = "",
         turns_limit: int | None = None) -> Assignment:
    """An assignment of the scenario file (which must load), cone and seed."""
    from ..loading.scenario_loader import load_text

    text = scenario_path.read_text(encoding="utf-8")
    scenario = load_text(text, str(scenario_path))  # raises ScenarioError with the located problems
    return Assignment(
        format=FORMAT, version=VERSION, title=title or scenario.title, instructions=instructions.strip(), cone=cone,
        seed=seed, turns_limit=turns_limit,
        scenario=AssignedScenario(id=scenario.id, title=scenario.title, source=scenario_path.name, text=text,
                                  sha256=sha256_text(text)),
        game_version=GAME_VERSION, created=now_text())


def write(assignment: Assignment, path: Path) -> None:
    """Write the assignment (its `format` key first, so that a folder scan knows it at a glance)."""
    atomic_write(Path(path), (json.dumps(assignment.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def read(path: str | Path) -> Assignment:
    """Read and check an assignment file. Raises SaveError with what is wrong."""
    shown = str(path)
    try:
        data = parse_json(read_limited(Path(path), shown, MAX_ASSIGNMENT_BYTES), shown)
    except SaveError as exc:
        raise SaveError(exc.message.replace("is not a save", "is not a Demarche assignment")
                        .replace("to be a save", "to be an assignment"), shown) from None
    if data.get("format") != FORMAT:
        what = "a Demarche save" if "header" in data else "not a Demarche assignment"
        raise SaveError(f"is {what}: an assignment is made by `python main.py assign`", shown)
    try:
        assignment = Assignment.model_validate(data)
    except ValidationError as exc:
        raise SaveError(f"is a damaged assignment: {pydantic_message(exc)}", shown) from None
    if sha256_text(assignment.scenario.text) != assignment.scenario.sha256:
        raise SaveError("is a damaged assignment: its scenario text does not match its sha256 (it was edited)", shown)
    try:
        assignment.load_scenario()
    except SaveError as exc:
        raise SaveError(exc.message, shown) from None
    return assignment


# ------------------------------------------------------------------ checking a save against it

def check_save(assignment: Assignment, header: SaveHeader, content) -> str | None:
    """Why a save (its header and its body's scenario content) was not played on this assignment, or None.

    Checked in the order a teacher would ask: the rules, the scenario text and turn limit, the cone and
    the seed. The replay on the assignment's scenario comes after, and checks everything else."""
    rules = rules_difference(header.game_version)
    if rules:
        return rules
    problem = _scenario_difference(assignment, content)
    if problem:
        return problem
    if header.cone != assignment.cone:
        return (f"played in the {header.cone.replace('_', ' ')} cone; the assignment sets the "
                f"{assignment.cone.replace('_', ' ')} cone")
    if header.seed != assignment.seed:
        return f"played on seed {header.seed}; the assignment sets seed {assignment.seed}"
    return None


def _scenario_difference(assignment: Assignment, content) -> str | None:
    """Why the save's scenario is not the assignment's (text and turn limit), naming the first line that differs."""
    if content.format == "json":
        if content.text == canonical_scenario_json(assignment.load_scenario()):
            return None
        return "played on another scenario: the save holds a scenario built in memory, not the assignment's text"
    if content.text != assignment.scenario.text:
        ours, theirs = assignment.scenario.text.splitlines(), content.text.splitlines()
        for line, (a, b) in enumerate(zip(ours, theirs), start=1):
            if a != b:
                return (f"played on another scenario text: line {line} reads {b.strip()[:80]!r} where the assignment's "
                        f"reads {a.strip()[:80]!r}")
        if len(ours) != len(theirs):
            return (f"played on another scenario text: it has {len(theirs)} lines, the assignment's {len(ours)}")
        return "played on another scenario text (it differs in spacing or line endings)"
    if content.turns_limit != assignment.turns_limit:
        played = f"a limit of {content.turns_limit} turns" if content.turns_limit else "the scenario's own deadline"
        wanted = f"a limit of {assignment.turns_limit} turns" if assignment.turns_limit else "the scenario's own deadline"
        return f"played with {played}; the assignment sets {wanted}"
    return None
