"""Negotiation mathematics for the AI: linear additive utilities, Faratin concession paths,
issue-by-issue offer construction (one partner: a knapsack toward the partner's estimated
utility; several: their estimated Nash product), the estimated Nash point and "smallest
flip" hints. What a country learns of its partners is in learning.py.

Pure and deterministic: NumPy only, no pygame, no clock, no global random state.

Conventions
-----------
An *outcome* is a tuple of option indices, one per issue (``outcome[j]`` indexes
``values[j]``). A utility is linear additive, ``u(o) = sum_j w_j * v_j[o_j]``, with
weights and per-issue value tables in [0, 1]. Issues may have different numbers of
options. Everything that searches for an offer works issue by issue and never
enumerates the whole outcome space.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

Outcome = tuple[int, ...]

#: Faratin exponents of the named concession styles (e < 1 holds out, e > 1 concedes).
#: The bench workload writes the same curves as ``1 - t**e`` with the exponent inverted
#: (boulware e=4, conceder e=0.25).
CONCESSION_EXPONENTS: dict[str, float] = {"boulware": 0.25, "linear": 1.0, "conceder": 4.0}

_NEG = -1e18  # "impossible" entry in padded tables


def faratin_target(t, rv: float, e: float, u_max: float = 1.0):
    """Aspiration at relative time t in [0, 1]: rv + (u_max - rv) * (1 - t**(1/e)).

    Faratin et al. (1998) convention: e < 1 is Boulware (holds out until late), e = 1 is
    linear, e > 1 is a Conceder. Works on scalars and NumPy arrays of t.
    """
    if isinstance(t, float | int):
        tt = min(max(float(t), 0.0), 1.0)
        return rv + (u_max - rv) * (1.0 - tt ** (1.0 / e))
    t = np.clip(np.asarray(t, dtype=float), 0.0, 1.0)
    out = rv + (u_max - rv) * (1.0 - t ** (1.0 / e))
    return float(out) if out.ndim == 0 else out


# ----------------------------------------------------------------------------- utilities


def pad(tables: Sequence[np.ndarray], fill: float = _NEG) -> np.ndarray:
    """Stack ragged per-issue arrays into an (n_issues, max_options) matrix."""
    width = max(len(t) for t in tables)
    out = np.full((len(tables), width), fill, dtype=float)
    for j, t in enumerate(tables):
        out[j, : len(t)] = t
    return out


@dataclass(frozen=True)
class LinearUtility:
    """u(o) = sum_j weights[j] * values[j][o[j]], weights and values in [0, 1].

    ``reserved_value`` is the utility of no deal (the BATNA). Use ``normalized()`` to
    rescale weights to sum to 1.
    """

    weights: np.ndarray
    values: tuple[np.ndarray, ...]
    reserved_value: float = 0.0
    matrix: np.ndarray = field(init=False, repr=False, compare=False)

    def __init__(self, weights: Iterable[float], values: Iterable[Iterable[float]], reserved_value: float = 0.0):
        w = np.asarray(weights if isinstance(weights, np.ndarray) else list(weights), dtype=float)
        vals = tuple(np.asarray(v if isinstance(v, np.ndarray) else list(v), dtype=float) for v in values)
        if w.ndim != 1 or len(w) != len(vals):
            raise ValueError("one weight per issue is needed")
        if any(v.ndim != 1 or len(v) == 0 for v in vals):
            raise ValueError("every issue needs a non-empty 1-D value table")
        every = np.concatenate(vals)
        if np.any(w < 0) or every.min() < -1e-12 or every.max() > 1 + 1e-12:
            raise ValueError("weights must be >= 0 and values in [0, 1]")
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "values", vals)
        object.__setattr__(self, "reserved_value", float(reserved_value))
        # weighted per-issue contributions, padded with a huge negative for missing options
        object.__setattr__(self, "matrix", pad([wj * v for wj, v in zip(w, vals)]))

    @property
    def n_issues(self) -> int:
        return len(self.values)

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.values)

    def contributions(self, outcome: Sequence[int]) -> np.ndarray:
        """Per-issue terms w_j * v_j[o_j] (the "reasons" breakdown)."""
        return self.matrix[np.arange(self.n_issues), np.asarray(outcome, dtype=int)]

    def __call__(self, outcome: Sequence[int]) -> float:
        return float(self.contributions(outcome).sum())

    def evaluate(self, outcomes) -> np.ndarray:
        """Utilities of an (m, n_issues) array of outcomes."""
        o = np.asarray(outcomes, dtype=int)
        return self.matrix[np.arange(self.n_issues)[None, :], o].sum(axis=1)

    def best(self) -> Outcome:
        return tuple(int(np.argmax(v)) for v in self.values)

    def worst(self) -> Outcome:
        return tuple(int(np.argmin(v)) for v in self.values)

    @property
    def max_utility(self) -> float:
        return float(sum(wj * v.max() for wj, v in zip(self.weights, self.values)))

    @property
    def min_utility(self) -> float:
        return float(sum(wj * v.min() for wj, v in zip(self.weights, self.values)))

    def normalized(self) -> LinearUtility:
        s = self.weights.sum()
        return LinearUtility(self.weights / s if s > 0 else self.weights, self.values, self.reserved_value)


# ------------------------------------------------------------------- offer construction


def _as_matrix(partner_values, like: LinearUtility) -> np.ndarray:
    """The partners' per-issue contributions as a (n_issues, n_options) matrix: a LinearUtility, a model
    or matrix (anything with `.matrix` or 2-D), or a list of per-issue tables."""
    if hasattr(partner_values, "matrix"):
        partner_values = partner_values.matrix
    if isinstance(partner_values, np.ndarray) and partner_values.ndim == 2:
        m = np.where(partner_values <= _NEG / 2, 0.0, np.asarray(partner_values, dtype=float))
    else:
        m = pad([np.asarray(t, float) for t in partner_values], 0.0)
    width = like.matrix.shape[1]
    if m.shape[1] < width:
        m = np.pad(m, ((0, 0), (0, width - m.shape[1])))
    return m[:, :width]


def _lagrangian_choices(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """All solutions of max_o B(o) + lam * A(o) as lam sweeps [0, inf): the vertices the
    convex-hull greedy visits, one row per vertex (ordered from partner-best to own-best)."""
    n, k = A.shape
    valid = A > _NEG / 2
    # breakpoints: pairwise slopes (B_a - B_b) / (A_b - A_a) within each issue
    dA = A[:, None, :] - A[:, :, None]
    dB = B[:, :, None] - B[:, None, :]
    ok = valid[:, :, None] & valid[:, None, :] & (dA > 1e-12)
    lam = np.sort(dB[ok] / dA[ok])
    lam = lam[lam > 0]
    # evaluate just around every breakpoint: 0, midpoints, beyond the last
    if len(lam):
        probes = np.concatenate(([0.0], (lam[:-1] + lam[1:]) / 2, [lam[-1] * 2 + 1.0], [1e9]))
    else:
        probes = np.array([0.0, 1e9])
    # tie-break: among equal scores prefer more own utility (tiny lam bias) -> stable
    score = B[None] + (probes[:, None, None] + 1e-12) * A[None]
    score = np.where(valid[None], score, -np.inf)
    return score.argmax(axis=2)  # (n_probes, n), duplicates harmless


def concede_towards(
    own: LinearUtility,
    target: float,
    partner_values,
    polish: bool = True,
) -> Outcome:
    """The outcome with own utility >= target that maximises the partners' (estimated)
    additive utility — a multiple-choice knapsack solved issue by issue.

    ``partner_values``: a LinearUtility or a model (its ``matrix``), a per-issue table list
    or an (n_issues, n_options) matrix of partner contributions.

    Method: the convex-hull greedy (Lagrangian sweep of max B + lam*A per issue, moving
    issues toward own-best by best own-gain per partner-loss), then a repair of the last
    step over every single-issue change and a 1-swap local search. If no outcome reaches
    the target, returns own-best.
    """
    A = own.matrix
    B = _as_matrix(partner_values, own)
    n = own.n_issues
    rows = np.arange(n)
    best_own = A.max(axis=1)
    if best_own.sum() < target - 1e-12:
        return tuple(int(x) for x in np.argmax(A, axis=1))
    choices = _lagrangian_choices(A, B)
    own_u = A[rows, choices].sum(axis=1)
    part_u = B[rows, choices].sum(axis=1)
    feas = own_u >= target - 1e-12
    if not feas.any():  # numerical corner: fall back to own-best
        return tuple(int(x) for x in np.argmax(A, axis=1))
    best = choices[np.flatnonzero(feas)[np.argmax(part_u[feas])]].copy()
    if not polish:
        return tuple(int(x) for x in best)
    # repair: from the best infeasible hull vertex, try every single-issue change
    starts = [best]
    infeas = np.flatnonzero(~feas)
    if len(infeas):
        starts.append(choices[infeas[np.argmax(own_u[infeas])]])
    cur = best
    cur_p = B[rows, cur].sum()
    for s in starts:
        cand = _best_single_change(A, B, s, target)
        if cand is not None and B[rows, cand].sum() > cur_p + 1e-12:
            cur, cur_p = cand, B[rows, cand].sum()
    # 1-swap local search (keeps feasibility, raises partner utility)
    for _ in range(2 * n):
        cand = _best_single_change(A, B, cur, target)
        if cand is None or B[rows, cand].sum() <= cur_p + 1e-12:
            break
        cur, cur_p = cand, B[rows, cand].sum()
    return tuple(int(x) for x in cur)


def _best_single_change(A, B, start, target):
    """Best (max partner) outcome differing from start in <= 1 issue with own >= target."""
    n = A.shape[0]
    rows = np.arange(n)
    a0 = A[rows, start]
    b0 = B[rows, start]
    own_tot = a0.sum()
    part_tot = b0.sum()
    own_new = own_tot - a0[:, None] + A
    part_new = part_tot - b0[:, None] + B
    ok = (own_new >= target - 1e-12) & (A > _NEG / 2)
    if not ok.any():
        return None
    score = np.where(ok, part_new, -np.inf)
    j, k = np.unravel_index(np.argmax(score), score.shape)
    out = np.array(start, copy=True)
    out[j] = k
    return out


# ------------------------------------------------------------------ smallest flips


@dataclass(frozen=True)
class Flip:
    """A change to an offer that lifts an agent's utility over its threshold."""

    outcome: Outcome
    changes: tuple[tuple[int, int, int], ...]  # (issue, old option, new option)
    utility: float  # the agent's utility after the change
    partner_cost: float  # loss of the partners' (proposer's) utility


