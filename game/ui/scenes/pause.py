"""The pause menu over a game: resume, settings, help, quit to the title (asking first if progress would be lost)."""

import pygame

from ..scene import Scene
from . import flow


def progress_at_risk(controller) -> bool:
    """True when quitting would lose something: a turn played or an action taken, and the game not over."""
    session = controller.session
    if session.over:
        return False
    return session.state.turn > 1 or bool(session.actions)


class PauseScene(Scene):
    title = "Paused"
    modal = True

    def __init__(self, app, controller):
        super().__init__(app)
        self.controller = controller

    def build(self) -> None:
        w, h = self.size
        px = self.app.settings.px
        bw, bh, gap = px(300), px(44), px(12)
        entries = [
            ("Resume", self.app.pop, "Back to the game [Esc]", pygame.K_r),
            ("Save as…", self.save_as, "Save this game in a named slot", pygame.K_a),
            ("Settings", self.settings, "Window size, full screen and text size", pygame.K_s),
            ("Help", self.help, "Controls and the rules in brief", pygame.K_h),
            ("Quit to title", self.quit_to_title, "Leave this game and go back to the title screen", pygame.K_q),
        ]
        cw = bw + 2 * px(24)
        ch = px(70) + len(entries) * (bh + gap) + px(40)
        card = self.card(cw, ch)
        self.label("Paused", (0, px(14), cw - px(8), px(40)), container=card, object_id="#heading")
        for i, (text, action, tip, key) in enumerate(entries):
            self.button(text, (px(24), px(70) + i * (bh + gap), bw, bh), action, tip, key, container=card,
                        object_id="#primary" if i == 0 else None)
        self.status = self.label(self.saved_text, (px(8), ch - px(40), cw - px(20), px(26)), container=card,
                                 object_id="#muted")
        self.move_focus(1)

    saved_text = ""

    def save_as(self) -> None:
        flow.push(self.app, "save_as", self.controller, on_saved=self.saved)

    def saved(self, path) -> None:
        self.saved_text = f"Saved as {path.name}"
        if self.status is not None and self.status.alive():
            self.status.set_text(self.saved_text)

    def settings(self) -> None:
        flow.push(self.app, "settings")

    def help(self) -> None:
        flow.push(self.app, "help")

    def quit_to_title(self) -> None:
        if progress_at_risk(self.controller):
            turn = self.controller.state.turn
            flow.push(self.app, "confirm", "Quit this game?", lambda: flow.quit_game(self.app, self.controller),
                      yes="Quit to title", no="Keep playing",
                      detail=f"You are on turn {turn}. The talks so far will be lost.")
        else:
            flow.quit_game(self.app, self.controller)
