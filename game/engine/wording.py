"""A country's decision and an offer in the words the table shows: one wording for the client, the
replay and the command line's probe."""

from ..model.actions import Offer
from ..model.scenario import Scenario
from ..model.state import Decision
from .space import describe


def counted(n: int, noun: str, nouns: str | None = None) -> str:
    """'1 delegation', '5 delegations' (`nouns` for an irregular plural)."""
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


def points(value: float) -> str:
    """Utility units as signed points: 0.12 -> '+12', -0.08 -> '−8'."""
    p = round(value * 100)
    return f"+{p}" if p > 0 else f"−{-p}" if p < 0 else "±0"


def reason_lines(decision: Decision) -> list[str]:
    """'+12 quota near our ideal', biggest first; then 'needs 30, got 24'."""
    terms = sorted(decision.terms, key=lambda t: -abs(t.value))
    lines = [f"{points(t.value)} {t.label}" for t in terms]
    lines.append(threshold_line(decision))
    return lines


def threshold_line(decision: Decision) -> str:
    got, need = decision.value * 100, decision.needed * 100
    gap = got - need
    verdict = "clears it" if gap >= -1e-7 else f"short by {-gap:.0f}"
    return f"needs {need:.0f}, got {got:.0f} ({verdict})"


def positions_text(scenario: Scenario, positions: dict) -> str:
    """'Quota 55%; Inspections Joint teams'."""
    return "; ".join(f"{scenario.issue(i).name} {describe(scenario.issue(i), p)}" for i, p in positions.items())


def offer_text(scenario: Scenario, offer: Offer) -> str:
    """'Quota 55%; Inspections Joint teams; with Fish market access; or else Port ban'."""
    parts = [positions_text(scenario, offer.positions)]
    names = {r.id: r.name for r in scenario.rewards} | {t.id: t.name for t in scenario.threats}
    if offer.rewards:
        parts.append("with " + ", ".join(names.get(r, r) for r in offer.rewards))
    if offer.threats:
        parts.append("or else " + ", ".join(names.get(t, t) for t in offer.threats))
    return "; ".join(p for p in parts if p) or "nothing"
