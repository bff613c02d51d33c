"""Soak: many random legal actions over every scenario and cone, with no exception and every
score in range. The CI run takes a few thousand actions; `pytest -m fuzz` runs >= 100 000."""

import math
import os
import random
import time
from functools import cache
from pathlib import Path

import pytest

from game.engine.bots import random_action
from game.engine.session import Session
from game.loading.scenario_loader import load_scenario
from game.model.cones import CONES

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_IDS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))


@cache
def scenario(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


def soak(name: str, cone: str, actions: int, seed: int) -> tuple[int, int]:
    """Play `actions` random legal actions, starting a new game whenever one ends.
    Returns (actions taken, games finished)."""
    rng = random.Random(seed)
    sc = scenario(name)
    session, games, game_seed = Session(sc, cone, seed), 0, seed
    for _ in range(actions):
        if session.over:
            assert session.state.outcome is not None and 0 <= session.state.outcome.score <= 100
            games += 1
            game_seed += 1
            session = Session(sc, cone, game_seed)
        action = random_action(session, rng)
        session.apply(action)
        state = session.state
        assert state.budget >= 0 and math.isfinite(state.budget)
        for cs in state.countries.values():
            assert -100 <= cs.relationship <= 100 and 0 <= cs.stability <= 100 and 0 <= cs.support <= 100
    return actions, games


CI_ACTIONS = {"sanctions_coalition": 60, "climate_accord": 120}
"""Per cone; the 13-party conference is the slowest to decide, so it gets fewer."""


@pytest.mark.parametrize("name", SCENARIO_IDS)
def test_soak_every_scenario_and_cone(name):
    total = 0
    for i, cone in enumerate(CONES):
        taken, _ = soak(name, cone, CI_ACTIONS.get(name, 250), seed=1000 + i)
        total += taken
    assert total >= 5 * 60


FUZZ_ACTIONS = int(os.environ.get("DEMARCHE_FUZZ_ACTIONS", "100000"))


@pytest.mark.fuzz
def test_fuzz_hundred_thousand_actions():
    per = FUZZ_ACTIONS // (len(SCENARIO_IDS) * len(CONES)) + 1
    start, total, games = time.perf_counter(), 0, 0
    for name in SCENARIO_IDS:
        for i, cone in enumerate(CONES):
            taken, finished = soak(name, cone, per, seed=50_000 + i)
            total += taken
            games += finished
    elapsed = time.perf_counter() - start
    print(f"fuzz: {total} actions, {games} games finished, {elapsed:.0f} s")
    assert total >= FUZZ_ACTIONS
