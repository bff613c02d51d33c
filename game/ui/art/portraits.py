"""Leaders' portraits: a head and shoulders drawn from a Look (heraldry.look_of), with one of four
expressions (pleased, neutral, wary, angry), cached per size.

Shapes are laid out on a grid 100 units wide and 125 high, drawn four times larger than shown and
scaled down smoothly.
"""

import pygame

from .cache import SurfaceCache, supersampled
from .heraldry import EXPRESSIONS, HAIR, SKIN, Look, mix, shade

SUPERSAMPLE = 4
_cache = SurfaceCache(192)
IRIS = {"brown": (92, 60, 36), "blue": (70, 120, 170), "green": (72, 120, 80), "grey": (110, 120, 128), "dark": (40, 30, 26)}
LIPS = (150, 72, 70)


def portrait_surface(look: Look, expression: str, size: tuple[int, int]) -> pygame.Surface:
    """The portrait at `size` (4:5 reads best) with `expression`, one of EXPRESSIONS."""
    if expression not in EXPRESSIONS:
        raise ValueError(f"unknown expression {expression!r}")
    return _cache.get((look, expression, tuple(size)),
                      lambda: supersampled(size, SUPERSAMPLE, lambda s, u: _Painter(s, look, expression).paint()))


class _Painter:
    def __init__(self, surface: pygame.Surface, look: Look, expression: str):
        self.s = surface
        w, h = surface.get_size()
        self.k = min(w / 84, h / 105)  # the view: x 8..92, y 18..123 of the grid
        self.ox, self.oy = (w - 100 * self.k) / 2, h - 123 * self.k
        self.look, self.mood = look, expression
        self.skin = SKIN[look.skin]
        self.hair = HAIR[look.hair_colour]

    # ----- the grid -----
    def p(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + x * self.k, self.oy + y * self.k

    def r(self, x, y, w, h) -> pygame.Rect:
        return pygame.Rect(round(self.ox + x * self.k), round(self.oy + y * self.k), max(1, round(w * self.k)), max(1, round(h * self.k)))

    def n(self, units: float) -> int:
        return max(1, round(units * self.k))

    def poly(self, colour, points) -> None:
        pygame.draw.polygon(self.s, colour, [self.p(x, y) for x, y in points])

    def ellipse(self, colour, x, y, w, h, width: float = 0) -> None:
        pygame.draw.ellipse(self.s, colour, self.r(x, y, w, h), self.n(width) if width else 0)

    def line(self, colour, a, b, width: float) -> None:
        pygame.draw.line(self.s, colour, self.p(*a), self.p(*b), self.n(width))

    def curve(self, colour, points, width: float) -> None:
        pygame.draw.lines(self.s, colour, False, [self.p(x, y) for x, y in points], self.n(width))
        for x, y in (points[0], points[-1]):  # round caps
            pygame.draw.circle(self.s, colour, self.p(x, y), self.n(width) / 2)

    def overlay(self, colour_alpha, draw) -> None:
        layer = pygame.Surface(self.s.get_size(), pygame.SRCALPHA)
        draw(layer, colour_alpha)
        self.s.blit(layer, (0, 0))

    # ----- the picture -----
    def paint(self) -> None:
        self.background()
        self.hair_behind()
        self.shoulders()
        self.head()
        self.hair_front()
        self.eyes()
        self.nose_and_mouth()
        self.beard()
        self.glasses()
        self.flush()

    def background(self) -> None:
        w, h = self.s.get_size()
        top, bottom = shade(self.look.background, 1.18), shade(self.look.background, 0.7)
        bands = 24
        for i in range(bands):
            self.s.fill(mix(top, bottom, i / (bands - 1)), (0, round(i * h / bands), w, h // bands + 2))
        self.overlay((255, 255, 255, 22), lambda layer, c: pygame.draw.circle(layer, c, self.p(50, 52), 46 * self.k))

    def shoulders(self) -> None:
        look = self.look
        skin_dark = shade(self.skin, 0.82)
        self.poly(skin_dark, [(41, 76), (59, 76), (60, 100), (40, 100)])  # neck
        self.ellipse(look.clothes, 2, 96, 96, 70)
        shirt = (236, 236, 232)
        self.poly(shirt, [(39, 97), (50, 118), (61, 97), (56, 93), (50, 100), (44, 93)])
        self.poly(shade(look.clothes, 0.75), [(39, 97), (50, 122), (44, 125), (31, 101)])  # lapels
        self.poly(shade(look.clothes, 0.75), [(61, 97), (50, 122), (56, 125), (69, 101)])
        if look.seed % 3:
            self.poly(look.accent, [(48, 100), (52, 100), (54, 117), (50, 123), (46, 117)])  # tie
            self.poly(shade(look.accent, 0.8), [(47.5, 99), (52.5, 99), (51.5, 103), (48.5, 103)])
        else:
            self.poly(look.accent, [(42, 95), (50, 104), (58, 95), (60, 99), (50, 109), (40, 99)])  # scarf

    def face_rect(self) -> tuple[float, float, float, float]:
        return {"oval": (30, 30, 40, 52), "round": (29, 32, 42, 48), "long": (31.5, 28, 37, 56), "square": (30, 31, 40, 50)}[self.look.face]

    def head(self) -> None:
        x, y, w, h = self.face_rect()
        ear = shade(self.skin, 0.9)
        self.ellipse(ear, x - 3.5, y + h * 0.42, 8, 13)
        self.ellipse(ear, x + w - 4.5, y + h * 0.42, 8, 13)
        mask = pygame.Surface(self.s.get_size(), pygame.SRCALPHA)
        for target, colour in ((self.s, self.skin), (mask, (255, 255, 255, 255))):
            if self.look.face == "square":
                pygame.draw.rect(target, colour, self.r(x, y + h * 0.3, w, h * 0.7), border_radius=self.n(12))
                pygame.draw.ellipse(target, colour, self.r(x, y, w, h * 0.8))
            else:
                pygame.draw.ellipse(target, colour, self.r(x, y, w, h))
        light = pygame.Surface(self.s.get_size(), pygame.SRCALPHA)  # shade on one cheek, light on the brow, kept inside the face
        pygame.draw.ellipse(light, (*shade(self.skin, 0.78), 70), self.r(x + w * 0.62, y + h * 0.2, w * 0.42, h * 0.75))
        pygame.draw.ellipse(light, (255, 255, 255, 26), self.r(x + w * 0.15, y + h * 0.08, w * 0.4, h * 0.45))
        light.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        self.s.blit(light, (0, 0))
        if self.look.age > 0.6:
            lines = shade(self.skin, 0.8)
            self.curve(lines, [(39, 45), (45, 44), (50, 45)], 0.7)
            self.curve(lines, [(45, 69), (43, 74), (44, 78)], 0.8)
            self.curve(lines, [(55, 69), (57, 74), (56, 78)], 0.8)

    def hair_behind(self) -> None:
        style, hair = self.look.hair, self.hair
        x, y, w, h = self.face_rect()
        if style == "long":
            pygame.draw.rect(self.s, hair, self.r(x - 5, y - 2, w + 10, h + 22), border_radius=self.n(18))
        elif style == "bun":
            self.ellipse(hair, 39, y - 11, 22, 18)
        elif style == "curly":
            for i in range(11):
                cx = x - 2 + i * (w + 4) / 10
                self.ellipse(hair, cx - 7, y - 6 + abs(i - 5) * 2.2, 14, 14)

    def hair_front(self) -> None:
        style, hair = self.look.hair, self.hair
        x, y, w, h = self.face_rect()
        top = y
        if style == "bald":
            if self.look.age > 0.4:
                self.poly(hair, [(x - 0.5, top + 18), (x + 3, top + 14), (x + 4, top + 26), (x + 0.5, top + 28)])
                self.poly(hair, [(x + w + 0.5, top + 18), (x + w - 3, top + 14), (x + w - 4, top + 26), (x + w - 0.5, top + 28)])
            return
        if style == "receding":
            self.poly(hair, [(x - 1, top + 24), (x + 1, top + 10), (x + 8, top + 6), (x + 7, top + 16), (x + 3, top + 27)])
            self.poly(hair, [(x + w + 1, top + 24), (x + w - 1, top + 10), (x + w - 8, top + 6), (x + w - 7, top + 16), (x + w - 3, top + 27)])
            return
        if style == "cropped":
            self.ellipse(hair, x - 0.5, top - 2, w + 1, 17)
            self.poly(hair, [(x - 0.5, top + 8), (x + 2, top + 20), (x + 4, top + 9)])
            self.poly(hair, [(x + w + 0.5, top + 8), (x + w - 2, top + 20), (x + w - 4, top + 9)])
            return
        if style == "curly":
            for i in range(9):
                cx = x + 2 + i * (w - 4) / 8
                self.ellipse(hair, cx - 5.5, top - 5 + (abs(i - 4) * 1.4), 11, 11)
            return
        if style in ("short", "parted"):
            self.ellipse(hair, x - 1.5, top - 3, w + 3, 22)
            self.poly(hair, [(x - 1.5, top + 10), (x + 1, top + 26), (x + 5, top + 12)])
            self.poly(hair, [(x + w + 1.5, top + 10), (x + w - 1, top + 26), (x + w - 5, top + 12)])
            if style == "parted":  # a swept fringe with a parting
                self.poly(hair, [(x + 3, top + 13), (x + w * 0.35, top + 5), (x + w * 0.95, top + 10), (x + w * 0.6, top + 14), (x + 6, top + 19)])
                self.curve(shade(hair, 0.7) if sum(hair) > 200 else shade(hair, 1.4), [(x + w * 0.32, top - 1), (x + w * 0.36, top + 7)], 0.8)
            return
        if style in ("long", "bun"):
            self.ellipse(hair, x - 1.5, top - 3, w + 3, 20)
            self.poly(hair, [(x - 1, top + 8), (x - 1, top + 36), (x + 4, top + 14)])
            self.poly(hair, [(x + w + 1, top + 8), (x + w + 1, top + 36), (x + w - 4, top + 14)])
            self.poly(hair, [(x + w * 0.5, top + 2), (x + 4, top + 15), (x + w * 0.35, top + 10)])

    def eyes(self) -> None:
        mood, skin = self.mood, self.skin
        iris = IRIS[self.look.eyes]
        brow = shade(self.hair, 0.8) if sum(self.hair) < 600 else shade(self.hair, 0.7)
        look_x = 1.2 if mood == "wary" else 0
        for side, cx in ((-1, 41.5), (1, 58.5)):
            cy = 55
            self.ellipse((246, 244, 240), cx - 4.5, cy - 2.8, 9, 5.6)
            self.ellipse(iris, cx - 2.3 + look_x, cy - 2.4, 4.6, 4.8)
            self.ellipse((16, 14, 14), cx - 1.1 + look_x, cy - 1.2, 2.2, 2.4)
            self.ellipse((255, 255, 255), cx + 0.2 + look_x, cy - 1.8, 1.1, 1.1)
            lid = shade(skin, 0.9)
            if mood == "pleased":  # smiling eyes: the lower lid rises
                self.ellipse(skin, cx - 5, cy + 0.6, 10, 6)
                self.curve(shade(skin, 0.72), [(cx - 3.5, cy + 1.6), (cx, cy + 0.9), (cx + 3.5, cy + 1.6)], 0.6)
            elif mood == "wary":  # heavy upper lids
                self.ellipse(lid, cx - 5, cy - 5.2, 10, 5.6)
            elif mood == "angry":  # lids slanting down to the nose
                inner, outer = (cx - side * 5, cy - 4), (cx + side * 5, cy - 4)
                self.poly(lid, [inner, outer, (cx + side * 5, cy - 2.6), (cx - side * 5, cy + 0.3)])
            self.curve(shade(skin, 0.6), [(cx - 4.5, cy - 0.6), (cx - 2, cy - 2.9), (cx + 2, cy - 2.9), (cx + 4.5, cy - 0.6)], 0.6)
            # brows: raised and arched when pleased, level when neutral, one raised when wary, knitted when angry
            inner_x, outer_x = cx - side * 4.5, cx + side * 5
            if mood == "pleased":
                pts = [(inner_x, cy - 6.8), (cx, cy - 8.6), (outer_x, cy - 7.2)]
            elif mood == "neutral":
                pts = [(inner_x, cy - 6.2), (cx, cy - 7.2), (outer_x, cy - 6.4)]
            elif mood == "wary":
                pts = [(inner_x, cy - 5.6), (cx, cy - 6.2), (outer_x, cy - 6.0)] if side < 0 else \
                      [(inner_x, cy - 7.4), (cx, cy - 9.0), (outer_x, cy - 8.0)]
            else:
                pts = [(inner_x + side * 0.5, cy - 3.6), (cx, cy - 6.0), (outer_x, cy - 7.6)]
            self.curve(brow, sorted(pts), 1.9)

    def nose_and_mouth(self) -> None:
        mood, skin = self.mood, self.skin
        dark = shade(skin, 0.7)
        self.curve(dark, [(50.5, 57), (48.5, 64.5), (50.5, 66)], 0.9)
        self.ellipse(shade(skin, 0.75), 46.5, 65.2, 2.6, 1.6)
        self.ellipse(shade(skin, 0.75), 51, 65.2, 2.6, 1.6)
        y = 72.5
        lips = mix(LIPS, skin, 0.35)
        if mood == "pleased":
            self.poly((110, 40, 44), [(42.5, y - 1), (57.5, y - 1), (55, y + 3.6), (50, y + 5), (45, y + 3.6)])
            self.poly((245, 242, 236), [(43.5, y - 0.6), (56.5, y - 0.6), (55.5, y + 1.2), (44.5, y + 1.2)])
            self.curve(lips, [(42, y - 1.4), (46, y - 0.6), (50, y - 0.4), (54, y - 0.6), (58, y - 1.4)], 1.1)
            self.curve(lips, [(44.5, y + 3.8), (50, y + 5.4), (55.5, y + 3.8)], 1.2)
        elif mood == "neutral":
            self.curve(lips, [(44, y + 0.6), (50, y + 1.0), (56, y + 0.6)], 1.5)
            self.curve(mix(lips, skin, 0.5), [(46, y + 2.8), (50, y + 3.3), (54, y + 2.8)], 1.0)
        elif mood == "wary":
            self.curve(lips, [(45, y + 1.6), (50, y + 1.0), (54.5, y + 0.2)], 1.4)
        else:
            self.curve(lips, [(43.5, y + 3.0), (46.5, y + 1.0), (50, y + 0.4), (53.5, y + 1.0), (56.5, y + 3.0)], 1.6)
            self.curve(shade(skin, 0.8), [(45, y - 2.5), (44, y + 0.5)], 0.7)

    def beard(self) -> None:
        kind, hair = self.look.facial_hair, self.hair
        if kind == "moustache":
            self.poly(hair, [(43.5, 70.8), (47, 68.2), (50, 69), (53, 68.2), (56.5, 70.8), (53, 70.2), (50, 70.6), (47, 70.2)])
        elif kind == "beard":
            x, y, w, h = self.face_rect()
            layer = pygame.Surface(self.s.get_size(), pygame.SRCALPHA)
            pygame.draw.ellipse(layer, (*hair, 235), self.r(x, y + h * 0.25, w, h * 0.75 + 2))
            pygame.draw.rect(layer, (0, 0, 0, 0), self.r(x + 4, y, w - 8, 67 - y))  # sideburns stay
            pygame.draw.ellipse(layer, (0, 0, 0, 0), self.r(44, 70, 12, 7))
            self.s.blit(layer, (0, 0))
            self.poly(hair, [(43.5, 70.8), (47, 68.2), (50, 69), (53, 68.2), (56.5, 70.8), (50, 70.6)])

    def glasses(self) -> None:
        if not self.look.glasses:
            return
        frame = (30, 30, 34)
        for cx in (41.5, 58.5):
            pygame.draw.rect(self.s, frame, self.r(cx - 6, 51, 12, 8.5), self.n(0.9), border_radius=self.n(3))
        self.curve(frame, [(47.5, 54.5), (50, 53.5), (52.5, 54.5)], 0.9)
        self.line(frame, (35.5, 54), (31, 53), 0.9)
        self.line(frame, (64.5, 54), (69, 53), 0.9)

    def flush(self) -> None:
        if self.mood == "angry":
            self.overlay((200, 40, 30, 38), lambda layer, c: [pygame.draw.ellipse(layer, c, self.r(x, 60, 10, 7)) for x in (33, 57)])
        elif self.mood == "pleased":
            self.overlay((230, 90, 90, 30), lambda layer, c: [pygame.draw.ellipse(layer, c, self.r(x, 61, 9, 6)) for x in (34, 57)])
