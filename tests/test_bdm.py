"""The expected-utility conference model (game/engine/bdm.py): hand-worked examples, BDM's
published input table, a plain-loop reference implementation, and properties."""

import math

import numpy as np
import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from game.engine.bdm import bdm_round, risk_exponents, weighted_median

TOL = 1e-9


def test_three_actors_by_hand():
    """A at 0, B at 0.2, C at 0.5; c = (1, 2, 4), s = (1, 1, 0.8); r = 1, Q = 0.5.

    Weights w = c s = (1, 2, 3.2), total 6.2. Weighted L1 cost of each position:
    cost(0) = 2(0.2) + 3.2(0.5) = 2.0; cost(0.2) = 1(0.2) + 3.2(0.3) = 1.16; cost(0.5) = 1(0.5) + 2(0.3) = 1.1,
    so mu = 0.5 (C alone holds 3.2 of 6.2). Offsets |x - mu| = (0.5, 0.3, 0).

    Votes v_k(i, j) = w_k (|x_k - x_j| - |x_k - x_i|):
      A v B: A +0.2, B 2(0 - 0.2) = -0.4, C 3.2(0.3 - 0.5) = -0.64 -> P_AB = 0.2 / 1.24 = 5/31,  P_BA = 26/31
      A v C: A +0.5, B 2(0.3 - 0.2) = +0.2, C 3.2(0 - 0.5) = -1.6 -> P_AC = 0.7 / 2.3 = 7/23,  P_CA = 16/23
      B v C: A 1(0.5 - 0.2) = +0.3, B 2(0.3) = +0.6, C -0.96     -> P_BC = 0.9 / 1.86 = 15/31, P_CB = 16/31

    T_ij = 1 if (x_i - x_j)(mu - x_j) > 0, 0 if < 0, 0.5 if x_j = mu:
      T_AB = 0 ((-0.2)(0.3) < 0), T_BA = 1, T_CA = 1, T_CB = 1, T_AC = T_BC = 0.5.

    At r = 1: U_s = 2d, U_f = -2d, U_b = D, U_w = -D, U_sq = 0, so
      EU_i(j) = 2d (1 - 2 s_j (1 - P_ij)) - 0.5 (2 T_ij - 1) D_ij,  D_ij = |x_i - mu| + d.
      EU_A(B) = 0.4 (1 - 2 (26/31)) + 0.5 (0.7)   = -8.4/31 + 0.35  =  0.0790322580...
      EU_A(C) = 1.0 (1 - 1.6 (16/23)) - 0          = -2.6/23          = -0.1130434782...
      EU_B(A) = 0.4 (1 - 2 (5/31)) - 0.5 (0.5)     =  8.4/31 - 0.25  =  0.0209677419...
      EU_B(C) = 0.6 (1 - 1.6 (16/31)) - 0          =  3.24/31         =  0.1045161290...
      EU_C(A) = 1.0 (1 - 2 (7/23)) - 0.5 (0.5)     =  9/23 - 0.25     =  0.1413043478...
      EU_C(B) = 0.6 (1 - 2 (15/31)) - 0.5 (0.3)    =  0.6/31 - 0.15   = -0.1306451612...

    Challenges (EU > 0): A->B, B->A, B->C, C->A. Responses (a = own EU against the challenger,
    b = the challenger's EU):
      A: from B a = 0.0790 > b = 0.0210 > 0: a conflict A expects to win, no move;
         from C a = -0.1130, b = 0.1413 > |a|: compromise, share (2.6/23) / (3.25/23) = 0.8,
         A moves 0 -> 0.8 (0.5) = 0.4.
      B: from A a = 0.0210 > 0, b = 0.0790 > a: conflict B expects to lose, B moves to 0.
      C: from B a = -0.1306, b = 0.1045 <= |a|: capitulation, C moves to 0.2.
    """
    result = bdm_round([0.0, 0.2, 0.5], [1, 2, 4], [1, 1, 0.8])
    assert result.median == pytest.approx(0.5, abs=TOL)
    P = [[0.5, 5 / 31, 7 / 23], [26 / 31, 0.5, 15 / 31], [16 / 23, 16 / 31, 0.5]]
    np.testing.assert_allclose(result.P, P, atol=TOL)
    EU = [
        [0.0, -8.4 / 31 + 0.35, -2.6 / 23],
        [8.4 / 31 - 0.25, 0.0, 3.24 / 31],
        [9 / 23 - 0.25, 0.6 / 31 - 0.15, 0.0],
    ]
    np.testing.assert_allclose(result.EU, EU, atol=TOL)
    np.testing.assert_allclose(result.perceived, np.transpose(EU), atol=TOL)  # one risk attitude: perception = truth
    np.testing.assert_allclose(result.positions, [0.4, 0.0, 0.2], atol=TOL)
    assert [(m.actor, m.by, m.kind, m.before) for m in result.moves] == [
        (0, 2, "compromise", 0.0),
        (1, 0, "conflict", 0.2),
        (2, 1, "capitulation", 0.5),
    ]
    assert [m.after for m in result.moves] == pytest.approx([0.4, 0.0, 0.2], abs=TOL)


