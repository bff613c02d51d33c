"""Headless players for balance checks, soak tests and benchmarks. Each gets its own
`random.Random(seed)` from `play`, so seeds give different games.

- random: any legal action, with random offers; it shows the rules hold under nonsense.
- greedy: asks for its own goals with one or two of its cheapest rewards (picked at random), takes a
  counteroffer worth enough to it (a bar drawn at random), and in a conference tables the chair's
  compromise and calls the vote.
- planner (planner.py): plays like a capable student.
- waiter: the player who tries to win without negotiating: offers its ideal every turn and
  otherwise waits, then takes whatever is on the table at the end.
- reciprocal: concedes step by step (its own aspiration falls from its ideal toward its BATNA
  over the turns), offers at each step the terms the live preview says are worth most to the
  country, adds a reward when one closes the gap, answers counteroffers (takes one that meets
  its aspiration), and in a conference tables the chair's compromise and lobbies with rewards.
"""

import random
import weakref
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
from .dealspace import DealSpace
from .patience import away
from .planner import planner_bot
from .session import Session
from .valuation import cost_utility, player_utility, reward_value


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


def _duties(session: Session, legal: list):
    """Keep promises while the budget lasts, answer events with the option that wins most goodwill, and
    close a done deal: the first of these that applies, or None."""
    for action in legal:
        if isinstance(action, Deliver):
            return action
    pending = [a for a in legal if isinstance(a, Respond)]
    if pending:
        return max(pending, key=lambda a: _goodwill(session, a))
    return EndTurn() if session.state.phase == "implementation" else None


def greedy_bot(session: Session, rng: random.Random):
    state, scenario = session.state, session.scenario
    legal = session.legal_actions()
    kinds = {a.kind for a in legal}
    duty = _duties(session, legal)
    if duty is not None:
        return duty
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


def _offered_this_turn(session: Session) -> bool:
    state = session.state
    return any(e.turn == state.turn and e.kind in ("decision", "repeat", "draft") for e in state.log[-40:])


def _ideal_draft(session: Session) -> dict:
    goals = {o.issue: o.ideal for o in session.scenario.player.objectives}
    return {i.id: goals.get(i.id, candidate_positions(i)[0]) for i in session.scenario.issues
            if i.id not in session.state.agreed}


def waiter_bot(session: Session, rng: random.Random):
    state, scenario = session.state, session.scenario
    last = state.turn >= scenario.player.deadline
    if state.phase == "implementation":
        return EndTurn()
    if scenario.kind == "multilateral":
        chair = max(scenario.countries, key=lambda c: (c.capability, c.id)).id
        counter = state.countries[chair].counter
        if last and counter is not None and (state.draft is None or state.draft.positions != counter.positions):
            action = Propose(country=None, offer=Offer(positions=counter.positions))
            if session.check(action) is None:
                return action
        if last:
            return CallVote() if session.check(CallVote()) is None else EndTurn()
        action = Propose(country=None, offer=Offer(positions=_ideal_draft(session)))
        if not _offered_this_turn(session) and session.check(action) is None:
            return action
        return EndTurn()
    cid = next(iter(state.countries))
    if last and session.check(AcceptCounter(country=cid)) is None:
        return AcceptCounter(country=cid)
    goals = {o.issue: o.ideal for o in scenario.player.objectives if o.issue not in state.agreed}
    action = Propose(country=cid, offer=Offer(positions=goals))
    if not last and not _offered_this_turn(session) and session.check(action) is None:
        return action
    return EndTurn()


RECIPROCAL_FLOOR = (0.1, 0.2)
"""The reciprocal bot concedes from its ideal (utility 1) down to its BATNA plus a margin drawn from this
range once a game (from its own rng, so seeds give different games) by the deadline."""
_margins: "weakref.WeakKeyDictionary[Session, float]" = weakref.WeakKeyDictionary()


