"""The menu scenes, driven headless through the real App with posted mouse and key events."""

import json
import warnings
from pathlib import Path

import pygame
import pytest

from game.loading.scenario_loader import load_scenario
from game.model.actions import EndTurn
from game.ui.app import App, Settings
from game.ui.controller import Controller
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.choose_cone import ConeScene
from game.ui.scenes.choose_scenario import ScenarioScene
from game.ui.scenes.confirm import ConfirmScene
from game.ui.scenes.flow import pause as open_pause
from game.ui.scenes.help import HelpScene
from game.ui.scenes.pause import PauseScene
from game.ui.scenes.settings import SettingsScene

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

GAME_SCENES = ("TableScene", "HallScene")


def steps(app, n=3):
    for _ in range(n):
        app.step(1 / 60)


def widgets(app):
    """Live, visible widgets of the UI."""
    return [s for s in app.manager.get_sprite_group().sprites() if s.alive() and getattr(s, "visible", True)]


def find(app, text):
    found = [w for w in widgets(app) if getattr(w, "text", None) == text]
    assert found, f"no visible widget reads {text!r}: {sorted(str(getattr(w, 'text', '')) for w in widgets(app))}"
    return found[-1]


def click(app, text):
    widget = find(app, text)
    pos = widget.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    steps(app, 1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    steps(app)


def key(app, k, mod=0, unicode=""):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode=unicode, scancode=0))
    steps(app)


def scene_name(app):
    return type(app.scene).__name__


# ----- the way into a game -----

def test_mouse_new_game_to_table(app):
    a = app()
    click(a, "New game")
    assert scene_name(a) == "ScenarioScene"
    assert a.scene.entry.path.stem == "cod_line"  # selected by default
    click(a, "3. The Renner Case")
    assert a.scene.entry.path.stem == "detained_citizen"
    click(a, "2. The Cod Line")
    assert a.scene.entry.path.stem == "cod_line"
    assert "Norland" in a.scene.preview.html_text
    click(a, "Next: choose a cone")
    assert scene_name(a) == "ConeScene"
    click(a, "2. Economic")
    assert a.scene.cone == "economic"
    assert "Market access" in a.scene.explain.html_text or "tariff" in a.scene.explain.html_text.lower()
    a.scene.seed_entry.set_text("")
    click(a, "")  # the empty seed field takes the focus
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="42"))
    steps(a)
    key(a, pygame.K_RETURN)
    assert a.scene.seed == 42
    click(a, "Start")
    assert scene_name(a) == "BriefingScene"
    assert a.scene.controller.seed == 42 and a.scene.controller.cone == "economic"
    click(a, "Begin")
    assert scene_name(a) in GAME_SCENES
    assert [scene_name(a)] == [type(s).__name__ for s in a.stack[1:]] and scene_name_at(a, 0) == "TitleScene"


def scene_name_at(app, index):
    return type(app.stack[index]).__name__


def test_keyboard_only_new_game(app):
    a = app()
    key(a, pygame.K_RETURN)  # New game has the focus
    assert scene_name(a) == "ScenarioScene"
    key(a, pygame.K_DOWN)  # the focus moves down the list and the preview follows
    assert a.scene.entry.path.stem == "detained_citizen"
    key(a, pygame.K_UP)
    key(a, pygame.K_RETURN)  # Enter on the selected scenario goes on
    assert scene_name(a) == "ConeScene"
    key(a, pygame.K_3)
    assert a.scene.cone == "management"
    key(a, pygame.K_s)
    assert scene_name(a) == "BriefingScene"
    key(a, pygame.K_ESCAPE)  # back to the cone choice
    assert scene_name(a) == "ConeScene"
    key(a, pygame.K_s)
    key(a, pygame.K_b)
    assert scene_name(a) in GAME_SCENES


def test_cone_scene_explains_the_scenario():
    from game.ui.scenes.choose_cone import cone_html

    detained = load_scenario(SCENARIOS / "detained_citizen.yaml")
    consular = cone_html(detained, "consular")
    reserved = [o.label for e in detained.events for o in e.options if o.cone == "consular"]
    assert reserved and all(label.replace("'", "&#x27;") in consular or label in consular for label in reserved)
    sanctions = load_scenario(SCENARIOS / "sanctions_coalition.yaml")
    assert "+16 budget" in cone_html(sanctions, "management")  # the scenario's adjustment
    assert "4 action points" in cone_html(sanctions, "management")
    cod = load_scenario(SCENARIOS / "cod_line.yaml")
    economic = cone_html(cod, "economic")
    assert "credibility" in economic and "instead of" in economic


def test_broken_scenario_is_listed_with_its_problem(app, tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "cod_line.yaml").write_text((SCENARIOS / "cod_line.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.yaml").write_text("schema_version: 1\nid: broken\ntitle: 12\n", encoding="utf-8")
    a = app()
    a.push(ScenarioScene(a, folder))
    steps(a)
    assert a.scene.entry.path.stem == "cod_line"
    click(a, "1. broken.yaml (cannot load)")
    assert "does not load" in a.scene.preview.html_text and "broken.yaml:" in a.scene.preview.html_text
    assert not find(a, "Next: choose a cone").is_enabled


# ----- every menu scene at every size -----

def menu_scenes(a):
    scenario = load_scenario(SCENARIOS / "sanctions_coalition.yaml")
    controller = Controller(scenario, "management", 1)
    return controller, [
        ScenarioScene(a), ConeScene(a, scenario), BriefingScene(a, controller), SettingsScene(a), HelpScene(a),
        PauseScene(a, controller), ConfirmScene(a, "Quit this game?", lambda: None, detail="Progress will be lost."),
    ]


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080)])
def test_menu_scenes_open_and_close(app, size):
    a = app(size)
    controller, scenes = menu_scenes(a)
    window = pygame.Rect((0, 0), size)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for scene in [None, *scenes]:
            if scene is not None:
                a.push(scene)
            steps(a)
            if size == (1024, 600):
                outside = [(type(w).__name__, getattr(w, "text", ""), w.rect) for w in widgets(a)
                           if not window.contains(w.rect) and type(w).__name__ != "UITooltip"]
                assert not outside, f"{scene_name(a)}: {outside}"
            if scene is not None:
                a.pop()
                steps(a)
            assert scene_name(a) == "TitleScene"
    cut = [str(w.message) for w in caught if "too small" in str(w.message)]
    assert not cut, cut
    controller.close()


