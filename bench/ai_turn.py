"""ai_turn.<largest scenario>.median_ms: one full AI turn of the largest shipped scenario.

A turn here is what the AI does when the player tables a draft and ends the turn: every
country judges the draft (value, reasons, counteroffer, flip hint), then between turns every
country shifts its positions, allies react and the chair computes a compromise at the Nash
point. Session set-up is excluded from the timing.
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


def time_turn(scenario, seed: int) -> float:
    session = Session(scenario, "political", seed)
    draft = chair_draft(session)
    start = time.perf_counter()
    session.apply(Propose(country=None, offer=draft))
    session.apply(EndTurn())
    return time.perf_counter() - start


@register("ai_turn", order=20)
def ai_turn_figures(options: Options):
    if options.variant is not None:
        return
    scenario = largest_scenario()
    runs = options.n or (3 if options.quick else 21)
    times = [time_turn(scenario, seed) for seed in range(runs)]
    yield f"ai_turn.{scenario.id}.median_ms", statistics.median(times) * 1000
    yield f"ai_turn.{scenario.id}.countries", len(scenario.countries)
