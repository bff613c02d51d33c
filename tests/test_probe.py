"""`python main.py probe`: a country's answer on a given turn, the game's own (the same rules, the same
turn), with its reasons, need, flip hint and counteroffer."""

import json
import re

import pytest
from conftest import SCENARIOS

from game.authoring.probe import ProbeError, advance, parse_offer, probe
from game.cli import main
from game.engine.wording import reason_lines
from game.loading.scenario_loader import load_scenario
from game.model.actions import Offer

COD = load_scenario(SCENARIOS / "cod_line.yaml")
RIVER = load_scenario(SCENARIOS / "river_compact.yaml")
OFFER = Offer(positions={"quota_share": 55.0, "inspections": "joint", "closed_season": 8.0},
              rewards=("market_access",), threats=("port_ban",))


def test_probe_is_the_answer_the_live_preview_promised_on_that_turn():
    for turn in (1, 3, 8):
        before = advance(COD, "economic", 1, turn)
        assert before.state.turn == turn and all(a.kind == "end_turn" for a in before.actions)
        preview = before.preview("norland", OFFER)
        answer = probe(COD, "economic", 1, turn, "norland", OFFER)
        d = answer.decision
        assert (d.verdict, d.value, d.needed, d.terms) == (preview.verdict, preview.value, preview.needed, preview.terms)
        assert answer.session.state.turn == turn
        if d.verdict != "accept":
            assert d.counter is not None and d.flip
    early = probe(COD, "economic", 1, 1, "norland", OFFER).decision
    late = probe(COD, "economic", 1, 8, "norland", OFFER).decision
    # the turns the probe skips are turns of silence: they buy nothing, and try the country's patience
    assert late.needed >= early.needed and late.stance and not early.stance


def test_probe_shows_what_the_offer_caused():
    answer = probe(COD, "economic", 1, 3, "norland", OFFER)
    assert any("threatened with Port ban" in e.text for e in answer.entries)
    assert any(t.threat == "port_ban" and t.status == "standing" for t in answer.session.state.threats)


def test_probe_in_a_conference_tables_the_draft_then_lobbies():
    draft = {"dry_flow": 60.0, "fill_years": 7.0, "data_sharing": "realtime", "discharge_cut": 30.0}
    plain = probe(RIVER, "political", 1, 6, "highreach", Offer(positions=draft)).decision
    lobbied = probe(RIVER, "political", 1, 6, "highreach", Offer(positions=draft, rewards=("power_purchase",))).decision
    assert any(t.label == "Power purchase deal promised" for t in lobbied.terms)
    assert lobbied.value > plain.value
    with pytest.raises(ProbeError, match="a conference draft must take a position on every issue"):
        probe(RIVER, "political", 1, 1, "highreach", Offer(positions={"dry_flow": 60.0}))


def test_parse_offer_names_what_is_wrong():
    assert parse_offer(COD, ["quota_share=55", "inspections=joint"], ["crew_visas"], []) == Offer(
        positions={"quota_share": 55.0, "inspections": "joint"}, rewards=("crew_visas",))
    for positions, rewards, message in (
            (["quota=55"], [], "no issue 'quota'"),
            (["inspections=joint_teams"], [], "did you mean 'joint'?"),
            (["quota_share=90"], [], "quota_share must be from 30 to 80 (got 90)"),
            (["quota_share=lots"], [], "quota_share takes a number"),
            (["quota_share"], [], "write ISSUE=VALUE"),
            ([], ["market"], "no reward 'market'")):
        with pytest.raises(ProbeError, match=re.escape(message)):
            parse_offer(COD, positions, rewards, [])


def test_probe_command_prints_the_tables_reasons(capsys):
    argv = ["probe", "cod_line", "--country", "norland", "--turn", "3", "--cone", "economic", "--offer", "quota_share=55",
            "--offer", "inspections=joint", "--offer", "closed_season=8", "--reward", "market_access", "--threat", "port_ban"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    decision = probe(COD, "economic", 1, 3, "norland", OFFER).decision
    assert "The Cod Line: turn 3 of 8, Economic cone, seed 1" in out
    assert "every turn before 3 ended without an action" in out
    for line in reason_lines(decision):
        assert f"  {line}\n" in out
    assert f"To turn it into a yes: {decision.flip}" in out
    assert "Counteroffer: Norland's quota share" in out
    assert main(argv + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == decision.verdict and data["needed"] == decision.needed and data["turn"] == 3


@pytest.mark.parametrize("argv,message", [
    (["--country", "norlnd"], "no country 'norlnd'; did you mean 'norland'?"),
    (["--country", "norland", "--turn", "9"], "the talks end on turn 8 (got 9)"),
    (["--country", "norland", "--offer", "inspections=joint_teams"], "did you mean 'joint'?"),
    (["--country", "norland", "--threat", "port_ban", "--threat", "port_ban"], "a lever is attached twice"),
])
def test_probe_usage_errors(capsys, argv, message):
    assert main(["probe", "cod_line", *argv]) == 2
    assert message in capsys.readouterr().err
