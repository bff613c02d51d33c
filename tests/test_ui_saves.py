"""Saves in the client, headless: autosave every turn, Continue, Load, Save as, the replay viewer."""

import time
from pathlib import Path

import pygame
import pytest
from test_ui_menus import click, find, key, scene_name, steps

from game.model.actions import EndTurn
from game.saves import verify
from game.ui.scenes.flow import pause as open_pause
from game.ui.scenes.flow import start_game
from game.ui.scenes.load import LoadScene, MessageScene
from game.ui.scenes.replay import ReplayScene

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def settle(a, until, limit=20.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        steps(a, 1)
        if until():
            return
        time.sleep(0.005)
    raise AssertionError("timed out")


def play_turns(a, n):
    """Start The Cod Line and end `n` turns through the End turn button."""
    controller = start_game(a, str(SCENARIOS / "cod_line.yaml"), "economic", 7)
    steps(a)
    for _i in range(n):
        serial = controller.last_save.serial if controller.last_save else 0
        click(a, "End turn")
        settle(a, lambda before=serial: controller.last_save is not None and controller.last_save.serial > before and not controller.busy)
        steps(a)  # the scene takes the result and shows the badge
    return controller


def test_autosave_every_turn_and_continue(app, saves):
    a = app()
    controller = play_turns(a, 3)
    assert controller.save_error is None
    autos = sorted(saves.glob("autosave-*.json"))
    game = controller.game
    assert game.startswith("cod_line-")
    assert [p.name for p in autos] == [f"autosave-{game}-0001.json", f"autosave-{game}-0002.json", f"autosave-{game}-0003.json"]
    assert verify(autos[-1]).ok
    assert a.scene.autosave_badge_text == "Saved turn 3"
    state = controller.state.model_dump()
    turn = controller.state.turn
    controller.close()
    # back at the title, Continue reopens the latest autosave at the same turn, equal state
    b = app()
    assert find(b, "Continue").is_enabled
    click(b, "Continue")
    assert scene_name(b) == "TableScene"
    assert b.scene.controller.state.turn == turn
    assert b.scene.controller.state.model_dump() == state
    assert b.scene.controller.saves == saves


def test_continue_disabled_without_autosave(app, saves):
    a = app()
    button = find(a, "Continue")
    assert not button.is_enabled
    assert "no autosave" in button.tool_tip_text


def test_autosave_failure_is_reported_not_raised(app, saves, tmp_path):
    a = app()
    controller = start_game(a, str(SCENARIOS / "cod_line.yaml"), "economic", 7)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    controller.saves = blocker / "saves"
    steps(a)
    click(a, "End turn")
    settle(a, lambda: controller.last_save is not None and not controller.busy)
    steps(a)
    assert controller.save_error and controller.state.turn == 2
    assert a.scene.autosave_badge_text.startswith("Autosave failed:")


def test_load_lists_newest_first_and_damaged(app, saves):
    a = app()
    controller = play_turns(a, 2)
    controller.close()
    (saves / "broken.json").write_bytes(b'{"header": {"save_version": 2')
    b = app()
    click(b, "Load")
    scene = b.scene
    assert isinstance(scene, LoadScene)
    names = [i.path.name for i in scene.saves]
    assert names[:2] == [f"autosave-{controller.game}-0002.json", f"autosave-{controller.game}-0001.json"]
    assert names[-1] == "broken.json"
    broken = scene.rows[-1]
    assert "damaged" in broken.text and "truncated" in broken.text
    scene.choose(len(scene.saves) - 1)
    steps(b)
    assert "cannot be read" in scene.details.html_text
    assert not find(b, "Load").is_enabled  # the bar's Load button
    scene.choose(0)
    steps(b)
    assert "Cod Line" in scene.details.html_text and "Turn:</b> 3" in scene.details.html_text
    click(b, "Replay")
    assert isinstance(b.scene, ReplayScene) and b.scene.view is not None
    key(b, pygame.K_ESCAPE)
    assert isinstance(b.scene, LoadScene)
    click(b, "Load")
    assert scene_name(b) == "TableScene" and b.scene.controller.state.turn == 3


def test_save_as_named_slot_and_refusal(app, saves):
    a = app()
    controller = play_turns(a, 1)
    open_pause(a, controller)
    steps(a)
    click(a, "Save as…")
    dialog = a.scene
    dialog.entry.set_text("../evil")
    dialog.refresh_note()
    click(a, "Save")
    assert scene_name(a) == "SaveAsScene"
    assert "saves folder" in dialog.shown_note
    assert not (saves.parent / "evil.json").exists()
    dialog.entry.set_text("Before the vote")
    dialog.message = ""
    click(a, "Save")
    settle(a, lambda: scene_name(a) == "PauseScene")
    assert (saves / "Before the vote.json").is_file()
    assert verify(saves / "Before the vote.json").ok
    assert a.scene.status.text == "Saved as Before the vote.json"
    # the same name again asks before replacing
    click(a, "Save as…")
    a.scene.entry.set_text("Before the vote")
    click(a, "Save")
    assert scene_name(a) == "ConfirmScene"
    click(a, "Replace")
    settle(a, lambda: scene_name(a) == "PauseScene")


def test_replay_steps_forward_and_back(app, saves):
    a = app()
    controller = play_turns(a, 1)
    from game.model.actions import Offer, Propose

    issue = controller.scenario.issues[0]
    offer = Offer(positions={issue.id: controller.state.countries["norland"].ideals[issue.id]})
    assert controller.submit(Propose(country="norland", offer=offer))
    assert controller.wait().error is None
    assert controller.submit(EndTurn())
    controller.wait()
    path = controller.last_save.path
    controller.close()
    b = app()
    scene = ReplayScene(b, path)
    b.push(scene)
    steps(b)
    assert scene.step_name(0) == "The opening"
    key(b, pygame.K_RIGHT)
    key(b, pygame.K_RIGHT)
    assert scene.index == 2 and scene.turn_label.text == "Turn 2 of 3"
    html = scene.turn_box.html_text
    assert "You offered Norland" in html and "needs" in html  # the answer with its threshold
    assert any(s in html for s in ("+", "−"))  # signed points
    key(b, pygame.K_LEFT)
    assert scene.index == 1
    key(b, pygame.K_END)
    assert scene.index == len(scene.steps) - 1
    key(b, pygame.K_HOME)
    assert scene.index == 0 and not scene.prev_button.is_enabled


def test_corrupted_save_shows_message_and_returns_to_title(app, saves):
    a = app()
    controller = play_turns(a, 1)
    path = controller.last_save.path
    controller.close()
    text = path.read_text(encoding="utf-8").replace('"budget":', '"budget":1', 1)
    path.write_text(text, encoding="utf-8")
    b = app()
    click(b, "Continue")
    assert isinstance(b.scene, MessageScene)
    assert "cannot be loaded" in b.scene.heading and b.scene.message_box.html_text
    click(b, "Back")
    assert scene_name(b) == "TitleScene" and len(b.stack) == 1
    # the replay viewer shows it too, with a way back
    c = app()
    scene = ReplayScene(c, path)
    c.push(scene)
    steps(c)
    assert scene.error and scene.view is None
    click(c, "Back")
    assert scene_name(c) == "TitleScene"


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080)])
def test_save_scenes_fit_every_size(app, saves, size):
    """Load, replay, save-as and message scenes open and close at three sizes; at 1024x600 no
    widget lies outside the window and no label is too small for its text."""
    import random
    import warnings

    from game.engine.bots import play
    from game.engine.session import Session
    from game.loading.scenario_loader import load_scenario
    from game.saves import save_as
    from game.ui.controller import Controller
    from game.ui.scenes.save_as import SaveAsScene

    session = Session(load_scenario(SCENARIOS / "river_compact.yaml"), "political", 2)
    play(session, "greedy", random.Random(2))
    path = save_as(session, "class 4B", saves)
    a = app(size)
    controller = Controller(session.scenario, "political", 2)
    window = pygame.Rect((0, 0), size)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for scene in (LoadScene(a, saves), ReplayScene(a, path), SaveAsScene(a, controller),
                      MessageScene(a, "This save cannot be loaded", "turn 3: the record differs")):
            a.push(scene)
            steps(a)
            if size == (1024, 600):
                outside = [(type(w).__name__, getattr(w, "text", ""), w.rect) for w in a.manager.get_sprite_group().sprites()
                           if w.alive() and getattr(w, "visible", True) and not window.contains(w.rect)
                           and type(w).__name__ != "UITooltip"]
                assert not outside, f"{type(scene).__name__}: {outside}"
            a.pop()
            steps(a)
    controller.close()
    assert not [str(w.message) for w in caught if "too small" in str(w.message)]
