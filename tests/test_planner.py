"""The planning bot: it sees what a player sees, its seeds are different games, it closes deals the
countries accept, lobbies and votes in conferences, and notes which levers closed which gaps."""

import json
import random

import pytest
from conftest import SCENARIOS

from game.cli import main
from game.engine.bots import BOTS, play
from game.engine.planner import notes
from game.engine.session import Session
from game.engine.sight import look, open_dims
from game.engine.simulate import simulate, wilson
from game.loading.scenario_loader import load_scenario
from game.model.actions import Analyze, Offer, Propose


def scenario(name):
    return load_scenario(SCENARIOS / f"{name}.yaml")


def planned(name, cone, seed):
    session = Session(scenario(name), cone, seed)
    play(session, "planner", random.Random(seed))
    return session


def test_the_planner_is_a_bot():
    assert "planner" in BOTS


def test_a_hidden_interest_is_a_constant_until_analysed():
    s = scenario("cod_line")
    session = Session(s, "economic", 1)
    reference = {j: 0 for j in open_dims(session)}
    j = session.space.issue_ids.index("inspections")  # hidden for Norland
    before = look(session, "norland", reference)
    assert not before.tables[j].any()
    # moving a hidden issue changes the real value but not the planner's prediction
    moved = {**reference, j: 2}
    real = session.preview("norland", Offer(positions={i: session.space.positions[d][moved[d]]
                                                        for d, i in enumerate(session.space.issue_ids)})).value
    assert before.predict(moved) == pytest.approx(before.predict(reference))
    assert abs(real - before.value) > 0.05
    session.apply(Analyze(country="norland"))  # economic: one interest per analysis
    revealed = session.state.countries["norland"].revealed
    assert len(revealed) == 1
    after = look(session, "norland", reference)
    assert after.tables[session.space.issue_ids.index(revealed[0])].any()


def test_the_view_predicts_visible_moves_and_levers_exactly():
    s = scenario("detained_citizen")
    session = Session(s, "political", 3)
    session.apply(Analyze(country="kessara"))
    dims = open_dims(session)
    reference = {j: 0 for j in dims}
    view = look(session, "kessara", reference)
    space = session.space
    for j in dims:
        for k in range(len(space.positions[j])):
            moved = {**reference, j: k}
            offer = Offer(positions={space.issue_ids[d]: space.positions[d][moved[d]] for d in dims})
            assert view.predict(moved) == pytest.approx(session.preview("kessara", offer).value, abs=0.011)
    assert ("reward", "student_visas") in view.levers


@pytest.mark.parametrize("bot", ["planner", "greedy"])
def test_seeds_are_different_games(bot):
    s = scenario("cod_line")
    logs = set()
    for seed in range(4):
        session = Session(s, "management", seed)
        play(session, bot, random.Random(seed))
        logs.add(tuple(a.model_dump_json() for a in session.actions))
    assert len(logs) >= 2


def test_bilateral_deal_is_one_the_country_accepted_with_its_levers_noted():
    for seed in range(6):
        session = planned("cod_line", "economic", seed)
        record = session.state.deal
        if record is None:
            continue
        accepted = [e for e in session.state.log if e.kind == "decision" and e.decision.verdict == "accept"]
        assert accepted, "a bilateral deal follows an accepted offer"
        offer = next(a for a in reversed(session.actions) if isinstance(a, Propose))
        lever_notes = [n for n in notes(session) if n.kind in ("reward", "threat")]
        assert {n.lever for n in lever_notes} >= set(offer.offer.rewards) | set(offer.offer.threats)
        assert all(p.status == "delivered" for p in session.state.promises)
        return
    pytest.fail("the planner closed no deal in Cod Line over six seeds")


def test_conference_planner_lobbies_and_wins_a_vote():
    deals = 0
    for seed in range(3):
        session = planned("river_compact", "economic", seed)
        if session.state.deal is None:
            continue
        deals += 1
        kinds = {a.kind for a in session.actions}
        assert "vote" in kinds
        assert set(session.state.deal.said_yes) == set(session.state.countries)  # consensus
    assert deals >= 2


def test_planner_beats_the_random_baseline():
    s = scenario("detained_citizen")
    planner = simulate(s, ["consular"], 3, "planner")["consular"]
    rand = simulate(s, ["consular"], 3, "random")["consular"]
    assert planner.mean_score > rand.mean_score + 10


def test_wilson_interval():
    low, high = wilson(0, 10)
    assert low == 0 and high == pytest.approx(0.2775, abs=1e-3)
    low, high = wilson(5, 10)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-3), pytest.approx(0.7634, abs=1e-3))
    low, high = wilson(40, 40)
    assert high == 1 and low == pytest.approx(0.9124, abs=1e-3)


def test_simulate_table_and_json(capsys):
    assert main(["simulate", "cod_line", "--seeds", "2", "--cone", "consular", "--bot", "planner"]) == 0
    out = capsys.readouterr().out
    assert "win rate (95% interval)" in out and "objectives" in out and "best" in out
    row = next(line for line in out.splitlines() if line.startswith("consular"))
    assert "%" in row and " to " in row
    assert main(["simulate", "cod_line", "--seeds", "2", "--cone", "consular", "--bot", "planner", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [g["seed"] for g in lines] == [0, 1]
    assert set(lines[0]) == {"scenario", "cone", "seed", "bot", "outcome", "score", "grade", "objectives_met",
                             "objectives_total", "turns", "nash_ratio", "joint_gain_share"}
    assert all(g["bot"] == "planner" for g in lines)


def test_a_draft_being_built_is_previewed_as_itself():
    """In a conference, the preview of a draft that names positions judges that draft, not the one on the
    table (the hall's live preview and the planner both rely on it); a lobbying offer (levers only) is
    judged with the draft on the table."""
    s = scenario("river_compact")
    session = Session(s, "political", 1)
    tabled = {"dry_flow": 30.0, "fill_years": 3.0, "data_sharing": "none", "discharge_cut": 40.0}
    other = {"dry_flow": 70.0, "fill_years": 10.0, "data_sharing": "commission", "discharge_cut": 50.0}
    session.apply(Propose(country=None, offer=Offer(positions=tabled)))
    on_table = session.preview("highreach", Offer(positions=tabled)).value
    assert session.preview("highreach", Offer(positions=other)).value < on_table - 0.2
    lobby = session.preview("highreach", Offer(rewards=("power_purchase",))).value
    assert lobby > on_table
