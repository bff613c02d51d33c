"""Every deal the talks could reach, judged by the one valuation: the analysis behind the debrief and
the reports (Nash point, Pareto frontier, joint-gain share, value left on the table) and the chair's
compromise in a conference.

A deal here is a position on every issue plus, for each reward and each country, whether the reward
is promised to it (a binary option: a value to that country, a cost to the player). Each party's
utility is the valuation's sum of terms (see valuation.py) laid out as tables: per issue, the value of
every position; per reward option, the value to its receiver and the cost to the player; and a
constant (mood, threats pressing). Utilities of whole batches of deals are then table lookups.

The zone of agreement (acceptable deals): the player's utility clears its BATNA; the countries whose
utility clears their no-deal value (and whose government can sign) form a coalition that passes under
the scenario's rule (bilateral and consensus: every country); the rewards fit the mission budget.

The Nash point is the acceptable deal with the largest Nash product of the signatories' gains (the
player and the countries that clear their no-deal values), taken as a geometric mean so that deals
signed by coalitions of different sizes compare; under bilateral and consensus rules every party signs
and this is the classical Nash bargaining solution. The Nash ratio of a deal is its product of gains
over the Nash point's, computed as (geometric mean ratio) ** (number of signatories at the Nash point):
the classical ratio whenever the same parties sign both.

Small spaces are searched exhaustively; larger ones (conferences with many reward options) by
coordinate ascent from the best deals of the issue-only space, which is exhaustive itself: such
figures are marked `exact=False`.
"""

from dataclasses import dataclass, field

import numpy as np

from ..model.positions import objective_value
from ..model.state import Deal
from ..model.voting import passing, vetoed_by, vote_weights
from .patience import away
from .space import issue_values
from .valuation import (
    POINT,
    Context,
    cost_utility,
    country_terms,
    country_utility,
    mission_budget,
    no_deal_value,
    player_utility,
    points,
    pressing,
    promised,
    reward_cost,
    reward_of,
    reward_terms,
)

_NEG = -1e9
EXACT_LIMIT = 250_000
"""Spaces up to this many deals are searched exhaustively."""
STARTS = 24
TOLERANCE = 1e-9
CHUNK = 2048
"""A single exhaustive search of more deals than this lays them out a slice at a time."""


TIE_DIGITS = 9
"""Scores are compared to this many decimals, so that deals equal but for the last bits of a sum (which
depend on how the numerical library pairs its terms) tie and the first in order wins on every machine."""


@dataclass(frozen=True)
class Option:
    """A reward that could be promised to one country."""

    reward: str
    country: str


