"""Each of the five cones changes outcomes: the same actions, played under two cones, end differently."""

import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from game.engine.debrief import cone_hints
from game.engine.rules import ActionError
from game.engine.session import Session
from game.loading.scenario_loader import load_scenario
from game.model.actions import (
    Analyze,
    Campaign,
    CarryOut,
    Deliver,
    EndTurn,
    Offer,
    Persuade,
    Propose,
    Respond,
    Summit,
    Whip,
)
from game.model.cones import CONES, DEFAULT_CONES, ConeAdjustment, cone_profile

ROOT = Path(__file__).resolve().parent.parent


@cache
def scenario(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


def cod(cone: str, seed: int = 0) -> Session:
    return Session(scenario("cod_line"), cone, seed)


def decision(entries):
    return [e.decision for e in entries if e.decision is not None][-1]


def term(d, text: str) -> float:
    return next(t.value for t in d.terms if text in t.label)


def to_turn(s: Session, turn: int) -> Session:
    while s.state.turn < turn:
        s.apply(EndTurn())
    return s


PLAYER_IDEAL = Offer(positions={"quota_share": 40.0, "inspections": "joint", "closed_season": 12.0})


# ----------------------------------------------------------------------------- political


def test_political_analysis_reveals_every_hidden_interest():
    hidden = [i for i, v in scenario("cod_line").country("norland").interests.items() if v.hidden]
    assert len(hidden) == 2
    revealed = {}
    for cone in ("political", "economic"):
        s = cod(cone)
        s.apply(Analyze(country="norland"))
        revealed[cone] = s.state.countries["norland"].revealed
        d = decision(s.apply(Propose(country="norland", offer=PLAYER_IDEAL)))
        labels = [t.label for t in d.terms]
        assert any("other concerns" in label for label in labels) == (cone == "economic")
    assert sorted(revealed["political"]) == sorted(hidden)
    assert len(revealed["economic"]) == 1
    assert cod("political").action_cost(Analyze(country="norland")) < cod("economic").action_cost(Analyze(country="norland"))


def test_political_persuasion_moves_an_ideal():
    moved = False
    for seed in range(5):
        s = cod("political", seed)
        before = s.state.countries["norland"].ideals["quota_share"]
        s.apply(Persuade(country="norland", issue="quota_share"))
        after = s.state.countries["norland"].ideals["quota_share"]
        assert after <= before
        moved = moved or after < before
    assert moved
    for cone in CONES:
        if cone != "political":
            with pytest.raises(ActionError, match="cannot persuade"):
                cod(cone).apply(Persuade(country="norland", issue="quota_share"))


def test_political_whip_only():
    sc = scenario("climate_accord")
    first = sc.countries[0].id
    s = Session(sc, "political", 0)
    s.apply(Whip(country=first))
    assert s.state.countries[first].whipped
    for cone in CONES:
        if cone != "political":
            assert Session(sc, cone, 0).check(Whip(country=first)) is not None


# ----------------------------------------------------------------------------- economic


def test_economic_rewards_cheaper_and_worth_more():
    offer = Offer(positions=PLAYER_IDEAL.positions, rewards=("market_access",))
    values, costs = {}, {}
    for cone in ("economic", "political"):
        s = cod(cone)
        values[cone] = term(decision(s.apply(Propose(country="norland", offer=offer))), "Fish market access")
        costs[cone] = s.reward_cost(next(r for r in s.scenario.rewards if r.id == "market_access"))
    assert values["economic"] == pytest.approx(values["political"] * 1.4)
    assert costs["economic"] == pytest.approx(costs["political"] * 0.6)
    # the same delivered reward leaves more budget to the economic officer
    budgets = {}
    for cone in ("economic", "political"):
        s = to_turn(cod(cone), 6)
        d = decision(s.apply(Propose(country="norland", offer=Offer(positions={"quota_share": 75.0}, rewards=("market_access",)))))
        assert d.verdict == "accept"
        s.apply(Deliver(country="norland", reward="market_access"))
        budgets[cone] = s.state.budget
    assert budgets["economic"] == pytest.approx(budgets["political"] + 10)


def test_economic_tariff_threats_more_credible():
    offer = Offer(positions=PLAYER_IDEAL.positions, threats=("port_ban",))
    pressure = {}
    for cone in ("economic", "political"):
        s = cod(cone)
        pressure[cone] = term(decision(s.apply(Propose(country="norland", offer=offer))), "avoiding Port ban")
    assert cod("economic").state.credibility["port_ban"] == pytest.approx(0.7)
    assert cod("political").state.credibility["port_ban"] == pytest.approx(0.5)
    assert pressure["economic"] > pressure["political"]
    assert cod("economic").state.credibility["censure"] == cod("political").state.credibility["censure"]


# ----------------------------------------------------------------------------- management


def test_management_more_points_and_budget():
    m, e = cod("management"), cod("economic")
    assert m.state.action_points == e.state.action_points + 1
    for s in (m, e):
        s.apply(EndTurn())
    assert m.state.action_points == 4 and e.state.action_points == 3
    assert m.state.budget - e.state.budget == pytest.approx(14 - 10)
    # a fourth proposal in one turn is possible only for management
    offers = [Offer(positions={"quota_share": q}) for q in (40.0, 45.0, 50.0, 55.0)]
    for s in (m, e):
        for offer in offers[:3]:
            s.apply(Propose(country="norland", offer=offer))
    assert m.check(Propose(country="norland", offer=offers[3])) is None
    assert "action points" in e.check(Propose(country="norland", offer=offers[3]))


def test_management_cheaper_levers_and_summit():
    assert cod("management").reward_cost(scenario("cod_line").rewards[2]) == pytest.approx(10 * 0.9)
    sc = scenario("river_compact")
    s = Session(sc, "management", 0)
    before = {c: cs.relationship for c, cs in s.state.countries.items()}
    relations = dict(s.state.relations)
    s.apply(Summit())
    for c, cs in s.state.countries.items():
        assert cs.relationship == pytest.approx(min(100, before[c] + s.profile.summit_relationship))
        assert cs.relationship > before[c]
    assert all(s.state.relations[k] >= relations[k] for k in relations)
    for cone in CONES:
        if cone != "management":
            assert "cannot host summit" in Session(sc, cone, 0).check(Summit())
    # carrying out the same threat costs less budget
    budgets = {}
    for cone in ("management", "political"):
        t = cod(cone)
        t.apply(Propose(country="norland", offer=Offer(positions=PLAYER_IDEAL.positions, threats=("port_ban",))))
        t.apply(CarryOut(country="norland", threat="port_ban"))
        budgets[cone] = t.state.budget
    assert budgets["management"] == pytest.approx(budgets["political"] + 15 * 0.1)


# ----------------------------------------------------------------------------- consular


def test_consular_visa_rewards_cheaper_and_worth_more():
    offer = Offer(positions=PLAYER_IDEAL.positions, rewards=("crew_visas",))
    value, cost = {}, {}
    for cone in ("consular", "economic"):
        s = cod(cone)
        value[cone] = term(decision(s.apply(Propose(country="norland", offer=offer))), "Seasonal crew visas")
        cost[cone] = s.reward_cost(s.scenario.rewards[2])
    assert value["consular"] == pytest.approx(value["economic"] * 1.6)
    assert cost["consular"] == pytest.approx(cost["economic"] * 0.4)


def test_consular_only_event_option():
    event = Respond(event="trawler_seized", option="consular_access")
    for cone in CONES:
        s = to_turn(cod(cone), 3)
        assert "trawler_seized" in s.state.pending_events
        if cone == "consular":
            rel = s.state.countries["norland"].relationship
            gain = next(o for e in s.scenario.events for o in e.options if o.id == "consular_access").effects.relationship
            s.apply(event)
            assert s.state.countries["norland"].relationship == pytest.approx(min(100, rel + gain["norland"]))
        else:
            assert "only a consular officer" in s.check(event)
            with pytest.raises(ActionError):
                s.apply(event)
            assert s.check(Respond(event="trawler_seized", option="release_crew")) is None


# ----------------------------------------------------------------------------- public diplomacy


def test_public_diplomacy_campaign_stronger_and_cheaper():
    for seed in range(5):
        pd, ec = cod("public_diplomacy", seed), cod("economic", seed)
        start = pd.state.countries["norland"].support
        for s in (pd, ec):
            s.apply(Campaign(country="norland"))
        gain_pd = pd.state.countries["norland"].support - start
        gain_ec = ec.state.countries["norland"].support - start
        assert gain_pd > gain_ec > 0
        assert pd.state.action_points == 2 and ec.state.action_points == 1
        assert pd.state.countries["norland"].stability > ec.state.countries["norland"].stability


def test_public_diplomacy_larger_relationship_gains():
    gains = {}
    for cone in ("public_diplomacy", "political"):
        s = to_turn(cod(cone), 6)
        s.apply(Propose(country="norland", offer=Offer(positions={"quota_share": 75.0}, rewards=("crew_visas",))))
        rel = s.state.countries["norland"].relationship
        s.apply(Deliver(country="norland", reward="crew_visas"))
        gains[cone] = s.state.countries["norland"].relationship - rel
    assert gains["political"] == pytest.approx(6)
    assert gains["public_diplomacy"] == pytest.approx(6 * 1.5)
    # losses are not scaled
    losses = {}
    for cone in ("public_diplomacy", "political"):
        s = cod(cone)
        rel = s.state.countries["norland"].relationship
        s.apply(Propose(country="norland", offer=Offer(positions=PLAYER_IDEAL.positions, threats=("censure",))))
        losses[cone] = s.state.countries["norland"].relationship - rel
    assert losses["public_diplomacy"] == losses["political"] == pytest.approx(-4)


def test_every_cone_profile_differs():
    dumps = [DEFAULT_CONES[c].model_dump(exclude={"label", "summary"}) for c in CONES]
    assert all(dumps[i] != dumps[j] for i in range(len(dumps)) for j in range(i + 1, len(dumps)))


def test_simulate_command_prints_a_row_per_cone():
    result = subprocess.run([sys.executable, "main.py", "simulate", "cod_line", "--seeds", "3"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for cone in CONES:
        rows = [line for line in lines if line.split() and line.split()[0] == cone]
        assert len(rows) == 1, (cone, result.stdout)
        assert "%" in rows[0]


# ----------------------------------------------------------------------------- the debrief's hints


def test_debrief_hints_read_each_cone_as_the_scenario_sets_it():
    """The debrief's "what each cone might have done" quotes the profile the game played, adjustments included:
    Cod Line cuts the campaign to 6 support, so the hint must not promise the default 10."""
    sc = scenario("cod_line")
    hints = dict(cone_hints(sc))
    assert cone_profile(sc, "public_diplomacy").campaign_support == 6
    assert "adds about 6 support" in hints["public_diplomacy"]
    assert "Seasonal crew visas: 60 % cheaper and worth 60 % more" in hints["consular"]
    edited = sc.model_copy(update={"cones": {**sc.cones, "management": ConeAdjustment(budget_per_turn=25, lever_cost_factor=0.5)}})
    hints = dict(cone_hints(edited))
    assert "25 budget a turn instead of 10" in hints["management"] and "every lever 50 % cheaper" in hints["management"]
    bare = sc.model_copy(update={"rewards": [], "threats": [], "events": []})
    assert "no visa lever and no consular-only option here" in dict(cone_hints(bare))["consular"]
