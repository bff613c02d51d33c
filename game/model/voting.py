"""Who must say yes for a draft to pass, under the scenario's decision rule."""

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
    total = sum(raw.values()) or 1.0
    return {k: v / total for k, v in raw.items()}


def passes(s: Scenario, yes: list[str]) -> bool:
    """Does a draft pass with these countries voting yes? Consensus needs every country."""
    weights = vote_weights(s)
    return share_passes(s, sum(weights[c] for c in set(yes) if c in weights))


def share_passes(s: Scenario, share):
    """Does this share of the vote pass (consensus: every party, each weighing the same)? Works on NumPy arrays of
    shares too, so the deal analysis counts votes exactly as the conference does."""
    if s.conference is None or s.conference.rule == "consensus":
        return share >= 1 - 1e-9
    return share > s.conference.threshold + 1e-9
