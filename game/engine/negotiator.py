"""One AI country's answer to an offer: accept, counter or reject, always with its reasons.

A country judges the whole prospective agreement: issues already settled, the issues offered,
and, for open issues the offer leaves out, its own ideal. So a package split into pieces can
only be accepted piece by piece when the whole would have been accepted at the same moment.
"""

import numpy as np

from ..model.actions import Offer
from ..model.state import Decision
from .space import Space, country_tables, describe, player_tables
from .strategy import LinearUtility, concede_towards, smallest_flip
from .valuation import (
    Context,
    country_terms,
    needed,
    offer_deal,
    pressing,
    prospective,
    quantize,
    reward_value,
    trust,
)

REJECT_GAP = 0.25
"""An offer this far below what a country needs is refused outright (still with a counteroffer)."""


def evaluate(ctx: Context, country_id: str, offer: Offer) -> Decision:
    """A country's verdict on an offer with its reasons, without a counteroffer or a hint: the one
    judgement behind both the decision and the live preview of it."""
    country, cs = ctx.country(country_id)
    issues, others = country_terms(ctx, country_id, offer_deal(ctx, country_id, offer))
    terms = issues + others
    value = quantize(sum(t.value for t in terms))
    need = needed(country, cs, ctx.state, ctx.scenario, ctx.cone)
    if cs.collapsed:
        verdict = "reject"
    elif value + 1e-9 >= need:
        verdict = "accept"
    else:
        verdict = "reject" if value < need - REJECT_GAP else "counter"
    return Decision(country=country_id, verdict=verdict, terms=terms, value=value, needed=need)


def open_problem(ctx: Context, country_id: str) -> tuple[list[int], LinearUtility, float]:
    """The country's utility restricted to open issues, and the value of the settled ones
    (memoised on the space: it changes only when ideals move or issues settle)."""
    country, cs = ctx.country(country_id)
    key = ("open", country_id, tuple(sorted(cs.ideals.items())), tuple(sorted(ctx.state.agreed.items())))

    def make():
        weights, tables = country_tables(ctx.space, country, cs.ideals)
        fixed = ctx.space.encode(ctx.state.agreed)
        open_idx = [j for j in range(len(tables)) if j not in fixed]
        settled = sum(weights[j] * tables[j][k] for j, k in fixed.items())
        return open_idx, LinearUtility(weights[open_idx], [tables[j] for j in open_idx]), float(settled)

    return ctx.space.remember(key, make)


def closeness_tables(space: Space, open_idx: list[int], anchor: dict[int, int]) -> list[np.ndarray]:
    """The player's utility as the AI estimates it from an offer: equal weight on each issue it
    named, value falling with distance from the position it asked for (0 on issues it left out)."""
    named = [j for j in open_idx if j in anchor]
    share = 1.0 / len(named) if named else 0.0
    out = []
    for j in open_idx:
        grid = space.positions[j]
        if j not in anchor:
            out.append(np.zeros(len(grid)))
        elif isinstance(grid[0], str):
            out.append(share * (np.arange(len(grid)) == anchor[j]).astype(float))
        else:
            out.append(share * (1.0 - np.abs(np.arange(len(grid)) - anchor[j]) / max(1, len(grid) - 1)))
    return out


def counter_offer(ctx: Context, country_id: str, anchor: Offer, issue_target: float) -> Offer:
    """Keep the country's own issue target while staying as close to the player's offer as it can."""
    open_idx, own, settled = open_problem(ctx, country_id)
    asked = ctx.space.encode(anchor.positions)
    outcome = concede_towards(own, issue_target - settled, closeness_tables(ctx.space, open_idx, asked))
    positions = ctx.space.decode({j: k for j, k in zip(open_idx, outcome)})
    return Offer(positions=positions, rewards=anchor.rewards)


def flip_hint(ctx: Context, country_id: str, offer: Offer, gap: float) -> str:
    """The smallest change that would turn this answer into a yes: one or two issue moves that
    cost the player least, or one reward, whichever costs the player less."""
    country, cs = ctx.country(country_id)
    open_idx, own, settled = open_problem(ctx, country_id)
    full = ctx.space.encode(prospective(ctx, country_id, offer))
    current = [full[j] for j in open_idx]
    p_weights, p_tables = player_tables(ctx.space)
    partner = [p_weights[j] * p_tables[j] for j in open_idx]
    options = []
    flip = smallest_flip(current, own, own(current) + gap, partner_values=partner)
    if flip is not None:
        moves = [f"{ctx.scenario.issues[open_idx[j]].name} to "
                 f"{describe(ctx.scenario.issues[open_idx[j]], ctx.space.positions[open_idx[j]][k])}"
                 for j, _, k in flip.changes]
        options.append((flip.partner_cost, "move " + " and ".join(moves)))
    already = set(offer_deal(ctx, country_id, offer).rewards[country_id])
    for reward in ctx.scenario.rewards:
        if reward.id in already:
            continue
        if reward_value(ctx.scenario, ctx.cone, country, reward.id) * trust(ctx.state, country_id) + 1e-9 >= gap:
            options.append((reward.cost / max(1.0, ctx.scenario.player.budget), f"add {reward.name}"))
    if not options:
        return f"no small change closes the gap of {gap * 100:.0f} points; wait, or build goodwill"
    return f"{min(options)[1]} and we would agree"


def decide(ctx: Context, country_id: str, offer: Offer) -> Decision:
    """The country's answer: the verdict with its reasons and, unless it accepts, a counteroffer and
    the smallest change that would turn its answer into a yes."""
    country, cs = ctx.country(country_id)
    decision = evaluate(ctx, country_id, offer)
    value, need = decision.value, decision.needed
    if cs.collapsed:
        decision.flip = "wait until its government recovers (stability above 25)"
        decision.text = f"{country.name} has no government able to sign anything now."
        return decision
    if decision.verdict == "accept":
        decision.text = f"{country.leader} accepts."
        return decision
    # The counteroffer keeps the offer's rewards but not its new threats, so its issue target must not
    # count their pressure: otherwise the country would refuse its own counteroffer.
    kept = Offer(positions=offer.positions, rewards=offer.rewards,
                 threats=tuple(t for t in offer.threats if t in pressing(ctx.state, country_id)))
    others = country_terms(ctx, country_id, offer_deal(ctx, country_id, kept))[1]
    issue_target = need - sum(t.value for t in others)
    decision.counter = counter_offer(ctx, country_id, offer, issue_target)
    decision.flip = flip_hint(ctx, country_id, offer, need - value)
    word = "rejects the offer" if decision.verdict == "reject" else "counters"
    text = f"{country.leader} {word}."
    open_idx, own, settled = open_problem(ctx, country_id)
    best = own.max_utility + settled
    if best + 1e-9 < issue_target:
        # Even its own ideal terms fall short today: say so, rather than offer terms it would refuse.
        text += (f" Even on its own terms it would get {best * 100:.0f} of the {issue_target * 100:.0f} it needs from"
                 " the issues today: it needs rewards, better relations or more time.")
    decision.text = text
    return decision
