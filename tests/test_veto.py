"""Vetoes: a draft passes only with enough votes and every veto holder among them; the vote, the hall's
tally, the loader's reachability check and the deal analysis count it the same way."""

import numpy as np
import pytest
from conferences import weighty_c

from game.engine.compromise import session_analysis
from game.engine.dealspace import DealSpace
from game.engine.session import Session
from game.loading.problems import ScenarioError
from game.loading.scenario_loader import load_text
from game.model.actions import CallVote, Offer, Propose
from game.model.voting import passes, passing, vetoed_by

QUESTION = "Who could block the deal, and what did it take to bring them in?"


def scenario(veto: str = "veto: [c]", rule: str = "majority"):
    """The three-party conference of conferences.py (a and b want x = 100, c wants x = 0), where more
    than half the votes pass a draft and `veto` says who holds a veto."""
    text = weighty_c(rule, f"threshold: 0.5\n  {veto}")
    return load_text(text.replace('lesson: "Test."', f'lesson: "Test."\ndebrief_questions: ["{QUESTION}"]'), "veto.yaml")


def test_a_veto_holder_blocks_whatever_the_count():
    sc = scenario()
    assert passes(sc, ["a", "b"]) is False
    assert vetoed_by(sc, ["a", "b"]) == ["c"]
    assert passes(sc, ["a", "c"]) is True
    assert passes(sc, ["c"]) is False  # 1 of 3 is not more than half
    without = scenario("veto: []")
    assert passes(without, ["a", "b"]) is True
    # the array form used by the analysis agrees with the list form on every combination of votes
    ids = [c.id for c in sc.countries]
    table = np.array([[(n >> i) & 1 for n in range(8)] for i in range(3)], dtype=bool)
    expected = [passes(sc, [ids[i] for i in range(3) if (n >> i) & 1]) for n in range(8)]
    assert passing(sc, table).tolist() == expected


def test_the_vote_fails_on_a_veto_and_says_so():
    sc = scenario()
    s = Session(sc, "political", 0)
    entries = s.apply(Propose(offer=Offer(positions={"x": 100.0})))
    stances = {e.country: e.decision.verdict == "accept" for e in entries if e.kind == "stance"}
    assert stances == {"a": True, "b": True, "c": False}
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
    with pytest.raises(ScenarioError) as caught:
        scenario(rule="consensus")
    assert "under consensus every country already holds a veto" in str(caught.value)


def test_debrief_questions_are_validated():
    assert scenario().debrief_questions == [QUESTION]
    text = weighty_c()
    with pytest.raises(ScenarioError) as caught:
        load_text(text.replace('lesson: "Test."', 'lesson: "Test."\ndebrief_questions: ["   ", "Why?"]'), "veto.yaml")
    assert "debrief_questions[0]" in str(caught.value)
