"""One AI country's answer to an offer: accept, counter or reject, always with its reasons.

A country judges the whole prospective agreement: issues already settled, the issues offered,
and, for open issues the offer leaves out, its own ideal. So a package split into pieces can
only be accepted piece by piece when the whole would have been accepted at the same moment.
What it needs is its hidden patience's (patience.py); its counteroffer keeps its own target and,
among the deals that do, gives its partners what it estimates they value most (learning.py): it
gives on what it cares little about to get what it cares much about.
"""

import numpy as np

from ..model.actions import Offer
from ..model.state import Decision
from . import patience
from .learning import BayesianOfferModel, model_of, partner_reference, partners
from .space import describe, player_tables
from .strategy import concede_towards, nash_offer, pad, smallest_flip
from .valuation import (
    Context,
    country_terms,
    offer_deal,
    open_problem,
    points,
    pressing,
    promised,
    prospective,
    quantize,
    reward_value,
    trust,
)

REJECT_GAP = 0.25
"""An offer this far below what a country needs is refused outright (still with a counteroffer)."""
ASPIRATION_MARGIN = 0.3
"""With several partners, each is assumed to need no less than its estimated current level minus this."""
WEIGHT_GAP = 0.05
"""An issue is traded when the partner's estimated weight on it and the country's differ by this much."""


def evaluate(ctx: Context, country_id: str, offer: Offer) -> Decision:
    """A country's verdict on an offer with its reasons, without a counteroffer or a hint: the one
    judgement behind both the decision and the live preview of it."""
    cs = ctx.state.countries[country_id]
    issues, others = country_terms(ctx, country_id, offer_deal(ctx, country_id, offer))
    terms = issues + others
    value = quantize(sum(t.value for t in terms))
    need = patience.need(ctx, country_id)
    if cs.collapsed or patience.away(cs.temper, ctx.state.turn):
        verdict = "reject"
    elif value + 1e-9 >= need:
        verdict = "accept"
    else:
        verdict = "reject" if value < need - REJECT_GAP else "counter"
    return Decision(country=country_id, verdict=verdict, terms=terms, value=value, needed=need,
                    stance=patience.stance(ctx, country_id))


def partner_models(ctx: Context, country_id: str) -> list[tuple[str, object]]:
    """The country's models of the partners it has seen make offers (the player, in a game)."""
    found = [(p, model_of(ctx, p)) for p in partners(ctx, country_id)]
    return [(p, m) for p, m in found if m.n_offers]


def partner_levels(ctx: Context, country_id: str) -> dict[str, float]:
    """At a table of three or more: each partner's level as the country models it (its estimated utility for
    its own latest offer); empty in talks between two, where concessions are read in the country's terms."""
    return {p: m.aspiration for p, m in partner_models(ctx, country_id) if isinstance(m, BayesianOfferModel)}


def fair_point(ctx: Context, country_id: str) -> float | None:
    """Its utility at the Nash point it estimates between itself and its partners, its floor until late; none
    while it has no model of some other country at the table (in a conference, the parties whose votes a
    deal needs: a Nash point with the player alone would not be one)."""
    seen = set(partners(ctx, country_id))
    if any(c != country_id and c not in seen for c in ctx.state.countries):
        return None
    found = partner_models(ctx, country_id)
    return patience.estimate_fair(ctx, country_id, [(m, partner_reference(ctx, m)) for _, m in found])


