"""What the debrief says about how the talks ended: the sentences the game's debrief and the HTML report
both show, from the one analysis (dealspace.analyse), so the two never disagree."""

from .dealspace import Analysis


def pct(x: float) -> str:
    return f"{round(x * 100):d} %"


def capture_sentence(a: Analysis) -> str:
    """The headline: how much of the available joint gain the deal captured."""
    if not a.zopa:
        return ("No deal could clear every needed party's no-deal value within the budget: "
                "there was no zone of agreement, so walking away cost nothing.")
    if not a.deal:
        return "No agreement, though one was in reach: no joint gain captured."
    if a.joint_gain_share is None:
        return "Agreement reached; no deal in reach created any joint gain over the no-deal values."
    return f"You captured {pct(a.joint_gain_share)} of the available joint gain."


def figures_sentence(a: Analysis) -> str:
    """The Nash ratio, efficiency and value left, in words; undefined figures are said to be so."""
    if not a.zopa:
        return "Nash point: none (no zone of agreement)."
    parts = [f"Nash ratio {pct(a.nash_ratio)}"]
    if a.deal and a.nash_ratio_per_party is not None and len(a.binding) > 2:
        parts[0] += f" ({pct(a.nash_ratio_per_party)} per party)"
    if a.pareto_efficient is not None:
        parts.append("Pareto-efficient" if a.pareto_efficient else "not Pareto-efficient")
    if a.value_left is not None:
        left = round(a.value_left * 100)
        if a.deal:
            parts.append(f"you left {left} point{'s' if left != 1 else ''} on the table")
        else:
            parts.append(f"the best deal in reach was worth {left} point{'s' if left != 1 else ''} more to you than no deal")
    if not a.exact:
        parts.append("(a search, not every deal tried)")
    return " · ".join(parts)


def balance_sentence(a: Analysis) -> str | None:
    """Who got least of what the Nash point would give it: why a deal with a large joint gain can still
    have a small Nash ratio (one side barely clears its no-deal value)."""
    if not a.deal or not a.zopa:
        return None
    shares = []
    for p in a.parties:
        if p.said_yes is False or p.utility_at_nash is None:
            continue
        at_nash = p.utility_at_nash - p.no_deal_value
        if at_nash > 1e-9:
            shares.append(((p.utility_at_deal - p.no_deal_value) / at_nash, p))
    if not shares:
        return None
    share, p = min(shares, key=lambda x: x[0])
    if share >= 0.8:
        return "Every signatory got most of what the Nash point would give it: a balanced deal."
    gain = round((p.utility_at_deal - p.no_deal_value) * 100)
    nash = round((p.utility_at_nash - p.no_deal_value) * 100)
    return (f"Lopsided: {p.name} cleared its no-deal value by {gain} point{'s' if abs(gain) != 1 else ''}, "
            f"against {nash} at the Nash point; a deal one side barely accepts is a fragile one.")
