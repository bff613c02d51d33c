"""Scores that move over the turns (stability, support, collapse) and the final outcome and grade."""

from ..model.positions import objective_met
from ..model.scenario import Effects
from ..model.state import Deal, Outcome, Snapshot
from .patience import points_up
from .rules import clamp
from .valuation import Context, no_deal_value, player_utility, promised
from .wording import counted

COLLAPSE_AT = 25.0
RECOVER_AT = 35.0
GRADES = ((80, "A"), (65, "B"), (50, "C"), (35, "D"))
BROKEN_PROMISE_PENALTY = 5.0


def regional_index(session) -> float:
    """Capability-weighted mean stability of the region's countries, 0..100."""
    total = weight = 0.0
    for country in session.scenario.countries:
        w = max(country.capability, 0.05)
        total += w * session.state.countries[country.id].stability
        weight += w
    return clamp(total / weight, 0, 100)


def snapshot(session) -> Snapshot:
    state = session.state
    return Snapshot(
        turn=state.turn,
        relationship={k: round(v.relationship, 4) for k, v in state.countries.items()},
        stability={k: round(v.stability, 4) for k, v in state.countries.items()},
        regional=round(regional_index(session), 4),
        budget=round(state.budget, 4),
    )


def settle_collapses(session) -> None:
    """A government below COLLAPSE_AT stability cannot sign; it recovers above RECOVER_AT."""
    for cid, cs in session.state.countries.items():
        if not cs.collapsed and cs.stability < COLLAPSE_AT:
            cs.collapsed = True
            session.log("collapse", f"{session.name(cid)}'s government has collapsed: no one there can sign a deal.", cid)
        elif cs.collapsed and cs.stability > RECOVER_AT:
            cs.collapsed = False
            session.log("collapse", f"{session.name(cid)} has a working government again.", cid)


def apply_effects(session, effects: Effects, why: str) -> None:
    for cid, amount in effects.relationship.items():
        session.gain_relationship(cid, amount, why)
    for cid, amount in effects.stability.items():
        session.change_stability(cid, amount)
    for cid, amount in effects.support.items():
        cs = session.state.countries[cid]
        cs.support = clamp(cs.support + amount, 0, 100)
    for cid, amount in effects.outside_option.items():
        temper = session.state.countries[cid].temper
        reservation = session.scenario.country(cid).reservation
        temper.outside = points_up(clamp(temper.outside + amount, reservation, 1.0))
    session.state.budget = max(0.0, session.state.budget + effects.budget)
    for cid in effects.reveal:
        country = session.scenario.country(cid)
        cs = session.state.countries[cid]
        cs.revealed = sorted(set(cs.revealed) | {i for i, interest in country.interests.items() if interest.hidden})
    settle_collapses(session)


def drift(session) -> None:
    """Between turns: public support pulls stability, and support settles back toward its start."""
    for country in session.scenario.countries:
        cs = session.state.countries[country.id]
        cs.stability = clamp(cs.stability + (cs.support - 50) / 25, 0, 100)
        cs.support = clamp(cs.support + 0.1 * (country.support - cs.support), 0, 100)
    settle_collapses(session)


def outcome_utility(session) -> float:
    """The player's utility of how the talks ended, by the one valuation: the agreement as it was
    signed (promised rewards at their cost), the settled issues of a partial one, or the BATNA."""
    state, scenario = session.state, session.scenario
    if state.deal is not None:
        ctx = Context(scenario, session.space, session.profile, state.deal.state)
        return player_utility(ctx, state.deal.deal)
    if state.agreed:
        rewards = {c: promised(state, c) for c in state.countries if promised(state, c)}
        return player_utility(session.ctx, Deal(positions=dict(state.agreed), rewards=rewards))
    return no_deal_value(scenario, None)


SCORE_WEIGHTS = {"objectives": 75, "relations": 15, "stability": 10}
"""Points of the score from your objectives (by the agreement's utility to you), your relations and the
region's stability; each broken promise then costs BROKEN_PROMISE_PENALTY."""


def score_parts(session, utility: float) -> dict[str, float]:
    """The score's parts for an agreement worth `utility` to the player, in the session as it stands:
    objectives, relations, stability and (negative) broken promises. The score is their sum, clamped
    to 0..100; the outcome and the game scenes' score preview both add these."""
    state = session.state
    relations = sum(cs.relationship for cs in state.countries.values()) / len(state.countries)
    broken = sum(1 for p in state.promises if p.status in ("broken", "withdrawn"))
    return {"objectives": SCORE_WEIGHTS["objectives"] * clamp(utility, 0, 1),
            "relations": SCORE_WEIGHTS["relations"] * (relations + 100) / 200,
            "stability": SCORE_WEIGHTS["stability"] * regional_index(session) / 100,
            "promises": -BROKEN_PROMISE_PENALTY * broken}


def score_total(parts: dict[str, float]) -> float:
    return clamp(sum(parts.values()), 0, 100)


def outcome(session) -> Outcome:
    state, scenario = session.state, session.scenario
    agreed = dict(state.agreed)
    result = "deal" if len(agreed) == len(scenario.issues) else "partial" if agreed else "no_deal"
    met = [o.issue for o in scenario.player.objectives
           if o.issue in agreed and objective_met(scenario.issue(o.issue), o, agreed[o.issue])]
    parts = score_parts(session, outcome_utility(session))
    broken = round(-parts["promises"] / BROKEN_PROMISE_PENALTY)
    score = score_total(parts)
    grade = next((g for floor, g in GRADES if score >= floor), "F")
    words = {"deal": "A full agreement", "partial": "A partial agreement", "no_deal": "No agreement"}[result]
    summary = (f"{words}: {len(met)} of {len(scenario.player.objectives)} objectives met, "
               f"score {score:.0f}, grade {grade}.")
    if broken:
        summary += f" {counted(broken, 'promise')} broken."
    return Outcome(result=result, score=round(score, 2), grade=grade, objectives_met=met, agreement=agreed, summary=summary)
