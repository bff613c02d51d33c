"""Save as…: a named slot for the game in progress, from the pause menu.

The name goes through game.saves.safe_name (a refused name shows why); an existing slot asks
before it is replaced. The save is written on the controller's worker thread, after any action
still running, so it never catches the session half-way through an action.
"""

from html import escape

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from ...saves import SaveError, safe_name
from ..scene import Scene
from . import flow


class SaveAsScene(Scene):
    title = "Save as"
    modal = True

    def __init__(self, app, controller, on_saved=None):
        super().__init__(app)
        self.controller = controller
        self.on_saved = on_saved
        s = controller.session
        self.name = f"{s.scenario.title} turn {s.state.turn}"
        self.message = ""
        self.error = False
        self.future = None
        self.saved_path = None

    def build(self) -> None:
        w, h = self.size
        px = self.app.settings.px
        cw, ch = min(w - px(40), px(580)), px(270)
        card = self.card(cw, ch)
        self.label("Save as…", (px(16), px(12), cw - px(34), px(34)), container=card, object_id="#heading")
        self.entry = UITextEntryLine(pygame.Rect(px(16), px(54), cw - px(34), px(40)), manager=self.manager,
                                     container=card, initial_text=self.name)
        self.entry.length_limit = 80
        self.entry.set_tooltip(f"The save's name; it is written to {self.controller.saves}")
        self.note = self.label("", (px(16), px(100), cw - px(34), px(28)), container=card, object_id="#muted")
        self.detail = self.text_box("", (px(16), px(100), cw - px(34), px(88)), container=card)
        self.detail.hide()
        bw, bh = (cw - px(48)) // 2, px(44)
        y = ch - bh - px(16)
        self.button("Cancel", (px(16), y, bw, bh), self.app.pop, "Back to the pause menu [Esc]", container=card)
        self.save_button = self.button("Save", (px(32) + bw, y, bw, bh), self.save, "Write the save [Enter]",
                                       container=card, object_id="#primary")
        self.entry.focus()
        self.refresh_note()

    # ----- the name -----
    def refresh_note(self) -> None:
        self.name = self.entry.get_text()
        if self.message:
            text, error = self.message, self.error
        else:
            try:
                filename = safe_name(self.name)
            except SaveError as exc:
                text, error = exc.message, True
            else:
                exists = (self.controller.saves / filename).exists()
                text, error = (f"Will replace {filename}" if exists else f"Will be saved as {filename}"), False
        text = text[:1].upper() + text[1:]
        long = len(text) > 60
        self.note.change_object_id("#warning" if error else "#muted")
        self.note.set_text("" if long else text)
        if long:
            self.detail.set_text(f"<font color='#e69f00'>{escape(text)}</font>" if error else escape(text))
            self.detail.show()
        else:
            self.detail.hide()
        self.shown_note = text

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.entry:
            self.message = ""
            self.refresh_note()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.save()
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) \
                and not self._text_entry_focused():
            self.save()
            return True
        return super().handle(event)

    # ----- saving -----
    def save(self, replace: bool = False) -> None:
        if self.future is not None:
            return
        self.name = self.entry.get_text()
        try:
            filename = safe_name(self.name)
        except SaveError as exc:
            self.message, self.error = exc.message, True
            self.refresh_note()
            return
        if not replace and (self.controller.saves / filename).exists():
            flow.push(self.app, "confirm", f"Replace {filename}?", lambda: self.save(replace=True),
                      yes="Replace", no="Keep it",
                      detail=f"A save named {escape(filename)} is already in {escape(str(self.controller.saves))}. "
                             "Replacing it loses what it held.")
            return
        self.future = self.controller.save_as(self.name)
        self.message, self.error = "Saving…", False
        self.refresh_note()

    def animating(self) -> bool:
        return self.future is not None

    def update(self, dt: float) -> None:
        if self.future is None or not self.future.done():
            return
        future, self.future = self.future, None
        try:
            self.saved_path = future.result()
        except SaveError as exc:
            self.message, self.error = f"Not saved: {exc.message}", True
            self.refresh_note()
            return
        if self.app.scene is self:
            self.app.pop()
        if self.on_saved:
            self.on_saved(self.saved_path)
