"""Settings: window size, full screen, UI scale, sound, music and motion, applied at once and saved to
saves/settings.json (volumes are heard as they are chosen)."""

from dataclasses import replace

import pygame

from ..app import UI_SCALES, WINDOW_SIZES
from .menu import MenuScene

SIZE_KEYS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4)


EFFECT_LEVELS = (("Low", 0.3), ("Medium", 0.55), ("High", 0.8), ("Full", 1.0))
MUSIC_LEVELS = (("Off", 0.0), ("Low", 0.25), ("Medium", 0.5), ("High", 0.8))


class SettingsScene(MenuScene):
    title = "Settings"
    heading = "Settings"
    subheading = "Choose, then Apply: the window changes at once and the choice is kept for next time."

    def __init__(self, app):
        super().__init__(app)
        current = app.settings
        self.choice = {"size": tuple(current.size), "fullscreen": current.fullscreen, "scale": current.ui_scale,
                       "muted": current.muted, "volume": current.sound_volume, "music": current.music_volume,
                       "reduced_motion": current.reduced_motion}
        self.groups: dict[str, list] = {}

    def build_body(self, rect: pygame.Rect) -> None:
        px = self.px
        rows = [
            ("size", "Window size", "The window's size when not full screen",
             [(f"{w} × {h}", (w, h), f"A {w} by {h} window", SIZE_KEYS[i]) for i, (w, h) in enumerate(WINDOW_SIZES)]),
            ("fullscreen", "Full screen", "Fill the whole screen",
             [("Off", False, "Play in a window", None), ("On", True, "Fill the screen (F toggles)", pygame.K_f)]),
            ("scale", "Text size", "Scales every font and the menus; - and + change it",
             [(f"{s * 100:.0f} %", s, f"Text at {s * 100:.0f} %; the - and + keys step it", None) for s in UI_SCALES]),
            ("muted", "Sound", "Sound effects and music; M mutes and unmutes",
             [("Sound on", False, "Effects and music at the volumes below", None), ("Muted", True, "No sound at all (M toggles)", pygame.K_m)]),
            ("volume", "Effects volume", "Verdicts, the gavel, event alerts and the end of a turn",
             [(word, v, f"Effects at {v * 100:.0f} % (you hear a sample)", None) for word, v in EFFECT_LEVELS]),
            ("music", "Music volume", "A quiet music loop under the game",
             [(word, v, "No music" if v == 0 else f"Music at {v * 100:.0f} %", None) for word, v in MUSIC_LEVELS]),
            ("reduced_motion", "Motion", "Verdict stamps and vote tallies animate briefly; a click or a key skips them",
             [("Full motion", False, "Stamps and tallies animate for a moment", None),
              ("Reduced", True, "No animation: results appear at once", None)]),
        ]
        label_w, gap = px(200), px(10)
        bw = min(px(150), (rect.w - label_w) // 4 - gap)
        pitch = min(px(44) + gap, (rect.h - px(34)) // len(rows))
        bh = pitch - gap
        y = rect.y + px(4)
        self.groups = {}
        for group, title, tip, choices in rows:
            self.label(title, (rect.x, y, label_w, bh), object_id="#field_label", tip=tip)
            self.groups[group] = []
            for i, (text, value, button_tip, key) in enumerate(choices):
                b = self.button(text, (rect.x + label_w + i * (bw + gap), y, bw, bh),
                                lambda g=group, v=value: self.pick(g, v), button_tip, key)
                self.groups[group].append((b, value))
            y += pitch
        self.shortcuts[pygame.K_f] = lambda: self.pick("fullscreen", not self.choice["fullscreen"])
        self.shortcuts[pygame.K_m] = lambda: self.pick("muted", not self.choice["muted"])
        for k in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.shortcuts[k] = lambda: self.step_scale(-1)
        for k in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS):
            self.shortcuts[k] = lambda: self.step_scale(1)
        self.status = self.label("", (rect.x, y + px(4), rect.w, px(28)), object_id="#field_muted")
        self.show_choices()

    def bar_buttons(self):
        return ([("Back", self.back, "Leave without applying unapplied changes", pygame.K_ESCAPE, None)],
                [("Apply", self.apply, "Apply these settings and keep them for next time", pygame.K_a, "#primary")])

    def build_bar(self, rect: pygame.Rect) -> None:
        super().build_bar(rect)
        chosen = next((b for b, v in self.groups["size"] if v == self.choice["size"]), None)
        self.focus_on(chosen) if chosen else self.move_focus(1)

    def chosen_settings(self):
        c = self.choice
        return replace(self.app.settings, size=c["size"], fullscreen=c["fullscreen"], ui_scale=c["scale"], muted=c["muted"],
                       sound_volume=c["volume"], music_volume=c["music"], reduced_motion=c["reduced_motion"])

    def show_choices(self) -> None:
        for group, items in self.groups.items():
            for button, value in items:
                button.change_object_id("#selected" if value == self.choice[group] else None)
        pending = self.chosen_settings() != self.app.settings
        self.status.set_text("Not applied yet: press Apply." if pending else "These settings are in use.")

    def pick(self, group: str, value) -> None:
        self.choice[group] = value
        if group in ("muted", "volume", "music"):  # heard at once, kept only on Apply
            c = self.choice
            self.app.audio.configure(c["volume"], c["music"], c["muted"])
            if group == "volume":
                self.app.audio.play("accept")
        self.show_choices()

    def step_scale(self, step: int) -> None:
        index = min(range(len(UI_SCALES)), key=lambda i: abs(UI_SCALES[i] - self.choice["scale"]))
        self.pick("scale", UI_SCALES[max(0, min(len(UI_SCALES) - 1, index + step))])

    def back(self) -> None:
        s = self.app.settings
        self.app.audio.configure(s.sound_volume, s.music_volume, s.muted)
        self.app.pop()

    def on_escape(self) -> None:
        self.back()

    def apply(self) -> None:
        settings = self.chosen_settings()
        self.app.apply_settings(settings)
        try:
            settings.save()
        except OSError as exc:
            self.status.set_text(f"Applied, but could not save: {exc}")
