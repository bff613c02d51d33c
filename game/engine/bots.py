"""Headless players for balance checks, soak tests and benchmarks.

- random: any legal action, with random offers; it shows the rules hold under nonsense.
- greedy: asks for its own goals with one or two of its cheapest rewards (picked at random), takes a
  counteroffer worth enough to it (a bar drawn at random), and in a conference tables the chair's
  compromise and calls the vote.
- planner (planner.py): plays like a capable student.
"""

import random
from dataclasses import dataclass

from ..model.actions import (
    AcceptCounter,
    Analyze,
    CallVote,
    Deliver,
    EndTurn,
    Offer,
    Propose,
    Respond,
    WalkAway,
)
from ..model.positions import candidate_positions
from ..model.state import Deal
from .conference import votes
from .planner import planner_bot
from .session import Session
from .valuation import player_utility


def random_offer(session: Session, rng: random.Random, country: str | None) -> Offer:
    scenario, state = session.scenario, session.state
    open_issues = [i for i in scenario.issues if i.id not in state.agreed]
    if country is None or scenario.kind == "bilateral":
        chosen = open_issues if country is None else rng.sample(open_issues, rng.randint(1, len(open_issues)))
        positions = {i.id: rng.choice(candidate_positions(i)) for i in chosen}
    else:
        positions = {}
    levers = country is not None
    rewards = tuple(r.id for r in scenario.rewards if levers and rng.random() < 0.2)
    threats = tuple(t.id for t in scenario.threats if levers and rng.random() < 0.15)
    if not positions and not rewards and not threats and scenario.rewards:
        rewards = (rng.choice(scenario.rewards).id,)
    return Offer(positions=positions, rewards=rewards, threats=threats)


def random_action(session: Session, rng: random.Random):
    """A random legal action; proposals are drawn at random too."""
    legal = [a for a in session.legal_actions() if a.kind != "walk_away" or rng.random() < 0.02]
    if "propose" in session.legal_kinds() and rng.random() < 0.4:
        targets = list(session.state.countries) + ([None] if session.scenario.kind == "multilateral" else [])
        target = rng.choice(targets)
        action = Propose(country=target, offer=random_offer(session, rng, target))
        if session.check(action) is None:
            return action
    return rng.choice(legal)


def random_bot(session: Session, rng: random.Random):
    return random_action(session, rng)


def greedy_bot(session: Session, rng: random.Random):
    state, scenario = session.state, session.scenario
    legal = session.legal_actions()
    kinds = {a.kind for a in legal}
    for action in legal:  # keep promises, answer events with the first option open to us
        if isinstance(action, Deliver):
            return action
    pending = [a for a in legal if isinstance(a, Respond)]
    if pending:
        return max(pending, key=lambda a: _goodwill(session, a))
    if state.phase == "implementation":
        return EndTurn()
    for cid, cs in state.countries.items():
        country = scenario.country(cid)
        hidden = [i for i, v in country.interests.items() if v.hidden and i not in cs.revealed]
        if hidden and "analyze" in kinds and Analyze(country=cid) in legal:
            return Analyze(country=cid)
    if scenario.kind == "multilateral":
        chair = max(scenario.countries, key=lambda c: (c.capability, c.id)).id
        counter = state.countries[chair].counter
        if counter is not None and (state.draft is None or state.draft.positions != counter.positions):
            action = Propose(country=None, offer=Offer(positions=counter.positions))
            if session.check(action) is None:
                return action
        if state.draft is not None and CallVote() in legal and state.action_points >= 1:
            if sum(votes(session).values()) * 2 > len(state.countries):
                return CallVote()
        return EndTurn()
    cid = next(iter(state.countries))
    counter = state.countries[cid].counter
    goals = {o.issue: o.ideal for o in scenario.player.objectives if o.issue not in state.agreed}
    affordable = [r for r in scenario.rewards if session.reward_cost(r) <= state.budget / 2]
    cheap = sorted(affordable, key=lambda r: (session.reward_cost(r), rng.random()))[:rng.randint(0, 2)]
    offer = Offer(positions=goals, rewards=tuple(r.id for r in cheap))
    action = Propose(country=cid, offer=offer)
    asked_now = cid in state.refused and state.refused[cid].turn == state.turn
    if not asked_now and state.action_points >= 1 and session.check(action) is None:
        return action
    if counter is not None and AcceptCounter(country=cid) in legal:
        good = player_utility(session.ctx, Deal(positions={**state.agreed, **counter.positions})) >= rng.uniform(0.5, 0.7)
        if good or state.turn >= scenario.player.deadline:
            return AcceptCounter(country=cid)
    return EndTurn()


def _goodwill(session: Session, action: Respond) -> float:
    event = next(e for e in session.scenario.events if e.id == action.event)
    effects = next(o for o in event.options if o.id == action.option).effects
    return sum(effects.relationship.values()) + sum(effects.stability.values()) + sum(effects.support.values())


BOTS = {"random": random_bot, "greedy": greedy_bot, "planner": planner_bot}


@dataclass
class PlayResult:
    session: Session
    actions: int


def play(session: Session, bot: str, rng: random.Random, max_actions: int = 400) -> PlayResult:
    """Let a bot play until the session is over (walking away after max_actions)."""
    choose = BOTS[bot]
    count = 0
    while not session.over:
        if count < max_actions:
            action = choose(session, rng)
        else:
            action = EndTurn() if session.state.phase == "implementation" else WalkAway()
        session.apply(action)
        count += 1
    return PlayResult(session, count)
