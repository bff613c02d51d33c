"""The warnings tier: what a valid file may mean, but usually does by mistake. A warning never stops a
load; `validate` prints it (exit 0), `validate --strict` fails on it.

Each check yields (data path, message, offending value or None), as checks.py does. They read the
model only; the warnings that need the deal space (no shared deal, objectives out of reach) are the
authoring layer's (game/authoring/deals.py).
"""

import math
from collections.abc import Iterator

from ..model.cones import BASELINE, CONES, DEFAULT_CONES, ECONOMIC_DOMAINS, ConeName, cone_profile
from ..model.positions import candidate_positions
from ..model.scenario import RangeIssue, Scenario
from .checks import COMPLETE, Unchecked

Advice = Iterator[tuple[tuple, str, object]]


def _on_grid(issue: RangeIssue, value: float) -> bool:
    return any(abs(value - p) < 1e-9 for p in candidate_positions(issue))


def _off_grid(s: Scenario) -> Advice:
    issues = {i.id: i for i in s.issues}
    for ii, issue in enumerate(s.issues):
        if isinstance(issue, RangeIssue):
            steps = (issue.max - issue.min) / issue.step
            if abs(steps - round(steps)) > 1e-9:
                last = issue.min + math.floor(steps) * issue.step
                yield (("issues", ii, "max"), f"max is not min plus a whole number of steps of {issue.step:g}: the last "
                       f"step, {last:g} to {issue.max:g}, is shorter than the others", issue.max)
    for oi, objective in enumerate(s.player.objectives):
        issue = issues.get(objective.issue)
        if not isinstance(issue, RangeIssue):
            continue
        for name in ("ideal", "target"):
            value = getattr(objective, name)
            if isinstance(value, (int, float)) and issue.min <= value <= issue.max and not _on_grid(issue, value):
                grid = candidate_positions(issue)
                below = max(p for p in grid if p < value)
                above = min(p for p in grid if p > value)
                yield (("player", "objectives", oi, name),
                       f"{name} is off {issue.id}'s step grid ({issue.min:g} to {issue.max:g} by {issue.step:g}): an "
                       f"offer can be {below:g} or {above:g}, never exactly this", value)


def _events(s: Scenario) -> Advice:
    for ei, event in enumerate(s.events):
        if not event.options:
            continue
        shut = []
        for cone in CONES:
            points = cone_profile(s, cone).action_points
            if not any(o.cone in (None, cone) and o.cost <= points for o in event.options):
                shut.append(cone.replace("_", " "))
        if shut:
            who = ", ".join(shut[:-1]) + (" or " if len(shut) > 1 else "") + shut[-1]
            article = "an" if who[0] in "aeiou" else "a"
            yield (("events", ei, "options"), f"no option is open to {article} {who} officer (each is reserved to another cone "
                   "or costs more points than a turn gives): that player cannot answer this event; add an option "
                   "without `cone:`", None)


def _rewards(s: Scenario) -> Advice:
    if not s.countries:
        return
    for ri, reward in enumerate(s.rewards):
        if all(c.reward_values.get(reward.domain, 1.0) <= 0 for c in s.countries):
            yield (("rewards", ri, "domain"), f"no country values the {reward.domain} domain (reward_values."
                   f"{reward.domain} is 0 for every country): this reward buys nothing", reward.domain)


def _reservations(s: Scenario) -> Advice:
    for ci, country in enumerate(s.countries):
        if getattr(country, "reservation", 0.0) >= 1.0:
            yield (("countries", ci, "reservation"), "no deal on the issues alone can reach a no-deal value of 1 (its "
                   "ideal on every issue is worth exactly 1): only rewards, threats and good relations can make it sign",
                   country.reservation)


def _file_name(s: Scenario, stem: str | None) -> Advice:
    if stem and s.id and s.id != stem:
        yield (("id",), f"differs from the file name '{stem}': `--scenario`, saves and reports name a scenario by its id; "
               f"call the file {s.id}.yaml", s.id)


