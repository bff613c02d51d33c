"""Figure group "negotiation": the workload's variants, played by the peer agents (NegMAS
semantics) and by the game's own negotiator (bench/game_ai.py), with the workload's metrics,
the time split into preprocessing and rounds, and the scenario hashes."""

from __future__ import annotations

import time

import numpy as np

from game.engine.analysis import nash_product, utility_matrix
from game.engine.strategy import LinearUtility

from . import Options, game_ai, peer, register
from .workload import export_sha256, generate_scenarios, load_workload, scenarios_sha256

QUICK_N = 10
ENGINES = {"peer": peer.run_sao, "game_ai": game_ai.run_sao}


def max_nash_products(scenarios) -> list[float]:
    """Exhaustive max of prod_k (u_k - rv_k) over outcomes rational for all (0 if none)."""
    out = []
    for sc in scenarios:
        parties = [LinearUtility(a.weights, a.values, a.reserved_value) for a in sc.agents]
        rv = np.array([a.reserved_value for a in sc.agents])
        U = utility_matrix(parties)
        out.append(float(nash_product(U, rv).max()))
    return out


def metrics(scenarios, results, nash_max, strategies) -> dict[str, object]:
    ratios, agreed, rational, per_strategy = [], [], [], {s: [] for s in strategies}
    for sc, r, m in zip(scenarios, results, nash_max):
        rv = np.array([a.reserved_value for a in sc.agents])
        if r.agreement is None:
            ratios.append(0.0)
            u = rv
        else:
            u = np.array([a.weights @ a.values[np.arange(len(a.weights)), list(r.agreement)] for a in sc.agents])
            ok = bool(np.all(u >= rv))
            rational.append(ok)
            ratios.append(float(np.prod(u - rv) / m) if ok and m > 0 else 0.0)
            agreed.append(ratios[-1])
        for a, uk in zip(sc.agents, u):
            per_strategy[a.strategy].append(float(uk))
    out: dict[str, object] = {
        "agreement_rate": float(np.mean([r.agreement is not None for r in results])),
        "nash_ratio": float(np.mean(ratios)),
        "nash_ratio_agreements": float(np.mean(agreed)) if agreed else 0.0,
        "mean_rounds": float(np.mean([r.rounds for r in results])),
        "individual_rationality": float(np.mean(rational)) if rational else 1.0,
    }
    for s in strategies:
        out[f"mean_utility.{s}"] = float(np.mean(per_strategy[s])) if per_strategy[s] else float("nan")
    return out


def run_variant(name: str, n: int | None, engines=ENGINES):
    wl = load_workload()
    scenarios = generate_scenarios(name, n, wl)
    nash_max = max_nash_products(scenarios)
    sha = scenarios_sha256(name)
    strategies = wl["agents"]["strategies_order"]
    for engine, run_sao in engines.items():
        t0 = time.perf_counter()
        results = [run_sao(sc, wl) for sc in scenarios]
        dt = time.perf_counter() - t0
        prefix = f"{name}.{engine}"
        yield f"{prefix}.n_negotiations", len(scenarios)
        yield f"{prefix}.negotiations_per_s", len(scenarios) / dt
        yield f"{prefix}.preprocessing_ms", 1000 * float(np.mean([r.setup for r in results]))
        yield f"{prefix}.per_round_ms", 1000 * sum(r.loop for r in results) / sum(r.rounds for r in results)
        for k, v in metrics(scenarios, results, nash_max, strategies).items():
            yield f"{prefix}.{k}", v
        yield f"{prefix}.scenarios_sha256", sha


@register("negotiation", order=10)
def negotiation_figures(options: Options):
    wl = load_workload()
    names = [v["name"] for v in wl["variants"]]
    if options.variant is not None and options.variant not in names:
        raise KeyError(f"unknown variant {options.variant!r}; known: {', '.join(names)}")
    n = options.n if options.n is not None else (QUICK_N if options.quick else None)
    for name in names:
        if options.variant in (None, name):
            yield from run_variant(name, n)
    yield "workload.export_sha256", export_sha256()
