"""The negotiation engine, feature by feature: determinism, the AI's theory, memory, the
conference and the rules' refusals. Every test asserts something that breaks if its feature does.
"""

import random
from functools import cache
from pathlib import Path

import pytest
from conferences import weighty_c
from negotiating import talk_to

from game.engine import conference
from game.engine.bots import random_action
from game.engine.compromise import chair_draft
from game.engine.negotiator import partner_models
from game.engine.rules import ActionError
from game.engine.session import Session
from game.engine.valuation import country_terms, no_deal_value, offer_deal, open_problem, quantize
from game.loading.scenario_loader import load_scenario, load_text
from game.model.actions import (
    AcceptCounter,
    Analyze,
    Ask,
    CallVote,
    Campaign,
    CarryOut,
    Deliver,
    EndTurn,
    Offer,
    Persuade,
    Propose,
    Respond,
    Whip,
    Withdraw,
)
from game.model.cones import CONES
from game.model.positions import candidate_positions
from game.model.scenario import RangeIssue
from game.model.voting import passes, vote_weights

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_IDS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
MULTILATERAL = ["river_compact", "climate_accord", "sanctions_coalition"]


@cache
def scenario(name: str):
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml")


def decisions(entries):
    return [e.decision for e in entries if e.decision is not None]


def last_decision(entries):
    found = decisions(entries)
    assert found, [e.text for e in entries]
    return found[-1]


def player_ideal(sc) -> dict:
    return {o.issue: o.ideal for o in sc.player.objectives}


def full_positions(sc, session=None) -> dict:
    """A position on every open issue: the player's ideal where it has one, else the first option."""
    agreed = session.state.agreed if session else {}
    out = {}
    for issue in sc.issues:
        if issue.id in agreed:
            continue
        out[issue.id] = player_ideal(sc).get(issue.id, candidate_positions(issue)[0])
    return out


def to_turn(session: Session, turn: int) -> Session:
    while session.state.turn < turn:
        session.apply(EndTurn())
    return session


def play_random(session: Session, rng: random.Random, n: int) -> None:
    for _ in range(n):
        if session.over:
            return
        session.apply(random_action(session, rng))


def mini(rule: str = "majority", threshold: float = 0.5, weights: dict | None = None):
    conf = f"threshold: {threshold}"
    if weights:
        conf += "\n  weights: {" + ", ".join(f"{k}: {v}" for k, v in weights.items()) + "}"
    return load_text(weighty_c(rule, conf), "mini.yaml")


# ----------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("name", SCENARIO_IDS)
def test_same_inputs_same_state_and_replay(name):
    sc = scenario(name)
    for cone in ("political", "public_diplomacy"):
        a = Session(sc, cone, 7)
        play_random(a, random.Random(3), 80)
        assert len(a.actions) >= 3
        b = Session(sc, cone, 7)
        for action in a.actions:
            b.apply(action)
        assert a.state.model_dump() == b.state.model_dump()
        # replaying the recorded actions (as JSON dicts, like a save file) into a fresh session
        replay = Session(sc, cone, 7)
        for action in a.actions:
            replay.apply(action.model_dump())
        assert replay.state.model_dump() == a.state.model_dump()
        assert replay.actions == a.actions


def test_different_seeds_may_differ():
    sc = scenario("cod_line")
    supports = set()
    persuaded = set()
    for seed in range(8):
        s = Session(sc, "public_diplomacy", seed)
        s.apply(Campaign(country="norland"))
        supports.add(round(s.state.countries["norland"].support, 9))
        p = Session(sc, "political", seed)
        for _ in range(3):
            p.apply(Persuade(country="norland", issue="quota_share"))
        persuaded.add(p.state.countries["norland"].ideals["quota_share"])
    assert len(supports) > 1, "campaign strength should depend on the seed"
    assert len(persuaded) > 1, "persuasion success should depend on the seed"


# ----------------------------------------------------------------------------- theory


