"""Negotiation mathematics: Faratin targets, offer construction against brute force, the
models a country learns its partners with, smallest flips, and Boulware vs Conceder on the
bench scenarios."""

import itertools

import numpy as np
import pytest

from game.engine.learning import BayesianOfferModel, OfferModel
from game.engine.strategy import (
    CONCESSION_EXPONENTS,
    LinearUtility,
    concede_towards,
    faratin_target,
    smallest_flip,
)


@pytest.mark.parametrize("e, expected", [(0.2, 0.96875), (1.0, 0.5), (2.0, 0.292893)])
def test_faratin_theory_values(e, expected):
    assert faratin_target(0.5, 0.0, e) == pytest.approx(expected, abs=1e-6)


def test_faratin_ends_and_styles():
    assert faratin_target(0.0, 0.3, 0.25) == pytest.approx(1.0)
    assert faratin_target(1.0, 0.3, 4.0) == pytest.approx(0.3)
    mid = {s: faratin_target(0.5, 0.2, e) for s, e in CONCESSION_EXPONENTS.items()}
    assert mid["boulware"] > mid["linear"] > mid["conceder"]
    # same curve as the workload's 1 - t**e with the exponent inverted
    t = np.linspace(0, 1, 11)
    assert np.allclose(faratin_target(t, 0.4, CONCESSION_EXPONENTS["boulware"]), 0.4 + 0.6 * (1 - t**4))


def _random_problem(rng, n=None):
    n = n or int(rng.integers(2, 6))
    sizes = rng.integers(2, 7, size=n)

    def mk():
        return LinearUtility(rng.dirichlet(np.ones(n)), [rng.random(s) for s in sizes])

    return sizes, mk(), mk()


def test_linear_utility_basics():
    u = LinearUtility([0.25, 0.75], [[0, 1], [1, 0.5, 0]], reserved_value=0.2)
    assert u((1, 0)) == pytest.approx(1.0)
    assert u((0, 2)) == pytest.approx(0.0)
    assert u.best() == (1, 0) and u.worst() == (0, 2)
    assert np.allclose(u.evaluate([[1, 1], [0, 0]]), [0.625, 0.75])
    assert np.allclose(u.contributions((1, 1)), [0.25, 0.375])
    with pytest.raises(ValueError):
        LinearUtility([1.0], [[0.0, 1.5]])


def test_offer_never_below_target_and_close_to_brute_force():
    rng = np.random.default_rng(7)
    gaps = []
    for _ in range(150):
        sizes, a, b = _random_problem(rng)
        target = rng.uniform(0.1, 0.98) * a.max_utility
        allo = np.array(list(itertools.product(*[range(s) for s in sizes])))
        ua, ub = a.evaluate(allo), b.evaluate(allo)
        feasible = ua >= target
        o = concede_towards(a, target, b)
        if feasible.any():
            assert a(o) >= target - 1e-9
            gaps.append(ub[feasible].max() - b(o))
        else:
            assert o == a.best()
    gaps = np.array(gaps)
    assert gaps.min() >= -1e-9
    assert gaps.mean() < 0.005
    assert np.quantile(gaps, 0.9) < 0.01


def test_offer_model_weights_the_issue_a_partner_never_gives_on():
    # the partner always asks option 2 on issue 0 and gives way on issue 1
    m = OfferModel([4, 4])
    for k in [0, 1, 2, 3, 1, 2]:
        m.observe((2, k))
    assert m.matrix[0].max() > m.matrix[1].max()
    assert np.argmax(m.matrix[0]) == 2 and m.matrix[0, 2] == pytest.approx(m.matrix[0].max())


def test_offer_model_spreads_a_position_over_its_neighbours_on_ordered_issues():
    """Asking 40 on a quota says 35 and 45 are good too, and 80 is not; issues never named weigh nothing."""
    m = OfferModel([11, 3, 5], ordered=[True, False, True])
    m.observe({0: 2, 1: 1})
    row = m.matrix[0]
    assert row[2] == row.max() and row[1] > row[6] and row[3] > row[8] and row[10] == pytest.approx(0.0)
    assert m.matrix[1, 1] == m.matrix[1].max() and m.matrix[1, 0] == pytest.approx(0.0)
    assert m.matrix[2].max() == pytest.approx(0.0)  # never named


