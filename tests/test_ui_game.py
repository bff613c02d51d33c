"""The game scenes driven through the UI alone: posted clicks at widgets' centres (widgets found by
their visible text), app.step in a loop, waiting on the controller. Headless (see conftest)."""

import time
from pathlib import Path

import pygame
import pytest

from game.ui.app import App, Settings
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.flow import start_game
from game.ui.scenes.hall import HallScene
from game.ui.scenes.table import TableScene

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def widgets(app):
    return [e for e in app.manager.get_sprite_group().sprites() if e.alive() and e.visible]


def buttons(app):
    """The buttons on screen: UIButtons, and the items of drawn control strips (widgets/controls.py),
    which have the same text, rect, is_enabled."""
    for e in widgets(app):
        if type(e).__name__ == "UIButton":
            yield e
        for item in getattr(e, "drawn_items", ()):
            if item.action is not None:
                yield item


def button(app, prefix: str):
    return next((b for b in buttons(app) if str(b.text).startswith(prefix)), None)


def step(app, frames: int = 1) -> None:
    for _ in range(frames):
        app.step(1 / 60)


def settle(app) -> None:
    step(app, 2)
    controller = getattr(app.scene, "controller", None)
    deadline = time.monotonic() + 120  # by time, not frames: an unchanged frame costs well under a millisecond
    while time.monotonic() < deadline:
        scene = app.scene
        job = getattr(scene, "debrief_job", None)
        busy = (controller is not None and controller.busy or getattr(scene, "chair_job", None) is not None
                or (job is not None and not getattr(scene, "debriefed", True))
                or getattr(scene, "state", None) is not None and scene.state.phase == "over" and not scene.debriefed)
        if not busy:
            break
        step(app)
        time.sleep(0.002)  # as between real frames: the worker threads get the interpreter
    step(app, 2)


def click(app, prefix: str) -> bool:
    """Click the enabled button whose text starts with `prefix`; False if there is none."""
    widget = button(app, prefix)
    if widget is None or not widget.is_enabled:
        return False
    pos = widget.rect.center
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    settle(app)
    return True


def new_game(scenario: str, cone: str, size=(1280, 720)):
    app = App(Settings(size=size))
    controller = start_game(app, str(SCENARIOS / f"{scenario}.yaml"), cone, 1)
    settle(app)
    return app, controller


def finish_implementation(app) -> None:
    while click(app, "Deliver"):
        pass
    click(app, "Close the deal")


def test_bilateral_game_through_the_ui():
    app, controller = new_game("cod_line", "economic")
    assert isinstance(app.scene, TableScene)
    assert click(app, "Send offer")
    assert "refused" in app.scene.notice or "countered" in app.scene.notice or "accepted" in app.scene.notice
    for _ in range(40):
        if isinstance(app.scene, DebriefScene):
            break
        state = controller.state
        if state.phase == "implementation":
            finish_implementation(app)
            continue
        if state.turn >= 3 and click(app, "What would you want?"):
            click(app, "Accept counteroffer")
            if controller.state.phase == "implementation":
                continue
        click(app, "End turn")
    assert isinstance(app.scene, DebriefScene)
    assert controller.state.outcome is not None
    assert button(app, "Back to title") is not None
    pygame.quit()


def test_multilateral_game_through_the_ui():
    app, controller = new_game("river_compact", "political")
    assert isinstance(app.scene, HallScene)
    for _ in range(40):
        if isinstance(app.scene, DebriefScene):
            break
        state = controller.state
        if state.phase == "implementation":
            finish_implementation(app)
            continue
        click(app, "Load chair's compromise")
        if state.draft is None or state.turn >= 2:
            click(app, "Table draft")
        if controller.state.draft is not None and controller.state.action_points >= 1:
            click(app, "Call vote")
            if controller.state.phase == "implementation":
                continue
        click(app, "End turn")
    assert isinstance(app.scene, DebriefScene)
    log_kinds = {e.kind for e in controller.state.log}
    assert {"stance", "compromise"} <= log_kinds
    pygame.quit()


def test_walk_away_asks_first():
    app, controller = new_game("cod_line", "political")
    assert click(app, "Walk away")
    assert controller.state.phase == "negotiating"
    assert click(app, "Keep negotiating")
    assert click(app, "Walk away") and click(app, "Yes, walk away")
    assert isinstance(app.scene, DebriefScene)
    pygame.quit()


def test_the_log_and_the_debrief_scroll_from_the_keyboard():
    """Nothing cut off is out of the keyboard's reach: Page Up scrolls the log under the pointer, F6 picks
    a panel without the mouse, and the debrief's story scrolls with Page Down and End."""
    app, controller = new_game("cod_line", "political", size=(1024, 600))
    for _ in range(3):
        click(app, "Send offer")
        click(app, "End turn")
    log = app.scene.log_box
    assert len(log.lines) > log.rows, "three turns fill the log"
    pygame.mouse.set_pos(log.rect.center)
    press(app, pygame.K_PAGEUP)
    assert log.scroll == round(0.9 * log.rows)
    press(app, pygame.K_END)
    assert log.scroll == 0
    pygame.mouse.set_pos((0, 0))
    picked = [app.scene.panel_to_scroll()]
    for _ in app.scene.scrollables:
        press(app, pygame.K_F6)
        picked.append(app.scene.panel_to_scroll())
    assert log in picked and len({id(p) for p in picked}) == len(app.scene.scrollables)
    assert click(app, "Walk away") and click(app, "Yes, walk away")
    assert isinstance(app.scene, DebriefScene)
    story = app.scene.scrollables[0]
    assert story.scroll_bar is not None, "the debrief's story is longer than its panel at 1024x600"
    press(app, pygame.K_PAGEDOWN)
    assert story.scroll_bar.start_percentage > 0
    press(app, pygame.K_END)
    assert abs(story.scroll_bar.start_percentage + story.scroll_bar.visible_percentage - 1) < 0.01
    pygame.quit()


