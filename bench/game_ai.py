"""The workload's SAO protocol played by this game's own AI (game.engine.strategy).

Each agent: a Faratin target with its named style, floored (bilateral only: in six-party runs it
blocked agreements) at its estimated Nash-point
utility (estimated from frequency models of its partners, whose reservation values are
assumed to be PARTNER_RV_PRIOR) so that it does not concede past a fair split; offers
built by concede_towards against a balanced weighted sum of its partners' frequency
models; acceptance iff own utility >= aspiration - eps (the workload's rule)."""

from __future__ import annotations

import numpy as np

from game.engine.strategy import (
    CONCESSION_EXPONENTS,
    FrequencyModel,
    LinearUtility,
    concede_towards,
    estimate_nash,
    faratin_target,
)

from .peer import EPS, Result
from .workload import Scenario, load_workload

PARTNER_RV_PRIOR = 0.3
FLOOR_SHARE = 0.9  # fraction of the estimated Nash gain kept as a floor
FLOOR_UNTIL = 0.95  # the floor is dropped after this relative time (deadline safety)
ANCHOR = True
REFRESH_EVERY = 5  # rounds between Nash re-estimates


class GameAIAgent:
    def __init__(self, utility: LinearUtility, style: str, n_partners: int):
        self.utility = utility
        self.rv = utility.reserved_value
        self.exponent = CONCESSION_EXPONENTS[style]
        self.models = [FrequencyModel(utility.sizes) for _ in range(n_partners)]
        self.floor = self.rv
        self.use_floor = n_partners == 2  # bilateral only (models has a slot per agent, self included)
        self.refreshed = -REFRESH_EVERY

    def aspiration(self, t: float, step: int) -> float:
        base = faratin_target(t, self.rv, self.exponent)
        if t > FLOOR_UNTIL or not self.use_floor:
            return base
        if step - self.refreshed >= REFRESH_EVERY and any(m.n_offers for m in self.models):
            seen = [m for m in self.models if m.n_offers]
            _, u = estimate_nash(self.utility, seen, [PARTNER_RV_PRIOR] * len(seen), n_starts=5)
            self.floor = self.rv + FLOOR_SHARE * (u - self.rv)
            self.refreshed = step
        return max(base, self.floor)

    def observe(self, partner: int, outcome) -> None:
        self.models[partner].observe(outcome)

    def offer(self, target: float, standing=None):
        seen = [m.matrix for m in self.models if m.n_offers]
        if not seen:
            return concede_towards(self.utility, target, np.zeros_like(self.utility.matrix))
        # balance partners: weight each by 1 / its estimated gain at the standing offer
        if standing is not None and len(seen) > 1:
            rows = np.arange(self.utility.n_issues)
            gains = np.array([m[rows, standing].sum() for m in seen]) - PARTNER_RV_PRIOR
            wts = 1.0 / np.maximum(gains, 0.05)
            wts /= wts.sum()
            partners = sum(w * m for w, m in zip(wts, seen))
        else:
            partners = sum(seen)
        return concede_towards(self.utility, target, partners, anchor=standing if ANCHOR else None)


def run_sao(scenario: Scenario, workload: dict | None = None) -> Result:
    wl = workload or load_workload()
    n_steps = wl["protocol"]["n_steps"]
    n = len(scenario.agents)
    agents = [GameAIAgent(LinearUtility(a.weights, a.values, a.reserved_value), a.strategy, n) for a in scenario.agents]
    standing = None
    count = 0
    for s in range(n_steps):
        t = (s + 1) / (n_steps + 1)
        for i, ag in enumerate(agents):
            target = ag.aspiration(t, s)
            if standing is not None and ag.utility(standing) >= target - EPS:
                count += 1
                if count == n:
                    return Result(standing, s + 1, np.array([b.utility(standing) for b in agents]))
                continue
            offer = ag.offer(target, standing)
            standing, count = offer, 1
            for k, other in enumerate(agents):
                if k != i:
                    other.observe(i, offer)
    return Result(None, n_steps, np.array([a.reserved_value for a in scenario.agents]))