def test_risk_exponents_and_perception_by_hand():
    """Actor 1 at 0.2 (c 1, s 1, r 2), actor 2 at 0.6 (c 1, s 0.5, r 1); Q = 0.5.

    w = (1, 0.5): cost(0.2) = 0.5 (0.4) = 0.2 < cost(0.6) = 1 (0.4), so mu = 0.2.
    Votes 1 v 2: +0.4 (actor 1), -0.2 (actor 2): P_12 = 0.4 / 0.6 = 2/3, P_21 = 1/3.
    T_12 = 1 ((0.2 - 0.6)(0.2 - 0.6) > 0); T_21 = 0.5 (actor 1 sits on mu). d = 0.4.

    Actor 1 (r = 2) challenging 2, D = 0 + 0.4:
      U_s = 2 - 4 (0.3)^2 = 1.64, U_f = 2 - 4 (0.7)^2 = 0.04, U_b = 2 - 4 (0.4)^2 = 1.36,
      U_w = 2 - 4 (0.6)^2 = 0.56, U_sq = 2 - 4 (0.25) = 1
      EU_1(2) = 0.5 (2/3 1.64 + 1/3 0.04) + 0.5 (1.64) - 0.5 (1) - 0.5 (1.36) = 0.58 / 3
    Actor 1's estimate of actor 2 challenging it (its own r = 2), D = 0.4 + 0.4 = 0.8:
      U_b = 2 - 4 (0.3)^2 = 1.64, U_w = 2 - 4 (0.7)^2 = 0.04
      = 1 (1/3 1.64 + 2/3 0.04) - 0.5 (1) - 0.5 (0.5 1.64 + 0.5 0.04) = 1.72/3 - 0.92 = -1.04 / 3
    Actor 2 (r = 1) challenging 1: 2d (1 - 2 s_1 (1 - P_21)) - 0 = 0.8 (1 - 4/3) = -0.8 / 3
    Actor 2's estimate of actor 1 challenging it: 0.8 (1 - 2 (0.5)(1/3)) - 0.5 (1)(0.4) = 1 / 3

    Only actor 1 challenges. Actor 2: a = -0.8/3, b = 1/3 > |a|: compromise, share 0.8,
    0.6 -> 0.6 + 0.8 (0.2 - 0.6) = 0.28.
    """
    result = bdm_round([0.2, 0.6], [1, 1], [1, 0.5], [2, 1])
    assert result.median == pytest.approx(0.2, abs=TOL)
    np.testing.assert_allclose(result.P, [[0.5, 2 / 3], [1 / 3, 0.5]], atol=TOL)
    np.testing.assert_allclose(result.EU, [[0, 0.58 / 3], [-0.8 / 3, 0]], atol=TOL)
    np.testing.assert_allclose(result.perceived, [[0, -1.04 / 3], [1 / 3, 0]], atol=TOL)
    np.testing.assert_allclose(result.positions, [0.2, 0.28], atol=TOL)
    [move] = result.moves
    assert (move.actor, move.by, move.kind) == (1, 0, "compromise")
    assert move.after == pytest.approx(0.28, abs=TOL)


