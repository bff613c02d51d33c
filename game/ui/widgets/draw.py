"""Fonts, cached text surfaces and drawn symbols (the UI font has no check mark or cross glyphs).

Meaning never rests on colour alone: every verdict has a colour, a word and a drawn symbol.
"""

from pathlib import Path

import pygame
import pygame_gui

from .. import palette

FONT_DIR = Path(pygame_gui.__file__).resolve().parent / "data"
_fonts: dict[tuple[int, bool], pygame.font.Font] = {}
_texts: dict[tuple, pygame.Surface] = {}
_fits: dict[tuple, str] = {}

VERDICTS = {
    # verdict: (colour, word, symbol)
    "accept": (palette.ACCEPT, "ACCEPTED", "check"),
    "counter": (palette.COUNTER, "COUNTERED", "swap"),
    "reject": (palette.REJECT, "REFUSED", "cross"),
}
STANCE_WORDS = {"accept": "accepts", "counter": "counters", "reject": "refuses"}


SCALE = [1.0]
"""The text size setting: every size asked of `font` is multiplied by it (App sets it with the theme)."""


def _forget() -> None:
    _fonts.clear()
    _texts.clear()
    _fits.clear()


def set_scale(scale: float) -> None:
    if scale != SCALE[0]:
        SCALE[0] = scale
        _forget()


def font(size: int, bold: bool = False) -> pygame.font.Font:
    key = (size, bold)
    if key not in _fonts:
        if not _fonts:  # fonts die with pygame.quit(): forget them then (quit hooks run once)
            pygame.register_quit(_forget)
        name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
        _fonts[key] = pygame.font.Font(str(FONT_DIR / name), max(8, round(size * SCALE[0])))
    return _fonts[key]


def text(content: str, size: int = 14, colour=palette.TEXT, bold: bool = False) -> pygame.Surface:
    """A rendered line of text, cached (the same labels are drawn again and again)."""
    key = (content, size, tuple(colour), bold)
    surface = _texts.get(key)
    if surface is None:
        if len(_texts) > 4000:
            _texts.clear()
        surface = font(size, bold).render(content, True, colour)
        _texts[key] = surface
    return surface


def fit(content: str, size: int, width: int, bold: bool = False) -> str:
    """Shorten `content` with an ellipsis until it fits in `width` pixels (cached: tables fit the
    same cells again on every redraw)."""
    if not content:
        return content
    key = (content, size, width, bold)
    shown = _fits.get(key)
    if shown is None:
        if len(_fits) > 4000:
            _fits.clear()
        f = font(size, bold)
        shown = content
        if f.size(content)[0] > width:
            while shown and f.size(shown + "…")[0] > width:
                shown = shown[:-1]
            shown += "…"
        _fits[key] = shown
    return shown


def symbol(surface: pygame.Surface, kind: str, rect: pygame.Rect, colour, width: int = 2) -> None:
    """Draw a check mark, a cross, a double arrow, a dot or a question mark inside `rect`."""
    r = pygame.Rect(rect)
    x, y, w, h = r
    if kind == "check":
        pygame.draw.lines(surface, colour, False, [(x + w * 0.15, y + h * 0.55), (x + w * 0.42, y + h * 0.8),
                                                   (x + w * 0.85, y + h * 0.22)], width + 1)
    elif kind == "cross":
        pygame.draw.line(surface, colour, (x + w * 0.2, y + h * 0.2), (x + w * 0.8, y + h * 0.8), width + 1)
        pygame.draw.line(surface, colour, (x + w * 0.8, y + h * 0.2), (x + w * 0.2, y + h * 0.8), width + 1)
    elif kind == "swap":
        top, bottom = y + h * 0.33, y + h * 0.67
        pygame.draw.line(surface, colour, (x + w * 0.15, top), (x + w * 0.85, top), width)
        pygame.draw.polygon(surface, colour, [(x + w * 0.85, top), (x + w * 0.62, top - h * 0.17), (x + w * 0.62, top + h * 0.17)])
        pygame.draw.line(surface, colour, (x + w * 0.15, bottom), (x + w * 0.85, bottom), width)
        pygame.draw.polygon(surface, colour, [(x + w * 0.15, bottom), (x + w * 0.38, bottom - h * 0.17), (x + w * 0.38, bottom + h * 0.17)])
    elif kind == "dot":
        pygame.draw.circle(surface, colour, r.center, max(2, min(w, h) // 3))
    elif kind == "ring":
        pygame.draw.circle(surface, colour, r.center, max(3, min(w, h) // 3), width)
    elif kind == "diamond":
        cx, cy = r.center
        s = min(w, h) // 2
        pygame.draw.polygon(surface, colour, [(cx, cy - s), (cx + s, cy), (cx, cy + s), (cx - s, cy)])
    elif kind == "question":
        label = text("?", max(10, h - 2), colour, True)
        surface.blit(label, label.get_rect(center=r.center))


def badge(verdict: str, size: tuple[int, int], detail: str = "", word: str | None = None) -> pygame.Surface:
    """The feedback for an answer: coloured box, drawn symbol, the word in capitals, a detail."""
    colour, default, kind = VERDICTS[verdict]
    word = word or default
    w, h = size
    surface = pygame.Surface(size, pygame.SRCALPHA)
    pygame.draw.rect(surface, colour, (0, 0, w, h), border_radius=6)
    ink = (16, 18, 24) if verdict == "counter" else (255, 255, 255)
    symbol(surface, kind, pygame.Rect(8, 4, h - 8, h - 8), ink, 3)
    label = text(word, max(14, h // 2), ink, True)
    surface.blit(label, (h + 4, (h - label.get_height()) // 2))
    if detail:
        room = w - (h + 16 + label.get_width()) - 8
        small = text(fit(detail, 14, room), 14, ink)
        surface.blit(small, (h + 16 + label.get_width(), (h - small.get_height()) // 2))
    return surface


def swatch(colour, size: tuple[int, int] = (14, 14)) -> pygame.Surface:
    surface = pygame.Surface(size, pygame.SRCALPHA)
    pygame.draw.rect(surface, colour, (0, 0, *size), border_radius=3)
    return surface


def country_colour(value: str) -> tuple[int, int, int]:
    """A scenario colour ("#4d4d4d") made legible on the game's panels (palette.legible)."""
    return palette.legible(hex_rgb(value))


def hex_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))
