"""save.write_200_turns_ms and save.load_verify_200_turns_ms: a save of a 200-turn session.

The session plays The Cod Line with its deadline raised to 200 turns (model_copy: the shipped
file allows at most 60). Each turn the player makes Norland a new offer it refuses (its ideal with the
quota and the closed season nudged by a quarter: a new offer keeps a country at the table; a decision
with its reasons, a counteroffer and a flip hint in the log) and ends the turn, so the save holds 400
actions, 201 snapshots and a log of the same length as a long real game.

- write: encode the save and write it atomically (temporary file, fsync, rename, fsync of the
  folder), median of several runs.
- load_verify: read, parse, replay all 400 actions checking each against the rules of its turn,
  and compare 201 snapshots and the final state. The scenario object is passed in (its embedded
  JSON form has a deadline above the schema's limit); loading a shipped YAML scenario adds its
  parse time, a few milliseconds.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from game.engine.session import Session
from game.loading.scenario_loader import load_scenario
from game.model.actions import EndTurn, Offer, Propose
from game.saves import load, save_as

from . import Options, register

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
TURNS = 200


def long_session(turns: int = TURNS) -> Session:
    base = load_scenario(SCENARIOS / "cod_line.yaml")
    scenario = base.model_copy(update={"player": base.player.model_copy(update={"deadline": turns})})
    session = Session(scenario, "political", 1)
    country = scenario.countries[0].id
    goals = {o.issue: o.ideal for o in scenario.player.objectives}
    while not session.over:
        turn = session.state.turn
        offer = Offer(positions={**goals, "quota_share": 40 + (turn % 10) / 4, "closed_season": 12 - (turn // 10 % 20) / 4})
        if session.state.phase == "negotiating" and session.check(Propose(country=country, offer=offer)) is None:
            session.apply(Propose(country=country, offer=offer))
        session.apply(EndTurn())
    return session


def _median_ms(work, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds (CPU time is steadier on a busy machine; the wall
    time of a write includes waiting for fsync)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


@register("saves", order=40)
def saves_figures(options: Options):
    if options.variant is not None:
        return
    session = long_session()
    runs = options.n or (3 if options.quick else 9)
    with tempfile.TemporaryDirectory() as folder:
        path = save_as(session, "long", folder)  # warm-up: finds the scenario's source once
        write_ms = _median_ms(lambda: save_as(session, "long", folder), runs)
        load_ms = _median_ms(lambda: load(path, scenario=session.scenario), runs)
        loaded = load(path, scenario=session.scenario)
        assert loaded.state == session.state
        size = path.stat().st_size
    yield "save.write_200_turns_ms", write_ms[0]
    yield "save.load_verify_200_turns_ms", load_ms[0]
    yield "save.write_200_turns_cpu_ms", write_ms[1]
    yield "save.load_verify_200_turns_cpu_ms", load_ms[1]
    yield "save.turns", len(session.state.history) - 1
    yield "save.actions", len(session.actions)
    yield "save.bytes_200_turns", size