def _check_decision(session, cid, offer, d, anchor_positions=None):
    """Terms add up (to whole points); accept iff value >= needed; refusals carry a counter at the issue
    target that gives the player, by the country's model of the player, at least what its ideal would."""
    assert d.value == quantize(sum(t.value for t in d.terms))
    collapsed = d.flip is not None and d.flip.startswith("wait until its government")
    if d.verdict == "accept":
        assert d.value + 1e-9 >= d.needed
        return
    if collapsed:
        return
    assert d.value + 1e-9 < d.needed
    assert d.counter is not None
    issues, others = country_terms(session.ctx, cid, offer_deal(session.ctx, cid, d.counter))
    target = d.needed - sum(t.value for t in others)
    open_idx, own, settled = open_problem(session.ctx, cid)
    if own.max_utility + settled >= target + 1e-9:
        assert sum(t.value for t in issues) + 1e-9 >= target, "counter misses its own issue target"
    models = partner_models(session.ctx, cid)
    if anchor_positions and models:
        space, ideals = session.space, session.state.countries[cid].ideals
        model = models[0][1]

        def estimate(positions):
            return sum(model.matrix[j, k] for j, k in space.encode(positions).items() if j in open_idx)

        assert estimate(d.counter.positions) + 1e-9 >= estimate({i: ideals[i] for i in d.counter.positions})


@pytest.mark.parametrize("name", ["cod_line", "detained_citizen"])
def test_bilateral_decisions_obey_the_theory(name):
    sc = scenario(name)
    cid = sc.countries[0].id
    rng = random.Random(11)
    seen = {"accept": 0, "refuse": 0}
    for trial in range(60):
        s = talk_to(Session(sc, rng.choice(CONES), trial), rng.randint(1, sc.player.deadline))
        if s.state.phase != "negotiating":
            continue
        positions = {i.id: rng.choice(candidate_positions(i)) for i in sc.issues if rng.random() < 0.8}
        offer = Offer(positions=positions or full_positions(sc),
                      rewards=tuple(r.id for r in sc.rewards if rng.random() < 0.25),
                      threats=tuple(t.id for t in sc.threats if rng.random() < 0.25))
        if s.check(Propose(country=cid, offer=offer)):
            continue
        d = last_decision(s.apply(Propose(country=cid, offer=offer)))
        _check_decision(s, cid, offer, d, offer.positions)
        seen["accept" if d.verdict == "accept" else "refuse"] += 1
        if d.verdict != "accept":  # the counter, proposed back, is accepted when reachable
            issues, others = country_terms(s.ctx, cid, offer_deal(s.ctx, cid, d.counter))
            if sum(t.value for t in issues + others) + 1e-9 >= d.needed:
                assert last_decision(s.apply(AcceptCounter(country=cid))).verdict == "accept"
    assert seen["refuse"] > 10


def test_counter_gives_the_player_what_it_can_late_in_talks_that_went_both_ways():
    sc = scenario("cod_line")
    s = talk_to(Session(sc, "economic", 0), sc.player.deadline)
    d = last_decision(s.apply(Propose(country="norland", offer=Offer(positions=player_ideal(sc)))))
    assert d.verdict != "accept"
    ideals = s.state.countries["norland"].ideals
    # not its own best: it moves toward us on quota share
    assert d.counter.positions["quota_share"] < ideals["quota_share"]
    assert d.counter.positions != {k: ideals[k] for k in d.counter.positions}
    assert last_decision(s.apply(AcceptCounter(country="norland"))).verdict == "accept"


def test_agreements_clear_reservation():
    for name in SCENARIO_IDS:
        sc = scenario(name)
        for cone in CONES:
            s = Session(sc, cone, 5)
            rng = random.Random(5)
            while not s.over and len(s.actions) < 150:
                action = random_action(s, rng)
                if isinstance(action, CallVote):
                    votes = conference.votes(s)
                    yes = [c for c, v in votes.items() if v]
                    if passes(sc, yes):
                        for cid in yes:
                            if not s.state.countries[cid].committed:
                                d = conference.evaluate(s.ctx, cid, s.state.draft)
                                assert d.value + 1e-9 >= no_deal_value(sc, cid, s.state) >= sc.country(cid).reservation
                for d in decisions(s.apply(action)):
                    if d.verdict == "accept":
                        assert d.value + 1e-9 >= max(d.needed, no_deal_value(sc, d.country, s.state))


# ----------------------------------------------------------------------------- memory


