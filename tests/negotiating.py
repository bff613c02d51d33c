"""Test helpers that move a session through the turns the way a player would.

Countries no longer soften on a public clock: they answer concessions with concessions and lose patience
with silence. So a test that needs a later turn either negotiates in good faith on the way (`talk_to`) or
waits in silence (`wait_to`) and lives with what silence costs.
"""

from game.engine.session import Session
from game.model.actions import EndTurn, Offer, Propose
from game.model.positions import candidate_positions
from game.model.scenario import RangeIssue


def step_toward(session: Session, share: float) -> dict:
    """The player's ideal moved `share` of the way toward the counterpart's ideal, on every open issue."""
    sc, state = session.scenario, session.state
    cid = sc.countries[0].id
    goals = {o.issue: o.ideal for o in sc.player.objectives}
    ideals = state.countries[cid].ideals
    out = {}
    for issue in sc.issues:
        if issue.id in state.agreed:
            continue
        mine = goals.get(issue.id, ideals[issue.id])
        if isinstance(issue, RangeIssue):
            grid = candidate_positions(issue)
            target = float(mine) + share * (float(ideals[issue.id]) - float(mine))
            out[issue.id] = min(grid, key=lambda p: abs(p - target))
        else:
            out[issue.id] = ideals[issue.id] if share >= 0.5 else mine
    return out


def talk_to(session: Session, turn: int, reach: float = 0.7) -> Session:
    """End turns until `turn`, offering on each one (bilateral) terms a step further toward the counterpart
    (reaching `reach` of the way by the deadline) that it does not yet accept: the talks stay alive and the
    country answers those concessions."""
    sc = session.scenario
    while session.state.turn < turn and not session.over:
        if sc.kind == "bilateral" and session.state.phase == "negotiating" and session.state.action_points >= 1:
            cid = sc.countries[0].id
            offer = Offer(positions=step_toward(session, reach * session.state.turn / sc.player.deadline))
            action = Propose(country=cid, offer=offer)
            if session.check(action) is None and session.preview(cid, offer).verdict != "accept":
                session.apply(action)
        session.apply(EndTurn())
    return session


def wait_to(session: Session, turn: int) -> Session:
    """End turns in silence until `turn` (the session may end first if the counterpart leaves)."""
    while session.state.turn < turn and not session.over:
        session.apply(EndTurn())
    return session


def well_into_talks(session: Session, progress: float = 0.7) -> Session:
    """A shortcut for unit tests of other rules: every country as far along its concession path as talks
    that went both ways would have brought it by now."""
    for cs in session.state.countries.values():
        cs.temper.progress = progress
    return session
