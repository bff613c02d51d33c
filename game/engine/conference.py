"""The multilateral side: drafts, lobbying, votes, AI-to-AI reactions and position shifts.

Between turns the countries' ideals on every open range issue move by one round of Bueno de
Mesquita's expected-utility model (bdm.py, docs/conference-model.md): each country that cares
about the issue may challenge the others, with a chance of prevailing that comes from the support
of every party weighted by capability x salience; each takes the most credible offer it receives
(conflict, compromise or capitulation). Talks move slowly, so a country covers at most MAX_SHIFT
of the issue's range toward that position in one turn; then bloc members are pulled toward their
bloc's mean position by its cohesion.
"""

from ..model.actions import Offer
from ..model.scenario import RangeIssue
from ..model.state import Deal, DealRecord
from ..model.voting import tally
from . import lobbying, patience
from .bdm import bdm_round
from .compromise import chair_draft
from .negotiator import evaluate, stance
from .rules import clamp, pair
from .space import describe
from .valuation import no_deal_value, pressing, promised, worth
from .wording import positions_text

MAX_SHIFT = 0.2
"""A country moves at most this share of an issue's range in one turn."""
BLOC_PULL = 0.2
FRIENDS = 30.0
"""Relations above this make two countries allies that react to what you do to each other."""


def relation(session, a: str, b: str) -> float:
    return session.state.relations.get(pair(a, b), 0.0)


def allies_react(session, target: str, amount: float, why: str) -> None:
    """Friends of `target` share a part of what it feels toward you; its rivals the opposite."""
    for other in session.state.countries:
        if other == target:
            continue
        r = relation(session, other, target)
        if r > FRIENDS:
            session.gain_relationship(other, amount * r / 100, f"{why}, an ally")
        elif r < -FRIENDS and amount < 0:
            session.gain_relationship(other, -amount * abs(r) / 200, f"{why}, a rival")


def judged_offer(session, offer: Offer) -> Offer:
    """In a conference a party judges the draft on the table plus the levers aimed at it; an offer that
    names positions is a draft of its own (the preview of a draft being built, not yet tabled)."""
    if session.scenario.kind != "multilateral" or session.state.draft is None or offer.positions:
        return offer
    return Offer(positions=session.state.draft.positions, rewards=offer.rewards, threats=offer.threats)


def table_draft(session, offer: Offer) -> None:
    """A new draft: every party states its stance (its reasons, and what would win its vote); earlier
    commitments and side deals lapse."""
    new = session.remember_move(None, offer)
    session.state.draft = offer
    session.log("draft", "You tabled a new draft.")
    for cid, cs in session.state.countries.items():
        cs.committed = False
        cs.side_deals = {}
        decision = stance(session.ctx, cid, offer)
        patience.observe(cs.temper, worth(session.ctx, cid, offer), new)
        session.log("stance", f"{session.name(cid)}: {decision.verdict} ({decision.value * 100:.0f} of "
                    f"{decision.needed * 100:.0f} needed)", cid, decision)


def commit(session, cid: str, offer: Offer) -> None:
    session.state.countries[cid].committed = True
    session.log("lobby", f"{session.name(cid)} will vote for the draft.", cid)


def votes(session, draft: Offer | None = None) -> dict[str, bool]:
    """How each party would vote on a draft now (the draft on the table by default): yes when the draft,
    with what it was promised, clears its need; a party that committed its vote keeps it as long as the
    deal still clears its no-deal value; blocs carry members within reach of their majority (lobbying.py).
    The vote, the hall's tally and the bots all count this."""
    draft = draft or session.state.draft
    if draft is None:
        return {}
    return lobbying.discipline(session, {cid: ballot(session, cid, draft) for cid in session.state.countries}, draft)


def ballot(session, cid: str, draft: Offer, commitments: bool = True):
    """(its verdict on the draft's positions with what it was promised, how it votes). Without
    `commitments`, as if the draft were tabled anew (tabling a draft lapses every commitment)."""
    cs = session.state.countries[cid]
    decision = evaluate(session.ctx, cid, Offer(positions=draft.positions))
    kept = commitments and cs.committed and decision.value + 1e-9 >= no_deal_value(session.scenario, cid, session.state)
    present = not cs.collapsed and not patience.away(cs.temper, session.state.turn)
    return decision, present and (decision.verdict == "accept" or kept)


