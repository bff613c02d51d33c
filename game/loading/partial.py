"""The parts of a scenario whose shape is valid, so that the sense checks run in the same pass as the
schema: an author sees every problem of a file at once, not the reference errors one run later.

Each item of the lists (issues, countries, rewards, threats, events, the player's objectives) is
validated on its own and kept when valid (a country also when only some of its fields fail: the parts
the checks read are kept); the player, the conference and the cone table are kept when valid as a
whole. What failed is recorded (checks.Unchecked), with the ids of failed items, so that a reference to
one of them is not reported as dangling: that item has its own message.
"""

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..model.common import Id
from ..model.cones import ConeAdjustment, ConeName
from ..model.scenario import Conference, Country, Event, Interest, Issue, Objective, Player, Reward, Scenario, Threat
from .checks import Unchecked

LISTS = {"issues": Issue, "countries": Country, "rewards": Reward, "threats": Threat, "events": Event}
_ADAPTERS = {name: TypeAdapter(tp) for name, tp in LISTS.items()}
_CONES = TypeAdapter(dict[ConeName, ConeAdjustment])


def _valid(model: type[BaseModel], raw):
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def salvage(data: dict) -> tuple[Scenario, Unchecked, dict[tuple, list[int]]]:
    """(the valid parts as a Scenario built without validation, what is missing, and for each list the
    index in the file of each item kept: checks index the kept items, the messages the file's)."""
    fields: dict = {}
    unchecked = Unchecked()
    index: dict[tuple, list[int]] = {}
    for name, adapter in _ADAPTERS.items():
        raw = data.get(name)
        kept, where = [], []
        for i, item in enumerate(raw if isinstance(raw, list) else []):
            try:
                kept.append(adapter.validate_python(item))
                where.append(i)
            except ValidationError:
                unchecked.parts.add(name)
                country = _country_parts(item, unchecked) if name == "countries" else None
                if country is not None:  # a country keeps its valid parts: its references are checked too
                    kept.append(country)
                    where.append(i)
                elif isinstance(item, dict) and isinstance(item.get("id"), str):
                    unchecked.ids.setdefault(name, set()).add(item["id"])
        if not isinstance(raw, list) and raw is not None:
            unchecked.parts.add(name)
        fields[name], index[(name,)] = kept, where
    player = _valid(Player, data.get("player"))
    if player is None:
        unchecked.parts.add("player")
        raw = data.get("player") if isinstance(data.get("player"), dict) else {}
        objectives = raw.get("objectives") if isinstance(raw.get("objectives"), list) else []
        kept = [(i, _valid(Objective, o)) for i, o in enumerate(objectives)]
        if any(o is None for _, o in kept):
            unchecked.parts.add("objectives")
        index[("player", "objectives")] = [i for i, o in kept if o is not None]
        player = Player.model_construct(objectives=[o for _, o in kept if o is not None], map=None)
    fields["player"] = player
    kind = data.get("kind")
    if kind not in ("bilateral", "multilateral"):
        unchecked.parts.add("kind")
    fields["kind"] = kind
    conference = _valid(Conference, data.get("conference")) if data.get("conference") is not None else None
    if conference is None and data.get("conference") is not None:
        unchecked.parts.add("conference")
    fields["conference"] = conference
    try:
        fields["cones"] = _CONES.validate_python(data.get("cones") or {})
    except ValidationError:
        fields["cones"] = {}
    fields["id"] = data.get("id") if isinstance(data.get("id"), str) else None
    return Scenario.model_construct(**fields), unchecked, index


_COUNTRY_PARTS = {name: TypeAdapter(Country.model_fields[name].annotation)
                  for name in ("id", "relations", "reward_values", "map")}
_INTEREST = TypeAdapter(Interest)
_ID = TypeAdapter(Id)


def _country_parts(raw, unchecked: Unchecked) -> Country | None:
    """A country whose shape failed, with the parts the checks read that are valid on their own (its id,
    relations, reward values, map place and each valid interest); None without a valid id. A country
    missing an interest is marked, so that its weights are not summed."""
    if not isinstance(raw, dict):
        return None
    parts = {}
    for name, adapter in _COUNTRY_PARTS.items():
        if name in raw:
            try:
                parts[name] = adapter.validate_python(raw[name])
            except ValidationError:
                pass
    if "id" not in parts:
        return None
    interests, whole = {}, isinstance(raw.get("interests"), dict)
    for issue_id, interest in (raw.get("interests") or {}).items() if whole else ():
        try:
            interests[_ID.validate_python(issue_id)] = _INTEREST.validate_python(interest)
        except ValidationError:
            whole = False
    if not whole:
        unchecked.parts.add(f"interests:{parts['id']}")
    return Country.model_construct(**{"relations": {}, "reward_values": {}, "map": None, **parts, "interests": interests})


def in_file(path: tuple, index: dict[tuple, list[int]]) -> tuple:
    """A path into the salvaged scenario as a path into the file (list indices of the kept items mapped
    back to their places); keeps the path's type (checks.AtKey)."""
    for prefix, where in index.items():
        n = len(prefix)
        if tuple(path[:n]) == prefix and len(path) > n and isinstance(path[n], int) and path[n] < len(where):
            return type(path)(tuple(path[:n]) + (where[path[n]],) + tuple(path[n + 1:]))
    return path
