"""Deal analysis: Nash point by hand, Pareto frontier, ratios and value left on the table."""

import numpy as np
import pytest

from game.engine.analysis import (
    analyse_deal,
    enumerate_outcomes,
    left_on_table,
    nash_point,
    nash_ratio,
    pareto_frontier,
    utility_matrix,
    weighted_sum_points,
)
from game.engine.strategy import LinearUtility


def _hand_problem():
    # one issue, three options: A wants option 2, B option 0
    a = LinearUtility([1.0], [[0.0, 0.6, 1.0]], reserved_value=0.1)
    b = LinearUtility([1.0], [[1.0, 0.7, 0.0]], reserved_value=0.1)
    return a, b


def test_nash_point_by_hand():
    a, b = _hand_problem()
    # products: (0-.1) invalid, (.5)(.6)=.30, (.9)(-.1) invalid -> option 1
    n = nash_point([a, b])
    assert n.outcome == (1,) and n.product == pytest.approx(0.30) and n.exact
    assert nash_ratio((1,), [a, b]) == pytest.approx(1.0)
    assert nash_ratio((0,), [a, b]) == 0.0  # A below its reservation
    assert nash_ratio(None, [a, b]) == 0.0


def test_nash_point_two_issues_by_hand():
    # logrolling: A cares about issue 0, B about issue 1
    a = LinearUtility([0.8, 0.2], [[0, 1], [0, 1]])
    b = LinearUtility([0.2, 0.8], [[1, 0], [1, 0]])
    n = nash_point([a, b])
    assert n.outcome == (1, 0)  # each gets its important issue: 0.8 * 0.8
    assert n.product == pytest.approx(0.64)


def test_no_zone_of_agreement():
    a = LinearUtility([1.0], [[0.0, 1.0]], reserved_value=0.9)
    b = LinearUtility([1.0], [[1.0, 0.0]], reserved_value=0.9)
    assert nash_point([a, b]) is None


def _random_parties(rng, n_parties, sizes):
    return [
        LinearUtility(rng.dirichlet(np.ones(len(sizes))), [rng.random(s) for s in sizes], rng.uniform(0.1, 0.4))
        for _ in range(n_parties)
    ]


@pytest.mark.parametrize("n_parties", [2, 3])
def test_pareto_points_not_dominated_and_rational(n_parties):
    rng = np.random.default_rng(n_parties)
    parties = _random_parties(rng, n_parties, [4, 3, 5])
    rv = np.array([p.reserved_value for p in parties])
    f = pareto_frontier(parties)
    U = utility_matrix(parties)
    assert f.exact and len(f.outcomes)
    for o, u in zip(f.outcomes, f.utilities):
        assert np.allclose(u, [p(o) for p in parties])
        assert np.all(u >= rv - 1e-12)
        dominated = np.all(U >= u[:, None], axis=0) & np.any(U > u[:, None] + 1e-12, axis=0)
        assert not dominated.any()
    # the Nash point is on the frontier
    n = nash_point(parties)
    assert any(tuple(o) == n.outcome for o in f.outcomes)


def test_multilateral_nash_matches_brute_force():
    rng = np.random.default_rng(5)
    parties = _random_parties(rng, 4, [3, 4, 3])
    rv = np.array([p.reserved_value for p in parties])
    outs = enumerate_outcomes([3, 4, 3])
    U = np.array([[p(o) for p in parties] for o in outs]).T
    ok = np.all(U >= rv[:, None], axis=0)
    prod = np.where(ok, np.prod(U - rv[:, None], axis=0), -1)
    n = nash_point(parties)
    assert n.product == pytest.approx(prod.max())
    assert np.all(n.utilities >= rv)


def test_heuristic_large_space(monkeypatch):
    import game.engine.analysis as an

    rng = np.random.default_rng(9)
    parties = _random_parties(rng, 3, [6, 6, 6, 6])
    exact = an.nash_point(parties)
    monkeypatch.setattr(an, "MAX_ENUMERATE", 10)
    approx = an.nash_point(parties)
    assert not approx.exact
    assert approx.product >= 0.95 * exact.product
    assert np.all(approx.utilities >= [p.reserved_value for p in parties])
    f = an.pareto_frontier(parties)
    assert not f.exact and len(f.outcomes)


