"""The region map drawn: land owned by each country, tinted by what the scene wants to show
(relationship with the player, or the vote), with borders, coasts, a flag and a name for each
country, and a legend. The geometry lives in geography.py."""

import numpy as np
import pygame

from .. import palette
from ..widgets.draw import fit, text
from .cache import SurfaceCache
from .flags import flag_surface
from .geography import YOU, Place, label_rects, land, places
from .heraldry import RGB, mix, shade

SEA = (16, 28, 40)
SHALLOW = (32, 54, 68)
LAND = (206, 194, 160)
FRIENDLY, NEUTRAL, HOSTILE = (40, 140, 204), (186, 178, 152), palette.VERMILION
FOR, AGAINST, UNDECIDED = (40, 140, 204), palette.VERMILION, (170, 164, 146)
HOME = (226, 214, 176)
FLAG = (30, 20)
NAME_SIZE, NOTE_SIZE = 15, 13
LEGEND_H = 24
COMPACT_AREA = 30_000
"""Square pixels of map a country needs for its label to carry a note under its name."""

_terrain: dict = {}
_maps = SurfaceCache(12)


def relationship_tint(value: float) -> RGB:
    """Hostile (vermilion, −60 and below) … 0 neutral (sand) … friendly (blue, +60 and above)."""
    t = max(-1.0, min(1.0, value / 60))
    return mix(NEUTRAL, FRIENDLY, t) if t >= 0 else mix(NEUTRAL, HOSTILE, -t)


RELATIONSHIP_LEGEND = (("hostile", relationship_tint(-80)), ("neutral", relationship_tint(0)), ("friendly", relationship_tint(80)))
VOTE_LEGEND = (("for", FOR), ("against", AGAINST), ("undecided", UNDECIDED))


def relationship_view(scenario, state=None) -> tuple[dict, dict]:
    """Tints and notes for the map by relationship with the player (the scenario's start without a state)."""
    values = {c.id: (state.countries[c.id].relationship if state is not None else c.relationship) for c in scenario.countries}
    tints = {cid: relationship_tint(v) for cid, v in values.items()}
    tints[YOU] = HOME
    notes = {cid: f"{v:+.0f}" for cid, v in values.items()}
    notes[YOU] = "you"
    return tints, notes


def vote_view(scenario, votes: dict[str, bool]) -> tuple[dict, dict]:
    """Tints and notes by vote: for, against, or undecided when there is no draft on the table."""
    tints, notes = {YOU: HOME}, {YOU: "you (no vote)"}
    for c in scenario.countries:
        vote = votes.get(c.id)
        tints[c.id] = UNDECIDED if vote is None else FOR if vote else AGAINST
        notes[c.id] = "no draft" if vote is None else "for" if vote else "against"
    return tints, notes


def map_surface(scenario, size: tuple[int, int], tints: dict[str, RGB], notes: dict[str, str] | None = None,
                legend: tuple = RELATIONSHIP_LEGEND, legend_title: str = "Relations with you") -> pygame.Surface:
    """The map at `size`: each country's land in tints[key] (its own colour if absent; the player's
    key is geography.YOU), its flag and name, a short note under the name, and a legend."""
    spots = places(scenario)
    if size[0] * size[1] < COMPACT_AREA * len(spots):  # a small map of many countries: names and flags only
        notes = {}
    notes = notes or {}
    key = (scenario.id, tuple(spots), tuple(size), tuple(sorted(tints.items())), tuple(sorted(notes.items())), legend, legend_title)
    return _maps.get(key, lambda: _draw(spots, scenario.id, size, tints, notes, legend, legend_title))


def labels(scenario, size: tuple[int, int], notes: dict[str, str] | None = None, legend: bool = True) -> list[tuple[Place, pygame.Surface, tuple]]:
    """Each place with its label image and where the label goes on a map of `size`: near the
    place, inside the map, clear of the legend's strip, no two overlapping."""
    return _labels(places(scenario), size, notes or {}, legend)


def _labels(spots: list[Place], size, notes: dict, legend: bool) -> list[tuple[Place, pygame.Surface, tuple]]:
    w, h = size
    images = [_label(p, notes.get(p.key, "")) for p in spots]
    anchors = [(p.x / 100 * w, p.y / 100 * h + i.get_height() / 2 + 6) for p, i in zip(spots, images)]
    bounds = (4, 4, w - 8, h - 8 - (LEGEND_H + 6 if legend else 0))
    return list(zip(spots, images, label_rects(anchors, [i.get_size() for i in images], bounds)))


