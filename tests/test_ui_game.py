"""The game scenes driven through the UI alone: posted clicks at widgets' centres (widgets found by
their visible text), app.step in a loop, waiting on the controller. Headless (see conftest)."""

import pygame
import pytest

from game.ui.app import App, Settings
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.flow import start_game
from game.ui.scenes.hall import HallScene
from game.ui.scenes.table import TableScene
from game.model.actions import WalkAway

from pathlib import Path

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def widgets(app):
    return [e for e in app.manager.get_sprite_group().sprites() if e.alive() and e.visible]


def button(app, prefix: str):
    for e in widgets(app):
        if type(e).__name__ == "UIButton" and str(e.text).startswith(prefix):
            return e
    return None


def step(app, frames: int = 1) -> None:
    for _ in range(frames):
        app.step(1 / 60)


def settle(app) -> None:
    step(app, 2)
    controller = getattr(app.scene, "controller", None)
    for _ in range(5000):
        busy = controller is not None and controller.busy or getattr(app.scene, "chair_job", None) is not None
        if not busy:
            break
        step(app)
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


def inside(app) -> list[str]:
    screen = app.screen.get_rect()
    return [f"{type(e).__name__} {getattr(e, 'text', '')!r} {e.rect}" for e in widgets(app)
            if type(e).__name__ != "UITooltip" and not screen.contains(e.rect)]


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080)])
@pytest.mark.parametrize("scenario,kind", [("cod_line", TableScene), ("sanctions_coalition", HallScene),
                                           ("detained_citizen", TableScene)])
def test_scenes_open_at_every_size(size, scenario, kind):
    app, controller = new_game(scenario, "political", size)
    assert isinstance(app.scene, kind)
    if size == (1024, 600):
        assert inside(app) == []
    controller.submit(WalkAway())
    settle(app)
    assert isinstance(app.scene, DebriefScene)
    if size == (1024, 600):
        assert inside(app) == []
    pygame.quit()


def test_resize_rebuilds_the_hall():
    app, controller = new_game("river_compact", "management")
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1024, 600), w=1024, h=600))
    step(app, 3)
    assert isinstance(app.scene, HallScene)
    assert inside(app) == []
    pygame.quit()
