"""The session's entry points to the deal analysis: the chair's compromise and the debrief's figures."""

from dataclasses import dataclass

import numpy as np

from ..model.actions import Offer
from ..model.voting import vote_weights
from .analysis import nondominated
from .dealspace import Analysis, DealSpace, analyse
from .valuation import Context


def chair_draft(session) -> Offer:
    """The chair's compromise: the draft at the Nash point of the open issues under the conference's
    rule (rewards promised so far included), or, when no draft can pass, the one closest to passing."""
    space = DealSpace(session.ctx, rewards=False, settled=True)
    outcome = space.best(lambda U, spend: space.nash_value(U), space.acceptable,
                         fallback=lambda U, spend: -space.shortfall(U, spend))
    positions = space.decode(outcome).positions
    return Offer(positions={k: v for k, v in positions.items() if k not in session.state.agreed})


def session_analysis(session) -> Analysis:
    """The agreement as it was signed, judged at that moment; or, without one, what was possible at the end."""
    record = session.state.deal
    if record is None:
        return analyse(session.ctx, None, [])
    return analyse(Context(session.scenario, session.space, session.profile, record.state), record.deal, record.said_yes)


def deal_points(session) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """For a debrief chart: (every distinct (player, counterpart) utility pair of the deals in reach, the
    Pareto frontier of those pairs), at the moment the deal was signed (or at the end). The counterpart is
    the one country of a bilateral; in a conference the vote-weighted mean of the countries, over the
    deals that pass the vote (issues only when the whole space is too large to list)."""
    record = session.state.deal
    ctx = session.ctx if record is None else Context(session.scenario, session.space, session.profile, record.state)
    space = DealSpace(ctx)
    if not space.exact() and session.scenario.kind == "multilateral":
        space = DealSpace(ctx, rewards=False)
    if not space.exact():
        return [], []
    outcomes = space.all_outcomes()
    U = space.utilities(outcomes)
    if session.scenario.kind == "multilateral":
        U = U[:, space.acceptable(U, space.spend(outcomes))]
    pairs = np.unique(np.round(np.stack([U[0], counterpart_side(session.scenario, U[1:])]).T, 4), axis=0)
    if not len(pairs):
        return [], []
    front = pairs[nondominated(pairs.T)]
    return [tuple(map(float, p)) for p in pairs], [tuple(map(float, p)) for p in front]


def counterpart_side(scenario, utilities):
    """The other side of a deal on the debrief's plane, from the countries' utilities (scenario order, first
    axis): the one country of a bilateral, the vote-weighted mean of the countries in a conference."""
    weights = vote_weights(scenario)
    return np.tensordot(np.array([weights[c.id] for c in scenario.countries]), np.asarray(utilities, dtype=float), axes=1)


@dataclass(frozen=True)
class LoseLose:
    """A term of the agreement that every side who cares about the issue would have traded for another."""

    issue: str
    agreed: object
    better: object
    """The position on that issue that the player and every signatory caring about it prefer (the best such)."""
    others: list[str]
    """The signatories (names) who would have gained too."""


def lose_lose_terms(session) -> list[LoseLose]:
    """The agreement's lose-lose terms, judged by the one valuation at the moment it was signed: issues where
    another position is better for you and for at least one signatory that cares about it, and worse for none
    (typical of compatible issues, where both sides want the same thing and settle for less)."""
    record = session.state.deal
    if record is None:
        return []
    space = DealSpace(Context(session.scenario, session.space, session.profile, record.state), rewards=False)
    scenario, found = session.scenario, []
    cares = {o.issue for o in scenario.player.objectives}
    for j, issue in enumerate(scenario.issues):
        if issue.id not in cares or issue.id not in record.deal.positions:
            continue
        signers = [p for p, c in enumerate(space.parties) if c is not None and c in record.said_yes
                   and issue.id in scenario.country(c).interests]
        if not signers:
            continue
        grid = session.space.positions[j]
        table = space.M[:, j, :len(grid)]
        k = session.space.index(issue.id, record.deal.positions[issue.id])
        gain = table - table[:, k:k + 1]
        better = (gain[0] > 1e-9) & np.all(gain[signers] >= -1e-9, axis=0) & np.any(gain[signers] > 1e-9, axis=0)
        if better.any():
            best = int(np.argmax(np.where(better, gain[[0, *signers]].sum(axis=0), -np.inf)))
            others = [scenario.country(space.parties[p]).name for p in signers if gain[p, best] > 1e-9]
            found.append(LoseLose(issue.id, grid[k], grid[best], others))
    return found
