"""Vetoes: a draft passes only with enough votes and every veto holder among them; the vote, the hall's
tally, the loader's reachability check and the deal analysis count it the same way."""

import numpy as np
import pytest

from game.engine.compromise import session_analysis
from game.engine.dealspace import DealSpace
from game.engine.session import Session
from game.loading.problems import ScenarioError
from game.loading.scenario_loader import load_text
from game.model.actions import CallVote, Offer, Propose
from game.model.voting import passes, passing, vetoed_by

# a and b want x = 100, c wants x = 0 and holds a veto; four parties vote, three of four needed
VETO = """
schema_version: 1
id: vetoed
title: "A veto"
kind: multilateral
difficulty: easy
summary: "Four parties, one issue, one veto."
briefing: "Test."
lesson: "Test."
debrief_questions: ["Who could block the deal, and what did it take to bring them in?"]
player:
  country: Testland
  budget: 100
  deadline: 4
  objectives:
    - {issue: x, weight: 1.0, ideal: 100, target: 60, description: "High x."}
issues:
  - {type: range, id: x, name: "X", description: "The x.", min: 0, max: 100, step: 10}
countries:
  - {id: a, name: Aland, color: "#111111", capability: 0.3, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.4, interests: {x: {weight: 1.0, ideal: 100}}}
  - {id: b, name: Bland, color: "#222222", capability: 0.3, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.4, interests: {x: {weight: 1.0, ideal: 100}}}
  - {id: d, name: Dland, color: "#444444", capability: 0.3, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.4, interests: {x: {weight: 1.0, ideal: 100}}}
  - {id: c, name: Cland, color: "#333333", capability: 0.9, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.4, interests: {x: {weight: 1.0, ideal: 0}}}
conference:
  rule: majority
  threshold: 0.7
  VETO
"""


def scenario(veto: str = "veto: [c]"):
    return load_text(VETO.replace("VETO", veto), "veto.yaml")


def test_a_veto_holder_blocks_whatever_the_count():
    sc = scenario()
    assert passes(sc, ["a", "b", "d"]) is False
    assert vetoed_by(sc, ["a", "b", "d"]) == ["c"]
    assert passes(sc, ["a", "b", "c"]) is True
    assert passes(sc, ["a", "c"]) is False  # 2 of 4 is not more than 0.7
    without = scenario("veto: []")
    assert passes(without, ["a", "b", "d"]) is True
    # the array form used by the analysis agrees with the list form on every combination of votes
    ids = [c.id for c in sc.countries]
    table = np.array([[(n >> i) & 1 for n in range(16)] for i in range(4)], dtype=bool)
    expected = [passes(sc, [ids[i] for i in range(4) if (n >> i) & 1]) for n in range(16)]
    assert passing(sc, table).tolist() == expected


def test_the_vote_fails_on_a_veto_and_says_so():
    sc = scenario()
    s = Session(sc, "political", 0)
    entries = s.apply(Propose(offer=Offer(positions={"x": 100.0})))
    stances = {e.country: e.decision.verdict == "accept" for e in entries if e.kind == "stance"}
    assert stances == {"a": True, "b": True, "d": True, "c": False}
    s.apply(CallVote())
    assert s.state.phase == "negotiating" and s.state.deal is None
    assert "vetoed by Cland" in s.state.log[-1].text


def test_the_analysis_counts_the_veto_as_the_vote_does():
    sc = scenario()
    s = Session(sc, "political", 0)
    space = DealSpace(s.ctx)
    outcomes = space.all_outcomes()
    U = space.utilities(outcomes)
    yes = space.signs(U)[1:]
    ids = [c.id for c in sc.countries]
    for n in range(len(outcomes)):
        said = [ids[i] for i in range(len(ids)) if yes[i, n]]
        assert bool(space.acceptable(U[:, n:n + 1], space.spend(outcomes[n:n + 1]))[0]) == (
            passes(sc, said) and U[0, n] >= space.no_deal[0] - 1e-9)
    # with the veto, every deal in the zone of agreement clears Cland's no-deal value
    a = session_analysis(s)
    assert a.zopa and "c" in a.binding
    nash = space.deal_utilities(a.nash_deal)
    assert nash[1 + ids.index("c")] >= space.no_deal[1 + ids.index("c")]


@pytest.mark.parametrize("veto,message", [
    ("veto: [nobody]", "conference.veto[0]: no country has id 'nobody'"),
    ("veto: [c, c]", "conference.veto[1]: 'c' is listed twice"),
])
def test_bad_vetoes_are_located(veto, message):
    with pytest.raises(ScenarioError) as caught:
        scenario(veto)
    assert message in str(caught.value)


def test_no_veto_under_consensus():
    text = VETO.replace("rule: majority", "rule: consensus").replace("VETO", "veto: [c]")
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "veto.yaml")
    assert "under consensus every country already holds a veto" in str(caught.value)


def test_debrief_questions_are_validated():
    assert scenario().debrief_questions == ["Who could block the deal, and what did it take to bring them in?"]
    with pytest.raises(ScenarioError) as caught:
        load_text(VETO.replace("VETO", "").replace('["Who could', '["   ", "Who could'), "veto.yaml")
    assert "debrief_questions[0]" in str(caught.value)
