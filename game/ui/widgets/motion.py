"""Brief animations over a scene: a verdict stamped on the reply, the votes counted one by one.

Each is an image widget on the top layer that draws itself from the time since it began and never
takes the mouse. A click or a key ends it at once: the key is spent on it, the click also reaches
the widget below. With reduced motion it shows its last frame straight away (the vote) or not at
all (the stamp: the reply's badge already says it). Scenes call `update(dt)` every frame and
`skip()` on input.
"""

import pygame
from pygame_gui.elements import UIImage

from ...model.voting import tally, vote_weights
from .. import palette
from ..art.flags import flag_surface
from ..art.heraldry import country_flag
from .draw import VERDICTS, fit, symbol, text


def ease_out(t: float) -> float:
    t = max(0.0, min(1.0, t))
    return 1 - (1 - t) ** 3


class PassThroughImage(UIImage):
    """An image over other widgets that never takes the mouse: they stay hoverable and clickable."""

    def hover_point(self, hover_x: float, hover_y: float) -> bool:
        return False


class Overlay:
    """An image on top of everything in `rect`, redrawn from `frame(t)` while it lives."""

    hold = 1.0

    def __init__(self, scene, rect, reduced: bool):
        self.scene = scene
        self.rect = pygame.Rect(rect)
        self.t = 0.0
        self.alive = True
        self.reduced = reduced
        top = scene.manager.get_root_container().get_top_layer() + 1
        self.widget = PassThroughImage(self.rect, pygame.Surface(self.rect.size, pygame.SRCALPHA), manager=scene.manager,
                              container=scene.root, starting_height=top)
        if reduced:
            self.t = self.length
        self.widget.set_image(self.frame(self.t))

    @property
    def length(self) -> float:
        """Seconds the motion takes (it then holds its last frame for `hold` seconds)."""
        return 1.0

    def update(self, dt: float) -> None:
        if not self.alive:
            return
        before = self.t
        self.t += dt
        if self.t >= self.length + self.hold:
            self.skip()
        elif before < self.length or self.fading:
            self.widget.set_image(self.frame(min(self.t, self.length + self.hold)))

    @property
    def fading(self) -> bool:
        return False

    def skip(self) -> None:
        if self.alive:
            self.alive = False
            self.widget.kill()
            self.scene.app.invalidate()

    def frame(self, t: float) -> pygame.Surface:
        raise NotImplementedError


