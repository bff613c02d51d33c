"""The autosave indicator of the game scenes: "Saved turn 3" that fades, or "Autosave failed: ..."
that stays until the next good save.

A game scene calls `tick(scene)` once a frame; the badge reads `scene.controller.last_save` (set by
the controller's worker thread after each autosave) and redraws only when what it shows changes.
It sits in the status bar left of the End turn button when there is room, else in the bottom
right corner of the window.
"""

import time

import pygame
from pygame_gui.elements import UIImage

from .. import palette
from .draw import fit, symbol, text

SHOW = 2.5
"""Seconds a 'saved' badge stays fully visible before it fades."""
FADE = 1.0
FADE_STEPS = 8
SIZE = 14
HEIGHT = 26
STATUS_RIGHT_GAP = 324
"""The status bar's Map, End turn and Walk away buttons take this much of the right edge."""


def badge_text(note) -> tuple[str, str]:
    """(text, tooltip) for a SaveNote."""
    if note.error:
        return f"Autosave failed: {note.error}", (f"The game could not autosave: {note.error}. "
                                                  "Play goes on; use Save as… in the pause menu (Esc) to try another name.")
    where = note.path.name if note.path is not None else "the saves folder"
    return f"Saved turn {note.turn}", f"Autosaved at the end of turn {note.turn} to {where}"


def badge_surface(content: str, error: bool, width: int, alpha: int = 255) -> pygame.Surface:
    colour = palette.ORANGE if error else palette.ACCEPT
    shown = fit(content, SIZE, width - 34)
    label = text(shown, SIZE, palette.TEXT)
    w = min(width, label.get_width() + 34)
    surface = pygame.Surface((w, HEIGHT), pygame.SRCALPHA)
    pygame.draw.rect(surface, (*palette.PANEL[:3], 235), (0, 0, w, HEIGHT), border_radius=6)
    pygame.draw.rect(surface, colour, (0, 0, w, HEIGHT), 1, border_radius=6)
    symbol(surface, "cross" if error else "check", pygame.Rect(8, 6, 14, 14), colour)
    surface.blit(label, (28, (HEIGHT - label.get_height()) // 2))
    if alpha < 255:
        surface.fill((255, 255, 255, alpha), special_flags=pygame.BLEND_RGBA_MULT)
    return surface


def placement(scene, width: int) -> pygame.Rect:
    """Where a badge `width` wide goes: the status bar when it fits, else the bottom right corner."""
    w, h = scene.size
    right = w - getattr(scene, "status_right", STATUS_RIGHT_GAP)
    budget = getattr(scene, "budget_label", None)
    left = budget.rect.right + 4 if budget is not None and budget.alive() else right - width
    if right - left >= width:
        return pygame.Rect(right - width, 7, width, HEIGHT)
    return pygame.Rect(w - width - 10, h - HEIGHT - 10, width, HEIGHT)


def fading(scene, now: float | None = None) -> bool:
    """True while the badge of `scene` will still change by itself (shown, then fading out)."""
    note = getattr(getattr(scene, "controller", None), "last_save", None)
    now = time.monotonic() if now is None else now
    return note is not None and not note.error and now - note.at < SHOW + FADE


def tick(scene, now: float | None = None) -> None:
    """Show, fade or hide the badge of `scene` (a game scene with a controller and a root panel)."""
    controller = getattr(scene, "controller", None)
    note = getattr(controller, "last_save", None)
    root = getattr(scene, "root", None)
    if note is None or root is None:
        return
    now = time.monotonic() if now is None else now
    age = now - note.at
    if note.error:
        alpha = 255
    elif age >= SHOW + FADE:
        alpha = 0
    else:
        alpha = 255 if age < SHOW else round(255 * (1 - int((age - SHOW) / FADE * FADE_STEPS) / FADE_STEPS))
    image: UIImage | None = getattr(scene, "_autosave_badge", None)
    key = (note.serial, alpha, scene.size)
    if image is not None and image.alive() and getattr(scene, "_autosave_badge_key", None) == key:
        return
    scene._autosave_badge_key = key
    if alpha <= 0:
        if image is not None and image.alive():
            image.kill()
        scene._autosave_badge = None
        return
    content, tip = badge_text(note)
    width = min(scene.size[0] // 2, text(content, SIZE).get_width() + 34)
    surface = badge_surface(content, bool(note.error), width, alpha)
    rect = placement(scene, surface.get_width())
    if image is None or not image.alive() or image.get_relative_rect().size != rect.size:
        if image is not None and image.alive():
            image.kill()
        image = UIImage(rect, surface, manager=scene.manager, container=root)
        image.set_tooltip(tip)
        scene._autosave_badge = image
    else:
        image.set_relative_position(rect.topleft)
        image.set_image(surface)
        image.set_tooltip(tip)
    scene.autosave_badge_text = content