def test_unexecuted_threat_loses_credibility():
    sc = scenario("cod_line")
    s = Session(sc, "economic", 0)
    before = s.state.credibility["port_ban"]
    d = last_decision(s.apply(Propose(country="norland", offer=Offer(positions=player_ideal(sc), threats=("port_ban",)))))
    assert d.verdict != "accept"
    assert [t.status for t in s.state.threats] == ["standing"]
    s.apply(EndTurn())
    assert s.state.credibility["port_ban"] == before  # still within its grace turn
    s.apply(EndTurn())
    assert s.state.threats[0].status == "lapsed"
    assert s.state.credibility["port_ban"] == pytest.approx(before - 0.2)
    assert s.state.credibility["censure"] == sc.threats[1].credibility  # other threats untouched


def test_executed_threat_gains_credibility_and_costs_budget():
    sc = scenario("cod_line")
    for cone in ("economic", "management"):
        s = Session(sc, cone, 0)
        entries = s.apply(Propose(country="norland", offer=Offer(positions=player_ideal(sc), threats=("censure",))))
        # Norland (resolve 0.5, no allies) answers with a counter-threat, made good when the threat is
        assert any(e.kind == "counter_threat" for e in entries)
        cred, budget, rel = s.state.credibility["censure"], s.state.budget, s.state.countries["norland"].relationship
        stab = s.state.countries["norland"].stability
        entries = s.apply(CarryOut(country="norland", threat="censure"))
        assert s.state.credibility["censure"] == pytest.approx(min(1.0, cred + 0.15))
        retaliation = 2 * sc.country("norland").resolve
        assert [e.kind for e in entries if e.kind == "retaliation"] == ["retaliation"]
        assert s.state.budget == pytest.approx(budget - 2 * s.profile.lever_cost_factor - retaliation)
        assert s.state.countries["norland"].relationship < rel
        assert s.state.countries["norland"].stability < stab
        assert s.state.threats[0].status == "carried_out"
        s.apply(EndTurn())
        s.apply(EndTurn())
        assert s.state.credibility["censure"] == pytest.approx(min(1.0, cred + 0.15))  # no lapse


def test_undelivered_promise_breaks_and_hurts():
    sc = scenario("cod_line")
    s = Session(sc, "economic", 0)
    d = last_decision(s.apply(Propose(country="norland", offer=Offer(positions={"quota_share": 75.0}, rewards=("crew_visas",)))))
    assert d.verdict == "accept"
    promise = s.state.promises[0]
    assert (promise.status, promise.due) == ("owed", 3)
    s.apply(EndTurn())
    s.apply(EndTurn())
    assert s.state.promises[0].status == "owed"
    rel = s.state.countries["norland"].relationship
    entries = s.apply(EndTurn())
    assert s.state.promises[0].status == "broken"
    assert s.state.countries["norland"].relationship == pytest.approx(rel - 12)
    assert any("not delivered" in e.text for e in entries)
    # delivering in time instead keeps the relationship and costs the (cone-scaled) budget
    s2 = Session(sc, "consular", 0)
    s2.apply(Propose(country="norland", offer=Offer(positions={"quota_share": 75.0}, rewards=("crew_visas",))))
    budget, rel = s2.state.budget, s2.state.countries["norland"].relationship
    s2.apply(Deliver(country="norland", reward="crew_visas"))
    assert s2.state.budget == pytest.approx(budget - 10 * 0.4)
    assert s2.state.countries["norland"].relationship > rel
    assert s2.state.promises[0].status == "delivered"


def test_broken_promise_costs_allies_too():
    sc = mini()
    s = Session(sc, "economic", 0)
    s.apply(Propose(offer=Offer(positions={"x": 100.0})))
    assert last_decision(s.apply(Propose(country="a", offer=Offer(rewards=("gift",))))).verdict == "accept"
    assert s.state.countries["a"].committed
    s.apply(EndTurn())
    s.apply(EndTurn())
    rel = {c: cs.relationship for c, cs in s.state.countries.items()}
    entries = s.apply(EndTurn())
    after = {c: cs.relationship for c, cs in s.state.countries.items()}
    assert s.state.promises[0].status == "broken"
    assert after["a"] == pytest.approx(rel["a"] - 12)
    assert after["b"] == pytest.approx(rel["b"] - 4 * 0.6)  # an ally (relations 60 > 30)
    walked = any(e.kind == "walkout" and e.country == "c" for e in entries)  # c, kept waiting, may walk out
    assert after["c"] == pytest.approx(rel["c"] - (4 if walked else 0))  # not a friend: the promise costs nothing


