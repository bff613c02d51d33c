"""What the countries do on their own: they react to the way you negotiate (patience, ultimatums, walk-outs,
leaving the talks), put proposals on the table when you are silent, and answer threats with counter-threats
or appeals to their allies. The conference's lobbying between parties is in lobbying.py."""

from ..model.actions import Offer
from ..model.state import Move
from . import patience
from .negotiator import counter_offer, fair_point, issue_target, partner_levels, trades
from .valuation import Context
from .wording import positions_text

RESOLVE_TO_ANSWER = 0.4
"""A country at least this resolved answers a threat with a counter-threat of its own."""
WALKOUT_RELATIONSHIP = 4.0


def settle_turn(session, content: dict[str, bool]) -> list[str]:
    """The end of a turn for every country (patience.settle); logs what they let you see. `content`: in a
    conference, the parties that vote for the draft on the table (nothing to wait for). Returns the
    countries you made no offer to this turn that are still at the table (they may propose next turn)."""
    silent = []
    for cid, cs in session.state.countries.items():
        temper = cs.temper
        if patience.away(temper, session.state.turn):
            temper.turn_best = {}
            continue
        quiet = not temper.turn_best
        events = patience.settle(session.ctx, cid, fair_point, content=content.get(cid, False),
                                 levels=partner_levels(session.ctx, cid))
        _tell(session, cid, events)
        if quiet and not patience.away(temper, session.state.turn + 1):
            silent.append(cid)
    return silent


def _tell(session, cid: str, events: list[str]) -> None:
    name, temper = session.name(cid), session.state.countries[cid].temper
    if "left" in events:
        session.log("left", f"{name} takes its outside option and leaves the talks: you kept it waiting.", cid)
        return
    if "walked_out" in events:
        session.gain_relationship(cid, -WALKOUT_RELATIONSHIP, "a walk-out")
        session.log("walkout", f"{name}'s delegation walks out: you have not moved toward it. It will be back on turn "
                    f"{temper.away + 1}, and will not come back a second time.", cid)
        return
    if "ultimatum" in events:
        session.log("ultimatum", f"{name}: \"We will not wait past turn {temper.ultimatum}.\"", cid)
    elif "hardened" in events:
        session.log("patience", f"{name} hardens its position: you keep it waiting.", cid)
    elif "warned" in events:
        session.log("patience", f"{name}: \"Our patience is wearing thin.\"", cid)


def propose(session, silent: list[str]) -> None:
    """At the start of a turn, a bilateral counterpart you were silent to puts its own proposal on the table
    (at what it needs now, shaped by what it learned you value); in a conference, when no draft was tabled,
    the party the talks leave furthest from what it needs proposes a draft."""
    state = session.state
    if state.phase != "negotiating" or not silent:
        return
    if session.scenario.kind == "multilateral":
        drafts = [m.turn for m in state.moves if m.by == "player" and m.to is None]
        if not drafts or drafts[-1] == state.turn - 1:
            return  # no draft of yours to answer yet, or you tabled one last turn
        silent = [max(silent, key=lambda c: _unmet(session, c))]
    for cid in silent:
        offer = own_proposal(session.ctx, cid)
        cs = state.countries[cid]
        terms = positions_text(session.scenario, offer.positions)
        if session.scenario.kind == "multilateral":
            if any(m.by == cid and m.positions == offer.positions for m in state.moves):
                continue  # it made this proposal before
            state.moves.append(Move(turn=state.turn, by=cid, to=None, positions=dict(offer.positions)))
            text = f"{session.name(cid)} proposes a draft: {terms}."
        else:
            if cs.counter is not None and cs.counter.positions == offer.positions:
                continue  # its proposal stands as it was
            cs.counter = offer
            reason = trades(session.ctx, cid, offer)
            text = f"{session.name(cid)} puts a proposal on the table: {terms}." + (f" {reason}" if reason else "")
        session.log("proposal", text, cid, offer=offer)


def own_proposal(ctx: Context, cid: str) -> Offer:
    """The country's proposal: terms at what it needs now, the best for you it can see among those."""
    target = issue_target(ctx, cid, Offer(), patience.need(ctx, cid))
    return counter_offer(ctx, cid, target)


def _unmet(session, cid: str) -> float:
    from .negotiator import evaluate

    draft = session.state.draft
    if draft is None:
        return patience.need(session.ctx, cid)
    decision = evaluate(session.ctx, cid, Offer(positions=draft.positions))
    return decision.needed - decision.value


def answer_threat(session, cid: str, threat_id: str) -> None:
    """A threatened country answers: it appeals to its allies when it has some, else, if resolved enough,
    threatens to retaliate should you carry the threat out."""
    from .conference import FRIENDS, relation

    threat = next(t for t in session.scenario.threats if t.id == threat_id)
    country = session.scenario.country(cid)
    standing = next(t for t in reversed(session.state.threats) if t.country == cid and t.threat == threat_id)
    allies = [c for c in session.state.countries if c != cid and relation(session, c, cid) > FRIENDS
              and not patience.away(session.state.countries[c].temper, session.state.turn)]
    if allies:
        standing.answer = "appeal"
        names = ", ".join(session.name(c) for c in allies)
        session.log("appeal", f"{country.name} appeals to {names} against your {threat.name}.", cid)
        for ally in allies:
            session.gain_relationship(ally, -threat.relationship_cost * relation(session, ally, cid) / 200,
                                      f"{country.name}'s appeal against {threat.name}")
    elif country.resolve >= RESOLVE_TO_ANSWER:
        standing.answer = "counter_threat"
        session.log("counter_threat", f"{country.name}: \"Carry out {threat.name} and we will answer in kind.\"", cid)


def retaliate(session, cid: str, threat) -> None:
    """A counter-threat made good: the country answers your sanction with one of its own."""
    country = session.scenario.country(cid)
    loss = min(session.state.budget, threat.execution_cost * country.resolve)
    session.state.budget -= loss
    session.log("retaliation", f"{country.name} answers {threat.name} in kind: you lose {loss:.0f} of your budget.", cid)
