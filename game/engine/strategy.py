"""Negotiation mathematics for the AI: linear additive utilities, Faratin concession,
issue-by-issue offer construction, a frequency opponent model and "smallest flip" hints.

Pure and deterministic: NumPy only, no pygame, no clock, no global random state (the
Bayesian opponent model draws from a Generator seeded by its caller).

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


def style_target(t, rv: float, style: str, u_max: float = 1.0):
    """faratin_target with a named style from CONCESSION_EXPONENTS."""
    return faratin_target(t, rv, CONCESSION_EXPONENTS[style], u_max)


# ----------------------------------------------------------------------------- utilities


def _pad(tables: Sequence[np.ndarray], fill: float = _NEG) -> np.ndarray:
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
        w = np.asarray(list(weights), dtype=float)
        vals = tuple(np.asarray(list(v), dtype=float) for v in values)
        if w.ndim != 1 or len(w) != len(vals):
            raise ValueError("one weight per issue is needed")
        if any(v.ndim != 1 or len(v) == 0 for v in vals):
            raise ValueError("every issue needs a non-empty 1-D value table")
        if np.any(w < 0) or any(np.any(v < -1e-12) or np.any(v > 1 + 1e-12) for v in vals):
            raise ValueError("weights must be >= 0 and values in [0, 1]")
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "values", vals)
        object.__setattr__(self, "reserved_value", float(reserved_value))
        # weighted per-issue contributions, padded with a huge negative for missing options
        object.__setattr__(self, "matrix", _pad([wj * v for wj, v in zip(w, vals)]))

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


def partner_matrix(partners: Sequence, sizes: Sequence[int] | None = None, weights: Sequence[float] | None = None) -> np.ndarray:
    """Sum (or weighted sum) of partners' per-issue contribution tables, padded.

    ``partners`` holds LinearUtility objects, FrequencyModel objects (their estimate is
    used) or ready per-issue tables (lists of arrays).
    """
    total = None
    for i, p in enumerate(partners):
        if isinstance(p, FrequencyModel):
            p = p.estimate()
        m = p.matrix if isinstance(p, LinearUtility) else _pad([np.asarray(t, float) for t in p], 0.0)
        m = np.where(m <= _NEG / 2, 0.0, m)
        k = 1.0 if weights is None else float(weights[i])
        total = k * m if total is None else total + k * m
    if total is None:
        if sizes is None:
            raise ValueError("no partners and no sizes")
        return np.zeros((len(sizes), max(sizes)))
    return total


# ------------------------------------------------------------------- offer construction


def _as_matrix(partner_values, like: LinearUtility) -> np.ndarray:
    if isinstance(partner_values, LinearUtility | FrequencyModel):
        partner_values = [partner_values]
    if isinstance(partner_values, np.ndarray) and partner_values.ndim == 2:
        m = np.array(partner_values, dtype=float)
    elif partner_values and isinstance(partner_values[0], LinearUtility | FrequencyModel):
        m = partner_matrix(partner_values)
    else:
        m = _pad([np.asarray(t, float) for t in partner_values], 0.0)
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
    anchor: Sequence[int] | None = None,
    polish: bool = True,
) -> Outcome:
    """The outcome with own utility >= target that maximises the partners' (estimated)
    additive utility — a multiple-choice knapsack solved issue by issue.

    ``partner_values``: a LinearUtility, a FrequencyModel, a list of them (summed), or a
    per-issue table list / (n_issues, n_options) matrix of partner contributions.
    ``anchor`` (e.g. the partner's last offer): start from it instead of the partner's
    best, i.e. on each issue only keep the anchor's option or options that give us more.

    Method: the convex-hull greedy (Lagrangian sweep of max B + lam*A per issue, moving
    issues toward own-best by best own-gain per partner-loss), then a repair of the last
    step over every single-issue change and a 1-swap local search. If no outcome reaches
    the target, returns own-best.
    """
    A = own.matrix
    B = _as_matrix(partner_values, own)
    n = own.n_issues
    rows = np.arange(n)
    if anchor is not None:
        anc = np.asarray(anchor, dtype=int)
        a_anc = A[rows, anc]
        A = np.where(A >= a_anc[:, None] - 1e-12, A, _NEG)
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


def best_for_partners(own: LinearUtility, partner_values) -> Outcome:
    """The partners' best outcome (ties broken toward our own utility)."""
    A = own.matrix
    B = _as_matrix(partner_values, own)
    score = np.where(A > _NEG / 2, B + 1e-9 * A, -np.inf)
    return tuple(int(x) for x in score.argmax(axis=1))


# ------------------------------------------------------------------ opponent modelling


class FrequencyModel:
    """Frequency-based opponent model (HardHeaded / Koeman style).

    Observes the offers a partner makes. Issues it rarely changes between consecutive
    offers are estimated to matter more; option values it offers often are estimated to
    be worth more. ``estimate()`` returns a LinearUtility (weights sum to 1, values in
    [0, 1], best observed option worth 1).
    """

    def __init__(self, sizes: Sequence[int], weight_step: float = 1.0, value_smoothing: float = 1.0):
        self.sizes = tuple(int(s) for s in sizes)
        self.counts = _pad([np.zeros(s) for s in self.sizes], 0.0)
        self.unchanged = np.ones(len(self.sizes))
        self.n_offers = 0
        self.last: Outcome | None = None
        self.weight_step = weight_step
        self.value_smoothing = value_smoothing
        self._cache: LinearUtility | None = None
        self._matrix: np.ndarray | None = None
        self._mask = _pad([np.ones(s) for s in self.sizes], 0.0) > 0

    def observe(self, outcome: Sequence[int]) -> None:
        o = np.asarray(outcome, dtype=int)
        self.counts[np.arange(len(self.sizes)), o] += 1.0
        if self.last is not None:
            self.unchanged += self.weight_step * (o == np.asarray(self.last))
        self.last = tuple(int(x) for x in o)
        self.n_offers += 1
        self._cache = None
        self._matrix = None

    def estimate(self) -> LinearUtility:
        if self._cache is None:
            w = self.unchanged / self.unchanged.sum()
            vals = []
            for j, s in enumerate(self.sizes):
                c = self.counts[j, :s] + self.value_smoothing
                vals.append(c / c.max())
            self._cache = LinearUtility(w, vals)
        return self._cache

    @property
    def matrix(self) -> np.ndarray:
        """(n_issues, max_options) estimated contributions w_j * v_j (0-padded)."""
        if self._matrix is None:
            w = self.unchanged / self.unchanged.sum()
            c = self.counts + self.value_smoothing
            c = np.where(self._mask, c, 0.0)
            self._matrix = w[:, None] * c / c.max(axis=1, keepdims=True)
        return self._matrix


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
    the agent already accepts; if no change of <= max_changes issues suffices, falls
    back to concede_towards anchored at the offer (more issues changed).
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
    best = concede_towards(agent, threshold, B if partner_values is not None else np.zeros_like(A), anchor=tuple(o))
    if agent(best) < threshold - 1e-12:
        return None  # unreachable
    pairs = [(j, best[j]) for j in range(n) if best[j] != o[j]]
    return _make(pairs)


# ------------------------------------------------------------------ estimated Nash point


def estimate_nash(own: LinearUtility, partners: Sequence, partner_rvs: Sequence[float], n_starts: int = 9,
                  max_rounds: int = 20) -> tuple[Outcome, float]:
    """Estimated Nash bargaining outcome and our utility there, from our own utility and
    the partners' (estimated) contribution matrices and reservation values. Issue-by-issue
    coordinate ascent on the Nash product from weighted-sum starting points; never
    enumerates the outcome space. Returns (outcome, own utility); (own best, max) when no
    outcome is estimated to be rational for all."""
    mats = [own.matrix] + [np.asarray(p.matrix if hasattr(p, "matrix") else p, float) for p in partners]
    width = own.matrix.shape[1]
    M = np.stack([np.pad(m, ((0, 0), (0, width - m.shape[1])))[:, :width] for m in mats])
    valid = own.matrix > _NEG / 2
    M = np.where(valid[None], np.where(M <= _NEG / 2, 0.0, M), 0.0)
    rv = np.array([own.reserved_value] + [float(r) for r in partner_rvs])
    P, n, _ = M.shape
    rows = np.arange(n)
    # starting points: our weight alpha in a sweep, partners share the rest equally
    best, best_val = None, -1.0
    for alpha in np.linspace(0.1, 0.9, n_starts):
        wts = np.full(P, (1 - alpha) / max(P - 1, 1))
        wts[0] = alpha
        cur = np.where(valid, np.einsum("p,pjk->jk", wts, M), -np.inf).argmax(axis=1)
        for _ in range(max_rounds):
            changed = False
            for j in range(n):
                tot = M[:, rows, cur].sum(axis=1)
                cand = tot[:, None] - M[:, j, cur[j]][:, None] + M[:, j, :]
                g = cand - rv[:, None]
                ok = np.all(g >= 0, axis=0) & valid[j]
                val = np.where(ok, np.prod(np.clip(g, 1e-300, None), axis=0), -1.0)
                k = int(np.argmax(val))
                if val[k] > val[cur[j]] * (1 + 1e-12) + 1e-300:
                    cur[j], changed = k, True
            if not changed:
                break
        g = M[:, rows, cur].sum(axis=1) - rv
        if np.all(g >= 0):
            v = float(np.prod(g))
            if v > best_val:
                best, best_val = cur.copy(), v
    if best is None:
        o = own.best()
        return o, own(o)
    o = tuple(int(x) for x in best)
    return o, own(o)


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


class OfferModel:
    """Opponent model from what a partner offers and what it turns down.

    Every offer a partner makes is above its current aspiration and every standing offer
    it rejects is below it, so options frequent in its offers and rare in what it rejects
    are worth more to it. Score of option v on issue j: pos_share[j, v] - neg_weight *
    neg_share[j, v] (shares of the partner's offers / rejected offers holding v); an issue
    whose score is flat is estimated to matter little. ``matrix`` rescales the scores to a
    utility spanning [0, 1] like the workload's (weights sum to 1, values min-max
    normalised), so that reservation-value priors are on the right scale."""

    def __init__(self, sizes: Sequence[int], neg_weight: float = 0.5, smoothing: float = 0.5):
        self.sizes = tuple(int(s) for s in sizes)
        self.mask = _pad([np.ones(s) for s in self.sizes], 0.0) > 0
        self.pos = np.zeros(self.mask.shape)
        self.neg = np.zeros(self.mask.shape)
        self.n_pos = 0.0
        self.n_neg = 0.0
        self.neg_weight = neg_weight
        self.smoothing = smoothing
        self.offers: list[Outcome] = []
        self._matrix: np.ndarray | None = None
        self._rows = np.arange(len(self.sizes))

    @property
    def n_offers(self) -> int:
        return len(self.offers)

    def observe(self, outcome: Sequence[int], weight: float = 1.0, t: float | None = None) -> None:
        """The partner offered ``outcome`` (``t`` is accepted for interface parity, unused)."""
        o = tuple(int(x) for x in outcome)
        self.pos[self._rows, o] += weight
        self.n_pos += weight
        self.offers.append(o)
        self._matrix = None

    def observe_rejection(self, outcome: Sequence[int], weight: float = 1.0, t: float | None = None) -> None:
        """The partner turned ``outcome`` down (counter-offered instead of accepting)."""
        self.neg[self._rows, np.asarray(outcome, int)] += weight
        self.n_neg += weight
        self._matrix = None

    @property
    def matrix(self) -> np.ndarray:
        if self._matrix is None:
            sizes = np.array(self.sizes, float)[:, None]
            pos = (self.pos + self.smoothing / sizes) / (self.n_pos + self.smoothing)
            score = pos
            if self.n_neg > 0 and self.neg_weight:
                score = pos - self.neg_weight * (self.neg + self.smoothing / sizes) / (self.n_neg + self.smoothing)
            lo = np.where(self.mask, score, np.inf).min(axis=1, keepdims=True)
            hi = np.where(self.mask, score, -np.inf).max(axis=1, keepdims=True)
            spread = hi - lo
            w = spread[:, 0] / spread.sum() if spread.sum() > 0 else np.full(len(self.sizes), 1 / len(self.sizes))
            vals = np.where(self.mask, (score - lo) / np.maximum(spread, 1e-12), 0.0)
            self._matrix = w[:, None] * vals
        return self._matrix

    def utility(self, outcome: Sequence[int]) -> float:
        return float(self.matrix[self._rows, np.asarray(outcome, int)].sum())


class BayesianOfferModel:
    """Ordinal / Bayesian opponent model: K candidate utilities ("particles") drawn from
    the scenario family's prior (weights ~ Dirichlet(1), per-issue values = min-max
    normalised uniforms, reservation value ~ U(rv_range), concession exponent from
    ``exponents``), scored by how badly each violates what the partner did:

    * its offers concede: an offer is worth at most as much to it as each of its earlier
      offers (violation: u(offer) above the lowest earlier one), ``monotone_weight``;
    * an offer meets its own concession target: u(offer at t) >= target(t) of the
      candidate's reservation value and exponent (violation: the shortfall),
      ``level_weight``;
    * a standing offer it turned down is worth less to it than the offer it made instead
      (violation: the excess), ``rejection_weight``;
    * optional (weights default 0): a standing offer it accepted meets its target at that
      time (``acceptance_weight``, ``observe_acceptance``); a rejected offer is worth less
      than everything it offered or accepted before (``order_weight``); the offer rule —
      options the others score higher are worth less to it (``dominance_weight``,
      ``observe(..., partner_matrix=)``).

    Posterior weight of a particle: exp(-violations / temperature) (tempered further if
    fewer than ``min_ess`` particles would keep an effective weight). ``refit(sweeps)``
    resamples the particles by weight and moves them by Metropolis steps (perturbed
    weights and one issue's values) on the whole history, so the particles concentrate
    where the constraints hold instead of relying on prior draws only. ``matrix`` is the
    posterior mean of the per-issue contributions w_j * v_j: the estimate stays linear
    additive and ``utility(o)`` is the posterior expected utility. Random numbers come
    from a Generator seeded by ``seed`` (derive it from the negotiation's data), never the
    global state. Same interface as ``OfferModel`` plus ``reserved_value`` / ``aspiration``.
    Cost: O(K * n_issues) per observation, O(sweeps * K * n_issues * n_offers) per refit.
    """

    def __init__(self, sizes: Sequence[int], n_samples: int = 400, seed=0, temperature: float = 0.02,
                 rv_range: tuple[float, float] = (0.2, 0.5), exponents: Sequence[float] | None = None,
                 level_weight: float = 1.0, rejection_weight: float = 1.0, monotone_weight: float = 1.0,
                 min_ess: float = 20.0, step: float = 0.15, acceptance_weight: float = 0.0,
                 order_weight: float = 0.0, dominance_weight: float = 0.0):
        self.sizes = tuple(int(s) for s in sizes)
        self.mask = _pad([np.ones(s) for s in self.sizes], 0.0) > 0
        n, m = self.mask.shape
        self.rng = np.random.default_rng(seed)
        K = int(n_samples)
        self.rv_range = (float(rv_range[0]), float(rv_range[1]))
        self.weights = self.rng.dirichlet(np.ones(n), size=K)  # (K, n)
        self.values = self._normalise(self.rng.random((K, n, m)))  # (K, n, m)
        self.rv = self.rng.uniform(self.rv_range[0], self.rv_range[1], K)
        ex = np.asarray(list(exponents if exponents is not None else CONCESSION_EXPONENTS.values()), float)
        self.exponents = ex
        self.exponent = ex[self.rng.integers(len(ex), size=K)]
        self.temperature = float(temperature)
        self.level_weight = float(level_weight)
        self.rejection_weight = float(rejection_weight)
        self.monotone_weight = float(monotone_weight)
        self.min_ess = float(min_ess)
        self.step = float(step)
        self.acceptance_weight = float(acceptance_weight)
        self.order_weight = float(order_weight)
        self.dominance_weight = float(dominance_weight)
        self.score = np.zeros(K)
        self.low_pos = None  # (K,) lowest utility of anything it offered or accepted so far
        self.low = None  # (K,) lowest utility of its offers so far, per particle
        self.pending: list[tuple[int, ...]] = []
        self.offers: list[Outcome] = []
        # history for refits: distinct offers, their times, (rejected, index of next offer)
        self._hist: list[Outcome] = []
        self._times: list[float] = []
        self._rej: list[tuple[Outcome, int]] = []
        self._rows = np.arange(n)
        self._post: np.ndarray | None = None
        self._matrix: np.ndarray | None = None
        self._asp: float | None = None
        self._flat()

    def _flat(self) -> None:
        """Cache the per-particle contributions, flattened (K, n_issues * n_options)."""
        K, n, m = self.values.shape
        self._S = (self.weights[:, :, None] * self.values).reshape(K, n * m)
        self._ST = np.ascontiguousarray(self._S.T)  # (n * m, K): rows gathered per outcome
        self._width = m
        self._rv_mean: float | None = None

    def _pos(self, u: np.ndarray) -> None:
        self.low_pos = u if self.low_pos is None else np.minimum(self.low_pos, u)

    def _normalise(self, raw: np.ndarray) -> np.ndarray:
        lo = np.where(self.mask, raw, np.inf).min(axis=-1, keepdims=True)
        hi = np.where(self.mask, raw, -np.inf).max(axis=-1, keepdims=True)
        vals = np.where(self.mask, (raw - lo) / np.maximum(hi - lo, 1e-12), 0.0)
        return np.where(self.mask & (hi - lo <= 1e-12), 1.0, vals)

    @property
    def samples(self) -> np.ndarray:
        """(K, n_issues, n_options) per-particle contributions w_j * v_j."""
        return self.weights[:, :, None] * self.values

    @property
    def n_offers(self) -> int:
        return len(self.offers)

    def _u(self, outcome, weights=None, values=None) -> np.ndarray:
        if weights is None and values is None:
            return self._ST[self._rows * self._width + np.asarray(outcome, int)].sum(axis=0)
        w = self.weights if weights is None else weights
        v = self.values if values is None else values
        return (w * v[:, self._rows, np.asarray(outcome, int)]).sum(axis=1)

    def _target(self, t: float, rv=None, e=None) -> np.ndarray:
        rv = self.rv if rv is None else rv
        e = self.exponent if e is None else e
        tt = min(max(float(t), 0.0), 1.0)
        return rv + (1.0 - rv) * (1.0 - tt ** (1.0 / e))

    def observe(self, outcome: Sequence[int], t: float | None = None, weight: float = 1.0,
                partner_matrix: np.ndarray | None = None) -> None:
        """The partner offered ``outcome`` at relative time ``t`` (None: no level check).

        ``partner_matrix`` (optional, (n_issues, n_options)): the additive score of the
        *others* that the partner maximised with this offer (its offer rule, computed from
        public models). Then on every issue an option the others score higher must be
        worth less to the partner than the one it chose (else the swap would have been
        better for everyone): violations weighted by ``dominance_weight``."""
        o = tuple(int(x) for x in outcome)
        repeat = bool(self.offers) and o == self.offers[-1]
        self.offers.append(o)
        if repeat and not self.pending:
            return
        u = self._u(o)
        viol = np.zeros_like(u)
        if not repeat:
            if self.low is not None:
                viol += self.monotone_weight * np.maximum(u - self.low, 0.0)
            if t is not None and self.level_weight:
                viol += self.level_weight * np.maximum(self._target(t) - u, 0.0)
            if partner_matrix is not None and self.dominance_weight:
                viol += self.dominance_weight * self._dominance(o, partner_matrix)
            self.low = u if self.low is None else np.minimum(self.low, u)
            self._pos(u)
            self._hist.append(o)
            self._times.append(-1.0 if t is None else float(t))
        for r in self.pending:
            viol += self.rejection_weight * np.maximum(self._u(r) - u, 0.0)
            self._rej.append((r, len(self._hist) - 1))
        self.pending.clear()
        self.score += weight * viol
        self._post = None
        self._matrix = None
        self._asp = None

    def _dominance(self, o: Outcome, B: np.ndarray) -> np.ndarray:
        n, m = self.mask.shape
        B = np.where(self.mask, np.asarray(B, float)[:, :m], -np.inf)
        oi = np.asarray(o, int)
        better = B > B[self._rows, oi][:, None] + 1e-9  # (n, m) options the others prefer
        if not better.any():
            return np.zeros(len(self._S))
        S = self._S.reshape(len(self._S), n, m)
        gain = S - S[:, self._rows, oi][:, :, None]  # (K, n, m) partner's gain from the swap
        return np.maximum(np.where(better[None], gain, 0.0), 0.0).max(axis=2).sum(axis=1)

    def observe_rejection(self, outcome: Sequence[int], t: float | None = None, weight: float = 1.0) -> None:
        """The partner turned ``outcome`` down; checked against the offer it makes next
        (and, with ``order_weight``, against everything it offered or accepted so far: those
        met its aspiration at an earlier time, so they are worth more than what it rejects)."""
        r = tuple(int(x) for x in outcome)
        self.pending.append(r)
        if self.order_weight and self.low_pos is not None:
            self.score += weight * self.order_weight * np.maximum(self._u(r) - self.low_pos, 0.0)
            self._post = None
            self._matrix = None
            self._asp = None

    def observe_acceptance(self, outcome: Sequence[int], t: float | None = None, weight: float = 1.0) -> None:
        """The partner let the standing offer ``outcome`` pass (accepted it) at time ``t``:
        it meets the partner's aspiration, hence its concession target (``acceptance_weight``)
        and ranks with its offers for later rejections."""
        if not self.acceptance_weight:
            return
        u = self._u(tuple(int(x) for x in outcome))
        if t is not None:
            self.score += weight * self.acceptance_weight * np.maximum(self._target(t) - u, 0.0)
        self._pos(u)
        self._post = None
        self._matrix = None
        self._asp = None

    def _full_score(self, weights, values, rv, e) -> np.ndarray:
        """Violations of the whole history for the given particles."""
        if not self._hist:
            return np.zeros(len(weights))
        H = np.asarray(self._hist, int)  # (T, n)
        U = (weights[:, None, :] * values[:, self._rows[None, :], H]).sum(axis=2)  # (K, T)
        s = np.zeros(len(weights))
        if self.monotone_weight and U.shape[1] > 1:
            low = np.minimum.accumulate(U, axis=1)
            s += self.monotone_weight * np.maximum(U[:, 1:] - low[:, :-1], 0.0).sum(axis=1)
        times = np.asarray(self._times)
        timed = times >= 0
        if self.level_weight and timed.any():
            tt = np.clip(times[timed], 0.0, 1.0)
            target = rv[:, None] + (1.0 - rv[:, None]) * (1.0 - tt[None, :] ** (1.0 / e[:, None]))
            s += self.level_weight * np.maximum(target - U[:, timed], 0.0).sum(axis=1)
        if self.rejection_weight and self._rej:
            R = np.asarray([r for r, _ in self._rej], int)
            nxt = np.asarray([k for _, k in self._rej], int)
            UR = (weights[:, None, :] * values[:, self._rows[None, :], R]).sum(axis=2)
            s += self.rejection_weight * np.maximum(UR - U[:, nxt], 0.0).sum(axis=1)
        return s

    def refit(self, sweeps: int = 3) -> None:
        """Resample the particles by posterior weight, then ``sweeps`` Metropolis moves
        targeting exp(-violations / temperature) under the prior."""
        if not self._hist:
            return
        K, n, m = self.values.shape
        p = self.posterior
        idx = np.minimum(np.searchsorted(np.cumsum(p), (self.rng.random() + np.arange(K)) / K), K - 1)
        self.weights, self.values = self.weights[idx], self.values[idx]
        self.rv, self.exponent = self.rv[idx], self.exponent[idx]
        score = self._full_score(self.weights, self.values, self.rv, self.exponent)
        tau = self.temperature
        for _ in range(sweeps):
            w = self.weights * np.exp(self.step * 2.0 * self.rng.standard_normal((K, n)))
            w /= w.sum(axis=1, keepdims=True)
            j = self.rng.integers(n, size=K)
            vals = self.values.copy()
            row = vals[np.arange(K), j] + self.step * self.rng.standard_normal((K, m))
            vals[np.arange(K), j] = np.clip(row, 0.0, 1.0)
            vals = self._normalise(vals)
            rv = np.clip(self.rv + 0.05 * self.rng.standard_normal(K), *self.rv_range)
            e = np.where(self.rng.random(K) < 0.2, self.exponents[self.rng.integers(len(self.exponents), size=K)],
                         self.exponent)
            new = self._full_score(w, vals, rv, e)
            acc = np.log(self.rng.random(K) + 1e-300) < -(new - score) / tau
            self.weights = np.where(acc[:, None], w, self.weights)
            self.values = np.where(acc[:, None, None], vals, self.values)
            self.rv = np.where(acc, rv, self.rv)
            self.exponent = np.where(acc, e, self.exponent)
            score = np.where(acc, new, score)
        self.low = np.min((self.weights[:, None, :] * self.values[:, self._rows[None, :], np.asarray(self._hist)]
                           ).sum(axis=2), axis=1)
        # particles now sample the tempered posterior: equal weights from here on
        self.score = np.zeros(K)
        self._flat()
        self.low_pos = None
        self._post = None
        self._matrix = None
        self._asp = None

    @property
    def posterior(self) -> np.ndarray:
        if self._post is None:
            # temper (tau = temperature * 1.5**i, the smallest i <= 29 that keeps enough
            # particles); the ESS grows with tau, so the search starts from the last i
            s = self.score - self.score.min()
            need = min(self.min_ess, len(s))
            cache: dict[int, np.ndarray] = {}

            def ok(i: int) -> bool:
                p = np.exp(-s / (self.temperature * 1.5 ** i))
                p /= p.sum()
                cache[i] = p
                return 1.0 / np.sum(p * p) >= need

            i = getattr(self, "_temper", 0)
            if ok(i):
                while i > 0 and ok(i - 1):
                    i -= 1
            else:
                while i < 29 and not ok(i + 1):
                    i += 1
                i = min(i + 1, 29)
            self._temper = i
            p = cache[i]
            self._post = p
            self._rv_mean = None
            self._asp = None
        return self._post

    @property
    def matrix(self) -> np.ndarray:
        if self._matrix is None:
            self._matrix = (self._ST @ self.posterior).reshape(self.mask.shape)
        return self._matrix

    def utility(self, outcome: Sequence[int]) -> float:
        return float(self.matrix[self._rows, np.asarray(outcome, int)].sum())

    @property
    def reserved_value(self) -> float:
        """Posterior mean of the partner's reservation value."""
        p = self.posterior  # recomputing it clears _rv_mean
        if self._rv_mean is None:
            self._rv_mean = float(p @ self.rv)
        return self._rv_mean

    @property
    def aspiration(self) -> float:
        """Posterior mean of the partner's utility for its latest offer (its current level)."""
        if not self.offers:
            return 1.0
        if self._asp is None:
            self._asp = float(self.posterior @ self._u(self.offers[-1]))
        return self._asp