def test_deal_analysis_and_left_on_table():
    a = LinearUtility([0.8, 0.2], [[0, 1], [0, 1]], 0.1)
    b = LinearUtility([0.2, 0.8], [[1, 0], [1, 0]], 0.1)
    # (0, 1): A gets 0.2, B gets 0.2 -- both could do better
    d = analyse_deal((0, 1), [a, b], player=0)
    assert d.nash.outcome == (1, 0)
    assert 0 < d.nash_ratio < 1 and not d.pareto_efficient
    assert d.left_on_table == pytest.approx(0.6)  # (1, 1): A 1.0, B 0.2
    assert left_on_table((1, 0), [a, b]) == pytest.approx(0.0)
    good = analyse_deal((1, 0), [a, b])
    assert good.nash_ratio == pytest.approx(1.0) and good.pareto_efficient
    assert good.joint_gain_share == pytest.approx(1.0)
    none = analyse_deal(None, [a, b])
    assert none.nash_ratio == 0.0 and np.allclose(none.utilities, [0.1, 0.1])


def test_weighted_sum_points_are_efficient():
    rng = np.random.default_rng(2)
    parties = _random_parties(rng, 2, [5, 5, 5])
    U = utility_matrix(parties)
    for o in weighted_sum_points(parties):
        u = np.array([p(o) for p in parties])
        assert not (np.all(U >= u[:, None], axis=0) & np.any(U > u[:, None] + 1e-12, axis=0)).any()


def test_a_search_in_slices_lays_out_every_deal_as_the_tables_give_it():
    """The chair's exhaustive search walks the deals in slices (DealSpace._chunks): together they are every
    deal, in all_outcomes' order, with the figures utilities() and spend() give, bit for bit."""
    from pathlib import Path

    from game.engine.dealspace import DealSpace
    from game.engine.session import Session
    from game.loading.scenario_loader import load_scenario

    sc = load_scenario(Path(__file__).resolve().parent.parent / "scenarios" / "sanctions_coalition.yaml")
    space = DealSpace(Session(sc, "political", 4).ctx, rewards=False, settled=True)
    chunks = list(space._chunks())
    assert len(chunks) > 1 and [c[0] for c in chunks] == sorted(c[0] for c in chunks)
    outcomes = space.all_outcomes()
    assert np.array_equal(np.hstack([U for _, U, _ in chunks]), space.utilities(outcomes))
    assert np.array_equal(np.hstack([spend for _, _, spend in chunks]), space.spend(outcomes))
    U, _ = space.every()  # the whole layout, once made, is what later searches read
    assert np.array_equal(U, space.utilities(outcomes)) and len(list(space._chunks())) == 1


def test_one_search_with_a_fallback_finds_what_two_searches_find():
    """The chair's search asks for the Nash draft among passing ones and, when none passes, the draft
    closest to passing, in one walk over the deals: the answers are those of the two walks, and a tie is
    won by the first deal in order (scores compared to TIE_DIGITS decimals)."""
    from pathlib import Path

    from game.engine.dealspace import TIE_DIGITS, DealSpace
    from game.engine.session import Session
    from game.loading.scenario_loader import load_scenario

    sc = load_scenario(Path(__file__).resolve().parent.parent / "scenarios" / "sanctions_coalition.yaml")
    ctx = Session(sc, "political", 4).ctx

    def closest(space):
        return lambda U, spend: -space.shortfall(U, spend)

    for feasible, some in ((lambda U, spend: U[0] > 2.0, False), (lambda U, spend: U[0] >= 0.6, True)):
        one, two, alone = (DealSpace(ctx, rewards=False, settled=True) for _ in range(3))
        found = one.best(lambda U, spend: U[0], feasible, fallback=closest(one))
        expected = two.best(lambda U, spend: U[0], feasible)
        assert (expected is not None) == some
        if expected is None:
            U, spend = alone.every()
            expected = alone.outcome_at(int(np.argmax(np.round(-alone.shortfall(U, spend), TIE_DIGITS))))
        assert np.array_equal(found, expected)
