"""Flags drawn from a pattern, colours and an emblem (game.model.appearance.Flag), cached per size."""

import math

import pygame

from ...model.appearance import Flag
from .cache import SurfaceCache, supersampled
from .heraldry import ink_on, rgb

SUPERSAMPLE = 4
_cache = SurfaceCache(256)


def flag_surface(flag: Flag, size: tuple[int, int], frame: bool = True) -> pygame.Surface:
    """The flag at `size` (3:2 reads best), with a thin dark frame unless `frame` is False."""
    key = (flag.model_dump_json(), tuple(size), frame)
    return _cache.get(key, lambda: supersampled(size, SUPERSAMPLE, lambda s, u: _draw(s, u, flag, frame)))


def _draw(surface: pygame.Surface, unit: float, flag: Flag, frame: bool) -> None:
    w, h = surface.get_size()
    colours = [rgb(c) for c in flag.colors]
    centre = _field(surface, flag.pattern, colours, w, h)
    if flag.emblem != "none":
        cx, cy, radius = centre
        under = surface.get_at((int(cx), int(cy)))[:3]
        colour = rgb(flag.emblem_color) if flag.emblem_color else ink_on(under)
        layer = pygame.Surface((w, h), pygame.SRCALPHA)
        EMBLEMS[flag.emblem](layer, cx, cy, radius, colour)
        surface.blit(layer, (0, 0))
    if frame:
        pygame.draw.rect(surface, (12, 14, 18), surface.get_rect(), max(1, round(unit)))
        # a soft fold of light across the cloth
        sheen = pygame.Surface((w, h), pygame.SRCALPHA)
        for i in range(3):
            x = w * (0.2 + 0.3 * i)
            pygame.draw.polygon(sheen, (255, 255, 255, 10) if i % 2 else (0, 0, 0, 16),
                                [(x, 0), (x + w * 0.14, 0), (x + w * 0.08, h), (x - w * 0.06, h)])
        surface.blit(sheen, (0, 0))


def _stripes(surface, colours, w, h, vertical: bool) -> None:
    n = len(colours)
    for i, colour in enumerate(colours):
        if vertical:
            surface.fill(colour, (round(i * w / n), 0, math.ceil(w / n) + 1, h))
        else:
            surface.fill(colour, (0, round(i * h / n), w, math.ceil(h / n) + 1))


def _field(surface, pattern: str, c: list, w: int, h: int) -> tuple[float, float, float]:
    """Draw the pattern; return where the emblem goes: (x, y, radius)."""
    middle = (w / 2, h / 2, h * 0.27)
    if pattern == "plain":
        surface.fill(c[0])
    elif pattern in ("horizontal", "vertical"):
        _stripes(surface, c, w, h, pattern == "vertical")
        if len(c) % 2 == 0:  # no middle stripe: the emblem sits in the first stripe, toward the hoist
            return (w / len(c) / 2, h / 2, h * 0.2) if pattern == "vertical" else (w * 0.18, h / len(c) / 2, h / len(c) * 0.36)
        if pattern == "horizontal":
            return w / 2, h / 2, h / len(c) * 0.42 + h * 0.06
    elif pattern == "bands":
        _stripes(surface, [c[i % 2] for i in range(9)], w, h, False)
        surface.fill(c[1], (0, 0, w * 0.4, h * 5 / 9))
        return w * 0.2, h * 5 / 18, h * 0.19
    elif pattern in ("cross", "saltire"):
        surface.fill(c[0])
        arm = h * 0.2
        if pattern == "cross":
            x = w * 0.36
            if len(c) == 3:
                surface.fill(c[1], (x - arm * 0.8, 0, arm * 1.6, h))
                surface.fill(c[1], (0, h / 2 - arm * 0.8, w, arm * 1.6))
            inner = c[2] if len(c) == 3 else c[1]
            surface.fill(inner, (x - arm / 2, 0, arm, h))
            surface.fill(inner, (0, h / 2 - arm / 2, w, arm))
            return x, h / 2, arm * 0.45
        for width, colour in ((arm * 1.5, c[1]), (arm * 0.7, c[2])) if len(c) == 3 else ((arm, c[1]),):
            for a, b in (((0, 0), (w, h)), ((w, 0), (0, h))):
                _band(surface, colour, a, b, width)
        return middle
    elif pattern == "canton":
        if len(c) == 3:
            _stripes(surface, [c[0], c[2]], w, h, False)
        else:
            surface.fill(c[0])
        surface.fill(c[1], (0, 0, w * 0.42, h * 0.5))
        return w * 0.21, h * 0.25, h * 0.17
    elif pattern == "disc":
        surface.fill(c[0])
        pygame.draw.circle(surface, c[1], (w * 0.46, h / 2), h * 0.3)
        return w * 0.46, h / 2, h * 0.2
    elif pattern == "chevron":
        _stripes(surface, c[:-1], w, h, False)
        pygame.draw.polygon(surface, c[-1], [(0, 0), (w * 0.42, h / 2), (0, h)])
        return w * 0.14, h / 2, h * 0.15
    elif pattern == "diagonal":
        surface.fill(c[1])
        pygame.draw.polygon(surface, c[0], [(0, 0), (w, 0), (0, h)])
        if len(c) == 3:
            _band(surface, c[2], (0, h), (w, 0), h * 0.22)
        return w * 0.22, h * 0.27, h * 0.16
    elif pattern == "border":
        surface.fill(c[1])
        edge = h * 0.12
        surface.fill(c[0], (edge, edge, w - 2 * edge, h - 2 * edge))
        return middle
    elif pattern == "quartered":
        quarters = [c[i % len(c)] for i in range(4)]
        if len(c) == 2:
            quarters = [c[0], c[1], c[0], c[1]]
        for (x, y), colour in zip(((0, 0), (1, 0), (1, 1), (0, 1)), quarters):
            surface.fill(colour, (x * w / 2, y * h / 2, w / 2 + 1, h / 2 + 1))
        return w / 2, h / 2, h * 0.2
    return middle