# Bueno de Mesquita (1994), the date (years) by which emission standards for medium-sized cars
# should apply, as reproduced by Scholz et al. (2011) and public replications: capability,
# position, salience (the replications disagree on whether the Netherlands or Belgium is the
# one at 7 years with salience 40; both versions give the same weights at each position).
EMISSIONS = {
    "Netherlands": (0.08, 7, 40), "Belgium": (0.08, 4, 80), "Luxembourg": (0.03, 4, 20),
    "Germany": (0.16, 4, 80), "France": (0.16, 10, 60), "Italy": (0.16, 10, 60), "UK": (0.16, 10, 90),
    "Ireland": (0.05, 7, 10), "Denmark": (0.05, 4, 100), "Greece": (0.08, 7, 70),
}


def test_emission_standards_forecast_is_the_median_voter_at_seven_years():
    """Weights c s at 4 years: 6.4 + 0.6 + 12.8 + 5 = 24.8; at 7: 3.2 + 0.5 + 5.6 = 9.3;
    at 10: 9.6 + 9.6 + 14.4 = 33.6; total 67.7. Neither end holds half (33.85), 4 + 7 does
    (34.1) and so does 7 + 10 (42.9): 7 years beats both ends."""
    c, pos, sal = (np.array(v, dtype=float) for v in zip(*EMISSIONS.values()))
    x, s = (pos - 4) / 6, sal / 100
    result = bdm_round(x, c, s)
    assert result.median * 6 + 4 == pytest.approx(7.0, abs=TOL)
    # the forecast is the Condorcet winner: it beats 4 and 10 in the weighted pairwise vote
    w = c * s
    for other in (0.0, 1.0):
        assert w @ (np.abs(x - other) - np.abs(x - 0.5)) > 0


# --- a plain-loop reference implementation of the docstring's formulas -------------------------


def reference_round(x, c, s, r, q=0.5):
    n = len(x)
    w = [c[k] * s[k] for k in range(n)]
    cost = [sum(w[k] * abs(x[k] - z) for k in range(n)) for z in x]
    mu = bdm_round(x, c, s, r, q=q).median  # tie-breaking aside, the median must minimise the cost
    assert min(abs(mu - z) for z in x) == 0 and sum(w[k] * abs(x[k] - mu) for k in range(n)) <= min(cost) + 1e-9

    def prob(i, j):
        votes = [w[k] * (abs(x[k] - x[j]) - abs(x[k] - x[i])) for k in range(n)]
        total = sum(abs(v) for v in votes)
        return sum(v for v in votes if v > 0) / total if total > 1e-12 else 0.5

    def eu(i, j, risk):
        d = abs(x[i] - x[j])
        if d == 0:
            return 0.0
        big = abs(x[i] - mu) + d
        side = (x[i] - x[j]) * (mu - x[j])
        t = 1.0 if side > 0 else 0.0 if side < 0 else 0.5
        p = prob(i, j)
        us, uf = 2 - 4 * (0.5 - 0.5 * d) ** risk, 2 - 4 * (0.5 + 0.5 * d) ** risk
        ub, uw = 2 - 4 * (0.5 - 0.25 * big) ** risk, 2 - 4 * (0.5 + 0.25 * big) ** risk
        usq = 2 - 4 * 0.5**risk
        return s[j] * (p * us + (1 - p) * uf) + (1 - s[j]) * us - q * usq - (1 - q) * (t * ub + (1 - t) * uw)

    EU = [[eu(i, j, r[i]) for j in range(n)] for i in range(n)]
    perceived = [[eu(j, i, r[i]) for j in range(n)] for i in range(n)]
    options = []  # per actor: (move, new position) of each offer it receives
    for i in range(n):
        mine = []
        for j in range(n):
            a, b = EU[i][j], perceived[i][j]
            if i == j or w[j] <= 0 or EU[j][i] <= 1e-12 or b <= 1e-12:
                continue
            if a > 1e-12:
                if b > a:
                    mine.append(x[j])
            elif b > abs(a):
                mine.append(x[i] + (x[j] - x[i]) * abs(a) / b)
            else:
                mine.append(x[j])
        options.append(mine)
    P = [[prob(i, j) if i != j else 0.5 for j in range(n)] for i in range(n)]
    return mu, P, EU, perceived, options


