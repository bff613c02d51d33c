"""What is legal on this turn, and why not: every refusal names its reason."""

import math

from ..model.actions import (
    AcceptCounter,
    Analyze,
    Ask,
    CallVote,
    Campaign,
    CarryOut,
    Deliver,
    EndTurn,
    Offer,
    Persuade,
    Propose,
    Respond,
    Summit,
    WalkAway,
    Whip,
    Withdraw,
)
from ..model.scenario import RangeIssue

SPECIAL = frozenset({"analyze", "persuade", "public_campaign", "host_summit", "whip"})
"""Actions a cone may lack: their cost in its table is null."""
IMPLEMENTATION = ("deliver", "withdraw", "carry_out", "end_turn")
AT_THE_TABLE = frozenset({"propose", "accept_counter", "ask", "persuade", "whip"})
"""Actions that need the country at the table: refused while it has walked out or after it left."""


class ActionError(ValueError):
    """An action that the rules do not allow now; the message says why."""


def clamp(value: float, low: float, high: float) -> float:
    if math.isnan(value):
        return low
    return max(low, min(high, value))


def pair(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


def _absent(session, country: str) -> str | None:
    temper = session.state.countries[country].temper
    if temper is None:
        return None
    name = session.scenario.country(country).name
    if temper.left is not None:
        return f"{name} has left the talks"
    if temper.away is not None and temper.away >= session.state.turn:
        return f"{name}'s delegation has walked out; it is back on turn {temper.away + 1}"
    return None


def _offer_problem(session, offer: Offer, country: str | None) -> str | None:
    scenario, state = session.scenario, session.state
    for issue_id, position in offer.positions.items():
        issue = next((i for i in scenario.issues if i.id == issue_id), None)
        if issue is None:
            return f"no issue '{issue_id}'"
        if issue_id in state.agreed:
            return f"{issue.name} is already settled"
        if isinstance(issue, RangeIssue):
            if isinstance(position, str) or not issue.min <= position <= issue.max:
                return f"{issue.name} must be a number from {issue.min:g} to {issue.max:g}"
        elif position not in [o.id for o in issue.options]:
            return f"{issue.name} has no option '{position}'"
    rewards = {r.id: r for r in scenario.rewards}
    if len(set(offer.rewards)) != len(offer.rewards) or len(set(offer.threats)) != len(offer.threats):
        return "a lever is attached twice"
    for reward_id in offer.rewards:
        if reward_id not in rewards:
            return f"no reward '{reward_id}'"
        earlier = [p.status for p in state.promises if p.reward == reward_id and p.country == country]
        if "owed" in earlier or "delivered" in earlier:
            return f"{rewards[reward_id].name} is already promised to them"
        if "withdrawn" in earlier or "broken" in earlier:
            return f"you broke your promise of {rewards[reward_id].name} to them: they will not take it again"
    owed = session.owed()
    if sum(session.reward_cost(rewards[r]) for r in offer.rewards) + owed > state.budget + 1e-9:
        return (f"you cannot promise more than your budget ({state.budget:.0f}, of which {owed:.0f} is already owed)"
                if owed else f"you cannot promise more than your budget ({state.budget:.0f})")
    threats = {t.id: t for t in scenario.threats}
    for threat_id in offer.threats:
        if threat_id not in threats:
            return f"no threat '{threat_id}'"
        for standing in state.threats:
            if standing.country == country and standing.threat == threat_id and standing.status == "standing":
                return f"{threats[threat_id].name} already stands against them (carry it out by turn {standing.due})"
            if standing.country == country and standing.threat == threat_id and standing.status == "carried_out":
                return f"{threats[threat_id].name} is already in force against them"
    if not offer.positions and not offer.rewards and not offer.threats:
        return "an offer needs at least one position or lever"
    return None


def _propose_problem(session, action: Propose) -> str | None:
    scenario, state = session.scenario, session.state
    if action.country is None:
        if scenario.kind == "bilateral":
            return "say which country the offer is for"
        missing = [i.name for i in scenario.issues if i.id not in action.offer.positions and i.id not in state.agreed]
        if missing:
            return f"a conference draft must take a position on every issue (missing: {', '.join(missing)})"
        if action.offer.rewards or action.offer.threats:
            return "levers go to one country at a time: lobby a party with them"
        return _offer_problem(session, action.offer, None)
    if action.country not in state.countries:
        return f"no country '{action.country}'"
    if scenario.kind == "multilateral":
        if state.draft is None:
            return "table a draft before lobbying a party"
        if action.offer.positions:
            return "lobbying is about the draft on the table: attach levers only"
        if not action.offer.rewards and not action.offer.threats:
            return "attach a reward or a threat to lobby a party"
    return _offer_problem(session, action.offer, action.country)


def reject_reason(session, action) -> str | None:
    state, scenario, profile = session.state, session.scenario, session.profile
    if state.phase == "over":
        return "the session is over"
    if state.phase == "implementation" and action.kind not in IMPLEMENTATION:
        return "the deal is done: deliver your promises, then end the turn"
    if action.kind in SPECIAL and profile.action_costs.get(action.kind) is None:
        return f"a {profile.label} officer cannot {action.kind.replace('_', ' ')}"
    country = getattr(action, "country", None)
    if country is not None and country not in state.countries:
        return f"no country '{country}'"
    if country is not None and action.kind in AT_THE_TABLE:
        absent = _absent(session, country)
        if absent:
            return absent
    cost = session.action_cost(action)
    if cost > state.action_points:
        return f"needs {cost} action points; you have {state.action_points}"
    match action:
        case Propose():
            return _propose_problem(session, action)
        case AcceptCounter():
            if scenario.kind == "multilateral":
                return "in a conference, table the counteroffer as a draft instead"
            if state.countries[country].counter is None:
                return "that country has made no counteroffer"
            return _offer_problem(session, state.countries[country].counter, country)
        case Persuade(issue=issue_id):
            if issue_id not in [o.issue for o in scenario.player.objectives]:
                return "you can only persuade on an issue you have an objective on"
            if issue_id in state.agreed:
                return "that issue is already settled"
        case Whip() | CallVote():
            if scenario.kind != "multilateral":
                return "only a conference votes"
            if isinstance(action, CallVote) and state.draft is None:
                return "there is no draft to vote on"
        case Respond(event=event_id, option=option_id):
            if event_id not in state.pending_events:
                return "that event is not waiting for an answer"
            event = next(e for e in scenario.events if e.id == event_id)
            option = next((o for o in event.options if o.id == option_id), None)
            if option is None:
                return f"no option '{option_id}'"
            if option.cone is not None and option.cone != state.cone:
                return f"only a {option.cone.replace('_', ' ')} officer has that option"
        case CarryOut(threat=threat_id):
            standing = [t for t in state.threats if t.country == country and t.threat == threat_id and t.status == "standing"]
            if not standing:
                return "no such threat is standing against that country"
            threat = next(t for t in scenario.threats if t.id == threat_id)
            if threat.execution_cost * profile.lever_cost_factor > state.budget + 1e-9:
                return "not enough budget to carry it out"
        case Deliver(reward=reward_id) | Withdraw(reward=reward_id):
            if not any(p.country == country and p.reward == reward_id and p.status == "owed" for p in state.promises):
                return "no such promise is owed to that country"
            if isinstance(action, Deliver):
                reward = next(r for r in scenario.rewards if r.id == reward_id)
                if session.reward_cost(reward) > state.budget + 1e-9:
                    return "not enough budget to deliver it"
    return None


def enumerate_legal(session) -> list:
    """Every legal action that has no open-ended part (offers are open-ended: see legal_kinds)."""
    scenario, state = session.scenario, session.state
    ids = list(state.countries)
    candidates: list = [EndTurn(), WalkAway(), Summit(), CallVote()]
    for cid in ids:
        candidates += [Ask(country=cid), Analyze(country=cid), Campaign(country=cid), Whip(country=cid),
                       AcceptCounter(country=cid)]
        candidates += [Persuade(country=cid, issue=o.issue) for o in scenario.player.objectives]
        counter = state.countries[cid].counter
        if counter is not None:
            candidates.append(Propose(country=None if scenario.kind == "multilateral" else cid,
                                      offer=Offer(positions={**counter.positions})))
    for event_id in state.pending_events:
        event = next(e for e in scenario.events if e.id == event_id)
        candidates += [Respond(event=event_id, option=o.id) for o in event.options]
    candidates += [CarryOut(country=t.country, threat=t.threat) for t in state.threats if t.status == "standing"]
    for p in state.promises:
        if p.status == "owed":
            candidates += [Deliver(country=p.country, reward=p.reward), Withdraw(country=p.country, reward=p.reward)]
    seen, legal = set(), []
    for action in candidates:
        key = action.model_dump_json()
        if key not in seen and reject_reason(session, action) is None:
            seen.add(key)
            legal.append(action)
    return legal