def _band(surface, colour, a, b, width: float) -> None:
    """A straight band `width` wide from point a to point b, past the edges."""
    (x1, y1), (x2, y2) = a, b
    length = math.hypot(x2 - x1, y2 - y1)
    nx, ny = -(y2 - y1) / length * width / 2, (x2 - x1) / length * width / 2
    ex, ey = (x2 - x1) / length * width, (y2 - y1) / length * width
    pygame.draw.polygon(surface, colour, [(x1 - ex + nx, y1 - ey + ny), (x2 + ex + nx, y2 + ey + ny),
                                          (x2 + ex - nx, y2 + ey - ny), (x1 - ex - nx, y1 - ey - ny)])


# ----- emblems: each draws on a transparent layer; CLEAR cuts holes -----
CLEAR = (0, 0, 0, 0)


def _star_points(cx, cy, r, points=5, inner=0.38, turn=-math.pi / 2):
    out = []
    for i in range(points * 2):
        radius = r if i % 2 == 0 else r * inner
        angle = turn + i * math.pi / points
        out.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return out


def _star(layer, cx, cy, r, colour):
    pygame.draw.polygon(layer, colour, _star_points(cx, cy, r))


def _stars(layer, cx, cy, r, colour):
    for i in range(5):
        angle = -math.pi / 2 + i * 2 * math.pi / 5
        pygame.draw.polygon(layer, colour, _star_points(cx + r * 0.68 * math.cos(angle), cy + r * 0.68 * math.sin(angle), r * 0.3))


def _crescent(layer, cx, cy, r, colour):
    pygame.draw.circle(layer, colour, (cx - r * 0.1, cy), r)
    pygame.draw.circle(layer, CLEAR, (cx + r * 0.22, cy - r * 0.08), r * 0.82)
    pygame.draw.polygon(layer, colour, _star_points(cx + r * 0.58, cy - r * 0.05, r * 0.3))


def _disc(layer, cx, cy, r, colour):
    pygame.draw.circle(layer, colour, (cx, cy), r * 0.8)


def _leaf(layer, cx, cy, r, colour):
    pts = []
    for i in range(41):
        t = i / 40 * 2 * math.pi
        # a pointed oval: the tip at the top, the base at the bottom
        x, y = math.sin(t) * 0.55 * (1 - 0.35 * math.cos(t)), -math.cos(t)
        pts.append((cx + x * r * 0.95, cy + y * r * 0.85 - r * 0.1))
    pygame.draw.polygon(layer, colour, pts)
    line = max(1, round(r * 0.07))
    pygame.draw.line(layer, CLEAR, (cx, cy - r * 0.7), (cx, cy + r * 0.65), line)
    for k in (-0.35, 0.0, 0.35):
        for side in (-1, 1):
            pygame.draw.line(layer, CLEAR, (cx, cy + r * (k + 0.1)), (cx + side * r * 0.32, cy + r * (k - 0.2)), line)
    pygame.draw.line(layer, colour, (cx, cy + r * 0.7), (cx, cy + r), max(2, round(r * 0.1)))