def reciprocal_bot(session: Session, rng: random.Random):
    state, scenario = session.state, session.scenario
    legal = session.legal_actions()
    duty = _duties(session, legal)
    if duty is not None:
        return duty
    if scenario.kind == "multilateral":
        return _conference_step(session, legal) or greedy_bot(session, rng)
    cid = next(iter(state.countries))
    kinds = {a.kind for a in legal}
    country, cs = scenario.country(cid), state.countries[cid]
    hidden = [i for i, v in country.interests.items() if v.hidden and i not in cs.revealed]
    if hidden and "analyze" in kinds and Analyze(country=cid) in legal:
        return Analyze(country=cid)
    if away(cs.temper, state.turn):
        return EndTurn()
    if session not in _margins:
        _margins[session] = rng.uniform(*RECIPROCAL_FLOOR)
    aim = _aspiration(session, _margins[session])
    if _offered_this_turn(session) or state.action_points < 1:
        return EndTurn()
    offer = _step_offer(session, cid, aim)
    counter = cs.counter
    if counter is not None and AcceptCounter(country=cid) in legal:
        theirs = _mine(session, cid, counter)
        last = state.turn >= scenario.player.deadline and theirs > scenario.player.batna
        better = offer is None or session.preview(cid, offer).verdict != "accept" or theirs > _mine(session, cid, offer)
        if better and (theirs + 1e-9 >= aim or last):
            return AcceptCounter(country=cid)
    return EndTurn() if offer is None else Propose(country=cid, offer=offer)


def _mine(session: Session, cid: str, offer: Offer) -> float:
    return player_utility(session.ctx, Deal(positions={**session.state.agreed, **offer.positions},
                                            rewards={cid: list(offer.rewards)}))


def _aspiration(session: Session, margin: float) -> float:
    sc = session.scenario
    low = min(1.0, sc.player.batna + margin)
    t = (session.state.turn - 1) / max(1, sc.player.deadline - 1)
    return 1.0 - (1.0 - low) * t


def _step_offer(session: Session, cid: str, aim: float) -> Offer | None:
    """If some terms the country would accept now (by the live preview's need) still meet the bot's
    aspiration, the best of them for the bot, with a reward when one makes a better deal affordable;
    otherwise its next concession: at its aspiration, the terms worth most to the country."""
    state, scenario = session.state, session.scenario
    need = session.preview(cid, Offer(positions=_ideal_draft(session))).needed
    space = DealSpace(session.ctx, rewards=False, settled=True)

    def positions(outcome) -> dict:
        return {k: v for k, v in space.decode(outcome).positions.items() if k not in state.agreed}

    choices = [(None, 0.0, 0.0)] + [(r.id, reward_value_now(session, cid, r.id), cost_utility(scenario, session.profile, r))
                                    for r in scenario.rewards]
    best = None
    for reward, value, cost in choices:
        outcome = space.best(lambda U, spend: U[0], lambda U, spend, value=value: U[1] + value >= need - 1e-9)
        if outcome is None:
            continue
        mine = space.utilities(outcome[None, :])[0, 0] - cost
        offer = Offer(positions=positions(outcome), rewards=() if reward is None else (reward,))
        if mine + 1e-9 >= aim and (best is None or mine > best[0]) and session.check(Propose(country=cid, offer=offer)) is None \
                and session.preview(cid, offer).verdict == "accept":
            best = (mine, offer)
    if best is not None:
        return best[1]
    outcome = space.best(lambda U, spend: U[1] + 1e-3 * U[0], lambda U, spend: U[0] >= aim - 1e-9)
    if outcome is None:
        return None
    offer = Offer(positions=positions(outcome))
    refused = state.refused.get(cid)
    if refused is not None and refused.key == offer.key():
        return None
    return offer


def reward_value_now(session: Session, cid: str, reward_id: str) -> float:
    """What a reward promised now adds to the country's valuation (its value times its trust in you)."""
    return reward_value(session.scenario, session.profile, session.scenario.country(cid), reward_id) * \
        session.state.trust.get(cid, 1.0)


def _conference_step(session: Session, legal) -> object | None:
    """Lobby a party whose vote the draft lacks with the cheapest reward that wins it."""
    state, scenario = session.state, session.scenario
    if state.draft is None or state.action_points < 1:
        return None
    ballots = votes(session)
    if sum(ballots.values()) * 2 > len(ballots):
        return None
    for cid, yes in ballots.items():
        if yes:
            continue
        for reward in sorted(scenario.rewards, key=lambda r: cost_utility(scenario, session.profile, r)):
            action = Propose(country=cid, offer=Offer(rewards=(reward.id,)))
            if session.check(action) is None and session.preview(cid, action.offer).verdict == "accept":
                return action
    return None


BOTS = {"random": random_bot, "greedy": greedy_bot, "planner": planner_bot, "waiter": waiter_bot,
        "reciprocal": reciprocal_bot}


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