def test_repeating_a_refused_offer_only_annoys():
    sc = scenario("cod_line")
    s = Session(sc, "economic", 0)
    offer = Offer(positions=player_ideal(sc))
    assert last_decision(s.apply(Propose(country="norland", offer=offer))).verdict != "accept"
    rel = s.state.countries["norland"].relationship
    entries = s.apply(Propose(country="norland", offer=offer))
    assert decisions(entries) == []
    assert [e.kind for e in entries if e.kind == "repeat"] == ["repeat"]
    assert s.state.countries["norland"].relationship == pytest.approx(rel - 3)
    # a different offer gets a fresh decision
    assert decisions(s.apply(Propose(country="norland", offer=Offer(positions={"quota_share": 50.0}))))


def test_split_package_no_better_than_bundle():
    sc = scenario("cod_line")
    piece1 = Offer(positions={"quota_share": 65.0}, rewards=("crew_visas",))
    piece2 = Offer(positions={"inspections": "national", "closed_season": 5.0})
    split = talk_to(Session(sc, "economic", 0), sc.player.deadline)
    assert split.preview("norland", Offer(positions={**piece1.positions, **piece2.positions},
                                          rewards=piece1.rewards)).verdict == "accept"
    assert last_decision(split.apply(Propose(country="norland", offer=piece1))).verdict == "accept"
    with pytest.raises(ActionError, match="already promised"):
        split.apply(Propose(country="norland", offer=piece2.model_copy(update={"rewards": ("crew_visas",)})))
    d2 = last_decision(split.apply(Propose(country="norland", offer=piece2)))
    assert d2.verdict == "accept"
    assert sum("Seasonal crew visas" in t.label for t in d2.terms) == 1  # counted once
    assert len(split.state.promises) == 1
    bundle = talk_to(Session(sc, "economic", 0), sc.player.deadline)
    db = last_decision(bundle.apply(Propose(country="norland", offer=Offer(
        positions={**piece1.positions, **piece2.positions}, rewards=piece1.rewards))))
    assert db.verdict == "accept"
    assert db.value == pytest.approx(d2.value, abs=1e-9)  # the pieces earn no extra goodwill
    assert bundle.state.agreed == split.state.agreed
    assert bundle.state.countries["norland"].relationship == split.state.countries["norland"].relationship


# ----------------------------------------------------------------------------- conference


@pytest.mark.parametrize("name", MULTILATERAL)
def test_draft_gets_a_stance_per_country(name):
    sc = scenario(name)
    s = Session(sc, "political", 0)
    entries = s.apply(Propose(offer=Offer(positions=full_positions(sc))))
    stances = [e for e in entries if e.kind == "stance"]
    assert sorted(e.country for e in stances) == sorted(c.id for c in sc.countries)
    for e in stances:
        assert e.decision.country == e.country
        assert e.decision.value == quantize(sum(t.value for t in e.decision.terms))
    assert s.state.draft.positions == full_positions(sc)


@pytest.mark.parametrize("rule,threshold,weights,expected", [
    ("consensus", 0.5, None, False),
    ("majority", 0.5, None, True),
    ("majority", 0.7, None, False),
    ("weighted", 0.5, {"a": 1, "b": 1, "c": 5}, False),
    ("weighted", 0.5, {"a": 3, "b": 3, "c": 1}, True),
    ("weighted", 0.5, None, False),  # capability: 0.6 of 1.5
])
def test_vote_follows_the_rule(rule, threshold, weights, expected):
    sc = mini(rule, threshold, weights)
    s = Session(sc, "political", 0)
    entries = s.apply(Propose(offer=Offer(positions={"x": 100.0})))
    assert {e.country: e.decision.verdict == "accept" for e in entries if e.kind == "stance"} == {"a": True, "b": True, "c": False}
    assert passes(sc, ["a", "b"]) is expected
    assert passes(sc, ["a", "b", "c"]) is True
    assert passes(sc, []) is False
    assert sum(vote_weights(sc).values()) == pytest.approx(1.0)
    s.apply(CallVote())
    assert s.state.phase == ("implementation" if expected else "negotiating")
    assert (s.state.agreed == {"x": 100.0}) is expected


