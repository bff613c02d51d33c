"""What a player can see of a country's valuation, as tables a bot can search.

A player knows its own objectives exactly, sees on each country's card the interests that are not
hidden (or that an analysis revealed), and can preview any offer: the verdict, the value, the need and
the reasons, term by term (Session.preview). A hidden interest shows in the reasons only as "other
concerns", one number that moves in ways the player cannot attribute until it analyses the country.

`View` is that knowledge laid out for search: per open issue, the value of every grid position from
the visible interests (the reasons' own issue terms); a constant measured with one preview at a
reference offer (mood, rewards and threats already pressing, and the hidden interests as they stand at
that offer); the need; and what each lever the player could still attach adds (measured by preview).
Its predictions are exact for changes on visible issues and for levers, and blind to hidden ones, as
the player is. Nothing here reads a hidden interest, a reservation or a concession style.
"""

from dataclasses import dataclass, field

import numpy as np

from ..model.actions import Offer
from .session import Session
from .valuation import issue_terms, pressing, promised


@dataclass
class View:
    """One country's valuation as the player can see it at this moment (see the module's docstring)."""

    country: str
    open_idx: list[int]
    """Grid dimensions (issue indices) still open."""
    tables: list[np.ndarray]
    """Visible value of every position of each open issue (zeros where the interest is unseen)."""
    const: float
    need: float
    value: float
    """The preview's value of the reference offer."""
    levers: dict[tuple[str, str], float] = field(default_factory=dict)
    """("reward" | "threat", id) -> what attaching it adds to the value, by preview."""

    def predict(self, positions: dict[int, int]) -> float:
        """The value the player would expect for these open-issue positions (grid indices), no new levers."""
        return self.const + sum(float(t[positions[j]]) for j, t in zip(self.open_idx, self.tables))


def open_dims(session: Session) -> list[int]:
    return [j for j, issue_id in enumerate(session.space.issue_ids) if issue_id not in session.state.agreed]


def visible_table(session: Session, cid: str, j: int) -> np.ndarray:
    """The reasons' issue term for every position of issue j, or zeros when the card does not show it."""
    scenario, space = session.scenario, session.space
    country, cs = scenario.country(cid), session.state.countries[cid]
    issue = scenario.issues[j]
    interest = country.interests.get(issue.id)
    grid = space.positions[j]
    if interest is None or (interest.hidden and issue.id not in cs.revealed):
        return np.zeros(len(grid))
    return np.array([issue_terms(scenario, country, cs, {issue.id: p})[0].value for p in grid])


def open_levers(session: Session, cid: str) -> list[tuple[str, str]]:
    """The rewards and threats that could still be attached for this country (the rules refuse the others)."""
    state = session.state
    refused = {p.reward for p in state.promises if p.country == cid and p.status in ("withdrawn", "broken")}
    given = set(promised(state, cid)) | refused
    standing = set(pressing(state, cid))
    return ([("reward", r.id) for r in session.scenario.rewards if r.id not in given]
            + [("threat", t.id) for t in session.scenario.threats if t.id not in standing])


def look(session: Session, cid: str, reference: dict[int, int], levers: bool = True) -> View:
    """Build a View from previews of the reference offer (open-issue grid indices) and of each lever added to it."""
    space = session.space
    dims = open_dims(session)
    positions = {space.issue_ids[j]: space.positions[j][reference[j]] for j in dims}
    base = session.preview(cid, Offer(positions=positions))
    tables = [visible_table(session, cid, j) for j in dims]
    seen = sum(float(t[reference[j]]) for j, t in zip(dims, tables))
    view = View(cid, dims, tables, base.value - seen, base.needed, base.value)
    if levers:
        for kind, lever in open_levers(session, cid):
            extra = {"rewards": (lever,)} if kind == "reward" else {"threats": (lever,)}
            gain = session.preview(cid, Offer(positions=positions, **extra)).value - base.value
            if gain > 0:
                view.levers[(kind, lever)] = gain
    return view
