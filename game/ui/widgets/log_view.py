"""The session log as one drawn surface instead of a UITextBox: entries are wrapped once when they
arrive, and the image is drawn again only when an entry arrives, the view scrolls or it is resized.
The mouse wheel over it scrolls; newest entries are at the bottom, and the view follows them unless
the player scrolled up."""

import pygame
from pygame_gui.elements import UIImage

from .. import palette
from .draw import font, text

Segment = tuple[str, tuple, bool]  # text, colour, bold
KIND_COLOURS = {"shift": palette.YELLOW, "compromise": palette.SKY, "stance": palette.MUTED, "event": palette.ORANGE,
                "deal": palette.BLUE, "vote": palette.BLUE, "outcome": palette.ORANGE}
GAIN, LOSS = palette.GREEN, palette.VERMILION


def entry_colour(entry) -> tuple:
    """A log entry's colour by its kind; a change of relations by its sign (gains and losses apart,
    the sign in the text too), every colour legible on the panels."""
    if entry.kind == "relationship":
        colour = LOSS if " relations -" in entry.text else GAIN  # the engine writes the change signed
    else:
        colour = KIND_COLOURS.get(entry.kind, palette.TEXT)
    return palette.legible(colour)


class LogView:
    SIZE = 14
    PAD = 6

    def __init__(self, manager, container, rect, tip: str = ""):
        self.rect = pygame.Rect(rect)
        self.image = UIImage(self.rect, pygame.Surface(self.rect.size), manager=manager, container=container)
        if tip:
            self.image.set_tooltip(tip)
        self.line_h = font(self.SIZE).get_linesize() + 2
        self.lines: list[list[tuple[str, tuple, bool]]] = []
        self.scroll = 0  # lines above the bottom of the view (0: newest shown)
        self.rendered: dict[int, pygame.Surface] = {}  # id(line) -> the line drawn
        self.dirty = True

    @property
    def rows(self) -> int:
        return max(1, (self.rect.h - 2 * self.PAD) // self.line_h)

    def alive(self) -> bool:
        return self.image.alive()

    @property
    def widget(self) -> UIImage:
        return self.image

    def scroll_by(self, pages: float) -> None:
        """Scroll by a fraction of the lines shown (positive: toward the newest)."""
        most = max(0, len(self.lines) - self.rows)
        self.scroll = min(most, max(0, self.scroll - round(pages * self.rows)))
        self.dirty = True

    def clear(self) -> None:
        self.lines, self.scroll, self.dirty = [], 0, True
        self.rendered = {}

    def append(self, segments: list[Segment]) -> None:
        """Add one entry: its words wrapped to the width, each keeping its colour and weight."""
        width = self.rect.w - 2 * self.PAD - 12
        line: list[tuple[str, tuple, bool]] = []
        x = 0
        for content, colour, bold in segments:
            f = font(self.SIZE, bold)
            for word in content.split(" "):
                if not word:
                    continue
                piece = word if x == 0 else " " + word
                w = f.size(piece)[0]
                if x and x + w > width:
                    self.lines.append(line)
                    line, x, piece = [], 0, word
                    w = f.size(piece)[0]
                line.append((piece, colour, bold))
                x += w
        self.lines.append(line)
        if self.scroll:
            self.scroll += 1
        if len(self.lines) > 2000:
            del self.lines[:500]
            self.rendered = {}
        self.dirty = True

    def line_image(self, line) -> pygame.Surface:
        """One wrapped line rendered once (the view is drawn again from these on every scroll or entry)."""
        image = self.rendered.get(id(line))
        if image is None:
            pieces = [text(piece, self.SIZE, colour, bold) for piece, colour, bold in line]
            image = pygame.Surface((max(1, sum(p.get_width() for p in pieces)), self.line_h))
            image.fill(palette.PANEL)  # opaque, on the view's own background: the text looks as drawn directly
            x = 0
            for piece in pieces:
                image.blit(piece, (x, 0))
                x += piece.get_width()
            self.rendered[id(line)] = image
        return image

    def handle(self, event) -> bool:
        if event.type == pygame.MOUSEWHEEL and self.image.alive() and self.image.rect.collidepoint(pygame.mouse.get_pos()):
            most = max(0, len(self.lines) - self.rows)
            self.scroll = min(most, max(0, self.scroll + event.y * 3))
            self.dirty = True
            return True
        return False

    def refresh(self) -> None:
        if not self.dirty or not self.image.alive():
            return
        self.dirty = False
        w, h = self.rect.size
        surface = pygame.Surface((w, h))
        surface.fill(palette.PANEL)
        pygame.draw.rect(surface, palette.GRID, (0, 0, w, h), 1, border_radius=4)
        rows = self.rows
        end = len(self.lines) - self.scroll
        shown = self.lines[max(0, end - rows):end]
        y = self.PAD
        for line in shown:
            surface.blit(self.line_image(line), (self.PAD, y))
            y += self.line_h
        if len(self.lines) > rows:  # a thin bar: where the view is in the whole log
            track = h - 2 * self.PAD
            size = max(12, track * rows // len(self.lines))
            top = self.PAD + (track - size) * (len(self.lines) - rows - self.scroll) // max(1, len(self.lines) - rows)
            pygame.draw.rect(surface, palette.GRID, (w - 8, top, 4, size), border_radius=2)
        self.image.set_image(surface, image_is_alpha_premultiplied=True)  # opaque: premultiplying changes nothing
