"""What a country learns of a partner's priorities from the partner's moves at the table.

In a game the partner is the player: its offers and drafts, and the counteroffers it passed over (a
counteroffer on the table that the player answered with an offer of its own was rejected). In the
benchmark the partners are the other AI parties. A model is derived from the moves recorded in the state
(`GameState.moves`), so a replay rebuilds exactly the same model; it is kept on the outcome space between
decisions and extended with each new move.

Two estimators, both linear additive (`matrix`: per issue, the estimated weight x value of each position):

- `OfferModel` (talks between two parties): options the partner asks for often and rarely passes over are
  worth more to it; an issue on which it always asks the same thing matters more to it than one on which it
  gives way (weights from the spread of each issue's scores). On an ordered (range) issue, asking for a
  position also says the positions near it are good: counts are spread over neighbours.
- `BayesianOfferModel` (tables of three or more parties, where offers are built to please several others and
  frequencies mislead): candidate utilities scored by how well they explain the partner's concessions, the
  offers and drafts it turned down and those it let pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model.state import Move
from .strategy import CONCESSION_EXPONENTS, Outcome, pad

NEIGHBOURS = 0.25
"""On an ordered issue, a position asked for lends its count to positions within this share of the range
(falling linearly to nothing)."""


class OfferModel:
    """Frequency model from what a partner offers (and which issues it names) and what it turns down."""

    def __init__(self, sizes: Sequence[int], ordered: Sequence[bool] | None = None, neg_weight: float = 0.5,
                 smoothing: float = 0.5):
        self.sizes = tuple(int(s) for s in sizes)
        self.mask = pad([np.ones(s) for s in self.sizes], 0.0) > 0
        n, m = self.mask.shape
        self.kernels = [_kernel(s) if ordered is not None and ordered[j] else None for j, s in enumerate(self.sizes)]
        self.pos = np.zeros((n, m))
        self.neg = np.zeros((n, m))
        self.n_pos = np.zeros(n)
        self.n_neg = np.zeros(n)
        self.neg_weight = neg_weight
        self.smoothing = smoothing
        self.offers: list[dict[int, int]] = []
        self._matrix: np.ndarray | None = None

    @property
    def n_offers(self) -> int:
        return len(self.offers)

    def _add(self, counts: np.ndarray, totals: np.ndarray, outcome: dict[int, int], weight: float) -> None:
        for j, k in outcome.items():
            kernel = self.kernels[j]
            if kernel is None:
                counts[j, k] += weight
            else:
                counts[j, : self.sizes[j]] += weight * kernel[k]
            totals[j] += weight
        self._matrix = None

    def observe(self, outcome, weight: float = 1.0, t: float | None = None) -> None:
        """The partner offered `outcome` (an option index per issue, or {issue: option} for the issues it
        named). `t` is accepted for interface parity with the Bayesian model."""
        named = _named(outcome)
        self._add(self.pos, self.n_pos, named, weight)
        self.offers.append(named)

    def observe_rejection(self, outcome, weight: float = 1.0, t: float | None = None) -> None:
        """The partner turned `outcome` down (made an offer of its own instead of taking it)."""
        self._add(self.neg, self.n_neg, _named(outcome), weight)

    def observe_acceptance(self, outcome, t: float | None = None) -> None:
        """Letting an offer pass says little to a frequency model: ignored."""

    @property
    def matrix(self) -> np.ndarray:
        if self._matrix is None:
            sizes = np.array(self.sizes, float)[:, None]
            score = (self.pos + self.smoothing / sizes) / (self.n_pos[:, None] + self.smoothing)
            if self.neg_weight and self.n_neg.any():
                score = score - self.neg_weight * (self.neg + self.smoothing / sizes) / (self.n_neg[:, None] + self.smoothing)
            lo = np.where(self.mask, score, np.inf).min(axis=1, keepdims=True)
            hi = np.where(self.mask, score, -np.inf).max(axis=1, keepdims=True)
            spread = (hi - lo)[:, 0]
            w = spread / spread.sum() if spread.sum() > 0 else np.full(len(self.sizes), 1 / len(self.sizes))
            vals = np.where(self.mask, (score - lo) / np.maximum(spread[:, None], 1e-12), 0.0)
            self._matrix = w[:, None] * vals
        return self._matrix

    def utility(self, outcome: Sequence[int]) -> float:
        return float(self.matrix[np.arange(len(self.sizes)), np.asarray(outcome, int)].sum())


def _kernel(size: int) -> np.ndarray:
    """(size, size): row k spreads a count at position k over its neighbours on an ordered grid."""
    reach = max(1.0, NEIGHBOURS * (size - 1))
    d = np.abs(np.arange(size)[:, None] - np.arange(size)[None, :])
    return np.clip(1.0 - d / (reach + 1.0), 0.0, None)


def _named(outcome) -> dict[int, int]:
    if isinstance(outcome, dict):
        return {int(j): int(k) for j, k in outcome.items()}
    return {j: int(k) for j, k in enumerate(outcome)}


class BayesianOfferModel:
    """Ordinal / Bayesian model: K candidate utilities ("particles") drawn from a generic prior for linear
    additive utilities (weights ~ Dirichlet(1), per-issue values min-max normalised uniforms, a no-deal
    value ~ U(rv_range), a concession exponent among the named styles), scored by how badly each violates
    what the partner did:

    * its offers concede: an offer is worth at most as much to it as its earlier ones (`monotone_weight`);
    * an offer meets its own concession target at its time t (`level_weight`);
    * an offer it turned down is worth less to it than the offer it made instead (`rejection_weight`), and
      less than everything it offered or accepted before (`order_weight`);
    * an offer it let pass meets its target at that time (`acceptance_weight`).

    Posterior weight of a particle: exp(-violations / temperature), tempered further while fewer than
    `min_ess` particles keep an effective weight. `matrix` is the posterior mean of the per-issue
    contributions (the estimate stays linear additive); `reserved_value` and `aspiration` are posterior
    means of the partner's no-deal value and of its utility for its latest offer. Random numbers come from a
    Generator seeded by `seed` (derived from public data), never the global state.
    """

    def __init__(self, sizes: Sequence[int], n_samples: int = 8000, seed=0, temperature: float = 0.05,
                 rv_range: tuple[float, float] = (0.2, 0.5), level_weight: float = 1.0,
                 rejection_weight: float = 1.0, monotone_weight: float = 1.0, min_ess: float = 50.0,
                 acceptance_weight: float = 30.0, order_weight: float = 1.0):
        self.sizes = tuple(int(s) for s in sizes)
        self.mask = pad([np.ones(s) for s in self.sizes], 0.0) > 0
        n, m = self.mask.shape
        rng = np.random.default_rng(seed)
        K = int(n_samples)
        self.weights = rng.dirichlet(np.ones(n), size=K)
        self.values = self._normalise(rng.random((K, n, m)))
        self.rv = rng.uniform(rv_range[0], rv_range[1], K)
        styles = np.asarray(list(CONCESSION_EXPONENTS.values()), float)
        self.exponent = styles[rng.integers(len(styles), size=K)]
        self.temperature = float(temperature)
        self.level_weight = float(level_weight)
        self.rejection_weight = float(rejection_weight)
        self.monotone_weight = float(monotone_weight)
        self.min_ess = float(min_ess)
        self.acceptance_weight = float(acceptance_weight)
        self.order_weight = float(order_weight)
        self.score = np.zeros(K)
        self.low_pos = None  # (K,) lowest utility of anything it offered or accepted so far
        self.low = None  # (K,) lowest utility of its offers so far
        self.pending: list[Outcome] = []
        self.offers: list[Outcome] = []
        self._rows = np.arange(n)
        S = (self.weights[:, :, None] * self.values).reshape(K, n * m)
        self._ST = np.ascontiguousarray(S.T)  # (n * m, K): an outcome's utilities are a gather of n rows
        self._width = m
        self._temper = 0
        self._reset()

    def _reset(self) -> None:
        self._post = None
        self._matrix = None
        self._asp = None
        self._rv_mean = None

    def _normalise(self, raw: np.ndarray) -> np.ndarray:
        lo = np.where(self.mask, raw, np.inf).min(axis=-1, keepdims=True)
        hi = np.where(self.mask, raw, -np.inf).max(axis=-1, keepdims=True)
        vals = np.where(self.mask, (raw - lo) / np.maximum(hi - lo, 1e-12), 0.0)
        return np.where(self.mask & (hi - lo <= 1e-12), 1.0, vals)

    @property
    def n_offers(self) -> int:
        return len(self.offers)

    def _u(self, outcome) -> np.ndarray:
        return self._ST[self._rows * self._width + np.asarray(outcome, int)].sum(axis=0)

    def _target(self, t: float) -> np.ndarray:
        tt = min(max(float(t), 0.0), 1.0)
        return self.rv + (1.0 - self.rv) * (1.0 - tt ** (1.0 / self.exponent))

    def _pos(self, u: np.ndarray) -> None:
        self.low_pos = u if self.low_pos is None else np.minimum(self.low_pos, u)

    def observe(self, outcome: Sequence[int], t: float | None = None, weight: float = 1.0) -> None:
        """The partner offered `outcome` (every issue) at relative time `t` (None: no level check)."""
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
            self.low = u if self.low is None else np.minimum(self.low, u)
            self._pos(u)
        for r in self.pending:
            viol += self.rejection_weight * np.maximum(self._u(r) - u, 0.0)
        self.pending.clear()
        self.score += weight * viol
        self._reset()

    def observe_rejection(self, outcome: Sequence[int], t: float | None = None, weight: float = 1.0) -> None:
        """The partner turned `outcome` down: checked against the offer it makes next, and against
        everything it offered or accepted before (those met its aspiration earlier; aspirations fall)."""
        r = tuple(int(x) for x in outcome)
        self.pending.append(r)
        if self.order_weight and self.low_pos is not None:
            self.score += weight * self.order_weight * np.maximum(self._u(r) - self.low_pos, 0.0)
            self._reset()

    def observe_acceptance(self, outcome: Sequence[int], t: float | None = None, weight: float = 1.0) -> None:
        """The partner let `outcome` pass at time `t`: it meets the partner's concession target then."""
        if not self.acceptance_weight:
            return
        u = self._u(tuple(int(x) for x in outcome))
        if t is not None:
            self.score += weight * self.acceptance_weight * np.maximum(self._target(t) - u, 0.0)
        self._pos(u)
        self._reset()

    @property
    def posterior(self) -> np.ndarray:
        if self._post is None:
            # temper (tau = temperature * 1.5**i, the smallest i <= 29 that keeps enough particles); the
            # effective sample size grows with tau, so the search starts from the last i
            s = self.score - self.score.min()
            need = min(self.min_ess, len(s))
            cache: dict[int, np.ndarray] = {}

            def ok(i: int) -> bool:
                p = np.exp(-s / (self.temperature * 1.5 ** i))
                p /= p.sum()
                cache[i] = p
                return 1.0 / np.sum(p * p) >= need

            i = self._temper
            if ok(i):
                while i > 0 and ok(i - 1):
                    i -= 1
            else:
                while i < 29 and not ok(i + 1):
                    i += 1
                i = min(i + 1, 29)
            self._temper = i
            self._post = cache[i]
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
        """Posterior mean of the partner's no-deal value."""
        if self._rv_mean is None:
            self._rv_mean = float(self.posterior @ self.rv)
        return self._rv_mean

    @property
    def aspiration(self) -> float:
        """Posterior mean of the partner's utility for its latest offer (its current level)."""
        if not self.offers:
            return 1.0
        if self._asp is None:
            self._asp = float(self.posterior @ self._u(self.offers[-1]))
        return self._asp


