"""The title screen: new game, settings, help, quit."""

import pygame

from ..scene import Scene


class TitleScene(Scene):
    title = "Title"

    def build(self) -> None:
        w, h = self.size
        px = self.app.settings.px
        top = max(px(40), h // 6)
        self.label("Demarche", (0, top, w, px(64)), object_id="#title")
        self.label("A negotiation game for Foreign Service officers", (0, top + px(64), w, px(30)), object_id="#muted")
        bw, bh, gap = px(300), px(44), px(12)
        x, y = w // 2 - bw // 2, top + px(130)
        entries = [
            ("New game", self.new_game, "Choose a scenario and a career cone", pygame.K_n),
            ("Settings", self.settings, "Window size, full screen and text size", pygame.K_s),
            ("Help", self.help, "Controls and the rules in brief", pygame.K_h),
            ("Quit", self.app.quit, "Close Demarche", pygame.K_q),
        ]
        for i, (text, action, tip, key) in enumerate(entries):
            self.button(text, (x, y + i * (bh + gap), bw, bh), action, tip, key, object_id="#primary" if i == 0 else None)
        self.label("Mouse or keyboard: Tab and the arrow keys move, Enter chooses, Esc goes back. "
                   "Hover over a button to see its shortcut key.",
                   (0, h - px(44), w, px(24)), object_id="#muted")
        self.move_focus(1)

    def new_game(self) -> None:
        from .choose_scenario import ScenarioScene

        self.app.push(ScenarioScene(self.app))

    def settings(self) -> None:
        from .settings import SettingsScene

        self.app.push(SettingsScene(self.app))

    def help(self) -> None:
        from .help import HelpScene

        self.app.push(HelpScene(self.app))

    def on_escape(self) -> None:
        self.app.quit()