def _vote_weights(s: Scenario) -> Advice:
    weights = (s.conference.weights or {}) if s.conference is not None else {}
    values = [w for w in weights.values() if w > 0]
    if values and all(math.isfinite(w) for w in values) and not math.isfinite(sum(values)):
        yield (("conference", "weights"), "the vote weights add up to more than the largest number there is (the sum "
               "overflows); the game scales them down, but write them as shares such as 0.25", None)


def cone_edges(s: Scenario, cone: ConeName) -> list[str]:
    """What a cone changes in this scenario against the baseline every officer has, in a few words each;
    empty when the cone changes nothing a player of this scenario would notice."""
    p, base = cone_profile(s, cone), BASELINE
    hidden = any(i.hidden for c in s.countries for i in c.interests.values())
    cared = {issue for c in s.countries for issue in c.interests}
    edges = []
    if p.action_points != base.action_points:
        edges.append(f"{p.action_points} action points a turn")
    if p.budget_per_turn != base.budget_per_turn:
        edges.append(f"{p.budget_per_turn:g} budget a turn")
    bites = {
        "analyze": hidden and p.analyze_reveals > 0,
        "persuade": p.persuade_shift > 0 and any(o.issue in cared for o in s.player.objectives),
        "whip": s.kind == "multilateral" and p.whip_strength > 0,
        "host_summit": p.summit_relationship > 0 and bool(s.countries),
        "public_campaign": p.campaign_support > 0 and bool(s.countries),
    }
    for action, cost in p.action_costs.items():
        if cost is None or not bites[action]:
            continue
        changed = cost != base.action_costs.get(action) or (
            action == "analyze" and p.analyze_reveals != base.analyze_reveals) or (
            action == "public_campaign" and p.campaign_support != base.campaign_support)
        if changed:
            edges.append(action.replace("_", " "))
    domains = {r.domain for r in s.rewards}
    wanted = {r.domain for r in s.rewards if any(c.reward_values.get(r.domain, 1.0) > 0 for c in s.countries)}
    if (s.rewards or s.threats) and p.lever_cost_factor != base.lever_cost_factor:
        edges.append("cheaper levers")
    edges += [f"{d} rewards cost less" for d, f in p.reward_cost_factors.items() if d in domains and f != 1.0]
    edges += [f"{d} rewards worth more" for d, f in p.reward_value_factors.items() if d in wanted and f != 1.0]
    threat_domains = {t.domain for t in s.threats}
    edges += [f"{d} threats more credible" for d, b in p.threat_credibility_bonus.items() if d in threat_domains and b]
    if p.relationship_gain_factor != base.relationship_gain_factor:
        edges.append("larger relationship gains")
    edges += [f"the event option '{o.id}'" for e in s.events for o in e.options if o.cone == cone]
    return edges


_REMEDY = {
    "political": "hide a country's real priority, or hold a close conference vote",
    "economic": f"add a reward in {', '.join(ECONOMIC_DOMAINS)} that a country values, or a tariff threat",
    "management": "the summit and the extra point and budget always count: check the cones: table",
    "consular": "add a visa reward or threat, or an event option with `cone: consular`",
    "public_diplomacy": "add a culture reward, or an event option with `cone: public_diplomacy`",
}


def _cones(s: Scenario) -> Advice:
    if not s.countries:
        return
    for cone in CONES:
        if not cone_edges(s, cone):
            path = ("cones", cone) if cone in s.cones else ("cones",) if s.cones else ("kind",)
            yield (path, f"the {DEFAULT_CONES[cone].label} cone changes nothing here: it plays exactly as an officer "
                   f"with no cone; {_REMEDY[cone]}", None)


def check_advice(s: Scenario, stem: str | None = None, unchecked: Unchecked = COMPLETE) -> list[tuple[tuple, str, object]]:
    """Every warning for a scenario (or the valid parts of one); `stem` is the file's name without
    its suffix, when there is a file."""
    found = list(_off_grid(s)) + list(_events(s)) + list(_rewards(s)) + list(_reservations(s)) + list(_file_name(s, stem))
    if not unchecked.missing("conference"):
        found += list(_vote_weights(s))
    if not unchecked.parts & {"kind", "countries", "rewards", "threats", "events", "player"}:
        found += list(_cones(s))
    return found
