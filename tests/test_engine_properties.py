"""Properties of the engine under any sequence of random legal actions (hypothesis).

The CI profile runs about 200 random games in total across the tests below; set
HYPOTHESIS_PROFILE=fuzz for many more.
"""

import math
import random
from functools import cache
from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st
from negotiating import talk_to

from game.engine import scoring
from game.engine.bots import random_action
from game.engine.session import Session
from game.engine.valuation import player_terms, quantize
from game.loading.scenario_loader import load_scenario
from game.model.actions import Offer, Propose
from game.model.cones import CONES
from game.model.positions import candidate_positions
from game.model.state import Deal

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_IDS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
BILATERAL = ["cod_line", "detained_citizen"]


@cache
def scenario(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


def finite(x: float) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)


def check_invariants(s: Session) -> None:
    st_ = s.state
    assert finite(st_.budget) and st_.budget >= -1e-9
    assert st_.action_points >= 0
    for cid, cs in st_.countries.items():
        assert finite(cs.relationship) and -100 <= cs.relationship <= 100, cid
        assert finite(cs.stability) and 0 <= cs.stability <= 100, cid
        assert finite(cs.support) and 0 <= cs.support <= 100, cid
        for issue in s.scenario.issues:
            ideal = cs.ideals[issue.id]
            if not isinstance(ideal, str):
                assert finite(ideal) and issue.min - 1e-9 <= ideal <= issue.max + 1e-9
    for value in st_.relations.values():
        assert finite(value) and -100 <= value <= 100
    for value in st_.credibility.values():
        assert finite(value) and 0 <= value <= 1
    regional = scoring.regional_index(s)
    assert finite(regional) and 0 <= regional <= 100
    for snap in st_.history:
        assert finite(snap.regional) and 0 <= snap.regional <= 100
    if st_.outcome is not None:
        assert finite(st_.outcome.score) and 0 <= st_.outcome.score <= 100


def check_decision(s: Session, d) -> None:
    assert all(finite(t.value) for t in d.terms)
    assert finite(d.value) and finite(d.needed)
    assert d.value == quantize(sum(t.value for t in d.terms))
    if d.verdict == "accept":
        assert d.value + 1e-9 >= d.needed
        assert d.value + 1e-9 >= s.scenario.country(d.country).reservation
    else:
        assert d.value < d.needed + 1e-9 or d.counter is None


@settings(max_examples=160)
@given(name=st.sampled_from(SCENARIO_IDS), cone=st.sampled_from(CONES),
       seed=st.integers(0, 2**31 - 1), steps=st.integers(5, 40))
def test_random_play_keeps_every_score_in_range(name, cone, seed, steps):
    s = Session(scenario(name), cone, seed % 1000)
    rng = random.Random(seed)
    check_invariants(s)
    for _ in range(steps):
        if s.over:
            break
        action = random_action(s, rng)
        assert s.check(action) is None
        for entry in s.apply(action):
            if entry.decision is not None:
                check_decision(s, entry.decision)
        check_invariants(s)


def _fresh(name, cone, seed, turn) -> Session:
    """A session brought to `turn` by talks that went both ways (the same in every call)."""
    return talk_to(Session(scenario(name), cone, seed), turn)


def _decision(entries):
    return [e.decision for e in entries if e.decision is not None][-1]


@settings(max_examples=150)
@given(name=st.sampled_from(BILATERAL), cone=st.sampled_from(CONES), seed=st.integers(0, 10_000),
       data=st.data())
def test_bundle_worth_at_least_its_split_pieces(name, cone, seed, data):
    """A package P = P1 + P2 (positions on disjoint issues; P1 carries the rewards) is offered
    either as two pieces in turn, within one turn, or at once, in a fresh identical session at
    the same turn. Its worth to the player is W = (player utility of the agreed positions,
    minus the budget cost of the rewards promised, action points left). Player utility is
    additive over issues, so the pieces' worths add up to the bundle's; the property is that
    whenever both pieces are accepted, the bundle is accepted too, with W(bundle) >= W(split)
    item by item (equal utility and cost, one more action point left), the country values the
    bundle exactly as it valued the last piece (no goodwill is gained by splitting), and the
    rewards promised with piece 1 are counted once."""
    sc = scenario(name)
    cid = sc.countries[0].id
    turn = data.draw(st.integers(1, sc.player.deadline), label="turn")
    split = _fresh(name, cone, seed, turn)
    if split.state.phase != "negotiating":
        return
    ideals = split.state.countries[cid].ideals
    positions = {}
    for issue in sc.issues:  # near the country's ideal, so that pieces are often accepted
        grid = candidate_positions(issue)
        near = min(grid, key=lambda p: (p != ideals[issue.id]) if isinstance(p, str) else abs(p - ideals[issue.id]))
        positions[issue.id] = data.draw(st.sampled_from([near, near, *grid]), label=issue.id)
    ids = data.draw(st.permutations(list(positions)), label="order")
    k = data.draw(st.integers(1, len(ids) - 1), label="cut")
    rewards = tuple(data.draw(st.lists(st.sampled_from([r.id for r in sc.rewards]), unique=True, max_size=2), label="rewards"))
    piece1 = Offer(positions={i: positions[i] for i in ids[:k]}, rewards=rewards)
    piece2 = Offer(positions={i: positions[i] for i in ids[k:]})
    if split.check(Propose(country=cid, offer=piece1)) is not None:
        return
    if _decision(split.apply(Propose(country=cid, offer=piece1))).verdict != "accept":
        return
    d2 = _decision(split.apply(Propose(country=cid, offer=piece2)))
    if d2.verdict != "accept":
        return
    for r in rewards:
        name_ = next(x.name for x in sc.rewards if x.id == r)
        assert sum(t.label == f"{name_} promised" for t in d2.terms) == 1
    event("both pieces accepted")
    bundle = _fresh(name, cone, seed, turn)
    db = _decision(bundle.apply(Propose(country=cid, offer=Offer(positions=positions, rewards=rewards))))
    assert db.verdict == "accept"
    assert abs(db.value - d2.value) < 1e-9

    def objectives(s, positions):
        return sum(t.value for t in player_terms(s.ctx, Deal(positions=positions)))

    def worth(s):
        cost = sum(s.reward_cost(next(x for x in sc.rewards if x.id == p.reward)) for p in s.state.promises)
        return objectives(s, s.state.agreed), -cost, s.state.action_points

    u1 = objectives(split, piece1.positions)
    u2 = objectives(split, piece2.positions)
    wb, ws = worth(bundle), worth(split)
    assert abs(wb[0] - (u1 + u2)) < 1e-9 and abs(ws[0] - wb[0]) < 1e-9
    assert abs(wb[1] - ws[1]) < 1e-9
    assert wb[2] == ws[2] + 1