def smallest_flip(
    offer: Sequence[int],
    agent: LinearUtility,
    threshold: float,
    partner_values=None,
    max_changes: int = 2,
) -> Flip | None:
    """The fewest-issue change (1, then 2 issues) with the smallest partner cost that
    lifts ``agent``'s utility of ``offer`` to >= threshold. ``partner_values`` are the
    utilities of whoever pays for the change (e.g. the player); without them the cost is
    the agent's own overshoot, i.e. the most modest sufficient change. Returns None if
    the agent already accepts or no change of <= max_changes issues suffices.
    """
    o = np.asarray(offer, dtype=int)
    A = agent.matrix
    n = agent.n_issues
    rows = np.arange(n)
    u0 = A[rows, o].sum()
    if u0 >= threshold - 1e-12:
        return None
    B = np.zeros_like(A) if partner_values is None else _as_matrix(partner_values, agent)
    valid = A > _NEG / 2
    gain = A - A[rows, o][:, None]  # own gain of moving issue j to option k
    cost = B[rows, o][:, None] - B  # partner loss
    need = threshold - u0

    def _make(pairs):
        new = o.copy()
        for j, k in pairs:
            new[j] = k
        out = tuple(int(x) for x in new)
        pc = float(B[rows, o].sum() - B[rows, new].sum())
        return Flip(out, tuple((int(j), int(o[j]), int(k)) for j, k in pairs), float(A[rows, new].sum()), pc)

    # single issue
    ok = valid & (gain >= need - 1e-12)
    if ok.any():
        key = np.where(ok, cost + 1e-6 * (gain - need), np.inf)
        j, k = np.unravel_index(np.argmin(key), key.shape)
        return _make([(j, k)])
    if max_changes >= 2 and n >= 2:
        g = np.where(valid, gain, -np.inf).ravel()
        c = np.where(valid, cost, np.inf).ravel()
        issue = np.repeat(rows, A.shape[1])
        G = g[:, None] + g[None, :]
        C = c[:, None] + c[None, :]
        ok2 = (issue[:, None] < issue[None, :]) & (G >= need - 1e-12)
        if ok2.any():
            with np.errstate(invalid="ignore"):  # padded cells hold inf - inf; ok2 masks them out
                key = np.where(ok2, C + 1e-6 * (G - need), np.inf)
            a, b = np.unravel_index(np.argmin(key), key.shape)
            w = A.shape[1]
            return _make([(a // w, a % w), (b // w, b % w)])
    return None


# ------------------------------------------------------- Nash-seeking offers (fast paths)


def knapsack_offer(own_matrix: np.ndarray, target: float, partner_matrix_: np.ndarray,
                   resolution: int = 1024) -> Outcome | None:
    """The outcome with own utility >= target that maximises the additive partner score
    ``partner_matrix_`` (n_issues, n_options), by dynamic programming over the issues on
    a grid of own utility (a multiple-choice knapsack). Own contributions are rounded
    *down* onto the grid, so the result always meets the target; it can miss outcomes
    within one grid step of it. Returns None if the target is out of reach.

    ``own_matrix`` is LinearUtility.matrix (entries <= -1e17 mark missing options).
    Cost: O(n_issues * n_options * resolution), a few NumPy calls per issue.
    """
    A = np.asarray(own_matrix, float)
    n, k = A.shape
    valid = A > _NEG / 2
    best = np.where(valid, A, -np.inf).max(axis=1)
    if best.sum() < target - 1e-12:
        return None
    scale = max(float(best.sum()), 1e-12)
    T = int(np.ceil(max(target, 0.0) / scale * resolution - 1e-9))
    if T <= 0:  # any outcome will do: the partners' best
        Bm = np.where(valid, partner_matrix_, -np.inf)
        return tuple(int(x) for x in (Bm + 1e-9 * np.where(valid, A, 0)).argmax(axis=1))
    a = np.where(valid, np.floor(np.clip(A, 0, None) / scale * resolution), 0).astype(np.int64)
    B = np.where(valid, np.asarray(partner_matrix_, float), -np.inf)
    g = np.full(T + 1, -np.inf)
    g[0] = 0.0
    choices = np.empty((n, T + 1), dtype=np.int64)
    vals = np.empty((k, T + 1))
    for j in range(n - 1, -1, -1):
        # vals[v, c] = B[j, v] + g[max(c - a[j, v], 0)]  (shifted copies, no fancy indexing)
        for v in range(k):
            s = min(int(a[j, v]), T)
            vals[v, :s + 1] = g[0]
            vals[v, s + 1:] = g[1:T + 1 - s]
            vals[v] += B[j, v] + 1e-12 * s  # ties: more own utility
        ch = vals.argmax(axis=0)
        choices[j] = ch
        g = np.take_along_axis(vals, ch[None], axis=0)[0]
    if not np.isfinite(g[T]):
        return None
    out, c = [], T
    for j in range(n):
        v = int(choices[j, c])
        out.append(v)
        c = max(c - int(a[j, v]), 0)
    return tuple(out)


def _stack_mats(mats: Sequence[np.ndarray], valid: np.ndarray) -> np.ndarray:
    width = valid.shape[1]
    if all(np.shape(m) == valid.shape for m in mats):
        M = np.stack(mats)
        return np.where(valid[None], np.where(M <= _NEG / 2, 0.0, M), 0.0)
    M = np.stack([np.pad(np.asarray(m, float), ((0, 0), (0, max(0, width - np.shape(m)[1]))))[:, :width]
                  for m in mats])
    return np.where(valid[None], np.where(M <= _NEG / 2, 0.0, M), 0.0)


def nash_search(mats: Sequence[np.ndarray], rvs: Sequence[float], valid: np.ndarray | None = None,
                iters: int = 12, polish: int = 6) -> tuple[Outcome, np.ndarray]:
    """Approximate maximiser of prod_k (u_k - rv_k) over additive utilities given as
    per-issue contribution matrices (one per party), without enumeration: linearise the
    log Nash product (weights 1 / (u_k - rv_k) at the current outcome), take the per-issue
    argmax of the weighted sum, repeat; then single-issue coordinate ascent on the product.
    Returns (outcome, utilities of the parties there)."""
    if valid is None:
        valid = np.ones(np.shape(mats[0]), bool)
    M = _stack_mats(mats, valid)  # (P, n, k)
    rv = np.asarray(rvs, float)
    P, n, k = M.shape
    rows = np.arange(n)
    neg = np.where(valid, 0.0, -np.inf)

    def logprod(u):
        g = u - rv.reshape((-1,) + (1,) * (np.ndim(u) - 1))
        return np.sum(np.log(np.clip(g, 1e-12, None)), axis=0) - 1e6 * np.sum(g < 0, axis=0)

    lam = np.ones(P)
    cur = (np.einsum("p,pjk->jk", lam, M) + neg).argmax(axis=1)
    best, best_val = cur, logprod(M[:, rows, cur].sum(axis=1))
    for _ in range(iters):
        u = M[:, rows, cur].sum(axis=1)
        lam = 1.0 / np.maximum(u - rv, 0.02)
        nxt = (np.einsum("p,pjk->jk", lam / lam.sum(), M) + neg).argmax(axis=1)
        val = logprod(M[:, rows, nxt].sum(axis=1))
        if val > best_val + 1e-12:
            best, best_val = nxt, val
        if np.array_equal(nxt, cur):
            break
        cur = nxt
    cur = best.copy()
    for _ in range(polish):  # best single-issue change, all issues/options at once
        tot = M[:, rows, cur].sum(axis=1)  # (P,)
        cand = tot[:, None, None] - M[:, rows, cur][:, :, None] + M  # (P, n, k)
        vals = logprod(cand.reshape(P, -1)).reshape(n, k) + neg
        j, v = np.unravel_index(int(vals.argmax()), vals.shape)
        if vals[j, v] <= best_val + 1e-12:
            break
        cur[j], best_val = v, vals[j, v]
    return tuple(int(x) for x in cur), M[:, rows, cur].sum(axis=1)


def nash_offer(own: LinearUtility, target: float, partner_mats: Sequence[np.ndarray], partner_rvs: Sequence[float],
               start: Sequence[int] | None = None, iters: int = 2, resolution: int = 1024) -> Outcome:
    """The outcome with own utility >= target that (approximately) maximises the product
    of the partners' estimated gains prod_k (u_k - rv_k): the log product is concave in
    the utilities, so it is linearised at the current candidate (weights 1 / (u_k - rv_k))
    and the resulting additive problem is solved by ``knapsack_offer``; ``iters`` rounds,
    starting from ``start`` (e.g. our previous offer) or equal weights. Own-best if the
    target is out of reach."""
    valid = own.matrix > _NEG / 2
    M = _stack_mats(partner_mats, valid)
    rv = np.asarray(partner_rvs, float)
    rows = np.arange(own.n_issues)
    cur = None if start is None else np.asarray(start, int)
    out = None
    for _ in range(max(iters, 1)):
        if cur is None:
            lam = np.ones(len(M))
        else:
            lam = 1.0 / np.maximum(M[:, rows, cur].sum(axis=1) - rv, 0.02)
        B = np.einsum("p,pjk->jk", lam / lam.sum(), M)
        o = knapsack_offer(own.matrix, target, B, resolution)
        if o is None:
            return own.best()
        if out is not None and o == out:
            break
        out, cur = o, np.asarray(o)
    return out
