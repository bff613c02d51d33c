"""`python main.py balance`: the shared deal, the planner's games per cone with Wilson intervals, what
closed the gaps, and the warnings, as a screen and as JSON (few seeds: the figures' meaning, not their
values, is under test)."""

import json
import re

from conftest import SCENARIOS

from game.authoring.balance import balance, report_json
from game.authoring.deals import baseline, check_fully, reach
from game.cli import main
from game.engine.simulate import simulate, wilson
from game.loading.scenario_loader import load_scenario
from game.model.cones import CONES

RIVER = (SCENARIOS / "river_compact.yaml").read_text(encoding="utf-8")


def test_balance_json_keys_and_figures_match_simulate(capsys):
    assert main(["balance", "cod_line", "--seeds", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"reachable", "nash_objectives_met", "cones", "warnings"} <= set(data)
    assert data["reachable"] is True
    scenario = load_scenario(SCENARIOS / "cod_line.yaml")
    assert set(data["nash_objectives_met"]) == set(baseline(scenario).nash_met)
    assert set(data["cones"]) == set(CONES)
    played = simulate(scenario, ["consular"], 2, "planner")["consular"]
    consular = data["cones"]["consular"]
    assert {"win_rate", "ci_low", "ci_high", "mean_score", "best_score"} <= set(consular)
    assert consular["win_rate"] == played.win_rate
    assert (consular["ci_low"], consular["ci_high"]) == tuple(round(x, 4) for x in wilson(played.wins, 2))
    assert consular["mean_score"] == round(played.mean_score, 2) and consular["best_score"] == round(played.best, 2)
    for warning in data["warnings"]:
        assert {"path", "line", "message"} <= set(warning)


def test_balance_screen(capsys):
    assert main(["balance", "cod_line", "--seeds", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The Cod Line (cod_line.yaml): the planner's games, 2 seeds per cone")
    assert "Shared deal: yes. At the opening the Nash point meets" in out
    for cone in CONES:
        assert re.search(rf"^{cone} +\d+% \( *\d+% to +\d+%\) +\d+\.\d +\d+", out, re.M), cone
    assert "Spread of mean scores:" in out
    assert "What closed the gaps" in out and "Fish market access -> Norland" in out
    assert "Warnings:" in out


def test_levers_that_closed_gaps_are_the_ones_in_the_deals():
    checked = check_fully(SCENARIOS / "cod_line.yaml")
    result = balance(checked, 2)
    for cone in CONES:
        decisive = [lv for lv in result.levers[cone] if lv.decisive]
        assert all(len(lv.decisive) <= result.stats[cone].deals for lv in decisive)
        assert all(lv.country == "norland" for lv in decisive)
    report = report_json(result)
    assert report["spread"] == round(result.spread, 2)


def test_no_shared_deal_is_reported_and_fails(tmp_path, capsys):
    text = re.sub(r"reservation: [0-9.]+", "reservation: 1.0", RIVER)
    text = re.sub(r"    value: 0\.[0-9]+", "    value: 0.01", text)
    path = tmp_path / "river_compact.yaml"
    path.write_text(text, encoding="utf-8")
    assert not any(r.zopa for r in reach(load_scenario(path)).values())
    assert check_fully(path).errors  # validate refuses it ...
    assert main(["balance", str(path), "--seeds", "1"]) == 1  # ... and balance will not report on it
    assert "no shared deal can satisfy" in capsys.readouterr().err


def test_balance_warns_when_the_cone_hardly_matters():
    checked = check_fully(SCENARIOS / "first_posting.yaml")
    result = balance(checked, 1)
    messages = [w.message for w in result.warnings]
    if result.spread < 5:
        assert any("the cones' mean scores are only" in m for m in messages)
    if len(result.in_play()) < 3:
        assert any("win between 10% and 90%" in m for m in messages)
