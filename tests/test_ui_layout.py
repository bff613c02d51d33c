"""Nothing cut off: every scene at 1024x600, 1280x720 and 1920x1080 (and at 1280x720 with text at
130 %), with every widget inside its container (a drawn strip may reach below itself only if it scrolls) and every label, button and
drawn item either fitting its text or, when shortened, carrying the full text in its tooltip."""

import random
import warnings

import pygame
import pytest
from test_ui_game import SCENARIOS, settle, step

from game.engine.bots import play
from game.engine.session import Session
from game.loading.scenario_loader import load_scenario
from game.model.actions import EndTurn, WalkAway
from game.saves import save_as
from game.ui.app import App, Settings
from game.ui.controller import Controller
from game.ui.scene import text_room
from game.ui.scenes import flow

SIZES = [(1024, 600, 1.0), (1280, 720, 1.0), (1920, 1080, 1.0), (1280, 720, 1.3)]
UNCHECKED = {"UITooltip", "UIContainer", "UIAutoResizingContainer", "UITextBox", "UIVerticalScrollBar",
             "UIHorizontalScrollBar"}
"""Tooltips float; containers are checked through what they hold; text boxes and scroll bars scroll."""


def visible(app) -> list:
    return [e for e in app.manager.get_sprite_group().sprites() if e.alive() and e.visible]


def tip_of(element) -> str:
    """The tooltip a player sees on `element`: its own, else its parent's (a drop-down's button)."""
    while element is not None:
        tip = getattr(element, "tool_tip_text", None)
        if tip:
            return tip
        element = getattr(element, "parent_element", None)
    return ""


def problems(app) -> list[str]:
    window = pygame.Rect((0, 0), app.screen.get_size())
    found = []
    for e in visible(app):
        kind = type(e).__name__
        if kind in UNCHECKED:
            continue
        container = getattr(e, "ui_container", None)
        area = container.get_rect() if container is not None and hasattr(container, "get_rect") else window
        area = area.clip(window) if container is None or container is app.manager.get_root_container() else area
        if not area.inflate(2, 2).contains(e.rect):
            found.append(f"{kind} {getattr(e, 'text', '')!r} at {e.rect} outside {area}")
        if kind in ("UILabel", "UIButton") and e.font is not None and e.text:
            if e.font.size(e.text)[0] > text_room(e):
                found.append(f"{kind} {e.text!r} does not fit {e.rect.w} px")
            shortened = getattr(e, "full_text", None) != e.text if e.text.endswith("…") else False
            if shortened and getattr(e, "full_text", e.text[:-1].rstrip()) not in tip_of(e):
                found.append(f"{kind} {e.text!r} is shortened without its full text in a tooltip")
        for item in getattr(e, "drawn_items", ()):
            if item.local.right > e.rect.w + 1 or (item.local.bottom > e.rect.h + 1 and not e.scrollable):
                found.append(f"drawn item {item.text!r} at {item.local} outside its strip {e.rect.size}")
            if item.shown != item.text and item.text not in item.full_tip:
                found.append(f"drawn item {item.text!r} is shortened without its full text in a tooltip")
    return found


def check(app, name: str, seen: dict) -> None:
    step(app, 3)
    scene = app.scene
    if hasattr(scene, "run_jobs"):
        scene.run_jobs()
        step(app, 2)
    seen[name] = problems(app)


def walk(app, saves) -> dict:
    """Open every scene the game has, with content that fills it; the problems seen in each."""
    seen: dict = {}
    check(app, "title", seen)
    flow.push(app, "choose_scenario")
    check(app, "choose_scenario", seen)
    entry = app.scene.entry
    flow.push(app, "choose_cone", entry.scenario, entry.path)
    check(app, "choose_cone", seen)
    flow.to_title(app)
    for name in ("settings", "help"):
        flow.push(app, name)
        check(app, name, seen)
        app.pop()
    # a game with events waiting: the Renner Case, consular, at turn 4
    controller = flow.start_game(app, str(SCENARIOS / "detained_citizen.yaml"), "consular", 1, briefing=True)
    check(app, "briefing", seen)
    flow.play(app, controller)
    for _ in range(3):
        controller.session.apply(EndTurn())
    app.scene.refresh()
    settle(app)
    assert controller.state.pending_events
    check(app, "table", seen)
    flow.pause(app, controller)
    check(app, "pause", seen)
    flow.push(app, "save_as", controller)
    check(app, "save_as", seen)
    app.pop()
    flow.push(app, "confirm", "Quit this game?", lambda: None, detail="You are on turn 4. The talks so far will be lost.")
    check(app, "confirm", seen)
    app.pop()
    app.pop()
    flow.push(app, "map", controller.scenario, controller.state)
    check(app, "map", seen)
    app.pop()
    controller.submit(WalkAway())
    settle(app)
    check(app, "debrief", seen)
    controller.close()
    # the conference hall of thirteen parties, a draft tabled
    controller = flow.start_game(app, str(SCENARIOS / "sanctions_coalition.yaml"), "political", 1)
    settle(app)
    app.scene.load_chair()
    settle(app)
    app.scene.table_draft()
    settle(app)
    check(app, "hall", seen)
    controller.submit(WalkAway())
    settle(app)
    check(app, "debrief (conference)", seen)
    controller.close()
    # the guided first game
    guided = flow.start_tutorial(app)
    settle(app)
    check(app, "guided table", seen)
    guided.controller.close()
    # saves: the load screen, a message, the replay viewer
    session = Session(load_scenario(SCENARIOS / "river_compact.yaml"), "political", 2)
    play(session, "greedy", random.Random(2))
    path = save_as(session, "class 4B", saves)
    flow.to_title(app)
    flow.push(app, "load", saves)
    check(app, "load", seen)
    flow.push(app, "message", "This save cannot be loaded", "turn 3: the record differs", error=True)
    check(app, "message", seen)
    app.pop()
    app.pop()
    flow.push(app, "replay", path)
    check(app, "replay", seen)
    return seen


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}-{scale:.0%}" for w, h, scale in SIZES])
def test_every_scene_fits_every_size(saves, size):
    app = App(Settings(size=size[:2], ui_scale=size[2]))
    flow.push(app, "title")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        seen = walk(app, saves)
    assert len(seen) == 18
    bad = {name: found for name, found in seen.items() if found}
    assert not bad, "\n".join(f"{name}: {line}" for name, found in bad.items() for line in found)
    cut = [str(w.message) for w in caught if "too small" in str(w.message)]
    assert not cut, cut
    pygame.quit()


