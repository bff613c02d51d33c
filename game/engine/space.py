"""The outcome space of a scenario, index-coded: each issue's positions, and value tables per party.

An outcome is one position index per issue. A party's utility is linear additive: a weight per
issue times a 0..1 value table over that issue's positions, which makes every offer buildable
issue by issue (see strategy.py) without enumerating the whole space.
"""

from dataclasses import dataclass, field

import numpy as np

from ..model.positions import candidate_positions, objective_value, range_value
from ..model.scenario import Country, OptionsIssue, Position, RangeIssue, Scenario


@dataclass(frozen=True)
class Space:
    scenario: Scenario
    issue_ids: tuple[str, ...]
    positions: tuple[tuple[Position, ...], ...]
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, scenario: Scenario) -> "Space":
        return cls(
            scenario,
            tuple(issue.id for issue in scenario.issues),
            tuple(tuple(candidate_positions(issue)) for issue in scenario.issues),
        )

    @property
    def grids(self) -> list[np.ndarray | None]:
        """Each range issue's positions as an array (None for options issues)."""
        return self.remember("grids", lambda: [np.array(p, dtype=float) if not isinstance(p[0], str) else None
                                               for p in self.positions])

    def index(self, issue_id: str, position: Position) -> int:
        """Index of the grid position nearest to `position` (exact for options)."""
        j = self.issue_ids.index(issue_id)
        if isinstance(position, str):
            return self.positions[j].index(position)
        return int(np.argmin(np.abs(self.grids[j] - float(position))))

    def remember(self, key, make):
        """Memoise derived tables (they change only when ideals move or issues settle); bounded."""
        if key not in self._memo:
            if len(self._memo) >= 4096:
                self._memo.clear()
            self._memo[key] = make()
        return self._memo[key]

    def position(self, j: int, k: int) -> Position:
        return self.positions[j][k]

    def encode(self, positions: dict[str, Position]) -> dict[int, int]:
        """Positions as grid indices (memoised: the same draft is encoded for every party that judges it)."""
        items = tuple(positions.items())
        return dict(self.remember(("encode", items),
                                  lambda: {self.issue_ids.index(i): self.index(i, p) for i, p in items}))

    def decode(self, outcome: dict[int, int] | list[int]) -> dict[str, Position]:
        items = outcome.items() if isinstance(outcome, dict) else enumerate(outcome)
        return {self.issue_ids[j]: self.positions[j][k] for j, k in items}


def position_value(issue, ideal: Position, extra: dict[str, float] | None, position: Position) -> float:
    """Value 0..1 of one position for a party whose ideal is `ideal` (the same arithmetic as issue_values)."""
    if isinstance(issue, RangeIssue):
        return range_value(issue, float(ideal), float(position))
    return 1.0 if position == ideal else (extra or {}).get(str(position), 0.0)


def issue_values(issue, ideal: Position, extra: dict[str, float] | None, grid, numbers: np.ndarray | None = None) -> np.ndarray:
    """Value 0..1 of each grid position for a party whose ideal is `ideal` (`numbers`: a range issue's grid
    as an array, if the caller has it: the same arithmetic as range_value, position by position)."""
    if isinstance(issue, RangeIssue):
        ideal = float(ideal)
        reach = max(ideal - issue.min, issue.max - ideal)
        if reach <= 0:
            return np.ones(len(grid))
        at = np.asarray(grid, dtype=float) if numbers is None else numbers
        return np.maximum(0.0, 1.0 - np.abs(at - ideal) / reach)
    extra = extra or {}
    return np.array([1.0 if p == ideal else extra.get(str(p), 0.0) for p in grid])


def country_tables(space: Space, country: Country, ideals: dict[str, Position]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Weights (summing to 1) and value tables of a country, given its current ideals (memoised:
    ideals change only through persuasion and conference moves, tables are read on every decision)."""
    key = (country.id, tuple(sorted(ideals.items())))
    return space.remember(key, lambda: _country_tables(space, country, ideals))


def _country_tables(space: Space, country: Country, ideals: dict[str, Position]) -> tuple[np.ndarray, list[np.ndarray]]:
    weights = np.zeros(len(space.issue_ids))
    tables = []
    for j, issue in enumerate(space.scenario.issues):
        interest = country.interests.get(issue.id)
        if interest is None:
            tables.append(np.zeros(len(space.positions[j])))
            continue
        weights[j] = interest.weight
        tables.append(issue_values(issue, ideals[issue.id], interest.values, space.positions[j]))
    return weights / weights.sum(), tables


def player_tables(space: Space) -> tuple[np.ndarray, list[np.ndarray]]:
    """The player's utility, defined by the objectives (weights normalised to 1; memoised)."""
    return space.remember("player", lambda: _player_tables(space))


def _player_tables(space: Space) -> tuple[np.ndarray, list[np.ndarray]]:
    weights = np.zeros(len(space.issue_ids))
    tables = []
    by_issue = {o.issue: o for o in space.scenario.player.objectives}
    for j, issue in enumerate(space.scenario.issues):
        objective = by_issue.get(issue.id)
        if objective is None:
            tables.append(np.zeros(len(space.positions[j])))
            continue
        weights[j] = objective.weight
        tables.append(np.array([objective_value(issue, objective, p) for p in space.positions[j]]))
    return weights / weights.sum(), tables


def describe(issue, position: Position) -> str:
    """A position as the player reads it: '60 %' or the option's label."""
    if isinstance(issue, OptionsIssue):
        return next((o.label for o in issue.options if o.id == position), str(position))
    unit = issue.unit
    value = f"{round(float(position), 1):g}"
    return f"{value}{unit}" if unit.startswith(" ") or unit in ("%",) else f"{value} {unit}".strip()
