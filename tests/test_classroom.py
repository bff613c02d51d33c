"""The classroom (issue 12): assignments a teacher pins, forged and copied saves caught against the teacher's
copy, folders read without losing a save, autosaves per game and final saves, tidy CSV that a spreadsheet
cannot run, the teaching figures of the class report, and debriefs that teach."""

import csv
import io
import json
import os
import random
import time
from pathlib import Path

import pytest
from negotiating import talk_to

from game import __version__ as GAME_VERSION
from game.cli import main
from game.engine.bots import play
from game.engine.compromise import lose_lose_terms, session_analysis
from game.engine.debrief import batna_sentence, glossary, zopa_sentence
from game.engine.moments import levers_used
from game.engine.session import Session
from game.loading.scenario_loader import load_scenario, load_text
from game.model.actions import EndTurn, Offer, Propose, WalkAway
from game.saves import autosave, final_save, latest_autosave, load, save_as, verify
from game.saves.assignment import make, read, write
from game.saves.class_report import build, cell, to_csv
from game.saves.collect import collect
from game.saves.copies import MIN_ACTIONS
from game.saves.store import AUTOSAVE_GAMES

ROOT = Path(__file__).resolve().parent.parent
COD_LINE = ROOT / "scenarios" / "cod_line.yaml"


def greedy_game(scenario, cone="economic", seed=12, bot="greedy", bot_seed=None):
    session = Session(scenario, cone, seed)
    play(session, bot, random.Random(seed if bot_seed is None else bot_seed))
    return session


def saved(session, folder: Path, name: str, player: str, text: str | None = None) -> Path:
    session.scenario_text = text if text is not None else COD_LINE.read_text(encoding="utf-8")
    return save_as(session, name, folder, player=player)


@pytest.fixture
def assignment(tmp_path):
    path = tmp_path / "week3.json"
    write(make(COD_LINE, "economic", 12, title="Week 3", instructions="Play alone."), path)
    return read(path)


def accepted(session, country: str, positions: list[dict]) -> Offer:
    """The first of these offers the country would accept now (by the game's own preview)."""
    for p in positions:
        if session.preview(country, Offer(positions=p)).verdict == "accept":
            return Offer(positions=p)
    raise AssertionError(f"none of {positions} is accepted on turn {session.state.turn}")


# ------------------------------------------------------------------ verification against the teacher's copy

def test_forged_copied_and_wrong_cone_saves_fail_with_their_reasons(tmp_path, assignment, capsys):
    cod = load_scenario(COD_LINE)
    folder = tmp_path / "class"
    honest = greedy_game(cod)
    assert len(honest.actions) >= MIN_ACTIONS
    saved(honest, folder, "ana", "Ana")
    saved(greedy_game(cod, bot="random", bot_seed=3), folder, "cleo", "Cleo")
    # a copy of Ana's save handed in under another name
    copy = json.loads((folder / "ana.json").read_text(encoding="utf-8"))
    copy["header"]["player"] = "Ben Copycat"
    (folder / "ben.json").write_text(json.dumps(copy), encoding="utf-8")
    # played on an edited copy of the scenario: Norland's reservation value lowered
    text = COD_LINE.read_text(encoding="utf-8").replace("reservation: 0.45", "reservation: 0.05")
    forged = greedy_game(load_text(text, "cod_line.yaml"))
    saved(forged, folder, "dan", "Dan", text)
    assert verify(folder / "dan.json").ok  # on its own, the forged save replays on its embedded scenario
    saved(greedy_game(cod, cone="political"), folder, "eve", "Eve")
    saved(greedy_game(cod, seed=13), folder, "fay", "Fay")
    assert main(["verify", "--assignment", str(tmp_path / "week3.json"), str(folder)]) == 1
    lines = {line.split(":")[0]: line for line in capsys.readouterr().out.splitlines()}
    assert lines["cleo.json"].startswith("cleo.json: ok: Cleo, cod_line, economic, seed 12")
    line = lines["dan.json"]
    assert "FAILED: played on another scenario text: line" in line
    assert "reads 'reservation: 0.05' where the assignment's reads 'reservation: 0.45'" in line
    assert lines["eve.json"].endswith("FAILED: played in the political cone; the assignment sets the economic cone")
    assert lines["fay.json"].endswith("FAILED: played on seed 13; the assignment sets seed 12")
    assert f"ben.json: FAILED: copy: the same action log as ana.json (Ana), all {len(honest.actions)} actions" in lines["ben.json"]
    assert "ana.json: FAILED: copy: the same action log as ben.json (Ben Copycat)" in lines["ana.json"]
    # without the copy the honest save passes
    (folder / "ben.json").unlink()
    assert main(["verify", "--assignment", str(tmp_path / "week3.json"), str(folder / "ana.json")]) == 0
    assert "ana.json: ok: Ana, cod_line, economic, seed 12" in capsys.readouterr().out


