"""The second pass: references and sense, once the schema has passed.

Each check yields (data path, message, offending value or None); the loader turns paths into
line and column. Weights must sum to 1 within WEIGHT_TOLERANCE: an author who writes weights
that sum to 1.3 has made a mistake we would rather show than silently normalise.
"""

from collections import Counter
from collections.abc import Iterator

from ..model.positions import candidate_positions, interest_value, objective_met
from ..model.scenario import OptionsIssue, RangeIssue, Scenario
from ..model.voting import passes

WEIGHT_TOLERANCE = 0.02

Check = Iterator[tuple[tuple, str, object]]


class AtKey(tuple):
    """A path whose offending part is the mapping key itself (a dangling id used as a key):
    the loader points at the key rather than at its value."""


def _duplicates(items, base: tuple) -> Check:
    counts = Counter(item.id for item in items)
    for index, item in enumerate(items):
        if counts[item.id] > 1:
            yield base + (index, "id"), f"id '{item.id}' is used more than once", None


def _position(issue, value, path: tuple, what: str) -> Check:
    if isinstance(issue, RangeIssue):
        if isinstance(value, str):
            yield path, f"{what} on range issue '{issue.id}' must be a number", value
        elif not issue.min <= value <= issue.max:
            yield path, f"{what} must lie within {issue.id}'s range {issue.min:g}..{issue.max:g}", value
    else:
        options = [o.id for o in issue.options]
        if value not in options:
            yield path, f"{what} must be one of {issue.id}'s options: {', '.join(options)}", value


def _weights(weights: list[float], path: tuple, whose: str) -> Check:
    total = sum(weights)
    if abs(total - 1) > WEIGHT_TOLERANCE:
        yield path, f"{whose} weights must sum to 1 (they sum to {total:.3g})", None


def _countries(s: Scenario, issues: dict) -> Check:
    ids = {c.id for c in s.countries}
    for ci, country in enumerate(s.countries):
        base = ("countries", ci)
        for issue_id, interest in country.interests.items():
            path = base + ("interests", issue_id)
            issue = issues.get(issue_id)
            if issue is None:
                yield AtKey(path), f"no issue has id '{issue_id}'", None
                continue
            yield from _position(issue, interest.ideal, path + ("ideal",), "ideal")
            if interest.values is not None:
                if isinstance(issue, RangeIssue):
                    yield path + ("values",), "values are for options issues only", None
                else:
                    for option in interest.values:
                        if option not in {o.id for o in issue.options}:
                            yield AtKey(path + ("values", option)), f"no option '{option}' in issue '{issue_id}'", None
        yield from _weights([i.weight for i in country.interests.values()], base + ("interests",), "interest")
        for other, value in country.relations.items():
            if other not in ids:
                yield AtKey(base + ("relations", other)), f"no country has id '{other}'", None
            elif other == country.id:
                yield AtKey(base + ("relations", other)), "a country has no relation with itself", None
            else:
                back = s.country(other).relations.get(country.id)
                if back is not None and back != value and country.id < other:
                    yield base + ("relations", other), f"{other} gives {back:g} for the same pair; relations are mutual", value


def _player(s: Scenario, issues: dict) -> Check:
    objectives = s.player.objectives
    for oi, objective in enumerate(objectives):
        path = ("player", "objectives", oi)
        issue = issues.get(objective.issue)
        if issue is None:
            yield path + ("issue",), f"no issue has id '{objective.issue}'", objective.issue
            continue
        yield from _position(issue, objective.ideal, path + ("ideal",), "ideal")
        yield from _position(issue, objective.target, path + ("target",), "target")
    seen = Counter(o.issue for o in objectives)
    for oi, objective in enumerate(objectives):
        if seen[objective.issue] > 1:
            yield ("player", "objectives", oi, "issue"), "two objectives on the same issue", objective.issue
    yield from _weights([o.weight for o in objectives], ("player", "objectives"), "objective")


def _events(s: Scenario) -> Check:
    ids = {c.id for c in s.countries}
    for ei, event in enumerate(s.events):
        base = ("events", ei)
        if event.when.turn is not None and event.when.turn > s.player.deadline:
            yield base + ("when", "turn"), f"fires after the deadline (turn {s.player.deadline})", event.when.turn
        if event.when.country is not None and event.when.country not in ids:
            yield base + ("when", "country"), f"no country has id '{event.when.country}'", event.when.country
        yield from _duplicates(event.options, base + ("options",))
        effects = [(base + ("effects",), event.effects)]
        effects += [(base + ("options", oi, "effects"), o.effects) for oi, o in enumerate(event.options)]
        for path, fx in effects:
            for field in ("relationship", "stability", "support"):
                for country_id in getattr(fx, field):
                    if country_id not in ids:
                        yield AtKey(path + (field, country_id)), f"no country has id '{country_id}'", None
            for ri, country_id in enumerate(fx.reveal):
                if country_id not in ids:
                    yield path + ("reveal", ri), f"no country has id '{country_id}'", country_id


