"""The workload's SAO protocol played by this game's own AI (game.engine.strategy).

Each agent (it knows only its own utility and reservation value):

* **Opponent models**: one ``OfferModel`` per partner, fed by the partner's offers and by
  the standing offers it turned down (every agent sees every offer; a partner that
  counter-offers has rejected the standing offer).
  Six-party runs use ``BayesianOfferModel`` instead (candidates from the workload's
  published generator weighted by how well they explain the partner's concession order,
  its own targets, its rejections and the standing offers it accepts; one public model per
  negotiator, shared).
* **Aspiration**: its Faratin target with its drawn style (``CONCESSION_EXPONENTS``, the
  workload's curves), floored at a share s(t) of its gain at the estimated Nash point
  (``nash_search`` over its own utility and the partner models, partners' reservation
  values at the prior PARTNER_RV_PRIOR); s(t) = 1 until FLOOR_T0, then falls linearly to
  FLOOR_END at FLOOR_T1, after which the floor is dropped (deadline safety). Without such
  a floor, even perfect offers cannot reach the targets: the first outcome that meets
  every pure Faratin target has a mean Nash ratio of 0.83 (bilateral) / 0.35 (six-party).
* **Offers**: ``nash_offer``: own utility >= aspiration, maximising the estimated Nash
  product of the partners (linearised, solved issue by issue by ``knapsack_offer``).
* **Acceptance**: the workload's rule against its own aspiration (own >= aspiration - eps).
"""

from __future__ import annotations

import numpy as np

from game.engine.strategy import (
    CONCESSION_EXPONENTS,
    BayesianOfferModel,
    LinearUtility,
    OfferModel,
    faratin_target,
    nash_offer,
    nash_search,
)

from .peer import EPS, Result
from .workload import Scenario, load_workload

PARTNER_RV_PRIOR = 0.35  # mean of the workload's reservation-value range (unknown to agents)
FLOOR_T0 = 0.4  # floor share s(t) = 1 until here ...
FLOOR_T1 = 0.95  # ... falls linearly to FLOOR_END here, then the floor is dropped
FLOOR_END = 0.6
REFRESH_EVERY = 5  # rounds between Nash-point re-estimates
NEG_WEIGHT = 0.5
OFFER_ITERS = 1
ASP_MARGIN = -1.0  # partner weights 1 / (u_k - max(prior, u_k(k's last offer) - margin))
REUSE_WITHIN = 0.01
RESOLUTION = 512
MODEL = "frequency"  # partner model: "frequency" (OfferModel) or "bayes" (BayesianOfferModel)
#: bayes: 0 = partner reservation values at the prior; 1 = the model's posterior means in
#: the Nash-point estimate; 2 = also in offers, with the model's aspiration estimate
MODEL_RV = 0
BAYES = {"n_samples": 2000, "temperature": 0.05, "min_ess": 50.0, "acceptance_weight": 30.0, "order_weight": 1.0}
#: six-party runs (tuned on the first 20 negotiations): floors fall earlier and further,
#: no rejection evidence, offers weigh partners by their margin over their latest offer
#: and partners are modelled by the Bayesian ordinal model (BayesianOfferModel)
MULTI = {"FLOOR_T0": 0.3, "FLOOR_END": 0.5, "NEG_WEIGHT": 0.0, "ASP_MARGIN": 0.3, "REUSE_WITHIN": 0.003,
         "MODEL": "bayes", "MODEL_RV": 2}


def params(n_agents: int) -> dict:
    names = ["FLOOR_T0", "FLOOR_T1", "FLOOR_END", "NEG_WEIGHT", "ASP_MARGIN", "REUSE_WITHIN", "MODEL", "MODEL_RV"]
    p = {k: globals()[k] for k in names}
    if n_agents > 2:
        p.update(MULTI)
    return p


def floor_share(t: float, p: dict | None = None) -> float:
    p = p or params(2)
    t0, t1 = p["FLOOR_T0"], p["FLOOR_T1"]
    if t <= t0:
        return 1.0
    if t > t1:
        return 0.0
    return 1.0 - (1.0 - p["FLOOR_END"]) * (t - t0) / (t1 - t0)