def test_a_save_is_replayed_on_the_assignments_scenario_not_its_own(tmp_path, assignment):
    """Edit the embedded scenario and its sha256 together: the save is internally consistent, but the
    assignment's text differs, so it fails before any replay."""
    cod = load_scenario(COD_LINE)
    path = saved(greedy_game(cod), tmp_path, "ana", "Ana")
    document = json.loads(path.read_text(encoding="utf-8"))
    import hashlib

    text = document["body"]["scenario"]["text"].replace("reservation: 0.45", "reservation: 0.44")
    document["body"]["scenario"].update(text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    path.write_text(json.dumps(document), encoding="utf-8")
    result = verify(path, assignment=assignment)
    assert not result.ok and result.message.startswith("played on another scenario text")


def test_another_rules_version_is_named(tmp_path, assignment):
    path = saved(greedy_game(load_scenario(COD_LINE)), tmp_path, "ana", "Ana")
    document = json.loads(path.read_text(encoding="utf-8").split("\n", 1)[0][len('{"header": '):-1])
    honest = path.read_text(encoding="utf-8")
    for saved_by, changed in (("0.1.4", "0.2.0"), ("0.2.0", "0.3.0")):
        path.write_text(honest.replace(f'"game_version": "{document["game_version"]}"', f'"game_version": "{saved_by}"', 1), encoding="utf-8")
        result = verify(path, assignment=assignment)
        assert not result.ok
        assert result.message == (f"made with Demarche {saved_by}, under other rules than this game's "
                                  f"({GAME_VERSION}; the rules changed in {changed})")


def test_short_identical_logs_are_noted_not_failed(tmp_path, capsys):
    cod = load_scenario(COD_LINE)
    for name in ("ana", "ben"):
        session = Session(cod, "economic", 12)
        session.apply(WalkAway())
        saved(session, tmp_path, name, name.title())
    assert main(["verify", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "ana.json: ok: Ana" in out and "too short a game to call it a copy" in out


def test_turn_limit_travels_with_the_save(tmp_path, capsys):
    limited = tmp_path / "short.json"
    assert main(["assign", "cod_line", "--cone", "economic", "--seed", "12", "--turns-limit", "3", "-o", str(limited)]) == 0
    plain = tmp_path / "plain.json"
    write(make(COD_LINE, "economic", 12), plain)
    assert main(["simulate", "--assignment", str(limited), "--seeds", "2", "--bot", "random", "--player", "Student {n}",
                 "--save-dir", str(tmp_path / "class")]) == 0
    files = sorted((tmp_path / "class").iterdir())
    assert [f.name for f in files] == ["cod_line-economic-12-001.json", "cod_line-economic-12-002.json"]
    loaded = load(files[0])
    assert loaded.header.player == "Student 1" and loaded.scenario.player.deadline == 3 and loaded.state.turn <= 3
    assert json.loads(files[0].read_text(encoding="utf-8"))["body"]["scenario"]["turns_limit"] == 3
    capsys.readouterr()
    assert main(["verify", "--assignment", str(limited), str(tmp_path / "class")]) == 0
    assert main(["verify", "--assignment", str(plain), str(files[0])]) == 1
    assert "played with a limit of 3 turns; the assignment sets the scenario's own deadline" in capsys.readouterr().out


def test_simulate_first_seed_and_names(tmp_path, capsys):
    assert main(["simulate", "cod_line", "--cone", "consular", "--seeds", "2", "--first-seed", "7", "--bot", "random",
                 "--player", "Student {n}", "--save-dir", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["cod_line-consular-7.json", "cod_line-consular-8.json"]
    assert [load(tmp_path / n).header.player for n in names] == ["Student 1", "Student 2"]


def test_assignment_files_refuse_edits(tmp_path):
    path = tmp_path / "a.json"
    write(make(COD_LINE, "economic", 12), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["scenario"]["text"] = data["scenario"]["text"].replace("0.45", "0.05")
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(Exception, match="its scenario text does not match its sha256"):
        read(path)


# ------------------------------------------------------------------ folders, autosaves, final saves

def test_folders_are_read_case_insensitively_and_every_other_entry_is_explained(tmp_path):
    session = Session(load_scenario(COD_LINE), "economic", 1)
    session.apply(WalkAway())
    good = save_as(session, "x", tmp_path)
    data = good.read_bytes()
    good.unlink()
    for name in ("Ana.JSON", ".ana.json", "ben", "notes.txt", ".x.json.tmp-999999.1"):
        (tmp_path / name).write_bytes(data)
    (tmp_path / "sub").mkdir()
    write(make(COD_LINE, "economic", 1), tmp_path / "week.json")
    found = collect([tmp_path])
    assert [p.name for p in found.files] == ["Ana.JSON"]
    why = {s.shown: s.why for s in found.skipped}
    assert why[".ana.json"].startswith("a hidden file")
    assert why["ben"] == "no file extension: if it is a save, rename it ben.json"
    assert why["notes.txt"] == "not a .json file (.txt)"
    assert why[".x.json.tmp-999999.1"] == "a temporary file left by a save being written"
    assert why["sub"].startswith("a folder")
    assert why["week.json"] == "an assignment, not a save"
    assert verify(found.files[0]).ok


def test_autosaves_rotate_per_game_and_final_saves_stay(tmp_path):
    session = Session(load_scenario(COD_LINE), "economic", 1)
    for _ in range(7):
        autosave(session, tmp_path, keep=3, game="a")
    for _ in range(2):
        autosave(session, tmp_path, keep=3, game="b")
    final = final_save(session, tmp_path, player="Ana Lopez")
    again = final_save(session, tmp_path, player="Ana Lopez")
    assert final != again and final.name.endswith("-final.json") and "ana_lopez" in final.name
    names = sorted(p.name for p in tmp_path.glob("autosave-*.json"))
    assert names == ["autosave-a-0005.json", "autosave-a-0006.json", "autosave-a-0007.json",
                     "autosave-b-0001.json", "autosave-b-0002.json"]
    assert latest_autosave(tmp_path).name == "autosave-b-0002.json"
    for g in range(AUTOSAVE_GAMES + 2):  # later games push out the oldest games' autosaves, never a final save
        autosave(session, tmp_path, game=f"g{g}")
        time.sleep(0.002)
    games = {p.name.rsplit("-", 1)[0] for p in tmp_path.glob("autosave-*.json")}
    assert len(games) == AUTOSAVE_GAMES and "autosave-a" not in games
    assert final.exists() and again.exists() and load(final).header.player == "Ana Lopez"
    from game.saves import list_saves

    kinds = {i.path.name: (i.autosave, i.final) for i in list_saves(tmp_path)}
    assert kinds[final.name] == (False, True) and kinds[f"autosave-g{AUTOSAVE_GAMES + 1}-0001.json"] == (True, False)


def test_a_finished_game_in_the_client_keeps_a_final_save_with_the_name(tmp_path):
    from game.ui.controller import Controller

    controller = Controller(load_scenario(COD_LINE), "economic", 4, saves=tmp_path, player="Ana Lopez")
    try:
        controller.submit(EndTurn())
        controller.wait()
        controller.submit(WalkAway())
        controller.wait()
    finally:
        controller.close()
    final = controller.final.path
    assert final is not None and final.exists() and controller.final.error is None
    assert load(final).header.player == "Ana Lopez" and load(final).state.phase == "over"
    autos = list(tmp_path.glob(f"autosave-{controller.game}-*.json"))
    assert autos and all(load(p).header.player == "Ana Lopez" for p in autos)


# ------------------------------------------------------------------ exports

def test_csv_cells_cannot_run_and_the_table_is_tidy(tmp_path):
    assert [cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", " =1", "\u202e=1", "Ana", 3, -2.5, None, True)] == \
        ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "' x", "' x", "' =1", "'=1", "Ana", 3, -2.5, "", "yes"]
    cod = load_scenario(COD_LINE)
    folder = tmp_path / "class"
    saved(greedy_game(cod, seed=10), folder, "mallory", '=HYPERLINK("x")')
    saved(greedy_game(cod, seed=2), folder, "ana", "Ana")
    text = to_csv(build([folder]))
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[:4] == ["name", "score", "grade", "objectives met"]
    assert [h for h in header if h.startswith("objective: ")] == [
        "objective: Norland's quota share", "objective: Inspections", "objective: Closed season"]
    by_file = {r[header.index("file")]: r for r in rows[1:]}
    assert by_file["mallory.json"][0] == "'=HYPERLINK(\"x\")"
    assert '"\'=HYPERLINK(""x"")"' in text
    assert [by_file[f][header.index("seed")] for f in ("ana.json", "mallory.json")] == ["2", "10"]  # numbers, not text
    assert all(not os.path.isabs(f) for f in by_file)
    groups = list(csv.reader(io.StringIO(to_csv(build([folder]), "groups"))))
    assert len(groups) == 2 and groups[1][groups[0].index("verified")] == "2"


# ------------------------------------------------------------------ teaching figures

def test_class_report_figures_come_from_the_engine(tmp_path):
    cod = load_scenario(COD_LINE)
    folder = tmp_path / "class"
    session = greedy_game(cod, seed=5)
    saved(session, folder, "ana", "Ana")
    report = build([folder])
    row = report.verified[0]
    analysis = session_analysis(session)
    assert row.nash_ratio == analysis.nash_ratio and row.value_left == analysis.value_left
    assert row.you == analysis.parties[0].utility_at_deal and row.them == analysis.parties[1].utility_at_deal
    levers = levers_used(session.actions, session.state)
    assert (row.threats_made, row.promises_kept, row.promises_broken) == (
        levers.threats_made, levers.promises_kept, levers.promises_broken)
    assert {k for k, v in row.objectives.items() if v} == set(session.state.outcome.objectives_met)
    group = next(iter(report.groups.values()))
    assert group.start["nash"] is not None and group.start["frontier"]
    from game.saves.class_page import to_html

    html = to_html(report, "Week 3")
    assert html.count("<svg") == 1 + len(cod.issues) and "The deals against the Nash point and the frontier" in html
    assert cod.lesson.split()[0] in html


def test_threats_made_and_carried_out_are_counted():
    cod = load_scenario(COD_LINE)
    session = Session(cod, "economic", 1)
    session.apply(Propose(country="norland", offer=Offer(positions={"quota_share": 30.0}, threats=("port_ban",))))
    session.apply(Propose(country="norland", offer=Offer(positions={"quota_share": 35.0}, threats=("censure",))))
    from game.model.actions import CarryOut

    session.apply(CarryOut(country="norland", threat="port_ban"))
    levers = levers_used(session.actions, session.state)
    assert (levers.threats_made, levers.threats_carried_out) == (2, 1)


def test_report_folder_and_class_report_link_each_debrief(tmp_path, capsys):
    cod = load_scenario(COD_LINE)
    folder = tmp_path / "class"
    saved(greedy_game(cod, seed=1), folder, "ana", "Ana")
    saved(greedy_game(cod, seed=2), folder, "Ben.JSON", "Ben")
    pages = tmp_path / "debriefs"
    assert main(["report", str(folder), "-o", str(pages)]) == 0
    assert sorted(p.name for p in pages.iterdir()) == ["Ben.html", "ana.html", "figures.json"]
    out = tmp_path / "class.html"
    assert main(["class-report", str(folder), "--debriefs", str(pages), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert 'href="debriefs/ana.html"' in html and 'href="debriefs/Ben.html"' in html


# ------------------------------------------------------------------ debriefs that teach

COMPATIBLE = """
schema_version: 1
id: compatible
title: "Both want it"
kind: bilateral
difficulty: easy
summary: "One issue both sides want high."
briefing: "Test."
lesson: "When both want the same thing, take it."
debrief_questions: ["Why did you settle for fewer drills?"]
player:
  country: Testland
  budget: 50
  deadline: 5
  objectives:
    - {issue: drills, weight: 0.5, ideal: 10, target: 6, description: "Many drills."}
    - {issue: price, weight: 0.5, ideal: 0, target: 50, description: "Low price."}
issues:
  - {type: range, id: drills, name: "Drills", description: "Joint drills a year.", min: 0, max: 10, step: 1}
  - {type: range, id: price, name: "Price", description: "The price.", min: 0, max: 100, step: 10}
countries:
  - {id: other, name: Otherland, color: "#111111", capability: 0.5, stability: 60, relationship: 0,
     concession: conceder, resolve: 0.5, reservation: 0.3, interests: {drills: {weight: 0.3, ideal: 10}, price: {weight: 0.7, ideal: 100}}}
"""


def test_a_lose_lose_term_is_flagged_and_the_debrief_teaches_with_your_numbers(tmp_path):
    scenario = load_text(COMPATIBLE, "compatible.yaml")
    session = talk_to(Session(scenario, "economic", 1), 4)
    offer = accepted(session, "other", [{"drills": 2.0, "price": float(p)} for p in range(40, 101, 10)])
    session.apply(Propose(country="other", offer=offer))
    assert session.state.deal is not None, session.state.log[-1].text
    terms = lose_lose_terms(session)
    assert [(t.issue, t.agreed, t.better) for t in terms] == [("drills", 2.0, 10.0)] and terms[0].others == ["Otherland"]
    analysis = session_analysis(session)
    words = dict(glossary(session, analysis))
    assert set(words) == {"BATNA", "Reservation value", "ZOPA", "Pareto frontier", "Nash point", "Logrolling", "Credibility"}
    assert f"Yours was worth {round(analysis.parties[0].no_deal_value * 100)} points" in words["BATNA"]
    theirs = round(analysis.parties[1].no_deal_value * 100)
    assert f"Otherland's was {theirs}" in words["Reservation value"]
    assert "25 points to you" in batna_sentence(analysis) and f"at least {theirs} to Otherland" in zopa_sentence(analysis, scenario)
    from game.saves.report import session_report

    session.apply(EndTurn())
    session.scenario_text = COMPATIBLE
    html = session_report(load(save_as(session, "x", tmp_path)))
    for text in ("Lose-lose term: Drills at 2", "What the words mean, with your numbers", "Why did you settle for fewer drills?",
                 "When both want the same thing, take it.", "Your BATNA and the zone of agreement"):
        assert text in html


# ------------------------------------------------------------------ the teaching scenarios

def test_ferrin_pass_teaches_distributive_integrative_and_compatible_issues():
    """Castora wants the line open early too (a compatible issue, hidden): conceding a later opening is
    flagged lose-lose; trading the route for the border hours (logrolling) is worth more to both sides
    than splitting both down the middle."""
    from game.engine.dealspace import DealSpace
    from game.model.state import Deal

    scenario = load_scenario(ROOT / "scenarios" / "ferrin_pass.yaml")
    assert scenario.lesson and len(scenario.debrief_questions) >= 3
    session = Session(scenario, "economic", 2)
    space = DealSpace(session.ctx)
    logroll = Deal(positions={"cost_share": 50.0, "route": "southern", "border_hours": "round_the_clock", "opening": 4.0})
    split = Deal(positions={"cost_share": 50.0, "route": "northern", "border_hours": "extended", "opening": 4.0})
    assert all(space.deal_utilities(logroll) > space.deal_utilities(split))
    # a student who gives away the opening date as if it were a concession
    talk_to(session, scenario.player.deadline)
    offers = [{**logroll.positions, "opening": 9.0, "cost_share": float(c)} for c in range(50, 81, 5)]
    session.apply(Propose(country="castora", offer=accepted(session, "castora", offers)))
    assert session.state.deal is not None, session.state.log[-1].text
    terms = lose_lose_terms(session)
    assert [(t.issue, t.agreed) for t in terms] == [("opening", 9.0)] and terms[0].better == 4.0


def test_meridian_canal_needs_four_votes_and_both_vetoes():
    from game.model.voting import passes, rule_text

    scenario = load_scenario(ROOT / "scenarios" / "meridian_canal.yaml")
    ids = [c.id for c in scenario.countries]
    assert len(ids) == 5 and scenario.conference.veto == ["ismera", "orvanne"]
    assert passes(scenario, ["ismera", "orvanne", "pellucia", "tarn"])
    assert not passes(scenario, ["pellucia", "kestmark", "tarn", "orvanne"])  # four votes, Ismera's veto
    assert not passes(scenario, ["ismera", "orvanne", "tarn"])  # both vetoes, three votes
    assert rule_text(scenario) == "4 of the 5 delegations vote for it, Ismera and Orvanne among them (each holds a veto)"
    analysis = session_analysis(Session(scenario, "economic", 1))
    assert analysis.zopa and {"ismera", "orvanne"} <= set(analysis.binding) and len(analysis.binding) >= 5
    assert len(scenario.rewards) >= 3  # side payments


def test_every_shipped_scenario_has_a_lesson_and_the_teaching_ones_have_questions():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        assert scenario.lesson.strip(), path.name
    for name in ("ferrin_pass", "meridian_canal", "first_posting"):
        assert len(load_scenario(ROOT / "scenarios" / f"{name}.yaml").debrief_questions) >= 3, name


# ------------------------------------------------------------------ speed without changing a figure

@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml")))
def test_the_broadcast_grid_is_the_gathered_grid_bit_for_bit(name):
    import numpy as np

    from game.engine.dealspace import DealSpace, _top

    session = Session(load_scenario(ROOT / "scenarios" / f"{name}.yaml"), "economic", 3)
    play(session, "random", random.Random(3), max_actions=12)
    for rewards, settled in ((True, False), (False, True), (False, False)):
        space = DealSpace(session.ctx, rewards=rewards, settled=settled)
        if not space.exact() or not space.free_dims():
            continue
        outcomes = space.all_outcomes()
        U, spend = space.every()
        assert np.array_equal(U, space.utilities(outcomes)) and np.array_equal(spend, space.spend(outcomes))
        for i in (0, len(outcomes) // 2, len(outcomes) - 1):
            assert np.array_equal(space.outcome_at(i), outcomes[i])
    scores = np.array([3.0, 1.0, 3.0, 2.0, -1e6, 2.0])
    assert _top(scores, 3).tolist() == np.argsort(-scores, kind="stable")[:3].tolist() == [0, 2, 3]


def test_class_report_reuses_the_figures_report_wrote_only_for_the_same_bytes(tmp_path, assignment, capsys):
    cod = load_scenario(COD_LINE)
    folder = tmp_path / "class"
    for seed, name in ((1, "ana"), (2, "ben")):
        saved(greedy_game(cod, seed=12, bot_seed=seed), folder, name, name.title())
    pages = tmp_path / "debriefs"
    week = str(tmp_path / "week3.json")
    assert main(["report", str(folder), "-o", str(pages), "--assignment", week]) == 0
    assert (pages / "figures.json").exists()
    fresh = to_csv(build([folder], assignment))
    reused = build([folder], assignment, debriefs=pages)
    assert to_csv(reused).replace("ana.html", "").replace("ben.html", "") == fresh
    # another assignment (or none) does not reuse them; changed bytes are verified again
    assert read_figures_for(pages, None) == {}
    (folder / "ben.json").write_bytes((folder / "ben.json").read_bytes().replace(b'"grade": "', b'"grade": "A', 1))
    again = {r.file: r for r in build([folder], assignment, debriefs=pages).rows}
    assert again["ben.json"].status == "failed" and again["ana.json"].status == "verified"


def read_figures_for(folder, assignment):
    from game.saves.class_report import read_figures

    return read_figures(folder, assignment)


def test_a_copy_names_a_few_of_its_matches(tmp_path):
    path = saved(greedy_game(load_scenario(COD_LINE)), tmp_path, "a0", "A")
    for n in range(1, 5):
        (tmp_path / f"a{n}.json").write_bytes(path.read_bytes())
    rows = {r.file: r for r in build([tmp_path], figures=False).rows}
    assert all(r.status == "copy" for r in rows.values())
    assert rows["a0.json"].problem.count("the same action log as") == 3 and rows["a0.json"].problem.endswith("; and 1 more")