def test_a_partys_own_draft_can_be_loaded_from_the_hall():
    """A party that proposes a draft of its own (you tabled one, then went silent) can have it put in yours."""
    app, controller = new_game("river_compact", "political")
    scene = app.scene
    assert not scene.party_widgets["load"].is_enabled  # nobody has proposed yet
    assert click(app, "Load chair's compromise") and click(app, "Table draft")
    for _ in range(4):
        if any(m.by != "player" and m.to is None for m in controller.state.moves):
            break
        click(app, "End turn")
    proposal = next(m for m in reversed(controller.state.moves) if m.by != "player" and m.to is None)
    assert click(app, controller.scenario.country(proposal.by).name)
    step(app, 10)
    assert scene.party_widgets["load"].is_enabled and f"turn {proposal.turn}" in scene.party_widgets["load"].tip
    assert click(app, "Load its draft")
    assert scene.draft.offer(scene.open_issue_ids(), levers=False).positions == proposal.positions
    controller.close()
    pygame.quit()


def inside(app) -> list[str]:
    screen = app.screen.get_rect()
    return [f"{type(e).__name__} {getattr(e, 'text', '')!r} {e.rect}" for e in widgets(app)
            if type(e).__name__ != "UITooltip" and not screen.contains(e.rect)]


def test_resize_rebuilds_the_hall():
    app, controller = new_game("river_compact", "management")
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1024, 600), w=1024, h=600))
    step(app, 3)
    assert isinstance(app.scene, HallScene)
    assert inside(app) == []
    pygame.quit()


def press(app, key: int, frames: int = 3) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
    step(app, frames)


def test_f5_reloads_the_scenario(tmp_path):
    from html import unescape

    from game.loading.problems import ScenarioError
    from game.loading.scenario_loader import load_scenario

    copy = tmp_path / "river.yaml"
    good = (SCENARIOS / "river_compact.yaml").read_text(encoding="utf-8")
    copy.write_text(good, encoding="utf-8")
    app = App(Settings(size=(1280, 720)))
    controller = start_game(app, str(copy), "economic", 7)
    settle(app)
    scene = app.scene
    assert isinstance(scene, HallScene)
    # a broken copy: the game goes on, the loader's message is on screen
    copy.write_text(good.replace('title: "The Amari Compact"', 'title: [unclosed'), encoding="utf-8")
    with pytest.raises(ScenarioError) as problem:
        load_scenario(copy)
    press(app, pygame.K_F5)
    assert app.scene is scene and scene.controller is controller
    shown = " ".join(unescape(str(getattr(e, "html_text", ""))).replace("<br>", "\n") for e in widgets(app)
                     if type(e).__name__ == "UITextBox")
    first_line = str(problem.value).splitlines()[0]
    assert first_line in shown, (first_line, shown)
    assert button(app, "Close") is not None
    # a good edit: a new game of the edited scenario, same cone and seed
    copy.write_text(good.replace('title: "The Amari Compact"', 'title: "The Amari Compact, edited"'), encoding="utf-8")
    press(app, pygame.K_F5)
    settle(app)
    assert isinstance(app.scene, HallScene) and app.scene is not scene
    new = app.scene.controller
    assert new is not controller
    assert new.scenario.title == "The Amari Compact, edited"
    assert (new.cone, new.seed) == ("economic", 7)
    assert "Reloaded" in app.scene.notice
    new.close()
    pygame.quit()


def test_escape_on_the_hall_opens_the_pause_menu():
    app, controller = new_game("river_compact", "political")
    assert isinstance(app.scene, HallScene)
    press(app, pygame.K_ESCAPE)
    assert type(app.scene).__name__ == "PauseScene"
    assert button(app, "Resume") is not None
    press(app, pygame.K_ESCAPE)  # Esc again resumes
    assert isinstance(app.scene, HallScene)
    controller.close()
    pygame.quit()


def test_hall_parties_are_drawn_controls_clicked_and_focused():
    """The party names are items of one drawn strip: a click selects the party, Tab reaches them and
    Enter selects, and hovering one shows its tooltip."""
    app, controller = new_game("sanctions_coalition", "political")
    scene = app.scene
    assert isinstance(scene, HallScene)
    other = next(c.name for c in controller.scenario.countries if c.id != scene.selected)
    assert click(app, other)
    assert scene.scenario.country(scene.selected).name == other
    step(app, 10)
    assert scene.party_widgets["face_of"][0] == scene.selected, "the party panel shows the selected party's leader"
    item = scene.name_buttons[scene.selected]
    assert item.style == "primary"
    # hover: a tooltip with the party's description appears after the delay
    pygame.mouse.set_pos(item.rect.center)
    step(app, 60)
    tip = scene.names.tool_tip
    assert tip is not None and tip.alive()
    # keyboard: the focus ring reaches the drawn items; Enter runs the focused one
    target = next(i for i in scene.names.drawn_items if i.key != scene.selected)
    scene.focus = scene.focus_ring.index(target) - 1
    press(app, pygame.K_TAB)
    assert scene.names.focused is target
    press(app, pygame.K_RETURN)
    assert scene.selected == target.key
    controller.close()
    pygame.quit()
