"""How an AI country values an offer, term by term, and what it needs at this point of the talks.

value = issue utilities (weight x 0..1 value, linear additive)
      + rewards promised (value x how much it cares for the domain x the cone's factor)
      + pressure of threats attached (harm x credibility x (1 - resolve): refusing would cost this)
      + relationship with the player (+-0.08 at +-100) + public support for a deal (+-0.05)
needed = Faratin aspiration: reservation + (1 - reservation) * (1 - t ** (1 / e)), t = 0 .. 1 over the turns.

Threats enter as a positive term because they lower the value of refusing (the country's BATNA);
their cost to the relationship is paid when they are made, through the relationship term.
"""

from ..model.cones import ConeProfile
from ..model.scenario import Country, Scenario
from ..model.state import CountryState, GameState, Term
from .space import describe, issue_values
from .strategy import CONCESSION_EXPONENTS, faratin_target

RELATIONSHIP_WEIGHT = 0.08
SUPPORT_WEIGHT = 0.05


def exponent(country: Country) -> float:
    style = country.concession
    return CONCESSION_EXPONENTS[style] if isinstance(style, str) else float(style)


def talk_time(state: GameState, scenario: Scenario) -> float:
    """Relative time of the talks: 0 on the first turn, 1 on the deadline turn."""
    span = max(1, scenario.player.deadline - 1)
    return min(1.0, max(0.0, (state.turn - 1) / span))


WHIP_REACH = 0.1
"""A whip of strength 1 lowers what a country needs by this much (never below its reservation)."""


def needed(country: Country, cs: CountryState, state: GameState, scenario: Scenario, cone: ConeProfile) -> float:
    target = faratin_target(talk_time(state, scenario), country.reservation, exponent(country))
    if cs.whipped:
        target = max(country.reservation, target - WHIP_REACH * cone.whip_strength)
    return target


def issue_terms(scenario: Scenario, country: Country, cs: CountryState, positions: dict) -> list[Term]:
    terms, hidden = [], None
    for issue in scenario.issues:
        interest = country.interests.get(issue.id)
        if interest is None or issue.id not in positions:
            continue
        position = positions[issue.id]
        value = interest.weight * float(issue_values(issue, cs.ideals[issue.id], interest.values, [position])[0])
        if interest.hidden and issue.id not in cs.revealed:
            hidden = (hidden or 0.0) + value
            continue
        ideal = describe(issue, cs.ideals[issue.id])
        terms.append(Term(label=f"{issue.name}: {describe(issue, position)} (we want {ideal})", value=value))
    if hidden is not None:
        terms.append(Term(label="other concerns (analyze to learn them)", value=hidden))
    return terms


def reward_value(scenario: Scenario, cone: ConeProfile, country: Country, reward_id: str) -> float:
    reward = next(r for r in scenario.rewards if r.id == reward_id)
    care = country.reward_values.get(reward.domain, 1.0)
    return reward.value * care * cone.reward_value_factors.get(reward.domain, 1.0)


def threat_pressure(scenario: Scenario, state: GameState, country: Country, cs: CountryState, threat_id: str) -> float:
    if cs.collapsed:
        return 0.0
    threat = next(t for t in scenario.threats if t.id == threat_id)
    return threat.harm * state.credibility[threat_id] * (1.0 - country.resolve)


def lever_terms(scenario, cone, state, country, cs, rewards, threats) -> list[Term]:
    terms = []
    for reward_id in rewards:
        name = next(r.name for r in scenario.rewards if r.id == reward_id)
        terms.append(Term(label=f"{name} promised", value=reward_value(scenario, cone, country, reward_id)))
    for threat_id in threats:
        name = next(t.name for t in scenario.threats if t.id == threat_id)
        credibility = state.credibility[threat_id]
        terms.append(Term(label=f"avoiding {name} (credibility {credibility:.0%})",
                          value=threat_pressure(scenario, state, country, cs, threat_id)))
    return terms


def mood_terms(cs: CountryState, player_country: str) -> list[Term]:
    return [
        Term(label=f"relations with {player_country} ({cs.relationship:+.0f})",
             value=RELATIONSHIP_WEIGHT * cs.relationship / 100),
        Term(label=f"public support for a deal ({cs.support:.0f} %)",
             value=SUPPORT_WEIGHT * (cs.support - 50) / 50),
    ]
