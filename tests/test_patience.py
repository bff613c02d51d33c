"""Countries that negotiate (issue 10): hidden patience drawn per game, reciprocity, ultimatums and walk-outs,
their own proposals, answers to threats, side deals and blocs, and counteroffers that trade across issues
from what they learned of the player. Waiting never wins."""

import random
import statistics
from functools import cache
from pathlib import Path

import pytest
from conferences import three_parties
from negotiating import talk_to, wait_to

from game.engine import conference, patience
from game.engine.bots import play
from game.engine.moments import key_moments
from game.engine.negotiator import partner_models
from game.engine.session import Session
from game.engine.valuation import no_deal_value
from game.loading.scenario_loader import load_scenario, load_text
from game.model.actions import AcceptCounter, Ask, CallVote, CarryOut, EndTurn, Offer, Propose
from game.model.cones import CONES

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


@cache
def scenario(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


def cod_text() -> str:
    return (ROOT / "scenarios" / "cod_line.yaml").read_text(encoding="utf-8")


def decisions(entries):
    return [e.decision for e in entries if e.decision is not None]


def ideal(sc) -> dict:
    return {o.issue: o.ideal for o in sc.player.objectives}


# ----------------------------------------------------------------------------- waiting never wins


@pytest.mark.parametrize("cone", CONES)
def test_doing_nothing_five_turns_then_asking_for_the_ideal_deal_never_wins(cone):
    """The exploit of the issue: Cod Line, five silent turns, then the ideal deal asked every turn to the end."""
    sc = scenario("cod_line")
    for seed in range(8):
        s = wait_to(Session(sc, cone, seed), 6)
        while not s.over and s.state.phase == "negotiating":
            action = Propose(country="norland", offer=Offer(positions=ideal(sc)))
            if s.check(action) is None:
                for d in decisions(s.apply(action)):
                    assert d.verdict != "accept", (seed, s.state.turn, d.value, d.needed)
            s.apply(EndTurn())
        assert s.state.deal is None
        kinds = {e.kind for e in s.state.log}
        assert kinds & {"patience", "ultimatum", "walkout", "left"}, "the country let the player see it harden"


def test_a_waiting_player_sees_the_country_harden_or_leave():
    for path in SCENARIOS:
        sc = load_scenario(path)
        s = Session(sc, "economic", 1)
        play(s, "waiter", random.Random(1))
        texts = [e.text for e in s.state.log if e.kind in ("patience", "ultimatum", "walkout", "left")]
        assert texts, sc.id
        assert any("patience is wearing thin" in t or "will not wait past turn" in t or "walks out" in t
                   or "leaves the talks" in t or "hardens" in t for t in texts)
        if any(e.kind in ("ultimatum", "walkout", "left") for e in s.state.log):  # the debrief recalls them
            assert any(m.kind == "patience" for m in key_moments(s.state, sc))


def test_silence_never_lowers_what_a_country_needs_and_concessions_do():
    sc = scenario("cod_line")
    silent, talking = Session(sc, "political", 3), Session(sc, "political", 3)
    needs_silent, needs_talking = [], []
    for turn in range(2, sc.player.deadline + 1):
        wait_to(silent, turn)
        talk_to(talking, turn)
        if not silent.over and not patience.away(silent.state.countries["norland"].temper, silent.state.turn):
            needs_silent.append(patience.need(silent.ctx, "norland"))
        needs_talking.append(patience.need(talking.ctx, "norland"))
    assert min(needs_silent) >= 0.99  # its path never moved: waiting bought nothing
    assert all(b <= a + 1e-9 for a, b in zip(needs_talking, needs_talking[1:]))  # answered, turn after turn
    assert needs_talking[-1] < 0.8 and needs_talking[-1] < min(needs_silent) - 0.2


def test_a_repeated_offer_is_no_concession():
    """Offering the same ideal every turn (the waiter) earns at most the country's opening share."""
    sc = scenario("cod_line")
    s = Session(sc, "economic", 2)
    for _ in range(sc.player.deadline - 1):
        action = Propose(country="norland", offer=Offer(positions=ideal(sc)))
        if s.check(action) is None:
            s.apply(action)
        s.apply(EndTurn())
        if s.over:
            break
    m = s.state.countries["norland"].temper
    country = sc.country("norland")
    assert patience.conceded(s.ctx, country, m) <= patience.OPENING + 1e-9
    assert m.stalled > 0 or m.walkouts or m.left


# ----------------------------------------------------------------------------- hidden patience


def styled(style: str):
    return load_text(cod_text().replace("concession: boulware", f"concession: {style}"), f"cod_{style}.yaml")


def test_patience_is_drawn_per_game_from_the_concession_style():
    sc = scenario("cod_line")
    tempers = {style: [Session(styled(style), "political", seed).state.countries["norland"].temper for seed in range(40)]
               for style in ("boulware", "linear", "conceder")}
    for style, drawn in tempers.items():
        assert len({(t.patience, t.horizon, t.outside) for t in drawn}) > 5, style  # seeds give different games
        for t in drawn:
            assert t.patience >= 1 and t.horizon >= 2
            assert t.outside >= sc.country("norland").reservation + 0.005 - 1e-12  # never below the reservation
            assert round(t.outside * 100) == pytest.approx(t.outside * 100)  # whole points
    deadline = sc.player.deadline
    assert min(t.horizon for t in tempers["boulware"]) >= deadline  # a hard bargainer thinks it has time
    assert max(t.horizon for t in tempers["conceder"]) <= deadline  # a conceder fears it has not
    assert (statistics.mean(t.patience for t in tempers["boulware"])
            > statistics.mean(t.patience for t in tempers["conceder"]))
    # and the same seed always draws the same
    assert Session(sc, "political", 7).state.countries["norland"].temper == \
        Session(sc, "political", 7).state.countries["norland"].temper


def test_a_boulware_holds_out_longer_than_a_conceder_under_the_same_play():
    needs = {}
    for style in ("boulware", "conceder"):
        s = talk_to(Session(styled(style), "political", 4), 5)
        needs[style] = patience.need(s.ctx, "norland")
    assert needs["boulware"] > needs["conceder"] + 0.1


def test_events_move_the_outside_option():
    text = cod_text().replace('''    when: {turn: 3}
    effects:
      relationship: {norland: -8}''', '''    when: {turn: 3}
    effects:
      relationship: {norland: -8}
      outside_option: {norland: 0.1}''')
    sc = load_text(text, "cod_rival.yaml")
    s = Session(sc, "political", 0)
    before = s.state.countries["norland"].temper.outside
    wait_to(s, 3)
    after = s.state.countries["norland"].temper.outside
    assert after == pytest.approx(before + 0.1)
    assert no_deal_value(sc, "norland", s.state) == pytest.approx(after)
    assert patience.need(s.ctx, "norland") >= after
    lower = load_text(text.replace("outside_option: {norland: 0.1}", "outside_option: {norland: -0.5}"), "cod_crisis.yaml")
    s = wait_to(Session(lower, "political", 0), 3)
    assert s.state.countries["norland"].temper.outside == pytest.approx(lower.country("norland").reservation)


def test_the_reasons_let_a_player_read_the_countrys_patience():
    sc = scenario("cod_line")
    s = Session(sc, "economic", 0)
    s.apply(Propose(country="norland", offer=Offer(positions=ideal(sc))))
    stances, ultimatum = [], None
    while not s.over and s.state.phase == "negotiating":
        for e in s.apply(EndTurn()):
            if e.kind == "ultimatum":
                ultimatum = e.text
        if s.check(Ask(country="norland")) is None:
            d = s.preview("norland", Offer(positions=ideal(sc)))
            stances.append(d.stance)
    assert ultimatum is not None and "will not wait past turn" in ultimatum
    assert any("patience is wearing thin" in t or "will not wait past turn" in t for t in stances)


# ----------------------------------------------------------------------------- initiative


def test_the_country_proposes_when_you_are_silent_and_the_proposal_can_be_taken():
    sc = styled("linear")
    s = talk_to(Session(sc, "political", 1), 4)
    entries = s.apply(EndTurn())
    proposals = [e for e in entries if e.kind == "proposal"]
    assert len(proposals) == 1 and proposals[0].offer is not None
    assert s.state.countries["norland"].counter == proposals[0].offer
    assert set(proposals[0].offer.positions) == {i.id for i in sc.issues}
    d = decisions(s.apply(AcceptCounter(country="norland")))[-1]
    assert d.verdict == "accept"


def test_threats_are_answered_with_counter_threats_or_appeals_to_allies():
    sc = scenario("cod_line")
    s = Session(sc, "economic", 0)
    entries = s.apply(Propose(country="norland", offer=Offer(positions=ideal(sc), threats=("port_ban",))))
    assert [e.kind for e in entries if e.kind in ("counter_threat", "appeal")] == ["counter_threat"]
    budget = s.state.budget
    entries = s.apply(CarryOut(country="norland", threat="port_ban"))
    assert any(e.kind == "retaliation" for e in entries)
    assert s.state.budget < budget - 15 * s.profile.lever_cost_factor + 1e-9
    # a country with friends appeals to them instead
    trio = load_text(TRIO, "trio.yaml")
    t = Session(trio, "political", 0)
    t.apply(Propose(offer=Offer(positions={"x": 0.0})))
    entries = t.apply(Propose(country="a", offer=Offer(threats=("slap",))))
    appeal = [e for e in entries if e.kind == "appeal"]
    assert len(appeal) == 1 and "Bland" in appeal[0].text


# A small conference: a and b (friends) want x high, c low; a bloc of d, e, f that votes together (the
# header of conferences.three_parties, with six parties).
THREE = three_parties()
TRIO = THREE.split("countries:")[0] + """\
countries:
  - {id: a, name: Aland, color: "#aa1111", capability: 0.3, stability: 60, relationship: 0, relations: {b: 80},
     concession: linear, resolve: 0.5, reservation: 0.3, interests: {x: {weight: 1.0, ideal: 100}}}
  - {id: b, name: Bland, color: "#22aa22", capability: 0.3, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.3, interests: {x: {weight: 1.0, ideal: 80}}}
  - {id: c, name: Cland, color: "#3333aa", capability: 0.3, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.3, interests: {x: {weight: 1.0, ideal: 0}}}
  - {id: d, name: Dland, color: "#4444aa", capability: 0.3, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.3, interests: {x: {weight: 1.0, ideal: 100}}}
  - {id: e, name: Eland, color: "#5555aa", capability: 0.3, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.3, interests: {x: {weight: 1.0, ideal: 80}}}
  - {id: f, name: Fland, color: "#6666aa", capability: 0.3, stability: 60, relationship: 0,
     concession: linear, resolve: 0.5, reservation: 0.3, interests: {x: {weight: 1.0, ideal: 0}}}
""" + "rewards:" + THREE.split("rewards:")[1] + """\
  blocs:
    - {id: def, name: "Southern Bloc", members: [d, e, f], cohesion: 1.0}
"""


def test_friends_strike_side_deals_for_votes_and_every_valuation_counts_them():
    sc = load_text(TRIO, "trio.yaml")
    s = Session(sc, "political", 0)
    for cid, cs in s.state.countries.items():
        cs.temper.progress = 1.0  # down to their outside options
        cs.temper.outside = 0.3 if cid == "a" else 0.6
    s.apply(Propose(offer=Offer(positions={"x": 90.0})))  # a: 0.9 (needs 0.3), b: 0.875 (needs 0.6)
    s.state.countries["b"].temper.outside = 0.9  # b now three points short
    assert not conference.votes(s)["b"]
    entries = s.apply(EndTurn())
    deals = [e for e in entries if e.kind == "side_deal"]
    assert deals and "Aland strikes a side deal with Bland" in deals[0].text
    b, a = s.state.countries["b"], s.state.countries["a"]
    assert b.side_deals["a"] > 0 and a.side_deals["b"] == pytest.approx(-b.side_deals["a"])
    terms = s.preview("b", Offer(rewards=("gift",))).terms
    assert any(t.label == "side deal with Aland" and t.value > 0 for t in terms)
    assert conference.votes(s)["b"]
    # a new draft ends them
    s.apply(Propose(offer=Offer(positions={"x": 85.0})))
    assert not b.side_deals and not a.side_deals


def test_blocs_hold_or_break_at_the_vote():
    sc = load_text(TRIO, "trio.yaml")
    s = Session(sc, "political", 0)
    for cid, cs in s.state.countries.items():
        cs.temper.progress = 0.8 if cid == "d" else 1.0
        cs.temper.outside = {"d": 0.5, "e": 0.6, "f": 0.3}.get(cid, 0.3)
    s.apply(Propose(offer=Offer(positions={"x": 55.0})))  # d 0.55 (needs 0.6), e 0.75 (0.6), f 0.45 (0.3)
    ballots = {cid: conference.ballot(s, cid, s.state.draft)[1] for cid in s.state.countries}
    assert ballots["d"] is False and ballots["e"] and ballots["f"]
    votes = conference.votes(s)
    assert votes["d"]  # five points short: the bloc's majority carries it
    entries = s.apply(CallVote())
    assert any(e.kind == "bloc" and "Southern Bloc holds" in e.text and "Dland" in e.text for e in entries)
    # a member too far from its need breaks with its bloc
    s2 = Session(sc, "political", 0)
    for cid, cs in s2.state.countries.items():
        cs.temper.progress = 1.0
        cs.temper.outside = {"d": 0.8}.get(cid, 0.3)
    s2.apply(Propose(offer=Offer(positions={"x": 55.0})))
    assert not conference.votes(s2)["d"]
    entries = s2.apply(CallVote())
    assert any(e.kind == "bloc" and "Dland breaks with the Southern Bloc" in e.text for e in entries)


# ----------------------------------------------------------------------------- learning the player


def test_the_counteroffer_gives_on_what_the_player_seems_to_value_more():
    """The player never gives on inspections or the closed season and gives way on the quota: Norland, which
    cares little for the closed season, gives on it and says why; the flip hint stays."""
    sc = scenario("cod_line")
    s = Session(sc, "political", 5)
    d = None
    for quota in (40.0, 45.0, 50.0, 55.0, 60.0, 65.0, 65.0):
        offer = Offer(positions={"quota_share": quota, "inspections": "joint", "closed_season": 12.0})
        d = decisions(s.apply(Propose(country="norland", offer=offer)))[-1]
        s.apply(EndTurn())
    assert d.verdict != "accept"
    model = partner_models(s.ctx, "norland")[0][1].matrix
    j = {i: s.space.issue_ids.index(i) for i in s.space.issue_ids}
    assert model[j["closed_season"]].max() > model[j["quota_share"]].max()
    assert model[j["inspections"]].max() > model[j["quota_share"]].max()
    assert d.counter.positions["closed_season"] > s.state.countries["norland"].ideals["closed_season"]
    assert "We give on Closed season because you seem to care about it more than we do" in d.text
    assert d.flip


def test_what_the_country_learned_is_rebuilt_by_a_replay():
    sc = scenario("cod_line")
    s = Session(sc, "political", 5)
    rng = random.Random(5)
    play(s, "reciprocal", rng)
    replay = Session(sc, "political", 5)
    for action in s.actions:
        replay.apply(action)
    assert replay.state == s.state


# ----------------------------------------------------------------------------- bots


def test_the_reciprocal_bot_beats_the_waiter_by_ten_points_in_every_bilateral_scenario():
    """The full check is `simulate SCENARIO --cone all --seeds 20 --bot waiter|reciprocal`; here one cone per
    scenario and fewer seeds."""
    bilateral = [load_scenario(p) for p in SCENARIOS]
    bilateral = [sc for sc in bilateral if sc.kind == "bilateral"]
    assert len(bilateral) >= 2
    for k, sc in enumerate(bilateral):
        cone = CONES[k % len(CONES)]
        scores = {}
        for bot in ("waiter", "reciprocal"):
            games = []
            for seed in range(4):
                s = Session(sc, cone, seed)
                play(s, bot, random.Random(seed))
                games.append(s.state.outcome.score)
            scores[bot] = statistics.mean(games)
        assert scores["reciprocal"] >= scores["waiter"] + 10, (sc.id, cone, scores)


def test_the_briefing_may_say_what_kind_of_negotiator_a_country_is():
    words = {style: patience.temperament(styled(style).country("norland")) for style in ("boulware", "linear", "conceder")}
    assert "hard bargainer" in words["boulware"] and "eager" in words["conceder"] and "steady" in words["linear"]
