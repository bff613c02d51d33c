"""The conference between the parties themselves: side deals and the discipline of blocs.

Side deals: between turns, a party a few points short of voting for the draft on the table may be brought
round by a friend that votes for it with points to spare: the friend gives up some of its margin (a
concession on something the other cares about, outside the draft) and the other counts it as a gain. Both
are terms of their valuations (valuation.side_deal_terms), so the vote, the preview and the debrief all see
them; a new draft ends them.

Blocs: when a vote is called, a bloc's members follow the bloc's majority if they are within reach of it
(its cohesion, times BLOC_REACH, of their need) and, to vote yes, still clear their no-deal value: the bloc
holds. A member further away breaks with its bloc.
"""

from ..model.actions import Offer
from . import patience
from .valuation import points

SIDE_REACH = 0.06
"""A party at most this far short of its need can be brought round by a side deal."""
BLOC_REACH = 0.1
"""A bloc of cohesion 1 carries members up to this far from their need (either way) with its majority."""


def side_deals(session) -> dict[str, bool]:
    """Friends who vote for the draft buy the votes of friends a few points short, out of their own margin.
    Returns each party's own vote on the draft afterwards (empty without a draft)."""
    from .conference import FRIENDS, ballot, relation

    state = session.state
    if state.draft is None or state.phase != "negotiating":
        return {}
    draft = state.draft
    ballots = {cid: ballot(session, cid, draft) for cid in state.countries}
    votes = {cid: yes for cid, (d, yes) in ballots.items()}
    spare = {cid: d.value - d.needed for cid, (d, yes) in ballots.items() if yes and d.value >= d.needed}
    for cid, (decision, yes) in ballots.items():
        cs = state.countries[cid]
        gap = decision.needed - decision.value
        if yes or gap > SIDE_REACH or cs.collapsed or patience.away(cs.temper, state.turn):
            continue
        friends = [f for f, margin in spare.items()
                   if f != cid and margin >= gap and relation(session, f, cid) > FRIENDS and f not in cs.side_deals]
        if not friends:
            continue
        friend = max(friends, key=lambda f: (spare[f], f))
        spare[friend] -= gap
        votes[cid] = True  # its gap is made up; the friend keeps a margin of at least nothing
        cs.side_deals[friend] = cs.side_deals.get(friend, 0.0) + gap
        giver = state.countries[friend].side_deals
        giver[cid] = giver.get(cid, 0.0) - gap
        session.log("side_deal", f"{session.name(friend)} strikes a side deal with {session.name(cid)} for its vote "
                    f"on the draft ({points(gap)} point{'' if points(gap) == 1 else 's'} to {session.name(cid)}).", cid)
    return votes


def discipline(session, ballots: dict, draft: Offer, tell: bool = False) -> dict[str, bool]:
    """The votes after each bloc's discipline; with `tell`, the log says which blocs held and who broke."""
    from .valuation import no_deal_value

    scenario, state = session.scenario, session.state
    votes = {cid: yes for cid, (d, yes) in ballots.items()}
    blocs = scenario.conference.blocs if scenario.conference else []
    for bloc in blocs:
        members = [m for m in bloc.members if m in ballots and not patience.away(state.countries[m].temper, state.turn)
                   and not state.countries[m].collapsed]
        if len(members) < 2:
            continue
        ayes = sum(votes[m] for m in members)
        if ayes * 2 == len(members):
            continue
        line = ayes * 2 > len(members)
        reach = BLOC_REACH * bloc.cohesion
        held, broke = [], []
        for m in members:
            if votes[m] == line:
                continue
            d = ballots[m][0]
            gap = d.needed - d.value if line else d.value - d.needed
            if gap <= reach and (not line or d.value + 1e-9 >= no_deal_value(scenario, m, state)):
                votes[m] = line
                held.append(session.name(m))
            else:
                broke.append(session.name(m))
        if tell and held:
            session.log("bloc", f"The {bloc.name} holds: {', '.join(held)} vote{'s' if len(held) == 1 else ''} "
                        f"{'for' if line else 'against'} the draft with it.")
        if tell and broke:
            session.log("bloc", f"{', '.join(broke)} break{'s' if len(broke) == 1 else ''} with the {bloc.name} "
                        f"and vote{'s' if len(broke) == 1 else ''} {'against' if line else 'for'} the draft.")
    return votes
