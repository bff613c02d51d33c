"""The session's entry points to the deal analysis: the chair's compromise and the debrief's figures."""

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
    outcome = space.best(lambda U, spend: space.nash_value(U), space.acceptable)
    if outcome is None:
        outcome = space.best(lambda U, spend: -space.shortfall(U, spend), lambda U, spend: U[0] == U[0])
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
