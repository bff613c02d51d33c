"""The second pass: references and sense, on every part of the file whose shape is valid.

Each check yields (data path, message, offending value or None); the loader turns paths into line
and column. A file with shape errors is checked too: its valid parts are salvaged (partial.py) and
checked, and references to an item whose own shape failed are not reported as dangling (that item
has its own message). Weights must sum to 1 within WEIGHT_TOLERANCE: an author who writes weights
that sum to 1.3 has made a mistake we would rather show than silently normalise.
"""

import difflib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model.scenario import OptionsIssue, RangeIssue, Scenario

WEIGHT_TOLERANCE = 0.02

Check = Iterator[tuple[tuple, str, object]]


class AtKey(tuple):
    """A path whose offending part is the mapping key itself (a dangling id used as a key):
    the loader points at the key rather than at its value."""


@dataclass
class Unchecked:
    """What a partial scenario lacks: ids of list items whose shape failed (a reference to one of them
    is not dangling) and whole parts that failed (checks that need them are skipped)."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    parts: set[str] = field(default_factory=set)
    """'kind', 'player', 'objectives' (some objective failed), 'conference', or a list's name when one
    of its items failed (checks over the whole list, such as counts, are skipped)."""

    def missing(self, what: str) -> bool:
        return what in self.parts


COMPLETE = Unchecked()


def did_you_mean(word: str, choices) -> str:
    """'; did you mean 'x'?' for the closest of `choices`, or nothing."""
    near = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{near[0]}'?" if near else ""


def _reference(what: str, ref: str, valid, unchecked: Unchecked, collection: str) -> str | None:
    """The message for a reference to an id that names nothing, or None (it names an item, possibly one
    whose own shape failed)."""
    if ref in valid or ref in unchecked.ids.get(collection, ()):
        return None
    return f"no {what} has id '{ref}'" + did_you_mean(ref, set(valid) | unchecked.ids.get(collection, set()))


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
            yield path, (f"{what} must be one of {issue.id}'s options: {', '.join(options)}"
                         + did_you_mean(value, options)), value


def _weights(weights: list[float], path: tuple, whose: str) -> Check:
    total = sum(weights)
    if abs(total - 1) > WEIGHT_TOLERANCE:
        yield path, f"{whose} weights must sum to 1 (they sum to {total:.3g})", None


def _countries(s: Scenario, issues: dict, unchecked: Unchecked) -> Check:
    ids = {c.id for c in s.countries}
    for ci, country in enumerate(s.countries):
        base = ("countries", ci)
        for issue_id, interest in country.interests.items():
            path = base + ("interests", issue_id)
            issue = issues.get(issue_id)
            if issue is None:
                message = _reference("issue", issue_id, issues, unchecked, "issues")
                if message:
                    yield AtKey(path), message, None
                continue
            yield from _position(issue, interest.ideal, path + ("ideal",), "ideal")
            if interest.values is not None:
                if isinstance(issue, RangeIssue):
                    yield path + ("values",), "values are for options issues only", None
                else:
                    options = {o.id for o in issue.options}
                    for option in interest.values:
                        if option not in options:
                            yield (AtKey(path + ("values", option)),
                                   f"no option '{option}' in issue '{issue_id}'" + did_you_mean(option, options), None)
        if not unchecked.missing(f"interests:{country.id}"):
            yield from _weights([i.weight for i in country.interests.values()], base + ("interests",), "interest")
        for other, value in country.relations.items():
            if other == country.id:
                yield AtKey(base + ("relations", other)), "a country has no relation with itself", None
            elif other not in ids:
                message = _reference("country", other, ids, unchecked, "countries")
                if message:
                    yield AtKey(base + ("relations", other)), message, None
            else:
                back = s.country(other).relations.get(country.id)
                if back is not None and back != value and country.id < other:
                    yield base + ("relations", other), f"{other} gives {back:g} for the same pair; relations are mutual", value


def _player(s: Scenario, issues: dict, unchecked: Unchecked) -> Check:
    objectives = s.player.objectives
    for oi, objective in enumerate(objectives):
        path = ("player", "objectives", oi)
        issue = issues.get(objective.issue)
        if issue is None:
            message = _reference("issue", objective.issue, issues, unchecked, "issues")
            if message:
                yield path + ("issue",), message, objective.issue
            continue
        yield from _position(issue, objective.ideal, path + ("ideal",), "ideal")
        yield from _position(issue, objective.target, path + ("target",), "target")
    seen = Counter(o.issue for o in objectives)
    for oi, objective in enumerate(objectives):
        if seen[objective.issue] > 1:
            yield ("player", "objectives", oi, "issue"), "two objectives on the same issue", objective.issue
    if not unchecked.missing("objectives"):
        yield from _weights([o.weight for o in objectives], ("player", "objectives"), "objective")


def _events(s: Scenario, unchecked: Unchecked) -> Check:
    ids = {c.id for c in s.countries}
    deadline = None if unchecked.missing("player") else s.player.deadline
    for ei, event in enumerate(s.events):
        base = ("events", ei)
        if deadline is not None and event.when.turn is not None and event.when.turn > deadline:
            yield base + ("when", "turn"), f"fires after the deadline (turn {deadline})", event.when.turn
        if event.when.country is not None:
            message = _reference("country", event.when.country, ids, unchecked, "countries")
            if message:
                yield base + ("when", "country"), message, event.when.country
        yield from _duplicates(event.options, base + ("options",))
        effects = [(base + ("effects",), event.effects)]
        effects += [(base + ("options", oi, "effects"), o.effects) for oi, o in enumerate(event.options)]
        for path, fx in effects:
            for name in ("relationship", "stability", "support", "outside_option"):
                for country_id in getattr(fx, name):
                    message = _reference("country", country_id, ids, unchecked, "countries")
                    if message:
                        yield AtKey(path + (name, country_id)), message, None
            for ri, country_id in enumerate(fx.reveal):
                message = _reference("country", country_id, ids, unchecked, "countries")
                if message:
                    yield path + ("reveal", ri), message, country_id


def _conference(s: Scenario, unchecked: Unchecked) -> Check:
    if unchecked.missing("kind"):
        return
    counted = not unchecked.missing("countries")
    if s.kind == "bilateral":
        if counted and len(s.countries) != 1:
            yield ("countries",), f"a bilateral scenario has exactly one country (found {len(s.countries)})", None
        if s.conference is not None:
            yield ("conference",), "only multilateral scenarios have a conference", None
        return
    if counted and len(s.countries) < 2:
        yield ("countries",), "a multilateral scenario needs at least 3 parties: the player and 2 or more countries", None
    if s.conference is None:
        if not unchecked.missing("conference"):
            yield ("conference",), "a multilateral scenario needs a conference (its decision rule)", None
        return
    ids = {c.id for c in s.countries}
    conference = s.conference
    if conference.rule == "weighted" and conference.weights is not None:
        for country_id in conference.weights:
            message = _reference("country", country_id, ids, unchecked, "countries")
            if message:
                yield AtKey(("conference", "weights", country_id)), message, None
    for country_id, weight in (conference.weights or {}).items():
        if weight <= 0:
            yield ("conference", "weights", country_id), "a vote weight must be more than 0", weight
    if conference.rule != "weighted" and conference.weights is not None:
        yield ("conference", "weights"), "weights are only used by the weighted rule", None
    yield from _duplicates(conference.blocs, ("conference", "blocs"))
    seen_veto: set[str] = set()
    for vi, holder in enumerate(conference.veto):
        path = ("conference", "veto", vi)
        if holder not in ids:
            yield path, f"no country has id '{holder}'", holder
        elif holder in seen_veto:
            yield path, f"'{holder}' is listed twice", holder
        elif conference.rule == "consensus":
            yield path, "under consensus every country already holds a veto; use majority or weighted with a veto", holder
        elif conference.rule == "weighted" and conference.weights is not None and holder not in conference.weights:
            yield path, f"'{holder}' has no vote weight, so it cannot vote, let alone veto", holder
        seen_veto.add(holder)
    member_of: dict[str, str] = {}
    for bi, bloc in enumerate(conference.blocs):
        for mi, member in enumerate(bloc.members):
            path = ("conference", "blocs", bi, "members", mi)
            if member in member_of:
                yield path, f"'{member}' is already in bloc '{member_of[member]}'", member
                continue
            message = _reference("country", member, ids, unchecked, "countries")
            if message:
                yield path, message, member
            else:
                member_of[member] = bloc.id


MAP_SPACING = 5.0
"""Authored map places must be at least this far apart (map units), or their lands and labels pile up."""


def _map_places(s: Scenario, unchecked: Unchecked) -> Check:
    player_map = None if unchecked.missing("player") else s.player.map
    placed = [(("player", "map"), "the player's country", player_map)] if player_map is not None else []
    placed += [(("countries", ci, "map"), f"'{c.id}'", c.map) for ci, c in enumerate(s.countries) if c.map is not None]
    for i, (path, _, place) in enumerate(placed):
        for _, other_name, other in placed[:i]:
            gap = ((place.x - other.x) ** 2 + (place.y - other.y) ** 2) ** 0.5
            if gap < MAP_SPACING:
                yield path, f"too close to {other_name} on the map ({gap:.1f} apart; keep places at least {MAP_SPACING:g} apart)", None


def check_sense(s: Scenario, unchecked: Unchecked = COMPLETE) -> list[tuple[tuple, str, object]]:
    """Every reference and sense problem of a scenario, or of the valid parts of one (`unchecked` says
    what is missing); paths index the lists as the scenario holds them."""
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
    found += list(_countries(s, issues, unchecked))
    found += list(_player(s, issues, unchecked))
    found += list(_events(s, unchecked))
    found += list(_conference(s, unchecked))
    found += list(_map_places(s, unchecked))
    return found