def _conference(s: Scenario) -> Check:
    if s.kind == "bilateral":
        if len(s.countries) != 1:
            yield ("countries",), f"a bilateral scenario has exactly one country (found {len(s.countries)})", None
        if s.conference is not None:
            yield ("conference",), "only multilateral scenarios have a conference", None
        return
    if len(s.countries) < 2:
        yield ("countries",), "a multilateral scenario needs at least 3 parties: the player and 2 or more countries", None
    if s.conference is None:
        yield ("conference",), "a multilateral scenario needs a conference (its decision rule)", None
        return
    ids = {c.id for c in s.countries}
    conference = s.conference
    if conference.rule == "weighted" and conference.weights is not None:
        for country_id in conference.weights:
            if country_id not in ids:
                yield AtKey(("conference", "weights", country_id)), f"no country has id '{country_id}'", None
    for country_id, weight in (conference.weights or {}).items():
        if weight <= 0:
            yield ("conference", "weights", country_id), "a vote weight must be more than 0", weight
    if conference.rule != "weighted" and conference.weights is not None:
        yield ("conference", "weights"), "weights are only used by the weighted rule", None
    yield from _duplicates(conference.blocs, ("conference", "blocs"))
    member_of: dict[str, str] = {}
    for bi, bloc in enumerate(conference.blocs):
        for mi, member in enumerate(bloc.members):
            path = ("conference", "blocs", bi, "members", mi)
            if member not in ids:
                yield path, f"no country has id '{member}'", member
            elif member in member_of:
                yield path, f"'{member}' is already in bloc '{member_of[member]}'", member
            else:
                member_of[member] = bloc.id


MAP_SPACING = 5.0
"""Authored map places must be at least this far apart (map units), or their lands and labels pile up."""


def _map_places(s: Scenario) -> Check:
    placed = [(("player", "map"), "the player's country", s.player.map)] if s.player.map is not None else []
    placed += [(("countries", ci, "map"), f"'{c.id}'", c.map) for ci, c in enumerate(s.countries) if c.map is not None]
    for i, (path, _, place) in enumerate(placed):
        for _, other_name, other in placed[:i]:
            gap = ((place.x - other.x) ** 2 + (place.y - other.y) ** 2) ** 0.5
            if gap < MAP_SPACING:
                yield path, f"too close to {other_name} on the map ({gap:.1f} apart; keep places at least {MAP_SPACING:g} apart)", None


def _reachable(s: Scenario, issues: dict) -> Check:
    """Could the objectives be met on paper? For each country, the best deal that meets every
    target, plus every reward, must clear its reservation value for enough countries."""
    targets = {o.issue: o for o in s.player.objectives}
    best_rewards = sum(r.value for r in s.rewards)
    willing: list[str] = []
    for country in s.countries:
        total = 0.0
        for issue_id, interest in country.interests.items():
            issue = issues[issue_id]
            allowed = [p for p in candidate_positions(issue) if issue_id not in targets or objective_met(issue, targets[issue_id], p)]
            total += interest.weight * max((interest_value(issue, interest, p) for p in allowed), default=0.0)
        if total + best_rewards * max(country.reward_values.values(), default=1.0) >= country.reservation:
            willing.append(country.id)
    if not passes(s, willing):
        yield ("player", "objectives"), (
            "objectives are not reachable on paper: no deal that meets every target, even with every reward, "
            "clears enough countries' reservation values"
        ), None


def check_sense(s: Scenario) -> list[tuple[tuple, str, object]]:
    issues = {issue.id: issue for issue in s.issues}
    found = []
    for items, name in ((s.issues, "issues"), (s.countries, "countries"), (s.rewards, "rewards"),
                        (s.threats, "threats"), (s.events, "events")):
        found += list(_duplicates(items, (name,)))
    for ii, issue in enumerate(s.issues):
        if isinstance(issue, OptionsIssue):
            found += list(_duplicates(issue.options, ("issues", ii, "options")))
    lever_ids = Counter([r.id for r in s.rewards] + [t.id for t in s.threats])
    for ti, threat in enumerate(s.threats):
        if lever_ids[threat.id] > 1 and threat.id in {r.id for r in s.rewards}:
            found.append((("threats", ti, "id"), f"id '{threat.id}' is also a reward's id", None))
    found += list(_countries(s, issues))
    found += list(_player(s, issues))
    found += list(_events(s))
    found += list(_conference(s))
    found += list(_map_places(s))
    if not found:
        found += list(_reachable(s, issues))
    return found