class GameAIAgent:
    def __init__(self, utility: LinearUtility, style: str, index: int, n_agents: int, board: dict | None = None):
        self.utility = utility
        self.rv = utility.reserved_value
        self.exponent = CONCESSION_EXPONENTS[style]
        self.index = index
        self.partners = [k for k in range(n_agents) if k != index]
        self.p = params(n_agents)
        self.shared = board is not None
        if self.shared:  # public models of every agent, fed once by run_sao (same data for all)
            self.models = {k: board[k] for k in self.partners}
        elif self.p["MODEL"] == "bayes":
            # seeded from the public data (sizes, partner index): no global random state
            self.models = {k: BayesianOfferModel(utility.sizes, seed=[k, *utility.sizes], **BAYES)
                           for k in self.partners}
        else:
            self.models = {k: OfferModel(utility.sizes, neg_weight=self.p["NEG_WEIGHT"]) for k in self.partners}
        self.nash_u = None
        self.refreshed = -REFRESH_EVERY
        self.last_offer = None
        self.offer_target = 1.0
        self.last_B = None  # the others' score its latest fresh offer maximised (None: repeat)

    def aspiration(self, t: float, step: int) -> float:
        base = faratin_target(t, self.rv, self.exponent)
        s = floor_share(t, self.p)
        if s <= 0:
            return base
        if step - self.refreshed >= REFRESH_EVERY and all(m.n_offers for m in self.models.values()):
            mats = [self.utility.matrix] + [m.matrix for m in self.models.values()]
            o, _ = nash_search(mats, [self.rv] + self.partner_rvs())
            self.nash_u = self.utility(o)
            self.refreshed = step
        if self.nash_u is None:
            return base
        return max(base, self.rv + s * (self.nash_u - self.rv))

    def partner_rvs(self) -> list[float]:
        if self.p["MODEL_RV"]:
            return [m.reserved_value for m in self.models.values()]
        return [PARTNER_RV_PRIOR] * len(self.partners)

    def observe(self, partner: int, outcome, t: float | None = None) -> None:
        if not self.shared:
            self.models[partner].observe(outcome, t=t)

    def observe_rejection(self, partner: int, outcome, t: float | None = None) -> None:
        if not self.shared:
            self.models[partner].observe_rejection(outcome, t=t)

    def offer(self, target: float):
        if (self.last_offer is not None and self.utility(self.last_offer) >= target
                and target >= self.offer_target - self.p["REUSE_WITHIN"]):
            self.last_B = None
            return self.last_offer  # aspiration barely moved: repeat the offer (saves time)
        self.offer_target = target
        seen = [m for m in self.models.values() if m.n_offers]
        self.last_B = None
        if not seen:
            o = self.utility.best()
        else:
            margin = self.p["ASP_MARGIN"]
            if margin >= 0:  # partners' aspirations, in model units: their latest offers
                if self.p["MODEL_RV"] == 2:  # the model's own estimates of level and reservation
                    rvs = [max(m.reserved_value, m.aspiration - margin) for m in seen]
                else:
                    rvs = [max(PARTNER_RV_PRIOR, m.utility(m.offers[-1]) - margin) for m in seen]
            else:
                rvs = [PARTNER_RV_PRIOR] * len(seen)
            mats = [m.matrix for m in seen]
            o = nash_offer(self.utility, target, mats, rvs,
                           start=self.last_offer, iters=OFFER_ITERS, resolution=RESOLUTION)
            if self.shared and OFFER_ITERS == 1 and o != self.utility.best():
                # the score nash_offer maximised, from public models only (offer-rule evidence)
                M = np.stack(mats)
                rows = np.arange(M.shape[1])
                if self.last_offer is None:
                    lam = np.ones(len(M))
                else:
                    lam = 1.0 / np.maximum(M[:, rows, np.asarray(self.last_offer)].sum(axis=1) - np.asarray(rvs), 0.02)
                self.last_B = np.einsum("p,pjk->jk", lam / lam.sum(), M)
        if o == self.utility.best() and self.last_B is None and self.last_offer is None:
            # own-best opening offer: every option it chose is its best on that issue
            self.last_B = 1.0 - np.eye(self.utility.matrix.shape[1])[np.asarray(o)]
        self.last_offer = o
        return o


def run_sao(scenario: Scenario, workload: dict | None = None) -> Result:
    wl = workload or load_workload()
    n_steps = wl["protocol"]["n_steps"]
    n = len(scenario.agents)
    utils = [LinearUtility(a.weights, a.values, a.reserved_value) for a in scenario.agents]
    board = None
    if params(n)["MODEL"] == "bayes":
        # one public model per agent: every agent sees the same offers and rejections, so
        # each would compute the same (identically seeded) model; computed once, shared
        board = {k: BayesianOfferModel(utils[k].sizes, seed=[k, n, *utils[k].sizes], **BAYES) for k in range(n)}
    agents = [GameAIAgent(u, a.strategy, i, n, board) for i, (u, a) in enumerate(zip(utils, scenario.agents))]
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
                if board is not None:
                    board[i].observe_acceptance(standing, t=t)
                continue
            if standing is not None:
                if board is not None:
                    board[i].observe_rejection(standing, t=t)
                for k, other in enumerate(agents):
                    if k != i:
                        other.observe_rejection(i, standing, t)
            offer = ag.offer(target)
            standing, count = offer, 1
            if board is not None:
                board[i].observe(offer, t=t, partner_matrix=ag.last_B)
            for k, other in enumerate(agents):
                if k != i:
                    other.observe(i, offer, t)
    return Result(None, n_steps, np.array([a.reserved_value for a in scenario.agents]))
