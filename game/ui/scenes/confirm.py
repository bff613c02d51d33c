"""A reusable yes/no dialog drawn over the scene below."""

from collections.abc import Callable

import pygame

from ..scene import Scene


class ConfirmScene(Scene):
    title = "Confirm"
    modal = True

    def __init__(self, app, question: str, on_yes: Callable[[], None], yes: str = "Yes", no: str = "No",
                 detail: str = ""):
        super().__init__(app)
        self.question, self.on_yes, self.yes_text, self.no_text, self.detail = question, on_yes, yes, no, detail

    def build(self) -> None:
        w, h = self.size
        px = self.app.settings.px
        cw = min(w - px(40), px(520))
        card = self.card(cw, h)  # as tall as the window until the detail's height is known
        self.label(self.question, (px(16), px(18), cw - px(34), px(32)), container=card, object_id="#heading")
        ch = px(170)
        if self.detail:  # the detail's own height, as far as the window allows (it scrolls beyond)
            box = self.text_box(self.detail, (px(16), px(56), cw - px(34), -1), container=card)
            room = h - px(40) - px(56) - px(90)
            if box.rect.h > room:
                box.set_dimensions((box.rect.w, room))
            ch = px(56) + box.rect.h + px(90)
        card.set_dimensions((cw, ch))
        card.set_relative_position(((w - cw) // 2, (h - ch) // 2))
        bw, bh = (cw - px(16) * 3) // 2, px(44)
        y = ch - bh - px(18)
        self.button(self.no_text, (px(16), y, bw, bh), self.no, "Close this question and carry on [Esc]",
                    pygame.K_n, container=card)
        self.button(self.yes_text, (px(32) + bw, y, bw, bh), self.yes, "Go ahead", pygame.K_y, container=card)
        self.move_focus(1)  # the safe answer has the focus

    def no(self) -> None:
        self.app.pop()

    def yes(self) -> None:
        self.app.pop()
        self.on_yes()
