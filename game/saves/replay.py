"""Step through a saved session turn by turn, forward and back: the data for a replay viewer.

`replay_steps(save)` replays the action log once and returns one step per turn: the state at
the end of that turn (a full GameState copy, snapshot included) and the log entries written
during it. Step 0 is the opening: the state before the first action and the entries written
when the session began (the briefing's events). Nothing here draws anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..model.state import GameState, LogEntry, Snapshot
from .verify import LoadedSave, load


class ReplayStep(NamedTuple):
    turn: int
    """0 for the opening, else the turn this step ends."""
    state: GameState
    """The state at the end of the turn (or at the opening for step 0)."""
    log: list[LogEntry]
    """The log entries written during the turn."""

    @property
    def snapshot(self) -> Snapshot:
        return self.state.history[-1]


def replay_steps(save: LoadedSave | str | Path) -> list[ReplayStep]:
    """One ReplayStep per turn of a save (a path, or a LoadedSave from `load`). Raises SaveError."""
    from ..engine.session import Session

    loaded = save if isinstance(save, LoadedSave) else load(save)
    scenario, header = loaded.scenario, loaded.header
    session = Session(scenario, header.cone, header.seed)
    steps = [ReplayStep(0, session.state.model_copy(deep=True), list(session.state.log))]
    logged = len(session.state.log)
    for step in loaded.steps:
        turn = session.state.turn
        session.apply(step.action)
        if session.state.turn != turn or session.over:
            steps.append(ReplayStep(turn, session.state.model_copy(deep=True), list(session.state.log[logged:])))
            logged = len(session.state.log)
    if len(session.state.log) > logged or not session.over and steps[-1].turn != session.state.turn:
        # the turn in progress when the save was written
        steps.append(ReplayStep(session.state.turn, session.state.model_copy(deep=True), list(session.state.log[logged:])))
    return steps
