"""The workload's SAO protocol played by the game's own negotiator: every workload agent is a country of a
scenario built from the workload's numbers, and decides with the functions a country uses in a game.

The adapter (`scenario_of`) maps a workload negotiation to a scenario:
* each issue is an options issue of 10 options; each agent is a country whose interest in issue j has the
  agent's weight, its best option as the ideal and its value table as the other options' values; its
  reservation is the agent's reserved value and its concession style the agent's strategy;
* the deadline is the protocol's 100 rounds (one round is one turn: above the 60 turns an author may
  write, so it is set after validation); `player.batna`, the no-deal value a country assumes for a partner
  it does not know, is the middle of the workload's published reserved-value range.

Each round every agent in order judges the standing offer with `negotiator.respond` (the game's verdict:
its value against `patience.need`, its hidden patience drawn by `patience.draw` from a generator seeded by
the negotiation's index) and, unless it accepts, counter-offers with the counteroffer `respond` builds from
its models of the partners (`learning.model_of`: a frequency model in two-party talks, the Bayesian model at
a six-party table, fed by the moves recorded in the state: offers, the offers they passed over and the offers
they let pass). At the end of each round every agent settles the round as a country settles a turn
(`patience.settle`, with its Nash-point estimate `negotiator.fair_point`); an agent that leaves the talks
ends the negotiation without agreement.
"""

from __future__ import annotations

import random
import time

import numpy as np

from game.engine import patience
from game.engine.initiative import own_proposal
from game.engine.negotiator import fair_point, partner_levels, respond
from game.engine.session import initial_state
from game.engine.space import Space
from game.engine.valuation import Context, worth
from game.model.actions import Offer
from game.model.cones import cone_profile
from game.model.scenario import Scenario as GameScenario
from game.model.state import Move

from .peer import Result
from .workload import Scenario, load_workload


def scenario_of(sc: Scenario, workload: dict) -> GameScenario:
    """The workload negotiation as a scenario: issues, one country per agent, the protocol's deadline."""
    n_values = workload["outcome_space"]["values_per_issue"]
    lo, hi = workload["utility_generation"]["reserved_value_range"]
    names = workload["outcome_space"]["issue_names"]
    issues = [{"type": "options", "id": name, "name": name, "description": "A workload issue.",
               "options": [{"id": f"v{k}", "label": str(k)} for k in range(n_values)]} for name in names]
    countries = []
    for i, agent in enumerate(sc.agents):
        interests = {}
        for j, name in enumerate(names):
            best = int(np.argmax(agent.values[j]))
            interests[name] = {"weight": max(float(agent.weights[j]), 1e-12), "ideal": f"v{best}",
                               "values": {f"v{k}": float(v) for k, v in enumerate(agent.values[j]) if k != best}}
        countries.append({"id": f"a{i}", "name": f"Agent {i}", "color": "#808080", "capability": 0.5, "stability": 60,
                          "relationship": 0, "concession": agent.strategy, "resolve": 0.5,
                          "reservation": float(agent.reserved_value), "interests": interests})
    scenario = GameScenario.model_validate({
        "schema_version": 1, "id": f"{sc.variant}_{sc.index}", "title": "Workload negotiation",
        "kind": "bilateral" if len(sc.agents) == 2 else "multilateral", "difficulty": "medium",
        "summary": "A workload negotiation.", "briefing": "A workload negotiation.", "lesson": "None.",
        "player": {"country": "Nobody", "budget": 0, "deadline": 60, "batna": (lo + hi) / 2,
                   "objectives": [{"issue": names[0], "weight": 1.0, "ideal": "v0", "target": "v0",
                                   "description": "Unused."}]},
        "issues": issues, "countries": countries,
        "conference": None if len(sc.agents) == 2 else {"rule": "consensus"},
    })
    player = scenario.player.model_copy(update={"deadline": workload["protocol"]["n_steps"]})
    return scenario.model_copy(update={"player": player})


def prepare(sc: Scenario, workload: dict) -> Context:
    """The scenario and the game state every agent reads: the negotiation's preprocessing."""
    scenario = scenario_of(sc, workload)
    profile = cone_profile(scenario, "political")
    rng = random.Random(f"{sc.variant}:{sc.index}")
    state = initial_state(scenario, "political", sc.index, profile, rng)
    return Context(scenario, Space.of(scenario), profile, state)


def run_sao(sc: Scenario, workload: dict | None = None) -> Result:
    wl = workload or load_workload()
    start = time.perf_counter()
    ctx = prepare(sc, wl)
    state, space = ctx.state, ctx.space
    ids = list(state.countries)
    setup = time.perf_counter() - start
    n_steps, n = wl["protocol"]["n_steps"], len(ids)
    standing: Offer | None = None
    proposer = None
    count = 0
    outcome = None
    rounds = n_steps
    for s in range(n_steps):
        state.turn = s + 1
        for cid in ids:
            if standing is not None:
                patience.observe(state.countries[cid].temper, worth(ctx, cid, standing), by=proposer)
                decision = respond(ctx, cid, standing)
                if decision.verdict == "accept":
                    count += 1
                    state.moves.append(Move(turn=state.turn, by=cid, kind="accept", positions=dict(standing.positions)))
                    if count == n:
                        outcome, rounds = standing, s + 1
                        break
                    continue
                offer = Offer(positions=decision.counter.positions)
            else:
                offer = own_proposal(ctx, cid)
            state.countries[cid].counter = offer
            state.moves.append(Move(turn=state.turn, by=cid, positions=dict(offer.positions),
                                    passed=None if standing is None else dict(standing.positions)))
            standing, proposer, count = offer, cid, 1
        if outcome is not None:
            break
        if any("left" in patience.settle(ctx, cid, fair_point, levels=partner_levels(ctx, cid)) for cid in ids):
            rounds = s + 1
            break
    elapsed = time.perf_counter() - start - setup
    agents = sc.agents
    if outcome is None:
        return Result(None, rounds, np.array([a.reserved_value for a in agents]), setup, elapsed)
    o = tuple(space.index(i, outcome.positions[i]) for i in space.issue_ids)
    utilities = np.array([a.weights @ a.values[np.arange(len(a.weights)), list(o)] for a in agents])
    return Result(o, rounds, utilities, setup, elapsed)
