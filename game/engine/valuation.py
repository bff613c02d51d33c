"""The one valuation: what a deal is worth to each party, term by term.

Every part of the game that judges a deal calls these functions: a country's decision and the live
preview of it, the chair's compromise, the debrief's Nash point and Pareto frontier, the reports, the
bots and the benchmarks. Utilities are in units where 0.12 shows as +12 points.

A country's utility of a deal:
  issues    weight x value (0..1) of the position on each issue it cares about, given its current ideal
  rewards   for each reward promised to it: value x how much it cares for the domain x the cone's factor,
            times its trust in your promises while the reward is still owed (delivered ones count in full)
  threats   for each threat pressing on it: harm x (1 - resolve) x credibility while it stands, and
            harm x (1 - resolve) once carried out (a sanction in force, which the agreement lifts)
  mood      relations with you (+-8 at +-100) and public support for a deal (+-10 at 100 % / 0 %)
  side deals  in a conference, what it gains or gives up in side deals with other parties on the draft
Its no-deal value is its reservation (BATNA). Threats count on the deal's side because refusing would
cost the country that much: the same as lowering its BATNA, without changing what no deal is worth.

The player's utility of a deal:
  objectives  weight x value of the position on each objective's issue (no position: 0)
  rewards     minus cost x budget_weight / mission budget for each reward promised, where the mission
              budget is the starting budget plus each turn's allowance until the deadline
Its no-deal value is the scenario's BATNA (`player.batna`).
"""

import math
from dataclasses import dataclass

import numpy as np

from ..model.actions import Offer
from ..model.cones import ConeProfile
from ..model.positions import objective_value
from ..model.scenario import Country, Reward, Scenario
from ..model.state import CountryState, Deal, GameState, Term
from .space import Space, country_tables, describe, position_value
from .strategy import LinearUtility

POINT = 0.01
"""Utilities are judged in whole points (0.01): the verdict, its preview, the reasons and the debrief
all round the same way, so "45 of 45 needed" is always a yes and "44 of 45" always a no."""
RELATIONSHIP_WEIGHT = 0.08
SUPPORT_WEIGHT = 0.10
"""A public that backs a deal with you lets a government sign for less: +-10 points at 100 % / 0 % support."""
WHIP_REACH = 0.1
"""A whip of strength 1 lowers what a country needs by this much (never below its outside option)."""


@dataclass
class Context:
    """What a valuation reads: the scenario, its outcome space, the player's cone and a game state."""

    scenario: Scenario
    space: Space
    cone: ConeProfile
    state: GameState

    def country(self, country_id: str) -> tuple[Country, CountryState]:
        return self.scenario.country(country_id), self.state.countries[country_id]


def points(value):
    """A utility in whole points, rounded half up (scalars and NumPy arrays alike, the same arithmetic)."""
    if isinstance(value, np.ndarray):
        out = value * 100
        out += 0.5
        out += 1e-9
        return np.floor(out, out=out)
    return int(math.floor(value * 100 + 0.5 + 1e-9))


def quantize(value):
    """A utility rounded to whole points, as a utility (0.4567 -> 0.46)."""
    return points(value) / 100


# ----------------------------------------------------------------------------- the pieces


def reward_of(scenario: Scenario, reward_id: str) -> Reward:
    return next(r for r in scenario.rewards if r.id == reward_id)


def reward_value(scenario: Scenario, cone: ConeProfile, country: Country, reward_id: str) -> float:
    """A reward's value to a country, before its trust in your word."""
    reward = reward_of(scenario, reward_id)
    care = country.reward_values.get(reward.domain, 1.0)
    return reward.value * care * cone.reward_value_factors.get(reward.domain, 1.0)


def reward_cost(cone: ConeProfile, reward: Reward) -> float:
    """What a reward costs the player in budget, with the cone's factors."""
    return reward.cost * cone.lever_cost_factor * cone.reward_cost_factors.get(reward.domain, 1.0)


def mission_budget(scenario: Scenario, cone: ConeProfile) -> float:
    """All the money the mission will have over the talks: the scale of the budget-to-utility rule."""
    return max(1.0, scenario.player.budget + cone.budget_per_turn * (scenario.player.deadline - 1))


def cost_utility(scenario: Scenario, cone: ConeProfile, reward: Reward) -> float:
    """A reward's cost to the player in utility: cost x budget_weight / mission budget."""
    return reward_cost(cone, reward) * scenario.player.budget_weight / mission_budget(scenario, cone)


def trust(state: GameState, country_id: str) -> float:
    """How much a country believes the player's promises, 0..1."""
    return state.trust.get(country_id, 1.0)


def delivered(state: GameState, country_id: str, reward_id: str) -> bool:
    return any(p.country == country_id and p.reward == reward_id and p.status == "delivered" for p in state.promises)


