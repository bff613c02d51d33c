"""Many bot games over one scenario: the author's balance check, per cone."""

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model.cones import ConeName
from ..model.scenario import Scenario
from .bots import play
from .session import Session

Z95 = 1.959964


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (95 % by default): unlike p +- z*sqrt(p(1-p)/n),
    it stays within 0..1 and is not empty at 0 or n successes."""
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class ConeStats:
    games: int = 0
    wins: int = 0
    deals: int = 0
    score: float = 0.0
    best: float = 0.0
    turns: float = 0.0
    objectives: int = 0
    """Objectives met, summed over the games."""
    objectives_total: int = 0
    grades: dict[str, int] = field(default_factory=dict)

    def add(self, session: Session) -> None:
        outcome = session.state.outcome
        self.best = outcome.score if self.games == 0 else max(self.best, outcome.score)
        self.games += 1
        self.wins += outcome.grade in ("A", "B")
        self.deals += outcome.result == "deal"
        self.score += outcome.score
        self.turns += session.state.turn
        self.objectives += len(outcome.objectives_met)
        self.objectives_total += len(session.scenario.player.objectives)
        self.grades[outcome.grade] = self.grades.get(outcome.grade, 0) + 1

    @property
    def win_rate(self) -> float:
        return self.wins / self.games if self.games else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        """The win rate's 95 % Wilson interval."""
        return wilson(self.wins, self.games)

    @property
    def mean_score(self) -> float:
        return self.score / self.games if self.games else 0.0


def simulate(scenario: Scenario, cones: list[ConeName], seeds: int, bot: str,
             progress: Callable[[int, int], None] | None = None,
             keep: Callable[[Session], None] | None = None, first_seed: int = 0,
             game_seed: int | None = None) -> dict[str, ConeStats]:
    """Play `seeds` games per cone; a win is a grade of A or B. The games' seeds run first_seed,
    first_seed + 1, ...; the bot draws its own choices from that number too. With `game_seed` (an
    assignment's) every game is played on that seed and only the bots' seeds run from first_seed."""
    stats = {cone: ConeStats() for cone in cones}
    total, done = len(cones) * seeds, 0
    for cone in cones:
        for bot_seed in range(first_seed, first_seed + seeds):
            session = Session(scenario, cone, bot_seed if game_seed is None else game_seed)
            play(session, bot, random.Random(bot_seed))
            stats[cone].add(session)
            if keep:
                keep(session)
            done += 1
            if progress:
                progress(done, total)
    return stats