actors = st.integers(min_value=1, max_value=7).flatmap(
    lambda n: st.tuples(
        st.lists(st.one_of(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), st.floats(0, 1)), min_size=n, max_size=n),
        st.lists(st.one_of(st.just(0.0), st.floats(0, 5)), min_size=n, max_size=n),
        st.lists(st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0, 1)), min_size=n, max_size=n),
        st.lists(st.sampled_from([0.5, 1.0, 1.0, 1.5, 2.0]), min_size=n, max_size=n),
    )
)


@given(actors)
def test_vectorised_round_matches_the_plain_loops(data):
    x, c, s, r = data
    result = bdm_round(x, c, s, r)
    mu, P, EU, perceived, options = reference_round(x, c, s, r)
    np.testing.assert_allclose(result.P, P, atol=1e-9)
    np.testing.assert_allclose(result.EU, EU, atol=1e-9)
    np.testing.assert_allclose(result.perceived, perceived, atol=1e-9)
    moved = {m.actor: m for m in result.moves}
    for i, offers in enumerate(options):
        least = min((abs(p - x[i]) for p in offers), default=0.0)
        assert abs(result.positions[i] - x[i]) == pytest.approx(least, abs=1e-9)  # the offer that moves it least
        if i in moved:
            assert any(abs(p - moved[i].after) <= 1e-9 for p in offers)


@given(actors)
def test_positions_stay_on_the_scale_and_moves_go_toward_the_challenger(data):
    x, c, s, r = data
    result = bdm_round(x, c, s, r)
    assert np.all((result.positions >= 0) & (result.positions <= 1))
    assert result.median in x
    assert not result.positions.flags.writeable
    for m in result.moves:
        toward, full = m.after - m.before, x[m.by] - m.before
        assert m.before == x[m.actor] and m.after == result.positions[m.actor] and m.actor != m.by
        assert toward != 0 and np.sign(toward) == np.sign(full) and abs(toward) <= abs(full) + 1e-12
        if m.kind != "compromise":
            assert m.after == x[m.by]
    for i in range(len(x)):
        if i not in {m.actor for m in result.moves}:
            assert result.positions[i] == x[i]
    off = ~np.eye(len(x), dtype=bool)
    np.testing.assert_allclose((result.P + result.P.T)[off], 1.0, atol=1e-12)


@given(actors, st.randoms(use_true_random=False))
def test_permuting_actors_permutes_the_results(data, rnd):
    x, c, s, r = data
    perm = list(range(len(x)))
    rnd.shuffle(perm)
    a = bdm_round(x, c, s, r)
    b = bdm_round(*([v[k] for k in perm] for v in (x, c, s, r)))
    assert b.median == a.median
    assert np.array_equal(b.positions, a.positions[perm])
    for name in ("P", "EU", "perceived"):
        assert np.array_equal(getattr(b, name), getattr(a, name)[np.ix_(perm, perm)])
    moves_a = {(m.actor, m.kind, m.after) for m in a.moves}
    assert {(perm[m.actor], m.kind, m.after) for m in b.moves} == moves_a
    for m in b.moves:  # the offer came from an actor at the same place (identical actors may swap)
        assert x[perm[m.by]] == next(x[n.by] for n in a.moves if n.actor == perm[m.actor])


@given(actors, st.data())
def test_an_actor_that_does_not_care_moves_nobody(data, draw):
    x, c, s, r = data
    k = draw.draw(st.integers(0, len(x) - 1))
    s = list(s)
    s[k] = 0.0
    result = bdm_round(x, c, s, r)
    assert all(m.by != k for m in result.moves)
    rest = [i for i in range(len(x)) if i != k]
    if rest and sum(c[i] * s[i] for i in rest) > 0:  # the others play exactly as if it were absent
        alone = bdm_round(*([v[i] for i in rest] for v in (x, c, s, r)))
        np.testing.assert_allclose(result.positions[rest], alone.positions, atol=1e-12)


@given(st.floats(0, 1), st.floats(0, 5), st.floats(0, 1), st.sampled_from([0.5, 1.0, 2.0]))
def test_an_actor_alone_stays_put(x, c, s, r):
    result = bdm_round([x], [c], [s], [r])
    assert result.positions.tolist() == [x] and result.moves == () and result.median == x


