"""The key moments of a session, in turn order, built from its record: the offers that moved the talks,
events answered, threats carried out, promises kept and broken, the countries' ultimatums and walk-outs,
votes, and the agreement; and the count of threats and promises the reports show beside them."""

from dataclasses import dataclass

from ..model.scenario import Scenario
from ..model.state import GameState
from .valuation import points

MOVED = 5
"""An offer moved the talks when its worth to the country changed by this many points, or its answer changed."""


@dataclass(frozen=True)
class Moment:
    turn: int
    kind: str
    """offer, event, sanction, promise_kept, promise_broken, vote, deal, end or patience (an ultimatum, a
    walk-out, a country leaving the talks)."""
    text: str


def key_moments(state: GameState, scenario: Scenario) -> list[Moment]:
    moments: list[tuple[int, int, Moment]] = []  # (turn, order within the turn, moment)

    def add(turn: int, kind: str, text: str) -> None:
        moments.append((turn, len(moments), Moment(turn, kind, text)))

    last: dict[str, tuple[int, str]] = {}
    for entry in state.log:
        d = entry.decision
        if entry.kind == "decision" and d is not None:
            value, need, name = points(d.value), points(d.needed), scenario.country(d.country).name
            before = last.get(d.country)
            last[d.country] = (value, d.verdict)
            if d.verdict == "accept":
                add(entry.turn, "offer", f"{name} accepted your offer: worth {value} to it, it needed {need}.")
            elif before is None or abs(value - before[0]) >= MOVED or before[1] != d.verdict:
                word = "countered" if d.verdict == "counter" else "rejected"
                change = "" if before is None else (
                    f", up from {before[0]}" if value > before[0] else f", down from {before[0]}" if value < before[0] else "")
                add(entry.turn, "offer", f"{name} {word} your offer: worth {value} to it{change}; it needed {need}.")
        elif entry.kind == "response":
            add(entry.turn, "event", f"You answered {entry.text}")
        elif entry.kind == "vote":
            add(entry.turn, "vote", entry.text)
        elif entry.kind == "deal" and state.deal is not None:
            signed = ", ".join(scenario.country(c).name for c in state.deal.said_yes)
            add(entry.turn, "deal", f"Agreement on every issue, signed by {signed}.")
        elif entry.kind in ("walk_away", "deadline"):
            add(entry.turn, "end", entry.text)
        elif entry.kind in ("ultimatum", "walkout", "left"):
            add(entry.turn, "patience", entry.text)
    for t in state.threats:
        if t.carried_out is not None:
            threat = next(x.name for x in scenario.threats if x.id == t.threat)
            add(t.carried_out, "sanction", f"You carried out {threat} against {scenario.country(t.country).name}.")
    for p in state.promises:
        reward = next(r.name for r in scenario.rewards if r.id == p.reward)
        country = scenario.country(p.country).name
        if p.status == "delivered":
            add(p.closed, "promise_kept", f"You delivered {reward} to {country}, as promised on turn {p.made}.")
        elif p.status in ("withdrawn", "broken"):
            how = "withdrew" if p.status == "withdrawn" else "did not deliver"
            add(p.closed, "promise_broken", f"You {how} {reward}, promised to {country} on turn {p.made}.")
    return [m for _, _, m in sorted(moments, key=lambda x: (x[0], x[1]))]


@dataclass(frozen=True)
class Levers:
    """How the player used threats and promises: what the debrief and the class report count."""

    threats_made: int
    """Threats attached to offers made to a country, each threat counted once per country."""
    threats_carried_out: int
    promises_made: int
    promises_kept: int
    promises_broken: int
    """Withdrawn, or not delivered by their due turn."""


def levers_used(actions: list, state: GameState) -> Levers:
    made = {(a.country, t) for a in actions if a.kind == "propose" and a.country is not None for t in a.offer.threats}
    return Levers(
        threats_made=len(made),
        threats_carried_out=sum(1 for t in state.threats if t.carried_out is not None),
        promises_made=len(state.promises),
        promises_kept=sum(1 for p in state.promises if p.status == "delivered"),
        promises_broken=sum(1 for p in state.promises if p.status in ("withdrawn", "broken")),
    )
