"""The workload's peer agents (time-based concession, NegMAS semantics) on the SAO protocol,
vectorised: every agent's offers for all steps are found at once by meet-in-the-middle
(issues split in two groups, one sorted, the other searched with searchsorted), without
enumerating the outcome space per agent."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .workload import Scenario, load_workload

EPS = 1e-4


@dataclass
class Result:
    agreement: tuple[int, ...] | None  # option index per issue
    rounds: int
    utilities: np.ndarray  # per agent (reservation value on disagreement)
    setup: float = 0.0  # seconds spent preparing the negotiation (objects, precomputed offers)
    loop: float = 0.0  # seconds spent in its rounds


def workload_targets(rv: np.ndarray, exps: np.ndarray, n_steps: int) -> np.ndarray:
    """(n_agents, n_steps) targets: rv + (1 - rv) * (1 - t**e), t = (s+1)/(n_steps+1)."""
    t = np.arange(1, n_steps + 1) / (n_steps + 1)
    return rv[:, None] + (1.0 - rv[:, None]) * (1.0 - t[None, :] ** exps[:, None])


def _split(n_issues: int) -> int:
    return (n_issues + 1) // 2  # first group issues [0, h), second [h, n)


def _group_sums(wv: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """(n_agents, prod sizes) sums of w_j v_j over issues lo..hi-1 in C order."""
    n_agents, _, k = wv.shape
    acc = np.zeros((n_agents, 1))
    for j in range(lo, hi):
        acc = (acc[:, :, None] + wv[:, j, None, :]).reshape(n_agents, -1)
    return acc


def lowest_at_least(wv: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """For every agent i and every target targets[i, s], the flat index (C order over the
    outcome space) of the outcome with the lowest own utility still >= the target (ties:
    the first found); the own-best outcome if no outcome reaches the target.

    wv: (n_agents, n_issues, k) weighted values. Meet in the middle: sums of the first
    issue group are sorted; for every target and every second-group combination b we
    search the smallest first-group sum >= target - b.
    """
    n_agents, n_issues, k = wv.shape
    h = _split(n_issues)
    A = _group_sums(wv, 0, h)  # (n_agents, kA)
    B = _group_sums(wv, h, n_issues)  # (n_agents, kB)
    kA, kB = A.shape[1], B.shape[1]
    order = np.argsort(A, axis=1, kind="stable")
    As = np.take_along_axis(A, order, axis=1)
    # batch the per-agent searches by offsetting each agent's values by 4 * agent
    off = 4.0 * np.arange(n_agents)
    flat = (As + off[:, None]).ravel()
    q = targets[:, :, None] - B[:, None, :] + off[:, None, None]  # (n_agents, S, kB)
    pos = np.searchsorted(flat, q.ravel(), side="left").reshape(q.shape)
    local = pos - (np.arange(n_agents) * kA)[:, None, None]
    ok = local < kA
    localc = np.minimum(local, kA - 1)
    aval = np.take_along_axis(As, localc.reshape(n_agents, -1), axis=1).reshape(q.shape)
    val = np.where(ok, aval + B[:, None, :], np.inf)
    bbest = val.argmin(axis=2)  # (n_agents, S)
    apos = np.take_along_axis(localc, bbest[:, :, None], axis=2)[:, :, 0]
    acombo = np.take_along_axis(order, apos, axis=1)
    idx = acombo * kB + bbest
    none = ~np.isfinite(np.take_along_axis(val, bbest[:, :, None], axis=2)[:, :, 0])
    if none.any():
        best = np.ravel_multi_index(tuple(wv.argmax(axis=2).T), (k,) * n_issues)
        idx = np.where(none, best[:, None], idx)
    return idx


def decode(idx: np.ndarray, n_issues: int, k: int) -> np.ndarray:
    """Flat C-order outcome indices -> (..., n_issues) option indices."""
    return np.stack(np.unravel_index(idx, (k,) * n_issues), axis=-1)


def run_sao(scenario: Scenario, workload: dict | None = None) -> Result:
    """One SAO negotiation between the workload's peer agents. Preprocessing (every agent's offers for all
    rounds, found at once) and the rounds are timed apart."""
    start = time.perf_counter()
    wl = workload or load_workload()
    n_steps = wl["protocol"]["n_steps"]
    exps_map = wl["agents"]["exponents"]
    agents = scenario.agents
    n = len(agents)
    wv = np.stack([a.weights[:, None] * a.values for a in agents])  # (n, I, k)
    n_issues, k = wv.shape[1], wv.shape[2]
    rv = np.array([a.reserved_value for a in agents])
    exps = np.array([exps_map[a.strategy] for a in agents])
    targets = workload_targets(rv, exps, n_steps)
    offers = lowest_at_least(wv, targets)  # (n, S) flat indices
    opts = decode(offers, n_issues, k)  # (n, S, I)
    # util[p, s, j] = agent j's utility of proposer p's offer at step s
    issue = np.arange(n_issues)
    util = wv[:, issue, opts].sum(axis=-1)  # (j, p, S)
    util = np.transpose(util, (1, 2, 0))
    thresh = (targets - EPS).tolist()
    u = util.tolist()
    rounds_start = time.perf_counter()
    setup = rounds_start - start

    def done(outcome, rounds, utilities) -> Result:
        return Result(outcome, rounds, utilities, setup, time.perf_counter() - rounds_start)

    standing_p = standing_s = -1
    count = 0
    for s in range(n_steps):
        for i in range(n):
            if standing_p >= 0 and u[standing_p][standing_s][i] >= thresh[i][s]:
                count += 1
                if count == n:
                    o = tuple(int(x) for x in opts[standing_p, standing_s])
                    return done(o, s + 1, np.asarray(u[standing_p][standing_s]))
            else:
                standing_p, standing_s, count = i, s, 1
                if n == 1:
                    return done(tuple(int(x) for x in opts[i, s]), s + 1, np.asarray(u[i][s]))
    return done(None, n_steps, rv.copy())
