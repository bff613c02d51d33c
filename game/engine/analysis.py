"""Deal analysis for the debrief: Pareto frontier, Nash bargaining point, share of the
available joint gain a deal captured and the value a party left on the table.

Pure and deterministic (NumPy only). Parties are LinearUtility objects (see strategy.py)
over the same issues; the disagreement point is each party's reservation value unless
given explicitly. Small spaces (<= MAX_ENUMERATE outcomes) are solved exactly by
enumeration; larger ones by issue-by-issue weighted-sum sweeps plus local search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .strategy import LinearUtility, Outcome

MAX_ENUMERATE = 2_000_000


# --------------------------------------------------------------------- enumeration


def space_size(parties: Sequence[LinearUtility]) -> int:
    return int(np.prod(parties[0].sizes, dtype=np.int64))


def enumerate_outcomes(sizes: Sequence[int]) -> np.ndarray:
    """All outcomes, (N, n_issues), in C order (last issue fastest)."""
    grids = np.indices(tuple(sizes)).reshape(len(sizes), -1)
    return grids.T.copy()


def utility_matrix(parties: Sequence[LinearUtility]) -> np.ndarray:
    """(n_parties, N) utilities of every outcome, same order as enumerate_outcomes."""
    sizes = parties[0].sizes
    out = np.empty((len(parties), int(np.prod(sizes, dtype=np.int64))))
    for p, u in enumerate(parties):
        acc = np.zeros(1)
        for wv in (w * v for w, v in zip(u.weights, u.values)):
            acc = (acc[:, None] + wv[None, :]).ravel()
        out[p] = acc
    return out


def _reservations(parties, reservation) -> np.ndarray:
    if reservation is None:
        return np.array([u.reserved_value for u in parties], dtype=float)
    return np.asarray(reservation, dtype=float)


def _outcome_of(flat: int, sizes) -> Outcome:
    return tuple(int(x) for x in np.unravel_index(int(flat), tuple(sizes)))


def utilities_of(outcome: Sequence[int], parties: Sequence[LinearUtility]) -> np.ndarray:
    return np.array([u(outcome) for u in parties])


def nash_product(utils: np.ndarray, reservation: np.ndarray) -> np.ndarray:
    """prod_k (u_k - rv_k) along the first axis; 0 where some u_k < rv_k."""
    gains = np.asarray(utils, float) - np.asarray(reservation, float).reshape((-1,) + (1,) * (np.ndim(utils) - 1))
    prod = np.prod(np.clip(gains, 0.0, None), axis=0)
    return np.where(np.all(gains >= 0, axis=0), prod, 0.0)


# --------------------------------------------------------------------- Nash point


@dataclass(frozen=True)
class NashPoint:
    outcome: Outcome
    utilities: np.ndarray  # per party
    product: float  # prod_k (u_k - rv_k)
    exact: bool  # True when found by exhaustive enumeration


def nash_point(parties: Sequence[LinearUtility], reservation=None) -> NashPoint | None:
    """argmax prod_k (u_k - rv_k) over outcomes with every u_k >= rv_k; None if there is
    no such outcome (no zone of agreement)."""
    rv = _reservations(parties, reservation)
    sizes = parties[0].sizes
    if space_size(parties) <= MAX_ENUMERATE:
        U = utility_matrix(parties)
        prod = nash_product(U, rv)
        ok = np.all(U >= rv[:, None], axis=0)
        if not ok.any():
            return None
        prod = np.where(ok, prod, -1.0)
        i = int(np.argmax(prod))
        return NashPoint(_outcome_of(i, sizes), U[:, i].copy(), float(prod[i]), True)
    return _nash_heuristic(parties, rv)


def _weight_grid(n_parties: int, count: int = 64) -> np.ndarray:
    if n_parties == 2:
        a = np.linspace(0.0, 1.0, count)
        return np.stack([a, 1 - a], axis=1)
    rng = np.random.default_rng(12345)  # local, fixed: deterministic sweep directions
    return np.vstack([np.eye(n_parties), np.full((1, n_parties), 1.0 / n_parties), rng.dirichlet(np.ones(n_parties), count)])


def _stack(parties) -> np.ndarray:
    """(n_parties, n_issues, k) padded contribution tables (padding = -inf-like)."""
    return np.stack([u.matrix for u in parties])


def weighted_sum_points(parties: Sequence[LinearUtility], count: int = 64) -> np.ndarray:
    """Supported Pareto outcomes: argmax of sum_k alpha_k u_k, issue by issue, for a sweep
    of weight vectors alpha. Returns unique outcomes (m, n_issues)."""
    M = _stack(parties)
    alphas = _weight_grid(len(parties), count)
    score = np.einsum("ap,pjk->ajk", alphas, np.where(M < -1e17, -1e18, M))
    return np.unique(score.argmax(axis=2), axis=0)


def _nash_local_search(M, rv, start, max_rounds=50):
    n_parties, n_issues, _ = M.shape
    rows = np.arange(n_issues)
    cur = np.array(start)
    for _ in range(max_rounds):
        changed = False
        for j in range(n_issues):
            tot = M[:, rows, cur].sum(axis=1)  # (P,)
            cand = tot[:, None] - M[:, j, cur[j]][:, None] + M[:, j, :]  # (P, k)
            g = cand - rv[:, None]
            prod = np.where(np.all(g >= 0, axis=0), np.prod(np.clip(g, 0, None), axis=0), -1.0)
            k = int(np.argmax(prod))
            if prod[k] > prod[cur[j]] + 1e-15:
                cur[j] = k
                changed = True
        if not changed:
            break
    return cur


def _nash_heuristic(parties, rv) -> NashPoint | None:
    M = _stack(parties)
    rows = np.arange(M.shape[1])
    best, best_p = None, -1.0
    for start in weighted_sum_points(parties):
        o = _nash_local_search(M, rv, start)
        u = M[:, rows, o].sum(axis=1)
        if np.all(u >= rv):
            p = float(np.prod(u - rv))
            if p > best_p:
                best, best_p = o, p
    if best is None:
        return None
    o = tuple(int(x) for x in best)
    return NashPoint(o, utilities_of(o, parties), best_p, False)


# --------------------------------------------------------------------- Pareto frontier


@dataclass(frozen=True)
class Frontier:
    outcomes: np.ndarray  # (m, n_issues)
    utilities: np.ndarray  # (m, n_parties)
    exact: bool


def nondominated(U: np.ndarray) -> np.ndarray:
    """Indices of non-dominated columns of U (n_parties, N), maximisation."""
    n, N = U.shape
    if N == 0:
        return np.zeros(0, dtype=int)
    if n == 2:
        order = np.lexsort((-U[1], -U[0]))  # u0 desc, then u1 desc
        u1 = U[1, order]
        prev = np.concatenate(([-np.inf], np.maximum.accumulate(u1)[:-1]))
        keep = u1 > prev
        return np.sort(order[keep])
    order = np.argsort(-U.sum(axis=0), kind="stable")
    front: list[int] = []
    F = np.empty((n, 0))
    for i in order:
        x = U[:, i : i + 1]
        if F.shape[1] and np.any(np.all(F >= x, axis=0) & np.any(F > x, axis=0)):
            continue
        if F.shape[1] and np.any(np.all(F == x, axis=0)):
            continue
        front.append(int(i))
        F = np.concatenate([F, x], axis=1)
    return np.sort(np.array(front, dtype=int))


def pareto_frontier(parties: Sequence[LinearUtility], reservation=None, rational_only: bool = True,
                    max_points: int = 200_000) -> Frontier:
    """Pareto-efficient outcomes (optionally only those giving every party >= its
    reservation value). Exact by enumeration for bilateral problems up to MAX_ENUMERATE
    outcomes, and for n parties when at most ``max_points`` candidates remain; otherwise
    the supported frontier from weighted-sum sweeps (exact=False)."""
    rv = _reservations(parties, reservation)
    sizes = parties[0].sizes
    n = len(parties)
    if space_size(parties) <= MAX_ENUMERATE:
        U = utility_matrix(parties)
        idx = np.arange(U.shape[1])
        if rational_only:
            ok = np.all(U >= rv[:, None], axis=0)
            idx, U = idx[ok], U[:, ok]
        if n == 2 or U.shape[1] <= max_points:
            keep = nondominated(U)
            flat = idx[keep]
            outs = np.stack(np.unravel_index(flat, sizes), axis=1) if len(flat) else np.zeros((0, len(sizes)), int)
            return Frontier(outs, U[:, keep].T.copy(), True)
    outs = weighted_sum_points(parties, count=256)
    U = np.array([[u(o) for u in parties] for o in outs]).T
    if rational_only:
        ok = np.all(U >= rv[:, None], axis=0)
        outs, U = outs[ok], U[:, ok]
    keep = nondominated(U)
    return Frontier(outs[keep], U[:, keep].T.copy(), False)


# --------------------------------------------------------------------- deal analysis


def nash_ratio(outcome: Sequence[int] | None, parties: Sequence[LinearUtility], reservation=None,
               nash: NashPoint | None = None) -> float:
    """prod_k(u_k(o) - rv_k) / max prod over rational outcomes; 0 for no deal or when
    some party gets less than its reservation value."""
    if outcome is None:
        return 0.0
    rv = _reservations(parties, reservation)
    nash = nash or nash_point(parties, rv)
    if nash is None or nash.product <= 0:
        return 0.0
    u = utilities_of(outcome, parties)
    if np.any(u < rv):
        return 0.0
    return float(np.prod(u - rv) / nash.product)


def left_on_table(outcome: Sequence[int] | None, parties: Sequence[LinearUtility], player: int = 0,
                  reservation=None) -> float:
    """How much more ``player`` could have had without making any other party worse off
    than in ``outcome`` (0 when the deal is Pareto-efficient for the player). For no deal,
    the others' floor is their reservation value and the player's base is its own."""
    rv = _reservations(parties, reservation)
    base = rv.copy() if outcome is None else utilities_of(outcome, parties)
    others = [k for k in range(len(parties)) if k != player]
    if space_size(parties) <= MAX_ENUMERATE:
        U = utility_matrix(parties)
        ok = np.all(U[others] >= base[others, None] - 1e-12, axis=0)
        if outcome is None:
            ok &= U[player] >= rv[player]
        if not ok.any():
            return 0.0
        return float(max(0.0, U[player, ok].max() - base[player]))
    # large spaces: local search from the deal, improving the player only
    M = _stack(parties)
    rows = np.arange(M.shape[1])
    cur = np.array(outcome if outcome is not None else parties[player].best())
    for _ in range(50):
        changed = False
        for j in range(M.shape[1]):
            tot = M[:, rows, cur].sum(axis=1)
            cand = tot[:, None] - M[:, j, cur[j]][:, None] + M[:, j, :]
            feas = np.all(cand[others] >= base[others, None] - 1e-12, axis=0)
            score = np.where(feas, cand[player], -np.inf)
            k = int(np.argmax(score))
            if score[k] > cand[player, cur[j]] + 1e-12:
                cur[j], changed = k, True
        if not changed:
            break
    u = M[:, rows, cur].sum(axis=1)
    if np.all(u[others] >= base[others] - 1e-12):
        return float(max(0.0, u[player] - base[player]))
    return 0.0


@dataclass(frozen=True)
class DealAnalysis:
    outcome: Outcome | None
    utilities: np.ndarray  # per party (reservation value when there is no deal)
    reservation: np.ndarray
    nash: NashPoint | None
    nash_ratio: float  # share of the available joint gain (Nash product) captured
    joint_gain_share: float  # sum of gains over the largest possible sum of gains
    left_on_table: float  # for the player
    pareto_efficient: bool


def analyse_deal(outcome: Sequence[int] | None, parties: Sequence[LinearUtility], player: int = 0,
                 reservation=None) -> DealAnalysis:
    """Everything the debrief needs about one deal (or no deal)."""
    rv = _reservations(parties, reservation)
    nash = nash_point(parties, rv)
    u = rv.copy() if outcome is None else utilities_of(outcome, parties)
    ratio = nash_ratio(outcome, parties, rv, nash)
    # largest sum of gains over rational outcomes
    if space_size(parties) <= MAX_ENUMERATE:
        U = utility_matrix(parties)
        ok = np.all(U >= rv[:, None], axis=0)
        max_gain = float((U[:, ok] - rv[:, None]).sum(axis=0).max()) if ok.any() else 0.0
    else:
        pts = weighted_sum_points(parties)
        gains = [float(np.sum(utilities_of(o, parties) - rv)) for o in pts
                 if np.all(utilities_of(o, parties) >= rv)]
        max_gain = max(gains, default=0.0)
    gain = float(np.sum(u - rv)) if outcome is not None and np.all(u >= rv) else 0.0
    share = gain / max_gain if max_gain > 0 else 0.0
    lot = left_on_table(outcome, parties, player, rv)
    efficient = outcome is not None and all(
        left_on_table(outcome, parties, k, rv) <= 1e-9 for k in range(len(parties))
    )
    return DealAnalysis(None if outcome is None else tuple(int(x) for x in outcome), u, rv, nash, ratio,
                        share, lot, efficient)