# ----------------------------------------------------------------------------- models of the table's partners

RV_SPREAD = 0.15
"""A Bayesian model of a partner believes its no-deal value is the player's stated BATNA give or take this."""


def partners(ctx, country_id: str) -> list[str]:
    """Who the country has seen make offers to it or to the whole table, in order of their first move."""
    seen: dict[str, None] = {}
    for move in ctx.state.moves:
        if move.by != country_id and move.to in (None, country_id) and move.positions:
            seen.setdefault(move.by, None)
    return list(seen)


def model_of(ctx, partner: str):
    """The model of `partner` built from its moves in the state: a frequency model in talks between two
    parties, a Bayesian one at a conference table. Kept on the space and extended move by move; rebuilt
    when the state does not continue the moves it has seen."""
    space, state = ctx.space, ctx.state
    memo = space.remember(("model", partner), dict)
    seen = memo.get("seen", 0)
    if not memo or seen > len(state.moves) or (seen and state.moves[seen - 1] is not memo["last"]
                                                 and state.moves[seen - 1] != memo["last"]):
        memo.clear()
        memo.update(model=_new_model(ctx, partner), seen=0, last=None)
        seen = 0
    model = memo["model"]
    for move in state.moves[seen:]:
        if move.by == partner and move.positions:
            _feed(ctx, model, move)
    if len(state.moves) > seen:
        memo.update(seen=len(state.moves), last=state.moves[-1])
    return model