def test_tooltips_name_shortcuts(app):
    a = app()
    assert "[N]" in find(a, "New game").tool_tip_text
    click(a, "New game")
    for w in widgets(a):
        if type(w).__name__ == "UIButton":
            assert w.tool_tip_text, f"{w.text} has no tooltip"


# ----- pause and confirmation -----

def start_table(a, scenario="cod_line"):
    controller = Controller(load_scenario(SCENARIOS / f"{scenario}.yaml"), "political", 1)
    from game.ui.scenes.flow import table_scene

    a.push(table_scene(a, controller))
    steps(a)
    return controller


def test_escape_on_a_game_scene_opens_pause(app):
    a = app()
    start_table(a)
    assert scene_name(a) in GAME_SCENES
    key(a, pygame.K_ESCAPE)
    assert scene_name(a) == "PauseScene"
    key(a, pygame.K_ESCAPE)  # Esc again resumes
    assert scene_name(a) in GAME_SCENES


def test_quit_to_title_asks_when_progress_would_be_lost(app):
    a = app()
    controller = start_table(a)
    open_pause(a, controller)
    steps(a)
    click(a, "Quit to title")  # nothing done yet: no question
    assert scene_name(a) == "TitleScene" and len(a.stack) == 1

    controller = start_table(a)
    controller.submit(EndTurn())
    controller.wait()
    assert controller.state.turn == 2
    open_pause(a, controller)
    steps(a)
    click(a, "Quit to title")
    assert scene_name(a) == "ConfirmScene"
    click(a, "Keep playing")
    assert scene_name(a) == "PauseScene"
    click(a, "Quit to title")
    click(a, "Quit to title")  # the dialog's yes button
    assert scene_name(a) == "TitleScene" and len(a.stack) == 1


# ----- settings -----

def test_settings_apply_and_persist(app, saves):
    a = app()
    click(a, "Settings")
    assert scene_name(a) == "SettingsScene"
    click(a, "1024 × 600")
    click(a, "115 %")
    click(a, "Apply")
    assert a.screen.get_size() == (1024, 600)
    assert a.settings.ui_scale == 1.15
    assert scene_name(a) == "SettingsScene"
    data = json.loads((saves / "settings.json").read_text(encoding="utf-8"))
    assert data["size"] == [1024, 600] and data["ui_scale"] == 1.15 and data["fullscreen"] is False
    loaded = Settings.load()
    assert loaded.size == (1024, 600) and loaded.ui_scale == 1.15
    key(a, pygame.K_ESCAPE)
    assert scene_name(a) == "TitleScene"
    # nothing lies outside the smaller window with the larger text
    window = pygame.Rect((0, 0), a.screen.get_size())
    outside = [(getattr(w, "text", ""), w.rect) for w in widgets(a)
               if not window.contains(w.rect) and type(w).__name__ != "UITooltip"]
    assert not outside


def test_launch_reads_saved_settings(saves, monkeypatch):
    saves.mkdir(parents=True)
    (saves / "settings.json").write_text(json.dumps({"size": [1600, 900], "fullscreen": False, "ui_scale": 0.9}))
    seen = {}
    original = App.__init__

    def spy(self, settings=None, **kw):
        seen["settings"] = settings
        original(self, settings, **kw)

    monkeypatch.setattr(App, "__init__", spy)
    monkeypatch.setattr(pygame, "quit", lambda: None)  # keep pygame up for the other tests' font caches
    from game.ui.launch import launch

    assert launch(frames=2) == 0
    assert seen["settings"].size == (1600, 900) and seen["settings"].ui_scale == 0.9
    assert launch(frames=2, size=(1024, 600)) == 0  # an explicit size wins
    assert seen["settings"].size == (1024, 600)


def test_bad_settings_file_gives_defaults(saves):
    saves.mkdir(parents=True)
    (saves / "settings.json").write_text("{not json")
    assert Settings.load() == Settings()


def test_help_scrolls_with_the_keyboard(app):
    a = app((1024, 600))
    key(a, pygame.K_h)
    assert scene_name(a) == "HelpScene"
    pygame.mouse.set_pos((0, 0))  # over neither column: the keys scroll the picked one, the first at the start
    first, second = [b.scroll_bar for b in a.scene.scrollables]
    assert first is not None and second is not None, "at 1024x600 both columns are longer than the window"
    key(a, pygame.K_END)
    assert abs(first.start_percentage + first.visible_percentage - 1) < 0.01 and second.start_percentage == 0
    key(a, pygame.K_F6)
    key(a, pygame.K_PAGEDOWN)
    assert 0 < second.start_percentage < 1 - second.visible_percentage
    key(a, pygame.K_HOME)
    assert second.start_percentage == 0 and first.start_percentage > 0