def test_whip_can_carry_a_vote():
    sc = mini("consensus")
    s = to_turn(Session(sc, "political", 0), 3)
    for cid, cs in s.state.countries.items():  # talks that went well: c down to its outside option, a and b near
        cs.temper.progress = 1.0 if cid == "c" else 0.85
    s.apply(Propose(offer=Offer(positions={"x": 50.0})))
    votes = conference.votes(s)
    assert votes == {"a": False, "b": False, "c": True}  # 50 is worth 0.5 to a and b, a few points short
    for cid, yes in votes.items():
        if not yes:
            s.apply(Whip(country=cid))
    # whipping lowers what a country needs, never below its outside option
    for cid in votes:
        cs = s.state.countries[cid]
        d = conference.evaluate(s.ctx, cid, s.state.draft)
        assert d.needed >= cs.temper.outside - 1e-12
        if cs.whipped:
            cs.whipped = False
            unwhipped = conference.evaluate(s.ctx, cid, s.state.draft).needed
            cs.whipped = True
            assert d.needed < unwhipped
    assert all(conference.votes(s).values()) and passes(sc, list(votes))


@pytest.mark.parametrize("name", MULTILATERAL)
def test_chair_suggests_a_compromise(name):
    sc = scenario(name)
    s = Session(sc, "economic", 1)  # a seed whose compromise still stands when the next turn opens
    chair = max(sc.countries, key=lambda c: (c.capability, c.id)).id
    assert s.state.countries[chair].counter is None
    entries = s.apply(EndTurn())
    compromise = [e for e in entries if e.kind == "compromise"]
    assert len(compromise) == 1 and compromise[0].country == chair
    counter = s.state.countries[chair].counter
    assert set(counter.positions) == {i.id for i in sc.issues}
    assert counter == chair_draft(s)
    # and the player can table it as a draft
    assert s.check(Propose(offer=Offer(positions=counter.positions))) is None


def test_sanctioning_costs_relations_with_its_friends():
    sc = mini()
    s = Session(sc, "economic", 0)
    s.apply(Propose(offer=Offer(positions={"x": 0.0})))
    rel = {c: cs.relationship for c, cs in s.state.countries.items()}
    d = last_decision(s.apply(Propose(country="a", offer=Offer(threats=("slap",)))))
    assert d.verdict != "accept"
    after_threat = {c: cs.relationship for c, cs in s.state.countries.items()}
    assert after_threat["a"] == pytest.approx(rel["a"] - 10)
    # b resents the threat against its friend, and a's appeal to it costs as much again as half the threat
    assert after_threat["b"] == pytest.approx(rel["b"] - 10 / 3 * 0.6 - 10 * 0.6 / 2)
    assert after_threat["c"] == rel["c"]
    s.apply(CarryOut(country="a", threat="slap"))
    after = {c: cs.relationship for c, cs in s.state.countries.items()}
    assert after["a"] == pytest.approx(after_threat["a"] - 10)
    assert after["b"] == pytest.approx(after_threat["b"] - 10 / 2 * 0.6)
    assert after["c"] == after_threat["c"]


@pytest.mark.parametrize("name", ["climate_accord", "sanctions_coalition"])
def test_bloc_members_converge(name):
    sc = scenario(name)
    s = Session(sc, "economic", 0)

    def spread():
        total = 0.0
        for bloc in sc.conference.blocs:
            for issue in sc.issues:
                if not isinstance(issue, RangeIssue):
                    continue
                members = [m for m in bloc.members if issue.id in sc.country(m).interests]
                values = [float(s.state.countries[m].ideals[issue.id]) for m in members]
                if len(values) > 1:
                    total += (max(values) - min(values)) / (issue.max - issue.min)
        return total

    before = spread()
    ideals = {c: dict(cs.ideals) for c, cs in s.state.countries.items()}
    for _ in range(3):
        s.apply(EndTurn())
    assert spread() < before - 0.01
    assert any(s.state.countries[c].ideals != ideals[c] for c in ideals)
    assert any(e.kind == "shift" for e in s.state.log)


