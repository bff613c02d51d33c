"""One AI country's answer to an offer: accept, counter or reject, always with its reasons.

A country judges the whole prospective agreement: issues already settled, the issues offered,
and, for open issues the offer leaves out, its own ideal. So a package split into pieces can
only be accepted piece by piece when the whole would have been accepted at the same moment.
"""

from dataclasses import dataclass

import numpy as np

from ..model.actions import Offer
from ..model.cones import ConeProfile
from ..model.scenario import Country, Scenario
from ..model.state import CountryState, Decision, GameState, Term
from .space import Space, country_tables, describe, player_tables
from .strategy import LinearUtility, concede_towards, smallest_flip
from .valuation import issue_terms, lever_terms, mood_terms, needed, reward_value

REJECT_GAP = 0.25
"""An offer this far below what a country needs is refused outright (still with a counteroffer)."""


@dataclass
class Context:
    scenario: Scenario
    space: Space
    cone: ConeProfile
    state: GameState

    def country(self, country_id: str) -> tuple[Country, CountryState]:
        return self.scenario.country(country_id), self.state.countries[country_id]


def prospective(ctx: Context, country: Country, cs: CountryState, offer: Offer) -> dict:
    """The whole agreement the country would be signing: settled + offered + its ideal elsewhere."""
    positions = dict(ctx.state.agreed)
    for issue_id in ctx.space.issue_ids:
        if issue_id in positions:
            continue
        positions[issue_id] = offer.positions.get(issue_id, cs.ideals[issue_id])
    return positions


def all_terms(ctx: Context, country_id: str, offer: Offer) -> tuple[list[Term], list[Term]]:
    """(issue terms, other terms) of an offer for a country."""
    country, cs = ctx.country(country_id)
    positions = prospective(ctx, country, cs, offer)
    rewards = list(dict.fromkeys([*ctx.state.agreed_rewards, *offer.rewards]))
    others = lever_terms(ctx.scenario, ctx.cone, ctx.state, country, cs, rewards, offer.threats)
    others += mood_terms(cs, ctx.scenario.player.country)
    return issue_terms(ctx.scenario, country, cs, positions), others


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
    full = ctx.space.encode(prospective(ctx, country, cs, offer))
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
    for reward in ctx.scenario.rewards:
        if reward.id in offer.rewards or reward.id in ctx.state.agreed_rewards:
            continue
        if reward_value(ctx.scenario, ctx.cone, country, reward.id) + 1e-9 >= gap:
            options.append((reward.cost / max(1.0, ctx.scenario.player.budget), f"add {reward.name}"))
    if not options:
        return f"no small change closes the gap of {gap * 100:.0f} points; wait, or build goodwill"
    return f"{min(options)[1]} and we would agree"


def decide(ctx: Context, country_id: str, offer: Offer) -> Decision:
    country, cs = ctx.country(country_id)
    issues, others = all_terms(ctx, country_id, offer)
    value = sum(t.value for t in issues) + sum(t.value for t in others)
    need = needed(country, cs, ctx.state, ctx.scenario, ctx.cone)
    terms = issues + others
    if cs.collapsed:
        return Decision(country=country_id, verdict="reject", terms=terms, value=value, needed=need,
                        counter=None, flip="wait until its government recovers (stability above 25)",
                        text=f"{country.name} has no government able to sign anything now.")
    if value + 1e-9 >= need:
        return Decision(country=country_id, verdict="accept", terms=terms, value=value, needed=need,
                        text=f"{country.leader} accepts.")
    # The counteroffer keeps the offer's rewards but not its threats, so its issue target must not
    # count the threats' pressure: otherwise the country would refuse its own counteroffer.
    kept = all_terms(ctx, country_id, Offer(positions=offer.positions, rewards=offer.rewards))[1]
    issue_target = need - sum(t.value for t in kept)
    counter = counter_offer(ctx, country_id, offer, issue_target)
    verdict = "reject" if value < need - REJECT_GAP else "counter"
    flip = flip_hint(ctx, country_id, offer, need - value)
    word = "rejects the offer" if verdict == "reject" else "counters"
    text = f"{country.leader} {word}."
    open_idx, own, settled = open_problem(ctx, country_id)
    best = own.max_utility + settled
    if best + 1e-9 < issue_target:
        # Even its own ideal terms fall short today: say so, rather than offer terms it would refuse.
        text += (f" Even on its own terms it would get {best * 100:.0f} of the {issue_target * 100:.0f} it needs from"
                 " the issues today: it needs rewards, better relations or more time.")
    return Decision(country=country_id, verdict=verdict, terms=terms, value=value, needed=need,
                    counter=counter, flip=flip, text=text)