@dataclass
class DealSpace:
    """The deals reachable from one moment of the talks (a Context), as utility tables per party.

    `rewards=False` keeps the rewards promised at that moment fixed (the chair's compromise: a draft is
    issue positions only); otherwise every allowed (reward, country) pair is a choice."""

    ctx: Context
    rewards: bool = True
    settled: bool = False
    parties: list = field(init=False)
    options: list = field(init=False)

    def __post_init__(self):
        ctx = self.ctx
        scenario, state, space = ctx.scenario, ctx.state, ctx.space
        self.parties = [None] + [c.id for c in scenario.countries]
        self.options = [
            Option(r.id, c.id) for r in scenario.rewards for c in scenario.countries
            if self.rewards and self._allowed(r.id, c.id)
        ]
        n_issues = len(space.issue_ids)
        sizes = [len(p) for p in space.positions] + [2] * len(self.options)
        self.sizes = np.array(sizes)
        P, D, K = len(self.parties), len(sizes), max(sizes)
        M = np.full((P, D, K), _NEG)
        total = sum(o.weight for o in scenario.player.objectives)
        by_issue = {o.issue: o for o in scenario.player.objectives}
        for j, issue in enumerate(scenario.issues):
            grid = space.positions[j]
            objective = by_issue.get(issue.id)
            M[0, j, :len(grid)] = 0.0 if objective is None else [
                objective.weight / total * objective_value(issue, objective, p) for p in grid]
            for p, country in enumerate(scenario.countries, start=1):
                interest = country.interests.get(issue.id)
                ideal = state.countries[country.id].ideals[issue.id]
                M[p, j, :len(grid)] = 0.0 if interest is None else \
                    interest.weight * issue_values(issue, ideal, interest.values, grid, space.grids[j])
        self.cost = np.zeros((D, K))
        for i, option in enumerate(self.options):
            d = n_issues + i
            p = self.parties.index(option.country)
            reward = reward_of(scenario, option.reward)
            M[:, d, :2] = 0.0
            M[p, d, 1] = reward_terms(ctx, scenario.country(option.country), [option.reward])[0].value
            M[0, d, 1] = -cost_utility(scenario, ctx.cone, reward)
            self.cost[d, 1] = reward_cost(ctx.cone, reward)
        self.M = M
        const = np.zeros(P)
        fixed_rewards = {} if self.rewards else {c: promised(state, c) for c in state.countries}
        for p, cid in enumerate(self.parties[1:], start=1):
            deal = Deal(positions={}, rewards={cid: fixed_rewards.get(cid, [])}, threats={cid: pressing(state, cid)})
            const[p] = sum(t.value for t in country_terms(ctx, cid, deal)[1])
        if not self.rewards:
            const[0] = -sum(cost_utility(scenario, ctx.cone, reward_of(scenario, r))
                            for rewards in fixed_rewards.values() for r in rewards)
        self.const = const
        self.no_deal = np.array([no_deal_value(scenario, p, state) for p in self.parties])
        self.can_sign = np.array([True] + [not state.countries[c].collapsed and not away(state.countries[c].temper, state.turn)
                                          for c in self.parties[1:]])
        weights = vote_weights(scenario)
        self.weights = np.array([weights[c] for c in self.parties[1:]])
        self.veto_rows = np.array([self.parties.index(c) for c in vetoed_by(scenario, [])], dtype=int)
        self.cap = mission_budget(scenario, ctx.cone)
        self.fixed: dict[int, int] = {}
        if self.settled:
            self.fixed.update(space.encode(state.agreed))
        for i, option in enumerate(self.options):
            if any(p.country == option.country and p.reward == option.reward and p.status == "delivered"
                   for p in state.promises):
                self.fixed[n_issues + i] = 1  # delivered: paid and received, no longer a choice

    def _allowed(self, reward_id: str, country_id: str) -> bool:
        """A reward option is a choice unless the player broke that promise to that country (it would
        not take it again) or the reward is worth nothing to it and was never promised."""
        state = self.ctx.state
        earlier = {p.status for p in state.promises if p.country == country_id and p.reward == reward_id}
        if earlier & {"withdrawn", "broken"}:
            return False
        country = self.ctx.scenario.country(country_id)
        return bool(earlier) or reward_terms(self.ctx, country, [reward_id])[0].value > 0

    # ----------------------------------------------------------------- deals and outcome vectors

    @property
    def n_issues(self) -> int:
        return len(self.ctx.space.issue_ids)

    def encode(self, deal: Deal) -> np.ndarray:
        """A deal as an outcome vector (issue positions to the nearest grid point)."""
        out = np.zeros(len(self.sizes), dtype=int)
        for j, k in self.ctx.space.encode(deal.positions).items():
            out[j] = k
        for i, option in enumerate(self.options):
            out[self.n_issues + i] = int(option.reward in deal.rewards.get(option.country, []))
        for d, k in self.fixed.items():
            out[d] = k
        return out

    def decode(self, outcome) -> Deal:
        positions = self.ctx.space.decode(list(outcome[: self.n_issues]))
        rewards: dict[str, list[str]] = {}
        if self.rewards:
            for i, option in enumerate(self.options):
                if outcome[self.n_issues + i]:
                    rewards.setdefault(option.country, []).append(option.reward)
        else:
            rewards = {c: promised(self.ctx.state, c) for c in self.ctx.state.countries if promised(self.ctx.state, c)}
        threats = {c: pressing(self.ctx.state, c) for c in self.ctx.state.countries if pressing(self.ctx.state, c)}
        return Deal(positions=positions, rewards=rewards, threats=threats)

    def raw(self, outcomes: np.ndarray) -> np.ndarray:
        """(P, N) utilities, unrounded, of an (N, D) batch of outcome vectors."""
        dims = np.arange(outcomes.shape[1])
        return self.const[:, None] + self.M[:, dims[None, :], outcomes].sum(axis=2)

    def spend(self, outcomes: np.ndarray) -> np.ndarray:
        return self.cost[np.arange(outcomes.shape[1])[None, :], outcomes].sum(axis=1)

    def utilities(self, outcomes: np.ndarray) -> np.ndarray:
        """(P, N) utilities in whole points, as each party's valuation gives them."""
        return points(self.raw(outcomes)) / 100

    def deal_utilities(self, deal: Deal) -> np.ndarray:
        """Each party's utility of one deal, by the valuation's own scalar functions."""
        return np.array([player_utility(self.ctx, deal)] +
                        [country_utility(self.ctx, c, deal) for c in self.parties[1:]])

    # ----------------------------------------------------------------- the decision rule

    def signs(self, U: np.ndarray) -> np.ndarray:
        """(P, N): who clears its no-deal value (the player always counts as a signatory). Kept for the last
        array asked about: a search asks for the same slice of deals' feasibility and then its shortfall."""
        if self.__dict__.get("_signs_of") is U:
            return self._signs
        yes = (U - self.no_deal[:, None] >= -TOLERANCE) & self.can_sign[:, None]
        yes[0] = True
        self._signs_of, self._signs = U, yes
        return yes

    def acceptable(self, U: np.ndarray, spend: np.ndarray) -> np.ndarray:
        yes = self.signs(U)
        return (U[0] - self.no_deal[0] >= -TOLERANCE) & passing(self.ctx.scenario, yes[1:], self.weights) \
            & (spend <= self.cap + TOLERANCE)

    def shortfall(self, U: np.ndarray, spend: np.ndarray) -> np.ndarray:
        """How far deals are from acceptable (0 when they are): the player's gap to its BATNA, the share
        of the vote missing and the vetoes against, a little for every country short of its no-deal
        value, and overspending."""
        gaps = np.clip(self.no_deal[:, None] - U, 0, None)
        yes = self.signs(U)
        share = self.weights @ yes[1:]
        vetoes = (~yes[self.veto_rows]).sum(axis=0) if len(self.veto_rows) else 0
        missing = np.where(passing(self.ctx.scenario, yes[1:], self.weights), 0.0,
                           np.clip(self._needed_share() - share, 0, None) + 0.01 + 0.05 * vetoes)
        return (gaps[0] + missing + 0.1 * (self.weights @ gaps[1:]) +
                np.clip(spend - self.cap, 0, None) / self.cap)

    def _needed_share(self) -> float:
        conference = self.ctx.scenario.conference
        return 1.0 if conference is None or conference.rule == "consensus" else conference.threshold

    def nash_value(self, U: np.ndarray) -> np.ndarray:
        """The geometric mean of the signatories' gains (log): the Nash product, comparable across coalitions."""
        yes = self.signs(U)
        gains = np.clip(U - self.no_deal[:, None], 1e-9, None)
        return np.where(yes, np.log(gains), 0.0).sum(axis=0) / yes.sum(axis=0)

    # ----------------------------------------------------------------- search

    def free_dims(self) -> list[int]:
        return [d for d in range(len(self.sizes)) if d not in self.fixed and self.sizes[d] > 1]

    def size(self) -> int:
        return int(np.prod([self.sizes[d] for d in self.free_dims()], dtype=np.float64))

    def exact(self) -> bool:
        return self.size() <= EXACT_LIMIT

    def all_outcomes(self) -> np.ndarray:
        """Every outcome vector (exhaustive spaces only)."""
        free = self.free_dims()
        grids = np.indices(tuple(int(self.sizes[d]) for d in free)).reshape(len(free), -1).T
        out = np.zeros((len(grids), len(self.sizes)), dtype=int)
        out[:, free] = grids
        for d, k in self.fixed.items():
            out[:, d] = k
        return out

    def every(self) -> tuple[np.ndarray, np.ndarray]:
        """(P, N) utilities in points and (N,) spending of every outcome, in all_outcomes' order (exhaustive
        spaces only; cached). The same figures as utilities(all_outcomes()) and spend(all_outcomes()), bit
        for bit: each party's table is broadcast over the grid of free dimensions and the terms are added in
        the order NumPy's sum adds them (ordered_sum), without building every outcome vector."""
        if not hasattr(self, "_every"):
            free = self.free_dims()
            shape = [int(self.sizes[d]) for d in free]
            P, D = self.M.shape[0], len(self.sizes)
            gains, costs = [], []
            for d in range(D):
                if d in free:
                    axes = [1] * len(free)
                    axes[free.index(d)] = shape[free.index(d)]
                    gains.append(self.M[:, d, :shape[free.index(d)]].reshape(P, *axes))
                    costs.append(self.cost[d, :shape[free.index(d)]].reshape(axes))
                else:
                    k = self.fixed.get(d, 0)
                    gains.append(self.M[:, d, k].reshape(P, *[1] * len(free)))
                    costs.append(np.full([1] * len(free), self.cost[d, k]))
            raw = self.const[:, None] + np.broadcast_to(ordered_sum(gains), (P, *shape)).reshape(P, -1)
            spend = np.broadcast_to(ordered_sum(costs), shape).reshape(-1)
            self._every = points(raw) / 100, spend
        return self._every

    def _chunks(self):
        """every() in slices of about CHUNK deals (offset in all_outcomes' order, utilities, spending), the same
        figures bit for bit, so that a single search (the chair's each turn) keeps its arrays small; a space
        already laid out, a small one or one of 8 dimensions or more (whose sums NumPy pairs) is searched
        whole. Below 8 dimensions NumPy adds a deal's terms one after the other: the terms of the dimensions
        before a split are added once for every combination of theirs (the head), then each slice of head
        rows gets the later dimensions added in turn (the tail)."""
        D, P = len(self.sizes), self.M.shape[0]
        if hasattr(self, "_every") or self.size() <= CHUNK or D >= 8:
            yield (0, *self.every())
            return
        free = self.free_dims()

        def add(raw, spend, d):
            if d in free:
                k = int(self.sizes[d])
                return ((raw[:, :, None] + self.M[:, d, None, :k]).reshape(P, -1),
                        (spend[:, None] + self.cost[d, None, :k]).reshape(-1))
            k = self.fixed.get(d, 0)
            return raw + self.M[:, d, k][:, None], spend + self.cost[d, k]

        split, tail = D, 1
        while split > 1 and tail * int(self.sizes[split - 1] if split - 1 in free else 1) <= CHUNK:
            split -= 1
            tail *= int(self.sizes[split]) if split in free else 1
        raw, spend = np.zeros((P, 1)), np.zeros(1)
        for d in range(split):
            raw, spend = add(raw, spend, d)
        rows = max(1, CHUNK // tail)
        for r in range(0, raw.shape[1], rows):
            part, cost = raw[:, r:r + rows], spend[r:r + rows]
            for d in range(split, D):
                part, cost = add(part, cost, d)
            U = points(self.const[:, None] + part)
            U /= 100
            yield r * tail, U, cost

    def outcome_at(self, index: int) -> np.ndarray:
        """The outcome vector at `index` in all_outcomes' order."""
        free = self.free_dims()
        out = np.zeros(len(self.sizes), dtype=int)
        out[free] = np.unravel_index(index, tuple(int(self.sizes[d]) for d in free))
        for d, k in self.fixed.items():
            out[d] = k
        return out

    def best(self, objective, feasible, start: np.ndarray | None = None, fallback=None):
        """The outcome maximising `objective(U, spend)` among those where `feasible(U, spend)` holds; when
        none does, the one maximising `fallback(U, spend)` over every outcome (or None without a fallback).
        Both take (P, N) utilities in points and (N,) spending; the objective is computed only for the
        feasible deals (the first best in all_outcomes' order wins a tie). An exhaustive search lays the
        deals out once for both: the fallback is scored only until a feasible deal turns up."""
        if self.exact() and len(self.sizes) < 128:
            found, top = None, -np.inf
            spare, spare_top = None, -np.inf
            for offset, U, spend in self._chunks():
                ok = np.flatnonzero(feasible(U, spend))
                if not len(ok):
                    if found is None and fallback is not None:
                        score = np.round(fallback(U, spend), TIE_DIGITS)
                        i = int(np.argmax(score))
                        if spare is None or score[i] > spare_top:
                            spare, spare_top = offset + i, score[i]
                    continue
                score = np.round(objective(U[:, ok], spend[ok]), TIE_DIGITS)
                i = int(np.argmax(score))
                if found is None or score[i] > top:
                    found, top = offset + int(ok[i]), score[i]
            found = found if found is not None else spare
            return None if found is None else self.outcome_at(found)
        if fallback is not None:
            outcome = self.best(objective, feasible, start)
            return outcome if outcome is not None else self.best(fallback, lambda U, spend: U[0] == U[0], start)
        if self.exact():
            outcomes = self.all_outcomes()
            U, spend = self.utilities(outcomes), self.spend(outcomes)
            ok = feasible(U, spend)
            if not ok.any():
                return None
            score = np.where(ok, objective(U, spend), -np.inf)
            return outcomes[int(np.argmax(score))]
        return self._ascend(objective, feasible, start)

    def _issue_grid(self) -> tuple[np.ndarray, np.ndarray]:
        """Every combination of open issue positions, (N, J), and its issue utilities, (P, N) (cached:
        each analysis searches from it several times)."""
        if not hasattr(self, "_grid"):
            issue_dims = [d for d in range(self.n_issues) if d not in self.fixed]
            grid = np.zeros((int(np.prod([self.sizes[d] for d in issue_dims])), self.n_issues), dtype=int)
            grid[:, issue_dims] = np.indices(tuple(int(self.sizes[d]) for d in issue_dims)).reshape(len(issue_dims), -1).T
            for d, k in self.fixed.items():
                if d < self.n_issues:
                    grid[:, d] = k
            shape = [int(self.sizes[d]) for d in issue_dims]
            P = self.M.shape[0]
            terms = []
            for d in range(self.n_issues):  # broadcast, summed as the gather's sum would be (see every)
                if d in issue_dims:
                    axes = [1] * len(issue_dims)
                    axes[issue_dims.index(d)] = shape[issue_dims.index(d)]
                    terms.append(self.M[:, d, :axes[issue_dims.index(d)]].reshape(P, *axes))
                else:
                    terms.append(self.M[:, d, self.fixed[d]].reshape(P, *[1] * len(issue_dims)))
            self._grid = grid, np.broadcast_to(ordered_sum(terms), (P, *shape)).reshape(P, -1)
        return self._grid

    def _starts(self, objective, feasible, start) -> np.ndarray:
        """The best issue-only outcomes (rewards as in `start`, or none), searched exhaustively."""
        base = np.zeros(len(self.sizes), dtype=int) if start is None else np.array(start)
        for d, k in self.fixed.items():
            base[d] = k
        grid, issue_raw = self._issue_grid()
        U, spend, penalty = self._start_grid(base)
        score = np.where(feasible(U, spend), objective(U, spend), penalty)
        top = _top(score, STARTS)
        picked = np.repeat(base[None, :], len(top), axis=0)
        picked[:, : self.n_issues] = grid[top]
        return picked if start is None else np.vstack([start[None, :], picked])

    def _start_grid(self, base: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The issue grid's utilities, spending and infeasibility penalty with the rewards of `base` (cached by
        them: an analysis searches from the same rewards several times, with other objectives)."""
        cache = self.__dict__.setdefault("_start_grids", {})
        rewards = np.arange(self.n_issues, len(self.sizes))
        key = base[rewards].tobytes()
        if key not in cache:
            grid, issue_raw = self._issue_grid()
            rest = self.const + self.M[:, rewards, base[rewards]].sum(axis=1)
            U = points(issue_raw + rest[:, None]) / 100
            spend = np.full(len(grid), self.cost[rewards, base[rewards]].sum())
            cache[key] = U, spend, -1e6 - 100 * self.shortfall(U, spend)
        return cache[key]

    def _score(self, objective, feasible, U, spend):
        ok = feasible(U, spend)
        return np.where(ok, objective(U, spend), -1e6 - 100 * self.shortfall(U, spend))

    def _ascend(self, objective, feasible, start):
        """Coordinate ascent from many starts at once: each round tries every position of every issue,
        then every single reward promised or withdrawn, and keeps what raises the score."""
        cur = self._starts(objective, feasible, start)
        S = len(cur)
        rows = np.arange(S)
        R = len(self.options)
        reward_dims = np.array([self.n_issues + i for i in range(R) if self.n_issues + i not in self.fixed], dtype=int)
        raw, spend = self.raw(cur), self.spend(cur)
        score = self._score(objective, feasible, points(raw) / 100, spend)
        for _ in range(60):
            improved = False
            for d in range(self.n_issues):
                if d in self.fixed:
                    continue
                k = int(self.sizes[d])
                cand = raw[:, :, None] - self.M[:, d, cur[:, d]][:, :, None] + self.M[:, d, None, :k]
                cspend = spend[:, None] - self.cost[d, cur[:, d]][:, None] + self.cost[d, None, :k]
                U = points(cand.reshape(len(raw), -1)) / 100
                s = self._score(objective, feasible, U, cspend.reshape(-1)).reshape(S, k)
                choice = np.argmax(s, axis=1)
                better = s[rows, choice] > score + 1e-12
                if better.any():
                    improved = True
                    cur[better, d] = choice[better]
                    raw[:, better] = cand[:, better, choice[better]]
                    spend[better] = cspend[better, choice[better]]
                    score[better] = s[better, choice[better]]
            if len(reward_dims):
                bits = cur[:, reward_dims]
                sign = np.where(bits == 1, -1.0, 1.0)  # (S, R)
                delta = self.M[:, reward_dims, 1]  # (P, R): the option's contribution when promised
                cand = raw[:, :, None] + sign[None, :, :] * delta[:, None, :]
                cspend = spend[:, None] + sign * self.cost[reward_dims, 1][None, :]
                U = points(cand.reshape(len(raw), -1)) / 100
                s = self._score(objective, feasible, U, cspend.reshape(-1)).reshape(S, len(reward_dims))
                choice = np.argmax(s, axis=1)
                better = s[rows, choice] > score + 1e-12
                if better.any():
                    improved = True
                    dims = reward_dims[choice[better]]
                    cur[better, dims] = 1 - cur[better, dims]
                    raw[:, better] = cand[:, better, choice[better]]
                    spend[better] = cspend[better, choice[better]]
                    score[better] = s[better, choice[better]]
            if not improved:
                break
        U = points(raw) / 100
        ok = feasible(U, spend)
        if not ok.any():
            return None
        return cur[int(np.argmax(np.where(ok, objective(U, spend), -np.inf)))]


def _top(score: np.ndarray, k: int) -> np.ndarray:
    """The indices of the k highest scores, highest first, ties in index order: np.argsort(-score,
    kind="stable")[:k], without sorting every score."""
    if len(score) <= k:
        return np.argsort(-score, kind="stable")
    kth = np.partition(-score, k - 1)[k - 1]
    candidates = np.flatnonzero(-score <= kth)
    return candidates[np.argsort(-score[candidates], kind="stable")][:k]


def ordered_sum(terms: list):
    """The sum of `terms` (arrays that broadcast together) in the order NumPy's sum adds the items of a
    contiguous axis (pairwise summation: up to 8 items in a row, else 8 running sums combined in a tree, then
    the rest): so a sum of tables broadcast over a grid equals, bit for bit, the sum of the same terms
    gathered along an axis. For fewer than 128 terms (NumPy's block size)."""
    n = len(terms)
    if n < 8:
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        return total
    runs = list(terms[:8])
    whole = n - n % 8
    for i in range(8, whole, 8):
        for j in range(8):
            runs[j] = runs[j] + terms[i + j]
    total = ((runs[0] + runs[1]) + (runs[2] + runs[3])) + ((runs[4] + runs[5]) + (runs[6] + runs[7]))
    for term in terms[whole:]:
        total = total + term
    return total


# --------------------------------------------------------------------------- the debrief's figures


@dataclass(frozen=True)
class PartyFigures:
    id: str
    """'player' or a country id."""
    name: str
    utility_at_deal: float | None
    utility_at_nash: float | None
    no_deal_value: float
    said_yes: bool | None
    """Whether that country accepted the deal or voted for it; None for the player, who proposes."""


@dataclass(frozen=True)
class Analysis:
    """A deal (or no deal) against the zone of agreement. Figures that do not exist are None: no Nash
    point without a zone of agreement, no efficiency without a deal."""

    deal: bool
    parties: list[PartyFigures]
    zopa: bool
    nash_deal: Deal | None
    nash_ratio: float | None
    joint_gain_share: float | None
    pareto_efficient: bool | None
    value_left: float | None
    exact: bool
    binding: list[str]
    """Parties whose no-deal values bind at the Nash point: the player and the coalition that signs it."""
    nash_ratio_per_party: float | None = None
    """The Nash ratio as a geometric mean over the signatories at the Nash point (nash_ratio ** (1 / n)):
    with many parties the product shrinks fast, and this says what each party got on average."""

    def to_json(self) -> dict:
        """Plain JSON: finite numbers (4 decimals), booleans or null, never NaN."""

        def num(x):
            return None if x is None else round(float(x), 4)

        return {
            "deal": self.deal,
            "parties": [{"id": p.id, "utility_at_deal": num(p.utility_at_deal), "utility_at_nash": num(p.utility_at_nash),
                         "no_deal_value": num(p.no_deal_value), "said_yes": p.said_yes} for p in self.parties],
            "nash_ratio": num(self.nash_ratio), "joint_gain_share": num(self.joint_gain_share),
            "pareto_efficient": self.pareto_efficient, "value_left": num(self.value_left),
            "zone_of_agreement": self.zopa, "exact": self.exact, "binding": self.binding,
            "nash_ratio_per_party": num(self.nash_ratio_per_party),
        }


def analyse(ctx: Context, deal: Deal | None, said_yes: list[str]) -> Analysis:
    """The deal (None: no deal) judged over every deal reachable from the moment `ctx` describes."""
    space = DealSpace(ctx)
    start = space.encode(deal) if deal is not None else None
    everyone = lambda U, spend: space.acceptable(U, spend)  # noqa: E731
    nash = space.best(lambda U, spend: space.nash_value(U), everyone, start)
    nash_u = space.utilities(nash[None, :])[:, 0] if nash is not None else None
    names = [f"{ctx.scenario.player.country} (you)"] + [ctx.scenario.country(c).name for c in space.parties[1:]]
    deal_u = space.deal_utilities(deal) if deal is not None else None
    if deal_u is not None and nash_u is not None and space.nash_value(deal_u[:, None])[0] > space.nash_value(nash_u[:, None])[0]:
        nash, nash_u = start, deal_u  # the search missed a better point: the deal itself is it
    figures = []
    for p, party in enumerate(space.parties):
        figures.append(PartyFigures(
            id="player" if party is None else party, name=names[p],
            utility_at_deal=None if deal_u is None else float(deal_u[p]),
            utility_at_nash=None if nash_u is None else float(nash_u[p]),
            no_deal_value=float(space.no_deal[p]),
            said_yes=None if party is None else deal is not None and party in said_yes))
    binding = []
    if nash_u is not None:
        yes = space.signs(nash_u[:, None])[:, 0]
        binding = ["player" if q is None else q for q, y in zip(space.parties, yes) if y]
    if nash_u is None:
        return Analysis(deal is not None, figures, False, None, None, None, None, None, space.exact(), binding)
    nash_deal = space.decode(nash)
    joint = space.best(lambda U, spend: (U - space.no_deal[:, None]).sum(axis=0), everyone, start)
    joint_max = float((space.utilities(joint[None, :])[:, 0] - space.no_deal).sum())
    if deal_u is None:
        best_player = space.best(lambda U, spend: U[0], everyone, None)
        left = float(space.utilities(best_player[None, :])[0, 0] - space.no_deal[0])
        return Analysis(False, figures, True, nash_deal, 0.0, 0.0, None, max(0.0, left), space.exact(), binding)
    gains = deal_u - space.no_deal
    if gains[0] < -TOLERANCE:
        ratio = 0.0  # below your BATNA: the deal captured none of the gain there was
    else:
        n = int(space.signs(nash_u[:, None])[:, 0].sum())
        ratio = float(np.exp(n * (space.nash_value(deal_u[:, None])[0] - space.nash_value(nash_u[:, None])[0])))
    share = float(np.clip(gains.sum() / joint_max, 0.0, 1.0)) if joint_max > TOLERANCE else None
    signed = np.array([True] + [c in said_yes for c in space.parties[1:]])

    def keeps_signatories(U, spend):
        return everyone(U, spend) & np.all(U[signed] >= deal_u[signed, None] - TOLERANCE, axis=0)

    best_player = space.best(lambda U, spend: U[0], keeps_signatories, start)
    left = 0.0 if best_player is None else max(0.0, float(space.utilities(best_player[None, :])[0, 0] - deal_u[0]))

    def keeps_everyone(U, spend):
        return everyone(U, spend) & np.all(U >= deal_u[:, None] - TOLERANCE, axis=0)

    better = space.best(lambda U, spend: (U - deal_u[:, None]).sum(axis=0), keeps_everyone, start)
    improvement = 0.0 if better is None else float((space.utilities(better[None, :])[:, 0] - deal_u).sum())
    ratio = float(np.clip(ratio, 0.0, 1.0))
    return Analysis(True, figures, True, nash_deal, ratio, share, improvement < POINT / 2, left, space.exact(), binding,
                    ratio ** (1 / max(1, len(binding))))