# ----------------------------------------------------------------------------- illegal actions


def _raises(session, action, pattern):
    before = session.state.model_dump()
    with pytest.raises(ActionError, match=pattern):
        session.apply(action)
    assert session.state.model_dump() == before  # a refused action changes nothing
    assert session.check(action) is not None


def test_illegal_actions_raise_with_reasons():
    sc = scenario("cod_line")
    s = Session(sc, "economic", 0)
    _raises(s, Ask(country="atlantis"), "no country 'atlantis'")
    _raises(s, Persuade(country="norland", issue="quota_share"), "cannot persuade")
    _raises(s, Whip(country="norland"), "cannot whip")
    _raises(s, Propose(offer=Offer(positions={"quota_share": 50.0})), "say which country")
    _raises(s, Propose(country="norland", offer=Offer()), "at least one position or lever")
    _raises(s, Propose(country="norland", offer=Offer(positions={"quota_share": 500.0})), "must be a number")
    _raises(s, Propose(country="norland", offer=Offer(positions={"inspections": "none"})), "no option")
    _raises(s, Propose(country="norland", offer=Offer(positions={"nope": 1.0})), "no issue")
    _raises(Session(sc, "political", 0), Propose(country="norland", offer=Offer(
        rewards=("market_access", "port_investment", "crew_visas"))), "more than your budget")
    _raises(s, AcceptCounter(country="norland"), "no counteroffer")
    _raises(s, CarryOut(country="norland", threat="port_ban"), "no such threat is standing")
    _raises(s, Deliver(country="norland", reward="crew_visas"), "no such promise")
    _raises(s, Withdraw(country="norland", reward="crew_visas"), "no such promise")
    _raises(s, CallVote(), "only a conference votes")
    _raises(s, Respond(event="trawler_seized", option="release_crew"), "not waiting")
    s.apply(Propose(country="norland", offer=Offer(positions={"quota_share": 75.0}, threats=("censure", "port_ban"))))
    assert "quota_share" in s.state.agreed
    _raises(s, Propose(country="norland", offer=Offer(positions={"quota_share": 60.0})), "already settled")
    s.apply(Ask(country="norland"))
    s.apply(Ask(country="norland"))
    assert s.state.action_points == 0
    _raises(s, Ask(country="norland"), "needs 1 action points; you have 0")
    to_turn(s, 3)
    assert "trawler_seized" in s.state.pending_events
    _raises(s, Respond(event="trawler_seized", option="consular_access"), "only a consular officer")
    _raises(s, Respond(event="trawler_seized", option="bribe"), "no option")
    c = to_turn(Session(sc, "consular", 0), 3)
    c.apply(Respond(event="trawler_seized", option="consular_access"))
    _raises(c, Respond(event="trawler_seized", option="release_crew"), "not waiting")
    s.apply(Analyze(country="norland")) if s.check(Analyze(country="norland")) is None else None
    from game.model.actions import WalkAway
    s.apply(WalkAway())
    _raises(s, EndTurn(), "the session is over")


def test_illegal_conference_actions():
    sc = scenario("climate_accord")
    s = Session(sc, "management", 0)
    first = sc.countries[0].id
    _raises(s, CallVote(), "no draft")
    _raises(s, Propose(country=first, offer=Offer(rewards=("solar_tech",))), "table a draft")
    _raises(s, Propose(offer=Offer(positions={"emission_cut": 40.0})), "every issue")
    _raises(s, Whip(country=first), "cannot whip")
    _raises(s, AcceptCounter(country=first), "table the counteroffer")
    s.apply(Propose(offer=Offer(positions=full_positions(sc))))
    _raises(s, Propose(country=first, offer=Offer(positions={"emission_cut": 40.0})), "levers only")
    _raises(s, Propose(country=first, offer=Offer()), "attach a reward or a threat")
    _raises(s, Propose(offer=Offer(positions=full_positions(sc), rewards=("solar_tech",))), "one country at a time")
