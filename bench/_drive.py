"""Driving the client as a player does, for the client benchmarks: find widgets by their visible
text, post mouse clicks, and run the game's own frame loop (App.loop) until something happens."""

from __future__ import annotations

import os
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402


def buttons(app, prefix: str = "") -> list:
    """Enabled or not, the clickable things on screen whose text starts with `prefix`: UIButtons and
    the items of drawn control strips (widgets/controls.py, same text and rect)."""
    found = []
    for e in app.manager.get_sprite_group().sprites():
        if not e.alive() or not e.visible:
            continue
        if type(e).__name__ == "UIButton" and str(e.text).startswith(prefix):
            found.append(e)
        found += [i for i in getattr(e, "drawn_items", ()) if i.action is not None and str(i.text).startswith(prefix)]
    return found


def button(app, prefix: str):
    return next(iter(buttons(app, prefix)), None)


def post_click(widget, pos=None) -> None:
    pos = pos or widget.rect.center
    pygame.mouse.set_pos(pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))


def run_until(app, done, timeout: float = 120.0) -> bool:
    """The game's loop until `done()` (True) or `timeout` seconds (False)."""
    end = time.monotonic() + timeout
    app.loop(until=lambda: done() or time.monotonic() > end)
    return bool(done())


def run_for(app, seconds: float) -> None:
    """The game's loop for `seconds` of wall time."""
    end = time.monotonic() + seconds
    app.loop(until=lambda: time.monotonic() >= end)


def frames(app, n: int) -> None:
    app.loop(frames=app.frame + n)


def pending(app) -> bool:
    """An answer, the chair's compromise, queued drawing or the debrief still to come."""
    scene = app.scene
    controller = getattr(scene, "controller", None)
    state = getattr(scene, "state", None)
    return bool((controller is not None and controller.in_flight) or getattr(scene, "chair_job", None) is not None
                or getattr(scene, "jobs", None) or (state is not None and state.phase == "over"
                                                    and not getattr(scene, "debriefed", True)))


def settle(app, timeout: float = 120.0) -> None:
    """Run the loop until nothing the player waits for is pending."""
    frames(app, 2)
    run_until(app, lambda: not pending(app), timeout)
    frames(app, 2)


def click(app, prefix: str, timeout: float = 120.0) -> bool:
    """Click the enabled button whose text starts with `prefix` and wait for what it started."""
    widget = next((b for b in buttons(app, prefix) if b.is_enabled), None)
    if widget is None:
        return False
    post_click(widget)
    settle(app, timeout)
    return True
