"""No scene can kill the game: an exception in a scene's update, drawing or event handling shows the
error screen (the message, where the report is, what became of the game, a way back to the title),
writes the traceback to errors.log in the saves folder, keeps the last autosave and saves the running
game if it still verifies. Headless (SDL_VIDEODRIVER=dummy, see conftest)."""

import html
import json
import re

import pygame
import pytest
from test_ui_menus import click, find, key, scene_name, steps
from test_ui_saves import play_turns

from game.saves import verify
from game.ui.scene import Scene


class Boom(Scene):
    """A scene that raises where it is told to."""

    title = "Boom"

    def __init__(self, app, where: str):
        super().__init__(app)
        self.where = where

    def build(self) -> None:
        self.label("about to fail", (10, 10, 300, 30))

    def update(self, dt: float) -> None:
        if self.where == "update":
            raise RuntimeError("boom in update")

    def draw(self, surface) -> None:
        if self.where == "draw":
            raise KeyError("boom in draw")

    def handle(self, event) -> bool:
        if self.where == "handle" and event.type == pygame.KEYDOWN:
            raise TypeError("boom\nin handle")
        return super().handle(event)


def shown_text(a) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", a.scene.html())).split())


def assert_error_screen(a, saves, message: str):
    assert scene_name(a) == "ErrorScene" and a.running
    assert [type(s).__name__ for s in a.stack] == ["ErrorScene"]
    log = saves / "errors.log"
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and message in text and "client, Boom screen" in text
    assert message.splitlines()[0] in shown_text(a)
    assert str(log) in shown_text(a)
    find(a, "Back to the title")
    find(a, "Quit")


@pytest.mark.parametrize("where, message", [("update", "RuntimeError: boom in update"), ("draw", "KeyError: 'boom in draw'"),
                                            ("handle", "TypeError: boom")])
def test_a_failing_scene_shows_the_error_screen_and_the_game_goes_on(app, saves, where, message):
    a = app()
    a.push(Boom(a, where))
    steps(a, 1)
    if where == "handle":
        key(a, pygame.K_x)
    steps(a, 2)
    assert_error_screen(a, saves, message)
    steps(a, 5)  # the error screen keeps running
    assert scene_name(a) == "ErrorScene"
    click(a, "Back to the title")
    assert scene_name(a) == "TitleScene" and a.running
    steps(a, 5)
    assert len(a.errors) == 1
    a.errors.clear()  # seen: the fixture checks that no other test hides an error


def test_esc_on_the_error_screen_goes_back_to_the_title(app, saves):
    a = app()
    a.push(Boom(a, "update"))
    steps(a, 2)
    assert scene_name(a) == "ErrorScene"
    key(a, pygame.K_ESCAPE)
    assert scene_name(a) == "TitleScene"
    a.errors.clear()


def auto(controller, n: int) -> str:
    """The name of the game's n-th autosave (autosaves rotate per game)."""
    return f"autosave-{controller.game}-{n:04d}.json"


def test_the_running_game_is_saved_and_the_last_autosave_kept(app, saves, monkeypatch):
    a = app()
    controller = play_turns(a, 2)  # this game's autosaves 0001 and 0002
    before = {p.name: p.read_bytes() for p in saves.glob("autosave-*.json")}
    assert sorted(before) == [auto(controller, 1), auto(controller, 2)]
    game = a.scene

    def broken(surface):
        raise ZeroDivisionError("the table broke")

    monkeypatch.setattr(game, "draw", broken)
    a.invalidate()  # the next frame draws every scene (as after any input)
    steps(a, 2)
    assert scene_name(a) == "ErrorScene"
    for name, data in before.items():
        assert (saves / name).read_bytes() == data  # the autosaves on disk are untouched
    rescued = saves / auto(controller, 3)
    assert verify(rescued).ok
    assert f"Your game was saved as {rescued.name} (turn 3)" in shown_text(a)
    assert "ZeroDivisionError: the table broke" in shown_text(a)
    assert controller._pool._shutdown  # the game's worker thread is stopped
    click(a, "Back to the title")
    assert scene_name(a) == "TitleScene"
    assert find(a, "Continue").is_enabled
    a.errors.clear()


def test_a_session_that_no_longer_verifies_is_not_saved_over(app, saves, monkeypatch):
    a = app()
    controller = play_turns(a, 1)
    kept = (saves / auto(controller, 1)).read_bytes()
    controller.session.state.budget += 1000  # the state no longer follows from the actions

    def broken(dt):
        raise RuntimeError("the table broke")

    monkeypatch.setattr(a.scene, "update", broken)
    steps(a, 2)
    assert scene_name(a) == "ErrorScene"
    assert sorted(p.name for p in saves.glob("autosave-*.json")) == [auto(controller, 1)]
    assert (saves / auto(controller, 1)).read_bytes() == kept
    text = shown_text(a)
    assert "Your game could not be saved as it stood" in text and f"{auto(controller, 1)}, is kept" in text
    a.errors.clear()


def test_a_failing_error_screen_ends_the_program_instead_of_looping(app, saves, monkeypatch):
    from game.ui.scenes.error import ErrorScene

    a = app()
    a.push(Boom(a, "update"))
    monkeypatch.setattr(ErrorScene, "draw", lambda self, surface: 1 / 0)
    steps(a, 1)  # the first error shows the error screen
    with pytest.raises(ZeroDivisionError):
        steps(a, 1)  # which fails: nothing is left to show it
    a.errors.clear()


def test_load_lists_a_hand_edited_finished_save_as_damaged(app, saves):
    a = app()
    controller = play_turns(a, 1)
    controller.close()
    good = saves / auto(controller, 1)
    first, body = good.read_text(encoding="utf-8").split("\n", 1)
    header = json.loads(first[len('{"header": '):-1])
    header["outcome"].update(phase="over", result="deal", score=None, grade="B")
    (saves / "edited.json").write_text('{"header": ' + json.dumps(header) + ",\n" + body, encoding="utf-8")
    b = app()
    click(b, "Load")
    steps(b, 3)
    assert scene_name(b) == "LoadScene"
    [row] = [w for w in b.scene.rows if w.text.startswith("edited")]
    assert "damaged" in row.text
    b.scene.choose(b.scene.rows.index(row))
    steps(b, 2)
    assert "the game is over but its score is missing" in b.scene.details.html_text
    assert not b.errors