def counter_offer(ctx: Context, country_id: str, issue_target: float, rewards: tuple[str, ...] = ()) -> Offer:
    """Terms that keep the country's issue target and, among those, give its partners what it estimates they
    value most: the most for one partner, the largest estimated Nash product for several."""
    open_idx, own, settled = open_problem(ctx, country_id)
    goal = issue_target - settled
    models = partner_models(ctx, country_id)
    if len(models) <= 1:
        partner = np.zeros_like(own.matrix) if not models else models[0][1].matrix[open_idx]
        outcome = concede_towards(own, goal, partner)
    else:
        fixed = ctx.space.encode(ctx.state.agreed)
        mats, refs = [], []
        for _, m in models:
            held = sum(m.matrix[j, k] for j, k in fixed.items())
            level = m.aspiration - ASPIRATION_MARGIN if isinstance(m, BayesianOfferModel) else 0.0
            mats.append(m.matrix[open_idx])
            refs.append(max(partner_reference(ctx, m), level) - held)
        counter = ctx.state.countries[country_id].counter
        start = None
        if counter is not None and set(counter.positions) >= {ctx.space.issue_ids[j] for j in open_idx}:
            encoded = ctx.space.encode(counter.positions)
            start = [encoded[j] for j in open_idx]
        outcome = nash_offer(own, goal, mats, refs, start=start, iters=1, resolution=512)
    positions = ctx.space.decode({j: k for j, k in zip(open_idx, outcome)})
    return Offer(positions=positions, rewards=rewards)


def trades(ctx: Context, country_id: str, counter: Offer) -> str:
    """What the counteroffer gives and keeps, and why: the issues the partner seems to care about more than
    the country, where the counteroffer moves toward what the partner asked."""
    models = partner_models(ctx, country_id)
    if len(models) != 1:
        return ""
    model = models[0][1].matrix
    country, cs = ctx.country(country_id)
    spread = np.where(model > 0, model, 0).max(axis=1)
    theirs = spread / spread.sum() if spread.sum() > 0 else spread
    given, kept = [], []
    for issue_id, position in counter.positions.items():
        interest = country.interests.get(issue_id)
        j = ctx.space.issue_ids.index(issue_id)
        ours = interest.weight if interest is not None else 0.0
        asked = int(np.argmax(model[j]))
        k = ctx.space.index(issue_id, position)
        ideal = ctx.space.index(issue_id, cs.ideals[issue_id])
        name = ctx.scenario.issue(issue_id).name
        hidden = interest is not None and interest.hidden and issue_id not in cs.revealed
        ordered = ctx.scenario.issue(issue_id).type == "range"
        toward = abs(k - asked) < abs(ideal - asked) if ordered else k == asked != ideal
        if theirs[j] > ours + WEIGHT_GAP and toward:
            given.append(name)
        elif ours > theirs[j] + WEIGHT_GAP and k == ideal and not hidden:
            kept.append(name)
    words = []
    if given:
        words.append(f"We give on {_join(given)} because you seem to care about {'it' if len(given) == 1 else 'them'}"
                     " more than we do.")
    if kept:
        words.append(f"We hold on {_join(kept)}, which matter{'s' if len(kept) == 1 else ''} more to us.")
    return " ".join(words)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def flip_hint(ctx: Context, country_id: str, offer: Offer, gap: float) -> str:
    """The smallest change that would turn this answer into a yes: one or two issue moves that
    cost the player least, or one reward, whichever costs the player less."""
    country, cs = ctx.country(country_id)
    open_idx, own, settled = open_problem(ctx, country_id)
    full = ctx.space.encode(prospective(ctx, country_id, offer))
    current = [full[j] for j in open_idx]
    options = []
    flip = smallest_flip(current, own, own(current) + gap, partner_values=_player_open(ctx, open_idx))
    if flip is not None:
        moves = [f"{ctx.scenario.issues[open_idx[j]].name} to "
                 f"{describe(ctx.scenario.issues[open_idx[j]], ctx.space.positions[open_idx[j]][k])}"
                 for j, _, k in flip.changes]
        options.append((flip.partner_cost, "move " + " and ".join(moves)))
    already = set(promised(ctx.state, country_id)) | set(offer.rewards)
    belief = trust(ctx.state, country_id)
    for reward in ctx.scenario.rewards:
        if reward.id in already:
            continue
        if reward_value(ctx.scenario, ctx.cone, country, reward.id) * belief + 1e-9 >= gap:
            options.append((reward.cost / max(1.0, ctx.scenario.player.budget), f"add {reward.name}"))
    if not options:
        return f"no small change closes the gap of {gap * 100:.0f} points; move toward us, or build goodwill"
    return f"{min(options)[1]} and we would agree"


