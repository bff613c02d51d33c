"""Shared layout for the menu scenes: a heading, a content area and a bar of buttons at the bottom."""

import html

import pygame

from ..scene import Scene

MARGIN = 24


def esc(text) -> str:
    """Scenario text made safe for a pygame_gui text box."""
    return html.escape(str(text), quote=False)


def paragraphs(text: str) -> str:
    """Blank-line separated paragraphs as text-box HTML, lines inside a paragraph joined."""
    parts = [" ".join(p.split()) for p in str(text).split("\n\n") if p.strip()]
    return "<br><br>".join(esc(p) for p in parts)


def pct(value: float) -> str:
    return f"{value * 100:.0f} %"


class MenuScene(Scene):
    """A full-window menu page. Subclasses fill `build_body(rect)` and list bottom buttons."""

    heading = ""
    subheading = ""

    def px(self, value: float) -> int:
        return self.app.settings.px(value)

    @property
    def bar_height(self) -> int:
        return self.px(44)

    def build(self) -> None:
        w, h = self.size
        m = self.px(MARGIN)
        self.label(self.heading, (m, self.px(12), w - 2 * m, self.px(40)), object_id="#heading")
        top = self.px(54)
        if self.subheading:
            self.label(self.subheading, (m, top, w - 2 * m, self.px(24)), object_id="#muted")
            top += self.px(28)
        bottom = h - self.bar_height - self.px(20)
        self.build_body(pygame.Rect(m, top, w - 2 * m, bottom - top - self.px(10)))
        self.build_bar(pygame.Rect(m, bottom, w - 2 * m, self.bar_height))

    def build_body(self, rect: pygame.Rect) -> None:
        """Widgets between the heading and the button bar (override)."""

    def bar_buttons(self) -> tuple[list, list]:
        """(left, right) lists of (text, action, tip, key, object_id) for the bottom bar (override)."""
        return [], []

    def build_bar(self, rect: pygame.Rect) -> None:
        left, right = self.bar_buttons()
        width, gap = self.px(180), self.px(12)
        x = rect.x
        for text, action, tip, key, oid in left:
            self.button(text, (x, rect.y, width, rect.h), action, tip, key, object_id=oid)
            x += width + gap
        x = rect.right - len(right) * width - (len(right) - 1) * gap
        for text, action, tip, key, oid in right:
            self.button(text, (x, rect.y, width, rect.h), action, tip, key, object_id=oid)
            x += width + gap

    def focus_on(self, widget) -> None:
        """Put the keyboard focus ring on `widget`."""
        for other in self.focus_ring:
            if other is not widget and other.alive():
                other.unselect()
        if widget in self.focus_ring:
            widget.select()
            self.focus = self.focus_ring.index(widget)