class Stamp(Overlay):
    """ACCEPTED / COUNTERED / REFUSED pressed onto the reply: it drops in, holds, then fades."""

    hold = 1.1

    def __init__(self, scene, rect, verdict: str, reduced: bool):
        self.colour, self.word, _ = VERDICTS[verdict]
        self.base = self._stamp()
        super().__init__(scene, rect, reduced)
        if reduced:
            self.skip()

    @property
    def length(self) -> float:
        return 0.32

    @property
    def fading(self) -> bool:
        return True

    def _stamp(self) -> pygame.Surface:
        label = text(self.word, 30, self.colour, True)
        w, h = label.get_width() + 36, label.get_height() + 18
        ink = pygame.Surface((w, h), pygame.SRCALPHA)
        pygame.draw.rect(ink, (*self.colour, 255), ink.get_rect(), 4, border_radius=8)
        pygame.draw.rect(ink, (*self.colour, 255), ink.get_rect().inflate(-12, -12), 2, border_radius=5)
        ink.blit(label, ((w - label.get_width()) // 2, (h - label.get_height()) // 2))
        return pygame.transform.rotozoom(ink, 8, 1.0)

    def frame(self, t: float) -> pygame.Surface:
        surface = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        drop = ease_out(t / self.length)
        scale = 1.8 - 0.8 * drop
        fade = 1.0 if t <= self.length + self.hold - 0.3 else max(0.0, (self.length + self.hold - t) / 0.3)
        image = pygame.transform.rotozoom(self.base, 0, min(scale, self.rect.w / max(1, self.base.get_width()) * scale))
        image.set_alpha(round(255 * min(1.0, drop * 1.4) * fade * 0.92))
        surface.blit(image, image.get_rect(center=(self.rect.w // 2, self.rect.h // 2)))
        return surface


class VoteCount(Overlay):
    """The votes counted one by one: each party's flag, weight and vote, the weighted bar filling
    toward the threshold, then PASSED or FAILED. `votes` is how each party voted (the engine's
    forecast for the draft put to the vote); the count and the result come from model.voting.tally."""

    hold = 2.5

    def __init__(self, scene, rect, scenario, votes: dict[str, bool], reduced: bool):
        self.scenario = scenario
        self.order = [c for c in scenario.countries if c.id in votes]
        self.votes = votes
        self.weights = vote_weights(scenario)
        self.count = tally(scenario, votes)
        self.passed = self.count.passes
        super().__init__(scene, rect, reduced)

    @property
    def length(self) -> float:
        return 0.3 + 0.14 * len(self.order)

    def frame(self, t: float) -> pygame.Surface:
        w, h = self.rect.size
        surface = pygame.Surface((w, h), pygame.SRCALPHA)
        pygame.draw.rect(surface, (16, 20, 28, 255), surface.get_rect(), border_radius=10)
        pygame.draw.rect(surface, palette.GRID, surface.get_rect(), 1, border_radius=10)
        surface.blit(text("The vote", 20, palette.TEXT, True), (16, 10))
        surface.blit(text("click or press a key to close", 13, palette.MUTED), (w - 200, 16))
        counted = min(len(self.order), int(max(0.0, t - 0.3) / 0.14) + 1) if t > 0.3 else 0
        bar_h, foot = 26, 80
        row_h = max(16, min(26, (h - 50 - foot) // max(1, len(self.order))))
        y = 44
        for i, country in enumerate(self.order):
            surface.blit(flag_surface(country_flag(country), (round((row_h - 6) * 1.5), row_h - 6)), (16, y + 3))
            surface.blit(text(fit(country.name, 14, w * 0.4), 14, palette.TEXT), (24 + round((row_h - 6) * 1.5), y + (row_h - 19) // 2))
            share = f"{self.weights[country.id] * 100:.0f} %"
            surface.blit(text(share, 13, palette.MUTED), (w * 0.55, y + (row_h - 18) // 2))
            if i < counted:
                yes = self.votes[country.id]
                colour = palette.ACCEPT if yes else palette.REJECT
                symbol(surface, "check" if yes else "cross", pygame.Rect(w * 0.72, y + 2, row_h - 4, row_h - 4), colour)
                surface.blit(text("yes" if yes else "no", 14, colour, True), (w * 0.72 + row_h, y + (row_h - 19) // 2))
            y += row_h
        # the weighted tally so far, against the threshold
        yes_share = sum(self.weights[c.id] for c in self.order[:counted] if self.votes[c.id])
        bar = pygame.Rect(16, h - foot + 6, w - 32, bar_h)
        pygame.draw.rect(surface, palette.PANEL, bar, border_radius=4)
        pygame.draw.rect(surface, palette.ACCEPT, (bar.x, bar.y, round(bar.w * yes_share), bar.h), border_radius=4)
        x = bar.x + round(bar.w * self.count.threshold)
        pygame.draw.line(surface, palette.YELLOW, (min(x, bar.right - 2), bar.y - 4), (min(x, bar.right - 2), bar.bottom + 4), 2)
        surface.blit(text(f"For: {yes_share * 100:.0f} % · needs {self.count.needs}", 14, palette.TEXT), (16, bar.bottom + 8))
        if counted == len(self.order):
            word, colour = ("PASSED", palette.ACCEPT) if self.passed else ("FAILED", palette.REJECT)
            appear = ease_out((t - self.length + 0.15) / 0.25) if not self.reduced else 1.0
            label = text(word, 28, colour, True)
            stamp = pygame.Surface((label.get_width() + 24, label.get_height() + 10), pygame.SRCALPHA)
            pygame.draw.rect(stamp, colour, stamp.get_rect(), 3, border_radius=6)
            stamp.blit(label, (12, 5))
            stamp = pygame.transform.rotozoom(stamp, 6, 1.0 + 0.5 * (1 - appear))
            stamp.set_alpha(round(255 * appear))
            surface.blit(stamp, stamp.get_rect(center=(w - 100, bar.bottom + 14)))
        return surface
