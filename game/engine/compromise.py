"""The Nash bargaining point of a session: for the chair's compromise and the debrief.

Parties are the player (utility from the objectives, disagreement value 0) and every AI country
(utility from its current ideals, disagreement value its reservation), over the issues still open.
"""

from ..model.actions import Offer
from .analysis import DealAnalysis, analyse_deal, nash_point
from .space import country_tables, player_tables
from .strategy import LinearUtility


def parties(session, open_only: bool = True) -> tuple[list[int], list[LinearUtility], list[float]]:
    """(issue indices, utilities, reservation values); the player first."""
    agreed = session.space.encode(session.state.agreed) if open_only else {}
    idx = [j for j in range(len(session.space.issue_ids)) if j not in agreed]
    weights, tables = player_tables(session.space)
    utilities = [LinearUtility(weights[idx], [tables[j] for j in idx])]
    reservations = [0.0]
    for country in session.scenario.countries:
        w, t = country_tables(session.space, country, session.state.countries[country.id].ideals)
        settled = sum(w[j] * t[j][k] for j, k in agreed.items())
        utilities.append(LinearUtility(w[idx], [t[j] for j in idx]))
        reservations.append(max(0.0, country.reservation - settled))
    return idx, utilities, reservations


def nash_draft(session) -> Offer:
    """A draft at the Nash point of the open issues (each party's own best if none is rational)."""
    idx, utilities, reservations = parties(session)
    point = nash_point(utilities, reservations)
    if point is None:  # no outcome clears everyone's reservation: split the difference on gains
        point = nash_point(utilities, [0.0] * len(utilities))
    return Offer(positions=session.space.decode(dict(zip(idx, point.outcome))))


def deal_analysis(session) -> DealAnalysis:
    """The final agreement (or no deal) against the Nash point and the Pareto frontier."""
    idx, utilities, reservations = parties(session, open_only=False)
    agreed = session.space.encode(session.state.agreed)
    outcome = [agreed[j] for j in idx] if len(agreed) == len(idx) else None
    return analyse_deal(outcome, utilities, player=0, reservation=reservations)
