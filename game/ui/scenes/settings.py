"""Settings: window size, full screen and UI scale, applied at once and saved to saves/settings.json."""

from dataclasses import replace

import pygame

from ..app import UI_SCALES, WINDOW_SIZES
from .menu import MenuScene

SIZE_KEYS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4)


class SettingsScene(MenuScene):
    title = "Settings"
    heading = "Settings"
    subheading = "Choose, then Apply: the window changes at once and the choice is kept for next time."

    def __init__(self, app):
        super().__init__(app)
        current = app.settings
        self.size_choice = tuple(current.size)
        self.fullscreen = current.fullscreen
        self.scale = current.ui_scale
        self.groups: dict[str, list] = {}

    def build_body(self, rect: pygame.Rect) -> None:
        px = self.px
        label_w, bw, bh, gap = px(200), px(150), px(44), px(10)
        y = rect.y + px(8)
        self.groups = {"size": [], "fullscreen": [], "scale": []}

        self.label("Window size", (rect.x, y, label_w, bh), object_id="#field_label", tip="The window's size when not full screen")
        for i, (w, h) in enumerate(WINDOW_SIZES):
            b = self.button(f"{w} × {h}", (rect.x + label_w + i * (bw + gap), y, bw, bh),
                            lambda s=(w, h): self.pick(size=s), f"A {w} by {h} window", SIZE_KEYS[i])
            self.groups["size"].append((b, (w, h)))
        y += bh + px(22)

        self.label("Full screen", (rect.x, y, label_w, bh), object_id="#field_label", tip="Fill the whole screen")
        for i, (text, value) in enumerate((("Off", False), ("On", True))):
            b = self.button(text, (rect.x + label_w + i * (bw + gap), y, bw, bh),
                            lambda v=value: self.pick(fullscreen=v),
                            "Play in a window" if not value else "Fill the screen (F toggles)",
                            pygame.K_f if value else None)
            self.groups["fullscreen"].append((b, value))
        self.shortcuts[pygame.K_f] = lambda: self.pick(fullscreen=not self.fullscreen)
        y += bh + px(22)

        self.label("Text size", (rect.x, y, label_w, bh), object_id="#field_label", tip="Scales every font and the menus; - and + change it")
        for i, scale in enumerate(UI_SCALES):
            b = self.button(f"{scale * 100:.0f} %", (rect.x + label_w + i * (bw + gap), y, bw, bh),
                            lambda s=scale: self.pick(scale=s),
                            f"Text at {scale * 100:.0f} %; the - and + keys step it")
            self.groups["scale"].append((b, scale))
        self.shortcuts[pygame.K_MINUS] = lambda: self.step_scale(-1)
        self.shortcuts[pygame.K_KP_MINUS] = lambda: self.step_scale(-1)
        self.shortcuts[pygame.K_EQUALS] = lambda: self.step_scale(1)
        self.shortcuts[pygame.K_PLUS] = lambda: self.step_scale(1)
        self.shortcuts[pygame.K_KP_PLUS] = lambda: self.step_scale(1)
        y += bh + px(30)
        self.status = self.label("", (rect.x, y, rect.w, px(28)), object_id="#field_muted")
        self.show_choices()

    def bar_buttons(self):
        return ([("Back", self.app.pop, "Leave without applying unapplied changes", pygame.K_ESCAPE, None)],
                [("Apply", self.apply, "Apply these settings and keep them for next time", pygame.K_a, "#primary")])

    def build_bar(self, rect: pygame.Rect) -> None:
        super().build_bar(rect)
        chosen = next((b for b, v in self.groups["size"] if v == self.size_choice), None)
        self.focus_on(chosen) if chosen else self.move_focus(1)

    def show_choices(self) -> None:
        chosen = {"size": self.size_choice, "fullscreen": self.fullscreen, "scale": self.scale}
        for group, items in self.groups.items():
            for button, value in items:
                button.change_object_id("#selected" if value == chosen[group] else None)
        s = self.app.settings
        pending = (self.size_choice, self.fullscreen, self.scale) != (tuple(s.size), s.fullscreen, s.ui_scale)
        self.status.set_text("Not applied yet: press Apply." if pending else "These settings are in use.")

    def pick(self, size=None, fullscreen=None, scale=None) -> None:
        if size is not None:
            self.size_choice = size
        if fullscreen is not None:
            self.fullscreen = fullscreen
        if scale is not None:
            self.scale = scale
        self.show_choices()

    def step_scale(self, step: int) -> None:
        index = min(range(len(UI_SCALES)), key=lambda i: abs(UI_SCALES[i] - self.scale))
        self.pick(scale=UI_SCALES[max(0, min(len(UI_SCALES) - 1, index + step))])

    def apply(self) -> None:
        settings = replace(self.app.settings, size=self.size_choice, fullscreen=self.fullscreen, ui_scale=self.scale)
        self.app.apply_settings(settings)
        try:
            settings.save()
        except OSError as exc:
            self.status.set_text(f"Applied, but could not save: {exc}")
