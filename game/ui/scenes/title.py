"""The title screen: new game, continue, load, settings, help, quit."""

import pygame

from ..scene import Scene


class TitleScene(Scene):
    title = "Title"

    def build(self) -> None:
        w, h = self.size
        self.label("Demarche", (0, h // 6, w, 60), object_id="#title")
        self.label("A negotiation game for Foreign Service officers", (0, h // 6 + 60, w, 30), object_id="#muted")
        x, y = w // 2 - 140, h // 6 + 130
        entries = [
            ("New game", self.new_game, "Choose a scenario and a career cone", pygame.K_n),
            ("Quit", self.app.quit, "Close Demarche", pygame.K_q),
        ]
        for i, (text, action, tip, key) in enumerate(entries):
            self.button(text, (x, y + i * 52, 280, 42), action, tip, key, object_id="#primary" if i == 0 else None)
        self.move_focus(1)

    def new_game(self) -> None:
        from .choose_scenario import ScenarioScene

        self.app.push(ScenarioScene(self.app))

    def on_escape(self) -> None:
        self.app.quit()