def test_smallest_flip():
    agent = LinearUtility([0.5, 0.3, 0.2], [[0, 0.5, 1], [0, 1, 0.2], [1, 0, 0.5]])
    player = LinearUtility([0.2, 0.6, 0.2], [[1, 0.5, 0], [1, 0, 0.5], [0, 1, 0.5]])
    offer = (0, 0, 1)
    assert agent(offer) == pytest.approx(0.0)
    flip = smallest_flip(offer, agent, 0.25, player)
    assert flip is not None and len(flip.changes) == 1
    assert agent(flip.outcome) >= 0.25
    # brute force: cheapest single-issue change for the player
    best = min(
        (player(offer) - player(o), o)
        for j in range(3)
        for k in range(3)
        for o in [tuple(k if i == j else offer[i] for i in range(3))]
        if agent(o) >= 0.25
    )
    assert flip.partner_cost == pytest.approx(best[0])
    # needs two issues
    flip2 = smallest_flip(offer, agent, 0.75, player)
    assert flip2 is not None and len(flip2.changes) == 2 and agent(flip2.outcome) >= 0.75
    assert smallest_flip((2, 1, 0), agent, 0.5) is None  # already acceptable


def test_boulware_beats_conceder_on_bench_scenarios():
    from bench import peer
    from bench.workload import generate_scenarios

    gains = {"boulware": [], "conceder": []}
    for sc in generate_scenarios("bilateral", 40):
        r = peer.run_sao(sc)
        for a, u in zip(sc.agents, r.utilities):
            if a.strategy in gains:
                gains[a.strategy].append(u - a.reserved_value)
    assert np.mean(gains["boulware"]) > np.mean(gains["conceder"])


def test_knapsack_offer_meets_target_and_nearly_optimal():
    from game.engine.strategy import knapsack_offer

    rng = np.random.default_rng(5)
    gaps = []
    for _ in range(60):
        sizes, a, b = _random_problem(rng, 4)
        target = rng.uniform(0.1, 0.95) * a.max_utility
        allo = np.array(list(itertools.product(*[range(s) for s in sizes])))
        ua, ub = a.evaluate(allo), b.evaluate(allo)
        o = knapsack_offer(a.matrix, target, b.matrix)
        if o is None:
            assert not (ua >= target).any()
            continue
        assert a(o) >= target - 1e-12
        gaps.append(ub[ua >= target].max() - b(o))
    assert min(gaps) >= -1e-9 and np.mean(gaps) < 0.01


def test_nash_search_and_offer_near_enumeration():
    from game.engine.analysis import nash_point
    from game.engine.strategy import nash_offer, nash_search

    rng = np.random.default_rng(13)
    ratios = []
    for _ in range(20):
        sizes, a, b = _random_problem(rng, 4)
        a = LinearUtility(a.weights, a.values, 0.2)
        b = LinearUtility(b.weights, b.values, 0.3)
        o, u = nash_search([a.matrix, b.matrix], [0.2, 0.3])
        exact = nash_point([a, b])
        if exact is not None and exact.product > 0:
            ratios.append(max(a(o) - 0.2, 0) * max(b(o) - 0.3, 0) / exact.product)
        assert np.allclose(u, [a(o), b(o)])
        off = nash_offer(a, 0.5 * a.max_utility, [b.matrix], [0.3])
        assert a(off) >= 0.5 * a.max_utility - 1e-12
    assert np.mean(ratios) > 0.95


def test_offer_model_learns_from_offers_and_rejections():
    m = OfferModel([3, 3])
    for o in [(2, 0), (2, 1), (2, 2), (2, 0)]:
        m.observe(o)
    m.observe_rejection((0, 1))
    M = m.matrix
    assert M[0].argmax() == 2 and M[0].max() > M[1].max()  # issue 0 matters more
    assert M[0, 0] == pytest.approx(0.0) and M.max(axis=1).sum() == pytest.approx(1.0)
    assert m.utility((2, 0)) > m.utility((0, 1))


def _synthetic_offers(rng, n=5, k=10, steps=40):
    """A partner with a known workload-style utility conceding along a Faratin target;
    every offer meets its target and, beyond that, maximises a random third party's
    score (as a Nash-seeking agent pleasing others would), plus standing offers it
    turned down (below its target)."""
    from game.engine.strategy import knapsack_offer

    w = rng.dirichlet(np.ones(n))
    vals = [(r - r.min()) / (r.max() - r.min()) for r in rng.random((n, k))]
    rv = rng.uniform(0.2, 0.5)
    e = list(CONCESSION_EXPONENTS.values())[rng.integers(3)]
    truth = LinearUtility(w, vals, rv)
    others = rng.random((n, k)) * rng.dirichlet(np.ones(n))[:, None]
    events = []
    for s in range(steps):
        t = (s + 1) / (steps + 1)
        target = faratin_target(t, rv, e)
        rej = tuple(int(x) for x in rng.integers(k, size=n))
        if truth(rej) < target:
            events.append(("r", rej, t))
        o = knapsack_offer(truth.matrix, target, others + 0.3 * rng.random((n, k)) / n)
        events.append(("o", o if o is not None else truth.best(), t))
    return truth, events


