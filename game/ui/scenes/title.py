"""The title screen: continue (the latest autosave), new game, assignment, load, settings, help, quit."""

import pygame

from ..scene import Scene
from . import flow


class TitleScene(Scene):
    title = "Title"

    def build(self) -> None:
        w, h = self.size
        px = self.app.settings.px
        top = max(px(40), h // 6)
        self.label("Demarche", (0, top, w, px(64)), object_id="#title")
        self.label("A negotiation game for Foreign Service officers", (0, top + px(64), w, px(30)), object_id="#muted")
        from ...saves import latest_autosave
        from ..controller import saves_folder

        folder = saves_folder()
        self.latest = latest_autosave(folder)
        if self.latest is not None:
            continue_tip = f"Play on from the latest autosave ({self.latest.name})"
        else:
            continue_tip = f"Nothing to continue yet: no autosave in {folder} (the game autosaves at the end of every turn)"
        entries = [
            ("Continue", self.continue_game, continue_tip, pygame.K_c),
            ("New game", self.new_game, "Choose a scenario and a career cone", pygame.K_n),
            ("Assignment", self.assignment, "Open an assignment from your teacher: your name, then that game", pygame.K_a),
            ("Load", self.load, f"Load or replay a save from {folder}", pygame.K_l),
            ("Guided first game", lambda: flow.start_tutorial(self.app),
             "A short negotiation with hints that point at each control: a whole turn in five minutes", pygame.K_g),
            ("Settings", self.settings, "Window size, text size, sound, music and motion", pygame.K_s),
            ("Help", self.help, "Controls and the rules in brief", pygame.K_h),
            ("Quit", self.app.quit, "Close Demarche", pygame.K_q),
        ]
        y = top + px(120)
        gap = px(10)
        bw, bh = px(300), min(px(44), (h - px(56) - y) // len(entries) - gap)
        x = w // 2 - bw // 2
        primary = 0 if self.latest is not None else 1
        self.continue_button = None
        for i, (text, action, tip, key) in enumerate(entries):
            button = self.button(text, (x, y + i * (bh + gap), bw, bh), action, tip, key,
                                 object_id="#primary" if i == primary else None)
            if i == 0:
                self.continue_button = button
        if self.latest is None:
            self.continue_button.disable()
            self.shortcuts.pop(pygame.K_c, None)
        self.label("Mouse or keyboard: Tab and the arrow keys move, Enter chooses, Esc goes back. "
                   "Hover over a button to see its shortcut key.",
                   (0, h - px(44), w, px(24)), object_id="#muted")
        self.move_focus(1)

    def continue_game(self) -> None:
        flow.continue_latest(self.app)

    def assignment(self) -> None:
        flow.push(self.app, "find_assignment")

    def load(self) -> None:
        flow.push(self.app, "load")

    def new_game(self) -> None:
        flow.push(self.app, "choose_scenario")

    def settings(self) -> None:
        flow.push(self.app, "settings")

    def help(self) -> None:
        flow.push(self.app, "help")

    def on_escape(self) -> None:
        self.app.quit()