def _anchor(layer, cx, cy, r, colour):
    t = max(2, round(r * 0.14))
    pygame.draw.circle(layer, colour, (cx, cy - r * 0.78), r * 0.2, t)
    pygame.draw.line(layer, colour, (cx, cy - r * 0.6), (cx, cy + r * 0.85), t)
    pygame.draw.line(layer, colour, (cx - r * 0.42, cy - r * 0.38), (cx + r * 0.42, cy - r * 0.38), t)
    pygame.draw.arc(layer, colour, (cx - r * 0.75, cy - r * 0.65, r * 1.5, r * 1.5), math.pi * 1.08, math.pi * 1.92, t)
    for side in (-1, 1):
        tip = (cx + side * r * 0.73, cy + r * 0.28)
        pygame.draw.polygon(layer, colour, [tip, (tip[0] - side * r * 0.05, tip[1] - r * 0.3), (tip[0] + side * r * 0.18, tip[1] - r * 0.12)])


def _sun(layer, cx, cy, r, colour):
    for i in range(12):
        a = i * math.pi / 6
        b1, b2 = a - 0.13, a + 0.13
        pygame.draw.polygon(layer, colour, [(cx + r * 0.5 * math.cos(b1), cy + r * 0.5 * math.sin(b1)),
                                            (cx + r * math.cos(a), cy + r * math.sin(a)),
                                            (cx + r * 0.5 * math.cos(b2), cy + r * 0.5 * math.sin(b2))])
    pygame.draw.circle(layer, colour, (cx, cy), r * 0.52)


def _wheel(layer, cx, cy, r, colour):
    pygame.draw.circle(layer, colour, (cx, cy), r * 0.9)
    pygame.draw.circle(layer, CLEAR, (cx, cy), r * 0.72)
    t = max(1, round(r * 0.09))
    for i in range(8):
        a = i * math.pi / 4
        pygame.draw.line(layer, colour, (cx, cy), (cx + r * 0.75 * math.cos(a), cy + r * 0.75 * math.sin(a)), t)
    pygame.draw.circle(layer, colour, (cx, cy), r * 0.2)


def _tower(layer, cx, cy, r, colour):
    body = pygame.Rect(0, 0, r * 1.0, r * 1.3)
    body.midbottom = (cx, cy + r * 0.85)
    pygame.draw.rect(layer, colour, body)
    teeth = 4
    tw = body.w / (teeth * 2 - 1)
    for i in range(teeth):
        pygame.draw.rect(layer, colour, (body.x + i * 2 * tw, body.y - r * 0.25, tw, r * 0.26))
    door = pygame.Rect(0, 0, r * 0.34, r * 0.5)
    door.midbottom = body.midbottom
    pygame.draw.rect(layer, CLEAR, door, border_top_left_radius=round(r * 0.17), border_top_right_radius=round(r * 0.17))
    pygame.draw.rect(layer, CLEAR, (cx - r * 0.08, body.y + r * 0.22, r * 0.16, r * 0.26))


def _wave(layer, cx, cy, r, colour):
    t = max(2, round(r * 0.16))
    for k in (-0.45, 0.0, 0.45):
        pts = [(cx + x / 20 * r * 2 - r, cy + k * r + math.sin(x / 20 * 2 * math.pi * 1.5) * r * 0.14) for x in range(21)]
        pygame.draw.lines(layer, colour, False, pts, t)


def _crown(layer, cx, cy, r, colour):
    base_y, top_y = cy + r * 0.55, cy - r * 0.45
    pts = [(cx - r * 0.85, base_y), (cx - r * 0.95, top_y), (cx - r * 0.45, cy), (cx, top_y - r * 0.15),
           (cx + r * 0.45, cy), (cx + r * 0.95, top_y), (cx + r * 0.85, base_y)]
    pygame.draw.polygon(layer, colour, pts)
    for x, y in ((cx - r * 0.95, top_y), (cx, top_y - r * 0.15), (cx + r * 0.95, top_y)):
        pygame.draw.circle(layer, colour, (x, y), r * 0.14)
    pygame.draw.rect(layer, colour, (cx - r * 0.85, base_y, r * 1.7, r * 0.22))
    pygame.draw.line(layer, CLEAR, (cx - r * 0.7, base_y - r * 0.02), (cx + r * 0.7, base_y - r * 0.02), max(1, round(r * 0.06)))


EMBLEMS = {"star": _star, "stars": _stars, "crescent": _crescent, "disc": _disc, "leaf": _leaf, "anchor": _anchor,
           "sun": _sun, "wheel": _wheel, "tower": _tower, "wave": _wave, "crown": _crown}