def test_the_checker_sees_a_cut_label_and_a_stray_widget(saves):
    """The checks themselves: a label too narrow for its text, a shortened one without its tooltip,
    and a button outside its panel are all reported."""
    from pygame_gui.elements import UIButton, UILabel, UIPanel

    app = App(Settings(size=(1024, 600)))
    scene = flow.push(app, "title")
    UILabel(pygame.Rect(10, 10, 40, 24), "A label far too long for forty pixels", manager=app.manager,
            container=scene.root)
    UILabel(pygame.Rect(10, 40, 200, 24), "Shortened…", manager=app.manager, container=scene.root)
    panel = UIPanel(pygame.Rect(300, 300, 100, 100), manager=app.manager, container=scene.root)
    UIButton(pygame.Rect(80, 80, 60, 30), "Out", manager=app.manager, container=panel)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        step(app, 2)
    found = "\n".join(problems(app))
    assert "does not fit 40 px" in found
    assert "'Shortened…' is shortened without" in found
    assert "'Out'" in found and "outside" in found
    pygame.quit()


def test_a_scene_label_is_shortened_with_its_text_in_the_tooltip():
    app = App(Settings(size=(1024, 600)))
    scene = flow.push(app, "title")
    long = "The Inner Sea sanctions conference of thirteen parties"
    label = scene.label(long, (10, 10, 160, 24), tip="Where you are")
    assert label.text.endswith("…") and label.font.size(label.text)[0] <= text_room(label)
    assert label.tool_tip_text == f"{long} — Where you are"
    pygame.quit()


def test_tab_shows_the_focused_controls_tooltip():
    app = App(Settings(size=(1024, 600)))
    controller = Controller(load_scenario(SCENARIOS / "sanctions_coalition.yaml"), "political", 1)
    scene = flow.table_scene(app, controller)
    app.push(scene)
    settle(app)
    levers = list(scene.lobby_builder.lever_buttons.values())
    cut = next(i for i in levers if i.shown != i.text)
    reachable = [w for w in scene.focus_ring if w.alive() and w.is_enabled and w.visible]
    scene.focus = scene.focus_ring.index(reachable[reachable.index(cut) - 1])
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_TAB, mod=0, unicode="", scancode=0))
    step(app, 2)
    assert scene.focus_tip is not None and scene.focus_tip.alive()
    assert cut.text in scene.focus_tip.text_block.html_text
    assert cut.strip.focused is cut
    controller.close()
    pygame.quit()


def test_text_size_reaches_every_text_and_survives_a_rebuild():
    """130 % makes the theme's widgets and the text the game draws itself bigger, and a rebuilt scene
    (a resize) keeps it."""
    from dataclasses import replace

    from game.ui.widgets.draw import font

    app = App(Settings(size=(1280, 720)))
    flow.push(app, "title")
    controller = flow.start_game(app, str(SCENARIOS / "cod_line.yaml"), "political", 1)
    settle(app)
    before = (app.scene.send_button.font.size("Send offer")[1], font(14).get_height())
    app.apply_settings(replace(app.settings, ui_scale=1.3))
    settle(app)
    after = (app.scene.send_button.font.size("Send offer")[1], font(14).get_height())
    assert all(a >= b * 1.2 for a, b in zip(after, before)), (before, after)
    app.resize((1024, 600))
    settle(app)
    assert (app.scene.send_button.font.size("Send offer")[1], font(14).get_height()) == after
    controller.close()
    pygame.quit()
