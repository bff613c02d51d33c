"""Can one shared deal satisfy every party the decision rule needs? The deal space at the opening of
the talks (engine.dealspace: issues x reward options, the mission budget, the scenario's rule), per cone.

A scenario where no cone has a zone of agreement is an error: no play can end in a deal (every
reservation at 1.0, a BATNA above anything the objectives give, a consensus of enemies). A cone without
one, or a zone where no deal meets every objective, is a warning. Results are shared between cones
whose deal spaces are the same (the same reward values, costs and mission budget).
"""

from dataclasses import dataclass, replace
from itertools import combinations
from types import SimpleNamespace

import numpy as np

from ..engine.dealspace import DealSpace
from ..engine.session import Session, initial_state
from ..engine.space import Space
from ..engine.valuation import Context
from ..loading.problems import WARNING
from ..loading.scenario_loader import Checked, check_scenario
from ..model.cones import BASELINE, CONES, ConeName
from ..model.positions import objective_met
from ..model.scenario import Scenario
from ..model.state import Deal


@dataclass(frozen=True)
class Reach:
    """What one cone can reach at the opening."""

    cone: ConeName
    zopa: bool
    nash: Deal | None
    """The Nash point of the real space (None without a zone of agreement)."""
    nash_met: tuple[str, ...]
    """The objectives (issue ids) the Nash point meets."""
    best_met: tuple[str, ...]
    """The most objectives one deal in the zone of agreement meets."""
    short: tuple[tuple[str, float, float], ...]
    """Without a zone: at the deal closest to one, each party short of its no-deal value as (party id or
    'player', its utility there, its no-deal value), most short first."""


def met(scenario: Scenario, deal: Deal) -> tuple[str, ...]:
    return tuple(o.issue for o in scenario.player.objectives
                 if o.issue in deal.positions and objective_met(scenario.issue(o.issue), o, deal.positions[o.issue]))


def _space_key(session: Session) -> tuple:
    profile = session.profile
    domains = sorted({r.domain for r in session.scenario.rewards})
    return (tuple(profile.reward_value_factors.get(d, 1.0) for d in domains),
            tuple(session.reward_cost(r) for r in session.scenario.rewards),
            profile.budget_per_turn)


def reach(scenario: Scenario, cones=CONES) -> dict[ConeName, Reach]:
    """Each cone's zone of agreement at the opening of the talks (seed 0's opening state)."""
    out: dict[ConeName, Reach] = {}
    done: dict[tuple, Reach] = {}
    for cone in cones:
        session = Session(scenario, cone, 0)
        key = _space_key(session)
        if key not in done:
            done[key] = _reach(session)
        out[cone] = replace(done[key], cone=cone)
    return out


def baseline(scenario: Scenario) -> Reach:
    """The zone of agreement for an officer without a cone's edge (the cones' BASELINE profile), at the
    opening state before any event: the deal the parties could strike on the merits."""
    state = initial_state(scenario, "baseline", 0, BASELINE)
    ctx = Context(scenario, Space.of(scenario), BASELINE, state)
    return _reach(SimpleNamespace(scenario=scenario, ctx=ctx, cone="baseline"))


def _reach(session) -> Reach:
    scenario = session.scenario
    space = DealSpace(session.ctx)
    nash = space.best(lambda U, spend: space.nash_value(U), space.acceptable)
    if nash is None:
        closest = space.best(lambda U, spend: -space.shortfall(U, spend), lambda U, spend: np.isfinite(U[0]))
        U = space.utilities(closest[None, :])[:, 0]
        short = sorted(((("player" if p is None else p), float(U[i]), float(space.no_deal[i]))
                        for i, p in enumerate(space.parties) if U[i] < space.no_deal[i] - 1e-9),
                       key=lambda row: row[1] - row[2])
        return Reach(session.cone, False, None, (), (), tuple(short))
    nash_deal = space.decode(nash)
    return Reach(session.cone, True, nash_deal, met(scenario, nash_deal), _most_met(session), ())


def _most_met(session) -> tuple[str, ...]:
    """The largest set of objectives that one deal in the zone of agreement meets (the deal space with the
    positions that miss them taken away from the player: the zone is searched again for each set tried,
    largest first)."""
    objectives = [o.issue for o in session.scenario.player.objectives]
    for size in range(len(objectives), 0, -1):
        for chosen in combinations(objectives, size):
            space = DealSpace(session.ctx)
            for issue_id in chosen:
                j = space.ctx.space.issue_ids.index(issue_id)
                objective = next(o for o in session.scenario.player.objectives if o.issue == issue_id)
                issue = session.scenario.issue(issue_id)
                for k, position in enumerate(space.ctx.space.positions[j]):
                    if not objective_met(issue, objective, position):
                        space.M[0, j, k] = -1e9  # below any BATNA: never acceptable
            if space.best(lambda U, spend: U[0], space.acceptable) is not None:
                return chosen
    return ()


def _who(scenario: Scenario) -> str:
    conference = scenario.conference
    n = len(scenario.countries)
    if conference is None:
        return "the country"
    if conference.rule == "consensus":
        return f"all {n} countries (consensus)"
    if conference.rule == "majority":
        return f"more than {conference.threshold:.0%} of the {n} countries"
    return f"more than {conference.threshold:.0%} of the weighted vote"


def deal_checks(scenario: Scenario, reached: dict[ConeName, Reach] | None = None):
    """(errors, warnings), each a list of (data path, message, offending value or None)."""
    reached = reached or reach(scenario)
    errors, warnings = [], []
    index = {c.id: i for i, c in enumerate(scenario.countries)}
    if not any(r.zopa for r in reached.values()):
        short = next(iter(reached.values())).short
        parts = [f"{'you' if p == 'player' else scenario.country(p).name} ({u * 100:.0f} points against "
                 f"{'your BATNA' if p == 'player' else 'a no-deal value'} of {nd * 100:.0f})" for p, u, nd in short[:3]]
        named = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
        worst = short[0][0] if short else "player"
        path = ("player", "batna") if worst == "player" else ("countries", index[worst], "reservation")
        errors.append((path, (
            f"no shared deal can satisfy the parties the rule needs, in any cone: no deal within the budget clears "
            f"your BATNA and the no-deal values of {_who(scenario)}; the closest deal falls short for {named or 'the vote'}"),
            None))
        return errors, warnings
    for cone, r in reached.items():
        if not r.zopa:
            warnings.append((("player", "objectives"), f"a {cone.replace('_', ' ')} officer can reach no deal here "
                             f"(no deal within that cone's budget clears your BATNA and {_who(scenario)})", None))
    total = len(scenario.player.objectives)
    best = max((r for r in reached.values() if r.zopa), key=lambda r: len(r.best_met))
    if len(best.best_met) < total:
        missing = [o.issue for o in scenario.player.objectives if o.issue not in best.best_met]
        warnings.append((("player", "objectives"), (
            f"at the opening, no deal the parties can agree meets every objective: at most {len(best.best_met)} of "
            f"{total} (not with {', '.join(missing)}); unless the talks move the parties, loosen a target or give "
            "the countries more reason to accept it"), None))
    return errors, warnings


def check_fully(path) -> Checked:
    """validate's whole check of one file: the loader's errors and warnings, then, for a valid scenario,
    the deal space's (no shared deal is an error)."""
    checked = check_scenario(path)
    if checked.scenario is not None:
        errors, warnings = deal_checks(checked.scenario)
        checked.add(checked.where.found(errors) + checked.where.found(warnings, WARNING))
    return checked
