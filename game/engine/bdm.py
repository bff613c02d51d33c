"""Bueno de Mesquita's expected-utility model of group decision: one round on one issue.

Source: J. B. Scholz, G. J. Calbert and G. A. Smith, "Unravelling Bueno de Mesquita's group
decision model", Journal of Theoretical Politics 23(4), 2011 (conference version ICAART 2011),
which reconstructs the model of B. Bueno de Mesquita (1985, 1994, 1997); the same model is the
seed of the KTAB tradition. Positions are on the issue's scale normalised to [0, 1], so every
distance below is already a share of the issue's range.

Actor i has position x_i, capability c_i >= 0, salience s_i in [0, 1] and risk exponent r_i
(default 1); w_i = c_i s_i is its weight on the issue.

Votes and forecast. Actor k's vote for position a over b is its weighted utility difference
    v_k(a, b) = w_k (|x_k - x_b| - |x_k - x_a|).
a beats b when the votes sum above 0, i.e. when sum_k w_k |x_k - a| is smaller, so the position
that beats every other is the weighted median mu: the forecast outcome.

Probability that i prevails against j: the support of all actors (i and j included) for i,
over all the support cast in that contest,
    P_ij = sum_k max(v_k(i, j), 0) / sum_k |v_k(i, j)|        (so P_ij + P_ji = 1).

Utilities of i against j, d = |x_i - x_j|, D = |x_i - mu| + d:
    U_s  = 2 - 4 (0.5 - 0.5 d)^r_i       i wins: j adopts x_i
    U_f  = 2 - 4 (0.5 + 0.5 d)^r_i       i loses: it adopts x_j
    U_b  = 2 - 4 (0.5 - 0.25 D)^r_i      unchallenged, things change for the better
    U_w  = 2 - 4 (0.5 + 0.25 D)^r_i      ... or for the worse
    U_sq = 2 - 4 (0.5)^r_i               nothing changes
(at r = 1: U_s = 2d, U_f = -2d, U_b = D, U_w = -D, U_sq = 0).

Expected utility of i challenging j: j resists with probability s_j, else gives in;
not challenging leaves the status quo with probability Q, else things change, for the better
with probability T_ij:
    EU_i(j) = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s
              - Q U_sq - (1 - Q) (T_ij U_b + (1 - T_ij) U_w).
i's estimate of j's expected utility of challenging i is the same formula from j's side
(P_ji, s_i, T_ji, distances from x_j) with i's own risk exponent: each actor judges the others
with its own attitude to risk.

Offers. j challenges i when EU_j(i) > 0. i judges the challenge with a = EU_i(j) (its own)
and b = its estimate of EU_j(i); a challenge i does not believe (b <= 0) is ignored:
    conflict      a > 0 and b > a:  both would fight; j is expected to win, i adopts x_j
    compromise    a <= 0 < b, b > |a|: i concedes the share |a| / b of the way to x_j
    capitulation  a <= 0 < b, b <= |a|: i adopts x_j
(a conflict i expects to win, a >= b > 0, moves i nowhere: j is the one that gives way.)
Each actor takes the most credible offer, the one that moves it least (ties: the offer its
maker values most, then the weightier maker, then the first); all respond to the positions at
the start of the round, so one call is one simultaneous round.

Choices where the literature is ambiguous:
  * Q = 0.5 (BDM uses 1.0 in some applications and 0.5 in others; Scholz et al. discuss both).
  * T_ij: unchallenged, j is pulled by everyone else toward the forecast mu. That is better for
    i exactly when i lies on mu's side of j, so T_ij = 1 if (x_i - x_j)(mu - x_j) > 0, 0 if < 0,
    and 0.5 when j sits on mu (no drift expected).
  * Risk: r is an input, 1 (risk neutral) unless given; r > 1 is risk averse, r < 1 risk
    acceptant. `risk_exponents` computes BDM's rule for callers that want it: an actor whose
    position invites challenges is taken to have chosen it with risk acceptance (r down to 0.5),
    the safest actor as risk averse (r = 2). Votes stay linear in distance so that mu is the
    weighted median.
  * Distances are measured on the issue's own [0, 1] scale, not rescaled to the spread of the
    current positions: as positions converge, differences must shrink, not be blown up again.
  * Actors with weight c_i s_i = 0 (or alone) challenge nobody: who does not care does not act.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

Q_DEFAULT = 0.5
"""Probability that, without a challenge, the status quo between two actors holds."""

_EPS = 1e-12
"""Expected utilities and vote totals within this of 0 count as 0 (floating-point noise)."""

Kind = Literal["conflict", "compromise", "capitulation"]
KINDS: tuple[Kind, ...] = ("conflict", "compromise", "capitulation")


@dataclass(frozen=True)
class Move:
    """Actor `actor` took the offer of `by` and moved from `before` to `after`."""

    actor: int
    by: int
    kind: Kind
    before: float
    after: float


@dataclass(frozen=True, eq=False)
class Round:
    """One round of the model; arrays are read-only and indexed like the inputs.

    positions  new positions, (n,)
    median     the forecast at the start of the round (weighted median of the old positions)
    P          P[i, j]: probability that i prevails against j, (n, n); 0.5 on the diagonal and where no one cares
    EU         EU[i, j]: i's expected utility of challenging j, (n, n); 0 where x_i == x_j
    perceived  perceived[i, j]: i's estimate of EU[j, i] (equal to it when risk is uniform)
    moves      one Move per actor whose position changed, in actor order
    """

    positions: np.ndarray
    median: float
    P: np.ndarray
    EU: np.ndarray
    perceived: np.ndarray
    moves: tuple[Move, ...]


def weighted_median(x, w) -> float:
    """The position held by an actor that beats every other in the weighted pairwise vote.

    That is the position minimising sum_k w_k |x_k - z|, always found among the positions of actors
    with weight (those without weight do not supply the forecast). Where several tie (an even
    split), the one nearest the weighted mean is taken, then the lower. No weight at all: plain median.
    """
    x, w = np.asarray(x, float), np.asarray(w, float)
    if w.sum() <= 0:
        w = np.ones_like(x)
    held = np.unique(x[w > 0])  # sorted
    cost = np.abs(x[:, None] - held[None, :]).T @ w
    tied = held[cost <= cost.min() + _EPS * max(1.0, cost.min())]
    gap = np.abs(tied - w @ x / w.sum())
    return float(tied[gap <= gap.min() + _EPS][0])


def _check(x, c, s, r, q) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    arrays = [np.asarray(v, dtype=float) for v in (x, c, s)]
    n = arrays[0].shape
    r = np.ones(n) if r is None else np.asarray(r, dtype=float)
    for name, a in zip(("x", "c", "s", "r"), [*arrays, r]):
        if a.ndim != 1 or a.shape != n:
            raise ValueError(f"{name}: expected a 1-D array of {n[0] if len(n) == 1 else '?'} values, got shape {a.shape}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name}: values must be finite")
    x, c, s = arrays
    if not len(x):
        raise ValueError("x: at least one actor is needed")
    if np.any((x < 0) | (x > 1)):
        raise ValueError("x: positions must lie in [0, 1] (normalise the issue's scale first)")
    if np.any(c < 0):
        raise ValueError("c: capabilities must be >= 0")
    if np.any((s < 0) | (s > 1)):
        raise ValueError("s: saliences must lie in [0, 1]")
    if np.any(r <= 0):
        raise ValueError("r: risk exponents must be > 0")
    if not 0 <= q <= 1:
        raise ValueError("q: the status-quo probability must lie in [0, 1]")
    return x, c, s, r


def _probabilities(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    dist = np.abs(x[:, None] - x[None, :])  # dist[k, a] = |x_k - x_a|
    votes = w[:, None, None] * (dist[:, None, :] - dist[:, :, None])  # votes[k, i, j] = v_k(i, j)
    support = np.clip(votes, 0, None).sum(axis=0)
    total = np.abs(votes).sum(axis=0)
    return np.where(total > _EPS, support / np.where(total > _EPS, total, 1.0), 0.5)


def _expected_utility(P, d, D, s_target, T, r, q) -> np.ndarray:
    """EU of a challenger against a target, every array broadcast to (n, n)."""
    u_s = 2 - 4 * (0.5 - 0.5 * d) ** r
    u_f = 2 - 4 * (0.5 + 0.5 * d) ** r
    u_b = 2 - 4 * (0.5 - 0.25 * D) ** r
    u_w = 2 - 4 * (0.5 + 0.25 * D) ** r
    u_sq = 2 - 4 * 0.5**r
    eu = s_target * (P * u_s + (1 - P) * u_f) + (1 - s_target) * u_s - q * u_sq - (1 - q) * (T * u_b + (1 - T) * u_w)
    return np.where(d > 0, eu, 0.0)


def _matrices(x, c, s, r, q):
    w = c * s
    mu = weighted_median(x, w)
    P = _probabilities(x, w)
    d = np.abs(x[:, None] - x[None, :])
    off = np.abs(x - mu)
    T = 0.5 + 0.5 * np.sign((x[:, None] - x[None, :]) * (mu - x[None, :]))  # T[i, j]: i challenging j
    EU = _expected_utility(P, d, off[:, None] + d, s[None, :], T, r[:, None], q)
    perceived = _expected_utility(P.T, d, off[None, :] + d, s[:, None], T.T, r[:, None], q)
    return w, mu, P, EU, perceived


def bdm_round(x, c, s, r=None, *, q: float = Q_DEFAULT) -> Round:
    """One simultaneous round of challenges and responses; see the module docstring for the formulas.

    x: positions in [0, 1]; c: capabilities >= 0; s: saliences in [0, 1]; r: risk exponents > 0
    (default all 1); q: probability the status quo holds unchallenged. Raises ValueError on bad input.
    """
    x, c, s, r = _check(x, c, s, r, q)
    # Work in a canonical order (by position, then salience, capability, risk) so that every sum and tie-break is the
    # same whatever order the caller lists the actors in: permuting actors permutes the results exactly.
    order = np.lexsort((r, c, s, x))
    x, c, s, r = x[order], c[order], s[order], r[order]
    w, mu, P, EU, perceived = _matrices(x, c, s, r, q)
    a, b = EU, perceived  # a[i, j] = EU_i(j); b[i, j] = i's estimate of EU_j(i)
    made = (EU.T > _EPS) & (w[None, :] > 0)  # made[i, j]: j challenges i
    believed = made & (b > _EPS)
    conflict = believed & (a > _EPS) & (b > a)
    yielding = believed & (a <= _EPS)
    compromise = yielding & (b > np.abs(a))
    capitulation = yielding & ~compromise
    share = np.where(compromise, np.abs(a) / np.where(compromise, b, 1.0), 1.0)
    offered = conflict | compromise | capitulation
    target = np.where(share < 1, x[:, None] + share * (x[None, :] - x[:, None]), x[None, :])  # where j's offer puts i
    move = np.where(offered, np.abs(target - x[:, None]), np.inf)

    n = len(x)
    # least move, then the offer its maker values most, then the weightier maker, then canonical order
    ranked = np.lexsort((np.broadcast_to(np.arange(n), (n, n)), -np.broadcast_to(w, (n, n)), -b, move), axis=1)
    rows, best = np.arange(n), ranked[:, 0]
    takes = offered[rows, best]
    new = np.where(takes, target[rows, best], x)
    kind = np.select([conflict, compromise], [0, 1], 2)[rows, best]

    back = np.argsort(order)  # canonical index k is the caller's actor order[k]; the caller's i is at back[i]
    positions = new[back]
    moved = takes & (new != x)
    ids, by, kinds, before, after = order.tolist(), order[best].tolist(), kind.tolist(), x.tolist(), new.tolist()
    moves = tuple(Move(ids[k], by[k], KINDS[kinds[k]], before[k], after[k]) for k in back.tolist() if moved[k])
    P, EU, perceived = (m[np.ix_(back, back)] for m in (P, EU, perceived))
    for arr in (positions, P, EU, perceived):
        arr.flags.writeable = False
    return Round(positions=positions, median=mu, P=P, EU=EU, perceived=perceived, moves=moves)


def risk_exponents(x, c, s, *, q: float = Q_DEFAULT) -> np.ndarray:
    """BDM's risk exponents: r_i = (1 - R_i / 3) / (1 + R_i / 3), in [0.5, 2].

    The danger to i is what the others expect to gain by challenging it, S_i = sum_j EU_j(i)
    (at r = 1); R_i = (2 S_i - S_max - S_min) / (S_max - S_min) runs from -1 (safest: risk averse,
    r = 2) to 1 (most exposed: risk acceptant, r = 0.5). All equally exposed: everyone risk neutral.
    """
    x, c, s, r = _check(x, c, s, None, q)
    EU = _matrices(x, c, s, r, q)[3]
    danger = EU.sum(axis=0)
    spread = danger.max() - danger.min()
    if spread <= _EPS:
        return np.ones_like(x)
    R = (2 * danger - danger.max() - danger.min()) / spread
    return (1 - R / 3) / (1 + R / 3)