def vote(session) -> None:
    draft = session.state.draft
    ballots = {cid: ballot(session, cid, draft) for cid in session.state.countries}
    count = tally(session.scenario, lobbying.discipline(session, ballots, draft, tell=True))
    yes = list(count.yes)
    no = [session.name(cid) for cid in count.no]
    if count.passes:
        draft = session.state.draft
        deal = Deal(positions=dict(draft.positions),
                    rewards={c: promised(session.state, c) for c in session.state.countries if promised(session.state, c)},
                    threats={c: pressing(session.state, c) for c in session.state.countries if pressing(session.state, c)})
        session.conclude(DealRecord(turn=session.state.turn, deal=deal, said_yes=yes, state=session.moment()))
        session.state.agreed = dict(draft.positions)
        for cid in session.state.countries:
            session.change_stability(cid, 3)
            if cid in yes:
                session.gain_relationship(cid, 3, "a shared agreement")
        session.log("vote", f"The draft passes ({count.text}). Deliver what you promised, then end the turn to close.")
    else:
        vetoed = f"; vetoed by {', '.join(session.name(cid) for cid in count.vetoed)}" if count.vetoed else ""
        session.log("vote", f"The draft fails ({count.text}; against: {', '.join(no)}{vetoed}).")


def between_turns(session) -> dict[str, bool]:
    """Positions shift, friends strike side deals, the chair suggests a compromise. Returns how each party
    would now vote on the draft on the table (empty without one)."""
    _shift_positions(session)
    ballots = lobbying.side_deals(session)
    _chair_compromise(session)
    return ballots


OFFER_WORDS = {"conflict": "gives way to {maker} after a contest", "compromise": "accepts {maker}'s compromise",
               "capitulation": "yields to {maker}"}


def _shift_positions(session) -> None:
    scenario, state = session.scenario, session.state
    bloc_of = {m: b for b in (scenario.conference.blocs if scenario.conference else []) for m in b.members}
    for issue in scenario.issues:
        if not isinstance(issue, RangeIssue) or issue.id in state.agreed:
            continue
        actors = [c for c in scenario.countries if issue.id in c.interests]
        if len(actors) < 2:
            continue
        span = issue.max - issue.min
        before = [(float(state.countries[c.id].ideals[issue.id]) - issue.min) / span for c in actors]
        round_ = bdm_round(before, [c.capability for c in actors], [c.interests[issue.id].weight for c in actors])
        offers = {m.actor: m for m in round_.moves}
        after = [x + clamp(float(target) - x, -MAX_SHIFT, MAX_SHIFT) for x, target in zip(before, round_.positions)]
        for i, c in enumerate(actors):
            bloc = bloc_of.get(c.id)
            if bloc is not None:
                mates = [before[k] for k, other in enumerate(actors) if other.id in bloc.members]
                after[i] += BLOC_PULL * bloc.cohesion * (sum(mates) / len(mates) - after[i])
            old = float(state.countries[c.id].ideals[issue.id])
            new = clamp(issue.min + after[i] * span, issue.min, issue.max)
            state.countries[c.id].ideals[issue.id] = new
            if abs(new - old) < issue.step:
                continue
            how = (OFFER_WORDS[offers[i].kind].format(maker=actors[offers[i].by].name) if i in offers
                   else f"moves with the {bloc.name}" if bloc is not None else "moves")
            session.log("shift", f"{c.name} {how} on {issue.name}: {describe(issue, round(old, 1))} to "
                        f"{describe(issue, round(new, 1))}", c.id)


def _chair_compromise(session) -> None:
    """The most capable party suggests a compromise draft near the Nash point of the parties (logged
    when it differs from the last one it suggested)."""
    if session.state.phase != "negotiating":
        return
    chair = max(session.scenario.countries, key=lambda c: (c.capability, c.id))
    draft = chair_draft(session)
    session.state.countries[chair.id].counter = draft
    said = f"{chair.name}, in the chair, suggests a compromise: {positions_text(session.scenario, draft.positions)}."
    last = next((e for e in reversed(session.state.log) if e.kind == "compromise"), None)
    if last is None or last.text != said:  # an unchanged compromise is not news
        session.log("compromise", said, chair.id)
