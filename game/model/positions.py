"""How a position on an issue is worth 0..1 to whoever holds an ideal there.

Linear additive utility needs a value per issue that spans [0, 1]: on a range issue the value
falls linearly with distance from the ideal, reaching 0 at the far end of the range; on an
options issue the ideal is worth 1 and the others what the interest lists (0 if unlisted).
"""

from .scenario import Interest, Objective, OptionsIssue, Position, RangeIssue


def range_value(issue: RangeIssue, ideal: float, position: float) -> float:
    reach = max(ideal - issue.min, issue.max - ideal)
    return max(0.0, 1.0 - abs(position - ideal) / reach) if reach > 0 else 1.0


def interest_value(issue: RangeIssue | OptionsIssue, interest: Interest, position: Position) -> float:
    if isinstance(issue, RangeIssue):
        return range_value(issue, float(interest.ideal), float(position))
    if position == interest.ideal:
        return 1.0
    return (interest.values or {}).get(str(position), 0.0)


def objective_value(issue: RangeIssue | OptionsIssue, objective: Objective, position: Position) -> float:
    """The player's utility on one issue: linear on ranges; ideal 1, target 0.5, others 0 on options."""
    if isinstance(issue, RangeIssue):
        return range_value(issue, float(objective.ideal), float(position))
    return 1.0 if position == objective.ideal else 0.5 if position == objective.target else 0.0


def objective_met(issue: RangeIssue | OptionsIssue, objective: Objective, position: Position) -> bool:
    if isinstance(issue, RangeIssue):
        return abs(float(position) - float(objective.ideal)) <= abs(float(objective.target) - float(objective.ideal)) + 1e-9
    return position in (objective.ideal, objective.target)


def candidate_positions(issue: RangeIssue | OptionsIssue) -> list[Position]:
    """Every position an offer can take on the issue (range issues on their step grid)."""
    if isinstance(issue, OptionsIssue):
        return [option.id for option in issue.options]
    count = int(round((issue.max - issue.min) / issue.step))
    grid = [issue.min + k * issue.step for k in range(count + 1)]
    if grid[-1] < issue.max - 1e-9:
        grid.append(issue.max)
    return [min(x, issue.max) for x in grid]
