"""Who must say yes for a draft to pass, under the scenario's decision rule."""

from dataclasses import dataclass

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
    return Tally(rule, yes, tuple(c for c, v in votes.items() if not v), share, threshold,
                 bool(share_passes(s, share)))


def passes(s: Scenario, yes: list[str]) -> bool:
    """Does a draft pass with these countries voting yes? Consensus needs every country."""
    return tally(s, {c: True for c in yes}).passes


def share_passes(s: Scenario, share):
    """Does this share of the vote pass (consensus: every party, each weighing the same)? Works on NumPy arrays of
    shares too, so the deal analysis counts votes exactly as the conference does."""
    if s.conference is None or s.conference.rule == "consensus":
        return share >= 1 - 1e-9
    return share > s.conference.threshold + 1e-9
