"""bdm.*: time of one round of the expected-utility conference model (game/engine/bdm.py).

bdm.<largest scenario>.round_us: median time of one `bdm_round` call on one range issue of the
largest shipped scenario (its countries with an interest in the issue: ideal normalised to the
issue's range, capability, interest weight as salience), over 12 successive rounds per issue.
bdm.actors24.round_us: the same for 24 actors, the game's stated ceiling (a turn at the ceiling is
12 issues, 12 calls), on seeded random actors (numpy.random.default_rng(2011)), 12 rounds each.
Medians of single calls: on a shared machine they are steadier than timing a whole turn at once.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from game.engine.bdm import bdm_round
from game.model.scenario import RangeIssue

from . import Options, register
from .ai_turn import largest_scenario

ROUNDS = 12


def scenario_issues(scenario) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    issues = []
    for issue in scenario.issues:
        if not isinstance(issue, RangeIssue):
            continue
        actors = [c for c in scenario.countries if issue.id in c.interests]
        x = np.array([(float(c.interests[issue.id].ideal) - issue.min) / (issue.max - issue.min) for c in actors])
        issues.append((x, np.array([c.capability for c in actors]), np.array([c.interests[issue.id].weight for c in actors])))
    return issues


def timed_rounds(x, c, s, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        x = bdm_round(x, c, s).positions
        times.append(time.perf_counter() - start)
    return times


@register("bdm", order=30)
def bdm_figures(options: Options):
    if options.variant is not None:
        return
    scenario = largest_scenario()
    issues = scenario_issues(scenario)
    repeats = 3 if options.quick else 20
    times = [t for _ in range(repeats) for x, c, s in issues for t in timed_rounds(x, c, s, ROUNDS)]
    yield f"bdm.{scenario.id}.round_us", statistics.median(times) * 1e6
    yield f"bdm.{scenario.id}.actors", max(len(x) for x, _, _ in issues)

    rng = np.random.default_rng(2011)
    issues = [(rng.random(24), rng.random(24), rng.random(24)) for _ in range(12 * repeats)]
    times = [t for x, c, s in issues for t in timed_rounds(x, c, s, ROUNDS)]
    yield "bdm.actors24.round_us", statistics.median(times) * 1e6