def promised(state: GameState, country_id: str) -> list[str]:
    """Rewards promised to a country that still count: owed or delivered."""
    return list(dict.fromkeys(p.reward for p in state.promises
                              if p.country == country_id and p.status in ("owed", "delivered")))


def pressing(state: GameState, country_id: str) -> list[str]:
    """Threats pressing on a country: standing, or carried out and in force."""
    return list(dict.fromkeys(t.threat for t in state.threats
                              if t.country == country_id and t.status in ("standing", "carried_out")))


def in_force(state: GameState, country_id: str, threat_id: str) -> bool:
    return any(t.country == country_id and t.threat == threat_id and t.status == "carried_out" for t in state.threats)


def threat_pressure(scenario: Scenario, state: GameState, country: Country, cs: CountryState, threat_id: str) -> float:
    """What refusing would cost the country: harm x (1 - resolve), x credibility unless in force."""
    if cs.collapsed:
        return 0.0
    threat = next(t for t in scenario.threats if t.id == threat_id)
    odds = 1.0 if in_force(state, country.id, threat_id) else state.credibility[threat_id]
    return threat.harm * odds * (1.0 - country.resolve)


# ----------------------------------------------------------------------------- country terms


def issue_terms(scenario: Scenario, country: Country, cs: CountryState, positions: dict,
                space: Space | None = None) -> list[Term]:
    """The issue terms of a deal's positions for a country, given its current ideals (memoised on `space`
    when given: a turn judges the same draft several times)."""
    if space is None:
        return _issue_terms(scenario, country, cs, positions)
    key = ("terms", country.id, tuple(positions.items()), tuple(cs.ideals.items()), tuple(cs.revealed))
    return space.remember(key, lambda: _issue_terms(scenario, country, cs, positions))


def _issue_terms(scenario: Scenario, country: Country, cs: CountryState, positions: dict) -> list[Term]:
    terms, hidden = [], None
    for issue in scenario.issues:
        interest = country.interests.get(issue.id)
        if interest is None or issue.id not in positions:
            continue
        position = positions[issue.id]
        value = interest.weight * position_value(issue, cs.ideals[issue.id], interest.values, position)
        if interest.hidden and issue.id not in cs.revealed:
            hidden = (hidden or 0.0) + value
            continue
        ideal = describe(issue, cs.ideals[issue.id])
        terms.append(Term.model_construct(label=f"{issue.name}: {describe(issue, position)} (we want {ideal})", value=value))
    if hidden is not None:
        terms.append(Term.model_construct(label="other concerns (analyze to learn them)", value=hidden))
    return terms


def reward_terms(ctx: Context, country: Country, rewards: list[str]) -> list[Term]:
    terms = []
    belief = trust(ctx.state, country.id)
    for reward_id in rewards:
        name = reward_of(ctx.scenario, reward_id).name
        value = reward_value(ctx.scenario, ctx.cone, country, reward_id)
        if delivered(ctx.state, country.id, reward_id):
            terms.append(Term.model_construct(label=f"{name} delivered", value=value))
        elif belief < 1.0 - 1e-9:
            terms.append(Term.model_construct(label=f"{name} promised (we believe your word {belief:.0%})", value=value * belief))
        else:
            terms.append(Term.model_construct(label=f"{name} promised", value=value))
    return terms


def threat_terms(ctx: Context, country: Country, cs: CountryState, threats: list[str]) -> list[Term]:
    terms = []
    for threat_id in threats:
        name = next(t.name for t in ctx.scenario.threats if t.id == threat_id)
        if in_force(ctx.state, country.id, threat_id):
            label = f"lifting {name}, in force"
        else:
            label = f"avoiding {name} (credibility {ctx.state.credibility[threat_id]:.0%})"
        terms.append(Term.model_construct(label=label, value=threat_pressure(ctx.scenario, ctx.state, country, cs, threat_id)))
    return terms


def mood_terms(cs: CountryState, player_country: str) -> list[Term]:
    return [
        Term.model_construct(label=f"relations with {player_country} ({cs.relationship:+.0f})",
             value=RELATIONSHIP_WEIGHT * cs.relationship / 100),
        Term.model_construct(label=f"public support for a deal ({cs.support:.0f} %)",
             value=SUPPORT_WEIGHT * (cs.support - 50) / 50),
    ]


def side_deal_terms(ctx: Context, cs: CountryState) -> list[Term]:
    """Side deals struck with other parties on the draft on the table (lobbying.py)."""
    return [Term.model_construct(label=f"side deal with {ctx.scenario.country(other).name}", value=value)
            for other, value in cs.side_deals.items()]


