"""Assignments in the client: the title's Assignment entry, the student's name in every save, the game the
assignment sets; and the debrief that says where the final save is and teaches with the player's numbers."""

import pygame
from test_classroom import COD_LINE
from test_ui_menus import click, find, scene_name, steps

from game.model.actions import WalkAway
from game.saves import load
from game.saves.assignment import make, write
from game.ui.scenes import flow


def type_text(app, text):
    """Type into the focused text entry, as the keyboard does (TEXTINPUT events)."""
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
    steps(app)


def test_title_assignment_name_briefing_and_saves(app, saves, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(make(COD_LINE, "consular", 9, title="Week 3", instructions="Play alone, then hand in the final save.",
               turns_limit=4), tmp_path / "week3.json")
    a = app()
    click(a, "Assignment")
    assert scene_name(a) == "FindAssignmentScene"
    click(a, "week3.json · Week 3 · The Cod Line (cod_line), consular cone, seed 9, 4 turns")
    assert scene_name(a) == "AssignmentScene"
    assert not find(a, "Start").is_enabled  # no name yet
    type_text(a, "Ana Lopez")
    assert find(a, "Start").is_enabled
    click(a, "Start")
    assert scene_name(a) == "BriefingScene"
    controller = a.scene.controller
    assert (controller.cone, controller.seed, controller.player) == ("consular", 9, "Ana Lopez")
    assert controller.scenario.player.deadline == 4
    assert a.settings.extra["player_name"] == "Ana Lopez"
    controller.submit(WalkAway())
    controller.wait()
    final = load(controller.final.path)
    assert final.header.player == "Ana Lopez"
    from game.saves.assignment import read

    assert read(tmp_path / "week3.json") is not None
    from game.saves import verify

    assert verify(controller.final.path, assignment=read(tmp_path / "week3.json")).ok
    # the debrief names the final save and teaches with the player's numbers
    flow.debrief(a, controller, flow.debrief_data(controller.session))
    steps(a)
    assert a.scene.final_text == f"Final save: {controller.final.path.name}"
    story = a.scene.story_html()
    for part in ("Your BATNA and the zone of agreement", "What the words mean, with your numbers", "<b>BATNA</b>",
                 "<b>Logrolling</b>", "Your final save", "The lesson"):
        assert part in story


def test_a_damaged_assignment_says_why(app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.json").write_text('{"format": "demarche-assignment", "version": 1}', encoding="utf-8")
    a = app()
    click(a, "Assignment")
    shown = "broken.json: is a damaged assignment: title: missing; cone: missing; seed: missing; and 3 more"
    click(a, shown)  # listed with its problem
    assert scene_name(a) == "MessageScene" and "damaged assignment" in a.scene.html
