"""Who must say yes for a draft to pass, under the scenario's decision rule: the share of the vote it
needs and the vetoes it must not meet. The conference's vote, the hall's tally, the loader's checks and
the deal analysis all count votes here, so a draft never passes in one and fails in another."""

from dataclasses import dataclass

import numpy as np

from .scenario import Scenario


def vote_weights(s: Scenario) -> dict[str, float]:
    """Each country's share of the vote under the scenario's rule (bilateral: the one country)."""
    conference = s.conference
    if conference is None or conference.rule != "weighted":
        raw = {c.id: 1.0 for c in s.countries}
    elif conference.weights is not None:
        raw = {c.id: conference.weights.get(c.id, 0.0) for c in s.countries}
    else:
        raw = {c.id: c.capability for c in s.countries}
    largest = max(raw.values(), default=0.0)
    if largest > 0:  # shares of the largest first: weights near the float limit would overflow their sum
        raw = {k: v / largest for k, v in raw.items()}
    total = sum(raw.values()) or 1.0
    return {k: v / total for k, v in raw.items()}


def pct(share: float) -> str:
    return f"{share * 100:.0f} %"


@dataclass(frozen=True)
class Tally:
    """A count of votes under the scenario's rule: who is for and against, the share of the vote for
    (of the weight under a weighted rule, of the parties otherwise), the share it must exceed, and
    whether it passes. The vote, its forecasts and their displays all read this one count."""

    rule: str  # consensus, majority or weighted
    yes: tuple[str, ...]
    no: tuple[str, ...]
    share: float
    threshold: float  # the share to exceed; consensus: every party
    passes: bool
    vetoed: tuple[str, ...] = ()
    """Veto holders voting no (majority and weighted rules): the draft fails whatever the share."""

    @property
    def needs(self) -> str:
        """What passing takes, in words."""
        if self.rule == "consensus":
            return "every party"
        return f"more than {pct(self.threshold)} of the {'weight' if self.rule == 'weighted' else 'parties'}"

    @property
    def text(self) -> str:
        """'9 for, 4 against: 64 % of the weight for, more than 60 % needed'."""
        counted = f"{len(self.yes)} for, {len(self.no)} against"
        if self.rule == "consensus":
            return f"{counted}; consensus needs every party"
        of = "of the weight" if self.rule == "weighted" else "of the parties"
        return f"{counted}: {pct(self.share)} {of} for, more than {pct(self.threshold)} needed"


def tally(s: Scenario, votes: dict[str, bool]) -> Tally:
    """Count `votes` (country id: yes) under the scenario's rule."""
    weights = vote_weights(s)
    yes = tuple(c for c, v in votes.items() if v)
    share = sum(weights.get(c, 0.0) for c in set(yes))
    rule = "consensus" if s.conference is None else s.conference.rule
    threshold = 1.0 if rule == "consensus" else s.conference.threshold
    vetoed = tuple(vetoed_by(s, list(yes)))
    return Tally(rule, yes, tuple(c for c, v in votes.items() if not v), share, threshold,
                 bool(share_passes(s, share)) and not vetoed, vetoed)


def passes(s: Scenario, yes: list[str]) -> bool:
    """Does a draft pass with these countries voting yes? Consensus needs every country; a veto holder's no
    blocks it."""
    return tally(s, {c: True for c in yes}).passes


def vetoes(s: Scenario) -> list[str]:
    """The countries whose no blocks a draft whatever the count (under consensus, every country)."""
    if s.conference is None or s.conference.rule == "consensus":
        return [c.id for c in s.countries]
    return list(s.conference.veto)


def passing(s: Scenario, yes: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """(N,) whether each of N drafts passes, from a (countries, N) table of yes votes in the scenario's
    country order: enough of the vote (consensus: every party) and no veto holder against. `weights`:
    vote_weights in that order, when the caller keeps them (the analysis asks thousands of times)."""
    yes = np.asarray(yes, dtype=bool)
    if weights is None:
        shares = vote_weights(s)
        weights = np.array([shares[c.id] for c in s.countries])
    share = weights @ yes
    ok = share_passes(s, share)
    ids = [c.id for c in s.countries]
    for country in vetoes(s):
        ok = ok & yes[ids.index(country)]
    return ok


def vetoed_by(s: Scenario, yes: list[str]) -> list[str]:
    """The veto holders (by id) not among the yes votes: those who block the draft on their own."""
    if s.conference is None or s.conference.rule == "consensus":
        return []
    return [c for c in s.conference.veto if c not in set(yes)]


def share_passes(s: Scenario, share):
    """Does this share of the vote reach the threshold (consensus: every party, each weighing the same)?
    Works on NumPy arrays of shares too. Vetoes are `passing`'s to count."""
    if s.conference is None or s.conference.rule == "consensus":
        return share >= 1 - 1e-9
    return share > s.conference.threshold + 1e-9


def rule_text(s: Scenario) -> str:
    """The decision rule in words: what a draft needs to pass."""
    conference = s.conference
    if conference is None:
        return f"{s.countries[0].name} says yes"
    if conference.rule == "consensus":
        return "every delegation votes for it"
    names = {c.id: c.name for c in s.countries}
    share = f"more than {round(conference.threshold * 100)} % of the vote weight"
    if conference.rule == "majority":
        needed = next(k for k in range(len(s.countries) + 1) if k / len(s.countries) > conference.threshold + 1e-9)
        share = f"{needed} of the {len(s.countries)} delegations vote for it"
    else:
        share += " is for it"
    if conference.veto:
        share += f", {' and '.join(names[c] for c in conference.veto)} among them (each holds a veto)"
    return share