def country_terms(ctx: Context, country_id: str, deal: Deal) -> tuple[list[Term], list[Term]]:
    """(issue terms, lever and mood terms) of a deal for one country."""
    country, cs = ctx.country(country_id)
    others = reward_terms(ctx, country, deal.rewards.get(country_id, []))
    others += threat_terms(ctx, country, cs, deal.threats.get(country_id, []))
    others += mood_terms(cs, ctx.scenario.player.country) + side_deal_terms(ctx, cs)
    return issue_terms(ctx.scenario, country, cs, deal.positions, ctx.space), others


def country_utility(ctx: Context, country_id: str, deal: Deal) -> float:
    """The deal's worth to the country, in whole points: what its decision compares with its need."""
    issues, others = country_terms(ctx, country_id, deal)
    return quantize(sum(t.value for t in issues) + sum(t.value for t in others))


# ----------------------------------------------------------------------------- the player


def player_terms(ctx: Context, deal: Deal) -> list[Term]:
    """The player's utility of a deal, term by term (weights of the objectives normalised to 1)."""
    scenario = ctx.scenario
    total = sum(o.weight for o in scenario.player.objectives)
    terms = []
    for objective in scenario.player.objectives:
        if objective.issue in deal.positions:
            issue = scenario.issue(objective.issue)
            value = objective.weight / total * objective_value(issue, objective, deal.positions[objective.issue])
            terms.append(Term.model_construct(label=f"{issue.name}: {describe(issue, deal.positions[objective.issue])}", value=value))
    for country_id, rewards in deal.rewards.items():
        for reward_id in rewards:
            reward = reward_of(scenario, reward_id)
            terms.append(Term.model_construct(label=f"{reward.name} for {scenario.country(country_id).name}",
                              value=-cost_utility(scenario, ctx.cone, reward)))
    return terms


def player_utility(ctx: Context, deal: Deal) -> float:
    """The deal's worth to the player, in whole points."""
    return quantize(sum(t.value for t in player_terms(ctx, deal)))


def no_deal_value(scenario: Scenario, party: str | None, state: GameState | None = None) -> float:
    """A party's utility of no deal, in whole points: a country's outside option at that moment (its
    reservation when no game state says more), or the player's BATNA (party None)."""
    if party is None:
        return quantize(scenario.player.batna)
    temper = state.countries[party].temper if state is not None else None
    return quantize(scenario.country(party).reservation if temper is None else temper.outside)


def worth(ctx: Context, country_id: str, offer: Offer) -> float:
    """What an offer gives the country, issues and rewards, without threats or mood: how it measures your
    concessions."""
    country, cs = ctx.country(country_id)
    deal = offer_deal(ctx, country_id, offer)
    terms = issue_terms(ctx.scenario, country, cs, deal.positions, ctx.space) + reward_terms(ctx, country, deal.rewards[country_id])
    return sum(t.value for t in terms)


# ----------------------------------------------------------------------------- offers as deals


def prospective(ctx: Context, country_id: str, offer: Offer) -> dict:
    """The whole agreement the country would be signing: settled + offered + its ideal elsewhere."""
    cs = ctx.state.countries[country_id]
    positions = dict(ctx.state.agreed)
    for issue_id in ctx.space.issue_ids:
        if issue_id not in positions:
            positions[issue_id] = offer.positions.get(issue_id, cs.ideals[issue_id])
    return positions


def offer_deal(ctx: Context, country_id: str, offer: Offer, positions: dict | None = None) -> Deal:
    """The deal a country judges when it gets `offer`: the prospective positions (or those given), the
    rewards already promised to it plus the offer's, the threats already pressing plus the offer's."""
    return Deal(
        positions=prospective(ctx, country_id, offer) if positions is None else positions,
        rewards={country_id: list(dict.fromkeys([*promised(ctx.state, country_id), *offer.rewards]))},
        threats={country_id: list(dict.fromkeys([*pressing(ctx.state, country_id), *offer.threats]))},
    )


# ----------------------------------------------------------------------------- the open issues as tables


def open_problem(ctx: Context, country_id: str) -> tuple[list[int], LinearUtility, float]:
    """The country's utility restricted to open issues, and the value of the settled ones (memoised on the
    space: it changes only when ideals move or issues settle)."""
    country, cs = ctx.country(country_id)
    key = ("open", country_id, tuple(sorted(cs.ideals.items())), tuple(sorted(ctx.state.agreed.items())))

    def make():
        weights, tables = country_tables(ctx.space, country, cs.ideals)
        fixed = ctx.space.encode(ctx.state.agreed)
        open_idx = [j for j in range(len(tables)) if j not in fixed]
        settled = sum(weights[j] * tables[j][k] for j, k in fixed.items())
        return open_idx, LinearUtility(weights[open_idx], [tables[j] for j in open_idx]), float(settled)

    return ctx.space.remember(key, make)