def _draw(spots: list[Place], seed: str, size, tints, notes, legend, legend_title) -> pygame.Surface:
    w, h = max(64, size[0]), max(48, size[1])
    surface = pygame.transform.smoothscale(_terrain_image(spots, seed, (w, h), tints), (w, h))
    pygame.draw.rect(surface, (10, 14, 20), surface.get_rect(), 1)
    for p, image, rect in _labels(spots, (w, h), notes, bool(legend)):
        x, y = round(p.x / 100 * w), round(p.y / 100 * h)
        if abs(rect[1] - y) > 14 or not rect[0] <= x <= rect[0] + rect[2]:  # moved off its capital: a leader line
            pygame.draw.line(surface, (240, 236, 220), (x, y), (rect[0] + rect[2] // 2, rect[1]), 1)
        pygame.draw.circle(surface, (20, 20, 24), (x, y), 5)
        pygame.draw.circle(surface, (250, 246, 232) if p.key != YOU else palette.ORANGE, (x, y), 3)
        if image.get_size() != tuple(rect[2:]):
            image = pygame.transform.smoothscale(image, rect[2:])
        surface.blit(image, rect[:2])
    _legend(surface, legend, legend_title)
    return surface


def _terrain_image(spots, seed, size, tints) -> pygame.Surface:
    """The land and sea at half the map's size (smoothly scaled up by the caller)."""
    w, h = size
    shape = (max(24, h // 2), max(32, w // 2))
    key = (seed, tuple((p.x, p.y, p.size) for p in spots), shape)
    if key not in _terrain:
        if len(_terrain) > 8:
            _terrain.clear()
        _terrain[key] = land(spots, shape, seed)
    owner, relief = _terrain[key]
    colours = np.array([mix(tints.get(p.key, p.colour), LAND, 0.1) for p in spots] + [SEA], dtype=np.float32)
    image = colours[owner]  # -1 picks the last row: the sea
    is_land = owner >= 0
    # hills: light from the upper left
    slope = np.zeros_like(relief)
    slope[1:, 1:] = relief[1:, 1:] - relief[:-1, :-1]
    light = 1 + np.clip(slope * 3, -0.035, 0.035) + relief * 0.015
    image[is_land] *= light[is_land, None]
    # shallows around the coasts, darker open water away from them
    near = is_land.copy()
    for _ in range(4):
        near = near | np.roll(near, 1, 0) | np.roll(near, -1, 0) | np.roll(near, 1, 1) | np.roll(near, -1, 1)
    image[near & ~is_land] = SHALLOW
    rows = np.linspace(1.08, 0.86, owner.shape[0], dtype=np.float32)[:, None]
    sea = ~near
    image[sea] *= rows.repeat(owner.shape[1], 1)[sea, None]
    # coasts and borders
    right = np.roll(owner, -1, 1)
    down = np.roll(owner, -1, 0)
    coast = is_land & ((right < 0) | (down < 0) | (np.roll(owner, 1, 1) < 0) | (np.roll(owner, 1, 0) < 0))
    border = is_land & (((right != owner) & (right >= 0)) | ((down != owner) & (down >= 0)))
    image[coast] *= 0.62
    image[border] = image[border] * 0.3 + np.array([16, 14, 12], np.float32)
    pixels = np.clip(image, 0, 255).astype(np.uint8)
    return pygame.surfarray.make_surface(pixels.transpose(1, 0, 2))


def _label(p: Place, note: str) -> pygame.Surface:
    name = text(fit(p.name, NAME_SIZE, 150, True), NAME_SIZE, (248, 246, 240), True)
    lines = [name]
    if note:
        lines.append(text(fit(note, NOTE_SIZE, 150), NOTE_SIZE, (214, 218, 226)))
    text_w = max(s.get_width() for s in lines)
    text_h = sum(s.get_height() for s in lines)
    w, h = 6 + FLAG[0] + 6 + text_w + 8, max(FLAG[1] + 8, text_h + 4)
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.rect(surface, (14, 18, 26, 200), surface.get_rect(), border_radius=6)
    edge = palette.ORANGE if p.key == YOU else shade(p.colour, 1.3)
    pygame.draw.rect(surface, edge, surface.get_rect(), 1, border_radius=6)
    surface.blit(flag_surface(p.flag, FLAG), (6, (h - FLAG[1]) // 2))
    y = (h - text_h) // 2
    for line in lines:
        surface.blit(line, (6 + FLAG[0] + 6, y))
        y += line.get_height()
    return surface


def _legend(surface: pygame.Surface, legend, title: str) -> None:
    if not legend:
        return
    items = [text(title, NOTE_SIZE, palette.MUTED)] + [text(word, NOTE_SIZE, palette.TEXT) for word, _ in legend]
    w = 12 + items[0].get_width() + sum(14 + 6 + i.get_width() + 10 for i in items[1:])
    h = LEGEND_H
    box = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.rect(box, (14, 18, 26, 210), box.get_rect(), border_radius=6)
    x = 8
    box.blit(items[0], (x, (h - items[0].get_height()) // 2))
    x += items[0].get_width() + 10
    for (_, colour), image in zip(legend, items[1:]):
        pygame.draw.rect(box, colour, (x, 6, 14, 12), border_radius=3)
        x += 20
        box.blit(image, (x, (h - image.get_height()) // 2))
        x += image.get_width() + 10
    surface.blit(box, (6, surface.get_height() - h - 6))