def test_bayesian_model_fits_offers_better_than_frequency():
    rng = np.random.default_rng(21)
    probe = rng.integers(10, size=(2000, 5))
    rows = np.arange(5)
    corr = {"bayes": [], "freq": []}
    rv_err, prior_err = [], []
    for trial in range(12):
        truth, events = _synthetic_offers(rng)
        bayes = BayesianOfferModel([10] * 5, n_samples=2000, seed=trial, temperature=0.05, min_ess=50,
                                   acceptance_weight=0.0, order_weight=0.0)
        freq = OfferModel([10] * 5, neg_weight=0.5)
        for kind, o, t in events:
            for m in (bayes, freq):
                (m.observe if kind == "o" else m.observe_rejection)(o, t=t)
        u = truth.matrix[rows, probe].sum(axis=1)
        for name, m in (("bayes", bayes), ("freq", freq)):
            corr[name].append(np.corrcoef(m.matrix[rows, probe].sum(axis=1), u)[0, 1])
        rv_err.append(abs(bayes.reserved_value - truth.reserved_value))
        prior_err.append(abs(0.35 - truth.reserved_value))
        assert abs(bayes.utility(events[-1][1]) - bayes.aspiration) < 1e-9 or events[-1][0] == "r"
    # measured: correlation with the truth 0.37 vs 0.33; the reservation estimate is not
    # better than the prior mean here (error 0.056 vs 0.049), only kept in range
    assert np.mean(corr["bayes"]) > np.mean(corr["freq"]) + 0.02
    assert np.mean(rv_err) < 0.1
    # deterministic: same seed and data, same estimate
    m1 = BayesianOfferModel([10] * 5, n_samples=300, seed=3)
    m2 = BayesianOfferModel([10] * 5, n_samples=300, seed=3)
    for m in (m1, m2):
        m.observe((1, 2, 3, 4, 5), t=0.1)
        m.observe((1, 2, 3, 4, 6), t=0.2)
    assert np.array_equal(m1.matrix, m2.matrix)


def test_bayesian_model_uses_acceptances():
    rng = np.random.default_rng(5)
    rows = np.arange(5)
    probe = rng.integers(10, size=(2000, 5))
    gains = []
    for trial in range(8):
        truth, events = _synthetic_offers(rng)
        u = truth.matrix[rows, probe].sum(axis=1)
        # outcomes the partner accepts: random ones above its (pure) concession target
        accepted = [(tuple(int(x) for x in probe[i]), t) for t in (0.3, 0.5, 0.7, 0.9)
                    for i in rng.permutation(len(probe))[:40]
                    if u[i] >= faratin_target(t, truth.reserved_value, 1.0)][:12]
        plain = BayesianOfferModel([10] * 5, n_samples=2000, seed=trial, temperature=0.05, min_ess=50,
                                   acceptance_weight=0.0, order_weight=0.0)
        rich = BayesianOfferModel([10] * 5, n_samples=2000, seed=trial, temperature=0.05, min_ess=50,
                                  acceptance_weight=30.0, order_weight=1.0)
        for kind, o, t in events:
            for m in (plain, rich):
                (m.observe if kind == "o" else m.observe_rejection)(o, t=t)
        for o, t in accepted:
            plain.observe_acceptance(o, t=t)  # ignored: acceptance_weight 0
            rich.observe_acceptance(o, t=t)
        c = [np.corrcoef(m.matrix[rows, probe].sum(axis=1), u)[0, 1] for m in (plain, rich)]
        gains.append(c[1] - c[0])
        assert abs(rich.reserved_value - float(rich.posterior @ rich.rv)) < 1e-12
    # measured: correlation with the truth 0.41 without, 0.61 with the acceptances
    assert np.mean(gains) > 0.1


def test_default_candidate_count_fits_better_than_fewer():
    """The default number of candidate utilities (8 000) is what makes the six-party figure: its posterior
    follows a partner more closely than 2 000 candidates' on the same moves."""
    rng = np.random.default_rng(8)
    rows = np.arange(5)
    probe = rng.integers(10, size=(2000, 5))
    gains = []
    for trial in range(30):
        truth, events = _synthetic_offers(rng)
        u = truth.matrix[rows, probe].sum(axis=1)
        few, default = BayesianOfferModel([10] * 5, n_samples=2000, seed=trial), BayesianOfferModel([10] * 5, seed=trial)
        for kind, o, t in events:
            for m in (few, default):
                (m.observe if kind == "o" else m.observe_rejection)(o, t=t)
        c = [np.corrcoef(m.matrix[rows, probe].sum(axis=1), u)[0, 1] for m in (few, default)]
        gains.append(c[1] - c[0])
    # measured: 0.020 closer to the truth on average (better in 20 of 30 partners)
    assert np.mean(gains) > 0.01
