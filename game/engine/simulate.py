"""Many bot games over one scenario: the author's balance check, per cone."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model.cones import ConeName
from ..model.scenario import Scenario
from .bots import play
from .session import Session


@dataclass
class ConeStats:
    games: int = 0
    wins: int = 0
    deals: int = 0
    score: float = 0.0
    turns: float = 0.0
    grades: dict[str, int] = field(default_factory=dict)

    def add(self, session: Session) -> None:
        outcome = session.state.outcome
        self.games += 1
        self.wins += outcome.grade in ("A", "B")
        self.deals += outcome.result == "deal"
        self.score += outcome.score
        self.turns += session.state.turn
        self.grades[outcome.grade] = self.grades.get(outcome.grade, 0) + 1


def simulate(scenario: Scenario, cones: list[ConeName], seeds: int, bot: str,
             progress: Callable[[int, int], None] | None = None,
             keep: Callable[[Session], None] | None = None) -> dict[str, ConeStats]:
    """Play `seeds` games per cone; a win is a grade of A or B. Seeds run 0..seeds-1."""
    stats = {cone: ConeStats() for cone in cones}
    total, done = len(cones) * seeds, 0
    for cone in cones:
        for seed in range(seeds):
            session = Session(scenario, cone, seed)
            play(session, bot, random.Random(seed))
            stats[cone].add(session)
            if keep:
                keep(session)
            done += 1
            if progress:
                progress(done, total)
    return stats
