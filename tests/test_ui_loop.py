"""The quiet loop: a static screen neither draws nor flips and the loop sleeps; a closed scene's
memory goes at the next quiet frame; scenes with work in flight keep the loop awake."""

import gc
import time
import weakref

import pygame

from game.ui.scenes import flow


def quiet_now(app) -> None:
    """Pretend the last input was long ago and let the screen settle."""
    for _ in range(5):
        app.step(1 / 60)
    app.last_input = time.monotonic() - 60


def test_a_static_screen_draws_nothing_and_the_loop_sleeps(app):
    a = app()
    quiet_now(a)
    assert a.step(1 / 60) is False
    assert a.quiet()
    started, frames = time.monotonic(), a.frame
    a.loop(until=lambda: a.sleeps >= 2)
    assert a.frame - frames <= 3  # two sleeps of up to IDLE_WAIT each, not a frame every 1/60 s
    assert time.monotonic() - started >= 0.5


def test_input_wakes_the_loop_and_is_handled(app):
    a = app()
    quiet_now(a)
    button = a.scene.focus_ring[1]  # New game
    pos = button.rect.center
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    a.wait()  # wakes at once with the first event
    a.loop(frames=a.frame + 3)
    assert type(a.scene).__name__ == "ScenarioScene"
    assert not a.quiet()


def test_hovering_a_drawn_strip_redraws_once(app):
    """A ControlStrip's hovered item is its own attribute, not pygame_gui's `hovered` flag (which
    made a strip draw again on every frame the mouse was over it)."""
    a = app()
    controller = flow.start_game(a, "scenarios/sanctions_coalition.yaml", "political", 1)
    for _ in range(10):
        a.step(1 / 60)
    status = next(e for e in a.manager.get_sprite_group().sprites() if getattr(e, "drawn_items", None)
                  and e.rect.topleft == (0, 0))
    assert status.item_at((1, 1)) is None
    pygame.mouse.set_pos((1, 1))  # over the status bar's strip, between its items
    drew = [a.step(1 / 60) for _ in range(6)]
    assert drew[-3:] == [False, False, False]
    controller.close()


def test_a_closed_scene_is_freed_at_the_next_quiet_frame(app):
    a = app()
    gc.collect()
    gc.disable()  # only the app's tidy collects now
    try:
        scene = flow.push(a, "help")
        ref = weakref.ref(scene)
        a.step(1 / 60)
        a.pop()
        del scene
        assert a.tidy_pending
        for _ in range(10):
            a.step(1 / 60)
        assert not a.tidy_pending
        assert ref() is None
    finally:
        gc.enable()


def test_work_in_flight_keeps_the_loop_awake(app):
    a = app()
    controller = flow.start_game(a, "scenarios/sanctions_coalition.yaml", "political", 1)
    quiet_now(a)
    for _ in range(60):
        a.step(1 / 60)
    a.last_input = time.monotonic() - 60
    assert a.quiet()
    from game.model.actions import EndTurn

    a.scene.submit(EndTurn())
    assert a.animating() and not a.quiet()
    controller.wait()
    a.step(1 / 60)
    controller.close()
