"""The bench: workload regeneration, stable sha256, protocol invariants and the CLI."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bench import game_ai, peer
from bench.workload import canonical_bytes, export_variant, generate_scenarios, scenarios_sha256

ROOT = Path(__file__).resolve().parent.parent

EXPECTED_SHA = {
    "bilateral": "aed54ca2e52d0ff1007d8e88de2b318e3526275eb2ff24a86a495ac238dd26f9",
    "multilateral6": "0338d22d6b081bc76bbab7d2e6baa2b7399ab0e49d651f5409ae811cccc7e869",
}


@pytest.mark.parametrize("variant", sorted(EXPECTED_SHA))
def test_scenarios_sha256_is_stable(variant):
    assert scenarios_sha256(variant) == EXPECTED_SHA[variant]


def test_generation_follows_the_draw_order():
    sc = generate_scenarios("bilateral", 1)[0]
    rng = np.random.default_rng([20260001, 0, 1])
    w = rng.dirichlet(np.ones(5))
    a = sc.agents[1]
    assert np.array_equal(a.weights, w)
    for row in a.values:
        assert row.min() == 0.0 and row.max() == 1.0
    assert 0.2 <= a.reserved_value <= 0.5
    assert a.strategy in ("boulware", "linear", "conceder")
    data = export_variant("bilateral")
    assert len(data["scenarios"]) == 200 and canonical_bytes(data) == canonical_bytes(export_variant("bilateral"))


def test_offers_are_lowest_at_least_target():
    sc = generate_scenarios("multilateral6", 1)[0]
    wv = np.stack([a.weights[:, None] * a.values for a in sc.agents])
    outs = peer.decode(np.arange(10**5), 5, 10)
    U = np.stack([wv[i][np.arange(5), outs].sum(-1) for i in range(len(sc.agents))])
    rv = np.array([a.reserved_value for a in sc.agents])
    targets = peer.workload_targets(rv, np.full(len(rv), 4.0), 100)
    idx = peer.lowest_at_least(wv, targets)
    for i in range(len(sc.agents)):
        for s in range(0, 100, 7):
            assert U[i, idx[i, s]] == pytest.approx(U[i][U[i] >= targets[i, s]].min(), abs=1e-12)


@pytest.mark.parametrize("engine", [peer, game_ai])
def test_agreements_are_individually_rational(engine):
    for variant, n in [("bilateral", 15), ("multilateral6", 3)]:
        for sc in generate_scenarios(variant, n):
            r = engine.run_sao(sc)
            rv = np.array([a.reserved_value for a in sc.agents])
            assert np.all(r.utilities >= rv - 1e-9)
            assert 1 <= r.rounds <= 100


REQUIRED = [
    f"{v}.{e}.{m}"
    for v in ("bilateral", "multilateral6")
    for e in ("peer", "game_ai")
    for m in ("negotiations_per_s", "preprocessing_ms", "per_round_ms", "nash_ratio", "agreement_rate", "mean_rounds",
              "scenarios_sha256", "individual_rationality", "mean_utility.boulware", "mean_utility.linear",
              "mean_utility.conceder")
] + ["workload.export_sha256"]


def test_cli_quick_prints_required_names(tmp_path):
    out = subprocess.run([sys.executable, "-m", "bench", "--quick", "--n", "2"], cwd=ROOT, capture_output=True,
                         text=True, timeout=240)
    assert out.returncode == 0, out.stderr
    # other groups may import pygame, whose banner goes to stdout: keep the figure lines
    figures = dict(line.split(": ", 1) for line in out.stdout.splitlines() if ": " in line)
    missing = [name for name in REQUIRED if name not in figures]
    assert not missing
    assert figures["bilateral.peer.scenarios_sha256"] == EXPECTED_SHA["bilateral"]
    client = ("idle.title.cpu_share", "idle.hall.cpu_share", "input.hall.dropped_clicks", "input.hall.p99_ack_ms",
              "soak.rss_growth_mb")
    assert all(name in figures for name in client), [n for n in client if n not in figures]
    assert figures["input.hall.dropped_clicks"] == "0"
    assert not [name for name in figures if "speedup" in name]  # no ratio against a constant from elsewhere
    # the peer reference's form of the hash: the whole export, as `--export` writes and prints it
    export = subprocess.run([sys.executable, "-m", "bench", "--export", str(tmp_path / "export.json")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert export.stdout.strip() == f"export.sha256: {figures['workload.export_sha256']}"


def test_cli_rejects_unknown_variant():
    out = subprocess.run([sys.executable, "-m", "bench", "--variant", "nope", "--n", "1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "unknown variant" in out.stderr