def _player_open(ctx: Context, open_idx: list[int]) -> np.ndarray:
    """The player's utility tables on the open issues, as a contributions matrix (memoised)."""
    def make():
        weights, tables = player_tables(ctx.space)
        return pad([weights[j] * tables[j] for j in open_idx], 0.0)

    return ctx.space.remember(("player open", tuple(open_idx)), make)


def issue_target(ctx: Context, country_id: str, offer: Offer, need: float) -> float:
    """What the issues must give the country for it to reach `need`, with the offer's rewards and the threats
    already pressing (not the offer's new threats: the country would refuse its own counteroffer)."""
    kept = Offer(positions=offer.positions, rewards=offer.rewards,
                 threats=tuple(t for t in offer.threats if t in pressing(ctx.state, country_id)))
    others = country_terms(ctx, country_id, offer_deal(ctx, country_id, kept))[1]
    return need - sum(t.value for t in others)


def respond(ctx: Context, country_id: str, offer: Offer) -> Decision:
    """The verdict and, unless the country accepts (or cannot sign), its counteroffer."""
    decision = evaluate(ctx, country_id, offer)
    cs = ctx.state.countries[country_id]
    if decision.verdict != "accept" and not cs.collapsed and not patience.away(cs.temper, ctx.state.turn):
        target = issue_target(ctx, country_id, offer, decision.needed)
        decision.counter = counter_offer(ctx, country_id, target, offer.rewards)
    return decision


def stance(ctx: Context, country_id: str, draft: Offer) -> Decision:
    """A party's stance on a conference draft: its verdict with its reasons and, unless it votes for it, the
    smallest change that would win its vote (searched only when the draft is within reach: a rejection
    says how far it is). No counteroffer: a party's own terms come as its proposals when you are silent
    (initiative.py), the table's as the chair's compromise."""
    country, cs = ctx.country(country_id)
    decision = evaluate(ctx, country_id, draft)
    if decision.verdict == "accept":
        decision.text = f"{country.leader} will vote for it."
    elif cs.collapsed or patience.away(cs.temper, ctx.state.turn):
        decision.text = f"{country.name} cannot vote on it now."
    elif decision.verdict == "reject":
        gap = decision.needed - decision.value
        decision.flip = f"the draft is {gap * 100:.0f} points short of what it needs: move it much closer to its positions"
        decision.text = f"{country.leader} rejects it."
    else:
        decision.flip = flip_hint(ctx, country_id, draft, decision.needed - decision.value)
        decision.text = f"{country.leader} is not convinced by it."
    return decision


def decide(ctx: Context, country_id: str, offer: Offer) -> Decision:
    """The country's answer: the verdict with its reasons and, unless it accepts, a counteroffer and
    the smallest change that would turn its answer into a yes."""
    country, cs = ctx.country(country_id)
    decision = respond(ctx, country_id, offer)
    value, need = decision.value, decision.needed
    if cs.collapsed:
        decision.flip = "wait until its government recovers (stability above 25)"
        decision.text = f"{country.name} has no government able to sign anything now."
        return decision
    if decision.verdict == "accept":
        decision.text = f"{country.leader} accepts."
        return decision
    if decision.counter is None:
        decision.flip = "wait for its delegation to come back" if cs.temper.left is None else "nothing: it has left"
        decision.text = f"{country.name}'s delegation is not at the table."
        return decision
    target = issue_target(ctx, country_id, offer, need)
    decision.flip = flip_hint(ctx, country_id, offer, need - value)
    word = "rejects the offer" if decision.verdict == "reject" else "counters"
    text = f"{country.leader} {word}."
    open_idx, own, settled = open_problem(ctx, country_id)
    best = own.max_utility + settled
    if points(best) < points(target):
        # Even its own ideal terms fall short today: say so, rather than offer terms it would refuse.
        text += (f" Even on its own terms it would get {best * 100:.0f} of the {target * 100:.0f} it needs from"
                 " the issues today: it needs rewards, better relations or a move from you.")
    else:
        reason = trades(ctx, country_id, decision.counter)
        if reason:
            text += " " + reason
    decision.text = text
    return decision