@given(st.floats(0, 1), st.lists(st.tuples(st.floats(0, 5), st.floats(0, 1)), min_size=2, max_size=8))
def test_identical_positions_are_a_fixed_point(x, cs):
    c, s = zip(*cs)
    result = bdm_round([x] * len(c), c, s)
    assert result.positions.tolist() == [x] * len(c) and result.moves == ()
    assert not result.EU.any()


def test_weighted_median_ties_and_no_weight():
    assert weighted_median([0.2, 0.8], [1, 1]) == 0.2  # a tie at equal distance from the mean: the lower
    assert weighted_median([0.2, 0.8, 0.9], [1, 1, 0]) == 0.2
    assert weighted_median([0.1, 0.4, 0.9], [1, 1, 1.5]) == 0.4  # costs 1.5, 1.05, 1.3
    assert weighted_median([0.1, 0.4, 0.9], [0, 0, 0]) == 0.4  # nobody cares: the plain median


def test_risk_exponents_follow_the_danger_to_each_actor():
    c, pos, sal = (np.array(v, dtype=float) for v in zip(*EMISSIONS.values()))
    x, s = (pos - 4) / 6, sal / 100
    r = risk_exponents(x, c, s)
    danger = bdm_round(x, c, s).EU.sum(axis=0)  # what the others expect from challenging each
    assert r.min() == pytest.approx(0.5) and r.max() == pytest.approx(2.0)
    assert r[np.argmax(danger)] == pytest.approx(0.5) and r[np.argmin(danger)] == pytest.approx(2.0)
    assert np.all(np.diff(r[np.argsort(danger)]) <= 1e-12)  # more danger, more risk acceptant (lower r)
    assert risk_exponents([0.3, 0.3], [1, 2], [1, 1]).tolist() == [1.0, 1.0]
    assert math.isclose(float(bdm_round(x, c, s, r).median), 0.5)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([0.2, 1.5], [1, 1], [1, 1]), {}, "x: positions must lie in [0, 1]"),
        (([0.2, 0.5], [1, -1], [1, 1]), {}, "c: capabilities must be >= 0"),
        (([0.2, 0.5], [1, 1], [1, 1.2]), {}, "s: saliences must lie in [0, 1]"),
        (([0.2, 0.5], [1, 1], [1, 1], [1, 0]), {}, "r: risk exponents must be > 0"),
        (([0.2, 0.5], [1, 1], [1]), {}, "s: expected a 1-D array of 2 values, got shape (1,)"),
        (([0.2, float("nan")], [1, 1], [1, 1]), {}, "x: values must be finite"),
        (([0.2, 0.5], [1, 1], [1, 1]), {"q": 1.5}, "q: the status-quo probability must lie in [0, 1]"),
        (([], [], []), {}, "x: at least one actor is needed"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(args, kwargs, message):
    with pytest.raises(ValueError) as err:
        bdm_round(*args, **kwargs)
    assert str(err.value).startswith(message)


def test_the_docs_worked_example_is_what_the_model_computes():
    doc = (ROOT / "docs" / "conference-model.md").read_text(encoding="utf-8")
    names = ["Norway", "Germany", "France", "Poland"]
    rows = {}
    for line in doc.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] in names:
            rows.setdefault(cells[0], []).append(cells)
    inputs = [rows[n][0] for n in names]  # first table: quota, capability, salience, P x 4, EU x 4
    x = [float(r[1].rstrip(" %")) / 100 for r in inputs]
    c, s = ([float(r[k]) for r in inputs] for k in (2, 3))
    result = bdm_round(x, c, s)
    for i, row in enumerate(inputs):
        for j in range(4):
            if i != j:
                assert float(row[4 + j]) == pytest.approx(result.P[i, j], abs=5e-4)
                assert float(row[8 + j]) == pytest.approx(result.EU[i, j], abs=5e-4)
    taken = {names[m.actor]: (m.kind, names[m.by], round(m.before * 100, 1), round(m.after * 100, 1)) for m in result.moves}
    documented = {}
    for n in names:
        for row in rows[n][1:]:
            before, after = (float(v.rstrip(" %")) for v in row[3].split(" to "))
            documented[n] = (row[1], row[2], before, after)
    assert documented == taken
    later, y = [], result.positions
    for _ in range(4):
        y = bdm_round(y, c, s).positions
        later.append(f"{y[0] * 100:.1f} %")
    assert ", ".join(later) in doc
