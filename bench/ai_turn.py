"""ai_turn.<largest scenario>.median_ms: one full AI turn of the largest shipped scenario.

A turn here is what the AI does when the player tables a draft and ends the turn: every
country judges the draft (value, reasons, its patience, the smallest change that would win its
vote), then between turns every country shifts its positions, friends strike side deals, the
chair computes a compromise at the Nash point (an exhaustive search of every open issue's
positions), and every country settles the turn (reciprocity, patience). Session set-up is
excluded from the timing. `median_cpu_ms` is the same turn's processor time, steadier than the
wall time on a shared machine.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from game.engine.compromise import chair_draft
from game.engine.session import Session
from game.loading.scenario_loader import load_scenario
from game.model.actions import EndTurn, Propose

from . import Options, register

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def largest_scenario():
    scenarios = [load_scenario(p) for p in sorted(SCENARIOS.glob("*.yaml"))]
    return max(scenarios, key=lambda s: (len(s.countries), s.id))


def time_turn(scenario, seed: int) -> tuple[float, float]:
    """(wall, processor) seconds of one turn."""
    session = Session(scenario, "political", seed)
    draft = chair_draft(session)
    start, start_cpu = time.perf_counter(), time.process_time()
    session.apply(Propose(country=None, offer=draft))
    session.apply(EndTurn())
    return time.perf_counter() - start, time.process_time() - start_cpu


@register("ai_turn", order=20)
def ai_turn_figures(options: Options):
    if options.variant is not None:
        return
    scenario = largest_scenario()
    runs = options.n or (3 if options.quick else 21)
    times = [time_turn(scenario, seed) for seed in range(runs)]
    yield f"ai_turn.{scenario.id}.median_ms", statistics.median(wall for wall, _ in times) * 1000
    yield f"ai_turn.{scenario.id}.median_cpu_ms", statistics.median(cpu for _, cpu in times) * 1000
    yield f"ai_turn.{scenario.id}.countries", len(scenario.countries)
