"""The peer-negotiation workload: load bench/workloads/workload.json, regenerate its
scenarios exactly as it prescribes, and export them in a canonical form with a sha256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

WORKLOAD_PATH = Path(__file__).resolve().parent / "workloads" / "workload.json"


@cache
def load_workload(path: str | None = None) -> dict:
    return json.loads(Path(path or WORKLOAD_PATH).read_text(encoding="utf-8"))


def variant(name: str, workload: dict | None = None) -> dict:
    wl = workload or load_workload()
    for v in wl["variants"]:
        if v["name"] == name:
            return v
    raise KeyError(f"unknown variant {name!r}; known: {', '.join(v['name'] for v in wl['variants'])}")


@dataclass(frozen=True)
class Agent:
    weights: np.ndarray  # (n_issues,)
    values: np.ndarray  # (n_issues, values_per_issue), each row spans [0, 1]
    reserved_value: float
    strategy: str


@dataclass(frozen=True)
class Scenario:
    variant: str
    index: int
    agents: tuple[Agent, ...]


def generate_agent(base_seed: int, scenario_index: int, agent_index: int, workload: dict | None = None) -> Agent:
    """One agent, drawn in the workload's draw order from
    numpy.random.default_rng([base_seed, scenario_index, agent_index])."""
    wl = workload or load_workload()
    n_issues = wl["outcome_space"]["n_issues"]
    n_vals = wl["outcome_space"]["values_per_issue"]
    lo, hi = wl["utility_generation"]["reserved_value_range"]
    order = wl["agents"]["strategies_order"]
    rng = np.random.default_rng([base_seed, scenario_index, agent_index])
    w = rng.dirichlet(np.ones(n_issues))
    vals = np.empty((n_issues, n_vals))
    for j in range(n_issues):
        raw = rng.random(n_vals)
        vals[j] = (raw - raw.min()) / (raw.max() - raw.min())
    rv = float(rng.uniform(lo, hi))
    strategy = order[int(rng.integers(len(order)))]
    return Agent(w, vals, rv, strategy)


def generate_scenario(variant_name: str, index: int, workload: dict | None = None) -> Scenario:
    wl = workload or load_workload()
    v = variant(variant_name, wl)
    agents = tuple(generate_agent(v["base_seed"], index, a, wl) for a in range(v["n_negotiators"]))
    return Scenario(variant_name, index, agents)


def generate_scenarios(variant_name: str, n: int | None = None, workload: dict | None = None) -> list[Scenario]:
    wl = workload or load_workload()
    v = variant(variant_name, wl)
    count = v["n_negotiations"] if n is None else min(n, v["n_negotiations"])
    return [generate_scenario(variant_name, i, wl) for i in range(count)]


# ------------------------------------------------------------------ canonical export


def export_variant(variant_name: str, workload: dict | None = None) -> dict:
    """Plain-number form of every scenario of a variant (see docs/bench.md)."""
    wl = workload or load_workload()
    v = variant(variant_name, wl)
    return {
        "variant": v["name"],
        "base_seed": v["base_seed"],
        "n_negotiators": v["n_negotiators"],
        "n_issues": wl["outcome_space"]["n_issues"],
        "values_per_issue": wl["outcome_space"]["values_per_issue"],
        "scenarios": [
            {
                "index": s.index,
                "agents": [
                    {
                        "weights": [float(x) for x in a.weights],
                        "values": [[float(x) for x in row] for row in a.values],
                        "reserved_value": float(a.reserved_value),
                        "strategy": a.strategy,
                    }
                    for a in s.agents
                ],
            }
            for s in generate_scenarios(variant_name, None, wl)
        ],
    }


def canonical_bytes(obj) -> bytes:
    """Canonical JSON: sorted keys, no whitespace, floats as Python's shortest repr, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode("utf-8")


@cache
def scenarios_sha256(variant_name: str) -> str:
    return hashlib.sha256(canonical_bytes(export_variant(variant_name))).hexdigest()


@cache
def export_sha256() -> str:
    """The sha256 of the whole export as `--export` writes it: the form in which the peer reference prints
    the hash of its materialised export (every variant in one file)."""
    return hashlib.sha256(canonical_bytes(export_all())).hexdigest()


def export_all(workload: dict | None = None) -> dict:
    wl = workload or load_workload()
    return {
        "workload": wl["name"],
        "version": wl["version"],
        "variants": [export_variant(v["name"], wl) for v in wl["variants"]],
    }