def _new_model(ctx, partner: str):
    space, scenario = ctx.space, ctx.scenario
    sizes = [len(p) for p in space.positions]
    if scenario.kind == "bilateral":
        return OfferModel(sizes, ordered=[issue.type == "range" for issue in scenario.issues])
    batna = scenario.player.batna
    index = ([None] + [c.id for c in scenario.countries]).index(partner if partner != "player" else None)
    return BayesianOfferModel(sizes, seed=[index, len(scenario.countries), *sizes],
                              rv_range=(max(0.0, batna - RV_SPREAD), min(1.0, batna + RV_SPREAD)))


def _feed(ctx, model, move: Move) -> None:
    space, state = ctx.space, ctx.state
    t = (move.turn - 1) / max(1, ctx.scenario.player.deadline - 1)

    def outcome(positions: dict):
        named = space.encode(positions)
        if isinstance(model, OfferModel):
            return named
        full = space.encode(state.agreed)
        full.update(named)
        return [full.get(j, 0) for j in range(len(space.issue_ids))]

    if move.kind == "accept":
        model.observe_acceptance(outcome(move.positions), t=t)
        return
    if move.passed:
        model.observe_rejection(outcome(move.passed), t=t)
    model.observe(outcome(move.positions), t=t)


def partner_reference(ctx, model) -> float:
    """The no-deal value a country assumes for a partner: the Bayesian estimate, else the player's BATNA
    (which the briefing states)."""
    if isinstance(model, BayesianOfferModel):
        return model.reserved_value
    return ctx.scenario.player.batna
